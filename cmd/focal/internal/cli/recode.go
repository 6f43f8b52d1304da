package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

func newCodingRecodeCmd(app *App) *cobra.Command {
	var newCode bool
	cmd := &cobra.Command{
		Use:   "recode ID CODE",
		Short: "Give one of your codings another code, keeping its span and memo",
		Long: `Give one of your own codings (by id or id prefix) another code. A code name
that does not exist yet is created. It is one action: focal undo restores the
old code in one step, and focal redo makes the re-coding again.`,
		Example: "  focal coding recode 3f2a9c1e belonging/isolation --as ben",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCodingRecode(cmd.Context(), app, codingRecodeOptions{id: args[0], code: args[1], newCode: newCode}, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&newCode, "new", false, "the code named is new, even if it resembles an existing code's name")
	return cmd
}

// codingRecodeOptions are the arguments and flags of `focal coding recode`.
type codingRecodeOptions struct {
	id, code string
	newCode  bool
}

// runCodingRecode gives one of the acting coder's codings another code.
func runCodingRecode(ctx context.Context, app *App, opts codingRecodeOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	res, err := st.Recode(ctx, app.person(), opts.id, opts.code, "", opts.newCode)
	if err != nil {
		return fmt.Errorf("coding recode %s: %w", opts.id, err)
	}
	note := ""
	if res.CreatedCode {
		note = " (created code " + res.New.Code + ")"
	}
	fmt.Fprintf(out, "re-coded %s %d–%d of %s from %s to %s%s; the coding is now %s\n",
		res.Old.ID[:8], res.Old.Start, res.Old.End, res.Old.Source, res.Old.Code, res.New.Code, note, res.New.ID[:8])
	return nil
}

// codingRmOptions are the arguments of `focal coding rm`.
type codingRmOptions struct{ ids []string }

// runCodingRm removes the acting coder's codings named, all in one action
// through the core, and says what went.
func runCodingRm(ctx context.Context, app *App, opts codingRmOptions, out io.Writer) error {
	st, err := app.Study(ctx)
	if err != nil {
		return err
	}
	removed, err := st.RemoveCodings(ctx, app.person(), opts.ids)
	if err != nil {
		return fmt.Errorf("coding rm %s: %w; nothing was removed", strings.Join(opts.ids, " "), err)
	}
	for _, c := range removed {
		fmt.Fprintf(out, "removed coding %s (%s %d–%d)\n", c.ID[:8], c.Source, c.Start, c.End)
	}
	return nil
}
