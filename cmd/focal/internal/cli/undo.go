package cli

import (
	"fmt"

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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			c, err := st.Undo(cmd.Context(), app.person())
			if err != nil {
				return fmt.Errorf("undo: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "undid your action of %s: %s (focal redo brings it back)\n", c.At, c.What)
			return nil
		},
	}
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
			st, err := app.Study(cmd.Context())
			if err != nil {
				return err
			}
			c, err := st.Redo(cmd.Context(), app.person())
			if err != nil {
				return fmt.Errorf("redo: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "redid your action of %s: %s\n", c.At, c.What)
			return nil
		},
	}
}
