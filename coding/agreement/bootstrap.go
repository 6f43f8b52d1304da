package agreement

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/agree"
)

// Clusters names what the bootstrap resamples.
type Clusters string

// The clusters of the bootstrap.
const (
	// ClusterTurns resamples turns within each source: the units of one
	// turn (its characters, words, sentences) stay together.
	ClusterTurns Clusters = "turn"
	// ClusterSources resamples whole sources.
	ClusterSources Clusters = "source"
)

// ParseClusters reads a --resample value.
func ParseClusters(s string) (Clusters, error) {
	switch c := Clusters(s); c {
	case ClusterTurns, ClusterSources:
		return c, nil
	case "turns":
		return ClusterTurns, nil
	case "sources":
		return ClusterSources, nil
	}
	return "", fmt.Errorf("unknown --resample %q: use turn or source", s)
}

// Intervals asks Compute for bootstrap intervals.
type Intervals struct {
	// Confidence is the coverage, e.g. 0.95.
	Confidence float64
	// Replicates is the number of resamples; 0 means 1000.
	Replicates int
	// Seed makes the resampling reproducible.
	Seed uint64
	// Clusters is what is resampled.
	Clusters Clusters
	// Only chooses the figures that get intervals, the others are not
	// recomputed on the replicates; nil gives every figure one. The
	// intervals of the figures chosen do not depend on the choice.
	Only func(Figure) bool
	// memory bounds the bytes of replicate values kept at once (0: 64
	// MiB); tests set it to force several passes.
	memory int64
}

// Interval is the bootstrap interval of one figure.
type Interval struct {
	Lower agree.Value `json:"lower"`
	Upper agree.Value `json:"upper"`
	// UndefinedReplicates counts the replicates on which the figure was
	// undefined; they are left out of the quantiles.
	UndefinedReplicates int `json:"undefined_replicates"`
}

// BootstrapInfo says how the intervals were made, so that a reader can
// state and repeat it.
type BootstrapInfo struct {
	Method     string   `json:"method"`
	Clusters   Clusters `json:"clusters"`
	Count      int      `json:"cluster_count"`
	Replicates int      `json:"replicates"`
	Seed       uint64   `json:"seed"`
	Confidence float64  `json:"confidence"`
}

// clusterEntry is a stretch of one cluster on which exactly the coders of
// mask applied a code, with its units.
type clusterEntry struct {
	cluster int
	mask    uint64
	units   int64
}

// clusterData is what the bootstrap resamples: per cluster its units, per
// code the units of each cluster that some coder applied the code to.
type clusterData struct {
	strata []int
	units  []int64
	// source[c] is the index of cluster c's source.
	source  []int
	sources int
	// entries[k] are code k's clusters with applied units, by cluster.
	entries [][]clusterEntry
}

// clusterParts cuts a source into the clusters: one part per turn (from
// the start of its label, or of its utterance, to the next turn's), or the
// whole text.
func clusterParts(src Source, by Clusters) []agree.Span {
	end := utf8.RuneCountInString(src.Text)
	if by == ClusterSources || len(src.Turns) == 0 {
		return []agree.Span{{Start: 0, End: end}}
	}
	starts := make([]int, 0, len(src.Turns))
	starts = append(starts, 0)
	for _, t := range src.Turns[1:] {
		x := t.Utterance.Start
		if t.Label.Len() > 0 {
			x = min(x, t.Label.Start)
		}
		starts = append(starts, x)
	}
	sort.Ints(starts)
	starts = slices.Compact(starts)
	parts := make([]agree.Span, 0, len(starts))
	for i, x := range starts {
		next := end
		if i+1 < len(starts) {
			next = starts[i+1]
		}
		if x < next {
			parts = append(parts, agree.Span{Start: x, End: next})
		}
	}
	return parts
}

// addSource adds the clusters of one source and each code's presence in
// them; spans[k] are code k's codings per coder.
func (d *clusterData) addSource(src Source, layout agree.UnitLayout, by Clusters, coders int, spans [][][]agree.Span) error {
	parts := clusterParts(src, by)
	sizes, err := layout.PresenceByPart(make([][]agree.Span, coders), parts)
	if err != nil {
		return err
	}
	// Only clusters with units can be drawn.
	kept := parts[:0]
	first := len(d.units)
	for i, p := range sizes {
		if p.Units > 0 {
			kept = append(kept, parts[i])
			d.units = append(d.units, p.Units)
			d.source = append(d.source, d.sources)
		}
	}
	if by == ClusterTurns || len(d.strata) == 0 {
		d.strata = append(d.strata, 0)
	}
	d.strata[len(d.strata)-1] += len(kept)
	d.sources++
	for k, codings := range spans {
		per, err := layout.PresenceByPart(codings, kept)
		if err != nil {
			return err
		}
		for i, p := range per {
			for _, pat := range p.Patterns {
				if pat.Applied != 0 {
					d.entries[k] = append(d.entries[k], clusterEntry{cluster: first + i, mask: pat.Applied, units: pat.Units})
				}
			}
		}
	}
	return nil
}

