package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

type agreeOptions struct {
	unit, scope, version    string
	coders, codes, sources  []string
	min, ci                 float64
	seed                    uint64
	includeUnfinished, json bool
	explain                 bool
}

func (o *agreeOptions) register(app *App, cmd *cobra.Command, full bool) {
	f := cmd.Flags()
	f.StringVar(&o.unit, "unit", "char", "unit of analysis: char, word, sentence, turn or source")
	f.StringVar(&o.scope, "scope", "participants", "participants (utterances of participants only) or all (every character, NVivo's method)")
	f.StringSliceVar(&o.coders, "coders", nil, "coders to compare, e.g. ana,ben; ana+ben is a group (their codings together); consensus is the consensus layer (default: the coders who coded)")
	f.StringSliceVar(&o.codes, "code", nil, "only these codes (repeatable)")
	f.StringSliceVar(&o.sources, "source", nil, "only these sources (repeatable)")
	f.StringVar(&o.version, "version", "", "only the codes of this frozen codebook version")
	f.BoolVar(&o.includeUnfinished, "include-unfinished", false, "also use sources that not every compared coder marked done")
	addJSONFlag(f, &o.json, "print JSON")
	if full {
		f.Float64Var(&o.min, "min", 0.7, "flag codes whose agreement is below this")
		f.Float64Var(&o.ci, "ci", 0, "add bootstrap confidence intervals at this level, e.g. 0.95")
		f.Uint64Var(&o.seed, "seed", 1, "seed of the bootstrap, so intervals can be reproduced")
		f.BoolVar(&o.explain, "explain", false, "with --code C --source S: show the tables and the arithmetic")
	}
	cmd.RegisterFlagCompletionFunc("unit", cobra.FixedCompletions([]string{"char", "word", "sentence", "turn", "source"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("scope", cobra.FixedCompletions([]string{"participants", "all"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("code", completeCodes(app))
	cmd.RegisterFlagCompletionFunc("source", completeSources(app))
}

func newAgreeCmd(app *App) *cobra.Command {
	var opts agreeOptions
	var seg segmentOptions
	cmd := &cobra.Command{
		Use:   "agree [--unit U] [--scope S] [--coders a,b,…] [--code C…] [--source S…] [--min 0.7] [--ci 0.95] [--json]",
		Short: "Inter-coder agreement per code, with every standard statistic",
		Long: `Compute how far coders agree on each code. Each source is divided into units
(characters, words, sentences, turns or the whole source); a coder applied a code
to a unit when their codings of it cover at least one non-space character of the
unit. By default the units are the utterances of participants (speaker labels and
moderator turns left out); --scope all takes every character of the stored text
as NVivo does (NVivo counts UTF-16 units, so its figures differ on text with
emoji).

Only sources that every compared coder marked done count ("not yet coded" is not
"coded absent"); the others are listed. For each code the 2×2 tables of the
sources are summed (pooled) before computing; the overall figures are given both
pooled over codes and as the unweighted mean of the per-code values, each
labelled. Undefined values (0/0) are shown as "undefined" with the reason.

Compare one coder with the consensus layer with --coders ben,consensus, and
groups of coders with + (--coders ana+ben,carmen+dev: each group's codings
taken together).

For coders who mark their own segments, --unitized gives Krippendorff's
unitizing alphas (|u-alpha, u-alpha, cu-alpha, (k)u-alpha per code, and
Cu-alpha across --domain groups of codes: a theme, a parent code, or codes
listed together), and --overlap 0.9 gives segment-overlap agreement as MAXQDA
users know it (a segment matches when a segment of the same code by the other
coder overlaps it by that share). docs/AGREEMENT.md explains every coefficient.

Agreement needs blinding off (` + "`focal blind off`" + `, a PI), as disagreements do:
its figures come from every compared coder's codings, so coding a turn and
running it again would show whether a colleague coded that turn.`,
		Example: `  focal agree
  focal agree --unit turn --coders amara,ben --min 0.6
  focal agree --explain --code belonging/isolation --source fg01-belonging-en
  focal agree --unit sentence --ci 0.95 --json
  focal agree --unitized --domain "Who has your back"
  focal agree --overlap 0.9 --coders amara,ben`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if handled, err := runSegmentAgreement(cmd.Context(), app, opts, seg, cmd.OutOrStdout()); handled {
				return err
			}
			return runAgree(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	opts.register(app, cmd, true)
	registerSegmentFlags(cmd, &seg)
	cmd.AddCommand(newAgreeTableCmd(app))
	return cmd
}

// agreementData is what the agreement of a project needs, gathered once by
// the application core.
type agreementData = study.AgreementInput

// gatherAgreement asks the core for the agreement input that o chooses, as
// p (refused under blinding); a wrong unit or scope is a usage error.
func gatherAgreement(ctx context.Context, s *study.Study, p study.Person, o agreeOptions) (*agreementData, agreement.Options, error) {
	d, err := s.AgreementInput(ctx, p, study.AgreementQuery{Unit: o.unit, Scope: o.scope, Version: o.version,
		Coders: o.coders, Codes: o.codes, Sources: o.sources, IncludeUnfinished: o.includeUnfinished})
	var bad study.QueryError
	if errors.As(err, &bad) {
		return nil, agreement.Options{}, usageError{bad.Err}
	}
	if err != nil {
		return nil, agreement.Options{}, err
	}
	return d, d.Options, nil
}

// agreeReport is `focal agree --json`.
type agreeReport struct {
	agreement.Report
	Excluded []study.ExcludedSource `json:"excluded_sources"`
	Min      float64                `json:"min"`
	Below    []string               `json:"codes_below_min"`
}

func runAgree(ctx context.Context, app *App, o agreeOptions, out io.Writer) error {
	if o.explain && (len(o.codes) != 1 || len(o.sources) != 1) {
		return usageError{errors.New("agree --explain needs exactly one --code and one --source")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	d, opts, err := gatherAgreement(ctx, st, app.person(), o)
	if err != nil {
		return fmt.Errorf("agree: %w", err)
	}
	if len(d.Sources) == 0 {
		msg := "agree: no source is marked done by every compared coder"
		if len(d.Excluded) > 0 {
			msg += fmt.Sprintf(" (%s not done by %s, …)", d.Excluded[0].Source, strings.Join(d.Excluded[0].NotDone, ", "))
		}
		return errors.New(msg + "; mark sources with `focal source done`, compare only the coders who finished with --coders a,b, or use --include-unfinished")
	}
	if len(d.Codes) == 0 {
		return errors.New("agree: no codings of the chosen codes by the compared coders")
	}
	rep, err := agreement.Compute(d.Sources, d.Codes, d.Coders, opts)
	if err != nil {
		return fmt.Errorf("agree: %w", err)
	}
	if o.ci > 0 {
		if o.ci >= 1 {
			return usageError{errors.New("agree --ci: give a level between 0 and 1, e.g. 0.95")}
		}
		if err := agreement.AddConfidenceIntervals(&rep, o.ci, o.seed); err != nil {
			return fmt.Errorf("agree: %w", err)
		}
	}
	if o.explain {
		return explainAgreement(out, rep)
	}
	full := agreeReport{Report: rep, Excluded: d.Excluded, Min: o.min, Below: []string{}}
	if full.Excluded == nil {
		full.Excluded = []study.ExcludedSource{}
	}
	for _, cr := range rep.PerCode {
		if v := headline(cr, len(d.Coders)); !v.Defined || v.V < o.min {
			full.Below = append(full.Below, cr.Code)
		}
	}
	if o.json {
		return writeJSON(out, full)
	}
	printAgreement(out, full, len(d.Coders))
	return nil
}

// headline is the figure a code is sorted and flagged by: Cohen's kappa
// for two coders, Krippendorff's alpha for more.
func headline(cr agreement.CodeResult, coders int) agree.Value {
	if coders == 2 {
		return cr.Pairs[0].CohenKappa
	}
	return cr.Group.KrippendorffAlpha
}

func printAgreement(out io.Writer, r agreeReport, coders int) {
	fmt.Fprintf(out, "Agreement of %s on %d sources · unit: %s · scope: %s\n", strings.Join(r.Coders, ", "), len(r.Sources), r.Unit, r.Scope)
	for _, e := range r.Excluded {
		fmt.Fprintf(out, "left out: %s (not marked done by %s)\n", e.Source, strings.Join(e.NotDone, ", "))
	}
	fmt.Fprintln(out)
	rows := append([]agreement.CodeResult(nil), r.PerCode...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := headline(rows[i], coders), headline(rows[j], coders)
		if a.Defined != b.Defined {
			return !a.Defined // undefined first: they need attention
		}
		return a.V < b.V
	})
	header := []string{"CODE", "UNITS", "% AGREE", "ALPHA", "FLEISS"}
	if coders == 2 {
		header = []string{"CODE", "UNITS", "BOTH", "ONLY " + r.Coders[0], "ONLY " + r.Coders[1], "% AGREE", "KAPPA", "ALPHA"}
	}
	if r.PerCode[0].Group.AlphaCI != nil {
		header = append(header, fmt.Sprintf("%.0f%% CI", r.PerCode[0].Group.AlphaCI.Confidence*100))
	}
	header = append(header, "")
	t := newTable(out, header...)
	for _, cr := range rows {
		flag := ""
		if v := headline(cr, coders); !v.Defined || v.V < r.Min {
			flag = fmt.Sprintf("below %.2f", r.Min)
		}
		var cells []any
		if coders == 2 {
			p := cr.Pairs[0]
			cells = []any{cr.Code, p.Units, p.Both, p.OnlyA, p.OnlyB, pct(p.PercentAgreement), num(p.CohenKappa), num(cr.Group.KrippendorffAlpha)}
			if p.KappaCI != nil {
				cells = append(cells, interval(*p.KappaCI))
			}
		} else {
			g := cr.Group
			cells = []any{cr.Code, g.Units, pct(g.PercentAgreement), num(g.KrippendorffAlpha), num(g.FleissKappa)}
			if g.AlphaCI != nil {
				cells = append(cells, interval(*g.AlphaCI))
			}
		}
		t.row(append(cells, flag)...)
	}
	t.flush()
	fmt.Fprintln(out)
	o := r.Overall
	fmt.Fprintf(out, "All codes, all coders: alpha %s and Fleiss' kappa %s pooled over codes; mean of per-code alpha %s (%d codes)\n",
		num(o.Pooled.KrippendorffAlpha), num(o.Pooled.FleissKappa), num(o.MeanAlpha.Value), o.MeanAlpha.Codes)
	for _, p := range o.Pairs {
		fmt.Fprintf(out, "%s–%s: kappa %s pooled over codes, mean of per-code kappa %s (%d codes); agreement %s pooled\n",
			p.CoderA, p.CoderB, num(p.Pooled.CohenKappa), num(p.MeanKappa.Value), p.MeanKappa.Codes, pct(p.Pooled.PercentAgreement))
	}
	var undefined []string
	for _, cr := range r.PerCode {
		if v := headline(cr, coders); !v.Defined {
			undefined = append(undefined, cr.Code+": "+v.Reason)
		}
	}
	for _, u := range undefined {
		fmt.Fprintf(out, "undefined: %s\n", u)
	}
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

func interval(ci agree.ConfidenceInterval) string {
	return fmt.Sprintf("[%s, %s]", num(ci.Lower), num(ci.Upper))
}

// explainAgreement prints, for one code in one source, each pair's 2×2
// table and the kappa arithmetic, and the coincidence matrix behind alpha,
// so that a reviewer can recompute them by hand.
func explainAgreement(out io.Writer, r agreement.Report) error {
	cr := r.PerSource[0]
	fmt.Fprintf(out, "Code %s in %s · unit: %s · scope: %s\n", cr.Code, cr.Source, r.Unit, r.Scope)
	fmt.Fprintln(out, "A coder applied the code to a unit when their codings cover at least one non-space character of it.")
	for _, p := range cr.Pairs {
		n := float64(p.Units)
		fmt.Fprintf(out, "\n%s and %s (%d units)\n", p.CoderA, p.CoderB, p.Units)
		t := newTable(out, "", p.CoderB+" applied", p.CoderB+" did not", "total")
		t.row(p.CoderA+" applied", p.Both, p.OnlyA, p.Both+p.OnlyA)
		t.row(p.CoderA+" did not", p.OnlyB, p.Neither, p.OnlyB+p.Neither)
		t.row("total", p.Both+p.OnlyB, p.OnlyA+p.Neither, p.Units)
		t.flush()
		if n == 0 {
			fmt.Fprintln(out, "no units: nothing to compute")
			continue
		}
		a1, b1 := float64(p.Both+p.OnlyA)/n, float64(p.Both+p.OnlyB)/n
		po := float64(p.Both+p.Neither) / n
		pe := a1*b1 + (1-a1)*(1-b1)
		fmt.Fprintf(out, "p_o = (both + neither) / N = (%d + %d) / %d = %.6f\n", p.Both, p.Neither, p.Units, po)
		fmt.Fprintf(out, "p_e = a₁·b₁ + a₀·b₀ = %.6f·%.6f + %.6f·%.6f = %.6f\n", a1, b1, 1-a1, 1-b1, pe)
		fmt.Fprintf(out, "Cohen's kappa = (p_o − p_e) / (1 − p_e) = %s", num(p.CohenKappa))
		if !p.CohenKappa.Defined {
			fmt.Fprintf(out, " (%s)", p.CohenKappa.Reason)
		}
		fmt.Fprintln(out)
	}
	ct := cr.Presence().CountTable()
	alpha := agree.KrippendorffAlpha(ct, agree.Nominal)
	m := agree.CoincidenceMatrix(ct)
	fmt.Fprintf(out, "\nKrippendorff's alpha, all %d coders (nominal; values 0 = not applied, 1 = applied)\n", len(r.Coders))
	if len(m) == 2 {
		fmt.Fprintf(out, "coincidences: o₀₀ = %.4f, o₀₁ = o₁₀ = %.4f, o₁₁ = %.4f; n = %d pairable values\n", m[0][0], m[0][1], m[1][1], alpha.Pairable)
	}
	fmt.Fprintf(out, "D_o = %s, D_e = %s, alpha = 1 − D_o/D_e = %s\n", num(alpha.Observed), num(alpha.Expected), num(alpha.Alpha))
	fmt.Fprintf(out, "Fleiss' kappa = %s · percent agreement (pairwise) = %s\n", num(cr.Group.FleissKappa), pct(cr.Group.PercentAgreement))
	return nil
}

// agreeTableOptions are the argument and flags of `focal agree table`.
type agreeTableOptions struct {
	file       string // the ratings CSV, as the user typed it
	level      string
	categories int
	json       bool
}

func newAgreeTableCmd(app *App) *cobra.Command {
	var opts agreeTableOptions
	cmd := &cobra.Command{
		Use:   "table RATINGS.csv [--level nominal|ordinal|interval|ratio] [--categories N] [--json]",
		Short: "Every applicable agreement statistic on any reliability data (CSV)",
		Long: `Compute agreement on reliability data from any source: a CSV whose header is
unit,<coder>,<coder>,… with one row per unit and an empty cell for a missing
value. Values are numbers, or words for nominal data. Needs no project.

JSON fields: units, coders, level, categories, percent_agreement, cohen_kappa,
scott_pi, cohen_weighted_kappa_linear, cohen_weighted_kappa_quadratic,
fleiss_kappa, krippendorff_alpha, gwet_ac1, brennan_prediger (null where
undefined or not applicable), krippendorff_alpha_detail (D_o, D_e, n).`,
		Example: "  focal agree table ratings.csv\n  focal agree table severity.csv --level ordinal --categories 5 --json",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			return runAgreeTable(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.level, "level", "nominal", "level of measurement: nominal, ordinal, interval or ratio")
	cmd.Flags().IntVar(&opts.categories, "categories", 0, "number of possible categories (codes 1…N), when some were never used")
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON")
	return cmd
}

// runAgreeTable computes every applicable agreement statistic on a ratings
// CSV; it needs no project.
func runAgreeTable(_ context.Context, app *App, opts agreeTableOptions, out io.Writer) error {
	lv, err := agree.ParseLevel(opts.level)
	if err != nil {
		return usageError{fmt.Errorf("agree table --level: %w", err)}
	}
	f, err := os.Open(app.path(opts.file))
	if err != nil {
		return fmt.Errorf("agree table %s: %w", opts.file, friendlyFileError(err))
	}
	defer f.Close()
	data, err := agreement.ReadRatingsCSV(f)
	if err != nil {
		return fmt.Errorf("agree table %s: %w", opts.file, err)
	}
	res, err := agreement.ComputeTable(data, lv, opts.categories)
	if err != nil {
		return fmt.Errorf("agree table %s: %w", opts.file, err)
	}
	if opts.json {
		return writeJSON(out, res)
	}
	fmt.Fprintf(out, "%d units, %d coders (%s), %s level, %d categories\n", res.Units, res.Coders, strings.Join(data.Coders, ", "), res.Level, res.Categories)
	t := newTable(out, "STATISTIC", "VALUE", "NOTE")
	for _, row := range []struct {
		name string
		v    *agree.Value
	}{{"percent agreement (pairwise)", res.PercentAgreement}, {"Cohen's kappa", res.CohenKappa}, {"Scott's pi", res.ScottPi},
		{"weighted kappa, linear", res.WeightedKappaLin}, {"weighted kappa, quadratic", res.WeightedKappaQuad},
		{"Fleiss' kappa", res.FleissKappa}, {"Krippendorff's alpha", res.KrippendorffAlpha}, {"Gwet's AC1", res.GwetAC1},
		{"Brennan–Prediger", res.BrennanPrediger}} {
		if row.v == nil {
			continue
		}
		t.row(row.name, num(*row.v), row.v.Reason)
	}
	return t.flush()
}

func newDisagreementsCmd(app *App) *cobra.Command {
	var opts agreeOptions
	cmd := &cobra.Command{
		Use:   "disagreements [--code C] [--coders a,b] [--unit U] [--json]",
		Short: "Every place where coders differ, in transcript order, for a consensus meeting",
		Long: `List every place where the compared coders applied a code differently: the
source, turn and speaker, the words with a little context, and who applied what
("only ben": some coders applied it and others did not; "boundaries": all applied
it over different spans). With --unit char a place is a stretch of text that any
coder coded; with other units it is a unit on which they differ.

This shows other coders' codings, so it needs blinding off (` + "`focal blind off`" + `, a PI).`,
		Example: "  focal disagreements --code belonging/isolation\n  focal disagreements --coders amara,ben --unit turn --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDisagreements(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	opts.register(app, cmd, false)
	return cmd
}

// runDisagreements lists every place where the compared coders differ;
// refused under blinding (the core's AgreementInput).
func runDisagreements(ctx context.Context, app *App, opts agreeOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	d, aopts, err := gatherAgreement(ctx, st, app.person(), opts)
	if err != nil {
		return fmt.Errorf("disagreements: %w", err)
	}
	ds, err := agreement.Disagreements(d.Sources, d.Codes, d.Coders, aopts)
	if err != nil {
		return fmt.Errorf("disagreements: %w", err)
	}
	if opts.json {
		if ds == nil {
			ds = []agreement.Disagreement{}
		}
		return writeJSON(out, ds)
	}
	for _, e := range d.Excluded {
		fmt.Fprintf(out, "left out: %s (not marked done by %s)\n", e.Source, strings.Join(e.NotDone, ", "))
	}
	if len(ds) == 0 {
		fmt.Fprintln(out, "no disagreements")
		return nil
	}
	for _, x := range ds {
		who := "only " + strings.Join(x.Applied, ", ")
		if x.Kind == "boundaries" {
			who = "different boundaries: " + describeSpans(x)
		}
		fmt.Fprintf(out, "%s turn %d (%s) · %s · %s\n    …%s[%s]%s…\n", x.Source, x.Turn, x.Speaker, x.Code, who,
			clipLeft(x.Before, 40), x.Text, clipText(x.After, 40))
	}
	fmt.Fprintf(out, "%d places\n", len(ds))
	return nil
}

func describeSpans(d agreement.Disagreement) string {
	var parts []string
	for _, name := range d.Applied {
		var ranges []string
		for _, s := range d.Spans[name] {
			ranges = append(ranges, fmt.Sprintf("%d–%d", s.Start, s.End))
		}
		parts = append(parts, name+" "+strings.Join(ranges, ","))
	}
	return strings.Join(parts, "; ")
}

func clipLeft(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return "…" + string(r[len(r)-n+1:])
	}
	return s
}
