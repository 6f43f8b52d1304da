// Package analysis holds the computations Focal reports about a focus-group
// study as a whole, with no database and no front end: thematic saturation
// by Guest, Namey & Chen (2020), how each group talked (shares of words
// and turns, the Gini coefficient, who speaks after whom), and the one rule
// that says when a theme rests on too few voices or on one group. The
// command line, the exports and the screens all call these functions, so
// that a figure is the same wherever it is shown.
package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// SaturationOptions are the three parameters of Guest, Namey & Chen (2020).
type SaturationOptions struct {
	// Base is the base size: how many units (groups or sources), taken in
	// the order they were held, make the base of information.
	Base int
	// Run is the run length: how many consecutive units after the base
	// are looked at for new information.
	Run int
	// Threshold is the new-information threshold as a fraction (0.05 for
	// 5 %): a run whose new codes are at most this share of the base's
	// codes shows saturation.
	Threshold float64
	// Consecutive takes runs one after another without overlap (units
	// 5–6, then 7–8); by default runs roll forward one unit at a time
	// (5–6, then 6–7), as the paper's worked example does.
	Consecutive bool
}

// DefaultSaturation gives the values the paper uses in its examples: a
// base of 4, runs of 2 and a threshold of 5 %.
func DefaultSaturation() SaturationOptions {
	return SaturationOptions{Base: 4, Run: 2, Threshold: 0.05}
}

// Check says what is wrong with the options, if anything.
func (o SaturationOptions) Check() error {
	switch {
	case o.Base < 1:
		return fmt.Errorf("the base size must be at least 1 (got %d)", o.Base)
	case o.Run < 1:
		return fmt.Errorf("the run length must be at least 1 (got %d)", o.Run)
	case o.Threshold < 0 || o.Threshold >= 1 || math.IsNaN(o.Threshold):
		return fmt.Errorf("the threshold is a fraction from 0 to below 1, e.g. 0.05 for 5 %% (got %g)", o.Threshold)
	}
	return nil
}

// SaturationUnit is one group (or source) with the codes applied in it, in
// the order the groups were held.
type SaturationUnit struct {
	Name string
	// Codes are the codes applied at least once in the unit (any order;
	// repeats are ignored).
	Codes []string
}

// UnitStep is one unit of the saturation table.
type UnitStep struct {
	Name string
	// Codes counts the distinct codes applied in the unit.
	Codes int
	// New are the codes first applied in this unit, in the order given.
	New []string
	// Cumulative counts the distinct codes applied up to this unit.
	Cumulative int
}

// SaturationRun is one run after the base and the new information in it.
type SaturationRun struct {
	// First and Last are the 1-based positions of the run's units.
	First int `json:"first"`
	Last  int `json:"last"`
	// New counts the codes first applied in the run's units.
	New int `json:"new"`
	// Ratio is New divided by the number of codes in the base.
	Ratio float64 `json:"ratio"`
	// Saturated says whether Ratio is at most the threshold.
	Saturated bool `json:"saturated"`
}

// Saturation is the result of the method over the units.
type Saturation struct {
	Options SaturationOptions
	// Steps has one row per unit, in order.
	Steps []UnitStep
	// BaseCodes counts the distinct codes of the base's units (the
	// denominator of every run's ratio).
	BaseCodes int
	// Runs are the runs looked at, up to the first that shows saturation.
	Runs []SaturationRun
	// Reached says whether a run showed saturation.
	Reached bool
	// Point is the number of units at which saturation was reached: the
	// units before the run that showed it (that run confirms it). 0 when
	// not reached.
	Point int
	// Confirming is the run that showed saturation, when Reached.
	Confirming SaturationRun
	// Short says how far from saturation the data are when not reached.
	Short string
}

// CodeSpread says in how many units a code was applied.
type CodeSpread struct {
	Code  string
	Units int
	// First is the 1-based position of the unit where it was first applied.
	First int
}

