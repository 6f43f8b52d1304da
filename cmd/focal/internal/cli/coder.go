package cli

import (
	"errors"
	"fmt"

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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			c, err := st.AddCoder(cmd.Context(), app.person(), args[0], role)
			if err != nil {
				return fmt.Errorf("coder add: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added %s (%s)\n", c.Name, c.Role)
			if b, err := st.Blinding(cmd.Context()); err == nil && b.On && b.Setting == "auto" && b.Coders == 2 {
				fmt.Fprintln(cmd.OutOrStdout(), "the project now has two coders: blind coding is on (each sees only their own codings)")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&role, "role", "coder", "coder or pi")
	cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions([]string{"coder", "pi"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func newCoderListCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List coders with their role",
		Example: "  focal coder list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			coders, err := st.Coders(cmd.Context())
			if err != nil {
				return err
			}
			sight, err := st.SightOrNobody(cmd.Context(), app.person())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: id, name, role, created_at, codings; codings is -1 while blinding is on)")
	return cmd
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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(args) == 1 {
				if args[0] != "on" && args[0] != "off" {
					return usageError{errors.New("blind: say on or off")}
				}
				if err := st.SetBlinding(cmd.Context(), app.person(), args[0] == "on"); err != nil {
					return fmt.Errorf("blind %s: %w", args[0], err)
				}
			}
			b, err := st.Blinding(cmd.Context())
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
		},
	}
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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			rows, err := st.Progress(cmd.Context(), app.person())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
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
		},
	}
	addJSONFlag(cmd.Flags(), &asJSON, "print JSON (fields: source, group, coder, done, done_at, codings, turns, turns_touched; -1 where blinding hides a count)")
	return cmd
}

func newSourceDoneCmd(app *App, done bool) *cobra.Command {
	verb, short, state := "done", "Mark a source as finished for you", "done"
	if !done {
		verb, short, state = "undone", "Mark a source as not finished for you", "not done"
	}
	return &cobra.Command{
		Use:               verb + " SOURCE",
		Short:             short,
		Example:           "  focal source " + verb + " fg01-belonging-en --as ben",
		Args:              exactArgs(1),
		ValidArgsFunction: completeSources(app),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			if err := st.SetSourceDone(cmd.Context(), app.person(), args[0], done); err != nil {
				return fmt.Errorf("source %s: %w", verb, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s is %s for %s\n", args[0], state, app.actor())
			return nil
		},
	}
}
