package agree

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// randomParts cuts [−2, length+2) into consecutive parts, some left out
// (gaps between parts).
func randomParts(rng *rand.Rand, length int) []Span {
	var parts []Span
	for x := -2; x < length+2; {
		end := min(length+2, x+1+rng.IntN(20))
		if rng.IntN(5) != 0 {
			parts = append(parts, Span{x, end})
		}
		x = end
	}
	return parts
}

// TestPresenceByPartMatchesReference checks each part's presence against
// the per-position reference restricted to the part: character units to
// the positions inside it, span units to those whose first piece starts
// inside it.
func TestPresenceByPartMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 23))
	for range 3000 {
		tc := randomTextCase(rng)
		parts := randomParts(rng, tc.length)
		blanks, err := NewBlanks(tc.blanks)
		if err != nil {
			t.Fatal(err)
		}
		var layout UnitLayout
		if tc.perChar {
			layout, err = CharacterUnits(blanks, tc.within...)
		} else {
			layout, err = SpanUnits(blanks, tc.units)
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := layout.PresenceByPart(tc.codings, parts)
		if err != nil {
			t.Fatal(err)
		}
		for k, part := range parts {
			sub := tc
			if tc.perChar {
				sub.within = nil
				for _, s := range normalise(slices.Clone(tc.within)) {
					if a, b := max(s.Start, part.Start), min(s.End, part.End); a < b {
						sub.within = append(sub.within, Span{a, b})
					}
				}
			} else {
				sub.units = nil
				for _, u := range tc.units {
					first, ok := 0, false
					for _, s := range u {
						if s.Start < s.End && (!ok || s.Start < first) {
							first, ok = s.Start, true
						}
					}
					if ok && part.Start <= first && first < part.End {
						sub.units = append(sub.units, u)
					}
				}
			}
			want := referencePresence(sub)
			g := got[k]
			if g.Units != want.Units || g.BlankUnits != want.BlankUnits || g.Coders != want.Coders ||
				!(reflect.DeepEqual(g.Patterns, want.Patterns) || len(g.Patterns) == 0 && len(want.Patterns) == 0) {
				t.Fatalf("part %v: %+v, reference %+v\ncase %+v", part, g, want, tc)
			}
		}
	}
}

// Counts gives Presence's counts on the seeded random sources.
func TestCountsMatchPresence(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 37))
	for range 5000 {
		tc := randomTextCase(rng)
		want := referencePresence(tc)
		blanks, err := NewBlanks(tc.blanks)
		if err != nil {
			t.Fatal(err)
		}
		var layout UnitLayout
		if tc.perChar {
			layout, err = CharacterUnits(blanks, tc.within...)
		} else {
			layout, err = SpanUnits(blanks, tc.units)
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := layout.Counts(tc.codings)
		if err != nil {
			t.Fatal(err)
		}
		if got.Units != want.Units || got.BlankUnits != want.BlankUnits || got.Coders != want.Coders ||
			!(reflect.DeepEqual(got.Patterns, want.Patterns) || len(got.Patterns) == 0 && len(want.Patterns) == 0) {
			t.Fatalf("counts %+v, reference %+v\ncase %+v", got, want, tc)
		}
	}
}

// BlankRunes records the same runs as NewBlanks given every white space
// position, on random text with multi-byte runes.
func TestBlankRunesMatchesNewBlanks(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 43))
	alphabet := []rune{'a', 'é', ' ', '\n', '\t', '\u00a0', '😀', 'b'}
	for range 2000 {
		var text []rune
		var spaces []Span
		for i := range rng.IntN(60) {
			r := alphabet[rng.IntN(len(alphabet))]
			text = append(text, r)
			if r == ' ' || r == '\n' || r == '\t' || r == '\u00a0' {
				spaces = append(spaces, Span{i, i + 1})
			}
		}
		want, err := NewBlanks(spaces)
		if err != nil {
			t.Fatal(err)
		}
		got := BlankRunes(string(text))
		if !(reflect.DeepEqual(got.runs, want.runs) || len(got.runs)+len(want.runs) == 0) || !(reflect.DeepEqual(got.before, want.before) || len(got.before)+len(want.before) == 0) {
			t.Fatalf("%q: %+v, want %+v", string(text), got, want)
		}
	}
}
