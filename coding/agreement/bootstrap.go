package agreement

import (
	"fmt"
	"math"
	"slices"
	"sort"
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

// eachFigure visits every figure of the report in a fixed order: per
// code, and with withSources per source (pooled over codes, and each code
// in each source when the report has them), then overall.
func eachFigure(r *Report, withSources bool, f func(v agree.Value, s slot)) {
	pair := func(p *Pair) {
		m := &p.Intervals
		for _, x := range []struct {
			name string
			v    agree.Value
		}{
			{"percent_agreement", p.PercentAgreement}, {"cohen_kappa", p.CohenKappa}, {"scott_pi", p.ScottPi},
			{"gwet_ac1", p.GwetAC1}, {"brennan_prediger", p.BrennanPrediger}, {"krippendorff_alpha", p.KrippendorffAlpha},
			{"prevalence_index", p.PrevalenceIndex}, {"bias_index", p.BiasIndex}, {"pabak", p.PABAK},
			{"positive_specific_agreement", p.PositiveAgreement}, {"negative_specific_agreement", p.NegativeAgreement},
			{"maximum_kappa", p.MaximumKappa},
		} {
			f(x.v, slot{intervals: m, name: x.name})
		}
	}
	group := func(g *Group) {
		m := &g.Intervals
		f(g.PercentAgreement, slot{intervals: m, name: "percent_agreement"})
		f(g.KrippendorffAlpha, slot{intervals: m, name: "krippendorff_alpha"})
		f(g.FleissKappa, slot{intervals: m, name: "fleiss_kappa"})
		f(g.GwetAC1, slot{intervals: m, name: "gwet_ac1"})
		f(g.BrennanPrediger, slot{intervals: m, name: "brennan_prediger"})
	}
	results := func(list []CodeResult) {
		for i := range list {
			for j := range list[i].Pairs {
				pair(&list[i].Pairs[j])
			}
			group(&list[i].Group)
		}
	}
	results(r.PerCode)
	if withSources {
		results(r.BySource)
		results(r.PerSource)
	}
	o := &r.Overall
	for j := range o.Pairs {
		pair(&o.Pairs[j].Pooled)
		f(o.Pairs[j].MeanKappa.Value, slot{mean: &o.Pairs[j].MeanKappa})
		f(o.Pairs[j].MeanPercentAgreement.Value, slot{mean: &o.Pairs[j].MeanPercentAgreement})
	}
	group(&o.Pooled)
	f(o.MeanAlpha.Value, slot{mean: &o.MeanAlpha})
	f(o.MeanFleiss.Value, slot{mean: &o.MeanFleiss})
}

// addIntervals runs the cluster bootstrap: each replicate draws clusters
// (turns within each source, or sources), adds up each code's units
// over the clusters drawn, and recomputes every pooled figure from them.
func addIntervals(r *Report, d *clusterData, codes []int, coders []string, iv Intervals) error {
	b, err := agree.Bootstrap{Replicates: iv.Replicates, Confidence: iv.Confidence, Seed: iv.Seed}.Settings()
	if err != nil {
		return err
	}
	// Resampling turns within each source keeps every source in every
	// replicate, so its own figures get intervals too; resampling sources
	// does not.
	withSources := iv.Clusters == ClusterTurns
	cells := withSources && len(r.PerSource) > 0
	figures := 0
	eachFigure(r, withSources, func(agree.Value, slot) { figures++ })
	// values[f*R + i] is figure f on replicate i; NaN when undefined.
	// float32 halves the memory of a large report (a figure's bounds keep
	// seven significant digits, far more than a replicate's own noise).
	values := make([]float32, figures*b.Replicates)
	replicate := 0
	tally := map[uint64]int64{}
	perCode := make([]CodeResult, len(codes))
	parts := make([]agree.Presence, len(codes))
	srcUnits := make([]int64, d.sources)
	srcTally := make([]map[uint64]int64, d.sources) // the current code's, per source
	bySource := make([]map[uint64]int64, d.sources) // all codes', per source
	for i := range srcTally {
		srcTally[i], bySource[i] = map[uint64]int64{}, map[uint64]int64{}
	}
	var touched []int
	cellResults := make([]CodeResult, 0, len(r.PerSource))
	bySourceResults := make([]CodeResult, d.sources)
	err = b.Clusters(d.strata, func(counts []int64) {
		var units int64
		clear(srcUnits)
		for c, n := range counts {
			units += n * d.units[c]
			srcUnits[d.source[c]] += n * d.units[c]
		}
		if withSources {
			for _, m := range bySource {
				clear(m)
			}
		}
		cellResults = cellResults[:0]
		var cellsOf [][]CodeResult
		if cells {
			cellsOf = make([][]CodeResult, d.sources)
		}
		for i, k := range codes {
			clear(tally)
			for _, e := range d.entries[k] {
				n := counts[e.cluster]
				if n == 0 {
					continue
				}
				x := n * e.units
				tally[e.mask] += x
				if withSources {
					src := d.source[e.cluster]
					if len(srcTally[src]) == 0 {
						touched = append(touched, src)
					}
					srcTally[src][e.mask] += x
					bySource[src][e.mask] += x
				}
			}
			p := presenceOf(len(coders), units, tally)
			parts[i] = p
			perCode[i] = result(r.PerCode[i].Code, "", coders, p)
			if cells {
				for src := range d.sources {
					cellsOf[src] = append(cellsOf[src], result(r.PerCode[i].Code, r.Sources[src], coders, presenceOf(len(coders), srcUnits[src], srcTally[src])))
				}
			}
			for _, src := range touched {
				clear(srcTally[src])
			}
			touched = touched[:0]
		}
		rep := Report{PerCode: perCode}
		if withSources {
			for src := range d.sources {
				bySourceResults[src] = result("", r.Sources[src], coders, presenceOf(len(coders), srcUnits[src]*int64(len(codes)), bySource[src]))
			}
			rep.BySource = bySourceResults
			for _, list := range cellsOf {
				cellResults = append(cellResults, list...)
			}
			rep.PerSource = cellResults
		}
		rep.Overall = overall(coders, mergePresence(len(coders), parts), perCode)
		f := 0
		eachFigure(&rep, withSources, func(v agree.Value, _ slot) {
			x := float32(math.NaN())
			if v.Defined {
				x = float32(v.V)
			}
			values[f*b.Replicates+replicate] = x
			f++
		})
		replicate++
	})
	if err != nil {
		return err
	}
	f := 0
	buf := make([]agree.Value, b.Replicates)
	eachFigure(r, withSources, func(v agree.Value, s slot) {
		for i, x := range values[f*b.Replicates : (f+1)*b.Replicates] {
			buf[i] = agree.Value{V: float64(x), Defined: x == x}
		}
		ci := b.Percentile(v, buf)
		s.put(Interval{Lower: ci.Lower, Upper: ci.Upper, UndefinedReplicates: ci.UndefinedReplicates})
		f++
	})
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
