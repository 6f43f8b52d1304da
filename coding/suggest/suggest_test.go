package suggest

import (
	"math"
	"slices"
	"testing"
)

// The fixture of the hand-worked example: five English passages, two of
// which are the code's coded passages' words.
var handPassages = []Text{
	{Text: "Nurses ignored me on the ward.", Lang: "en"},
	{Text: "The ward was quiet at night.", Lang: "en"},
	{Text: "Nobody on the ward asked my name.", Lang: "en"},
	{Text: "I felt ignored by the nurses every single night.", Lang: "en"},
	{Text: "Lunch was good.", Lang: "en"},
}

// The terms of each passage, worked out by hand: stop words (the, me, on,
// was, at, my, I, by) out, the rest folded and stemmed.
var handTerms = [][]string{
	{"nurs", "ignor", "ward"},
	{"ward", "quiet", "night"},
	{"nobody", "ward", "ask", "nam"},
	{"felt", "ignor", "nurs", "every", "singl", "night"},
	{"lunch", "good"},
}

func TestTermsAreStemsWithoutStopWords(t *testing.T) {
	for i, p := range handPassages {
		if got := Terms(p); !slices.Equal(got, handTerms[i]) {
			t.Errorf("Terms(%q) = %q, want %q", p.Text, got, handTerms[i])
		}
	}
}

// Issue 20: the ranking and its explanation on a fixture whose weights the
// test computes itself, from the hand-written terms above and the BM25
// formula as Robertson & Zaragoza (2009) give it.
func TestRankingAndExplanationWorkedByHand(t *testing.T) {
	examples := []Text{{Text: "Nurses ignored me.", Lang: "en"}, {Text: "Nobody asked my name.", Lang: "en"}}
	exampleTerms := [][]string{{"nurs", "ignor"}, {"nobody", "ask", "nam"}}

	// The model, computed here independently.
	n := float64(len(handTerms))
	df := map[string]float64{}
	total := 0.0
	for _, terms := range handTerms {
		seen := map[string]bool{}
		for _, term := range terms {
			if !seen[term] {
				seen[term] = true
				df[term]++
			}
		}
		total += float64(len(terms))
	}
	avg := total / n
	share := map[string]float64{}
	for _, terms := range exampleTerms {
		for _, term := range terms {
			share[term] += 1.0 / float64(len(exampleTerms))
		}
	}
	weight := func(doc []string, term string) float64 {
		tf := 0.0
		for _, x := range doc {
			if x == term {
				tf++
			}
		}
		idf := math.Log(1 + (n-df[term]+0.5)/(df[term]+0.5))
		return share[term] * idf * tf * 2.2 / (tf + 1.2*(0.25+0.75*float64(len(doc))/avg))
	}
	want := map[int]float64{}
	for i, doc := range handTerms {
		seen := map[string]bool{}
		for _, term := range doc {
			if share[term] > 0 && !seen[term] {
				seen[term] = true
				want[i] += weight(doc, term)
			}
		}
	}
	// By hand: passage 2 shares three rare terms (each in one passage),
	// passage 0 two terms held by two passages each, passage 3 the same two
	// in a longer passage; 1 and 4 share nothing.
	if !(want[2] > want[0] && want[0] > want[3] && want[1] == 0 && want[4] == 0) {
		t.Fatalf("the hand-worked scores are not in the expected order: %v", want)
	}

	ix := NewIndex(handPassages)
	got := ix.Rank(ix.NewQuery(examples), handPassages, nil, 0)
	var order []int
	for _, r := range got {
		order = append(order, r.Passage)
		if math.Abs(r.Score-want[r.Passage]) > 1e-9 {
			t.Errorf("passage %d: score %.12f, want %.12f", r.Passage, r.Score, want[r.Passage])
		}
		sum := 0.0
		for _, s := range r.Shared {
			sum += s.Weight
			if w := weight(handTerms[r.Passage], s.Term); math.Abs(s.Weight-w) > 1e-9 {
				t.Errorf("passage %d, term %s: weight %.12f, want %.12f", r.Passage, s.Term, s.Weight, w)
			}
		}
		if math.Abs(sum-r.Score) > 1e-9 {
			t.Errorf("passage %d: the shared terms' weights add up to %v, not the score %v", r.Passage, sum, r.Score)
		}
	}
	if !slices.Equal(order, []int{2, 0, 3}) {
		t.Fatalf("order = %v, want [2 0 3]", order)
	}
	// Why passage 2: three terms of equal weight, by term; each shown as
	// the word the passage has.
	var why []string
	for _, s := range got[0].Shared {
		why = append(why, s.Term+"="+s.Word)
		if s.Share != 0.5 || s.Count != 1 {
			t.Errorf("term %s: share %v count %d, want 0.5 and 1", s.Term, s.Share, s.Count)
		}
	}
	if !slices.Equal(why, []string{"ask=asked", "nam=name", "nobody=nobody"}) {
		t.Errorf("why passage 2 = %v", why)
	}
	// Eligibility and the limit: without passage 2, the best one is 0.
	if r := ix.Rank(ix.NewQuery(examples), handPassages, func(i int) bool { return i != 2 }, 1); len(r) != 1 || r[0].Passage != 0 {
		t.Errorf("without passage 2, limit 1: %+v", r)
	}
	// No coded passage, no suggestion.
	if r := ix.Rank(ix.NewQuery(nil), handPassages, nil, 0); len(r) != 0 {
		t.Errorf("an empty query ranked %d passages", len(r))
	}
}
