package coding

import (
	"fmt"
	"sort"

	"github.com/focalqda/focal/corpus"
)

// A passage is a distinct stretch of what was said, however many coders or
// codes marked it: it is what counts of "passages" count and what a quote
// shows, while "codings" count each coder's marks. The rule, in one place
// for every front end and export:
//
// Coded spans of one turn, counted together (the codings of one code, or
// of the codes of one theme, by every coder of the layer), are one passage
// when they share at least one character; the passage covers their union.
// Overlap chains: when A overlaps B and B overlaps C, the three are one
// passage even if A and C do not meet. Spans that only touch (one ends
// where the next starts) are two passages, and so are spans in two turns:
// a coding across three turns is part of three passages.
//
// So two coders who marked "So I become the interpreter" and "So I become
// the interpreter." marked one passage, coded by both.

// GroupPassages groups the coded spans of one turn into passages (see
// above). It returns the passages' extents in order of their start and,
// for each span in the order given, the index of its passage. Empty spans
// belong to no passage (index -1).
func GroupPassages(spans []corpus.Span) (passages []corpus.Span, of []int) {
	order := make([]int, 0, len(spans))
	of = make([]int, len(spans))
	for i, s := range spans {
		of[i] = -1
		if s.Len() > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return spans[order[a]].Start < spans[order[b]].Start })
	for _, i := range order {
		s := spans[i]
		if n := len(passages); n > 0 && Joins(passages[n-1], s) {
			passages[n-1].End = max(passages[n-1].End, s.End)
		} else {
			passages = append(passages, s)
		}
		of[i] = len(passages) - 1
	}
	return passages, of
}

// Joins reports whether a coded span, taken in order of start, belongs to
// the passage that covers passage so far: it shares at least one
// character with it. It is the rule GroupPassages applies, for callers
// that sweep spans already sorted by start.
func Joins(passage, next corpus.Span) bool {
	return next.Len() > 0 && next.Start < passage.End && passage.Start < next.End
}

// CodedBy says how many of the coders who coded a source marked a passage
// of it: "coded by 2 of 3 coders". It is what every table and quote shows
// when a passage is read from several coders' codings (no consensus).
func CodedBy(coders, of int) string {
	if of == 1 {
		return fmt.Sprintf("coded by %d of 1 coder", coders)
	}
	return fmt.Sprintf("coded by %d of %d coders", coders, of)
}
