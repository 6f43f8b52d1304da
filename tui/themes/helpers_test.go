package themes

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

// pi reviews in these tests: a PI switches blinding off first.
const pi = "amara"

// run applies a message and the commands it returns, as the program would.
func run(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	m, cmd := m.Update(msg)
	return runCmd(tb, m, cmd)
}

func runCmd(tb testing.TB, m Model, cmd tea.Cmd) Model {
	tb.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil, CloseMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			m = runCmd(tb, m, c)
		}
	default:
		if !Owns(msg) {
			tb.Fatalf("the board sent %T, which it does not own", msg)
		}
		m = run(tb, m, msg)
	}
	return m
}

// keys presses named keys ("n", "enter", "ctrl+u").
func keys(tb testing.TB, m Model, names ...string) Model {
	tb.Helper()
	for _, n := range names {
		m = run(tb, m, keypress.Of(n))
	}
	return m
}

// typed types text into the open prompt.
func typed(tb testing.TB, m Model, text string) Model {
	tb.Helper()
	for _, k := range keypress.Text(text) {
		m = run(tb, m, k)
	}
	return m
}

// open starts a board on the project as viewer and reads it.
func open(tb testing.TB, p *fixture.Project, viewer string, w, h int, mono bool) Model {
	tb.Helper()
	m := New(context.Background(), p.Study, style.Theme{Mono: mono}, viewer)
	m = run(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	return runCmd(tb, m, m.Init())
}

func screen(m Model) string { return ansi.Strip(m.View()) }

// unblinded is the small fixture with a PI and blinding off.
func unblinded(tb testing.TB) *fixture.Project {
	tb.Helper()
	p := fixture.Small(tb)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, pi, "pi"); err != nil {
		tb.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, pi), false); err != nil {
		tb.Fatal(err)
	}
	return p
}

// addTheme saves a theme with codes, as another session would.
func addTheme(tb testing.TB, p *fixture.Project, path string, codes ...string) {
	tb.Helper()
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddTheme(ctx, store.NewTheme{Name: path}); err != nil {
		tb.Fatal(err)
	}
	if len(codes) > 0 {
		if _, err := p.Study.Store().AssignCodes(ctx, path, codes); err != nil {
			tb.Fatal(err)
		}
	}
}

// themeOf reads a theme back from the project file.
func themeOf(tb testing.TB, p *fixture.Project, path string) store.Theme {
	tb.Helper()
	th, err := p.Study.Store().Theme(context.Background(), fixture.Coder, path)
	if err != nil {
		tb.Fatalf("theme %s: %v", path, err)
	}
	return th
}

// codePaths lists a theme's codes.
func codePaths(th store.Theme) []string {
	var out []string
	for _, c := range th.Codes {
		out = append(out, c.Path)
	}
	return out
}

// cursorOn puts the board's cursor on a theme by pressing j and k.
func cursorOn(tb testing.TB, m Model, path string) Model {
	tb.Helper()
	m = keys(tb, m, "h")
	for range len(m.board.themes) + 1 {
		m = keys(tb, m, "k")
	}
	for range len(m.board.themes) + 1 {
		if th, ok := m.current(); ok && th.Path == path {
			return m
		}
		m = keys(tb, m, "j")
	}
	tb.Fatalf("no theme %s on the board:\n%s", path, screen(m))
	return m
}