// FigureLevel says which results a figure belongs to.
type FigureLevel string

// The levels of the figures.
const (
	// LevelCode is a code pooled over the sources (Report.PerCode).
	LevelCode FigureLevel = "code"
	// LevelSource is a source pooled over the codes (Report.BySource).
	LevelSource FigureLevel = "source"
	// LevelCell is one code in one source (Report.PerSource).
	LevelCell FigureLevel = "cell"
	// LevelOverall is every code pooled, or a mean over codes
	// (Report.Overall).
	LevelOverall FigureLevel = "overall"
)

// Figure names a kind of figure a bootstrap interval can be asked for.
type Figure struct {
	Level FigureLevel
	// Pair is true for a figure of two coders, false for a figure of all
	// the coders or a mean over codes.
	Pair bool
	// Name is the figure's key in the Intervals maps ("cohen_kappa"), or
	// for a mean over codes (overall only) one of "mean_cohen_kappa",
	// "mean_percent_agreement" (per pair), "mean_krippendorff_alpha" and
	// "mean_fleiss_kappa".
	Name string
}

// The number of two-coder and of all-coder figures that get intervals.
const (
	pairFigureCount  = 12
	groupFigureCount = 5
)

// pairFigure is a pair's figure i, with its name, in the order visited.
func pairFigure(p *Pair, i int) (string, agree.Value) {
	switch i {
	case 0:
		return "percent_agreement", p.PercentAgreement
	case 1:
		return "cohen_kappa", p.CohenKappa
	case 2:
		return "scott_pi", p.ScottPi
	case 3:
		return "gwet_ac1", p.GwetAC1
	case 4:
		return "brennan_prediger", p.BrennanPrediger
	case 5:
		return "krippendorff_alpha", p.KrippendorffAlpha
	case 6:
		return "prevalence_index", p.PrevalenceIndex
	case 7:
		return "bias_index", p.BiasIndex
	case 8:
		return "pabak", p.PABAK
	case 9:
		return "positive_specific_agreement", p.PositiveAgreement
	case 10:
		return "negative_specific_agreement", p.NegativeAgreement
	}
	return "maximum_kappa", p.MaximumKappa
}

// groupFigure is a group's figure i, with its name, in the order visited.
func groupFigure(g *Group, i int) (string, agree.Value) {
	switch i {
	case 0:
		return "percent_agreement", g.PercentAgreement
	case 1:
		return "krippendorff_alpha", g.KrippendorffAlpha
	case 2:
		return "fleiss_kappa", g.FleissKappa
	case 3:
		return "gwet_ac1", g.GwetAC1
	}
	return "brennan_prediger", g.BrennanPrediger
}

// levelFigures are the figures chosen at one level, as indices into
// pairFigure and groupFigure.
type levelFigures struct{ pair, group []int }

func (l levelFigures) empty() bool { return len(l.pair) == 0 && len(l.group) == 0 }

// figureSet is the figures that get intervals: per level, and the four
// means over codes.
type figureSet struct {
	code, source, cell, overall levelFigures
	// meanKappa, meanPercent (per pair), meanAlpha, meanFleiss.
	means [4]bool
	// The figures come in groups: each code's, each source's, each cell's
	// and the overall ones, numbered in that order from 0 (sources from
	// sourceBase, cells from cellBase, the overall group is overallAt).
	// A pass of the bootstrap takes the groups from lo to below hi.
	sourceBase, cellBase, overallAt int
	lo, hi                          int
	// cellFrom is the number of the cell that the report's PerSource
	// starts with: the report holds the cells of one pass at most.
	cellFrom int
}

// numberGroups numbers the figure groups of r, which has cells cells in
// all, and makes the pass take them all.
func (s *figureSet) numberGroups(r *Report, cells int) {
	s.sourceBase = len(r.PerCode)
	s.cellBase = s.sourceBase + len(r.BySource)
	s.overallAt = s.cellBase + cells
	s.lo, s.hi = 0, s.overallAt+1
}

func (s *figureSet) in(group int) bool { return s.lo <= group && group < s.hi }

// chooseFigures reads Intervals.Only; the figures of one source alone
// (sources and cells) only when withSources.
func chooseFigures(only func(Figure) bool, withSources bool) figureSet {
	want := func(f Figure) bool { return only == nil || only(f) }
	level := func(l FigureLevel) levelFigures {
		var out levelFigures
		for i := range pairFigureCount {
			if name, _ := pairFigure(&Pair{}, i); want(Figure{Level: l, Pair: true, Name: name}) {
				out.pair = append(out.pair, i)
			}
		}
		for i := range groupFigureCount {
			if name, _ := groupFigure(&Group{}, i); want(Figure{Level: l, Name: name}) {
				out.group = append(out.group, i)
			}
		}
		return out
	}
	s := figureSet{code: level(LevelCode), overall: level(LevelOverall)}
	if withSources {
		s.source, s.cell = level(LevelSource), level(LevelCell)
	}
	s.means = [4]bool{want(Figure{Level: LevelOverall, Pair: true, Name: "mean_cohen_kappa"}), want(Figure{Level: LevelOverall, Pair: true, Name: "mean_percent_agreement"}),
		want(Figure{Level: LevelOverall, Name: "mean_krippendorff_alpha"}), want(Figure{Level: LevelOverall, Name: "mean_fleiss_kappa"})}
	return s
}

