package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

// thresholds are the levels a code's agreement is judged by. The defaults
// are Krippendorff's (2019, § 12.7) guidance for alpha: rely on variables
// from 0.800, draw tentative conclusions from 0.667, discard below.
type thresholds struct {
	Tentative float64 `json:"tentative"`
	Reliable  float64 `json:"reliable"`
}

func (t *thresholds) register(f *pflag.FlagSet) {
	f.Float64Var(&t.Reliable, "reliable", agreement.ReliableFrom, "agreement from which a code counts as reliable (Krippendorff: 0.800)")
	f.Float64Var(&t.Tentative, "tentative", agreement.TentativeFrom, "agreement from which a code allows tentative conclusions (Krippendorff: 0.667)")
	f.Float64Var(&t.Tentative, "min", agreement.TentativeFrom, "the same as --tentative")
	f.MarkHidden("min")
}

func (t thresholds) check() error {
	if !(t.Tentative <= t.Reliable && t.Reliable <= 1) {
		return usageError{fmt.Errorf("agree: --tentative %g and --reliable %g: give tentative ≤ reliable ≤ 1, e.g. 0.667 and 0.8", t.Tentative, t.Reliable)}
	}
	return nil
}

// intervals reads the bootstrap flags: nil without --ci.
func (o agreeOptions) intervals(unit agreement.Unit) (*agreement.Intervals, error) {
	if o.ci == 0 {
		return nil, nil
	}
	if !(o.ci > 0 && o.ci < 1) {
		return nil, usageError{errors.New("agree --ci: give a level between 0 and 1, e.g. 0.95")}
	}
	if o.replicates < 1 {
		return nil, usageError{fmt.Errorf("agree --replicates %d: give at least 1, e.g. 1000", o.replicates)}
	}
	by := agreement.ClusterTurns
	if unit == agreement.UnitSource {
		by = agreement.ClusterSources
	}
	if o.resample != "" {
		var err error
		if by, err = agreement.ParseClusters(o.resample); err != nil {
			return nil, usageError{fmt.Errorf("agree: %w", err)}
		}
		if unit == agreement.UnitSource && by != agreement.ClusterSources {
			return nil, usageError{errors.New("agree --resample turn: with --unit source the units are sources; resample sources")}
		}
	}
	return &agreement.Intervals{Confidence: o.ci, Replicates: o.replicates, Seed: o.seed, Clusters: by}, nil
}

// shownFigures chooses the figures whose intervals the text (or, with
// methods, the methods paragraph) shows, so that the bootstrap recomputes
// only those; --json shows every figure and chooses none. The intervals
// of the figures shown are the same either way.
func shownFigures(coders int, methods bool) func(agreement.Figure) bool {
	return func(f agreement.Figure) bool {
		if methods {
			if f.Level != agreement.LevelOverall {
				return false
			}
			if coders == 2 {
				return f.Pair && slices.Contains([]string{"cohen_kappa", "krippendorff_alpha", "scott_pi", "gwet_ac1", "percent_agreement", "pabak", "mean_cohen_kappa"}, f.Name)
			}
			return !f.Pair && slices.Contains([]string{"krippendorff_alpha", "fleiss_kappa", "gwet_ac1", "percent_agreement", "mean_krippendorff_alpha"}, f.Name)
		}
		if f.Level == agreement.LevelOverall {
			if f.Pair {
				return f.Name == "cohen_kappa" || f.Name == "mean_cohen_kappa"
			}
			return f.Name == "krippendorff_alpha" || f.Name == "fleiss_kappa" || f.Name == "mean_krippendorff_alpha"
		}
		// Per code, per source and per cell: the headline figure.
		if coders == 2 {
			return f.Pair && f.Name == "cohen_kappa"
		}
		return !f.Pair && f.Name == "krippendorff_alpha"
	}
}

// The judgements of a value.
const (
	judgedReliable  = "reliable"
	judgedTentative = "tentative"
	judgedBelow     = "below"
	judgedUndefined = "undefined"
)

// judge says where a value stands; an undefined value is undefined, never
// below anything.
func (t thresholds) judge(v agree.Value) string {
	switch {
	case !v.Defined:
		return judgedUndefined
	case v.V >= t.Reliable:
		return judgedReliable
	case v.V >= t.Tentative:
		return judgedTentative
	}
	return judgedBelow
}

