package queries

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

func settle(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Msg) {
	t.Helper()
	for cmd != nil {
		msg := cmd()
		if !Owns(msg) {
			return m, msg
		}
		m, cmd = m.Update(msg)
	}
	return m, nil
}

func press(s string) tea.KeyPressMsg {
	if s == "enter" {
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func plain(m Model) string { return ansi.Strip(m.View()) }

func TestCoOccurrenceIsTheViewersOwnAndLeadsToItsPassages(t *testing.T) {
	p := fixture.Small(t)
	m := New(context.Background(), p.Study, style.Theme{Mono: true}, fixture.Coder)
	m.SetSize(100, 20)
	m, _ = settle(t, m, m.Init())
	v := plain(m)
	// ben's two codings overlap; carmen's mentorship is not counted for him.
	if !strings.Contains(v, "codings of ben") || strings.Contains(v, "mentorship") {
		t.Fatalf("view:\n%s", v)
	}
	m, _ = m.Update(press("l"))
	if v := plain(m); !strings.Contains(v, "belonging/feeling-part-of-the-team × belonging/isolation: 1 overlapping codings by one coder") {
		t.Errorf("the cell is not spelled out:\n%s", v)
	}
	_, cmd := m.Update(press("enter"))
	asked, ok := cmd().(PassagesMsg)
	if !ok || asked.Query.Code != "belonging/feeling-part-of-the-team" || asked.Query.With != "belonging/isolation" {
		t.Errorf("enter asked %#v", cmd())
	}

	// Word frequencies: enter searches the word.
	m, cmd = m.Update(press("3"))
	m, _ = settle(t, m, cmd)
	if v := plain(m); !strings.Contains(v, "Queries · word frequencies") || strings.Contains(v, "\nthe ") {
		t.Errorf("words:\n%s", v)
	}
	_, cmd = m.Update(press("enter"))
	if s, ok := cmd().(SearchMsg); !ok || s.Pattern != m.words.Words[0].Word {
		t.Errorf("enter on a word asked %#v", cmd())
	}
	// No participant has attributes in this project: said, not a crash.
	m, cmd = m.Update(press("2"))
	m, _ = settle(t, m, cmd)
	if v := plain(m); !strings.Contains(v, "no participant has attributes") {
		t.Errorf("attributes:\n%s", v)
	}
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}} {
		m.SetSize(size[0], size[1])
		_ = m.View()
	}
}
