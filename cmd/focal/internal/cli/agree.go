package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

type agreeOptions struct {
	unit, scope, version    string
	coders, codes, sources  []string
	ci                      float64
	seed                    uint64
	replicates              int
	resample                string
	includeUnfinished, json bool
	explain, methods        bool
	perSource               bool
	thresholds              thresholds
	// alone says that the agreement input is read in a snapshot of its
	// own (agree, disagreements), not an export's: the codings are read
	// without their ids, which agreement does not use.
	alone bool
}

func (o *agreeOptions) register(app *App, cmd *cobra.Command, full bool) {
	f := cmd.Flags()
	f.StringVar(&o.unit, "unit", "char", "unit of analysis: char, word, sentence, turn or source")
	f.StringVar(&o.scope, "scope", "participants", "participants (participants' utterances), all (every speaker's utterances, the moderator's included) or nvivo (every character of the text, labels and white space included, as NVivo counts; --unit char only)")
	f.StringSliceVar(&o.coders, "coders", nil, "coders to compare, e.g. ana,ben; ana+ben is a group (their codings together); consensus is the consensus layer (default: the coders who coded)")
	f.StringSliceVar(&o.codes, "code", nil, "only these codes (repeatable)")
	f.StringSliceVar(&o.sources, "source", nil, "only these sources (repeatable)")
	f.StringVar(&o.version, "version", "", "only the codes of this frozen codebook version")
	f.BoolVar(&o.includeUnfinished, "include-unfinished", false, "also use sources that not every compared coder marked done")
	addJSONFlag(f, &o.json, "print JSON")
	if full {
		o.thresholds.register(f)
		f.Float64Var(&o.ci, "ci", 0, "add bootstrap confidence intervals at this level to every figure, e.g. 0.95")
		f.Uint64Var(&o.seed, "seed", 1, "seed of the bootstrap, so intervals can be reproduced")
		f.IntVar(&o.replicates, "replicates", 1000, "bootstrap replicates")
		f.StringVar(&o.resample, "resample", "", "what the bootstrap resamples: turn (turns within each source; the default) or source (whole sources; the only choice for --unit source)")
		f.BoolVar(&o.explain, "explain", false, "show the tables and the arithmetic of every statistic: overall, or of one --code, one --source, or one code in one source")
		f.BoolVar(&o.methods, "methods", false, "write a methods paragraph for a paper: what was compared, the figures, the bootstrap, the software and the references")
		f.BoolVar(&o.perSource, "per-source", false, "also show every code in every source (per_code_and_source in --json)")
	}
	app.completeFlag(cmd, "unit", cobra.FixedCompletions([]string{"char", "word", "sentence", "turn", "source"}, cobra.ShellCompDirectiveNoFileComp))
	app.completeFlag(cmd, "scope", cobra.FixedCompletions([]string{"participants", "all", "nvivo"}, cobra.ShellCompDirectiveNoFileComp))
	app.completeFlag(cmd, "code", completeCodes(app))
	app.completeFlag(cmd, "source", completeSources(app))
}

