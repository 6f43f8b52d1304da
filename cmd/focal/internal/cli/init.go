package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

func newInitCmd(app *App) *cobra.Command {
	var title string
	cmd := &cobra.Command{
		Use:   "init FILE",
		Short: "Create a new project file",
		Long: `Create a new project: one SQLite file, readable only by you (mode 0600),
with its own project id. The file must not exist yet.`,
		Example: `  focal init study.focal --title "Belonging in residency"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd.Context(), app, initOptions{file: args[0], title: title}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the study's title")
	return cmd
}

// initOptions are the argument and flags of `focal init`.
type initOptions struct{ file, title string }

// runInit creates a new project file.
func runInit(ctx context.Context, app *App, opts initOptions, out io.Writer) error {
	st, err := study.CreateAs(ctx, app.person(), app.path(opts.file), opts.title)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	defer st.Close()
	p, err := st.Project(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s (project %s)\nnext: focal import TRANSCRIPT… -p %s\n", opts.file, p.ID, opts.file)
	return nil
}

// exactArgs wraps cobra.ExactArgs so a wrong count is a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return usageError{fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
		}
		return nil
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if flags := namingFlags(cmd); len(flags) > 0 {
		return usageError{fmt.Errorf("%s takes no argument (got %q): name what you mean with %s", verbPath(cmd), args[0], orList(flags))}
	}
	return usageError{fmt.Errorf("%s takes no argument (got %q)", verbPath(cmd), args[0])}
}
