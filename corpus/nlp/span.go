package nlp

import (
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in a text.
type Span struct{ Start, End int }

// Len returns the number of bytes in s.
func (s Span) Len() int { return s.End - s.Start }

// isSpaceAt reports whether the rune at the start of text[i:] is white space,
// and its width. Invalid UTF-8 counts as a non-space byte of width 1, so
// every byte of any input is classified.
func isSpaceAt(text string, i int) (bool, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r), w
}

// asciiSpace marks the ASCII bytes that unicode.IsSpace accepts; a table
// keeps the hot loops free of function calls for the common case.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceBefore reports whether the rune that ends at text[:i] is white space,
// and its width.
func spaceBefore(text string, i int) (bool, int) {
	c := text[i-1]
	if c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, w := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r), w
}

// trim narrows [start, end) of text so that it neither starts nor ends with
// white space. The result is empty (start == end) when the range holds only
// white space.
func trim(text string, start, end int) (int, int) {
	for start < end {
		sp, w := isSpaceAt(text, start)
		if !sp {
			break
		}
		start += w
	}
	for end > start {
		sp, w := spaceBefore(text, end)
		if !sp {
			break
		}
		end -= w
	}
	return start, end
}

// isParagraphBreak reports whether r ends a paragraph. Stored text uses
// only "\n", but the other line and paragraph separators are treated alike
// so that text from elsewhere never produces a sentence that spans lines.
func isParagraphBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085'
}

// clampUtterances yields the utterances as ranges inside text, in order and
// without overlap, so that a caller's bad spans can never make us panic or
// return overlapping units: each span is clipped to the text and to start at
// or after the end of the previous one; empty results are skipped.
func clampUtterances(text string, utterances []Span, yield func(start, end int)) {
	prev := 0
	for _, u := range utterances {
		start, end := u.Start, u.End
		if start < prev {
			start = prev
		}
		if end > len(text) {
			end = len(text)
		}
		if start >= end {
			continue
		}
		prev = end
		yield(start, end)
	}
}
