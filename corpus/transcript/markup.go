package transcript

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds for Markdown link scanning: a longer "[...](...)" is left as
// written, so pathological lines cost linear time.
const (
	maxLinkText = 300
	maxLinkURL  = 600
	maxTagBytes = 200
)

// cleanCueText removes subtitle markup from a line of cue text: tags
// (<c.x>, <i>, <b>, <v Name>, <00:00:01.000> karaoke timestamps, SubRip's
// <font>), ASS overrides such as {\an8}; then decodes character references.
func cleanCueText(s string) string {
	return strings.TrimSpace(decodeEntities(stripCueTags(s)))
}

// stripCueTags removes "<...>" tags whose name starts with a letter, "/" or
// a digit (timestamp tags), and "{\...}" overrides. A "<" followed by a
// space ("2 < 3" in SubRip) is text.
func stripCueTags(s string) string {
	if !strings.ContainsAny(s, "<{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '<' && i+1 < len(s) && isTagStart(s[i+1]) {
			if end := tagEnd(s[i+1:]); end >= 0 {
				i += end + 2
				continue
			}
		}
		if c == '{' && i+1 < len(s) && s[i+1] == '\\' {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				i += end + 1
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isTagStart(c byte) bool {
	return c == '/' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// tagEnd is the index of the ">" closing a tag in s (which follows the
// "<"), or -1 when another "<" or the end comes first.
func tagEnd(s string) int {
	for i := 0; i < len(s) && i < maxTagBytes; i++ {
		switch s[i] {
		case '>':
			return i
		case '<':
			return -1
		}
	}
	return -1
}

// hasTimestampTag reports a karaoke timestamp tag such as <00:05:04.199>.
func hasTimestampTag(s string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			return false
		}
		s = s[i+1:]
		if s[0] >= '0' && s[0] <= '9' {
			if end := tagEnd(s); end > 0 {
				if _, _, ok := parseClock(s[:end]); ok {
					return true
				}
			}
		}
	}
}

// voiceTag finds a WebVTT voice tag, "<v Name>" or "<v.class Name>", at the
// start of a cue line (after other opening tags), returning the name and
// the raw text after the tag.
func voiceTag(raw string) (name, rest string, ok bool) {
	s := raw
	for {
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, "<") {
			return "", "", false
		}
		end := tagEnd(s[1:])
		if end < 0 {
			return "", "", false
		}
		tag := s[1 : end+1]
		if len(tag) >= 2 && tag[0] == 'v' && (tag[1] == ' ' || tag[1] == '\t' || tag[1] == '.') {
			annotation := tag[1:]
			if annotation[0] == '.' {
				// Skip the classes: "<v.loud Esme>".
				cut := strings.IndexAny(annotation, " \t")
				if cut < 0 {
					return "", "", false
				}
				annotation = annotation[cut:]
			}
			name = strings.TrimSpace(decodeEntities(annotation))
			return name, s[end+2:], name != ""
		}
		s = s[end+2:]
	}
}

// namedEntities are the character references WebVTT defines (and the
// common HTML ones people also write).
var namedEntities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "lrm": "\u200e", "rlm": "\u200f",
	"quot": "\"", "apos": "'",
}

// decodeEntities decodes &amp; &lt; &gt; &nbsp; &lrm; &rlm; &quot; &apos;
// and numeric references (&#233; &#xE9;). Unknown references stay as
// written; a numeric reference to no valid character becomes U+FFFD.
func decodeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		semi := strings.IndexByte(s, ';')
		if semi < 2 || semi > 10 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:semi]
		if r, ok := numericEntity(name); ok {
			b.WriteRune(r)
		} else if v, ok := namedEntities[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		s = s[semi+1:]
	}
}

// numericEntity reads "#233" or "#xE9".
func numericEntity(name string) (rune, bool) {
	if !strings.HasPrefix(name, "#") {
		return 0, false
	}
	digits, base := name[1:], 10
	if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
		digits, base = digits[1:], 16
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return 0, false
	}
	r := rune(n)
	if n == 0 || n > unicode.MaxRune || !utf8.ValidRune(r) {
		return utf8.RuneError, true
	}
	return r, true
}

// markdownHeading reads an ATX heading, "# Title" to "###### Title".
func markdownHeading(line string) (string, bool) {
	level := 0
	for level < len(line) && line[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return "", false
	}
	rest := line[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	rest = strings.TrimSpace(strings.TrimRight(rest, "#"))
	return rest, true
}

// isRuleLine reports a separator line such as "---", "***", "===" or "___".
func isRuleLine(line string) bool {
	if len(line) < 3 {
		return false
	}
	c := line[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return false
	}
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// frontMatterEnd is the index of the line closing YAML front matter that
// opens on the first line, or -1.
func frontMatterEnd(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return -1
	}
	for i := 1; i < len(lines); i++ {
		if l := strings.TrimSpace(lines[i]); l == "---" || l == "..." {
			return i
		}
	}
	return -1
}

// isListItem reports a Markdown list item: "- x", "* x", "+ x", "1. x".
func isListItem(line string) bool {
	if len(line) >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t') {
		return true
	}
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && (line[i+1] == ' ' || line[i+1] == '\t')
}

