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
