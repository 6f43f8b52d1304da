package corpus

import (
	"math/rand/v2"
	"testing"
)

func TestUnionAndIntersectMatchCharacterSets(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	set := func(spans []Span) map[int]bool {
		out := map[int]bool{}
		for _, s := range spans {
			for p := s.Start; p < s.End; p++ {
				out[p] = true
			}
		}
		return out
	}
	random := func() []Span {
		var out []Span
		for range r.IntN(8) {
			start := r.IntN(100)
			out = append(out, Span{Start: start, End: start + r.IntN(20) - 2})
		}
		return out
	}
	for round := range 500 {
		a, b := random(), random()
		ua, ub := Union(a), Union(b)
		for i := range ua {
			if ua[i].Len() <= 0 || (i > 0 && ua[i].Start <= ua[i-1].End) {
				t.Fatalf("round %d: Union(%v) = %v is not sorted, disjoint and non-empty", round, a, ua)
			}
		}
		sa, sb := set(a), set(b)
		if got := set(ua); len(got) != len(sa) || TotalLen(ua) != len(sa) {
			t.Fatalf("round %d: Union(%v) = %v covers %d characters, want %d", round, a, ua, TotalLen(ua), len(sa))
		}
		both := 0
		for p := range sa {
			if sb[p] {
				both++
			}
		}
		in := Intersect(ua, ub)
		if TotalLen(in) != both || len(set(in)) != both {
			t.Fatalf("round %d: Intersect(%v, %v) = %v, want %d common characters", round, ua, ub, in, both)
		}
		for p := range set(in) {
			if !sa[p] || !sb[p] {
				t.Fatalf("round %d: %d is in the intersection but not in both", round, p)
			}
		}
	}
}