// mdInline removes Markdown inline markup from a line of text: emphasis
// (** * __ _), code backticks, links and images (their text is kept, the
// address dropped), autolinks (<https://...> keeps the address), HTML tags,
// backslash escapes and character references.
func mdInline(s string) string {
	if !strings.ContainsAny(s, "*_[]<>\\`&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	writeMarkdownInline(&b, s, 0)
	return decodeEntities(b.String())
}

func writeMarkdownInline(b *strings.Builder, s string, depth int) {
	hasLinks := strings.Contains(s, "](")
	paired := emphasisPairs(s)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && hasLinks && i+1 < len(s) && s[i+1] == '[':
			if n := writeLink(b, s[i+1:], depth); n > 0 {
				i += 1 + n
				continue
			}
		case c == '[' && hasLinks:
			if n := writeLink(b, s[i:], depth); n > 0 {
				i += n
				continue
			}
		case c == '<' && i+1 < len(s):
			if end := tagEnd(s[i+1:]); end > 0 {
				inner := s[i+1 : i+1+end]
				if isAutolink(inner) {
					b.WriteString(inner)
					i += end + 2
					continue
				}
				if isHTMLTag(inner) {
					i += end + 2
					continue
				}
			}
		case c == '`':
			i++
			continue
		case c == '*' || c == '_':
			run := 1
			for i+run < len(s) && s[i+run] == c {
				run++
			}
			if paired[i] {
				i += run
				continue
			}
			b.WriteString(s[i : i+run])
			i += run
			continue
		}
		b.WriteByte(c)
		i++
	}
}

// writeLink writes the text of a Markdown link "[text](address)" at the
// start of s and returns the bytes it spans, or 0 when s does not start
// with a link.
func writeLink(b *strings.Builder, s string, depth int) int {
	closeText := -1
	level := 0
	for i := 1; i < len(s) && i <= maxLinkText; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			level++
		case ']':
			if level == 0 {
				closeText = i
			}
			level--
		}
		if closeText >= 0 {
			break
		}
	}
	if closeText < 0 || closeText+1 >= len(s) || s[closeText+1] != '(' {
		return 0
	}
	closeURL := -1
	level = 0
	for i := closeText + 2; i < len(s) && i <= closeText+maxLinkURL; i++ {
		if s[i] == '(' {
			level++
		} else if s[i] == ')' {
			if level == 0 {
				closeURL = i
				break
			}
			level--
		}
	}
	if closeURL < 0 {
		return 0
	}
	text := s[1:closeText]
	if depth < 4 {
		writeMarkdownInline(b, text, depth+1)
	} else {
		b.WriteString(text)
	}
	return closeURL + 1
}

// isHTMLTag reports the inside of an HTML tag such as "br", "/i" or
// "span class=x".
func isHTMLTag(inner string) bool {
	name := strings.TrimPrefix(inner, "/")
	return name != "" && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z')
}

func isAutolink(s string) bool {
	for _, scheme := range []string{"http://", "https://", "mailto:", "ftp://"} {
		if strings.HasPrefix(strings.ToLower(s), scheme) {
			return !strings.ContainsAny(s, " \t<")
		}
	}
	return false
}

func isASCIIPunct(c byte) bool {
	return c < utf8.RuneSelf && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

// emphasisPairs finds the runs of "*" or "_" in s that are emphasis
// markup: an opening run (touching the word after it) matched by a closing
// run of the same character and length later on the line. A lone "_" or
// "*" is text: "watch?v=_qdhc5WLd2A" and "5 * 3" stay as written. The
// result holds the start index of each run to remove.
func emphasisPairs(s string) map[int]bool {
	if !strings.ContainsAny(s, "*_") {
		return nil
	}
	type run struct {
		at, n int
		c     byte
	}
	var open []run
	var paired map[int]bool
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' {
			i += 2
			continue
		}
		if c != '*' && c != '_' {
			i++
			continue
		}
		n := 1
		for i+n < len(s) && s[i+n] == c {
			n++
		}
		if isEmphasisRun(s, i, n) {
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			canClose := i > 0 && !unicode.IsSpace(before)
			canOpen := i+n < len(s) && !unicode.IsSpace(after)
			matched := false
			if canClose {
				for k := len(open) - 1; k >= 0; k-- {
					if open[k].c == c && open[k].n == n {
						if paired == nil {
							paired = map[int]bool{}
						}
						paired[open[k].at], paired[i] = true, true
						open = open[:k]
						matched = true
						break
					}
				}
			}
			if !matched && canOpen {
				open = append(open, run{at: i, n: n, c: c})
			}
		}
		i += n
	}
	return paired
}

// isEmphasisRun reports whether a run of "*" or "_" at s[i:i+run] is
// emphasis markup: it touches a word on at least one side, is not between
// two letters or digits ("snake_case", "2*3"), and is at most three long.
func isEmphasisRun(s string, i, run int) bool {
	if run > 3 {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+run:])
	touchesBefore := i > 0 && !unicode.IsSpace(before)
	touchesAfter := i+run < len(s) && !unicode.IsSpace(after)
	if !touchesBefore && !touchesAfter {
		return false
	}
	wordy := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !(touchesBefore && touchesAfter && wordy(before) && wordy(after))
}