// label is the judgement as the text output shows it.
func (t thresholds) label(v agree.Value) string {
	switch j := t.judge(v); j {
	case judgedReliable:
		return fmt.Sprintf("reliable (≥ %.3f)", t.Reliable)
	case judgedTentative:
		return fmt.Sprintf("tentative (≥ %.3f)", t.Tentative)
	case judgedBelow:
		return fmt.Sprintf("below %.3f", t.Tentative)
	default:
		return j
	}
}

// codeJudgement is one code's headline figure and where it stands.
type codeJudgement struct {
	Code      string      `json:"code"`
	Statistic string      `json:"statistic"`
	Value     agree.Value `json:"value"`
	Judgement string      `json:"judgement"`
}

// agreeReport is `focal agree --json`.
type agreeReport struct {
	agreement.Report
	Excluded      []study.ExcludedSource `json:"excluded_sources"`
	LeftOutCoders []study.LeftOutCoder   `json:"left_out_coders"`
	Thresholds    thresholds             `json:"thresholds"`
	Judgements    []codeJudgement        `json:"judgements"`
	// Below lists the codes whose headline value is defined and below the
	// tentative threshold; Undefined those whose value is undefined.
	Below     []string `json:"codes_below_tentative"`
	Undefined []string `json:"codes_undefined"`
}

// newAgreeReport gathers the report with everything that was left out.
func newAgreeReport(rep agreement.Report, d *agreementData, t thresholds) agreeReport {
	full := agreeReport{Report: rep, Excluded: d.Excluded, LeftOutCoders: d.LeftOutCoders, Thresholds: t,
		Judgements: []codeJudgement{}, Below: []string{}, Undefined: []string{}}
	if full.Excluded == nil {
		full.Excluded = []study.ExcludedSource{}
	}
	if full.LeftOutCoders == nil {
		full.LeftOutCoders = []study.LeftOutCoder{}
	}
	full.LeftOutCodes = append(append([]agreement.LeftOutCode{}, d.LeftOutCodes...), rep.LeftOutCodes...)
	sort.SliceStable(full.LeftOutCodes, func(i, j int) bool { return full.LeftOutCodes[i].Code < full.LeftOutCodes[j].Code })
	name := agreement.HeadlineName(len(rep.Coders))
	for _, cr := range rep.PerCode {
		v := cr.Headline(len(rep.Coders))
		j := t.judge(v)
		full.Judgements = append(full.Judgements, codeJudgement{Code: cr.Code, Statistic: name, Value: v, Judgement: j})
		switch j {
		case judgedBelow:
			full.Below = append(full.Below, cr.Code)
		case judgedUndefined:
			full.Undefined = append(full.Undefined, cr.Code)
		}
	}
	return full
}

// printCompared says what was compared and what was left out.
func printCompared(out io.Writer, r agreeReport) {
	fmt.Fprintf(out, "Agreement of %s on %d sources · unit: %s · scope: %s\n", strings.Join(r.Coders, ", "), len(r.Sources), r.Unit, r.Scope)
	fmt.Fprintln(out, r.Rule)
	for _, e := range r.Excluded {
		fmt.Fprintf(out, "left out: %s (not marked done by %s)\n", e.Source, strings.Join(e.NotDone, ", "))
	}
	for _, c := range r.LeftOutCoders {
		fmt.Fprintf(out, "coder left out: %s (%s)\n", c.Coder, c.Reason)
	}
	if len(r.LeftOutCodes) > 0 {
		byReason := map[string][]string{}
		for _, c := range r.LeftOutCodes {
			byReason[c.Reason] = append(byReason[c.Reason], c.Code)
		}
		for _, reason := range []string{agreement.CodeOutOfScope, agreement.CodeUnused, agreement.CodeNotChosen} {
			if codes := byReason[reason]; len(codes) > 0 {
				fmt.Fprintf(out, "codes left out (%s): %s\n", reasonWords(reason), strings.Join(codes, ", "))
			}
		}
	}
	var units []string
	var total int64
	for _, s := range r.UnitsPerSource {
		units = append(units, fmt.Sprintf("%s %d", s.Source, s.Units))
		total += s.Units
	}
	fmt.Fprintf(out, "compared: %d codes; %d units (%s)\n", len(r.PerCode), total, strings.Join(units, ", "))
}

func reasonWords(reason string) string {
	switch reason {
	case agreement.CodeOutOfScope:
		return "out of scope: their codings cover no unit"
	case agreement.CodeUnused:
		return "unused by the compared coders in these sources"
	}
	return reason
}

