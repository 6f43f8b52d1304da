package transcript

import (
	"fmt"
	"strings"
	"unicode"
)

// invisibleKind names an invisible character that can make a transcript
// display differently from what it holds, or "" for any other character.
// Bidirectional overrides and isolates reorder what is shown; zero-width
// characters hide inside words ("pass\u200bword" is not "password" to a
// search); other control characters can drive a terminal.
func invisibleKind(r rune) string {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return "bidirectional control character"
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		return "zero-width character"
	case r == 0x200E, r == 0x200F, r == 0x061C:
		return "direction mark"
	case r == '\t':
		return ""
	case r < 0x20, r == 0x7F, r >= 0x80 && r < 0xA0:
		return "control character"
	}
	return ""
}

// noteInvisible notes the invisible characters of one line (kept as
// written: they may be meant, as a direction mark in Arabic text is), once
// per kind of character, at its first line, with the count of the others.
func noteInvisible(line string, num int, notes *notebook) {
	if isPlainASCII(line) {
		return
	}
	for _, r := range line {
		if kind := invisibleKind(r); kind != "" {
			notes.addOnce(fmt.Sprintf("invisible %U", r), num,
				"invisible %s %U in the text, kept as written; it can make the text display or search differently from what it says (check the file)", kind, r)
		}
	}
}

// isPlainASCII reports a line of printable ASCII and tabs, the common case.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7F || c < 0x20 && c != '\t' {
			return false
		}
	}
	return true
}

// notTranscriptNote is the warning for a file that parsed but does not
// look like a transcript: no speaker labels, and either mostly numbers or
// separators (a CSV of figures) or no sentence at all (a shopping list).
// It returns "" for a file that looks like one.
func notTranscriptNote(p *Parsed) string {
	letters, others, sentences, words := 0, 0, 0, 0
	for _, t := range p.Turns {
		if t.Speaker != "" {
			return ""
		}
		prev := ' '
		for _, r := range t.Text {
			switch {
			case unicode.IsLetter(r):
				letters++
				if !unicode.IsLetter(prev) {
					words++
				}
			case unicode.IsSpace(r):
			default:
				others++
				if strings.ContainsRune(".?!…。？！", r) && unicode.IsLetter(prev) {
					sentences++
				}
			}
			prev = r
		}
	}
	const advice = "; check that this is the right file. If it is a transcript, see docs/IMPORT.md for the speaker labels Focal reads or give --speaker-pattern; a document without speakers imports as it is"
	switch {
	case letters < others:
		return "this does not look like a transcript: no speaker labels, and mostly numbers or separators" + advice
	case sentences == 0:
		return fmt.Sprintf("this does not look like a transcript: no speaker labels and no sentences (%s)", plural(words, "word")) + advice
	}
	return ""
}

// noteLookalikes notes speakers whose names differ only in spaces,
// punctuation or case ("Interviewer1" and "Interviewer 1"): they may be one
// person, to be merged before import (--merge-speakers) or after it
// (focal speaker merge).
func noteLookalikes(turns []Turn, notes *notebook) {
	firstLine := map[string]int{}
	bySquash := map[string]string{}
	for _, t := range turns {
		if t.Speaker == "" {
			continue
		}
		if _, seen := firstLine[t.Speaker]; seen {
			continue
		}
		firstLine[t.Speaker] = t.Line
		key := squashName(t.Speaker)
		if other, ok := bySquash[key]; ok && key != "" {
			notes.add(t.Line, "speakers %q (line %d) and %q may be one person; merge them with --merge-speakers %q, or after import with `focal speaker merge`",
				other, firstLine[other], t.Speaker, t.Speaker+"="+other)
			continue
		}
		bySquash[key] = t.Speaker
	}
}

// squashName folds a name to its letters and digits in lower case.
func squashName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
