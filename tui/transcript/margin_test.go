package transcript

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// lineWith is the first drawn line holding text, without escapes.
func lineWith(t *testing.T, view, text string) string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	t.Fatalf("no line holds %q in\n%s", text, ansi.Strip(view))
	return ""
}

func TestAOneLineCodingIsNamedInTheMargin(t *testing.T) {
	m := newTestModel(76, 14, true)
	// A long coding of P04's turn starts first; a short one lies within its
	// first line. Both start on that line, which has room for one name: the
	// short one has no other line, so it is named there and the long one
	// moves down.
	p := position(t, m, "For me it's")
	m.SetCodings([]Coding{
		{ID: "long", CodeID: "c1", Name: "isolation", Own: true, Start: p, End: p + 120},
		{ID: "short", CodeID: "c2", Name: "peers", Own: true, Start: p + 4, End: p + 10},
	})
	view := m.View()
	if !strings.Contains(lineWith(t, view, "For me it's"), "peers") {
		t.Errorf("the one-line coding is not named on its line:\n%s", ansi.Strip(view))
	}
	if !strings.Contains(ansi.Strip(view), "isolation") {
		t.Errorf("the longer coding lost its name:\n%s", ansi.Strip(view))
	}
}

func TestTwoOneLineCodingsOnOneLineAreBothNamed(t *testing.T) {
	m := newTestModel(76, 14, true)
	p := position(t, m, "For me it's")
	m.SetCodings([]Coding{
		{ID: "a", CodeID: "c1", Name: "test", Own: true, Start: p, End: p + 6},
		{ID: "b", CodeID: "c2", Name: "peers", Own: true, Start: p + 8, End: p + 12},
	})
	line := lineWith(t, m.View(), "For me it's")
	if !strings.Contains(line, "test") || !strings.Contains(line, "peers") {
		t.Errorf("both codings of the line should be named: %q", line)
	}
}

func TestMemoMarksInTheMargin(t *testing.T) {
	m := newTestModel(76, 14, true)
	p := position(t, m, "whether people")
	m.SetCodings([]Coding{
		{ID: "noted", CodeID: "c1", Name: "isolation", Own: true, Start: p, End: p + 10},
		{ID: "plain", CodeID: "c2", Name: "peers", Own: true, Start: position(t, m, "good test"), End: position(t, m, "good test") + 9},
	})
	before := ansi.Strip(m.View())
	if strings.Contains(before, MemoMark) {
		t.Fatalf("a memo mark with no memo:\n%s", before)
	}
	m.SetMemos(MemoMarks{Turns: map[int]bool{1: true}, Codings: map[string]bool{"noted": true}})
	view := m.View()
	if l := lineWith(t, view, "Welcome, everyone"); !strings.Contains(l, MemoMark) {
		t.Errorf("turn 1 has a memo but its first line has no mark: %q", l)
	}
	if l := lineWith(t, view, "For me it's"); !strings.Contains(l, MemoMark+"isolation") {
		t.Errorf("the coding with a memo is not marked: %q", l)
	}
	if l := lineWith(t, view, "good test"); strings.Contains(l, MemoMark) {
		t.Errorf("a coding without a memo is marked: %q", l)
	}
	if m.HasMemo() != true {
		t.Error("the cursor is on turn 1, which has a memo: HasMemo is false")
	}
	// A memo on a code marks every coding of it.
	m.SetMemos(MemoMarks{Codes: map[string]bool{"c2": true}})
	if l := lineWith(t, m.View(), "good test"); !strings.Contains(l, MemoMark+"peers") {
		t.Errorf("a coding of a code with a memo is not marked: %q", l)
	}
}