func printAgreement(out io.Writer, r agreeReport, perSource bool) error {
	coders := len(r.Coders)
	printCompared(out, r)
	fmt.Fprintln(out)
	rows := append([]agreement.CodeResult(nil), r.PerCode...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Headline(coders), rows[j].Headline(coders)
		if a.Defined != b.Defined {
			return !a.Defined // undefined first: they need attention
		}
		return a.V < b.V
	})
	header := []string{"CODE", "UNITS", "% AGREE", "ALPHA", "FLEISS"}
	if coders == 2 {
		header = []string{"CODE", "UNITS", "BOTH", "ONLY " + r.Coders[0], "ONLY " + r.Coders[1], "% AGREE", "KAPPA", "ALPHA"}
	}
	if r.Bootstrap != nil {
		statistic := "ALPHA"
		if coders == 2 {
			statistic = "KAPPA"
		}
		header = append(header, fmt.Sprintf("%s %s%% CI", statistic, percentLevel(r.Bootstrap.Confidence)))
	}
	header = append(header, "JUDGEMENT")
	t := newTable(out, header...)
	for _, cr := range rows {
		flag := r.Thresholds.label(cr.Headline(coders))
		var cells []any
		if coders == 2 {
			p := cr.Pairs[0]
			cells = []any{cr.Code, p.Units, p.Both, p.OnlyA, p.OnlyB, pct(p.PercentAgreement), num(p.CohenKappa), num(cr.Group.KrippendorffAlpha)}
			if r.Bootstrap != nil {
				cells = append(cells, interval(p.Intervals["cohen_kappa"]))
			}
		} else {
			g := cr.Group
			cells = []any{cr.Code, g.Units, pct(g.PercentAgreement), num(g.KrippendorffAlpha), num(g.FleissKappa)}
			if r.Bootstrap != nil {
				cells = append(cells, interval(g.Intervals["krippendorff_alpha"]))
			}
		}
		t.row(append(cells, flag)...)
	}
	t.flush()
	fmt.Fprintln(out)
	o := r.Overall
	fmt.Fprintf(out, "All codes, all coders: alpha %s and Fleiss' kappa %s pooled over codes; mean of per-code alpha %s (%d codes)\n",
		withInterval(o.Pooled.KrippendorffAlpha, o.Pooled.Intervals, "krippendorff_alpha"), withInterval(o.Pooled.FleissKappa, o.Pooled.Intervals, "fleiss_kappa"),
		meanWithInterval(o.MeanAlpha), o.MeanAlpha.Codes)
	for _, p := range o.Pairs {
		fmt.Fprintf(out, "%s–%s: kappa %s pooled over codes, mean of per-code kappa %s (%d codes); agreement %s pooled\n",
			p.CoderA, p.CoderB, withInterval(p.Pooled.CohenKappa, p.Pooled.Intervals, "cohen_kappa"), meanWithInterval(p.MeanKappa), p.MeanKappa.Codes, pct(p.Pooled.PercentAgreement))
	}
	if b := r.Bootstrap; b != nil {
		fmt.Fprintf(out, "Intervals (%s%%): %s; %d replicates of %d %ss, seed %d. Every figure has one in --json.\n",
			percentLevel(b.Confidence), b.Method, b.Replicates, b.Count, b.Clusters, b.Seed)
		for _, cr := range r.PerCode {
			iv := cr.Group.Intervals["krippendorff_alpha"]
			if coders == 2 {
				iv = cr.Pairs[0].Intervals["cohen_kappa"]
			}
			if iv.UndefinedReplicates > 0 {
				fmt.Fprintf(out, "interval of %s: undefined on %d of %d replicates, which it leaves out\n", cr.Code, iv.UndefinedReplicates, b.Replicates)
			}
		}
	}
	if err := printSources(out, r, perSource); err != nil {
		return err
	}
	fmt.Fprintf(out, "Judged by %s: reliable from %.3f, tentative from %.3f (Krippendorff's guidance is 0.800 and 0.667).\n",
		agreement.HeadlineLabel(coders), r.Thresholds.Reliable, r.Thresholds.Tentative)
	for _, cr := range r.PerCode {
		if v := cr.Headline(coders); !v.Defined {
			fmt.Fprintf(out, "undefined: %s: %s\n", cr.Code, v.Reason)
		}
	}
	return nil
}

