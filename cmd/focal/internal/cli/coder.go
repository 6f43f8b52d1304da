package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
)

func newCoderCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "coder",
		Short: "Add and list coders (the researchers who code)",
		Long: `Coders are the researchers who code. Commands act as the coder named by --as
or $FOCAL_CODER. The name "consensus" is reserved for the consensus layer.`,
	}
	cmd.AddCommand(newCoderAddCmd(app), newCoderListCmd(app))
	return cmd
}

func newCoderAddCmd(app *App) *cobra.Command {
	var role string
	cmd := &cobra.Command{
		Use:     "add NAME [--role coder|pi]",
		Short:   "Add a coder; a PI (principal investigator) may also switch blinding",
		Example: "  focal coder add dana --role pi\n  focal coder add eli",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCoderAdd(cmd.Context(), app, coderAddOptions{name: args[0], role: role}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&role, "role", "coder", "coder or pi")
	app.completeFlag(cmd, "role", cobra.FixedCompletions([]string{"coder", "pi"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// coderAddOptions are the argument and flags of `focal coder add`.
type coderAddOptions struct{ name, role string }

// runCoderAdd adds a coder, and says when blind coding has just come on.
func runCoderAdd(ctx context.Context, app *App, opts coderAddOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.AddCoder(ctx, app.person(), opts.name, opts.role)
	if err != nil {
		return fmt.Errorf("coder add: %w", err)
	}
	fmt.Fprintf(out, "added %s (%s)\n", c.Name, c.Role)
	if b, err := st.Blinding(ctx); err == nil && b.On && b.Setting == "auto" && b.Coders == 2 {
		fmt.Fprintln(out, "the project now has two coders: blind coding is on (each sees only their own codings)")
	}
	return nil
}

func newCoderListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List coders with their role",
		Example: "  focal coder list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCoderList(cmd.Context(), app, coderListOptions{json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: id, name, role, created_at, codings; codings is -1 while blinding is on)")
	return cmd
}

// coderListOptions are the flags of `focal coder list`.
type coderListOptions struct{ json bool }

// runCoderList lists the coders, with the counts of codings the acting
// person may see.
func runCoderList(ctx context.Context, app *App, opts coderListOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	coders, err := st.Coders(ctx)
	if err != nil {
		return err
	}
	sight, err := st.SightOrNobody(ctx, app.person())
	if err != nil {
		return err
	}
	if opts.json {
		if coders == nil {
			coders = []coding.Coder{}
		}
		if sight.Blind {
			for i := range coders {
				coders[i].Codings = -1
			}
		}
		return writeJSON(out, coders)
	}
	t := newTable(out, "CODER", "ROLE", "ADDED", "CODINGS")
	for _, c := range coders {
		n := fmt.Sprint(c.Codings)
		if !sight.SeesCoder(c.Name) {
			n = "(blind)"
		}
		t.row(c.Name, c.Role, c.CreatedAt[:10], n)
	}
	return t.flush()
}

func newBlindCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "blind [on|off]",
		Short: "Show or switch blind coding (switching is for a PI)",
		Long: `Blind coding is on by default once a project has two coders: everyone who
codes (PIs included) sees only their own codings, coding memos and counts; the
codebook is shared. Only a PI can switch it off or on, and the switch is
logged.

Blinding protects the method, not the data: anyone who can open the project
file with another program can read every coding in it.`,
		Example:   "  focal blind\n  focal blind off --as amara",
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"on", "off"},
		RunE: func(cmd *cobra.Command, args []string) error {
			var opts blindOptions
			if len(args) == 1 {
				opts.to, opts.switching = args[0], true
			}
			return runBlind(cmd.Context(), app, opts, cmd.OutOrStdout())
		},
	}
}

// blindOptions are the argument of `focal blind`: with switching, to is
// "on" or "off"; without, blinding is only shown.
type blindOptions struct {
	to        string
	switching bool
}

// runBlind switches blind coding if asked and says how it stands.
func runBlind(ctx context.Context, app *App, opts blindOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if opts.switching {
		if opts.to != "on" && opts.to != "off" {
			return usageError{errors.New("blind: say on or off")}
		}
		if err := st.SetBlinding(ctx, app.person(), opts.to == "on"); err != nil {
			return fmt.Errorf("blind %s: %w", opts.to, err)
		}
	}
	b, err := st.Blinding(ctx)
	if err != nil {
		return err
	}
	state := "off"
	if b.On {
		state = "on"
	}
	how := "set by a PI"
	if b.Setting == "auto" {
		how = fmt.Sprintf("automatic: on from two coders; the project has %d", b.Coders)
	}
	fmt.Fprintf(out, "blind coding is %s (%s)\n", state, how)
	return nil
}

func newProgressCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "progress",
		Short: "Show, per source and coder, whether it is done and how much is coded",
		Long: `Show each coder's progress on each source: marked done or not, codings and
turns touched. Under blinding you see your own counts only; done marks are
shown for everyone because agreement uses them.`,
		Example: "  focal progress --as ben\n  focal progress --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runProgress(cmd.Context(), app, progressOptions{json: asJSON}, cmd.OutOrStdout())
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: source, group, coder, done, done_at, codings, turns, turns_touched; -1 where blinding hides a count)")
	return cmd
}

// progressOptions are the flags of `focal progress`.
type progressOptions struct{ json bool }

// runProgress prints each coder's progress on each source, as far as the
// acting person may see it.
func runProgress(ctx context.Context, app *App, opts progressOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	rows, err := st.Progress(ctx, app.person())
	if err != nil {
		return err
	}
	if opts.json {
		if rows == nil {
			rows = []study.Progress{}
		}
		return writeJSON(out, rows)
	}
	t := newTable(out, "SOURCE", "CODER", "DONE", "CODINGS", "TURNS TOUCHED")
	for _, p := range rows {
		done := ""
		if p.Done {
			done = "done " + p.DoneAt[:10]
		}
		codings, touched := fmt.Sprint(p.Codings), fmt.Sprintf("%d/%d", p.TurnsTouched, p.Turns)
		if p.Codings < 0 {
			codings, touched = "(blind)", "(blind)"
		}
		t.row(p.Source, p.Coder, orDash(done), codings, touched)
	}
	return t.flush()
}

func newSourceDoneCmd(app *App, done bool) *cobra.Command {
	verb, short := "done", "Mark a source as finished for you"
	if !done {
		verb, short = "undone", "Mark a source as not finished for you"
	}
	return &cobra.Command{
		Use:               verb + " SOURCE",
		Short:             short,
		Example:           "  focal source " + verb + " fg01-belonging-en --as ben",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSourceDone(cmd.Context(), app, sourceDoneOptions{source: args[0], done: done}, cmd.OutOrStdout())
		},
	}
}

// sourceDoneOptions are the argument of `focal source done` (done) and
// `focal source undone` (not done).
type sourceDoneOptions struct {
	source string
	done   bool
}

// runSourceDone marks a source as finished, or not, for the acting coder.
func runSourceDone(ctx context.Context, app *App, opts sourceDoneOptions, out io.Writer) error {
	verb, state := "done", "done"
	if !opts.done {
		verb, state = "undone", "not done"
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	if err := st.SetSourceDone(ctx, app.person(), opts.source, opts.done); err != nil {
		return fmt.Errorf("source %s: %w", verb, err)
	}
	fmt.Fprintf(out, "%s is %s for %s\n", opts.source, state, app.actor())
	return nil
}
