package agree

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchSource is one generated transcript: its white space, its turns
// (utterances without the speaker label) and, per code, each coder's
// codings.
type benchSource struct {
	length  int
	blanks  []Span
	turns   []Span
	codings [][][]Span // [code][coder] spans
}

const (
	benchSources = 100
	benchLength  = 30000
	benchCodes   = 200
	benchCoders  = 4
	benchCodings = 100000
)

// benchCorpus generates, from a fixed seed, 100 sources of 30,000
// characters in turns of about 150 characters ("P1: " labels, words of
// 1–10 letters, single spaces, a line end per turn) and 100,000 codings of
// 200 codes by 4 coders: each coded passage (20–600 characters) is coded by
// each coder with probability 0.7, boundaries moved by up to ±15
// characters, so coders mostly but not always agree.
func benchCorpus() []benchSource {
	rng := rand.New(rand.NewPCG(2026, 4))
	sources := make([]benchSource, benchSources)
	for s := range sources {
		src := benchSource{length: benchLength, codings: make([][][]Span, benchCodes)}
		for x := 0; x < benchLength; {
			label := 4 // "P1: ", the space after the colon is blank
			src.blanks = append(src.blanks, Span{x + 3, x + 4})
			end := x + label + 100 + rng.IntN(100)
			if benchLength-end < 250 {
				end = benchLength // the last turn takes the rest
			}
			for w := x + label; w < end-1; {
				w += 1 + rng.IntN(10)
				if w < end-1 {
					src.blanks = append(src.blanks, Span{w, w + 1})
					w++
				}
			}
			src.blanks = append(src.blanks, Span{end - 1, end}) // line end
			src.turns = append(src.turns, Span{x + label, end})
			x = end
		}
		for c := range src.codings {
			src.codings[c] = make([][]Span, benchCoders)
		}
		sources[s] = src
	}
	for made := 0; made < benchCodings; {
		src := &sources[rng.IntN(benchSources)]
		code := rng.IntN(benchCodes)
		start := rng.IntN(benchLength - 600)
		end := start + 20 + rng.IntN(580)
		for coder := 0; coder < benchCoders && made < benchCodings; coder++ {
			if rng.Float64() < 0.7 {
				a := max(0, start+rng.IntN(31)-15)
				b := max(a+1, end+rng.IntN(31)-15)
				src.codings[code][coder] = append(src.codings[code][coder], Span{a, b})
				made++
			}
		}
	}
	return sources
}

// agreeAll computes every pairwise and multi-coder statistic of every code
// in every source, for character units and turn units.
func agreeAll(b *testing.B, sources []benchSource) (sink float64) {
	for _, src := range sources {
		blanks, err := NewBlanks(src.blanks)
		if err != nil {
			b.Fatal(err)
		}
		chars, err := CharacterUnits(blanks, src.turns...)
		if err != nil {
			b.Fatal(err)
		}
		turnUnits := make([][]Span, len(src.turns))
		for i, t := range src.turns {
			turnUnits[i] = []Span{t}
		}
		turns, err := SpanUnits(blanks, turnUnits)
		if err != nil {
			b.Fatal(err)
		}
		for _, codings := range src.codings {
			for _, layout := range []UnitLayout{chars, turns} {
				p, err := layout.Presence(codings)
				if err != nil {
					b.Fatal(err)
				}
				stats := p.Statistics()
				sink += stats.Group.KrippendorffAlpha.V + stats.Pairs[0].CohenKappa.V
			}
		}
	}
	return sink
}

// agreeAllReference does the same with the per-character reference walk
// in place of the interval sweep.
func agreeAllReference(sources []benchSource) (sink float64) {
	for _, src := range sources {
		turnUnits := make([][]Span, len(src.turns))
		for i, t := range src.turns {
			turnUnits[i] = []Span{t}
		}
		for _, codings := range src.codings {
			for _, perChar := range []bool{true, false} {
				tc := textCase{length: src.length, blanks: src.blanks, perChar: perChar, codings: codings}
				if perChar {
					tc.within = src.turns
				} else {
					tc.units = turnUnits
				}
				stats := referencePresence(tc).Statistics()
				sink += stats.Group.KrippendorffAlpha.V + stats.Pairs[0].CohenKappa.V
			}
		}
	}
	return sink
}

// BenchmarkAgreeCorpus: 100 sources × 30,000 characters, 200 codes,
// 4 coders, 100,000 codings; character and turn units; all six pairs and
// all statistics for every code in every source (2 × 20,000 presences).
func BenchmarkAgreeCorpus(b *testing.B) {
	sources := benchCorpus()
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		agreeAll(b, sources)
	}
	cpu.report(b)
}

// BenchmarkAgreeCorpusReference is the same work with the per-character
// reference, for the ratio.
func BenchmarkAgreeCorpusReference(b *testing.B) {
	sources := benchCorpus()
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		agreeAllReference(sources)
	}
	cpu.report(b)
}

// BenchmarkBootstrapAlpha: 1,000 replicates of binary alpha for one code
// over one source's turns (about 200 units) and characters (about 28,000).
func BenchmarkBootstrapAlpha(b *testing.B) {
	src := benchCorpus()[0]
	blanks, err := NewBlanks(src.blanks)
	if err != nil {
		b.Fatal(err)
	}
	turnUnits := make([][]Span, len(src.turns))
	for i, t := range src.turns {
		turnUnits[i] = []Span{t}
	}
	turns, err := SpanUnits(blanks, turnUnits)
	if err != nil {
		b.Fatal(err)
	}
	chars, err := CharacterUnits(blanks, src.turns...)
	if err != nil {
		b.Fatal(err)
	}
	busiest := 0
	for code, codings := range src.codings {
		if len(codings[0]) > len(src.codings[busiest][0]) {
			busiest = code
		}
	}
	for _, unit := range []struct {
		name   string
		layout UnitLayout
	}{{"turns", turns}, {"characters", chars}} {
		p, err := unit.layout.Presence(src.codings[busiest])
		if err != nil {
			b.Fatal(err)
		}
		counts := p.CountTable()
		b.Run(unit.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if _, err := (Bootstrap{Seed: 1}).Units(counts, alphaNominal); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// cpuClock measures process CPU time across a benchmark loop.
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuClock {
	t, ok := processCPU()
	return cpuClock{start: t, ok: ok}
}

// report adds "cpu-ns/op": CPU time of all threads (garbage collection
// included) per iteration, which a busy machine inflates less than wall
// time.
func (c cpuClock) report(b *testing.B) {
	end, ok := processCPU()
	if !c.ok || !ok || b.N == 0 {
		return
	}
	b.ReportMetric(float64(end-c.start)/float64(b.N), "cpu-ns/op")
}
