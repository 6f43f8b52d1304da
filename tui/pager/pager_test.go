package pager

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func TestScrollThroughALongTextAndClose(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(40, 5) // a title and four lines
	var text []string
	for i := 1; i <= 10; i++ {
		text = append(text, fmt.Sprintf("line %d", i))
	}
	m.Open("History of isolation", strings.Join(text, "\n"))
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "History of isolation  (top, j for more)") || !strings.Contains(view, "line 4") || strings.Contains(view, "line 5") {
		t.Errorf("first page:\n%s", view)
	}
	m, _ = m.Update(keypress.Of("j"))
	if view := ansi.Strip(m.View()); strings.Contains(view, "line 1\n") || !strings.Contains(view, "line 5") {
		t.Errorf("after j:\n%s", view)
	}
	m, _ = m.Update(keypress.Of("G"))
	if view := ansi.Strip(m.View()); !strings.Contains(view, "line 10") || !strings.Contains(view, "(end)") {
		t.Errorf("after G:\n%s", view)
	}
	m, _ = m.Update(keypress.Of("j")) // past the end stays at the end
	if view := ansi.Strip(m.View()); !strings.Contains(view, "line 7") {
		t.Errorf("scrolled past the end:\n%s", view)
	}
	m, _ = m.Update(keypress.Of("g"))
	if view := ansi.Strip(m.View()); !strings.Contains(view, "line 1") {
		t.Errorf("after g:\n%s", view)
	}
	_, cmd := m.Update(keypress.Of("esc"))
	if _, ok := cmd().(CloseMsg); !ok {
		t.Error("esc did not close")
	}
}

func TestLongLinesWrapIndented(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(20, 6)
	m.Open("History", "2026-11-20 ana renamed, was being the only one")
	view := ansi.Strip(m.View())
	lines := strings.Split(view, "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[2], "  ") {
		t.Errorf("wrapped view:\n%s", view)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 20 {
			t.Errorf("line wider than the pager: %q", l)
		}
	}
}
