package agreement

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// randomStudy is sources of participants' turns (and a moderator's), with
// three coders who each apply four codes to random turns.
func randomStudy(seed uint64) ([]Source, []string, []string) {
	rng := rand.New(rand.NewPCG(seed, 1))
	codes, coders := []string{"a", "b", "c", "d"}, []string{"ana", "ben", "cy"}
	var sources []Source
	for s := range 4 {
		var lines []string
		for t := range 12 + rng.IntN(10) {
			speaker := fmt.Sprintf("P%d", t%4+1)
			if t%6 == 0 {
				speaker = "MOD"
			}
			lines = append(lines, speaker+": "+strings.Repeat("words here ", 1+rng.IntN(4)))
		}
		src := sourceFromLines(fmt.Sprintf("s%d", s), strings.Join(lines, "\n")+"\n", "MOD")
		for i, code := range codes {
			for range coders {
				var spans []corpus.Span
				for _, turn := range src.Turns {
					if rng.Float64() < 0.15+0.1*float64(i) {
						spans = append(spans, turn.Utterance)
					}
				}
				src.Codings[code] = append(src.Codings[code], spans)
			}
		}
		sources = append(sources, src)
	}
	return sources, codes, coders
}

func computeWithIntervals(t *testing.T, only func(Figure) bool) Report {
	t.Helper()
	return computeWithinMemory(t, only, 0)
}