// slot is where a figure's interval goes: a map entry or a mean.
type slot struct {
	intervals *map[string]Interval
	name      string
	mean      *Mean
}

func (s slot) put(iv Interval) {
	if s.mean != nil {
		s.mean.Interval = &iv
		return
	}
	if *s.intervals == nil {
		*s.intervals = map[string]Interval{}
	}
	(*s.intervals)[s.name] = iv
}

// eachFigure visits the chosen figures of the pass's groups in a fixed
// order: per code, per source (pooled over codes, and each code in each
// source when the report has them), then overall; f is told each
// figure's group.
func eachFigure(r *Report, set *figureSet, f func(group int, v agree.Value, s slot)) {
	g := 0
	pair := func(p *Pair, chosen []int) {
		for _, i := range chosen {
			name, v := pairFigure(p, i)
			f(g, v, slot{intervals: &p.Intervals, name: name})
		}
	}
	group := func(gr *Group, chosen []int) {
		for _, i := range chosen {
			name, v := groupFigure(gr, i)
			f(g, v, slot{intervals: &gr.Intervals, name: name})
		}
	}
	results := func(list []CodeResult, chosen levelFigures, base int) {
		if chosen.empty() {
			return
		}
		for i := range list {
			if g = base + i; !set.in(g) {
				continue
			}
			if len(chosen.pair) > 0 {
				for j := range list[i].Pairs {
					pair(&list[i].Pairs[j], chosen.pair)
				}
			}
			group(&list[i].Group, chosen.group)
		}
	}
	results(r.PerCode, set.code, 0)
	results(r.BySource, set.source, set.sourceBase)
	results(r.PerSource, set.cell, set.cellBase+set.cellFrom)
	if g = set.overallAt; !set.in(g) {
		return
	}
	o := &r.Overall
	for j := range o.Pairs {
		pair(&o.Pairs[j].Pooled, set.overall.pair)
		if set.means[0] {
			f(g, o.Pairs[j].MeanKappa.Value, slot{mean: &o.Pairs[j].MeanKappa})
		}
		if set.means[1] {
			f(g, o.Pairs[j].MeanPercentAgreement.Value, slot{mean: &o.Pairs[j].MeanPercentAgreement})
		}
	}
	group(&o.Pooled, set.overall.group)
	if set.means[2] {
		f(g, o.MeanAlpha.Value, slot{mean: &o.MeanAlpha})
	}
	if set.means[3] {
		f(g, o.MeanFleiss.Value, slot{mean: &o.MeanFleiss})
	}
}

// tally adds up units by set of coders (mask): in an array indexed by
// mask when the coders are few, in a map otherwise.
type tally struct {
	dense   []int64
	touched []uint64 // the masks with units, in dense mode
	sparse  map[uint64]int64
}

// denseCoders is the most coders whose tallies are arrays (2^10 masks).
const denseCoders = 10

func newTally(coders int) *tally {
	if coders <= denseCoders {
		return &tally{dense: make([]int64, 1<<coders)}
	}
	return &tally{sparse: map[uint64]int64{}}
}

func (t *tally) add(mask uint64, n int64) {
	if t.dense == nil {
		t.sparse[mask] += n
		return
	}
	if t.dense[mask] == 0 {
		t.touched = append(t.touched, mask)
	}
	t.dense[mask] += n
}

func (t *tally) reset() {
	if t.dense == nil {
		clear(t.sparse)
		return
	}
	for _, m := range t.touched {
		t.dense[m] = 0
	}
	t.touched = t.touched[:0]
}

// presence is the presence of units units of which the tally gives those
// some coder applied the code to, in patterns (reused; sorted by mask);
// the tally is then reset.
func (t *tally) presence(coders int, units int64, patterns []agree.Pattern) agree.Presence {
	if t.dense == nil {
		p := presenceOf(coders, units, t.sparse)
		clear(t.sparse)
		return p
	}
	slices.Sort(t.touched)
	patterns = patterns[:0]
	applied := int64(0)
	for _, m := range t.touched {
		if n := t.dense[m]; n > 0 && m != 0 {
			patterns = append(patterns, agree.Pattern{Applied: m, Units: n})
			applied += n
		}
	}
	if units > applied {
		patterns = append(patterns, agree.Pattern{})
		copy(patterns[1:], patterns)
		patterns[0] = agree.Pattern{Applied: 0, Units: units - applied}
	}
	t.reset()
	return agree.Presence{Coders: coders, Units: units, Patterns: patterns}
}

