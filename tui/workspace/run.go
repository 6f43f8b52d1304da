package workspace

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run opens the workspace on a terminal and returns when the coder quits.
// Everything was saved as it happened, so there is nothing to save then.
// s is the Study the workspace works through (*study.Study); see Store.
func Run(ctx context.Context, st Study, opts Options, in io.Reader, out io.Writer) error {
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out)}
	if opts.NoColor {
		// NO_COLOR means any non-empty value; the terminal detection only
		// honours values that parse as true, so say it ourselves.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(New(ctx, st, opts), popts...).Run()
	if err != nil {
		return err
	}
	if m, ok := final.(Model); ok && m.fatal != nil {
		return m.fatal
	}
	return nil
}
