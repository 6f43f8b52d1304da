package workbook

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxCellChars is the most text a spreadsheet cell holds, in UTF-16 code
// units (Excel's unit; excelize cuts longer text silently).
const MaxCellChars = 32767

// maxSheetName is the longest sheet name Excel accepts, in UTF-16 units.
const maxSheetName = 31

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// SplitCell cuts text into pieces of at most limit UTF-16 units, so that
// nothing is lost to a cell's limit: the pieces joined give the text back.
// It cuts after a line break or white space in the last tenth of a piece
// when there is one, never inside a character.
func SplitCell(text string, limit int) []string {
	if limit < 2 {
		limit = 2 // a character outside the BMP needs two units
	}
	if len(text) <= limit || utf16Len(text) <= limit {
		return []string{text}
	}
	var out []string
	for text != "" {
		units, end, lastBreak := 0, 0, -1
		for i, r := range text {
			w := utf16.RuneLen(r)
			if units+w > limit {
				break
			}
			units += w
			end = i + utf8.RuneLen(r)
			if r == utf8.RuneError {
				_, size := utf8.DecodeRuneInString(text[i:])
				end = i + size
			}
			if unicode.IsSpace(r) && units > limit-limit/10 {
				lastBreak = end
			}
		}
		if end == len(text) {
			out = append(out, text)
			break
		}
		if lastBreak > 0 {
			end = lastBreak
		}
		out = append(out, text[:end])
		text = text[end:]
	}
	return out
}

// SheetName makes name a valid sheet name that is not yet in used (which
// it then records, case-insensitively, as Excel compares them): at most
// 31 UTF-16 units, without : \ / ? * [ ], not starting or ending with an
// apostrophe, and not the reserved "History".
func SheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`:\/?*[]`, r):
			return '-'
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.Trim(name, "' ")
	if name == "" {
		name = "sheet"
	}
	base := clipUnits(name, maxSheetName)
	if strings.EqualFold(base, "History") {
		base = "History (sheet)"
	}
	candidate := base
	for n := 2; used[strings.ToLower(candidate)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		candidate = strings.TrimRight(clipUnits(base, maxSheetName-len(suffix)), "' ") + suffix
	}
	used[strings.ToLower(candidate)] = true
	return candidate
}

// clipUnits cuts s to at most n UTF-16 units, at a character boundary,
// without leaving an apostrophe or space at the end.
func clipUnits(s string, n int) string {
	units := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if units+w > n {
			return strings.TrimRight(s[:i], "' ")
		}
		units += w
	}
	return s
}
