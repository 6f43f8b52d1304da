package workspace

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/internal/keypress"
)

// run applies a message and runs the commands it returns, feeding their
// messages back, as the program would (without its timers).
func run(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(Model)
	return runCmd(t, m, cmd)
}

func runCmd(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			m = runCmd(t, m, c)
		}
	case tea.QuitMsg:
	default:
		m = run(t, m, msg)
	}
	return m
}

// press makes a key press from its name.
func press(name string) tea.KeyPressMsg { return keypress.Of(name) }

// keys presses keys in order.
func keys(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	for _, n := range names {
		m = run(t, m, press(n))
	}
	return m
}

// typeText types text into whatever has the keyboard.
func typeText(t testing.TB, m Model, text string) Model {
	t.Helper()
	for _, r := range text {
		m = run(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// open starts a workspace on a project and lets it read everything, at a
// fixed size.
func open(t testing.TB, p *fixture.Project, w, h int, opts Options) Model {
	t.Helper()
	m := New(context.Background(), p.Study, opts)
	m = run(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = runCmd(t, m, m.Init())
	return m
}

func screenText(m Model) string { return ansi.Strip(m.View().Content) }

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// runToQuit runs a command and its follow-ups looking for tea.Quit.
func runToQuit(cmd tea.Cmd) (tea.Msg, bool) {
	if cmd == nil {
		return nil, false
	}
	msg := cmd()
	switch msg := msg.(type) {
	case tea.QuitMsg:
		return msg, true
	case tea.BatchMsg:
		for _, c := range msg {
			if m, ok := runToQuit(c); ok {
				return m, true
			}
		}
	}
	return msg, false
}

// flat is the screen's words in order, frames left out, so that text
// wrapped over lines reads as one.
func flat(screen string) string {
	screen = strings.NewReplacer("┃", " ", "│", " ").Replace(screen)
	return strings.Join(strings.Fields(screen), " ")
}
