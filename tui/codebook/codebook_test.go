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
