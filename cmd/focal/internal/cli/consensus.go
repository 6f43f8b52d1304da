package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

func newConsensusCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "consensus",
		Short: "Reconcile coders into the consensus layer: seed, step through disagreements, resolve, complete",
		Long: `The consensus layer holds the codings a team agreed on after blind coding, under
the reserved coder "consensus". Each consensus coding keeps its provenance:
which coders' codings it came from, who decided, when, and the codebook version.

A typical meeting (blinding off; the source is the first argument, or --source):
  focal blind off
  focal consensus seed fg01-belonging-en --coders ben,carmen --overlap 0.8
  focal consensus next fg01-belonging-en --coders ben,carmen    # the next open disagreement
  focal consensus resolve fg01-belonging-en --coders ben,carmen --code belonging/isolation --place 2216-2304 take carmen
  focal consensus complete fg01-belonging-en   # once every place has a decision (or --force)

Later edits by a coder do not change the consensus; they mark the consensus codings
they touch as stale (shown by ` + "`consensus list`" + ` and ` + "`consensus status`" + `). Exports use the
consensus of sources whose status is complete. Consensus work shows every coder's
codings, so blinding must be off.`,
	}
	cmd.AddCommand(newConsensusSeedCmd(app), newConsensusNextCmd(app), newConsensusResolveCmd(app), newConsensusListCmd(app),
		newConsensusStatusCmd(app), newConsensusCompleteCmd(app, true), newConsensusCompleteCmd(app, false), newConsensusRmCmd(app))
	return cmd
}

// consensusSeedOptions are the source and flags of `focal consensus seed`.
type consensusSeedOptions struct {
	source  string
	coders  []string
	overlap float64
}

