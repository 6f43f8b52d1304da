package agreement

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// OverlapCode is one code's segments for one pair of coders.
type OverlapCode struct {
	Code string `json:"code"`
	agree.OverlapCounts
	UnmatchedA       int64       `json:"unmatched_a"`
	UnmatchedB       int64       `json:"unmatched_b"`
	PercentAgreement agree.Value `json:"percent_agreement"`
}

// UnmatchedSegment is a coding that the other coder did not match.
type UnmatchedSegment struct {
	Source  string `json:"source"`
	Code    string `json:"code"`
	Coder   string `json:"coder"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Turn    int    `json:"turn"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	// Closest is the other coder's segment of the same code that overlaps
	// this one most, with its overlap share; nil when none overlaps.
	Closest      *corpus.Span `json:"closest"`
	ClosestShare float64      `json:"closest_share"`
}

// OverlapPair is segment-overlap agreement of two coders.
type OverlapPair struct {
	CoderA string `json:"coder_a"`
	CoderB string `json:"coder_b"`
	// PerCode lists every compared code, in the order given.
	PerCode []OverlapCode `json:"per_code"`
	// OverlapAgreement holds the totals, q, percent agreement and kappa.
	agree.OverlapAgreement
	// Unmatched lists the segments of either coder that the other did not
	// match, source by source in text order.
	Unmatched []UnmatchedSegment `json:"unmatched"`
}

// OverlapReport is the result of ComputeOverlap.
type OverlapReport struct {
	Scope     Scope    `json:"scope"`
	Threshold float64  `json:"threshold"`
	Coders    []string `json:"coders"`
	Sources   []string `json:"sources"`
	// Pairs holds every pair of coders a < b, in order (0,1), (0,2), … (1,2), ….
	Pairs []OverlapPair `json:"pairs"`
	// LeftOut counts codings with no text in the scope (for example on a
	// moderator's turn), which are not compared.
	LeftOut int `json:"left_out_segments"`
}

// ComputeOverlap compares the coders' segments (codings) pairwise, as
// MAXQDA's segment agreement does: a segment of one coder is matched when
// the other coder has a segment of the same code whose overlap share with
// it (agree.Continuum.OverlapShare: shared characters over the characters
// either covers, counted within the scope) is at least threshold. It
// reports per code and coder the segments and how many were matched,
// percent agreement, and kappa with Brennan and Prediger's chance term 1/q
// over the q codes used (agree.OverlapStatistics), and lists the unmatched
// segments. A threshold of 0 means agree.DefaultOverlapShare (0.9).
func ComputeOverlap(sources []Source, codes, coders []string, scope Scope, threshold float64) (OverlapReport, error) {
	if len(coders) < 2 {
		return OverlapReport{}, errors.New("agreement needs at least two coders")
	}
	if threshold == 0 {
		threshold = agree.DefaultOverlapShare
	}
	if !(threshold > 0 && threshold <= 1) {
		return OverlapReport{}, fmt.Errorf("overlap threshold %v: give a share above 0 and at most 1, e.g. 0.9", threshold)
	}
	r := OverlapReport{Scope: scope, Threshold: threshold, Coders: coders, Sources: []string{}}
	type pairState struct {
		counts []agree.OverlapCounts
		// unmatched holds each source's unmatched segments, joined at the
		// end.
		unmatched [][]UnmatchedSegment
		total     int
	}
	var pairs [][2]int
	for a := range coders {
		for b := a + 1; b < len(coders); b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	states := make([]pairState, len(pairs))
	for i := range states {
		states[i].counts = make([]agree.OverlapCounts, len(codes))
	}
	// pending is an unmatched segment of one source, kept small until the
	// source's list is sorted into text order.
	type pending struct {
		start, end, code, side int
		closest                agree.Span
		found                  bool
		share                  float64
	}
	waiting := make([][]pending, len(pairs))
	segs := make([][]agree.Segment, len(coders))
	for _, src := range sources {
		r.Sources = append(r.Sources, src.Name)
		cont, err := agree.NewContinuum(Within(src, scope)...)
		if err != nil {
			return OverlapReport{}, fmt.Errorf("%s: %w", src.Name, err)
		}
		for v, code := range codes {
			per := src.Codings[code]
			for c := range coders {
				segs[c] = segs[c][:0]
				if c < len(per) {
					for _, s := range per[c] {
						segs[c] = append(segs[c], agree.Segment{Start: s.Start, End: s.End})
						if cont.OverlapShare(agree.Span(s), agree.Span(s)) == 0 {
							r.LeftOut++
						}
					}
				}
			}
			for p, pair := range pairs {
				a, b := segs[pair[0]], segs[pair[1]]
				if len(a) == 0 && len(b) == 0 {
					continue
				}
				ma, mb, err := cont.MatchSegments(a, b, threshold)
				if err != nil {
					return OverlapReport{}, fmt.Errorf("%s, code %s: %w", src.Name, code, err)
				}
				counts, err := agree.CountMatches(a, b, ma, mb, 1)
				if err != nil {
					return OverlapReport{}, err
				}
				states[p].counts[v] = states[p].counts[v].Plus(counts[0])
				for side, matches := range [][]agree.SegmentMatch{ma, mb} {
					mine, theirs := a, b
					if side == 1 {
						mine, theirs = b, a
					}
					for i, m := range matches {
						if !m.Counted || m.Matched {
							continue
						}
						w := pending{start: mine[i].Start, end: mine[i].End, code: v, side: side, share: m.BestShare}
						if m.Best >= 0 {
							w.closest, w.found = agree.Span{Start: theirs[m.Best].Start, End: theirs[m.Best].End}, true
						}
						waiting[p] = append(waiting[p], w)
					}
				}
			}
		}
		// This source's unmatched segments, in text order.
		var text *sourceText
		turns := newTurnIndex(src)
		for p, list := range waiting {
			if len(list) == 0 {
				continue
			}
			if text == nil {
				text = newSourceText(src.Text)
			}
			slices.SortFunc(list, func(x, y pending) int {
				return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end), cmp.Compare(x.code, y.code), cmp.Compare(x.side, y.side))
			})
			closest := make([]corpus.Span, len(list))
			chunk := make([]UnmatchedSegment, 0, len(list))
			for i, w := range list {
				u := UnmatchedSegment{Source: src.Name, Code: codes[w.code], Coder: coders[pairs[p][w.side]], Start: w.start, End: w.end,
					Text: text.slice(w.start, w.end), ClosestShare: w.share}
				if w.found {
					closest[i] = corpus.Span(w.closest)
					u.Closest = &closest[i]
				}
				u.Turn, u.Speaker = turns.at(w.start)
				chunk = append(chunk, u)
			}
			states[p].unmatched = append(states[p].unmatched, chunk)
			states[p].total += len(chunk)
			waiting[p] = list[:0]
		}
	}
	for p, pair := range pairs {
		st := states[p]
		op := OverlapPair{CoderA: coders[pair[0]], CoderB: coders[pair[1]], OverlapAgreement: agree.OverlapStatistics(st.counts),
			Unmatched: make([]UnmatchedSegment, 0, st.total)}
		for _, chunk := range st.unmatched {
			op.Unmatched = append(op.Unmatched, chunk...)
		}
		for v, code := range codes {
			c := st.counts[v]
			op.PerCode = append(op.PerCode, OverlapCode{Code: code, OverlapCounts: c, UnmatchedA: c.SegmentsA - c.MatchedA,
				UnmatchedB: c.SegmentsB - c.MatchedB, PercentAgreement: c.PercentAgreement()})
		}
		r.Pairs = append(r.Pairs, op)
	}
	return r, nil
}
