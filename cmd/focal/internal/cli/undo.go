package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func newUndoCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Undo your own last action",
		Long: `Undo the last action you (--as / $FOCAL_CODER) made that is not undone yet,
whole: a re-coding, for instance, is one action. Each undo goes one action
further back, and focal redo brings back what undo took back. Undo refuses,
saying why, when a later action of someone else depends on it. The undo
itself is logged.`,
		Example: "  focal undo --as ben\n  focal redo --as ben",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUndo(cmd.Context(), app, cmd.OutOrStdout())
		},
	}
}

// runUndo undoes the acting person's last action not undone yet (`focal
// undo` has no options).
func runUndo(ctx context.Context, app *App, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.Undo(ctx, app.person())
	if err != nil {
		return fmt.Errorf("undo: %w", err)
	}
	fmt.Fprintf(out, "undid your action of %s: %s (focal redo brings it back)\n", c.At, c.What)
	return nil
}

func newRedoCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "redo",
		Short: "Bring back what your last undo took back",
		Long: `Make again the action your (--as / $FOCAL_CODER) latest undo took back.
Redo after several undos brings them back in turn, latest first; any other
change you make ends what redo can bring back. Redo is an action of its own
in the log (focal log shows it), and focal undo takes it back. It refuses,
saying why, when something changed since that the action would clash with,
such as its code having been retired.`,
		Example: "  focal undo --as ben\n  focal redo --as ben",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRedo(cmd.Context(), app, cmd.OutOrStdout())
		},
	}
}

// runRedo makes again the action the acting person's latest undo took back
// (`focal redo` has no options).
func runRedo(ctx context.Context, app *App, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	c, err := st.Redo(ctx, app.person())
	if err != nil {
		return fmt.Errorf("redo: %w", err)
	}
	fmt.Fprintf(out, "redid your action of %s: %s\n", c.At, c.What)
	return nil
}
