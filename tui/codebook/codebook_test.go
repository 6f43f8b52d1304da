package codebook

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func TestTreeCountsAndDefinition(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(30, 12)
	m.SetCodes([]Code{
		{ID: "b", Path: "belonging", Name: "belonging"},
		{ID: "is", Path: "belonging/isolation", Name: "isolation", Depth: 1, Definition: "Feeling alone, apart or unseen within the team or programme.", Codings: 17, Here: 4},
		{ID: "fp", Path: "belonging/feeling-part-of-the-team", Name: "feeling-part-of-the-team", Depth: 1, Codings: 10, Here: 6},
	})
	m, _ = m.Update(keypress.Of("j"))
	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	_, cmd := m.Update(keypress.Of("enter"))
	if f, ok := cmd().(FilterMsg); !ok || f.Code.ID != "is" {
		t.Errorf("enter sent %#v", cmd())
	}
	m.SetCodes([]Code{{ID: "fp", Path: "belonging/feeling-part-of-the-team", Name: "feeling-part-of-the-team"}, {ID: "is", Name: "isolation"}})
	if m.codes[m.cursor].ID != "is" {
		t.Error("new codes moved the cursor off its code")
	}
}

func TestKeysAskForActionsOnTheHighlightedCode(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(30, 12)
	m.SetCodes([]Code{{ID: "b", Path: "belonging", Name: "belonging"}, {ID: "is", Path: "belonging/isolation", Name: "isolation", Depth: 1}})
	m, _ = m.Update(keypress.Of("G"))
	for k, want := range map[string]Action{"r": Rename, "e": Define, "m": Move, "M": Merge, "S": Split, "X": Retire, "h": History} {
		_, cmd := m.Update(keypress.Of(k))
		if cmd == nil {
			t.Errorf("%s asked for nothing", k)
			continue
		}
		a, ok := cmd().(ActionMsg)
		if !ok || a.Action != want || a.Code.ID != "is" {
			t.Errorf("%s asked for %#v, want action %d on isolation", k, cmd(), want)
		}
	}
	if m.Current().ID != "is" {
		t.Errorf("current = %q", m.Current().ID)
	}
	empty := New(style.Theme{})
	if _, cmd := empty.Update(keypress.Of("M")); cmd != nil || empty.Current().ID != "" {
		t.Error("an empty tree asked for an action")
	}
}