// need is what a level's results must hold: every two-coder figure, or
// only percent agreement and kappa (which the means over codes use), and
// which all-coder figures.
type need struct {
	pairs, allPairFigures bool
	group                 [groupFigureCount]bool
}

// needOf is what the chosen figures of a level need.
func needOf(l levelFigures) need {
	n := need{pairs: len(l.pair) > 0}
	for _, i := range l.pair {
		if name, _ := pairFigure(&Pair{}, i); name != "percent_agreement" && name != "cohen_kappa" {
			n.allPairFigures = true
		}
	}
	for _, i := range l.group {
		n.group[i] = true
	}
	return n
}

// replicator recomputes the chosen figures of one replicate; each worker
// has its own, and reuses its results from one replicate to the next.
type replicator struct {
	r         *Report
	d         *clusterData
	codes     []int
	coders    []string
	set       *figureSet
	bySources bool // the figures of each source pooled over codes
	cells     bool // the figures of each code in each source
	// codeNeed, sourceNeed and cellNeed say what each level computes;
	// meansNeed what a code outside the pass computes for the overall
	// means.
	codeNeed, sourceNeed, cellNeed, meansNeed need
	code                                      *tally
	srcCode                                   []*tally // the current code's, per source (cells)
	bySource                                  []*tally // all codes', per source
	srcUnits                                  []int64
	perCode                                   []CodeResult
	parts                                     []agree.Presence
	bySrc                                     []CodeResult
	cellResults                               []CodeResult // the report's cells (set.cellFrom on), in order
	// cellEntries[i] are the entries of code i (codes[i]) in the sources
	// of those cells, the only ones a pass of cells reads; sourceEntries
	// likewise in the sources of a pass that takes some of the sources'
	// figures.
	cellEntries, sourceEntries [][]clusterEntry
	// all tallies every code together, into pooled, for the overall
	// figures; overallNeed says which.
	all         *tally
	pooled      CodeResult
	overallNeed need
	pairsOver   []PairOverall
	// categories, byApplied, flat and rows hold the count table of a
	// presence.
	categories [2]float64
	byApplied  []int64
	flat       []int
	rows       []agree.CountRow
}

func newReplicator(r *Report, d *clusterData, codes []int, coders []string, set *figureSet) *replicator {
	x := &replicator{r: r, d: d, codes: codes, coders: coders, set: set,
		bySources: !set.source.empty(), cells: !set.cell.empty() && len(r.PerSource) > 0,
		codeNeed: needOf(set.code), sourceNeed: needOf(set.source), cellNeed: needOf(set.cell),
		code: newTally(len(coders)), srcUnits: make([]int64, d.sources),
		perCode: make([]CodeResult, len(codes)), parts: make([]agree.Presence, len(codes))}
	x.all, x.overallNeed, x.categories = newTally(len(coders)), needOf(set.overall), [2]float64{0, 1}
	x.overallNeed.pairs = true // the means are kept by pair
	// The overall figures read every code's two-coder kappa and percent
	// agreement (their means), and the means of alpha and Fleiss' kappa.
	x.meansNeed.pairs = true
	x.meansNeed.group[1], x.meansNeed.group[2] = set.means[2], set.means[3]
	x.codeNeed.pairs = true
	x.codeNeed.group[1] = x.codeNeed.group[1] || set.means[2]
	x.codeNeed.group[2] = x.codeNeed.group[2] || set.means[3]
	if x.bySources {
		x.bySource = make([]*tally, d.sources)
		x.bySrc = make([]CodeResult, d.sources)
		for i := range x.bySource {
			x.bySource[i] = newTally(len(coders))
		}
	}
	if x.cells {
		x.srcCode = make([]*tally, d.sources)
		for i := range x.srcCode {
			x.srcCode[i] = newTally(len(coders))
		}
		x.cellResults = make([]CodeResult, len(r.PerSource))
		x.cellEntries = entriesOfSources(d, codes, set.cellFrom/len(codes), (set.cellFrom+len(r.PerSource)-1)/len(codes))
	}
	if x.bySources && (set.lo > set.sourceBase || set.hi < set.cellBase) {
		x.sourceEntries = entriesOfSources(d, codes, max(0, set.lo-set.sourceBase), min(d.sources, set.hi-set.sourceBase)-1)
	}
	return x
}

// entriesOfSources is, for each code, its entries in the sources from
// first to last: a source's clusters follow each other, and so do its
// entries in each code's.
func entriesOfSources(d *clusterData, codes []int, first, last int) [][]clusterEntry {
	lo, hi := sort.SearchInts(d.source, first), sort.SearchInts(d.source, last+1)
	out := make([][]clusterEntry, len(codes))
	for i, k := range codes {
		entries := d.entries[k]
		from := sort.Search(len(entries), func(j int) bool { return entries[j].cluster >= lo })
		to := sort.Search(len(entries), func(j int) bool { return entries[j].cluster >= hi })
		out[i] = entries[from:to]
	}
	return out
}

