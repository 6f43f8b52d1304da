// Package agreement computes inter-coder agreement on coded transcripts:
// it divides each source into units (characters, words, sentences, turns or
// the whole source), asks which coders applied each code to each unit, and
// turns that into the statistics of coding/agree, per source, per code
// (pooled over sources) and overall. It reads plain data and does no I/O;
// the command gathers the data from the project.
package agreement

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// Unit names a kind of unit of analysis.
type Unit string

// The units agreement can be computed on.
const (
	UnitChar     Unit = "char"
	UnitWord     Unit = "word"
	UnitSentence Unit = "sentence"
	UnitTurn     Unit = "turn"
	UnitSource   Unit = "source"
)

// ParseUnit reads a --unit value.
func ParseUnit(s string) (Unit, error) {
	switch u := Unit(s); u {
	case UnitChar, UnitWord, UnitSentence, UnitTurn, UnitSource:
		return u, nil
	}
	return "", fmt.Errorf("unknown unit %q: use char, word, sentence, turn or source", s)
}

// Scope says which turns the units are taken from.
type Scope string

// The scopes. Under participants and all, units are made of utterances
// only: speaker labels, text outside turns and white space are never part
// of a unit, whatever the unit (see Rule). The nvivo scope exists only to
// reproduce NVivo's character tables and is allowed for character units
// only.
const (
	// ScopeParticipants takes the utterances of participants (moderator
	// turns left out).
	ScopeParticipants Scope = "participants"
	// ScopeAll takes the utterances of every speaker, the moderator
	// included.
	ScopeAll Scope = "all"
	// ScopeNVivo takes every character of the stored text, speaker labels,
	// line ends and white space included, as NVivo counts characters.
	ScopeNVivo Scope = "nvivo"
)

// ParseScope reads a --scope value.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(s); sc {
	case ScopeParticipants, ScopeAll, ScopeNVivo:
		return sc, nil
	case "utterances":
		return ScopeParticipants, nil
	}
	return "", fmt.Errorf("unknown scope %q: use participants, all or nvivo", s)
}

// Turn is what agreement needs of a turn.
type Turn struct {
	Seq       int
	Speaker   string
	Moderator bool
	Label     corpus.Span
	Utterance corpus.Span
}

// Source is one transcript with its codings.
type Source struct {
	Name      string
	Text      string
	Turns     []Turn
	Words     []corpus.Span
	Sentences []corpus.Span
	// Codings holds, per code, each compared coder's coded spans, in the
	// order of the coders being compared.
	Codings map[string][][]corpus.Span
	// Blanks, when not nil, is agree.BlankRunes(Text): a caller that
	// computes several reports on the same sources (an export computes
	// its agreement in batches of codes) finds the white space once.
	Blanks *agree.Blanks
}

// Options choose the unit and scope.
type Options struct {
	Unit  Unit
	Scope Scope
	// Intervals, when not nil, asks for cluster bootstrap intervals of
	// every pooled figure (per code and overall).
	Intervals *Intervals
	// PooledOnly leaves out the figures of every code in every source
	// (Report.PerSource), which are many and often not shown.
	PooledOnly bool
	// CellsOnDemand leaves Report.PerSource empty even without PooledOnly:
	// Report.EachCell computes the figures of every code in every source
	// (and their intervals) a few at a time while they are used, so that
	// they are never all held at once. A study of 100 sources, 200 codes
	// and 8 coders has 20,000 such cells of 28 pairs each, several hundred
	// megabytes when held together.
	CellsOnDemand bool
}

