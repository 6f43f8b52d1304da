package passages

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

// settle runs a command and gives its message back to the model, as the
// program would, until nothing is left to do; it returns the last message
// the model did not own (what it asks of the workspace).
func settle(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Msg) {
	t.Helper()
	var out tea.Msg
	for cmd != nil {
		msg := cmd()
		if !Owns(msg) {
			return m, msg
		}
		m, cmd = m.Update(msg)
	}
	return m, out
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func open(t *testing.T, p *fixture.Project, viewer, code string) Model {
	t.Helper()
	m := New(context.Background(), p.Study, style.Theme{Mono: true}, viewer, code)
	m.SetSize(100, 30)
	m, _ = settle(t, m, m.Init())
	return m
}

func TestPassagesOfACodeAreTheViewersOwnUnderBlinding(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, fixture.Coder, "belonging")
	view := plain(m)
	if !strings.Contains(view, "Passages · belonging and its sub-codes") || !strings.Contains(view, "1/2 passages in 1 sources") {
		t.Fatalf("view:\n%s", view)
	}
	if !strings.Contains(view, "fg01 2 · P04 · belonging/feeling-part-of-the-team · ben · Group 1") {
		t.Errorf("the first passage's place is missing:\n%s", view)
	}
	// carmen's mentorship coding is hers: ben sees no passage of it.
	if v := plain(open(t, p, fixture.Coder, "support/mentorship")); !strings.Contains(v, "no passages") {
		t.Errorf("ben reads carmen's passage under blinding:\n%s", v)
	}
	if v := plain(open(t, p, fixture.OtherCoder, "support")); !strings.Contains(v, "Mentors for real") {
		t.Errorf("carmen does not read her own passage:\n%s", v)
	}

	// Context on demand: the moderator's question before the first passage.
	m, _ = m.Update(press("c"))
	m, _ = settle(t, m, m.load())
	if v := plain(m); !strings.Contains(v, "1 MOD: Welcome, everyone.") || !strings.Contains(v, "context ±1 turns") {
		t.Errorf("context not shown:\n%s", v)
	}
	// s: the code alone (belonging has no codings of its own).
	m, cmd := m.Update(press("s"))
	m, _ = settle(t, m, cmd)
	if v := plain(m); !strings.Contains(v, "no passages") {
		t.Errorf("belonging alone:\n%s", v)
	}
}

func TestEnterJumpsToThePassage(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, fixture.Coder, "belonging")
	m, _ = m.Update(press("j"))
	_, cmd := m.Update(press("enter"))
	jump, ok := cmd().(JumpMsg)
	if !ok {
		t.Fatalf("enter gave %T", cmd())
	}
	second := m.Passages()[1]
	if jump.SourceID != p.Source.ID || jump.At != second.Start || second.Code != "belonging/isolation" {
		t.Errorf("jump %+v, want %s at %d (belonging/isolation)", jump, p.Source.ID, second.Start)
	}
	if _, cmd := m.Update(press("q")); cmd == nil {
		t.Error("q does nothing")
	} else if _, ok := cmd().(CloseMsg); !ok {
		t.Error("q does not close")
	}
}

func TestPassagesAttributeFilterAndSmallSizes(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, fixture.Coder, "belonging")
	m, _ = m.Update(press("a"))
	for _, r := range "nosuch=1" {
		m, _ = m.Update(press(string(r)))
	}
	m, cmd := m.Update(press("enter"))
	m, _ = settle(t, m, cmd)
	if v := plain(m); !strings.Contains(v, `no participant attribute "nosuch"`) {
		t.Errorf("an unknown attribute is not named:\n%s", v)
	}
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {80, 24}} {
		m.SetSize(size[0], size[1])
		_ = m.View()
	}
}

// plain is the screen without its escape sequences.
func plain(m Model) string { return ansi.Strip(m.View()) }
