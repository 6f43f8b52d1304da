package agreement

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

// simulated is a source with its units and two coders' codings of one
// code, drawn from a model in which codings come in segments that cover
// stretches of sentences inside one turn: neighbouring characters, words
// and sentences are far from independent.
type simulated struct {
	src     Source
	applied [2][]bool // per coder, per position: coded
}

// simulateSource draws turns of 1–4 sentences of 3–10 words. In a turn the
// theme is present with probability 0.35, over a run of its sentences;
// each coder codes a present theme with probability 0.8, with boundaries
// off by up to two words at either end, and codes one sentence of a turn
// without it with probability 0.08.
func simulateSource(rng *rand.Rand, name string, turns int) simulated {
	var text strings.Builder
	pos := 0
	write := func(s string) {
		text.WriteString(s)
		pos += len(s) // ASCII only
	}
	src := Source{Name: name, Codings: map[string][][]corpus.Span{}}
	var codings [2][]corpus.Span
	for t := range turns {
		label := fmt.Sprintf("P%d", t%5+1)
		labelStart := pos
		write(label + ": ")
		utterStart := pos
		var words []corpus.Span
		var sentenceWords [][2]int // first and last word index
		sentences := 1 + rng.IntN(4)
		for s := range sentences {
			if s > 0 {
				write(" ")
			}
			first := len(words)
			n := 3 + rng.IntN(8)
			for w := range n {
				if w > 0 {
					write(" ")
				}
				word := strings.Repeat("a", 2+rng.IntN(6))
				if w == n-1 {
					word += "."
				}
				words = append(words, corpus.Span{Start: pos, End: pos + len(word)})
				write(word)
			}
			sentenceWords = append(sentenceWords, [2]int{first, len(words) - 1})
			src.Sentences = append(src.Sentences, corpus.Span{Start: words[first].Start, End: words[len(words)-1].End})
		}
		src.Turns = append(src.Turns, Turn{Seq: t + 1, Speaker: label, Label: corpus.Span{Start: labelStart, End: labelStart + len(label)},
			Utterance: corpus.Span{Start: utterStart, End: pos}})
		src.Words = append(src.Words, words...)
		write("\n")
		wordSpan := func(a, b int) corpus.Span {
			a = max(0, min(a, len(words)-1))
			b = max(a, min(b, len(words)-1))
			return corpus.Span{Start: words[a].Start, End: words[b].End}
		}
		if rng.Float64() < 0.35 {
			from := rng.IntN(sentences)
			to := from + rng.IntN(sentences-from)
			a, b := sentenceWords[from][0], sentenceWords[to][1]
			for c := range 2 {
				if rng.Float64() < 0.8 {
					codings[c] = append(codings[c], wordSpan(a+rng.IntN(5)-2, b+rng.IntN(5)-2))
				}
			}
			continue
		}
		for c := range 2 {
			if rng.Float64() < 0.08 {
				s := sentenceWords[rng.IntN(sentences)]
				codings[c] = append(codings[c], wordSpan(s[0], s[1]))
			}
		}
	}
	src.Text = text.String()
	src.Codings["theme"] = [][]corpus.Span{codings[0], codings[1]}
	sim := simulated{src: src}
	for c := range 2 {
		sim.applied[c] = make([]bool, pos)
		for _, s := range codings[c] {
			for x := s.Start; x < s.End; x++ {
				sim.applied[c][x] = true
			}
		}
	}
	return sim
}

// plainKappa counts the 2 × 2 table position by position, without the
// package: a unit is applied by a coder when one of its non-space
// positions is coded. It gives the truth the intervals must cover.
func plainKappa(sims []simulated, unit Unit) float64 {
	var n [2][2]float64
	for _, sim := range sims {
		var units []corpus.Span
		switch unit {
		case UnitChar:
			for _, t := range sim.src.Turns {
				for x := t.Utterance.Start; x < t.Utterance.End; x++ {
					units = append(units, corpus.Span{Start: x, End: x + 1})
				}
			}
		case UnitWord:
			units = sim.src.Words
		case UnitSentence:
			units = sim.src.Sentences
		case UnitTurn:
			for _, t := range sim.src.Turns {
				units = append(units, t.Utterance)
			}
		}
		for _, u := range units {
			var got [2]int
			blank := true
			for x := u.Start; x < u.End; x++ {
				if sim.src.Text[x] == ' ' {
					continue
				}
				blank = false
				for c := range 2 {
					if sim.applied[c][x] {
						got[c] = 1
					}
				}
			}
			if !blank {
				n[got[0]][got[1]]++
			}
		}
	}
	total := n[0][0] + n[0][1] + n[1][0] + n[1][1]
	a1, b1 := (n[1][0]+n[1][1])/total, (n[0][1]+n[1][1])/total
	po := (n[0][0] + n[1][1]) / total
	pe := a1*b1 + (1-a1)*(1-b1)
	return (po - pe) / (1 - pe)
}

// Issue 18, item 5: the 95% interval of Cohen's kappa, resampling turns,
// covers the true kappa between 90% and 98% of the time at character,
// word, sentence and turn units. The truth is the kappa of a very large
// sample from the same model, counted position by position. (Resampling
// single units covered it 13–14% of the time at character units.)
//
// 500 simulations put the standard error of each coverage near 1.2
// points; the percentile interval covers about 92–93% here, so the test
// holds with a margin. It takes about 13 s of CPU.
func TestClusterBootstrapCoverage(t *testing.T) {
	t.Parallel()
	const (
		simulations = 500
		replicates  = 200
		sourcesPer  = 3
		turnsPer    = 80
	)
	rng := rand.New(rand.NewPCG(2026, 18))
	var population []simulated
	for i := range 40 {
		population = append(population, simulateSource(rng, fmt.Sprint("pop", i), 500))
	}
	units := []Unit{UnitChar, UnitWord, UnitSentence, UnitTurn}
	truth := map[Unit]float64{}
	for _, u := range units {
		truth[u] = plainKappa(population, u)
	}
	covered := map[Unit]int{}
	for s := range simulations {
		var sources []Source
		for i := range sourcesPer {
			sources = append(sources, simulateSource(rng, fmt.Sprint("s", i), turnsPer).src)
		}
		for _, u := range units {
			iv := &Intervals{Confidence: 0.95, Replicates: replicates, Seed: uint64(s), Clusters: ClusterTurns}
			rep, err := Compute(sources, []string{"theme"}, []string{"a", "b"}, Options{Unit: u, Scope: ScopeAll, Intervals: iv})
			if err != nil {
				t.Fatal(err)
			}
			ci, ok := rep.PerCode[0].Pairs[0].Intervals["cohen_kappa"]
			if !ok || !ci.Lower.Defined || !ci.Upper.Defined {
				t.Fatalf("%s: no interval: %+v", u, rep.PerCode[0].Pairs[0].Intervals)
			}
			if ci.Lower.V <= truth[u] && truth[u] <= ci.Upper.V {
				covered[u]++
			}
		}
	}
	for _, u := range units {
		share := float64(covered[u]) / simulations
		t.Logf("%s: true kappa %.3f, covered %.1f%%", u, truth[u], 100*share)
		if share < 0.90 || share > 0.98 {
			t.Errorf("%s: the 95%% interval covered the true kappa %.3f in %.1f%% of %d simulations, want 90–98%%", u, truth[u], 100*share, simulations)
		}
	}
}