// Pair is every two-coder figure for one code (in one source or pooled).
type Pair struct {
	Code              string      `json:"code"`
	Source            string      `json:"source,omitempty"`
	CoderA            string      `json:"coder_a"`
	CoderB            string      `json:"coder_b"`
	Both              int64       `json:"both"`
	OnlyA             int64       `json:"only_a"`
	OnlyB             int64       `json:"only_b"`
	Neither           int64       `json:"neither"`
	Units             int64       `json:"units"`
	PercentAgreement  agree.Value `json:"percent_agreement"`
	CohenKappa        agree.Value `json:"cohen_kappa"`
	ScottPi           agree.Value `json:"scott_pi"`
	GwetAC1           agree.Value `json:"gwet_ac1"`
	BrennanPrediger   agree.Value `json:"brennan_prediger"`
	KrippendorffAlpha agree.Value `json:"krippendorff_alpha"`
	// The indices of the 2 × 2 table (see agree.TwoByTwo): prevalence and
	// bias indices, PABAK, positive and negative specific agreement, and
	// the maximum kappa the coders' margins allow.
	agree.TwoByTwo
	// Intervals holds the bootstrap interval of each statistic above, by
	// its JSON name, when intervals were asked for.
	Intervals map[string]Interval `json:"intervals,omitempty"`
}

// Group is every all-coders figure for one code (in one source or pooled).
type Group struct {
	Code              string      `json:"code"`
	Source            string      `json:"source,omitempty"`
	Coders            int         `json:"coders"`
	Units             int64       `json:"units"`
	PercentAgreement  agree.Value `json:"percent_agreement"`
	KrippendorffAlpha agree.Value `json:"krippendorff_alpha"`
	FleissKappa       agree.Value `json:"fleiss_kappa"`
	GwetAC1           agree.Value `json:"gwet_ac1"`
	BrennanPrediger   agree.Value `json:"brennan_prediger"`
	// Intervals holds the bootstrap interval of each statistic above, by
	// its JSON name, when intervals were asked for.
	Intervals map[string]Interval `json:"intervals,omitempty"`
}

// CodeResult is one code in one source, or pooled over all sources.
type CodeResult struct {
	Code   string `json:"code"`
	Source string `json:"source,omitempty"`
	Pairs  []Pair `json:"pairs"`
	Group  Group  `json:"all_coders"`
	// presence is kept for confidence intervals and explanations.
	presence agree.Presence
}

// Mean is the unweighted mean of per-code values, with how many codes had a
// defined value.
type Mean struct {
	Value agree.Value `json:"value"`
	Codes int         `json:"codes"`
	// Interval is its bootstrap interval, when intervals were asked for.
	Interval *Interval `json:"interval,omitempty"`
}

// PairOverall is one pair of coders over all codes.
type PairOverall struct {
	CoderA string `json:"coder_a"`
	CoderB string `json:"coder_b"`
	// Pooled sums the 2×2 tables of every code and source first.
	Pooled Pair `json:"pooled_over_codes"`
	// MeanKappa and MeanPercentAgreement average the per-code pooled values.
	MeanKappa            Mean `json:"mean_cohen_kappa_over_codes"`
	MeanPercentAgreement Mean `json:"mean_percent_agreement_over_codes"`
}

// Overall is agreement over every code.
type Overall struct {
	Pairs      []PairOverall `json:"pairs"`
	Pooled     Group         `json:"all_coders_pooled_over_codes"`
	MeanAlpha  Mean          `json:"all_coders_mean_krippendorff_alpha_over_codes"`
	MeanFleiss Mean          `json:"all_coders_mean_fleiss_kappa_over_codes"`
	// presence is every code's units added up, for explanations.
	presence agree.Presence
}

// Presence returns the units of every code added up, behind the pooled
// overall figures (for explanations).
func (o Overall) Presence() agree.Presence { return o.presence }

// Report is the result of Compute.
type Report struct {
	Unit    Unit     `json:"unit"`
	Scope   Scope    `json:"scope"`
	Coders  []string `json:"coders"`
	Sources []string `json:"sources"`
	// Rule states what text counts (see Rule).
	Rule string `json:"rule"`
	// Codes lists the codes compared, in the order of PerCode.
	Codes []string `json:"codes"`
	// LeftOutCodes lists the codes given to Compute that no compared coder
	// applied to any unit, and why; they are in no figure.
	LeftOutCodes []LeftOutCode `json:"left_out_codes"`
	// UnitsPerSource gives each source's units (the same for every code).
	UnitsPerSource []SourceUnits `json:"units_per_source"`
	// PerSource holds every code in every source (empty with
	// Options.PooledOnly or Options.CellsOnDemand; EachCell gives them in
	// either case).
	PerSource []CodeResult `json:"per_code_and_source"`
	// BySource holds each source's figures pooled over the compared codes.
	BySource []CodeResult `json:"per_source_pooled_over_codes"`
	PerCode  []CodeResult `json:"per_code"`
	Overall  Overall      `json:"overall"`
	// Bootstrap says how the intervals were made; nil without intervals.
	Bootstrap *BootstrapInfo `json:"bootstrap,omitempty"`
	// cells computes the cells of PerSource on demand
	// (Options.CellsOnDemand); nil otherwise.
	cells *cellMaker
}

