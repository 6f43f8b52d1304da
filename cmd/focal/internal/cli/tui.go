package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/tui/workspace"
)

// errNeedsTerminal says why `focal tui` refused and what to use instead.
var errNeedsTerminal = errors.New("focal tui needs a terminal: its input and output must both be one " +
	"(not a pipe or a file). Without a terminal, use the commands instead: " +
	"`focal source show`, `focal coding add`, `focal coding list`, `focal coding rm`, " +
	"`focal coding recode`, `focal memo add`, `focal source done`, `focal undo` and `focal redo`")

func newTUICmd(app *App) *cobra.Command {
	var source string
	var readOnly bool
	cmd := &cobra.Command{
		Use:   "tui [--source S] [--read-only]",
		Short: "Open the coding workspace: read transcripts and code them with the keyboard",
		Long: `Open the coding workspace in the terminal. Pick a source, read it turn by turn,
select spans with the keyboard (v and motions, shift+arrows, s for a sentence,
t for a turn) or the mouse, and apply codes from a picker that filters as you
type; a new name creates the code. Every action is saved at once, as the coder
named by --as or $FOCAL_CODER (the workspace asks when neither is set), so
quitting never loses work. Blinding applies: you see only what it allows.
Press ? inside for every key.`,
		Example: "  focal tui --as ben\n  FOCAL_CODER=ben focal tui --source fg01-belonging-en\n  focal tui --as amara --read-only",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWorkspace(cmd.Context(), app, source, workspace.Options{ReadOnly: readOnly})
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "source to open first (default: the first one)")
	cmd.Flags().BoolVar(&readOnly, "read-only", false, "review only (e.g. a PI): browse, compare and see agreement; every key that would save says \"read-only\"")
	app.completeFlag(cmd, "source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

// newReviewCmd is `focal review`, the workspace opened read-only for a
// principal investigator or a supervisor.
func newReviewCmd(app *App) *cobra.Command {
	var source string
	cmd := &cobra.Command{
		Use:   "review [--source S]",
		Short: "Review the project read-only in the terminal: themes, quotes, agreement, consensus, history",
		Long: `Open the workspace for review, read-only, on the themes board: each theme's
quotes by participant and group (enter). No coder is chosen: you are the
project's PI (with several PIs you are asked once which; --as or $FOCAL_CODER
answer it). From the board, esc goes to the transcripts and everyone's
codings (when blinding is off); C compares coders, A shows the agreement
dashboard, M lists the memos, h in the codebook pane gives a code's history.
Nothing can be changed, and only keys that work are shown. Switching blinding
off stays a separate, deliberate PI action (focal blind off).`,
		Example: "  focal review --as amara\n  focal review --as amara --source fg02-belonging-en",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWorkspace(cmd.Context(), app, source, workspace.Options{Review: true})
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "source to open first (default: the first one)")
	app.completeFlag(cmd, "source", completeSources(app))
	return acceptSubjectArg(cmd, "source")
}

func runTUI(ctx context.Context, app *App, source string) error {
	return runWorkspace(ctx, app, source, workspace.Options{})
}

// runWorkspace opens the workspace; mode carries `--read-only` (ReadOnly)
// or `focal review` (Review).
func runWorkspace(ctx context.Context, app *App, source string, mode workspace.Options) error {
	if !isTerminal(app.Stdin) || !isTerminal(app.Stdout) {
		return errNeedsTerminal
	}
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	opts := workspace.Options{Coder: app.actor(), Source: source, NoColor: app.Getenv("NO_COLOR") != "",
		Refresh: workspace.DefaultRefresh, ReadOnly: mode.ReadOnly, Review: mode.Review}
	return workspace.Run(ctx, st, opts, app.Stdin, app.Stdout)
}
