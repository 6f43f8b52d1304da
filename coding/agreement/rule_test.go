package agreement

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

// ruleSource is the tester's transcript of issue 18:
//
//	Mod: How was it?\n                       label 0–3, utterance 5–16
//	Ana: I felt alone. Then it got better.\n label 17–20, utterance 22–55
//	Ben: Same here.\n                        label 56–59, utterance 61–71
//
// with sentences 5–16, 22–35 ("I felt alone."), 36–55, 61–71 and every word.
func ruleSource(t *testing.T) Source {
	t.Helper()
	src := sourceFromLines("s", "Mod: How was it?\nAna: I felt alone. Then it got better.\nBen: Same here.\n", "Mod")
	if got := src.Turns[1].Utterance; got != (corpus.Span{Start: 22, End: 55}) {
		t.Fatalf("Ana's utterance at %v", got)
	}
	src.Sentences = []corpus.Span{{Start: 5, End: 16}, {Start: 22, End: 35}, {Start: 36, End: 55}, {Start: 61, End: 71}}
	runes := []rune(src.Text)
	for _, turn := range src.Turns {
		start := -1
		for i := turn.Utterance.Start; i <= turn.Utterance.End; i++ {
			space := i == turn.Utterance.End || runes[i] == ' '
			if !space && start < 0 {
				start = i
			}
			if space && start >= 0 {
				src.Words = append(src.Words, corpus.Span{Start: start, End: i})
				start = -1
			}
		}
	}
	if len(src.Words) != 3+7+2 {
		t.Fatalf("%d words", len(src.Words))
	}
	return src
}

type cells struct{ both, onlyA, onlyB, neither int64 }

// kappaOf is Cohen's kappa worked out from a 2×2 table, for checking.
func kappaOf(c cells) float64 {
	n := float64(c.both + c.onlyA + c.onlyB + c.neither)
	a1, b1 := float64(c.both+c.onlyA)/n, float64(c.both+c.onlyB)/n
	po := float64(c.both+c.neither) / n
	pe := a1*b1 + (1-a1)*(1-b1)
	return (po - pe) / (1 - pe)
}