// Why a code is not compared.
const (
	// CodeUnused: no compared coder used the code in the compared sources.
	CodeUnused = "unused"
	// CodeOutOfScope: the compared coders' codings with the code cover no
	// unit: they lie only on text the scope leaves out (moderator turns,
	// speaker labels, white space).
	CodeOutOfScope = "out of scope"
	// CodeNotChosen: --code or --version chose other codes.
	CodeNotChosen = "not chosen"
)

// LeftOutCode is a code that agreement does not compare, with the reason
// (CodeUnused, CodeOutOfScope or CodeNotChosen).
type LeftOutCode struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// SourceUnits is how many units of a source count, and how many were left
// out for holding only white space.
type SourceUnits struct {
	Source     string `json:"source"`
	Units      int64  `json:"units"`
	BlankUnits int64  `json:"blank_units"`
}

// Compute returns agreement of the coders on each code over the sources.
// A code that no coder applied to any unit is left out of every figure and
// listed in LeftOutCodes: counting it would add units on which everybody
// "agrees" by doing nothing, and raise the pooled figures. Only the nvivo
// scope keeps such codes, as NVivo shows them.
func Compute(sources []Source, codes, coders []string, opts Options) (Report, error) {
	if len(coders) < 2 {
		return Report{}, errors.New("agreement needs at least two coders")
	}
	if len(coders) > 64 {
		return Report{}, errors.New("agreement compares at most 64 coders at once")
	}
	r := Report{Unit: opts.Unit, Scope: opts.Scope, Coders: coders, Sources: []string{}, Rule: Rule(opts), Codes: []string{},
		LeftOutCodes: []LeftOutCode{}, UnitsPerSource: []SourceUnits{}, PerSource: []CodeResult{}, BySource: []CodeResult{}, PerCode: []CodeResult{}}
	// Tables are added up as they come: per code over the sources, and per
	// source over the codes. Each source × code table is kept only when
	// PerSource results are wanted.
	var perSource [][]agree.Presence
	byCode := make([]pool, len(codes))
	bySource := make([]pool, len(sources))
	applied := make([]bool, len(codes))
	coded := make([]bool, len(codes))
	var clusters *clusterData
	if opts.Intervals != nil {
		if _, err := ParseClusters(string(opts.Intervals.Clusters)); err != nil {
			return Report{}, err
		}
		clusters = &clusterData{entries: make([][]clusterEntry, len(codes))}
	}
	err := eachSourceTables(sources, codes, len(coders), opts, clusters != nil, func(s int, t sourceTables) error {
		src := sources[s]
		if t.err != nil {
			return t.err
		}
		r.Sources = append(r.Sources, src.Name)
		r.UnitsPerSource = append(r.UnitsPerSource, SourceUnits{Source: src.Name, Units: t.units, BlankUnits: t.blank})
		for k, p := range t.tables {
			coded[k] = coded[k] || t.coded[k]
			for _, pat := range p.Patterns {
				applied[k] = applied[k] || pat.Applied != 0
			}
			byCode[k].add(p)
			bySource[s].add(p)
		}
		if opts.PooledOnly {
			perSource = append(perSource, nil)
		} else {
			perSource = append(perSource, t.tables)
		}
		if clusters != nil {
			if err := clusters.addSource(src, t.layout, opts.Intervals.Clusters, len(coders), t.spans); err != nil {
				return fmt.Errorf("%s: %w", src.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	unapplied := int64(0)
	for k, code := range codes {
		switch {
		case applied[k] || opts.Scope == ScopeNVivo:
			applied[k] = true
			r.Codes = append(r.Codes, code)
			continue
		case coded[k]:
			r.LeftOutCodes = append(r.LeftOutCodes, LeftOutCode{Code: code, Reason: CodeOutOfScope})
		default:
			r.LeftOutCodes = append(r.LeftOutCodes, LeftOutCode{Code: code, Reason: CodeUnused})
		}
		unapplied++
	}
	var cells *cellMaker
	if !opts.PooledOnly {
		// Each source's tables of the compared codes, from which the
		// cells are computed (now or on demand).
		cells = &cellMaker{coders: coders, sources: r.Sources, codes: r.Codes, tables: make([][]agree.Presence, len(sources))}
		for s := range sources {
			for k := range codes {
				if applied[k] {
					cells.tables[s] = append(cells.tables[s], perSource[s][k])
				}
			}
			perSource[s] = nil
		}
	}
	for s, src := range sources {
		// A code left out added only units nobody applied it to: take
		// them away again.
		u := r.UnitsPerSource[s]
		bySource[s].remove(unapplied*u.Units, unapplied*u.BlankUnits)
		r.BySource = append(r.BySource, result("", src.Name, coders, bySource[s].presence(len(coders))))
	}
	var all []agree.Presence
	for k, code := range codes {
		if !applied[k] {
			continue
		}
		p := byCode[k].presence(len(coders))
		r.PerCode = append(r.PerCode, result(code, "", coders, p))
		all = append(all, p)
	}
	r.Overall = overall(coders, mergePresence(len(coders), all), r.PerCode)
	if clusters != nil {
		var compared []int
		for k := range codes {
			if applied[k] {
				compared = append(compared, k)
			}
		}
		boot, err := addIntervals(&r, clusters, compared, coders, *opts.Intervals, cells.count())
		if err != nil {
			return Report{}, err
		}
		if cells != nil {
			cells.boot = boot
		}
	}
	if cells != nil {
		if opts.CellsOnDemand {
			r.cells = cells
		} else if err := cells.each(func(cr CodeResult) error {
			r.PerSource = append(r.PerSource, cr)
			return nil
		}); err != nil {
			return Report{}, err
		}
	}
	return r, nil
}

// EachCell calls yield with every code in every source, source after
// source and in each source the codes in the order of PerCode, as
// PerSource lists them: from PerSource, or with Options.CellsOnDemand
// computed a few at a time (with their intervals) and let go once yield
// has returned. It gives nothing with Options.PooledOnly. It stops at the
// first error, its own or yield's, and returns it.
func (r *Report) EachCell(yield func(CodeResult) error) error {
	if r.cells != nil {
		return r.cells.each(yield)
	}
	for _, cr := range r.PerSource {
		if err := yield(cr); err != nil {
			return err
		}
	}
	return nil
}

// sourceTables is what Compute takes from one source: its units, and per
// code (in the order of Compute's codes) the presence table and whether a
// compared coder coded it there. layout and spans (per code, per coder)
// are kept only for the intervals' clusters.
type sourceTables struct {
	units, blank int64
	tables       []agree.Presence
	coded        []bool
	layout       agree.UnitLayout
	spans        [][][]agree.Span
	err          error
}

// eachSourceTables computes the tables of every source, on every core the
// process may use, and hands them to add one source at a time in the
// order of sources, as a loop over the sources would: the totals come out
// the same, and the first source that fails (in that order) gives the
// error. It stops at the first error add returns.
func eachSourceTables(sources []Source, codes []string, coders int, opts Options, keepSpans bool, add func(s int, t sourceTables) error) error {
	results := make([]sourceTables, len(sources))
	ready := make([]chan struct{}, len(sources))
	for s := range ready {
		ready[s] = make(chan struct{})
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	defer wg.Wait()
	for range min(runtime.GOMAXPROCS(0), len(sources)) {
		wg.Go(func() {
			spans := make([][]agree.Span, coders)
			for !stop.Load() {
				s := int(next.Add(1) - 1)
				if s >= len(sources) {
					return
				}
				results[s] = tablesOf(sources[s], codes, opts, spans, keepSpans)
				close(ready[s])
			}
		})
	}
	for s := range sources {
		<-ready[s]
		t := results[s]
		results[s] = sourceTables{}
		if err := add(s, t); err != nil {
			stop.Store(true)
			return err
		}
	}
	return nil
}

// tablesOf computes one source's tables; spans is scratch space, one
// entry per coder, reused from code to code unless keepSpans asks to keep
// each code's spans.
func tablesOf(src Source, codes []string, opts Options, spans [][]agree.Span, keepSpans bool) sourceTables {
	layout, err := Layout(src, opts)
	if err != nil {
		return sourceTables{err: fmt.Errorf("%s: %w", src.Name, err)}
	}
	t := sourceTables{units: layout.Units(), blank: layout.BlankUnits(), tables: make([]agree.Presence, len(codes)), coded: make([]bool, len(codes))}
	if keepSpans {
		t.layout = layout
	}
	for k, code := range codes {
		if keepSpans {
			spans = make([][]agree.Span, len(spans))
		}
		per := src.Codings[code]
		for c := range spans {
			spans[c] = nil
			if c < len(per) {
				spans[c] = toAgreeSpans(per[c])
				t.coded[k] = t.coded[k] || len(per[c]) > 0
			}
		}
		p, err := layout.Counts(spans)
		if err != nil {
			return sourceTables{err: fmt.Errorf("%s, code %s: %w", src.Name, code, err)}
		}
		t.tables[k] = p
		if keepSpans {
			t.spans = append(t.spans, spans)
		}
	}
	return t
}

// Rule states, in words a methods section can quote, what text counts
// for the unit and scope: the one rule that Layout follows for every unit.
func Rule(opts Options) string {
	if opts.Scope == ScopeNVivo {
		return "Scope nvivo (NVivo's character method, for reproducing its tables): every character of the stored text is a unit, speaker labels, line ends and white space included. Character units only. Codes nobody applied are shown, as NVivo shows them."
	}
	turns := "the utterances of participants (the moderator's turns are left out)"
	if opts.Scope == ScopeAll {
		turns = "the utterances of every speaker, the moderator included"
	}
	unit := map[Unit]string{
		UnitChar:     "each non-space character",
		UnitWord:     "each word",
		UnitSentence: "each sentence",
		UnitTurn:     "each turn's utterance",
		UnitSource:   "each source (all its utterances in the scope together)",
	}[opts.Unit]
	return "Text that counts: " + turns + ". Speaker labels, text outside turns and white space are never part of a unit, whatever the unit. " +
		"Unit: " + unit + "; a unit with no non-space character is left out. " +
		"A coder applied a code to a unit when their codings with it cover at least one non-space character of the unit."
}

// Layout divides a source into units for the options, following Rule:
// units lie inside the utterances of the scope's turns, and only their
// non-space characters count (white space carries no judgement, a speaker
// label is not something coders judge). Only the nvivo scope counts every
// character of the stored text, to reproduce NVivo's character tables.
func Layout(src Source, opts Options) (agree.UnitLayout, error) {
	if opts.Scope == ScopeNVivo {
		if opts.Unit != UnitChar {
			return agree.UnitLayout{}, fmt.Errorf("scope nvivo reproduces NVivo's character tables and works with --unit char only")
		}
		return agree.CharacterUnits(agree.Blanks{}, agree.Span{Start: 0, End: len([]rune(src.Text))})
	}
	var blanks agree.Blanks
	if src.Blanks != nil {
		blanks = *src.Blanks
	} else {
		blanks = agree.BlankRunes(src.Text)
	}
	if opts.Unit == UnitChar {
		return agree.CharacterUnits(blanks, Counted(src, opts.Scope)...)
	}
	units, err := unitSpans(src, opts)
	if err != nil {
		return agree.UnitLayout{}, err
	}
	return agree.SpanUnits(blanks, units)
}

// unitSpans lists the span units (words, sentences, turns, the source) of
// Layout, in order; Disagreements reads the units from it too.
func unitSpans(src Source, opts Options) ([][]agree.Span, error) {
	counted := Counted(src, opts.Scope)
	var units [][]agree.Span
	switch opts.Unit {
	case UnitWord, UnitSentence:
		all := src.Words
		if opts.Unit == UnitSentence {
			all = src.Sentences
		}
		for _, u := range all {
			if insideAny(u, counted) {
				units = append(units, []agree.Span{agree.Span(u)})
			}
		}
	case UnitTurn:
		for _, t := range src.Turns {
			if inScope(t, opts.Scope) && t.Utterance.Len() > 0 {
				units = append(units, []agree.Span{agree.Span(t.Utterance)})
			}
		}
	case UnitSource:
		units = [][]agree.Span{counted}
	default:
		return nil, fmt.Errorf("unknown unit %q", opts.Unit)
	}
	return units, nil
}

// inScope reports whether a turn's utterance counts under the scope.
func inScope(t Turn, scope Scope) bool { return scope != ScopeParticipants || !t.Moderator }

// Counted lists, in order, the utterances whose non-space characters make
// up the units under the scope (participants or all); for nvivo, the whole
// text.
func Counted(src Source, scope Scope) []agree.Span {
	if scope == ScopeNVivo {
		return []agree.Span{{Start: 0, End: len([]rune(src.Text))}}
	}
	var out []agree.Span
	for _, t := range src.Turns {
		if inScope(t, scope) && t.Utterance.Len() > 0 {
			out = append(out, agree.Span(t.Utterance))
		}
	}
	return out
}

// Within lists the stretches of text the scope covers, in order: the
// continuum of --unitized and --overlap, and where character disagreements
// are looked for. Under all and nvivo it is the whole stored text.
func Within(src Source, scope Scope) []agree.Span {
	if scope == ScopeAll || scope == ScopeNVivo {
		return []agree.Span{{Start: 0, End: len([]rune(src.Text))}}
	}
	return Counted(src, scope)
}

// insideAny reports whether u lies inside one of the sorted spans.
func insideAny(u corpus.Span, spans []agree.Span) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End >= u.End })
	return i < len(spans) && spans[i].Start <= u.Start && u.End <= spans[i].End
}

func toAgreeSpans(spans []corpus.Span) []agree.Span {
	out := make([]agree.Span, len(spans))
	for i, s := range spans {
		out[i] = agree.Span(s)
	}
	return out
}

// pool adds up presence tables: units per set of coders.
type pool struct {
	counts       map[uint64]int64
	units, blank int64
}

func (p *pool) add(x agree.Presence) {
	if p.counts == nil {
		p.counts = map[uint64]int64{}
	}
	p.units += x.Units
	p.blank += x.BlankUnits
	for _, pat := range x.Patterns {
		p.counts[pat.Applied] += pat.Units
	}
}

// remove takes away units that nobody applied the code to.
func (p *pool) remove(units, blank int64) {
	p.units -= units
	p.blank -= blank
	if p.counts != nil {
		p.counts[0] -= units
	}
}

func (p *pool) presence(coders int) agree.Presence {
	out := agree.Presence{Coders: coders, Units: p.units, BlankUnits: p.blank}
	for mask, n := range p.counts {
		if n > 0 {
			out.Patterns = append(out.Patterns, agree.Pattern{Applied: mask, Units: n})
		}
	}
	slices.SortFunc(out.Patterns, func(a, b agree.Pattern) int { return compareMask(a.Applied, b.Applied) })
	return out
}

// mergePresence pools presence data by adding the unit counts of each
// coder pattern: the tables of the parts are summed.
func mergePresence(coders int, parts []agree.Presence) agree.Presence {
	counts := map[uint64]int64{}
	out := agree.Presence{Coders: coders}
	for _, p := range parts {
		out.Units += p.Units
		out.BlankUnits += p.BlankUnits
		for _, pat := range p.Patterns {
			counts[pat.Applied] += pat.Units
		}
	}
	for mask, n := range counts {
		out.Patterns = append(out.Patterns, agree.Pattern{Applied: mask, Units: n})
	}
	sort.Slice(out.Patterns, func(i, j int) bool { return out.Patterns[i].Applied < out.Patterns[j].Applied })
	return out
}

func result(code, source string, coders []string, p agree.Presence) CodeResult {
	stats := p.Statistics()
	res := CodeResult{Code: code, Source: source, presence: p}
	for _, ps := range stats.Pairs {
		res.Pairs = append(res.Pairs, pairOf(code, source, coders, ps))
	}
	g := stats.Group
	res.Group = Group{Code: code, Source: source, Coders: g.Coders, Units: g.Units, PercentAgreement: g.PercentAgreement,
		KrippendorffAlpha: g.KrippendorffAlpha, FleissKappa: g.FleissKappa, GwetAC1: g.GwetAC1, BrennanPrediger: g.BrennanPrediger}
	return res
}

func pairOf(code, source string, coders []string, ps agree.PairStatistics) Pair {
	c := ps.Counts
	return Pair{Code: code, Source: source, CoderA: coders[ps.CoderA], CoderB: coders[ps.CoderB],
		Both: c.Both, OnlyA: c.OnlyA, OnlyB: c.OnlyB, Neither: c.Neither, Units: c.Units(),
		PercentAgreement: ps.PercentAgreement, CohenKappa: ps.CohenKappa, ScottPi: ps.ScottPi, GwetAC1: ps.GwetAC1,
		BrennanPrediger: ps.BrennanPrediger, KrippendorffAlpha: ps.KrippendorffAlpha, TwoByTwo: c.Indices()}
}

func overall(coders []string, all agree.Presence, perCode []CodeResult) Overall {
	pooled := result("", "", coders, all)
	o := Overall{Pooled: pooled.Group, presence: all}
	for i, p := range pooled.Pairs {
		po := PairOverall{CoderA: p.CoderA, CoderB: p.CoderB, Pooled: p}
		var kappas, pas []agree.Value
		for _, cr := range perCode {
			kappas = append(kappas, cr.Pairs[i].CohenKappa)
			pas = append(pas, cr.Pairs[i].PercentAgreement)
		}
		po.MeanKappa, po.MeanPercentAgreement = mean(kappas), mean(pas)
		o.Pairs = append(o.Pairs, po)
	}
	var alphas, fleiss []agree.Value
	for _, cr := range perCode {
		alphas = append(alphas, cr.Group.KrippendorffAlpha)
		fleiss = append(fleiss, cr.Group.FleissKappa)
	}
	o.MeanAlpha, o.MeanFleiss = mean(alphas), mean(fleiss)
	return o
}

// mean averages the defined values; undefined ones are left out and the
// count says how many were used.
func mean(values []agree.Value) Mean {
	var sum float64
	n := 0
	for _, v := range values {
		if v.Defined {
			sum += v.V
			n++
		}
	}
	if n == 0 {
		return Mean{Value: agree.Value{Reason: "no code has a defined value"}}
	}
	return Mean{Value: agree.Value{V: sum / float64(n), Defined: true}, Codes: n}
}

// Presence returns the presence data behind a per-source or per-code result
// (for explanations).
func (c CodeResult) Presence() agree.Presence { return c.presence }

// Headline is the figure a code is sorted and judged by: Cohen's kappa
// for two coders, Krippendorff's alpha for more (HeadlineName and
// HeadlineLabel name it).
func (cr CodeResult) Headline(coders int) agree.Value {
	if coders == 2 && len(cr.Pairs) > 0 {
		return cr.Pairs[0].CohenKappa
	}
	return cr.Group.KrippendorffAlpha
}

// HeadlineName is the headline figure's name in --json.
func HeadlineName(coders int) string {
	if coders == 2 {
		return "cohen_kappa"
	}
	return "krippendorff_alpha"
}

// HeadlineLabel is the headline figure's name in words.
func HeadlineLabel(coders int) string {
	if coders == 2 {
		return "Cohen's kappa"
	}
	return "Krippendorff's alpha"
}