// ComputeSaturation applies Guest, Namey & Chen's (2020) method to units in
// the order they were held: the base's distinct codes are the reference;
// each run's new codes (applied in the run and in no earlier unit) are
// divided by that number; the first run at or under the threshold shows
// saturation, reached at the units before it.
func ComputeSaturation(units []SaturationUnit, o SaturationOptions) (Saturation, error) {
	if err := o.Check(); err != nil {
		return Saturation{}, err
	}
	s := Saturation{Options: o}
	seen := map[string]bool{}
	for _, u := range units {
		here := map[string]bool{}
		step := UnitStep{Name: u.Name}
		for _, c := range u.Codes {
			if here[c] {
				continue
			}
			here[c] = true
			step.Codes++
			if !seen[c] {
				seen[c] = true
				step.New = append(step.New, c)
			}
		}
		step.Cumulative = len(seen)
		s.Steps = append(s.Steps, step)
	}
	n := len(s.Steps)
	if n >= o.Base {
		s.BaseCodes = s.Steps[o.Base-1].Cumulative
	}
	switch {
	case n < o.Base+o.Run:
		s.Short = fmt.Sprintf("not reached: the method needs at least %d units, a base of %d and a run of %d, and there are %d: %d short",
			o.Base+o.Run, o.Base, o.Run, n, o.Base+o.Run-n)
		return s, nil
	case s.BaseCodes == 0:
		s.Short = fmt.Sprintf("not reached: no code was applied in the first %d units (the base), so new information cannot be measured against it", o.Base)
		return s, nil
	}
	step := 1
	if o.Consecutive {
		step = o.Run
	}
	for first := o.Base + 1; first+o.Run-1 <= n; first += step {
		r := SaturationRun{First: first, Last: first + o.Run - 1}
		for k := r.First; k <= r.Last; k++ {
			r.New += len(s.Steps[k-1].New)
		}
		r.Ratio = float64(r.New) / float64(s.BaseCodes)
		r.Saturated = atMost(r.New, s.BaseCodes, o.Threshold)
		s.Runs = append(s.Runs, r)
		if r.Saturated {
			s.Reached, s.Point, s.Confirming = true, r.First-1, r
			return s, nil
		}
	}
	last := s.Runs[len(s.Runs)-1]
	allowed := allowedNew(s.BaseCodes, o.Threshold)
	s.Short = fmt.Sprintf("not reached: the last run (%s) added %d new %s, %s of the base's %d; the threshold of %s allows %d, so it is %d over",
		Range("unit", last.First, last.Last), last.New, codeNoun(last.New), Percent(last.Ratio), s.BaseCodes, Percent(o.Threshold), allowed, last.New-allowed)
	return s, nil
}

// atMost reports whether n/base ≤ threshold, exactly for thresholds given
// in whole or tenth percent (5 % of 40 codes allows 2, not 1.9999…).
func atMost(n, base int, threshold float64) bool {
	return float64(n) <= threshold*float64(base)+1e-9
}

// allowedNew is the most new codes a run may add and show saturation.
func allowedNew(base int, threshold float64) int {
	return int(math.Floor(threshold*float64(base) + 1e-9))
}

func codeNoun(n int) string {
	if n == 1 {
		return "code"
	}
	return "codes"
}

// Percent writes a fraction as a percentage with at most one decimal.
func Percent(f float64) string {
	s := fmt.Sprintf("%.1f", 100*f)
	s = strings.TrimSuffix(s, ".0")
	return s + " %"
}

// Spread counts in how many units each code was applied, most widespread
// first (ties by first appearance, then name): the code-frequency view of
// saturation.
func Spread(units []SaturationUnit) []CodeSpread {
	at := map[string]int{}
	var out []CodeSpread
	for i, u := range units {
		here := map[string]bool{}
		for _, c := range u.Codes {
			if here[c] {
				continue
			}
			here[c] = true
			k, ok := at[c]
			if !ok {
				k = len(out)
				at[c] = k
				out = append(out, CodeSpread{Code: c, First: i + 1})
			}
			out[k].Units++
		}
	}
	slices.SortStableFunc(out, func(a, b CodeSpread) int {
		if c := cmp.Compare(b.Units, a.Units); c != 0 {
			return c
		}
		if c := cmp.Compare(a.First, b.First); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	return out
}

// Sentence says the result for a methods section, naming the unit ("focus
// group", "source") and the layer it was computed from.
func (s Saturation) Sentence(unit, layer string) string {
	o := s.Options
	params := fmt.Sprintf("base size %d, run length %d, new-information threshold ≤%s", o.Base, o.Run, Percent(o.Threshold))
	runs := "rolling runs"
	if o.Consecutive {
		runs = "consecutive runs"
	}
	method := fmt.Sprintf("Thematic saturation was assessed with the method of Guest, Namey and Chen (2020; %s, %s), counting the first appearance of each code in %s across %s in the order they were held",
		params, runs, layer, Count(len(s.Steps), unit))
	if !s.Reached {
		return method + fmt.Sprintf("; saturation was not reached (%s).", strings.TrimPrefix(s.Short, "not reached: "))
	}
	r := s.Confirming
	return method + fmt.Sprintf(". Saturation was reached at %s: the base of %s held %d distinct codes, and %s added %d new %s (%s of the base).",
		Count(s.Point, unit), Count(o.Base, unit), s.BaseCodes, Range(unit, r.First, r.Last), r.New, codeNoun(r.New), Percent(r.Ratio))
}

// Range names units by position: "focus group 6", "focus groups 6–7".
func Range(unit string, first, last int) string {
	if first == last {
		return fmt.Sprintf("%s %d", unit, first)
	}
	return fmt.Sprintf("%ss %d–%d", unit, first, last)
}

// Count writes a number with its noun: "1 focus group", "5 focus groups".
func Count(n int, noun string) string {
	return count(n, noun)
}
