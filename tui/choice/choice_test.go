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

func TestTickSeveralOptions(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(50, 5)
	m.OpenMany("Move which codings to the new code?", []string{"fg01 “only one”", "fg02 “nobody else”", "fg03 “alone”"})
	// Digits do not choose in a list of several.
	if _, cmd := m.Update(keypress.Of("2")); cmd != nil {
		t.Error("a digit chose in a list of several")
	}
	// Enter with nothing ticked takes the highlighted option.
	_, cmd := m.Update(keypress.Of("enter"))
	if got := cmd().(ChosenManyMsg).Indices; len(got) != 1 || got[0] != 0 {
		t.Errorf("enter with nothing ticked chose %v, want the highlighted [0]", got)
	}
	m, _ = m.Update(keypress.Of("space")) // ticks the first, moves down
	m, _ = m.Update(keypress.Of("down"))
	m, _ = m.Update(keypress.Of("space")) // ticks the third
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "[x] fg01") || !strings.Contains(view, "[ ] fg02") || !strings.Contains(view, "[x] fg03") {
		t.Errorf("ticks not drawn:\n%s", view)
	}
	_, cmd = m.Update(keypress.Of("enter"))
	if got := cmd().(ChosenManyMsg).Indices; len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Errorf("chose %v, want [0 2]", got)
	}
	m, _ = m.Update(keypress.Of("a")) // not all ticked: ticks all
	_, cmd = m.Update(keypress.Of("enter"))
	if got := cmd().(ChosenManyMsg).Indices; len(got) != 3 {
		t.Errorf("a then enter chose %v, want all three", got)
	}
	m, _ = m.Update(keypress.Of("a")) // all ticked: unticks all
	if view := ansi.Strip(m.View()); strings.Contains(view, "[x]") {
		t.Errorf("a did not untick all:\n%s", view)
	}
	// A list opened with Open afterwards takes one option again.
	m.Open("Remove which coding?", []string{"a", "b"})
	_, cmd = m.Update(keypress.Of("2"))
	if c := cmd().(ChosenMsg); c.Index != 1 || m.Many() {
		t.Errorf("a one-choice list after a list of several chose %v", c)
	}
}

func TestALongQuestionWrapsWholeAt80Columns(t *testing.T) {
	q := "Merge belonging/being-the-only-one (3 codings of yours) into belonging/isolation? Your codings and any colleague's (blinding hides them), its child codes and theme places move there; being-the-only-one is retired. u undoes it."
	m := New(style.Theme{})
	m.Open(q, []string{"Merge belonging/being-the-only-one into belonging/isolation", "Cancel"})
	m.SetSize(78, m.Lines(78))
	view := ansi.Strip(m.View())
	if got := strings.Join(strings.Fields(view), " "); !strings.Contains(got, q) {
		t.Errorf("the question is not there whole:\n%s", view)
	}
	for _, line := range strings.Split(view, "\n") {
		if ansi.StringWidth(line) > 78 {
			t.Errorf("line wider than the list: %q", line)
		}
	}
	if !strings.Contains(view, "2 Cancel") {
		t.Errorf("the options do not follow the question:\n%s", view)
	}
}
