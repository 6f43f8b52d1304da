package nlp

import (
	"unicode"
	"unicode/utf8"
)

// Character classes for word tokenization.
const (
	clsOther  = iota // separates words: space, punctuation, symbols, emoji
	clsWord          // letter or non-decimal number: part of a word
	clsDigit         // decimal digit: part of a word, and may join by '.' or ','
	clsMark          // combining mark: part of a word, but not enough to make one
	clsJoin          // apostrophe or hyphen: inside a word only between word characters
	clsNumSep        // '.' or ',': inside a word only between two digits
)

// asciiClass classifies the ASCII bytes so that the common case of Words
// needs no Unicode table look-ups.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clsWord
		t[c-'a'+'A'] = clsWord
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clsDigit
	}
	t['\''] = clsJoin
	t['-'] = clsJoin
	t['.'] = clsNumSep
	t[','] = clsNumSep
	return t
}()

// classAt returns the class of the rune at text[i:] and its width. Invalid
// UTF-8 is a separator of width 1.
func classAt(text string, i int) (uint8, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	return runeClass(r), w
}

// runeClass classifies a non-ASCII rune.
func runeClass(r rune) uint8 {
	switch r {
	case utf8.RuneError:
		return clsOther
	// The typographic apostrophe, the Unicode hyphens, the soft hyphen
	// (which survives copy-paste from word processors) and the Catalan
	// middle dot (l·l). The modifier letter apostrophe ʼ is a letter, and
	// so always part of a word.
	case '\u2019', '\u2010', '\u2011', '\u00ad', '\u00b7':
		return clsJoin
	}
	switch {
	case unicode.IsDigit(r):
		return clsDigit
	case unicode.IsLetter(r), unicode.IsNumber(r):
		// Other numbers (², ½, Ⅻ) read as part of words.
		return clsWord
	case unicode.IsMark(r):
		// Marks belong to the letter they modify (decomposed accents,
		// Devanagari vowel signs, variation selectors).
		return clsMark
	}
	return clsOther
}

// Words returns the word tokens inside the utterances (byte ranges into
// text, clipped as [Segmenter.Sentences] describes), in order.
//
// A word is a maximal run of letters, numbers and combining marks, where
//   - an apostrophe (' ’), hyphen (- ‐ ‑, soft hyphen) or middle dot
//     between two such characters belongs to the word: "don't",
//     "well-being", "d'accord", "col·legi" are one word each, while a
//     leading or trailing one is not ("'90s" gives "90s", "students'" gives
//     "students"), nor are two in a row ("well--being" and "rock-'n'-roll"
//     are split);
//   - a '.' or ',' between two decimal digits belongs to the word: "3.5",
//     "1,000" and "10.000,50" are one word each, "end.Next" is two.
//
// A run of combining marks that follows no letter or digit is not a word.
// Emoji, symbols and other punctuation separate words. Words never cross an
// utterance boundary.
//
// The rule is deliberately simple and the same for every language, so that
// the units of agreement are reproducible and easy to explain; Words keeps
// hyphenated and elided forms together because coders select them as one
// unit.
func Words(text string, utterances []Span) []Span {
	// About one word per five bytes in English and Spanish speech, so
	// most texts need no second allocation.
	return AppendWords(make([]Span, 0, len(text)/5+1), text, utterances)
}

// AppendWords appends the words of [Words] to dst and returns the extended
// slice. An importer that handles one source at a time can pass the
// previous source's slice truncated to zero, so that memory stays bounded
// by the largest source rather than growing with the corpus.
func AppendWords(dst []Span, text string, utterances []Span) []Span {
	out := dst
	clampUtterances(text, utterances, func(start, end int) {
		// Work on the utterance alone, so that a rune cut by its boundary
		// reads as invalid bytes instead of reaching outside it.
		out = appendWords(out, text[start:end], start)
	})
	return out
}

// appendWords appends the words of text to out, shifted by base.
func appendWords(out []Span, text string, base int) []Span {
	end := len(text)
	i := 0
	for i < end {
		cls, w := classAt(text, i)
		if !isWordClass(cls) {
			i += w
			continue
		}
		// A word starts here; extend it over word characters and over
		// joiners that have a word character on both sides.
		ws := i
		prev := cls
		letter := cls != clsMark
		i += w
		for i < end {
			c, cw := classAt(text, i)
			if isWordClass(c) {
				prev = c
				letter = letter || c != clsMark
				i += cw
				continue
			}
			if (c == clsJoin || (c == clsNumSep && prev == clsDigit)) && i+cw < end {
				n, nw := classAt(text, i+cw)
				if (c == clsJoin && isWordClass(n)) || n == clsDigit {
					prev = n
					letter = letter || n != clsMark
					i += cw + nw
					continue
				}
			}
			break
		}
		if letter {
			out = append(out, Span{base + ws, base + i})
		}
	}
	return out
}

// isWordClass reports whether a character of class c is part of a word.
func isWordClass(c uint8) bool {
	return c == clsWord || c == clsDigit || c == clsMark
}
