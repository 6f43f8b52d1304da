package nlp

import (
	"runtime"
	"testing"
)

// The import of a 1-million-word corpus must take under 5 s in total, so
// these measure one 1M-word English source and one 100k-word Spanish one.

func BenchmarkSentences(b *testing.B) {
	seg, err := NewSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		words   int
		spanish bool
		lang    string
	}{
		{"en-1M", 1_000_000, false, "en"},
		{"es-100k", 100_000, true, "es"},
		{"unknown-1M", 1_000_000, false, ""},
	} {
		text, utts := genTranscript(c.words, c.spanish, 1)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Sink = seg.Sentences(text, utts, c.lang)
			}
		})
	}
}

func BenchmarkWords(b *testing.B) {
	for _, c := range []struct {
		name    string
		words   int
		spanish bool
	}{
		{"en-1M", 1_000_000, false},
		{"es-100k", 100_000, true},
	} {
		text, utts := genTranscript(c.words, c.spanish, 1)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Sink = Words(text, utts)
			}
		})
	}
}

// BenchmarkNewSegmenter measures building a Segmenter and, as
// "retained-B", the heap it keeps alive afterwards.
func BenchmarkNewSegmenter(b *testing.B) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		s, err := NewSegmenter()
		if err != nil {
			b.Fatal(err)
		}
		SinkSeg = s
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)), "retained-B")
}

func BenchmarkDetectLanguage(b *testing.B) {
	text, _ := genTranscript(1_000_000, false, 1)
	b.ReportAllocs()
	for b.Loop() {
		SinkStr = DetectLanguage(text)
	}
}

// Sinks keep the compiler from discarding benchmarked results.
var (
	Sink    []Span
	SinkSeg *Segmenter
	SinkStr string
)