func checkCells(t *testing.T, src Source, opts Options, want cells, wantKappa float64) {
	t.Helper()
	rep, err := Compute([]Source{src}, []string{"x"}, []string{"ana", "ben"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := rep.PerSource[0].Pairs[0]
	got := cells{p.Both, p.OnlyA, p.OnlyB, p.Neither}
	if got != want {
		t.Errorf("%s/%s: cells %+v, want %+v", opts.Unit, opts.Scope, got, want)
	}
	if math.Abs(kappaOf(want)-wantKappa) > 1e-12 {
		t.Fatalf("the test's own arithmetic is off: %v", kappaOf(want))
	}
	if !p.CohenKappa.Defined || math.Abs(p.CohenKappa.V-wantKappa) > 1e-12 {
		t.Errorf("%s/%s: kappa %v, want %v", opts.Unit, opts.Scope, p.CohenKappa, wantKappa)
	}
}

// Issue 18, item 1: ana codes "I felt alone.", ben codes only the space
// after "I". White space never counts, in either scope and at every unit:
// ben applied the code to nothing, so kappa is 0 everywhere (it was 1 at
// sentence units under --scope all).
func TestWhiteSpaceNeverCounts(t *testing.T) {
	src := ruleSource(t)
	src.Codings["x"] = [][]corpus.Span{{{Start: 22, End: 35}}, {{Start: 23, End: 24}}}
	for _, c := range []struct {
		opts  Options
		want  cells
		kappa float64
	}{
		// Sentences of participants: 22–35, 36–55, 61–71; ana has the
		// first. p_o = 2/3, a₁ = 1/3, b₁ = 0, p_e = 2/3 · 1 = 2/3: kappa 0.
		{Options{Unit: UnitSentence, Scope: ScopeParticipants}, cells{0, 1, 0, 2}, 0},
		// All speakers add "How was it?": p_o = 3/4 = p_e.
		{Options{Unit: UnitSentence, Scope: ScopeAll}, cells{0, 1, 0, 3}, 0},
		// Words: "I felt alone." is 3 of the 9 participant words, 3 of 12.
		{Options{Unit: UnitWord, Scope: ScopeParticipants}, cells{0, 3, 0, 6}, 0},
		{Options{Unit: UnitWord, Scope: ScopeAll}, cells{0, 3, 0, 9}, 0},
		// Characters: "I felt alone." has 11 non-space characters; the
		// participants' utterances 11 + 16 + 9 = 36, with the moderator's 9
		// more.
		{Options{Unit: UnitChar, Scope: ScopeParticipants}, cells{0, 11, 0, 25}, 0},
		{Options{Unit: UnitChar, Scope: ScopeAll}, cells{0, 11, 0, 34}, 0},
		// Turns: ben's space lies in Ana's turn but is no judgement.
		{Options{Unit: UnitTurn, Scope: ScopeParticipants}, cells{0, 1, 0, 1}, 0},
		{Options{Unit: UnitTurn, Scope: ScopeAll}, cells{0, 1, 0, 2}, 0},
	} {
		checkCells(t, src, c.opts, c.want, c.kappa)
	}
	// One unit, ana applied, ben not: p_o = 0, p_e = 0, kappa 0.
	checkCells(t, src, Options{Unit: UnitSource, Scope: ScopeAll}, cells{0, 1, 0, 0}, 0)
}

// Issue 18, item 2: a speaker label is never part of a unit, whatever the
// unit: ana highlights only the label "Ana", ben codes Ana's utterance.
// Ana applied the code to nothing at every unit (at turn units it used to
// count as applying it to the turn, kappa 1).
func TestSpeakerLabelsAreNeverUnits(t *testing.T) {
	src := ruleSource(t)
	src.Codings["x"] = [][]corpus.Span{{{Start: 17, End: 20}}, {{Start: 22, End: 55}}}
	for _, c := range []struct {
		opts  Options
		want  cells
		kappa float64
	}{
		// Turns of all speakers: 3, ben has Ana's. a₁ = 0, b₁ = 1/3:
		// p_o = 2/3, p_e = 1 · 2/3: kappa 0.
		{Options{Unit: UnitTurn, Scope: ScopeAll}, cells{0, 0, 1, 2}, 0},
		{Options{Unit: UnitTurn, Scope: ScopeParticipants}, cells{0, 0, 1, 1}, 0},
		{Options{Unit: UnitSentence, Scope: ScopeAll}, cells{0, 0, 2, 2}, 0},
		{Options{Unit: UnitWord, Scope: ScopeAll}, cells{0, 0, 7, 5}, 0},
		// 11 + 16 non-space characters in Ana's utterance, of 45.
		{Options{Unit: UnitChar, Scope: ScopeAll}, cells{0, 0, 27, 18}, 0},
	} {
		checkCells(t, src, c.opts, c.want, c.kappa)
	}
	// Both highlight only the label: nobody applied the code to any unit,
	// so it is left out as out of scope (it used to show kappa 1 at turn
	// units), and the other code's figures are all there is.
	src.Codings["x"] = [][]corpus.Span{{{Start: 17, End: 20}}, {{Start: 17, End: 20}}}
	src.Codings["y"] = [][]corpus.Span{{{Start: 22, End: 55}}, {{Start: 22, End: 55}}}
	for _, u := range []Unit{UnitChar, UnitWord, UnitSentence, UnitTurn, UnitSource} {
		rep, err := Compute([]Source{src}, []string{"x", "y", "z"}, []string{"ana", "ben"}, Options{Unit: u, Scope: ScopeAll})
		if err != nil {
			t.Fatal(err)
		}
		want := []LeftOutCode{{"x", CodeOutOfScope}, {"z", CodeUnused}}
		if !slices.Equal(rep.LeftOutCodes, want) || !slices.Equal(rep.Codes, []string{"y"}) || len(rep.PerCode) != 1 || len(rep.PerSource) != 1 {
			t.Errorf("%s: compared %v, left out %v", u, rep.Codes, rep.LeftOutCodes)
		}
		if p, y := rep.Overall.Pairs[0].Pooled, rep.PerCode[0].Pairs[0]; p.Both != y.Both || p.Neither != y.Neither || p.Units != y.Units {
			t.Errorf("%s: pooled %+v counts a left-out code (y alone: %+v)", u, p, y)
		}
	}
}

// The nvivo scope counts every character (to reproduce NVivo) and refuses
// other units; the rule says so.
func TestNVivoScopeIsCharactersOnly(t *testing.T) {
	src := ruleSource(t)
	src.Codings["x"] = [][]corpus.Span{{{Start: 22, End: 35}}, {{Start: 23, End: 24}}}
	// All 72 characters; ana's 13, ben's 1 inside them.
	checkCells(t, src, Options{Unit: UnitChar, Scope: ScopeNVivo}, cells{1, 12, 0, 59}, kappaOf(cells{1, 12, 0, 59}))
	if _, err := Compute([]Source{src}, []string{"x"}, []string{"ana", "ben"}, Options{Unit: UnitTurn, Scope: ScopeNVivo}); err == nil {
		t.Error("nvivo scope accepted turn units")
	}
	for _, opts := range []Options{{Unit: UnitSentence, Scope: ScopeAll}, {Unit: UnitChar, Scope: ScopeParticipants}} {
		if r := Rule(opts); !strings.Contains(r, "white space are never part of a unit") || !strings.Contains(r, "Speaker labels") {
			t.Errorf("rule for %v: %s", opts, r)
		}
	}
	if r := Rule(Options{Unit: UnitChar, Scope: ScopeNVivo}); !strings.Contains(r, "white space included") {
		t.Errorf("nvivo rule: %s", r)
	}
}
