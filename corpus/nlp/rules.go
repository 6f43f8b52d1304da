package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ruleLang is the rule-based sentence splitter's knowledge of one language
// (or of all of them, for text in an unknown language). It is built once by
// NewSegmenter and only read afterwards.
type ruleLang struct {
	// never holds abbreviations (lower case, without the final period)
	// that stand before what they qualify and so never end a sentence:
	// titles ("dra", "sr"), "p" and "ej" of "p. ej.", "ee" of "EE. UU.".
	never map[string]bool
	// maybe holds abbreviations that can end a sentence ("etc", "uu" of
	// "EE. UU."): they end one when the next word starts with a capital
	// or an inverted question or exclamation mark.
	maybe map[string]bool
	// starters are frequent sentence-initial words (lower case). After an
	// initial or initialism ("J.", "U.S.") a capitalised word ends the
	// sentence only if it is one of these, since a name is more likely.
	starters map[string]bool
	// ordinalDot marks languages that write ordinals as "3." (German
	// "am 3. Oktober"): a number with a period ends a sentence only
	// before a starter.
	ordinalDot bool
}

// endKind classifies how a white-space-separated token ends.
type endKind uint8

const (
	endNone     endKind = iota // no sentence-final punctuation
	endPeriod                  // a single '.', possibly before closing quotes or brackets
	endEllipsis                // "..", "...", "…"
	endQuestion                // '?' or '!' (or '‽'), in any mix with the others
)

// tokenEnd looks at the punctuation that ends tok: a run of terminators and
// closing quotes or brackets. It returns the kind and the token without that
// run.
func tokenEnd(tok string) (endKind, string) {
	kind := endNone
	dots := 0
	i := len(tok)
scan:
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(tok[:i])
		switch {
		case r == '?' || r == '!' || r == '‽' || r == '⁇' || r == '⁈' || r == '⁉':
			kind = endQuestion
		case r == '…':
			dots += 2
		case r == '.':
			dots++
		case isCloser(r):
		default:
			break scan
		}
		i -= w
	}
	if kind == endNone {
		switch {
		case dots >= 2:
			kind = endEllipsis
		case dots == 1:
			kind = endPeriod
		}
	}
	return kind, tok[:i]
}

// isCloser reports whether r closes a quotation or bracket.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '〉', '》':
		return true
	}
	return false
}

// isOpener reports whether r may stand before the first word of a sentence
// or quotation: opening quotes and brackets, inverted marks, dashes that
// open dialogue.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '„', '«', '‹', '(', '[', '{', '¿', '¡', '—', '–', '-', '「', '『', '〈', '《':
		return true
	}
	return false
}

// stripOpeners removes leading opening punctuation from a token, unless
// that is all it holds.
func stripOpeners(tok string) string {
	s := strings.TrimLeftFunc(tok, isOpener)
	if s == "" {
		return tok
	}
	return s
}

// stripClosers removes trailing closing quotes and brackets.
func stripClosers(tok string) string {
	return strings.TrimRightFunc(tok, isCloser)
}

// endsWithCloser reports whether tok ends with a closing quote or bracket.
func endsWithCloser(tok string) bool {
	r, _ := utf8.DecodeLastRuneInString(tok)
	return isCloser(r)
}

// isInitialism reports whether key (lower case, final period removed) is a
// single letter or letters joined by periods: "j", "u.s", "a.m", "z.b".
func isInitialism(key string) bool {
	if key == "" {
		return false
	}
	for part := range strings.SplitSeq(key, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// nextStart describes how the token after a possible sentence end begins.
type nextStart struct {
	inverted bool   // it starts with '¿' or '¡'
	upper    bool   // its first letter is a capital
	lower    bool   // its first letter is lower case
	dotsOnly bool   // it is a lone '.' (possibly with closers): a spaced ellipsis goes on
	key      string // its lower-case text without opening punctuation, up to an apostrophe or punctuation
}

func lookNext(tok string) nextStart {
	var n nextStart
	n.dotsOnly = stripClosers(tok) == "."
	n.inverted = strings.ContainsAny(tok[:len(tok)-len(strings.TrimLeftFunc(tok, isOpener))], "¿¡")
	s := strings.TrimLeftFunc(tok, isOpener)
	r, _ := utf8.DecodeRuneInString(s)
	n.upper = unicode.IsUpper(r) || unicode.IsTitle(r)
	n.lower = unicode.IsLower(r)
	end := strings.IndexFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsMark(c) })
	if end >= 0 {
		s = s[:end]
	}
	n.key = strings.ToLower(s)
	return n
}

// breaks appends to out the byte offsets (relative to para) after which a
// sentence ends inside para, in increasing order. para holds no line break
// and starts and ends with a non-space character.
//
// Only a token that ends in sentence punctuation and is followed by white
// space can end a sentence: "3.5", "EE.UU.", "www.x.org" and "bien.¿Y tú?"
// never split. What follows decides the rest (see [ruleLang.ends]).
func (l *ruleLang) breaks(para string, out []int) []int {
	first := true // the token is the first of the paragraph
	i := 0
	for i < len(para) {
		if sp, n := isSpaceAt(para, i); sp {
			i += n
			continue
		}
		start := i
		i = tokenStop(para, i)
		kind, word := tokenEnd(para[start:i])
		if kind != endNone && i < len(para) {
			j := i
			for j < len(para) {
				sp, n := isSpaceAt(para, j)
				if !sp {
					break
				}
				j += n
			}
			if j < len(para) && l.ends(kind, stripOpeners(word), lookNext(para[j:tokenStop(para, j)]), first) {
				out = append(out, i)
			}
		}
		first = false
	}
	return out
}

// tokenStop returns the end of the white-space-free token starting at i.
func tokenStop(s string, i int) int {
	for i < len(s) {
		sp, n := isSpaceAt(s, i)
		if sp {
			break
		}
		i += n
	}
	return i
}

// ends decides whether a token ending in punctuation of the given kind,
// whose text before that punctuation is word, ends a sentence before a
// token that starts as next describes.
func (l *ruleLang) ends(kind endKind, word string, next nextStart, first bool) bool {
	if next.dotsOnly {
		// A spaced ellipsis ". . ." goes on; its last dot decides.
		return false
	}
	starts := next.upper || next.inverted
	switch kind {
	case endQuestion:
		// "¿Qué pasó? No sé." splits; "¿vienes? —preguntó" and
		// `"no!" and left` do not.
		return !next.lower || next.inverted
	case endEllipsis:
		// "No sé... Bueno" splits; "no sé... quizás" trails off; "[...]"
		// marks an omission.
		if strings.HasSuffix(word, "[") || strings.HasSuffix(word, "(") {
			return false
		}
		return starts
	}
	if word == "" {
		return true // a stray period
	}
	key := strings.ToLower(word)
	switch {
	case l.never[key]:
		return false
	case l.maybe[key]:
		return starts
	case isInitialism(key):
		// "J. García" is a name, "en EE.UU. Y luego" ends.
		return next.inverted || (next.upper && l.starters[next.key])
	case isDigits(key):
		// "1. Primero" at the start of a paragraph numbers a list.
		if first {
			return false
		}
		if l.ordinalDot {
			return next.inverted || (next.upper && l.starters[next.key])
		}
	}
	return true
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
