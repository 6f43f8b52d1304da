package coding

import (
	"slices"
	"testing"

	"github.com/focalqda/focal/corpus"
)

func sp(a, b int) corpus.Span { return corpus.Span{Start: a, End: b} }

func TestGroupPassages(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spans []corpus.Span
		want  []corpus.Span
		of    []int
	}{
		{"one span", []corpus.Span{sp(3, 9)}, []corpus.Span{sp(3, 9)}, []int{0}},
		// "So I become the interpreter" and the same with its full stop.
		{"near-identical spans of two coders are one passage", []corpus.Span{sp(10, 37), sp(10, 38)}, []corpus.Span{sp(10, 38)}, []int{0, 0}},
		{"identical spans are one passage", []corpus.Span{sp(5, 9), sp(5, 9), sp(5, 9)}, []corpus.Span{sp(5, 9)}, []int{0, 0, 0}},
		{"spans that only touch are two", []corpus.Span{sp(0, 5), sp(5, 9)}, []corpus.Span{sp(0, 5), sp(5, 9)}, []int{0, 1}},
		{"one shared character is enough", []corpus.Span{sp(0, 5), sp(4, 9)}, []corpus.Span{sp(0, 9)}, []int{0, 0}},
		// A (0-4) and C (6-10) do not meet, but B (3-7) joins them.
		{"overlaps chain", []corpus.Span{sp(6, 10), sp(0, 4), sp(3, 7)}, []corpus.Span{sp(0, 10)}, []int{0, 0, 0}},
		{"a span inside another", []corpus.Span{sp(0, 20), sp(5, 6), sp(25, 30)}, []corpus.Span{sp(0, 20), sp(25, 30)}, []int{0, 0, 1}},
		{"given out of order", []corpus.Span{sp(30, 40), sp(0, 10), sp(35, 50)}, []corpus.Span{sp(0, 10), sp(30, 50)}, []int{1, 0, 1}},
		{"empty span belongs to none", []corpus.Span{sp(4, 4), sp(1, 3)}, []corpus.Span{sp(1, 3)}, []int{-1, 0}},
		{"nothing", nil, nil, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, of := GroupPassages(tc.spans)
			if !slices.Equal(got, tc.want) || !slices.Equal(of, tc.of) {
				t.Errorf("GroupPassages(%v) = %v, %v; want %v, %v", tc.spans, got, of, tc.want, tc.of)
			}
		})
	}
}

func TestCodedBy(t *testing.T) {
	if got := CodedBy(2, 3); got != "coded by 2 of 3 coders" {
		t.Errorf("CodedBy(2, 3) = %q", got)
	}
	if got := CodedBy(1, 1); got != "coded by 1 of 1 coder" {
		t.Errorf("CodedBy(1, 1) = %q", got)
	}
}