// resultInto computes into dst the figures of result that n needs,
// reusing dst's slices; the others are left undefined.
func (x *replicator) resultInto(dst *CodeResult, code, source string, t *tally, units int64, n need) {
	p := t.presence(len(x.coders), units, dst.presence.Patterns)
	dst.Code, dst.Source, dst.presence = code, source, p
	dst.Pairs = dst.Pairs[:0]
	if n.pairs {
		for a := range p.Coders {
			for b := a + 1; b < p.Coders; b++ {
				c := p.Pair(a, b)
				if n.allPairFigures {
					dst.Pairs = append(dst.Pairs, pairOf(code, source, x.coders, agree.PairStatisticsOf(c, a, b)))
					continue
				}
				// The table PairStatisticsOf computes them from, on the stack.
				categories := [2]float64{0, 1}
				cells := [4]int64{c.Neither, c.OnlyB, c.OnlyA, c.Both}
				rows := [2][]int64{cells[0:2:2], cells[2:4:4]}
				table := agree.Table{Categories: categories[:], Cells: rows[:]}
				dst.Pairs = append(dst.Pairs, Pair{Code: code, Source: source, CoderA: x.coders[a], CoderB: x.coders[b],
					Both: c.Both, OnlyA: c.OnlyA, OnlyB: c.OnlyB, Neither: c.Neither, Units: c.Units(),
					PercentAgreement: agree.ObservedAgreement(table), CohenKappa: agree.CohenKappa(table)})
			}
		}
	}
	dst.Group = Group{Code: code, Source: source, Coders: p.Coders, Units: p.Units}
	if n.group == [groupFigureCount]bool{} {
		return
	}
	counts := x.countTable(p)
	g := &dst.Group
	for i, wanted := range n.group {
		if !wanted {
			continue
		}
		switch i {
		case 0:
			g.PercentAgreement = agree.PercentAgreement(counts)
		case 1:
			g.KrippendorffAlpha = agree.KrippendorffAlpha(counts, agree.Nominal).Alpha
		case 2:
			g.FleissKappa = agree.FleissKappa(counts)
		case 3:
			g.GwetAC1 = agree.GwetAC1(counts)
		case 4:
			g.BrennanPrediger = agree.BrennanPrediger(counts)
		}
	}
}

// replicate computes the figures of the replicate that drew each cluster
// counts[c] times into row, in eachFigure's order.
func (x *replicator) replicate(counts []int64, row []float32) {
	d, r, set := x.d, x.r, x.set
	var units int64
	clear(x.srcUnits)
	for c, n := range counts {
		units += n * d.units[c]
		x.srcUnits[d.source[c]] += n * d.units[c]
	}
	// What this pass computes: the overall figures need every code.
	overall := set.in(set.overallAt)
	sources := x.bySources && set.lo < set.cellBase && set.hi > set.sourceBase
	cells := x.cells && set.lo < set.overallAt && set.hi > set.cellBase
	cellOf := func(src, i int) int { return set.cellBase + src*len(x.codes) + i }
	// Most passes take every source (the only pass, or a pass of codes).
	everySource := set.lo <= set.sourceBase && set.hi >= set.cellBase
	for i, k := range x.codes {
		code := overall || set.in(i)
		if !code && !sources && !cells {
			continue
		}
		entries := d.entries[k]
		switch {
		case !code && !sources:
			// Only cells: the entries of other sources would count nowhere.
			entries = x.cellEntries[i]
		case !code && !cells && !everySource:
			// Only some sources' figures, likewise.
			entries = x.sourceEntries[i]
		}
		for _, e := range entries {
			n := counts[e.cluster]
			if n == 0 {
				continue
			}
			u := n * e.units
			if code {
				x.code.add(e.mask, u)
			}
			src := d.source[e.cluster]
			if sources && (everySource || set.in(set.sourceBase+src)) {
				x.bySource[src].add(e.mask, u)
			}
			if cells && set.in(cellOf(src, i)) {
				x.srcCode[src].add(e.mask, u)
			}
		}
		if code {
			n := x.codeNeed
			if !set.in(i) { // only for the overall figures
				n = x.meansNeed
			}
			x.resultInto(&x.perCode[i], r.PerCode[i].Code, "", x.code, units, n)
			x.parts[i] = x.perCode[i].presence
		}
		if cells {
			for src := range d.sources {
				if set.in(cellOf(src, i)) {
					x.resultInto(&x.cellResults[src*len(x.codes)+i-set.cellFrom], r.PerCode[i].Code, r.Sources[src], x.srcCode[src], x.srcUnits[src], x.cellNeed)
				}
			}
		}
	}
	rep := Report{PerCode: x.perCode, BySource: x.bySrc, PerSource: x.cellResults}
	if sources {
		for src := range d.sources {
			if set.in(set.sourceBase + src) {
				x.resultInto(&x.bySrc[src], "", r.Sources[src], x.bySource[src], x.srcUnits[src]*int64(len(x.codes)), x.sourceNeed)
			}
		}
	}
	if overall {
		rep.Overall = x.overall()
	}
	f := 0
	eachFigure(&rep, set, func(_ int, v agree.Value, _ slot) {
		value := float32(math.NaN())
		if v.Defined {
			value = float32(v.V)
		}
		row[f] = value
		f++
	})
}

