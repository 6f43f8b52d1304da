package coding

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestSimilarCodesFindsTwoCodersNamesForOneIdea(t *testing.T) {
	spans := []CodedSpan{
		// Ana calls it isolation, Ben "being the only one", on the same turns.
		{Code: "isolation", Coder: "ana", Source: "g1", Start: 100, End: 160},
		{Code: "being the only one", Coder: "ben", Source: "g1", Start: 110, End: 160},
		{Code: "isolation", Coder: "ana", Source: "g2", Start: 0, End: 40},
		{Code: "being the only one", Coder: "ben", Source: "g2", Start: 0, End: 30},
		// Mentorship touches isolation's text a little, by the same coder.
		{Code: "mentorship", Coder: "ana", Source: "g1", Start: 150, End: 400},
		// Hierarchy is elsewhere.
		{Code: "hierarchy", Coder: "ben", Source: "g1", Start: 500, End: 600},
	}
	got := SimilarCodes("isolation", spans)
	if len(got) != 2 {
		t.Fatalf("got %+v, want two codes sharing text with isolation", got)
	}
	first := got[0]
	// Being the only one: 50 + 30 shared characters of its 80, all inside isolation.
	if first.Code != "being the only one" || first.Shared != 80 || first.Share != 1 || first.SameCoder {
		t.Errorf("first = %+v, want being the only one, 80 shared, share 1, different coders", first)
	}
	second := got[1]
	// Mentorship: 150–160 shared; isolation (100 characters) is the smaller.
	if second.Code != "mentorship" || second.Shared != 10 || second.Share != 0.1 || !second.SameCoder {
		t.Errorf("second = %+v, want mentorship, 10 shared, share 0.1, same coder", second)
	}
}

func TestSimilarCodesMatchesACharacterByCharacterCount(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	codes := []string{"a", "b", "c", "d"}
	coders := []string{"x", "y"}
	sources := []string{"s1", "s2"}
	for round := 0; round < 200; round++ {
		var spans []CodedSpan
		for i := 0; i < 12; i++ {
			start := r.IntN(200)
			spans = append(spans, CodedSpan{Code: codes[r.IntN(len(codes))], Coder: coders[r.IntN(2)],
				Source: sources[r.IntN(2)], Start: start, End: start + r.IntN(40)})
		}
		// Naive: mark every character each code covers, per source.
		covered := map[string]map[string]map[int]bool{}
		for _, s := range spans {
			if covered[s.Code] == nil {
				covered[s.Code] = map[string]map[int]bool{}
			}
			if covered[s.Code][s.Source] == nil {
				covered[s.Code][s.Source] = map[int]bool{}
			}
			for p := s.Start; p < s.End; p++ {
				covered[s.Code][s.Source][p] = true
			}
		}
		size := func(code string) int {
			n := 0
			for _, set := range covered[code] {
				n += len(set)
			}
			return n
		}
		want := map[string]int{}
		for _, other := range codes[1:] {
			for src, set := range covered[other] {
				for p := range set {
					if covered["a"][src][p] {
						want[other]++
					}
				}
			}
		}
		got := SimilarCodes("a", spans)
		if len(got) != len(want) {
			t.Fatalf("round %d: got %+v, want shares with %v", round, got, want)
		}
		for i, s := range got {
			if s.Shared != want[s.Code] {
				t.Fatalf("round %d: %s shares %d, counted %d", round, s.Code, s.Shared, want[s.Code])
			}
			if share := float64(want[s.Code]) / float64(min(size("a"), size(s.Code))); s.Share != share {
				t.Fatalf("round %d: %s share %v, counted %v", round, s.Code, s.Share, share)
			}
			if i > 0 && got[i-1].Share < s.Share {
				t.Fatalf("round %d: not ranked by share: %+v", round, got)
			}
		}
	}
}

// BenchmarkSimilarCodes ranks the codes sharing text with one code among
// 100,000 codings of 200 codes by four coders over 10 sources, as the
// workspace does when a code is to be merged.
func BenchmarkSimilarCodes(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	spans := make([]CodedSpan, 0, 100_000)
	for range 100_000 {
		start := r.IntN(300_000)
		spans = append(spans, CodedSpan{Code: fmt.Sprintf("code-%03d", r.IntN(200)), Coder: fmt.Sprintf("coder-%d", r.IntN(4)),
			Source: fmt.Sprintf("fg%02d", r.IntN(10)), Start: start, End: start + 50 + r.IntN(400)})
	}
	for b.Loop() {
		if len(SimilarCodes("code-007", spans)) == 0 {
			b.Fatal("no similar code")
		}
	}
}
