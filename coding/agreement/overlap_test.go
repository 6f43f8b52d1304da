package agreement

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// The two coders of twoCoderSource, by hand (characters of the
// participants' utterances only):
//
//	a/x: ana 51–90 (39), ben 55–90 (35): share 35/39 ≈ 0.897
//	a/y: ana 110–145 (35), ben 95–145 (6 + 39 = 45 without P2's label): 35/45 ≈ 0.778
//	b:   ana 0–40 is the moderator's turn: left out; ana 160–200 (38),
//	     ben 165–200 (35): 35/38 ≈ 0.921
func TestComputeOverlapByHand(t *testing.T) {
	src := twoCoderSource()
	codes := []string{"a/x", "a/y", "b"}
	r, err := ComputeOverlap([]Source{src}, codes, []string{"ana", "ben"}, ScopeParticipants, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 1 || r.LeftOut != 1 {
		t.Fatalf("pairs %d, left out %d", len(r.Pairs), r.LeftOut)
	}
	p := r.Pairs[0]
	want := []OverlapCode{
		{Code: "a/x", OverlapCounts: agree.OverlapCounts{SegmentsA: 1, SegmentsB: 1}, UnmatchedA: 1, UnmatchedB: 1},
		{Code: "a/y", OverlapCounts: agree.OverlapCounts{SegmentsA: 1, SegmentsB: 1}, UnmatchedA: 1, UnmatchedB: 1},
		{Code: "b", OverlapCounts: agree.OverlapCounts{SegmentsA: 1, MatchedA: 1, SegmentsB: 1, MatchedB: 1}},
	}
	for i, w := range want {
		g := p.PerCode[i]
		if g.Code != w.Code || g.OverlapCounts != w.OverlapCounts || g.UnmatchedA != w.UnmatchedA || g.UnmatchedB != w.UnmatchedB {
			t.Errorf("code %d: %+v, want %+v", i, g, w)
		}
	}
	// p_o = 2/6, q = 3, p_e = 1/3: kappa 0.
	if p.Codes != 3 || math.Abs(p.PercentAgreement.V-1.0/3) > 1e-15 || math.Abs(p.Kappa.V) > 1e-15 {
		t.Errorf("p_o %v, q %d, kappa %v", p.PercentAgreement, p.Codes, p.Kappa)
	}
	if len(p.Unmatched) != 4 {
		t.Fatalf("unmatched %+v", p.Unmatched)
	}
	u := p.Unmatched[0]
	if u.Code != "a/x" || u.Coder != "ana" || u.Start != 51 || u.End != 90 || u.Closest == nil || *u.Closest != (corpus.Span{Start: 55, End: 90}) ||
		math.Abs(u.ClosestShare-35.0/39) > 1e-15 || u.Speaker != "P1" || u.Turn != 2 || u.Text != src.Text[51:90] {
		t.Errorf("first unmatched %+v", u)
	}
	// In text order: ben's a/y (from 95) before ana's (from 110).
	if u := p.Unmatched[2]; u.Coder != "ben" || u.Code != "a/y" || u.Start != 95 || math.Abs(u.ClosestShare-35.0/45) > 1e-15 {
		t.Errorf("third unmatched %+v", u)
	}
	// At 0.85, a/x matches too: p_o = 4/6, kappa (2/3 − 1/3)/(2/3) = 0.5.
	r, _ = ComputeOverlap([]Source{src}, codes, []string{"ana", "ben"}, ScopeParticipants, 0.85)
	if p := r.Pairs[0]; math.Abs(p.Kappa.V-0.5) > 1e-15 || len(p.Unmatched) != 2 {
		t.Errorf("at 0.85: kappa %v, unmatched %d", p.Kappa, len(p.Unmatched))
	}
	// With scope all, the moderator's turn counts (ana has two b
	// segments), and so does the label "P1: ": b's share falls to 35/40.
	r, _ = ComputeOverlap([]Source{src}, codes, []string{"ana", "ben"}, ScopeAll, 0.9)
	if c := r.Pairs[0].PerCode[2]; c.SegmentsA != 2 || c.MatchedA != 0 || r.LeftOut != 0 {
		t.Errorf("scope all: %+v, left out %d", c, r.LeftOut)
	}
	// Threshold 0 means MAXQDA's default, 0.9.
	r, err = ComputeOverlap([]Source{src}, codes, []string{"ana", "ben"}, ScopeParticipants, 0)
	if err != nil || r.Threshold != 0.9 || r.Pairs[0].Total.MatchedA != 1 {
		t.Errorf("default threshold: %v, %v", r.Threshold, err)
	}
	if _, err := ComputeOverlap([]Source{src}, codes, []string{"ana", "ben"}, ScopeAll, 1.5); err == nil {
		t.Error("threshold 1.5 accepted")
	}
}

// Every pair of coders is compared, in order, and each pair's counts
// equal a comparison of those two coders alone.
func TestComputeOverlapPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 3))
	sources, codes, coders := randomCorpus(rng, 3, 40, 5, 3, 90)
	r, err := ComputeOverlap(sources, codes, coders, ScopeParticipants, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 3 || r.Pairs[1].CoderA != coders[0] || r.Pairs[1].CoderB != coders[2] {
		t.Fatalf("pairs %+v", r.Pairs)
	}
	// A two-coder run reads the first two columns of the codings: give
	// the sources coder 2's codings as the second column.
	for i := range sources {
		for code, per := range sources[i].Codings {
			sources[i].Codings[code] = [][]corpus.Span{per[0], per[2]}
		}
	}
	two, err := ComputeOverlap(sources, codes, []string{coders[0], coders[2]}, ScopeParticipants, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	a, b := r.Pairs[1], two.Pairs[0]
	if a.Total != b.Total || a.Kappa != b.Kappa || len(a.Unmatched) != len(b.Unmatched) {
		t.Errorf("pair (0,2) %+v, alone %+v", a.OverlapAgreement, b.OverlapAgreement)
	}
	var matched int64
	for _, c := range a.PerCode {
		matched += c.MatchedA + c.MatchedB
	}
	if matched == 0 || matched == a.Total.SegmentsA+a.Total.SegmentsB {
		t.Errorf("the random corpus matched %d of %d segments: not a useful test", matched, a.Total.SegmentsA+a.Total.SegmentsB)
	}
}