// overall computes what overall computes, of the figures chosen: every
// code's units added up, and the means over codes.
func (x *replicator) overall() Overall {
	var units int64
	for _, p := range x.parts {
		units += p.Units
		for _, pat := range p.Patterns {
			if pat.Applied != 0 {
				x.all.add(pat.Applied, pat.Units)
			}
		}
	}
	x.resultInto(&x.pooled, "", "", x.all, units, x.overallNeed)
	o := Overall{Pooled: x.pooled.Group, Pairs: x.pairsOver[:0]}
	for i, p := range x.pooled.Pairs {
		po := PairOverall{CoderA: p.CoderA, CoderB: p.CoderB, Pooled: p}
		if x.set.means[0] {
			po.MeanKappa = x.meanOver(func(cr *CodeResult) agree.Value { return cr.Pairs[i].CohenKappa })
		}
		if x.set.means[1] {
			po.MeanPercentAgreement = x.meanOver(func(cr *CodeResult) agree.Value { return cr.Pairs[i].PercentAgreement })
		}
		o.Pairs = append(o.Pairs, po)
	}
	x.pairsOver = o.Pairs
	if x.set.means[2] {
		o.MeanAlpha = x.meanOver(func(cr *CodeResult) agree.Value { return cr.Group.KrippendorffAlpha })
	}
	if x.set.means[3] {
		o.MeanFleiss = x.meanOver(func(cr *CodeResult) agree.Value { return cr.Group.FleissKappa })
	}
	return o
}

// meanOver is mean of the codes' values, added up in the same order.
func (x *replicator) meanOver(value func(*CodeResult) agree.Value) Mean {
	var sum float64
	n := 0
	for i := range x.perCode {
		if v := value(&x.perCode[i]); v.Defined {
			sum += v.V
			n++
		}
	}
	if n == 0 {
		return Mean{Value: agree.Value{Reason: "no code has a defined value"}}
	}
	return Mean{Value: agree.Value{V: sum / float64(n), Defined: true}, Codes: n}
}

// countTable is p.CountTable() in the replicator's own slices, which the
// next call overwrites.
func (x *replicator) countTable(p agree.Presence) agree.CountTable {
	if len(x.byApplied) != p.Coders+1 {
		x.byApplied, x.flat = make([]int64, p.Coders+1), make([]int, 2*(p.Coders+1))
		x.rows = make([]agree.CountRow, 0, p.Coders+1)
	}
	clear(x.byApplied)
	for _, pat := range p.Patterns {
		x.byApplied[bits.OnesCount64(pat.Applied)] += pat.Units
	}
	x.rows = x.rows[:0]
	for m, units := range x.byApplied {
		if units > 0 {
			counts := x.flat[2*m : 2*m+2 : 2*m+2]
			counts[0], counts[1] = p.Coders-m, m
			x.rows = append(x.rows, agree.CountRow{ByCategory: counts, Units: units})
		}
	}
	return agree.CountTable{Categories: x.categories[:], Rows: x.rows}
}

// batch is the number of consecutive replicates a worker computes at
// once: their values of one figure fill a cache line.
const batch = 16

// defaultIntervalMemory bounds the replicates' values kept at once (4
// bytes per figure and replicate); more figures take more passes.
const defaultIntervalMemory = 64 << 20

// runReplicates draws the replicates from the seed and computes the
// figures of the pass set chooses (figures of them) into values: figure f
// on replicate i at values[f*replicates+i]. The replicates are drawn in
// order and computed by as many workers as there are processors, each
// replicate from its own draws alone.
func runReplicates(r *Report, d *clusterData, codes []int, coders []string, set *figureSet, b agree.Bootstrap, figures int, values []float32) error {
	replicates, clusters := b.Replicates, len(d.units)
	workers := max(1, min(runtime.GOMAXPROCS(0), (replicates+batch-1)/batch))
	type job struct {
		first, n int
		counts   []int64 // n replicates' counts, one after the other
	}
	jobs := make(chan job, workers)
	free := make(chan []int64, 2*workers+1)
	for range cap(free) {
		free <- make([]int64, batch*clusters)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := newReplicator(r, d, codes, coders, set)
			rows := make([]float32, batch*figures)
			for j := range jobs {
				for i := range j.n {
					x.replicate(j.counts[i*clusters:(i+1)*clusters], rows[i*figures:(i+1)*figures])
				}
				free <- j.counts
				for f := range figures {
					out := values[f*replicates+j.first : f*replicates+j.first+j.n]
					for i := range out {
						out[i] = rows[i*figures+f]
					}
				}
			}
		}()
	}
	current := job{counts: <-free}
	drawn := 0
	err := b.Clusters(d.strata, func(counts []int64) {
		copy(current.counts[current.n*clusters:], counts)
		current.n++
		drawn++
		if current.n == batch {
			jobs <- current
			current = job{first: drawn, counts: <-free}
		}
	})
	if current.n > 0 {
		jobs <- current
	}
	close(jobs)
	wg.Wait()
	return err
}

