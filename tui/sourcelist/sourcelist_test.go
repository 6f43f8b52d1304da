package sourcelist

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func rows() []Source {
	return []Source{
		{ID: "1", Name: "fg01-belonging-en", Group: "Group 1 (North)", Chars: 28440, Turns: 194, Touched: 64, Done: true},
		{ID: "2", Name: "fg02-belonging-en", Group: "Group 2 (West)", Chars: 25572, Turns: 155, Touched: 0},
		{ID: "3", Name: "fg03-pertenencia-es", Group: "Group 2 (West)", Chars: 950, Turns: 117, Touched: -1},
	}
}

func TestListShowsGroupsProgressAndDone(t *testing.T) {
	m := New(style.Theme{Mono: true})
	m.SetSize(26, 10)
	m.SetSources(rows())
	m.SetOpen("1")
	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
}

func TestMoveAndOpen(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(26, 4)
	m.SetSources(rows())
	var cmd tea.Cmd
	for _, k := range []string{"j", "j", "j", "k", "enter"} {
		m, cmd = m.Update(keypress.Of(k))
	}
	if open, ok := cmd().(OpenMsg); !ok || open.Source.ID != "2" {
		t.Fatalf("enter sent %#v", cmd())
	}
	if !strings.Contains(ansi.Strip(m.View()), "fg02") {
		t.Errorf("the cursor's source is scrolled out of view:\n%s", ansi.Strip(m.View()))
	}
	_, cmd = m.Click(2)
	if cmd == nil {
		t.Fatal("a click on a source opened nothing")
	}
	m.SetSources(nil)
	if !strings.Contains(ansi.Strip(m.View()), "no sources yet") {
		t.Error("an empty list says nothing")
	}
}
