package workspace

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Size is a terminal's size in cells.
type Size struct{ Width, Height int }

// Terminal is a terminal at the other end of a connection, such as an SSH
// session with a pty: not this process's terminal, so its type and size
// come from the client, and its resizes arrive as values on a channel.
type Terminal struct {
	In io.Reader
	// Out must behave as a terminal's output does through a pty, where a
	// line feed also returns the carriage (ONLCR): the renderer relies on it.
	Out io.Writer
	// Term is the client's $TERM, used to decode keys and choose colours;
	// empty means "xterm".
	Term string
	// Size is the size when the session starts.
	Size Size
	// Resize brings later sizes (SSH window-change); nil when none come.
	Resize <-chan Size
}

// RunRemote opens the workspace on a remote terminal and returns when the
// coder quits or ctx ends (a dropped connection, a server shutting down).
// s is the Study the workspace works through; see Store.
// It leaves the process's signals and terminal alone, so that several can
// run side by side in one server.
//
// A write that has started when ctx ends still finishes: every action is
// its own transaction, so a dropped session loses nothing it was told was
// saved, and leaves nothing half done.
func RunRemote(ctx context.Context, st Study, opts Options, t Terminal) error {
	term := t.Term
	if term == "" {
		term = "xterm"
	}
	env := []string{"TERM=" + term}
	// The other end is a terminal even though the channel is not one here.
	profile := colorprofile.Env(env)
	if opts.NoColor || profile < colorprofile.Ascii {
		profile = colorprofile.Ascii
	}
	p := tea.NewProgram(New(context.WithoutCancel(ctx), st, opts),
		tea.WithContext(ctx), tea.WithInput(t.In), tea.WithOutput(t.Out),
		tea.WithEnvironment(env), tea.WithColorProfile(profile),
		tea.WithWindowSize(t.Size.Width, t.Size.Height), tea.WithoutSignalHandler())

	stop := make(chan struct{})
	defer close(stop)
	if t.Resize != nil {
		go func() {
			for {
				select {
				case <-stop:
					return
				case size, ok := <-t.Resize:
					if !ok {
						return
					}
					// Send returns at once once the program has ended.
					p.Send(tea.WindowSizeMsg{Width: size.Width, Height: size.Height})
				}
			}
		}()
	}
	final, err := p.Run()
	if err != nil {
		return err
	}
	if m, ok := final.(Model); ok && m.fatal != nil {
		return m.fatal
	}
	return nil
}