func computeWithinMemory(t *testing.T, only func(Figure) bool, memory int64) Report {
	t.Helper()
	sources, codes, coders := randomStudy(7)
	r, err := Compute(sources, codes, coders, Options{Unit: UnitChar, Scope: ScopeParticipants,
		Intervals: &Intervals{Confidence: 0.9, Replicates: 37, Seed: 3, Clusters: ClusterTurns, Only: only, memory: memory}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Choosing figures leaves the others without intervals and does not move
// the intervals of those chosen (issue 18: the text asks only for the
// figures it shows).
func TestIntervalsOfChosenFiguresAreThoseOfEveryFigure(t *testing.T) {
	all := computeWithIntervals(t, nil)
	chosen := computeWithIntervals(t, func(f Figure) bool {
		return f.Name == "cohen_kappa" || (f.Level == LevelOverall && !f.Pair) || (f.Level == LevelSource && f.Name == "gwet_ac1")
	})
	if len(all.PerSource) == 0 || len(all.BySource) != 4 || len(all.PerCode) != 4 {
		t.Fatalf("the study has %d codes, %d sources, %d cells", len(all.PerCode), len(all.BySource), len(all.PerSource))
	}
	same := func(what string, a, b map[string]Interval, want ...string) {
		t.Helper()
		if len(b) != len(want) {
			t.Errorf("%s: intervals of %v, want only %v", what, b, want)
		}
		for _, name := range want {
			if _, ok := a[name]; !ok || !reflect.DeepEqual(a[name], b[name]) {
				t.Errorf("%s %s: chosen %+v, of every figure %+v", what, name, b[name], a[name])
			}
		}
	}
	// Sources compute every two-coder figure (Gwet's AC1 is asked for),
	// codes and cells only kappa.
	levels := []struct {
		name         string
		all, chose   []CodeResult
		pairs, group []string
	}{{"code", all.PerCode, chosen.PerCode, []string{"cohen_kappa"}, nil},
		{"source", all.BySource, chosen.BySource, []string{"cohen_kappa", "gwet_ac1"}, []string{"gwet_ac1"}},
		{"cell", all.PerSource, chosen.PerSource, []string{"cohen_kappa"}, nil}}
	for _, l := range levels {
		for i := range l.all {
			for j := range l.all[i].Pairs {
				same(l.name+" pair", l.all[i].Pairs[j].Intervals, l.chose[i].Pairs[j].Intervals, l.pairs...)
			}
			same(l.name+" group", l.all[i].Group.Intervals, l.chose[i].Group.Intervals, l.group...)
		}
	}
	for j := range all.Overall.Pairs {
		same("overall pair", all.Overall.Pairs[j].Pooled.Intervals, chosen.Overall.Pairs[j].Pooled.Intervals, "cohen_kappa")
		if chosen.Overall.Pairs[j].MeanPercentAgreement.Interval != nil {
			t.Error("the mean percent agreement was not chosen, yet has an interval")
		}
	}
	same("overall group", all.Overall.Pooled.Intervals, chosen.Overall.Pooled.Intervals, "percent_agreement", "krippendorff_alpha", "fleiss_kappa", "gwet_ac1", "brennan_prediger")
	if !reflect.DeepEqual(all.Overall.MeanAlpha, chosen.Overall.MeanAlpha) || chosen.Overall.MeanAlpha.Interval == nil {
		t.Errorf("mean alpha: chosen %+v, of every figure %+v", chosen.Overall.MeanAlpha, all.Overall.MeanAlpha)
	}
	// An interval is a real one: it holds the estimate here, and differs
	// from code to code.
	iv := all.PerCode[0].Pairs[0].Intervals["cohen_kappa"]
	if k := all.PerCode[0].Pairs[0].CohenKappa; !iv.Lower.Defined || iv.Lower.V > k.V || iv.Upper.V < k.V || iv.Lower.V == iv.Upper.V {
		t.Errorf("kappa %v, interval %+v", k, iv)
	}
}

// The replicates are computed by as many workers as there are processors,
// yet the intervals are the same on one processor or four.
func TestIntervalsDoNotDependOnTheWorkers(t *testing.T) {
	previous := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(previous)
	one, err := json.Marshal(computeWithIntervals(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	for range 3 {
		four, err := json.Marshal(computeWithIntervals(t, nil))
		if err != nil {
			t.Fatal(err)
		}
		if string(one) != string(four) {
			t.Fatal("the report with four workers differs from the report with one")
		}
	}
}

// Tallies of many coders live in maps, of few in arrays: both give the
// same presence, sorted by set of coders, with the units nobody applied
// the code to first.
func TestTallyArrayAndMapAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dense, sparse := newTally(6), &tally{sparse: map[uint64]int64{}}
	if dense.dense == nil || newTally(denseCoders+1).dense != nil {
		t.Fatal("few coders tally in arrays, many in maps")
	}
	for round := range 3 {
		var units int64
		for range 40 {
			mask, n := uint64(1+rng.IntN(63)), int64(1+rng.IntN(9))
			dense.add(mask, n)
			sparse.add(mask, n)
			units += n
		}
		units += int64(round) * 5 // units nobody applied the code to
		a, b := dense.presence(6, units, nil), sparse.presence(6, units, nil)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("array %+v, map %+v", a, b)
		}
		for i := 1; i < len(a.Patterns); i++ {
			if a.Patterns[i-1].Applied >= a.Patterns[i].Applied {
				t.Fatalf("patterns out of order: %+v", a.Patterns)
			}
		}
		if round > 0 && a.Patterns[0] != (agree.Pattern{Applied: 0, Units: int64(round) * 5}) {
			t.Errorf("the units nobody applied the code to: %+v", a.Patterns[0])
		}
	}
}

// Within a small memory the figures take several passes, each drawing
// the same replicates again: the intervals are those of one pass.
func TestIntervalsInPassesAreThoseOfOnePass(t *testing.T) {
	one, err := json.Marshal(computeWithIntervals(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	// 37 replicates × 4 bytes × 100 figures: a few groups per pass; 1 byte:
	// one group per pass.
	for _, memory := range []int64{37 * 4 * 100, 1} {
		passes, err := json.Marshal(computeWithinMemory(t, nil, memory))
		if err != nil {
			t.Fatal(err)
		}
		if string(one) != string(passes) {
			t.Errorf("within %d bytes the report differs from the report of one pass", memory)
		}
	}
	chosen := func(f Figure) bool { return f.Name == "cohen_kappa" || f.Level == LevelOverall }
	a, _ := json.Marshal(computeWithIntervals(t, chosen))
	b, _ := json.Marshal(computeWithinMemory(t, chosen, 1))
	if string(a) != string(b) {
		t.Error("with figures chosen, the passes differ from one pass")
	}
}

// Every code in every source is the same whether Compute holds the cells
// (PerSource) or Report.EachCell computes them on demand (issue 18: a
// large study's cells took most of agree --per-source's memory): in one
// pass of the bootstrap for all of them, or one pass per cell.
func TestCellsOnDemandAreTheCellsHeld(t *testing.T) {
	sources, codes, coders := randomStudy(7)
	every := Intervals{Confidence: 0.9, Replicates: 37, Seed: 3, Clusters: ClusterTurns}
	chosen := every
	chosen.Only = func(f Figure) bool { return f.Name == "krippendorff_alpha" && !f.Pair }
	bySource := every
	bySource.Clusters = ClusterSources
	for _, c := range []struct {
		name string
		iv   *Intervals
	}{{"no intervals", nil}, {"every figure", &every}, {"figures chosen", &chosen}, {"sources resampled", &bySource}} {
		held, err := Compute(sources, codes, coders, Options{Unit: UnitChar, Scope: ScopeParticipants, Intervals: c.iv})
		if err != nil {
			t.Fatal(err)
		}
		if len(held.PerSource) != len(sources)*len(held.PerCode) || len(held.PerSource) == 0 {
			t.Fatalf("%s: %d cells held", c.name, len(held.PerSource))
		}
		if cell := held.PerSource[len(held.PerSource)-1]; c.iv != nil && c.iv.Clusters == ClusterTurns && cell.Group.Intervals["krippendorff_alpha"].Lower == (agree.Value{}) {
			t.Fatalf("%s: the last cell has no interval: %+v", c.name, cell.Group)
		}
		rest, err := json.Marshal(held.Overall)
		if err != nil {
			t.Fatal(err)
		}
		for _, memory := range []int64{0, 1} {
			opts := Options{Unit: UnitChar, Scope: ScopeParticipants, CellsOnDemand: true}
			if c.iv != nil {
				iv := *c.iv
				iv.memory = memory
				opts.Intervals = &iv
			}
			r, err := Compute(sources, codes, coders, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.PerSource) != 0 {
				t.Errorf("%s: on demand, the report holds %d cells", c.name, len(r.PerSource))
			}
			if overall, _ := json.Marshal(r.Overall); string(overall) != string(rest) || !reflect.DeepEqual(r.PerCode, held.PerCode) || !reflect.DeepEqual(r.BySource, held.BySource) {
				t.Errorf("%s, memory %d: the figures pooled differ from those of the report holding the cells", c.name, memory)
			}
			for round := range 2 { // and again: the cells are computed anew
				var got []CodeResult
				if err := r.EachCell(func(cr CodeResult) error {
					got = append(got, cr)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, held.PerSource) {
					t.Errorf("%s, memory %d, round %d: the cells on demand differ from those held", c.name, memory, round)
				}
			}
		}
	}
}

// EachCell stops at the first error its yield returns, and returns it.
func TestEachCellStopsAtAnError(t *testing.T) {
	sources, codes, coders := randomStudy(7)
	r, err := Compute(sources, codes, coders, Options{Unit: UnitTurn, Scope: ScopeParticipants, CellsOnDemand: true,
		Intervals: &Intervals{Confidence: 0.9, Replicates: 10, Seed: 3, Clusters: ClusterTurns, memory: 1}})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("reader went away")
	calls := 0
	err = r.EachCell(func(CodeResult) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Errorf("EachCell returned %v after %d cells, want the yield's error after 3", err, calls)
	}
	pooled, err := Compute(sources, codes, coders, Options{Unit: UnitTurn, Scope: ScopeParticipants, PooledOnly: true, CellsOnDemand: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := pooled.EachCell(func(CodeResult) error { return stop }); err != nil {
		t.Errorf("with PooledOnly EachCell gave a cell (%v)", err)
	}
}