// addIntervals runs the cluster bootstrap: each replicate draws clusters
// (turns within each source, or sources), adds up each code's units
// over the clusters drawn, and recomputes every chosen pooled figure from
// them. Replicates are drawn in order from the seed and computed by as
// many workers as there are processors, each replicate's figures from its
// own draws alone, so that the intervals do not depend on the scheduling,
// nor on which figures are computed together in a pass.
//
// It gives intervals to the figures per code, per source and overall; r
// holds none of its cells (cells of them in all), whose intervals the
// returned cellBootstrap gives, a few cells at a time (nil when the cells
// get none).
func addIntervals(r *Report, d *clusterData, codes []int, coders []string, iv Intervals, cells int) (*cellBootstrap, error) {
	b, err := agree.Bootstrap{Replicates: iv.Replicates, Confidence: iv.Confidence, Seed: iv.Seed}.Settings()
	if err != nil {
		return nil, err
	}
	// Resampling turns within each source keeps every source in every
	// replicate, so its own figures get intervals too; resampling sources
	// does not.
	withSources := iv.Clusters == ClusterTurns
	set := chooseFigures(iv.Only, withSources)
	set.numberGroups(r, cells)
	// The figures of each group, and the passes: groups in order, as many
	// as keep their replicates' values within the budget (one group at
	// least). Each pass draws the same replicates from the seed again.
	// The cells' groups have no figure here: r holds no cell.
	perGroup := make([]int, set.overallAt+1)
	eachFigure(r, &set, func(g int, _ agree.Value, _ slot) { perGroup[g]++ })
	replicates := b.Replicates
	budget := iv.memory
	if budget <= 0 {
		budget = defaultIntervalMemory
	}
	most := max(1, int(budget/int64(4*replicates)))
	type pass struct{ lo, hi, figures int }
	var passes []pass
	biggest := 0
	for g, n := range perGroup {
		if len(passes) == 0 || (passes[len(passes)-1].figures+n > most && passes[len(passes)-1].figures > 0) {
			passes = append(passes, pass{lo: g})
		}
		last := &passes[len(passes)-1]
		last.hi, last.figures = g+1, last.figures+n
		biggest = max(biggest, last.figures)
	}
	// values[f*replicates + i] is figure f of the pass on replicate i; NaN
	// when undefined. float32 halves the memory of a large report (a
	// figure's bounds keep seven significant digits, far more than a
	// replicate's own noise).
	values := make([]float32, biggest*replicates)
	for _, ps := range passes {
		if ps.figures == 0 {
			continue
		}
		set.lo, set.hi = ps.lo, ps.hi
		if err := runReplicates(r, d, codes, coders, &set, b, ps.figures, values); err != nil {
			return nil, err
		}
		putIntervals(r, &set, b, values)
	}
	count := 0
	for _, n := range d.strata {
		count += n
	}
	method := "percentile bootstrap resampling turns within each source: each replicate draws, in every source, as many of its turns as it has, with replacement, and recomputes every figure from the units of the turns drawn"
	if iv.Clusters == ClusterSources {
		method = "percentile bootstrap resampling sources: each replicate draws as many sources as were compared, with replacement, and recomputes every figure from the units of the sources drawn"
	}
	covers := "Every figure has an interval: per code, per source and overall"
	if !withSources {
		covers = "Every figure pooled over sources (per code, and over all codes) has an interval; the figures of one source alone have none, since a replicate may leave the source out"
	}
	r.Bootstrap = &BootstrapInfo{Method: method + "; a replicate on which a figure is undefined is left out of that figure's interval and counted. " + covers,
		Clusters: iv.Clusters, Count: count, Replicates: b.Replicates, Seed: b.Seed, Confidence: b.Confidence}
	if set.cell.empty() || cells == 0 {
		return nil, nil
	}
	// A pass of cells takes as many cells as keep their replicates'
	// values within the budget, and their pairs within cellPassPairs.
	pairs := len(coders) * (len(coders) - 1) / 2
	perCell := max(1, pairs*len(set.cell.pair)+len(set.cell.group))
	cellMost := most
	if iv.memory <= 0 {
		cellMost = max(1, int(cellIntervalMemory(replicates)/int64(4*replicates)))
	}
	window := max(1, min(cellMost/perCell, cellPassPairs/max(1, pairs)))
	return &cellBootstrap{r: Report{Sources: r.Sources, PerCode: r.PerCode, BySource: r.BySource},
		d: d, codes: codes, coders: coders, set: set, b: b, window: window}, nil
}