// printSources shows each source's agreement pooled over the codes, and
// with perSource every code in every source (as Report.EachCell computes
// them), with their intervals when the bootstrap gave them.
func printSources(out io.Writer, r agreeReport, perSource bool) error {
	coders := len(r.Coders)
	statistic, name := "KAPPA", "cohen_kappa"
	if coders > 2 {
		statistic, name = "ALPHA", "krippendorff_alpha"
	}
	withCI := r.Bootstrap != nil && r.Bootstrap.Clusters == agreement.ClusterTurns
	ciOf := func(cr agreement.CodeResult) string {
		intervals := cr.Group.Intervals
		if coders == 2 {
			intervals = cr.Pairs[0].Intervals
		}
		if iv, ok := intervals[name]; ok {
			return interval(iv)
		}
		return "—"
	}
	header := func(first ...string) []string {
		h := append(first, "% AGREE", statistic)
		if withCI {
			h = append(h, statistic+" "+percentLevel(r.Bootstrap.Confidence)+"% CI")
		}
		return append(h, "JUDGEMENT")
	}
	row := func(t *table, cr agreement.CodeResult, first ...any) {
		v := cr.Headline(coders)
		cells := append(first, pct(cr.Group.PercentAgreement), num(v))
		if withCI {
			cells = append(cells, ciOf(cr))
		}
		t.row(append(cells, r.Thresholds.label(v))...)
	}
	fmt.Fprintln(out, "\nPer source, pooled over codes:")
	t := newTable(out, header("SOURCE", "UNITS")...)
	for i, cr := range r.BySource {
		row(t, cr, cr.Source, r.UnitsPerSource[i].Units)
	}
	t.flush()
	if !perSource {
		fmt.Fprintln(out, "(every code in every source: --per-source)")
		return nil
	}
	fmt.Fprintln(out, "\nEvery code in every source:")
	t = newTable(out, header("SOURCE", "CODE", "UNITS")...)
	if err := r.EachCell(func(cr agreement.CodeResult) error {
		row(t, cr, cr.Source, cr.Code, cr.Group.Units)
		return nil
	}); err != nil {
		return err
	}
	return t.flush()
}

func num(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", v.V)
}

func pct(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.1f%%", v.V*100)
}

func interval(iv agreement.Interval) string {
	return fmt.Sprintf("[%s, %s]", num(iv.Lower), num(iv.Upper))
}

// withInterval is a value followed by its interval, when there is one.
func withInterval(v agree.Value, intervals map[string]agreement.Interval, name string) string {
	if iv, ok := intervals[name]; ok {
		return num(v) + " " + interval(iv)
	}
	return num(v)
}

func meanWithInterval(m agreement.Mean) string {
	if m.Interval != nil {
		return num(m.Value) + " " + interval(*m.Interval)
	}
	return num(m.Value)
}

// percentLevel prints 0.95 as 95 and 0.975 as 97.5.
func percentLevel(c float64) string {
	return strconv.FormatFloat(math.Round(c*10000)/100, 'f', -1, 64)
}

// explainAgreement prints the tables and the arithmetic behind one set
// of figures, so that a reviewer can recompute them by hand: one code in
// one source, one code pooled over the sources, one source pooled over the
// codes, or the overall figures pooled over everything (with the means).
func explainAgreement(out io.Writer, r agreement.Report, oneCode, oneSource bool) error {
	var cr agreement.CodeResult
	var p agree.Presence
	var what string
	switch {
	case oneCode && oneSource:
		if len(r.PerSource) == 0 {
			return errors.New("agree --explain: the code is not compared (see `focal agree` for why it is left out)")
		}
		cr, p = r.PerSource[0], r.PerSource[0].Presence()
		what = fmt.Sprintf("Code %s in %s", cr.Code, cr.Source)
	case oneCode:
		if len(r.PerCode) == 0 {
			return errors.New("agree --explain: the code is not compared (see `focal agree` for why it is left out)")
		}
		cr, p = r.PerCode[0], r.PerCode[0].Presence()
		what = fmt.Sprintf("Code %s pooled over %d sources (their tables added up)", cr.Code, len(r.Sources))
	case oneSource:
		cr, p = r.BySource[0], r.BySource[0].Presence()
		what = fmt.Sprintf("Source %s pooled over %d codes (the tables of the codes added up: a unit counts once per code)", cr.Source, len(r.PerCode))
	default:
		p = r.Overall.Presence()
		cr = agreement.CodeResult{Group: r.Overall.Pooled}
		for _, po := range r.Overall.Pairs {
			cr.Pairs = append(cr.Pairs, po.Pooled)
		}
		what = fmt.Sprintf("All %d codes pooled over %d sources (every code's table added up: a unit counts once per code)", len(r.PerCode), len(r.Sources))
	}
	fmt.Fprintf(out, "%s · unit: %s · scope: %s\n", what, r.Unit, r.Scope)
	fmt.Fprintln(out, r.Rule)
	for _, pair := range cr.Pairs {
		explainPair(out, pair)
	}
	explainGroup(out, p, cr.Group, len(r.Coders))
	if !oneCode && !oneSource {
		explainMeans(out, r)
	}
	return nil
}

