package memo

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func TestWriteSaveAndCancel(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(40, 5)
	m.Open("Memo on turn 12 (P04)")
	if _, cmd := m.Update(keypress.Of("enter")); cmd != nil {
		t.Error("an empty memo was saved")
	}
	for _, k := range keypress.Text("Tone shifts.") {
		m, _ = m.Update(k)
	}
	m, _ = m.Update(keypress.Of("ctrl+j"))
	for _, k := range keypress.Text("Ask in round two.") {
		m, _ = m.Update(k)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "Memo on turn 12") || !strings.Contains(view, "Ask in round two.") {
		t.Errorf("view:\n%s", view)
	}
	_, cmd := m.Update(keypress.Of("enter"))
	if s, ok := cmd().(SaveMsg); !ok || s.Body != "Tone shifts.\nAsk in round two." {
		t.Errorf("saved %#v", cmd())
	}
	_, cmd = m.Update(keypress.Of("esc"))
	if _, ok := cmd().(CancelMsg); !ok {
		t.Error("esc did not drop the memo")
	}
}

func TestEditAnExistingTextAndClearIt(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(40, 5)
	m.Edit("Definition of isolation", "Feeling alone.")
	if view := ansi.Strip(m.View()); !strings.Contains(view, "Feeling alone.") {
		t.Errorf("the text to edit is not shown:\n%s", view)
	}
	for range len("Feeling alone.") {
		m, _ = m.Update(keypress.Of("backspace"))
	}
	_, cmd := m.Update(keypress.Of("enter"))
	if cmd == nil {
		t.Fatal("an emptied definition could not be saved")
	}
	if s := cmd().(SaveMsg); s.Body != "" {
		t.Errorf("saved %q, want empty", s.Body)
	}
	// A new memo opened afterwards refuses to save empty again.
	m.Open("Memo")
	if _, cmd := m.Update(keypress.Of("enter")); cmd != nil {
		t.Error("an empty memo was saved after an edit")
	}
}