func newAgreeCmd(app *App) *cobra.Command {
	var opts agreeOptions
	var seg segmentOptions
	cmd := &cobra.Command{
		Use:   "agree [--unit U] [--scope S] [--coders a,b,…] [--code C…] [--source S…] [--tentative 0.667] [--reliable 0.8] [--ci 0.95] [--json]",
		Short: "Inter-coder agreement per code, with every standard statistic",
		Long: `Compute how far coders agree on each code. Each source is divided into units
(characters, words, sentences, turns or the whole source); a coder applied a code
to a unit when their codings of it cover at least one non-space character of the
unit. Units are made of utterances only: speaker labels, text outside turns and
white space are never part of a unit, whatever the unit. By default the units
are the utterances of participants; --scope all adds the moderator's. --scope
nvivo counts every character of the stored text, labels and white space
included, to reproduce NVivo's character tables (NVivo counts UTF-16 units, so
its figures differ on text with emoji).

The report says what was compared and what was left out: codes nobody used,
codes whose codings lie only outside the units (out of scope), codes not
chosen, coders not compared, sources not done, and the units of each source.
Each code is judged by Krippendorff's guidance: reliable from 0.800, tentative
from 0.667 (change with --reliable and --tentative); an undefined value is
undefined, never "below".

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
  focal agree --unit turn --coders amara,ben --tentative 0.6
  focal agree --explain --code belonging/isolation --source fg01-belonging-en
  focal agree --explain --coders amara,ben
  focal agree --methods --coders amara,ben --ci 0.95
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
		Coders: o.coders, Codes: o.codes, Sources: o.sources, IncludeUnfinished: o.includeUnfinished,
		WithoutCodingIDs: o.alone})
	var bad study.QueryError
	if errors.As(err, &bad) {
		return nil, agreement.Options{}, usageError{bad.Err}
	}
	if err != nil {
		return nil, agreement.Options{}, err
	}
	return d, d.Options, nil
}

func runAgree(ctx context.Context, app *App, o agreeOptions, out io.Writer) error {
	if o.explain && (len(o.codes) > 1 || len(o.sources) > 1) {
		return usageError{errors.New("agree --explain explains the overall figures, or one --code, one --source, or one code in one source")}
	}
	// Wrong thresholds or bootstrap settings are refused before the
	// project is read.
	if err := o.thresholds.check(); err != nil {
		return err
	}
	if unit, err := agreement.ParseUnit(o.unit); err == nil {
		if _, err := o.intervals(unit); err != nil {
			return err
		}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	restoreGC := app.tuneRuntime(relaxGCWhileReading)
	o.alone = true
	d, opts, err := gatherAgreement(ctx, st, app.person(), o)
	restoreGC()
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
	if opts.Intervals, err = o.intervals(opts.Unit); err != nil {
		return err
	}
	if opts.Intervals != nil && !o.json {
		opts.Intervals.Only = shownFigures(len(d.Coders), o.methods)
	}
	// Every code in every source only when it is shown.
	opts.PooledOnly = !o.perSource && !(o.explain && len(o.codes) == 1 && len(o.sources) == 1)
	// The text and --json compute every code in every source while they
	// write it, a few cells at a time: held together they were most of
	// the memory of a large study (hundreds of megabytes).
	opts.CellsOnDemand = !o.explain
	rep, err := agreement.Compute(d.Sources, d.Codes, d.Coders, opts)
	if err != nil {
		return fmt.Errorf("agree: %w", err)
	}
	if len(rep.PerCode) == 0 && !o.explain {
		var why []string
		for _, c := range rep.LeftOutCodes {
			why = append(why, c.Code+" ("+c.Reason+")")
		}
		return fmt.Errorf("agree: no code was applied to a unit in scope %s by the compared coders: %s; try --scope all or other codes", opts.Scope, strings.Join(why, ", "))
	}
	if o.explain {
		return explainAgreement(out, rep, len(o.codes) == 1, len(o.sources) == 1)
	}
	full := newAgreeReport(rep, d, o.thresholds)
	if o.methods {
		return writeMethods(out, full)
	}
	if o.json {
		return writeAgreeJSON(out, full)
	}
	return printAgreement(out, full, o.perSource)
}

// agreeTableOptions are the argument and flags of `focal agree table`.
type agreeTableOptions struct {
	file       string // the ratings CSV, as the user typed it
	level      string
	categories int
	// categoriesSet is true when --categories was given (0 is refused).
	categoriesSet bool
	json          bool
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
			opts.categoriesSet = cmd.Flags().Changed("categories")
			return runAgreeTable(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.level, "level", "nominal", "level of measurement: nominal, ordinal, interval or ratio")
	cmd.Flags().IntVar(&opts.categories, "categories", 0, "number of possible categories, when some were never used (numbers: codes 1…N; words: the words used and N minus their number unused)")
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
	if opts.categoriesSet && opts.categories < 2 {
		return usageError{fmt.Errorf("agree table --categories %d: a variable needs at least two possible categories", opts.categories)}
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
	opts.alone = true
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

// agreeReadHeap is the heap up to which the garbage collector is left
// off while agree reads its input (see relaxGCWhileReading).
const agreeReadHeap = 96 << 20

// relaxGCWhileReading turns the garbage collector off while agree reads
// its input, until the heap reaches agreeReadHeap, and returns the
// function that turns it back on as it was. Reading keeps most of what it
// allocates (every coding, turn and text), so collecting while the heap
// grows from nothing to some 50 MB frees little: on the 100,000-coding
// project it cost about a tenth of the command's CPU. The computation
// that follows runs with the usual setting, and so does the rest of the
// reading once the heap has reached agreeReadHeap (the first collection
// turns the usual setting back on): a project whose input alone is
// larger is not collected over and over at that limit. A GOGC or
// GOMEMLIMIT the user set is kept.
func relaxGCWhileReading() (restore func()) {
	if os.Getenv("GOGC") != "" || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	previous := debug.SetGCPercent(-1)
	debug.SetMemoryLimit(agreeReadHeap)
	var once sync.Once
	restore = func() {
		once.Do(func() {
			debug.SetMemoryLimit(math.MaxInt64)
			debug.SetGCPercent(previous)
		})
	}
	// An object nothing refers to is found by the first collection, which
	// then runs restore.
	runtime.AddCleanup(&struct{ _ *int }{}, func(restore func()) { restore() }, restore)
	return restore
}
