package corpus

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldWord reduces a word to the form two spellings of one name share:
// lower case, without accents or other combining marks ("José", "jose"
// and "JOSÉ" all fold to "jose"; "Thảo" to "thao"). Letters that are not
// a base letter plus marks stay as they are ("ø", "ß", "đ").
func FoldWord(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// IsWordRune reports whether r belongs to a word for whole-word matching of
// names: a letter, a digit or a combining mark, as NameMap uses it.
func IsWordRune(r rune) bool { return isWordRune(r) }