func newConsensusSeedCmd(app *App) *cobra.Command {
	var opts consensusSeedOptions
	cmd := &cobra.Command{
		Use:     "seed SOURCE --coders a,b [--overlap 0.8]",
		Short:   "Start the consensus from what all coders agree on",
		Long:    "Add to the consensus every span that all compared coders coded identically with a code,\nand with --overlap also places where their codings of a code overlap by at least that\nshare (intersection over union), taking the part they all coded.",
		Example: "  focal consensus seed fg01-belonging-en --coders amara,ben,carmen --overlap 0.8\n  focal consensus seed --source fg02-belonging-en --coders ben,carmen",
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := takeSubject(cmd, args, "source", &opts.source, true, nil); err != nil {
				return err
			}
			return runConsensusSeed(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source (or give it as the first argument)")
	cmd.Flags().StringSliceVar(&opts.coders, "coders", nil, "the coders whose agreement seeds the consensus")
	cmd.Flags().Float64Var(&opts.overlap, "overlap", 0, "also seed overlapping codings whose overlap share is at least this")
	app.completeFlag(cmd, "source", completeSources(app))
	cmd.ValidArgsFunction = completeSources(app)
	return cmd
}

// runConsensusSeed starts a source's consensus from what the coders agree on.
func runConsensusSeed(ctx context.Context, app *App, opts consensusSeedOptions, out io.Writer) error {
	if len(opts.coders) < 2 {
		return usageError{errors.New("consensus seed: at least two --coders are required")}
	}
	if opts.overlap < 0 || opts.overlap > 1 {
		return usageError{errors.New("consensus seed: --overlap is a share between 0 and 1")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.SeedConsensus(ctx, app.person(), opts.source, opts.coders, opts.overlap)
	if err != nil {
		return fmt.Errorf("consensus seed: %w", err)
	}
	fmt.Fprintf(out, "seeded %s: %d identical codings, %d from overlaps\n", opts.source, res.Identical, res.Overlap)
	return nil
}

// consensusNextOptions are the source and flags of `focal consensus next`.
type consensusNextOptions struct {
	source, code string
	coders       []string
	all, json    bool
}

func newConsensusNextCmd(app *App) *cobra.Command {
	var opts consensusNextOptions
	cmd := &cobra.Command{
		Use:     "next SOURCE --coders a,b [--code C] [--all]",
		Short:   "Show the next disagreement without a decision (or all of them)",
		Example: "  focal consensus next fg01-belonging-en --coders ben,carmen\n  focal consensus next --source fg01-belonging-en --coders ben,carmen --all --json",
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := takeSubject(cmd, args, "source", &opts.source, true, nil); err != nil {
				return err
			}
			return runConsensusNext(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source (or give it as the first argument)")
	cmd.Flags().StringSliceVar(&opts.coders, "coders", nil, "the coders being reconciled")
	cmd.Flags().StringVar(&opts.code, "code", "", "only this code")
	cmd.Flags().BoolVar(&opts.all, "all", false, "list every open disagreement")
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (the fields of focal disagreements --json, and code_id)")
	app.completeFlag(cmd, "source", completeSources(app))
	cmd.ValidArgsFunction = completeSources(app)
	return cmd
}

// runConsensusNext shows the next open disagreement of a source (or all).
func runConsensusNext(ctx context.Context, app *App, opts consensusNextOptions, out io.Writer) error {
	if len(opts.coders) < 2 {
		return usageError{errors.New("consensus next: at least two --coders are required")}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	places, err := st.OpenPlaces(ctx, app.person(), opts.source, opts.coders, opts.code)
	if err != nil {
		return fmt.Errorf("consensus next: %w", err)
	}
	open := places.Open
	if !opts.all && len(open) > 1 {
		open = open[:1]
	}
	if opts.json {
		if open == nil {
			open = []study.Place{}
		}
		return writeJSON(out, open)
	}
	if len(open) == 0 {
		fmt.Fprintf(out, "no open disagreements in %s (%d decided); mark it with `focal consensus complete %s`\n", opts.source, places.Decided, opts.source)
		return nil
	}
	for _, x := range open {
		fmt.Fprintf(out, "%s turn %d (%s) · %s · place %d-%d\n", x.Source, x.Turn, x.Speaker, x.Code, x.Start, x.End)
		fmt.Fprintf(out, "    …%s[%s]%s…\n", clipLeft(x.Before, 40), x.Text, clipText(x.After, 40))
		for _, name := range x.Applied {
			var r []string
			for _, sp := range x.Spans[name] {
				r = append(r, fmt.Sprintf("%d-%d", sp.Start, sp.End))
			}
			fmt.Fprintf(out, "    %s coded %s\n", name, strings.Join(r, ", "))
		}
		if len(x.Missing) > 0 {
			fmt.Fprintf(out, "    %s did not code it\n", strings.Join(x.Missing, ", "))
		}
		fmt.Fprintf(out, "  resolve: focal consensus resolve %s --coders %s --code %s --place %d-%d take NAME|both|overlap|span A-B|drop\n",
			x.Source, strings.Join(opts.coders, ","), x.Code, x.Start, x.End)
	}
	return nil
}

func parseSpanArg(s string) (corpus.Span, error) {
	a, b, ok := strings.Cut(s, "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(a))
	end, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return corpus.Span{}, fmt.Errorf("%q is not START-END (code points)", s)
	}
	return corpus.Span{Start: start, End: end}, nil
}

// consensusResolveOptions are the source, flags and decision words of
// `focal consensus resolve`.
type consensusResolveOptions struct {
	source, code, place string
	coders              []string
	decision            []string // the decision and, for take and span, its second word
}

func newConsensusResolveCmd(app *App) *cobra.Command {
	var opts consensusResolveOptions
	cmd := &cobra.Command{
		Use:   "resolve SOURCE --coders a,b --code C --place START-END (take NAME | both | overlap | span A-B | drop)",
		Short: "Decide one disagreement: take a coder's codings, both, the overlap, new boundaries, or drop",
		Long: `Decide one disagreement that ` + "`focal consensus next`" + ` shows: it prints the place
(START-END, in code points) and the resolve command to complete with a decision.`,
		Example: `  focal consensus resolve fg01-belonging-en --coders ben,carmen --code belonging/isolation --place 2216-2304 take carmen
  focal consensus resolve fg01-belonging-en --coders ben,carmen --code belonging/isolation --place 2216-2304 span 2257-2304
  focal consensus resolve --source fg01-belonging-en --coders ben,carmen --code belonging/isolation --place 2361-2413 drop`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := takeSubject(cmd, args, "source", &opts.source, true, decisionArgs)
			if err != nil {
				return err
			}
			opts.decision = args
			return runConsensusResolve(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.source, "source", "", "the source (or give it as the first argument)")
	cmd.Flags().StringSliceVar(&opts.coders, "coders", nil, "the coders being reconciled")
	cmd.Flags().StringVar(&opts.code, "code", "", "the code")
	cmd.Flags().StringVar(&opts.place, "place", "", "the place, START-END, as consensus next shows it")
	return cmd
}

// runConsensusResolve records the team's decision on one disagreement.
func runConsensusResolve(ctx context.Context, app *App, opts consensusResolveOptions, out io.Writer) error {
	args := opts.decision
	if opts.code == "" || opts.place == "" || len(opts.coders) < 2 {
		return usageError{errors.New("consensus resolve: --code, --place and at least two --coders are required")}
	}
	p, err := parseSpanArg(opts.place)
	if err != nil {
		return usageError{fmt.Errorf("consensus resolve --place: %w", err)}
	}
	if len(args) == 0 {
		return usageError{errors.New("consensus resolve: after the source comes a decision: take NAME, both, overlap, span A-B or drop")}
	}
	r := study.Resolution{Source: opts.source, Code: opts.code, Place: p, Coders: opts.coders, Decision: args[0]}
	switch args[0] {
	case study.DecisionTake, study.DecisionSpan:
		if len(args) != 2 {
			return usageError{fmt.Errorf("consensus resolve %s needs a second word (a coder's name, or START-END)", args[0])}
		}
		if args[0] == study.DecisionTake {
			r.Take = args[1]
		} else if r.Span, err = parseSpanArg(args[1]); err != nil {
			return usageError{fmt.Errorf("consensus resolve span: %w", err)}
		}
	case study.DecisionBoth, study.DecisionOverlap, study.DecisionDrop:
		if len(args) != 1 {
			return usageError{fmt.Errorf("consensus resolve %s takes no further word", args[0])}
		}
	default:
		return usageError{fmt.Errorf("consensus resolve: %q is not a decision; use take NAME, both, overlap, span A-B or drop", args[0])}
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	spans, err := st.ResolvePlace(ctx, app.person(), r)
	if err != nil {
		return fmt.Errorf("consensus resolve: %w", err)
	}
	if len(spans) == 0 {
		fmt.Fprintf(out, "decided: no consensus coding of %s at %s\n", opts.code, opts.place)
		return nil
	}
	var parts []string
	for _, sp := range spans {
		parts = append(parts, fmt.Sprintf("%d-%d", sp.Start, sp.End))
	}
	fmt.Fprintf(out, "consensus coding of %s at %s\n", opts.code, strings.Join(parts, ", "))
	return nil
}

// decisionArgs checks the words after the source of `consensus resolve`:
// a decision and, for take and span, its second word.
func decisionArgs(_ *cobra.Command, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return errors.New("after the source comes a decision: take NAME, both, overlap, span A-B or drop")
	}
	switch args[0] {
	case study.DecisionTake, study.DecisionSpan, study.DecisionBoth, study.DecisionOverlap, study.DecisionDrop:
		return nil
	}
	return fmt.Errorf("%q is not a decision; use take NAME, both, overlap, span A-B or drop", args[0])
}

// consensusListOptions are the source and flags of `focal consensus list`.
type consensusListOptions struct {
	source string
	json   bool
}

func newConsensusListCmd(app *App) *cobra.Command {
	var opts consensusListOptions
	cmd := &cobra.Command{
		Use:               "list SOURCE",
		Short:             "List a source's consensus codings with their provenance",
		Example:           "  focal consensus list fg01-belonging-en --json",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := takeSubject(cmd, args, "source", &opts.source, true, nil); err != nil {
				return err
			}
			return runConsensusList(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (coding fields plus method, from_codings, from_coders, decided_by, decided_at, codebook_version, stale)")
	subjectFlag(cmd, "source", &opts.source, false)
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runConsensusList lists a source's consensus codings with their provenance.
func runConsensusList(ctx context.Context, app *App, opts consensusListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	cs, err := st.ConsensusCodings(ctx, opts.source)
	if err != nil {
		return err
	}
	if opts.json {
		if cs == nil {
			cs = []study.ConsensusCoding{}
		}
		return writeJSON(out, cs)
	}
	t := newTable(out, "ID", "TURN", "CODE", "RANGE", "HOW", "FROM", "BY", "TEXT")
	for _, c := range cs {
		text := clipText(c.Text, 40)
		if c.Stale != "" {
			text = "[stale: " + c.Stale + "] " + text
		}
		t.row(c.ID[:8], c.Turn, c.Code, fmt.Sprintf("%d–%d", c.Start, c.End), c.Method, orDash(strings.Join(codersFrom(c), "+")), c.DecidedBy, text)
	}
	return t.flush()
}

// consensusStatusOptions are the flags of `focal consensus status`.
type consensusStatusOptions struct{ json bool }

func newConsensusStatusCmd(app *App) *cobra.Command {
	var opts consensusStatusOptions
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Show each source's consensus status (none, partial, complete)",
		Example: "  focal consensus status --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsensusStatus(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &opts.json, "print JSON (fields: source, status, coders, set_by, set_at, codings, stale, decisions)")
	return cmd
}

// runConsensusStatus shows each source's consensus status.
func runConsensusStatus(ctx context.Context, app *App, opts consensusStatusOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	states, err := st.ConsensusStates(ctx)
	if err != nil {
		return err
	}
	if opts.json {
		if states == nil {
			states = []study.ConsensusState{}
		}
		return writeJSON(out, states)
	}
	t := newTable(out, "SOURCE", "STATUS", "CODERS", "CODINGS", "STALE", "DECISIONS")
	for _, st := range states {
		t.row(st.Source, st.Status, orDash(strings.Join(st.Coders, ",")), st.Codings, st.Stale, st.Decisions)
	}
	return t.flush()
}

// consensusCompleteOptions are the source and flags of `focal consensus
// complete` and `focal consensus reopen` (complete false).
type consensusCompleteOptions struct {
	source   string
	complete bool
	force    bool
}

func newConsensusCompleteCmd(app *App, complete bool) *cobra.Command {
	verb, short := "complete", "Mark a source's consensus complete (exports then use it)"
	if !complete {
		verb, short = "reopen", "Reopen a source's consensus"
	}
	example := "  focal consensus " + verb + " fg01-belonging-en"
	if complete {
		example += "\n  focal consensus complete --source fg01-belonging-en --force   # with places left without a decision (logged)"
	}
	opts := consensusCompleteOptions{complete: complete}
	cmd := &cobra.Command{
		Use:               verb + " SOURCE",
		Short:             short,
		Example:           example,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := takeSubject(cmd, args, "source", &opts.source, true, nil); err != nil {
				return err
			}
			return runConsensusComplete(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
	if complete {
		cmd.Flags().BoolVar(&opts.force, "force", false, "mark it complete even though some disagreements have no decision")
	}
	subjectFlag(cmd, "source", &opts.source, false)
	app.completeFlag(cmd, "source", completeSources(app))
	return cmd
}

// runConsensusComplete marks a source's consensus complete, or reopens it.
func runConsensusComplete(ctx context.Context, app *App, opts consensusCompleteOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if !opts.complete {
		if err := st.ReopenConsensus(ctx, app.person(), opts.source); err != nil {
			return fmt.Errorf("consensus reopen: %w", err)
		}
		fmt.Fprintf(out, "consensus of %s is open again (partial)\n", opts.source)
		return nil
	}
	undecided, err := st.CompleteConsensus(ctx, app.person(), opts.source, opts.force)
	if err != nil {
		return fmt.Errorf("consensus complete: %w", err)
	}
	if undecided > 0 {
		fmt.Fprintf(out, "consensus of %s is complete, with %d disagreements left without a decision (--force; the log says so)\n", opts.source, undecided)
		return nil
	}
	fmt.Fprintf(out, "consensus of %s is complete\n", opts.source)
	return nil
}

func newConsensusRmCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "rm ID...",
		Short:   "Remove consensus codings (by id or id prefix)",
		Example: "  focal consensus rm 3f2a9c1e",
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return removeCodings(cmd, app, args, "consensus coding", (*study.Study).RemoveConsensusCoding)
		},
	}
}

// codersFrom names the coders whose codings a consensus coding came from
// (its provenance's codings), in the order the team compared them; the
// compared coders are in from_coders.
func codersFrom(c study.ConsensusCoding) []string {
	var from []struct {
		Coder string `json:"coder"`
	}
	json.Unmarshal(c.From, &from)
	has := map[string]bool{}
	for _, f := range from {
		has[f.Coder] = true
	}
	var out []string
	for _, name := range c.FromCoders {
		if has[name] {
			out = append(out, name)
		}
	}
	return out
}
