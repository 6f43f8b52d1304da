package cli

import (
	"fmt"
	"sync"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// The sentence segmenter holds a model; build it once per process.
var segmenter = sync.OnceValues(nlp.NewSegmenter)

// computeUnits finds sentence and word units of a draft's utterances and
// returns them in code points, as they are stored.
func computeUnits(d *corpus.Draft, lang string) (map[string][]corpus.Span, error) {
	spans := make([]corpus.Span, len(d.Turns))
	for i, t := range d.Turns {
		spans[i] = t.Utterance()
	}
	return unitsOf(d.Text, spans, lang)
}

// unitsFor returns a study.UnitFunc for a language, used by corrections.
func unitsFor(lang string) study.UnitFunc {
	return func(text string, utterances []corpus.Span) (map[string][]corpus.Span, error) {
		return unitsOf(text, utterances, lang)
	}
}

func unitsOf(text string, spans []corpus.Span, lang string) (map[string][]corpus.Span, error) {
	idx := corpus.NewPositionIndex(text)
	utterances := make([]nlp.Span, len(spans))
	for i, t := range spans {
		a, err := idx.ByteOffset(t.Start)
		if err != nil {
			return nil, err
		}
		b, err := idx.ByteOffset(t.End)
		if err != nil {
			return nil, err
		}
		utterances[i] = nlp.Span{Start: a, End: b}
	}
	toRunes := func(spans []nlp.Span) []corpus.Span {
		cur := corpus.NewRuneCursor(text)
		out := make([]corpus.Span, len(spans))
		for i, s := range spans {
			out[i] = corpus.Span{Start: cur.RuneOffset(s.Start), End: cur.RuneOffset(s.End)}
		}
		return out
	}
	seg, err := segmenter()
	if err != nil {
		return nil, fmt.Errorf("sentence segmenter: %w", err)
	}
	sentences := toRunes(seg.Sentences(text, utterances, lang))
	return map[string][]corpus.Span{
		"sentence": sentences,
		"word":     wordsInRunes(text, utterances),
	}, nil
}

// wordChunk is how many utterances wordsInRunes reads at a time.
const wordChunk = 2048

// wordsInRunes finds the word units of the utterances in code points. A
// transcript of 50 MB has millions of words: they are found a chunk of
// utterances at a time, counted first so that the result is allocated
// once at its size, and the byte spans of only one chunk are held at a
// time (docs/BENCHMARKS.md, "Import": memory under 10 times the file).
func wordsInRunes(text string, utterances []nlp.Span) []corpus.Span {
	var buf []nlp.Span
	n := 0
	for i := 0; i < len(utterances); i += wordChunk {
		buf = nlp.AppendWords(buf[:0], text, utterances[i:min(i+wordChunk, len(utterances))])
		n += len(buf)
	}
	out := make([]corpus.Span, 0, n)
	cur := corpus.NewRuneCursor(text)
	for i := 0; i < len(utterances); i += wordChunk {
		buf = nlp.AppendWords(buf[:0], text, utterances[i:min(i+wordChunk, len(utterances))])
		for _, s := range buf {
			out = append(out, corpus.Span{Start: cur.RuneOffset(s.Start), End: cur.RuneOffset(s.End)})
		}
	}
	return out
}

// detectLanguage guesses the language from the first utterances.
func detectLanguage(d *corpus.Draft) string {
	sample := d.Text
	if len(sample) > 20000 {
		sample = sample[:20000]
	}
	return nlp.DetectLanguage(sample)
}
