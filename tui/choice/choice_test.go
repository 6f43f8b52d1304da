package choice

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func TestChooseByArrowsOrDigits(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(40, 4)
	m.Open("Remove which coding?", []string{"isolation", "gender", "mentorship"})
	m, _ = m.Update(keypress.Of("down"))
	_, cmd := m.Update(keypress.Of("enter"))
	if c := cmd().(ChosenMsg); c.Index != 1 {
		t.Errorf("enter chose %d", c.Index)
	}
	_, cmd = m.Update(keypress.Of("3"))
	if c := cmd().(ChosenMsg); c.Index != 2 {
		t.Errorf("3 chose %d", c.Index)
	}
	if _, cmd = m.Update(keypress.Of("9")); cmd != nil {
		t.Error("9 chose an option that does not exist")
	}
	_, cmd = m.Update(keypress.Of("esc"))
	if _, ok := cmd().(CancelMsg); !ok {
		t.Error("esc did not cancel")
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "> 2 gender") || len(strings.Split(view, "\n")) != 4 {
		t.Errorf("view:\n%s", view)
	}
}
