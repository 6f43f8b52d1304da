package agree

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// This file holds segment-overlap agreement as MAXQDA users know it
// ("segment agreement" with a minimum overlap rate): each coded segment of
// one coder is matched or not by a segment of the same code from the other
// coder, and the shares of matched segments give percent agreement and a
// kappa with Brennan and Prediger's chance term.

// DefaultOverlapShare is the overlap share MAXQDA proposes for segment
// agreement (90 %), used when none is given.
const DefaultOverlapShare = 0.9

// OverlapShare is how much two segments overlap, as the share of the
// stretch they cover together that both cover: |a ∩ b| / |a ∪ b|, counted
// in continuum positions (the Jaccard index of the two stretches). It is 1
// for identical segments, 0 for segments that do not overlap, and 0.9 when,
// for example, a 100-character segment lies inside a 111-character one
// (100/111 ≈ 0.9009) or two 100-character segments are shifted by 5
// (95/105 ≈ 0.905). Segments with no position in the continuum have
// share 0.
func (c Continuum) OverlapShare(a, b Span) float64 {
	a0, a1 := c.compress(a.Start), c.compress(a.End)
	b0, b1 := c.compress(b.Start), c.compress(b.End)
	return share(a0, a1, b0, b1)
}

// share is |a ∩ b| / |a ∪ b| of two stretches of the continuum.
func share(a0, a1, b0, b1 int) float64 {
	inter := min(a1, b1) - max(a0, b0)
	if inter <= 0 {
		return 0
	}
	return float64(inter) / float64((a1-a0)+(b1-b0)-inter)
}

// SegmentMatch is how one coder's segment fared against the other coder's
// segments of the same value.
type SegmentMatch struct {
	// Counted is false when the segment has no position in the continuum
	// (for example it lies on a moderator's turn); such a segment is left
	// out of every count.
	Counted bool `json:"counted"`
	// Matched says that some segment of the other coder with the same
	// value overlaps this one by at least the threshold share.
	Matched bool `json:"matched"`
	// Best is the index, in the other coder's list, of the segment with
	// the same value and the largest overlap share (the first of equals);
	// −1 when none overlaps.
	Best int `json:"best"`
	// BestShare is that largest share (0 when none overlaps).
	BestShare float64 `json:"best_share"`
}

// MatchSegments compares coder A's segments a with coder B's segments b
// on the continuum: a segment of A is matched when a segment of B with the
// same value has an OverlapShare with it of at least threshold (0 <
// threshold ≤ 1), and the same the other way round. Matching is not one to
// one: one segment of B may match several segments of A (two short
// segments inside one long one cannot both reach a high threshold, so this
// rarely matters). The results are in the order of a and b.
func (c Continuum) MatchSegments(a, b []Segment, threshold float64) (matchA, matchB []SegmentMatch, err error) {
	if !(threshold > 0 && threshold <= 1) {
		return nil, nil, fmt.Errorf("overlap threshold %v: give a share above 0 and at most 1, e.g. 0.9", threshold)
	}
	ca, err := c.compressSegments(a, "coder A")
	if err != nil {
		return nil, nil, err
	}
	cb, err := c.compressSegments(b, "coder B")
	if err != nil {
		return nil, nil, err
	}
	return matchAgainst(ca, cb, threshold), matchAgainst(cb, ca, threshold), nil
}

// compressSegments maps segments to continuum positions, keeping their
// order.
func (c Continuum) compressSegments(segs []Segment, who string) ([]Segment, error) {
	out := make([]Segment, len(segs))
	for i, s := range segs {
		if s.Start > s.End {
			return nil, backwards(Span{s.Start, s.End}, who+"'s segment")
		}
		out[i] = Segment{Start: c.compress(s.Start), End: c.compress(s.End), Value: s.Value}
	}
	return out, nil
}

// matchAgainst finds, for each segment of xs, the segment of ys with the
// same value and the largest share. ys is ordered by value and start, and
// only segments of ys that start at most the longest segment of that value
// before x starts can overlap x.
func matchAgainst(xs, ys []Segment, threshold float64) []SegmentMatch {
	order := make([]int, 0, len(ys))
	for j, y := range ys {
		if y.End > y.Start {
			order = append(order, j)
		}
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(cmp.Compare(ys[i].Value, ys[j].Value), cmp.Compare(ys[i].Start, ys[j].Start), cmp.Compare(i, j))
	})
	// longest[i] is the longest segment of the value of ys[order[i]].
	longest := make([]int, len(order))
	for lo := 0; lo < len(order); {
		hi, l := lo, 0
		for ; hi < len(order) && ys[order[hi]].Value == ys[order[lo]].Value; hi++ {
			l = max(l, ys[order[hi]].End-ys[order[hi]].Start)
		}
		for i := lo; i < hi; i++ {
			longest[i] = l
		}
		lo = hi
	}
	search := func(value, start int) int {
		i, _ := slices.BinarySearchFunc(order, Segment{Start: start, Value: value}, func(j int, t Segment) int {
			return cmp.Or(cmp.Compare(ys[j].Value, t.Value), cmp.Compare(ys[j].Start, t.Start))
		})
		return i
	}
	out := make([]SegmentMatch, len(xs))
	for i, x := range xs {
		m := SegmentMatch{Counted: x.End > x.Start, Best: -1}
		if first := search(x.Value, math.MinInt); m.Counted && first < len(order) && ys[order[first]].Value == x.Value {
			for _, j := range order[search(x.Value, x.Start-longest[first]):] {
				y := ys[j]
				if y.Value != x.Value || y.Start >= x.End {
					break
				}
				s := share(x.Start, x.End, y.Start, y.End)
				if s > m.BestShare || (s == m.BestShare && s > 0 && j < m.Best) {
					m.Best, m.BestShare = j, s
				}
			}
			m.Matched = m.Best >= 0 && m.BestShare >= threshold
		}
		out[i] = m
	}
	return out
}