// cellIntervalMemory bounds the replicates' values of the cells of one
// pass: a quarter of defaultIntervalMemory up to 256 replicates, then
// growing with them up to defaultIntervalMemory. Each pass draws every
// replicate again (some 17 ms for 100 replicates of the benchmark
// study's 24,000 turns, ten times that for 1,000), and the cells are
// thousands: a smaller bound would make more passes than computing the
// cells takes time, a larger one holds more values at once.
func cellIntervalMemory(replicates int) int64 {
	return min(defaultIntervalMemory, max(defaultIntervalMemory/4, int64(replicates)<<16))
}

// cellPassPairs bounds the pairs of the cells of one pass of the
// bootstrap, which are held together with their intervals: some 16 MB of
// pairs without their intervals.
const cellPassPairs = 1 << 15

// putIntervals gives each figure of the pass of set its interval, from
// the replicates' values runReplicates computed.
func putIntervals(r *Report, set *figureSet, b agree.Bootstrap, values []float32) {
	replicates := b.Replicates
	defined := make([]float64, 0, replicates)
	f := 0
	eachFigure(r, set, func(_ int, v agree.Value, s slot) {
		defined = defined[:0]
		for _, x := range values[f*replicates : (f+1)*replicates] {
			if x == x { // NaN: undefined
				defined = append(defined, float64(x))
			}
		}
		ci := b.PercentileOfDefined(v, defined, replicates-len(defined))
		s.put(Interval{Lower: ci.Lower, Upper: ci.Upper, UndefinedReplicates: ci.UndefinedReplicates})
		f++
	})
}

// cellBootstrap gives the cells (each code in each source) their
// intervals, one pass of the bootstrap for window cells at a time, after
// addIntervals has given the other figures theirs.
type cellBootstrap struct {
	// r has the report's sources and pooled results, which the
	// replicates read; its PerSource is set to each pass's cells.
	r      Report
	d      *clusterData
	codes  []int
	coders []string
	set    figureSet
	b      agree.Bootstrap
	window int
}

// add gives cells, which start with cell number from, their intervals;
// values is room for the replicates' values (reused from pass to pass).
func (c *cellBootstrap) add(from int, cells []CodeResult, values *[]float32) error {
	set := c.set
	set.cellFrom = from
	set.lo, set.hi = set.cellBase+from, set.cellBase+from+len(cells)
	r := c.r
	r.PerSource = cells
	figures := 0
	eachFigure(&r, &set, func(int, agree.Value, slot) { figures++ })
	if figures == 0 {
		return nil
	}
	if n := figures * c.b.Replicates; len(*values) < n {
		*values = make([]float32, n)
	}
	if err := runReplicates(&r, c.d, c.codes, c.coders, &set, c.b, figures, *values); err != nil {
		return err
	}
	putIntervals(&r, &set, c.b, *values)
	return nil
}

// cellMaker computes the cells of a report: each code in each source,
// from its table.
type cellMaker struct {
	coders, sources, codes []string
	// tables[s][i] is the table of codes[i] in sources[s].
	tables [][]agree.Presence
	// boot gives the cells their intervals; nil when they get none.
	boot *cellBootstrap
}

// count is the number of cells; 0 for no cellMaker.
func (m *cellMaker) count() int {
	if m == nil {
		return 0
	}
	return len(m.sources) * len(m.codes)
}

// each computes the cells in order, with their intervals, a pass of the
// bootstrap (or without intervals one cell) at a time, and hands each to
// yield; a pass's cells are let go once yield has had them.
func (m *cellMaker) each(yield func(CodeResult) error) error {
	n := m.count()
	window := 1
	if m.boot != nil {
		window = m.boot.window
	}
	cells := make([]CodeResult, 0, min(window, n))
	var values []float32
	for from := 0; from < n; from += window {
		cells = cells[:0]
		for c := from; c < min(n, from+window); c++ {
			s, i := c/len(m.codes), c%len(m.codes)
			cells = append(cells, result(m.codes[i], m.sources[s], m.coders, m.tables[s][i]))
		}
		if m.boot != nil {
			if err := m.boot.add(from, cells, &values); err != nil {
				return err
			}
		}
		for i := range cells {
			if err := yield(cells[i]); err != nil {
				return err
			}
			cells[i] = CodeResult{}
		}
	}
	return nil
}

// presenceOf is the presence of units units of which tally gives those
// some coder applied the code to, by set of coders.
func presenceOf(coders int, units int64, tally map[uint64]int64) agree.Presence {
	p := agree.Presence{Coders: coders, Units: units, Patterns: make([]agree.Pattern, 0, len(tally)+1)}
	applied := int64(0)
	for mask, n := range tally {
		if n > 0 && mask != 0 {
			p.Patterns = append(p.Patterns, agree.Pattern{Applied: mask, Units: n})
			applied += n
		}
	}
	if units > applied {
		p.Patterns = append(p.Patterns, agree.Pattern{Applied: 0, Units: units - applied})
	}
	slices.SortFunc(p.Patterns, func(a, b agree.Pattern) int { return compareMask(a.Applied, b.Applied) })
	return p
}

func compareMask(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