// explainPair prints a pair's 2 × 2 table and every two-coder statistic
// worked out from it.
func explainPair(out io.Writer, p agreement.Pair) {
	n := float64(p.Units)
	fmt.Fprintf(out, "\n%s and %s (%d units)\n", p.CoderA, p.CoderB, p.Units)
	t := newTable(out, "", p.CoderB+" applied", p.CoderB+" did not", "total")
	t.row(p.CoderA+" applied", p.Both, p.OnlyA, p.Both+p.OnlyA)
	t.row(p.CoderA+" did not", p.OnlyB, p.Neither, p.OnlyB+p.Neither)
	t.row("total", p.Both+p.OnlyB, p.OnlyA+p.Neither, p.Units)
	t.flush()
	if n == 0 {
		fmt.Fprintln(out, "no units: nothing to compute")
		return
	}
	a, b, c := float64(p.Both), float64(p.OnlyA), float64(p.OnlyB)
	a1, b1 := (a+b)/n, (a+c)/n
	pe := a1*b1 + (1-a1)*(1-b1)
	pi1 := (a1 + b1) / 2
	why := func(v agree.Value) string {
		if v.Defined {
			return sixDigits(v)
		}
		return "undefined (" + v.Reason + ")"
	}
	fmt.Fprintf(out, "a = both, b = only %s, c = only %s, d = neither; a₁ = (a + b)/N = %.6f, b₁ = (a + c)/N = %.6f\n", p.CoderA, p.CoderB, a1, b1)
	fmt.Fprintf(out, "p_o = (both + neither) / N = (%d + %d) / %d = %s (percent agreement)\n", p.Both, p.Neither, p.Units, why(p.PercentAgreement))
	fmt.Fprintf(out, "p_e = a₁·b₁ + a₀·b₀ = %.6f·%.6f + %.6f·%.6f = %.6f\n", a1, b1, 1-a1, 1-b1, pe)
	fmt.Fprintf(out, "Cohen's kappa = (p_o − p_e) / (1 − p_e) = %s\n", why(p.CohenKappa))
	fmt.Fprintf(out, "Scott's pi: π₁ = (a₁ + b₁)/2 = %.6f, p_e = π₁² + π₀² = %.6f; (p_o − p_e)/(1 − p_e) = %s\n", pi1, pi1*pi1+(1-pi1)*(1-pi1), why(p.ScottPi))
	fmt.Fprintf(out, "Gwet's AC1: p_e = 2·π₁·π₀/(q − 1) with q = 2: %.6f; (p_o − p_e)/(1 − p_e) = %s\n", 2*pi1*(1-pi1), why(p.GwetAC1))
	fmt.Fprintf(out, "Brennan–Prediger: p_e = 1/q = 0.5; (p_o − 0.5)/0.5 = %s\n", why(p.BrennanPrediger))
	fmt.Fprintf(out, "Krippendorff's alpha (2 coders, nominal) = %s\n", why(p.KrippendorffAlpha))
	fmt.Fprintf(out, "prevalence index (a − d)/N = %s; bias index (b − c)/N = %s; PABAK = 2·p_o − 1 = %s\n", why(p.PrevalenceIndex), why(p.BiasIndex), why(p.PABAK))
	fmt.Fprintf(out, "positive specific agreement 2a/(2a + b + c) = %s; negative 2d/(2d + b + c) = %s\n", why(p.PositiveAgreement), why(p.NegativeAgreement))
	fmt.Fprintf(out, "maximum kappa: p_max = min(a₁, b₁) + min(a₀, b₀) = %.6f; (p_max − p_e)/(1 − p_e) = %s\n", min(a1, b1)+min(1-a1, 1-b1), why(p.MaximumKappa))
}

