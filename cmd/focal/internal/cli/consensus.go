package cli

import (
	"errors"
	"fmt"
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

A typical meeting:
  focal consensus seed --source fg01 --coders ana,ben --overlap 0.8
  focal consensus next --source fg01 --coders ana,ben          # the next open disagreement
  focal consensus resolve --source fg01 --coders ana,ben --code isolation --place 5243-5345 take ana
  focal consensus complete --source fg01

Later edits by a coder do not change the consensus; they mark the consensus codings
they touch as stale (shown by ` + "`consensus list`" + ` and ` + "`consensus status`" + `). Exports use the
consensus of sources whose status is complete. Consensus work shows every coder's
codings, so blinding must be off.`,
	}
	cmd.AddCommand(newConsensusSeedCmd(app), newConsensusNextCmd(app), newConsensusResolveCmd(app), newConsensusListCmd(app),
		newConsensusStatusCmd(app), newConsensusCompleteCmd(app, true), newConsensusCompleteCmd(app, false), newConsensusRmCmd(app))
	return cmd
}

func newConsensusSeedCmd(app *App) *cobra.Command {
	var source string
	var coders []string
	var overlap float64
	cmd := &cobra.Command{
		Use:     "seed --source S --coders a,b [--overlap 0.8]",
		Short:   "Start the consensus from what all coders agree on",
		Long:    "Add to the consensus every span that all compared coders coded identically with a code,\nand with --overlap also places where their codings of a code overlap by at least that\nshare (intersection over union), taking the part they all coded.",
		Example: "  focal consensus seed --source fg01 --coders ana,ben,chloe --overlap 0.8",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if source == "" || len(coders) < 2 {
				return usageError{errors.New("consensus seed: --source and at least two --coders are required")}
			}
			if overlap < 0 || overlap > 1 {
				return usageError{errors.New("consensus seed: --overlap is a share between 0 and 1")}
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			res, err := st.SeedConsensus(cmd.Context(), app.person(), source, coders, overlap)
			if err != nil {
				return fmt.Errorf("consensus seed: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "seeded %s: %d identical codings, %d from overlaps\n", source, res.Identical, res.Overlap)
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source")
	cmd.Flags().StringSliceVar(&coders, "coders", nil, "the coders whose agreement seeds the consensus")
	cmd.Flags().Float64Var(&overlap, "overlap", 0, "also seed overlapping codings whose overlap share is at least this")
	cmd.RegisterFlagCompletionFunc("source", completeSources(app))
	return cmd
}

func newConsensusNextCmd(app *App) *cobra.Command {
	var source, code string
	var coders []string
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:     "next --source S --coders a,b [--code C] [--all]",
		Short:   "Show the next disagreement without a decision (or all of them)",
		Example: "  focal consensus next --source fg01 --coders ana,ben\n  focal consensus next --source fg01 --coders ana,ben --all --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if source == "" || len(coders) < 2 {
				return usageError{errors.New("consensus next: --source and at least two --coders are required")}
			}
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			places, err := st.OpenPlaces(cmd.Context(), app.person(), source, coders, code)
			if err != nil {
				return fmt.Errorf("consensus next: %w", err)
			}
			open := places.Open
			out := cmd.OutOrStdout()
			if !all && len(open) > 1 {
				open = open[:1]
			}
			if asJSON {
				if open == nil {
					open = []study.Place{}
				}
				return writeJSON(out, open)
			}
			if len(open) == 0 {
				fmt.Fprintf(out, "no open disagreements in %s (%d decided); mark it with `focal consensus complete %s`\n", source, places.Decided, source)
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
				fmt.Fprintf(out, "  resolve: focal consensus resolve --source %s --coders %s --code %s --place %d-%d take NAME|both|overlap|span A-B|drop\n",
					x.Source, strings.Join(coders, ","), x.Code, x.Start, x.End)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source")
	cmd.Flags().StringSliceVar(&coders, "coders", nil, "the coders being reconciled")
	cmd.Flags().StringVar(&code, "code", "", "only this code")
	cmd.Flags().BoolVar(&all, "all", false, "list every open disagreement")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (fields as in `focal disagreements --json`)")
	return cmd
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

func newConsensusResolveCmd(app *App) *cobra.Command {
	var source, code, place string
	var coders []string
	cmd := &cobra.Command{
		Use:   "resolve --source S --coders a,b --code C --place START-END (take NAME | both | overlap | span A-B | drop)",
		Short: "Decide one disagreement: take a coder's codings, both, the overlap, new boundaries, or drop",
		Example: `  focal consensus resolve --source fg01 --coders ana,ben --code isolation --place 5243-5345 take ana
  focal consensus resolve --source fg01 --coders ana,ben --code isolation --place 5243-5345 span 5250-5345
  focal consensus resolve --source fg01 --coders ana,ben --code isolation --place 6001-6040 drop`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if source == "" || code == "" || place == "" || len(coders) < 2 {
				return usageError{errors.New("consensus resolve: --source, --code, --place and at least two --coders are required")}
			}
			p, err := parseSpanArg(place)
			if err != nil {
				return usageError{fmt.Errorf("consensus resolve --place: %w", err)}
			}
			r := study.Resolution{Source: source, Code: code, Place: p, Coders: coders, Decision: args[0]}
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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			spans, err := st.ResolvePlace(cmd.Context(), app.person(), r)
			if err != nil {
				return fmt.Errorf("consensus resolve: %w", err)
			}
			if len(spans) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "decided: no consensus coding of %s at %s\n", code, place)
				return nil
			}
			var parts []string
			for _, sp := range spans {
				parts = append(parts, fmt.Sprintf("%d-%d", sp.Start, sp.End))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "consensus coding of %s at %s\n", code, strings.Join(parts, ", "))
			return nil
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "the source")
	cmd.Flags().StringSliceVar(&coders, "coders", nil, "the coders being reconciled")
	cmd.Flags().StringVar(&code, "code", "", "the code")
	cmd.Flags().StringVar(&place, "place", "", "the place, START-END, as `consensus next` shows it")
	return cmd
}

func newConsensusListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "list SOURCE",
		Short:             "List a source's consensus codings with their provenance",
		Example:           "  focal consensus list fg01 --json",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			cs, err := st.ConsensusCodings(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
				t.row(c.ID[:8], c.Turn, c.Code, fmt.Sprintf("%d–%d", c.Start, c.End), c.Method, strings.Join(c.FromCoders, "+"), c.DecidedBy, text)
			}
			return t.flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (coding fields plus method, from_codings, from_coders, decided_by, decided_at, codebook_version, stale)")
	return cmd
}

func newConsensusStatusCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Show each source's consensus status (none, partial, complete)",
		Example: "  focal consensus status --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			states, err := st.ConsensusStates(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (fields: source, status, coders, set_by, set_at, codings, stale, decisions)")
	return cmd
}

func newConsensusCompleteCmd(app *App, complete bool) *cobra.Command {
	verb, short := "complete", "Mark a source's consensus complete (exports then use it)"
	if !complete {
		verb, short = "reopen", "Reopen a source's consensus"
	}
	var force bool
	cmd := &cobra.Command{
		Use:               verb + " SOURCE",
		Short:             short,
		Example:           "  focal consensus " + verb + " fg01",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if !complete {
				if err := st.ReopenConsensus(cmd.Context(), app.person(), args[0]); err != nil {
					return fmt.Errorf("consensus reopen: %w", err)
				}
				fmt.Fprintf(out, "consensus of %s is open again (partial)\n", args[0])
				return nil
			}
			undecided, err := st.CompleteConsensus(cmd.Context(), app.person(), args[0], force)
			if err != nil {
				return fmt.Errorf("consensus complete: %w", err)
			}
			if undecided > 0 {
				fmt.Fprintf(out, "consensus of %s is complete, with %d disagreements left without a decision (--force; the log says so)\n", args[0], undecided)
				return nil
			}
			fmt.Fprintf(out, "consensus of %s is complete\n", args[0])
			return nil
		},
	}
	if complete {
		cmd.Flags().BoolVar(&force, "force", false, "mark it complete even though some disagreements have no decision")
	}
	return cmd
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
