package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the form two spellings of one word share, the one every
// comparison of words in Focal starts from: lower case, accents and other
// combining marks removed, typographic apostrophes (’ and ʼ) made ASCII.
// "José", "jose" and "JOSÉ" all fold to "jose", "Thảo" to "thao", "Don’t"
// and "don't" to "don't". Letters that are not a base letter plus marks
// stay as they are ("ø", "ß", "đ").
//
// Suggestions index folded words, and stop words are listed folded (see
// [IsStopWord], [Stem]): "didn’t" must fold to the listed "didn't".
// De-identification folds names word by word, and its words never hold
// an apostrophe; code names and member-check answers are folded whole, so
// "I’m" and "I'm" name one code.
func Fold(word string) string {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range norm.NFD.String(word) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '’' || r == 'ʼ':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// FoldLetter folds one letter as [Fold] folds a word, to one letter, so
// that a text folded letter by letter keeps its positions (search does
// so): lower case, the accents of a letter made of a base letter and
// marks taken off, typographic apostrophes made ASCII. A mark on its own
// stays, as do letters that are not a base letter plus marks.
func FoldLetter(r rune) rune {
	if r == '’' || r == 'ʼ' {
		return '\''
	}
	l := unicode.ToLower(r)
	d := []rune(norm.NFD.String(string(l)))
	if len(d) > 1 {
		for _, x := range d[1:] {
			if !unicode.Is(unicode.Mn, x) {
				return l
			}
		}
		return d[0]
	}
	return l
}