// explainGroup prints the all-coders table and statistics.
func explainGroup(out io.Writer, p agree.Presence, g agreement.Group, coders int) {
	ct := p.CountTable()
	fmt.Fprintf(out, "\nAll %d coders: units by how many coders applied the code (m = %d)\n", coders, coders)
	t := newTable(out, "CODERS WHO APPLIED IT", "UNITS")
	var n, agreeing, shareApplied float64
	m := float64(coders)
	for _, row := range ct.Rows {
		k := float64(row.ByCategory[1])
		u := float64(row.Units)
		t.row(row.ByCategory[1], row.Units)
		n += u
		agreeing += u * (k*(k-1) + (m-k)*(m-k-1)) / (m * (m - 1))
		shareApplied += u * k / m
	}
	t.flush()
	if n == 0 {
		fmt.Fprintln(out, "no units: nothing to compute")
		return
	}
	pa := agreeing / n
	pi1 := shareApplied / n
	fmt.Fprintf(out, "percent agreement p_a = mean over units of [k(k−1) + (m−k)(m−k−1)]/(m(m−1)) = %.6f (%s)\n", pa, sixDigits(g.PercentAgreement))
	fmt.Fprintf(out, "π₁ = mean of k/m = %.6f; Fleiss' kappa: p_e = π₁² + π₀² = %.6f, (p_a − p_e)/(1 − p_e) = %s\n", pi1, pi1*pi1+(1-pi1)*(1-pi1), sixDigits(g.FleissKappa))
	fmt.Fprintf(out, "Gwet's AC1: p_e = 2·π₁·π₀/(q − 1) = %.6f, (p_a − p_e)/(1 − p_e) = %s\n", 2*pi1*(1-pi1), sixDigits(g.GwetAC1))
	fmt.Fprintf(out, "Brennan–Prediger: (p_a − 1/2)/(1 − 1/2) = %s\n", sixDigits(g.BrennanPrediger))
	alpha := agree.KrippendorffAlpha(ct, agree.Nominal)
	cm := agree.CoincidenceMatrix(ct)
	fmt.Fprintln(out, "Krippendorff's alpha (nominal; values 0 = not applied, 1 = applied): each unit adds each ordered pair of values of two coders with weight 1/(m − 1)")
	if len(cm) == 2 {
		fmt.Fprintf(out, "coincidences: o₀₀ = %.4f, o₀₁ = o₁₀ = %.4f, o₁₁ = %.4f; n = %d pairable values\n", cm[0][0], cm[0][1], cm[1][1], alpha.Pairable)
	}
	fmt.Fprintf(out, "D_o = %s, D_e = %s, alpha = 1 − D_o/D_e = %s\n", sixDigits(alpha.Observed), sixDigits(alpha.Expected), sixDigits(g.KrippendorffAlpha))
}

// explainMeans lists the per-code values behind the means over codes.
func explainMeans(out io.Writer, r agreement.Report) {
	fmt.Fprintln(out, "\nMeans over codes: the unweighted mean of the per-code values that are defined")
	header := []string{"CODE"}
	for _, p := range r.Overall.Pairs {
		header = append(header, "KAPPA "+p.CoderA+"–"+p.CoderB)
	}
	header = append(header, "ALPHA", "FLEISS")
	t := newTable(out, header...)
	for _, cr := range r.PerCode {
		row := []any{cr.Code}
		for _, p := range cr.Pairs {
			row = append(row, sixDigits(p.CohenKappa))
		}
		t.row(append(row, sixDigits(cr.Group.KrippendorffAlpha), sixDigits(cr.Group.FleissKappa))...)
	}
	row := []any{"mean"}
	for _, p := range r.Overall.Pairs {
		row = append(row, fmt.Sprintf("%s (%d codes)", sixDigits(p.MeanKappa.Value), p.MeanKappa.Codes))
	}
	t.row(append(row, fmt.Sprintf("%s (%d codes)", sixDigits(r.Overall.MeanAlpha.Value), r.Overall.MeanAlpha.Codes),
		fmt.Sprintf("%s (%d codes)", sixDigits(r.Overall.MeanFleiss.Value), r.Overall.MeanFleiss.Codes))...)
	t.flush()
}

func sixDigits(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.6f", v.V)
}