// OverlapCounts are the segments of one code (or of several codes
// together) for one pair of coders: how many each coder has and how many
// of them the other coder matched.
type OverlapCounts struct {
	SegmentsA int64 `json:"segments_a"`
	MatchedA  int64 `json:"matched_a"`
	SegmentsB int64 `json:"segments_b"`
	MatchedB  int64 `json:"matched_b"`
}

// Plus adds two counts.
func (o OverlapCounts) Plus(p OverlapCounts) OverlapCounts {
	return OverlapCounts{SegmentsA: o.SegmentsA + p.SegmentsA, MatchedA: o.MatchedA + p.MatchedA,
		SegmentsB: o.SegmentsB + p.SegmentsB, MatchedB: o.MatchedB + p.MatchedB}
}

// CountMatches counts the segments of a pair of coders by value, from
// MatchSegments' results: counts[v] for value v (values is the number of
// values). Segments outside the continuum are not counted.
func CountMatches(a, b []Segment, matchA, matchB []SegmentMatch, values int) ([]OverlapCounts, error) {
	if len(a) != len(matchA) || len(b) != len(matchB) {
		return nil, fmt.Errorf("%d and %d segments but %d and %d results", len(a), len(b), len(matchA), len(matchB))
	}
	counts := make([]OverlapCounts, values)
	for i, s := range a {
		if s.Value < 0 || s.Value >= values {
			return nil, fmt.Errorf("segment value %d out of range 0 to %d", s.Value, values-1)
		}
		if m := matchA[i]; m.Counted {
			counts[s.Value].SegmentsA++
			if m.Matched {
				counts[s.Value].MatchedA++
			}
		}
	}
	for i, s := range b {
		if s.Value < 0 || s.Value >= values {
			return nil, fmt.Errorf("segment value %d out of range 0 to %d", s.Value, values-1)
		}
		if m := matchB[i]; m.Counted {
			counts[s.Value].SegmentsB++
			if m.Matched {
				counts[s.Value].MatchedB++
			}
		}
	}
	return counts, nil
}

// PercentAgreement is the share of all segments of both coders that the
// other coder matched: (matched_A + matched_B) / (segments_A +
// segments_B), the "agreements / total" of MAXQDA's segment table.
func (o OverlapCounts) PercentAgreement() Value {
	n := o.SegmentsA + o.SegmentsB
	if n == 0 {
		return undefined("neither coder has a segment")
	}
	return known(float64(o.MatchedA+o.MatchedB) / float64(n))
}

// OverlapAgreement is segment-overlap agreement of a pair of coders over
// several codes.
type OverlapAgreement struct {
	// Total adds the counts of every code.
	Total OverlapCounts `json:"total"`
	// Codes is q, the number of codes that either coder used (the rows of
	// the table).
	Codes int `json:"codes"`
	// PercentAgreement is p_o = Total.PercentAgreement().
	PercentAgreement Value `json:"percent_agreement"`
	// Kappa is (p_o − 1/q) / (1 − 1/q): Brennan and Prediger's (1981)
	// chance term 1/q with q the number of codes, as MAXQDA computes kappa
	// for segment agreement.
	Kappa Value `json:"kappa"`
}

// OverlapStatistics computes percent agreement and kappa from the counts
// of each code. Codes that neither coder used do not count towards q.
// Kappa is undefined when fewer than two codes were used, since the chance
// term 1/q is then 1.
func OverlapStatistics(perCode []OverlapCounts) OverlapAgreement {
	var r OverlapAgreement
	for _, c := range perCode {
		r.Total = r.Total.Plus(c)
		if c.SegmentsA+c.SegmentsB > 0 {
			r.Codes++
		}
	}
	r.PercentAgreement = r.Total.PercentAgreement()
	switch {
	case !r.PercentAgreement.Defined:
		r.Kappa = r.PercentAgreement
	case r.Codes < 2:
		r.Kappa = undefined("only one code was used, so the chance term 1/q is 1")
	default:
		pe := 1 / float64(r.Codes)
		r.Kappa = known((r.PercentAgreement.V - pe) / (1 - pe))
	}
	return r
}
