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
	"sort"

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

// Scope says which part of the text the units cover.
type Scope string

// The scopes: participants' utterances (speaker labels and moderator turns
// left out), or every character of the stored text (NVivo's method).
const (
	ScopeParticipants Scope = "participants"
	ScopeAll          Scope = "all"
)

// ParseScope reads a --scope value.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(s); sc {
	case ScopeParticipants, ScopeAll:
		return sc, nil
	case "utterances":
		return ScopeParticipants, nil
	}
	return "", fmt.Errorf("unknown scope %q: use participants or all", s)
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
}

// Options choose the unit and scope.
type Options struct {
	Unit  Unit
	Scope Scope
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
	// KappaCI is the bootstrap interval of Cohen's kappa, when asked for.
	KappaCI *agree.ConfidenceInterval `json:"cohen_kappa_ci,omitempty"`
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
	// AlphaCI is the bootstrap interval of Krippendorff's alpha, when asked for.
	AlphaCI *agree.ConfidenceInterval `json:"krippendorff_alpha_ci,omitempty"`
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
}

// Report is the result of Compute.
type Report struct {
	Unit      Unit         `json:"unit"`
	Scope     Scope        `json:"scope"`
	Coders    []string     `json:"coders"`
	Sources   []string     `json:"sources"`
	PerSource []CodeResult `json:"per_code_and_source"`
	PerCode   []CodeResult `json:"per_code"`
	Overall   Overall      `json:"overall"`
}

// Compute returns agreement of the coders on each code over the sources.
func Compute(sources []Source, codes, coders []string, opts Options) (Report, error) {
	if len(coders) < 2 {
		return Report{}, errors.New("agreement needs at least two coders")
	}
	if len(coders) > 64 {
		return Report{}, errors.New("agreement compares at most 64 coders at once")
	}
	r := Report{Unit: opts.Unit, Scope: opts.Scope, Coders: coders, Sources: []string{}, PerSource: []CodeResult{}, PerCode: []CodeResult{}}
	pooled := map[string][]agree.Presence{}
	for _, src := range sources {
		r.Sources = append(r.Sources, src.Name)
		layout, err := Layout(src, opts)
		if err != nil {
			return Report{}, fmt.Errorf("%s: %w", src.Name, err)
		}
		for _, code := range codes {
			spans := make([][]agree.Span, len(coders))
			for c := range coders {
				if per := src.Codings[code]; c < len(per) {
					spans[c] = toAgreeSpans(per[c])
				}
			}
			p, err := layout.Presence(spans)
			if err != nil {
				return Report{}, fmt.Errorf("%s, code %s: %w", src.Name, code, err)
			}
			r.PerSource = append(r.PerSource, result(code, src.Name, coders, p))
			pooled[code] = append(pooled[code], p)
		}
	}
	var all []agree.Presence
	for _, code := range codes {
		p := mergePresence(len(coders), pooled[code])
		r.PerCode = append(r.PerCode, result(code, "", coders, p))
		all = append(all, p)
	}
	r.Overall = overall(coders, mergePresence(len(coders), all), r.PerCode)
	return r, nil
}

// Layout divides a source into units for the options.
//
// With the participants scope a unit counts only through its non-space
// characters (white space carries no judgement). With scope all every
// character counts, white space and line ends included, which is NVivo's
// method and reproduces its 2×2 tables.
func Layout(src Source, opts Options) (agree.UnitLayout, error) {
	var blanks agree.Blanks
	if opts.Scope != ScopeAll {
		blanks = agree.BlankRunes(src.Text)
	}
	within := Within(src, opts.Scope)
	switch opts.Unit {
	case UnitChar:
		return agree.CharacterUnits(blanks, within...)
	case UnitWord, UnitSentence:
		all := src.Words
		if opts.Unit == UnitSentence {
			all = src.Sentences
		}
		var units [][]agree.Span
		for _, u := range all {
			if insideAny(u, within) {
				units = append(units, []agree.Span{agree.Span(u)})
			}
		}
		return agree.SpanUnits(blanks, units)
	case UnitTurn:
		var units [][]agree.Span
		for _, t := range src.Turns {
			if opts.Scope == ScopeAll {
				units = append(units, []agree.Span{{Start: t.Label.Start, End: t.Utterance.End + 1}})
			} else if !t.Moderator {
				units = append(units, []agree.Span{agree.Span(t.Utterance)})
			}
		}
		return agree.SpanUnits(blanks, units)
	case UnitSource:
		return agree.SpanUnits(blanks, [][]agree.Span{within})
	}
	return agree.UnitLayout{}, fmt.Errorf("unknown unit %q", opts.Unit)
}

// Within lists the stretches of text the scope covers, in order.
func Within(src Source, scope Scope) []agree.Span {
	if scope == ScopeAll {
		return []agree.Span{{Start: 0, End: len([]rune(src.Text))}}
	}
	var out []agree.Span
	for _, t := range src.Turns {
		if !t.Moderator && t.Utterance.Len() > 0 {
			out = append(out, agree.Span(t.Utterance))
		}
	}
	return out
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
		BrennanPrediger: ps.BrennanPrediger, KrippendorffAlpha: ps.KrippendorffAlpha}
}

func overall(coders []string, all agree.Presence, perCode []CodeResult) Overall {
	pooled := result("", "", coders, all)
	o := Overall{Pooled: pooled.Group}
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

// AddConfidenceIntervals adds seeded bootstrap intervals for Cohen's kappa
// (each pair) and Krippendorff's alpha (all coders) to the per-code results.
func AddConfidenceIntervals(r *Report, confidence float64, seed uint64) error {
	b := agree.Bootstrap{Confidence: confidence, Seed: seed}
	for i := range r.PerCode {
		cr := &r.PerCode[i]
		for j := range cr.Pairs {
			p := &cr.Pairs[j]
			counts := agree.PairCounts{Both: p.Both, OnlyA: p.OnlyA, OnlyB: p.OnlyB, Neither: p.Neither}
			ci, err := b.Pairs(counts.Table(), agree.CohenKappa)
			if err != nil {
				return err
			}
			p.KappaCI = &ci
		}
		ci, err := b.Units(cr.presence.CountTable(), func(c agree.CountTable) agree.Value {
			return agree.KrippendorffAlpha(c, agree.Nominal).Alpha
		})
		if err != nil {
			return err
		}
		cr.Group.AlphaCI = &ci
	}
	return nil
}

// Presence returns the presence data behind a per-source or per-code result
// (for explanations).
func (c CodeResult) Presence() agree.Presence { return c.presence }
