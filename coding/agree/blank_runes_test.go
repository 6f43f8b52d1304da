package agree

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"unicode"
)

// TestBlankRunesIsUnicodeIsSpace: the runs BlankRunes finds are the
// positions where unicode.IsSpace holds, counted as ranging over the
// string counts them, on random text from every ASCII byte, Unicode
// spaces and non-spaces, and bytes that are not UTF-8 (one position each).
func TestBlankRunesIsUnicodeIsSpace(t *testing.T) {
	var alphabet []string
	for c := range 128 {
		alphabet = append(alphabet, string(rune(c)))
	}
	alphabet = append(alphabet, "\u0085", "\u00a0", "\u1680", "\u2000", "\u2028", "\u3000", "é", "😀", "\u200b", "\xff", "\xc3", "\xe2\x80")
	rng := rand.New(rand.NewPCG(7, 11))
	for range 3000 {
		text := ""
		for range rng.IntN(50) {
			text += alphabet[rng.IntN(len(alphabet))]
		}
		var spaces []Span
		position := 0
		for _, r := range text {
			if unicode.IsSpace(r) {
				spaces = append(spaces, Span{position, position + 1})
			}
			position++
		}
		want, err := NewBlanks(spaces)
		if err != nil {
			t.Fatal(err)
		}
		got := BlankRunes(text)
		if !(reflect.DeepEqual(got.runs, want.runs) || len(got.runs)+len(want.runs) == 0) || !(reflect.DeepEqual(got.before, want.before) || len(got.before)+len(want.before) == 0) {
			t.Fatalf("%q: %+v, want %+v", text, got, want)
		}
	}
}
