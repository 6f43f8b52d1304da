package cli

import (
	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/corpus"
)

// turnWords counts the words of each turn's utterance in the source's text
// (0 where a span does not fit the text).
func turnWords(text string, turns []corpus.Turn) []int {
	idx := corpus.NewPositionIndex(text)
	out := make([]int, len(turns))
	for i, t := range turns {
		if words, err := idx.Slice(t.Utterance()); err == nil {
			out[i] = analysis.CountWords(words)
		}
	}
	return out
}
