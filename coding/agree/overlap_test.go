package agree

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestOverlapShare(t *testing.T) {
	c, err := NewContinuum(Span{0, 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		a, b Span
		want float64
	}{
		{Span{100, 200}, Span{100, 200}, 1},
		{Span{100, 200}, Span{95, 206}, 100.0 / 111},
		{Span{100, 200}, Span{105, 205}, 95.0 / 105},
		{Span{100, 200}, Span{200, 300}, 0},
		{Span{100, 200}, Span{150, 160}, 10.0 / 100},
		{Span{100, 100}, Span{100, 200}, 0},
	} {
		if got := c.OverlapShare(tc.a, tc.b); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("share(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := c.OverlapShare(tc.b, tc.a); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("share is not symmetric for %v, %v", tc.a, tc.b)
		}
	}
	// Positions outside the continuum do not count: [0, 20) and [10, 30)
	// over a continuum that leaves out [10, 20) share nothing.
	gappy, _ := NewContinuum(Span{0, 10}, Span{20, 40})
	if got := gappy.OverlapShare(Span{0, 20}, Span{10, 30}); got != 0 {
		t.Errorf("share across left-out text = %v", got)
	}
	if got := gappy.OverlapShare(Span{0, 30}, Span{5, 30}); got != 15.0/20 {
		t.Errorf("share = %v, want 15/20", got)
	}
}

// A share exactly at the threshold matches: 9 of 10 positions at 0.9.
func TestMatchSegmentsThreshold(t *testing.T) {
	c, _ := NewContinuum(Span{0, 100})
	a := []Segment{{0, 10, 0}, {20, 30, 0}, {40, 50, 1}, {60, 70, 0}}
	b := []Segment{{1, 10, 0}, {20, 28, 0}, {40, 50, 0}, {60, 70, 1}, {62, 70, 0}}
	ma, mb, err := c.MatchSegments(a, b, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	wantA := []SegmentMatch{{true, true, 0, 0.9}, {true, false, 1, 0.8}, {true, false, -1, 0}, {true, false, 4, 0.8}}
	for i := range wantA {
		if ma[i] != wantA[i] {
			t.Errorf("A[%d] = %+v, want %+v", i, ma[i], wantA[i])
		}
	}
	if !mb[0].Matched || mb[1].Matched || mb[2].Best != -1 || mb[3].Best != -1 || mb[4].Best != 3 {
		t.Errorf("B = %+v", mb)
	}
	counts, err := CountMatches(a, b, ma, mb, 2)
	if err != nil {
		t.Fatal(err)
	}
	if counts[0] != (OverlapCounts{SegmentsA: 3, MatchedA: 1, SegmentsB: 4, MatchedB: 1}) || counts[1] != (OverlapCounts{SegmentsA: 1, SegmentsB: 1}) {
		t.Errorf("counts = %+v", counts)
	}
	// p_o = (1 + 1 + 0 + 0) / (3 + 4 + 1 + 1) = 2/9; q = 2 codes, p_e = 1/2:
	// kappa = (2/9 − 1/2) / (1/2) = −5/9.
	s := OverlapStatistics(counts)
	if s.Codes != 2 || math.Abs(s.PercentAgreement.V-2.0/9) > 1e-15 || math.Abs(s.Kappa.V+5.0/9) > 1e-15 {
		t.Errorf("statistics = %+v", s)
	}
	if _, _, err := c.MatchSegments(a, b, 0); err == nil {
		t.Error("threshold 0 accepted")
	}
	if _, _, err := c.MatchSegments(a, b, 1.5); err == nil {
		t.Error("threshold 1.5 accepted")
	}
}

func TestOverlapStatisticsUndefined(t *testing.T) {
	if s := OverlapStatistics(nil); s.PercentAgreement.Defined || s.Kappa.Defined {
		t.Errorf("no segments: %+v", s)
	}
	one := OverlapStatistics([]OverlapCounts{{SegmentsA: 2, MatchedA: 2, SegmentsB: 2, MatchedB: 2}, {}})
	if one.Codes != 1 || one.PercentAgreement.V != 1 || one.Kappa.Defined || one.Kappa.Reason == "" {
		t.Errorf("one code: %+v", one)
	}
	// Perfect agreement on 4 codes: kappa 1; none: (0 − 1/4)/(3/4) = −1/3.
	perfect := OverlapStatistics([]OverlapCounts{{1, 1, 1, 1}, {2, 2, 2, 2}, {1, 1, 1, 1}, {3, 3, 3, 3}})
	none := OverlapStatistics([]OverlapCounts{{1, 0, 1, 0}, {2, 0, 0, 0}, {0, 0, 1, 0}, {3, 0, 3, 0}})
	if perfect.Kappa.V != 1 || math.Abs(none.Kappa.V+1.0/3) > 1e-15 {
		t.Errorf("kappa %v and %v", perfect.Kappa, none.Kappa)
	}
}

// naiveMatches compares every segment of xs with every segment of ys as
// sets of continuum positions.
func naiveMatches(within []Span, xs, ys []Segment, threshold float64) []SegmentMatch {
	in := func(p int) bool {
		for _, w := range within {
			if w.Start <= p && p < w.End {
				return true
			}
		}
		return false
	}
	set := func(s Segment) map[int]bool {
		out := map[int]bool{}
		for p := s.Start; p < s.End; p++ {
			if in(p) {
				out[p] = true
			}
		}
		return out
	}
	var out []SegmentMatch
	for _, x := range xs {
		sx := set(x)
		m := SegmentMatch{Counted: len(sx) > 0, Best: -1}
		for j, y := range ys {
			if y.Value != x.Value || len(sx) == 0 {
				continue
			}
			sy := set(y)
			inter := naiveIntersect(sx, sy)
			if inter == 0 {
				continue
			}
			share := inter / (float64(len(sx)+len(sy)) - inter)
			if share > m.BestShare {
				m.Best, m.BestShare = j, share
			}
		}
		m.Matched = m.Best >= 0 && m.BestShare >= threshold
		out = append(out, m)
	}
	return out
}

func TestMatchSegmentsMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for range 2000 {
		within, segs, values := randomUnitizing(rng)
		a, b := segs[0], segs[1]
		// some long segments, so that the search window matters
		if rng.IntN(3) == 0 {
			a = append(a, Segment{0, 40, rng.IntN(values)})
		}
		threshold := []float64{0.5, 0.8, 0.9, 1}[rng.IntN(4)]
		c, err := NewContinuum(within...)
		if err != nil {
			t.Fatal(err)
		}
		ma, mb, err := c.MatchSegments(a, b, threshold)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []struct {
			got  []SegmentMatch
			want []SegmentMatch
		}{{ma, naiveMatches(within, a, b, threshold)}, {mb, naiveMatches(within, b, a, threshold)}} {
			for i := range side.want {
				g, w := side.got[i], side.want[i]
				if g.Counted != w.Counted || g.Matched != w.Matched || g.Best != w.Best || math.Abs(g.BestShare-w.BestShare) > 1e-12 {
					t.Fatalf("segment %d: %+v, naive %+v\nwithin %v\na %v\nb %v", i, g, w, within, a, b)
				}
			}
		}
	}
}
