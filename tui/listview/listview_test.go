package listview

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func press(s string) tea.KeyPressMsg {
	switch s {
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

// One line an entry: 100 entries, 10 lines on screen.
func TestOneLineEntriesScrollByScreens(t *testing.T) {
	m := New(DefaultKeyMap("hit", false))
	m.SetHeight(10, nil)
	m.SetCount(100, nil)
	steps := []struct {
		key            string
		cursor, offset int
	}{
		{"j", 1, 0},
		{"pgdown", 11, 2}, // the cursor is the last line of the screen
		{"k", 10, 2},
		{"G", 99, 90},
		{"pgup", 89, 89}, // a page is the screen's height, even near the end
		{"g", 0, 0},
		{"k", 0, 0}, // nothing before the first
	}
	for _, s := range steps {
		if !m.Update(press(s.key), nil) {
			t.Fatalf("%s is a list key", s.key)
		}
		if m.Cursor() != s.cursor || m.Offset() != s.offset {
			t.Fatalf("after %s: cursor %d offset %d, want %d %d", s.key, m.Cursor(), m.Offset(), s.cursor, s.offset)
		}
	}
	if m.Update(press("space"), nil) {
		t.Error("space pages only when asked to")
	}
	if m.Update(press("x"), nil) {
		t.Error("x is not a list key")
	}
}

// Entries of three lines, five under the cursor (shown whole), 10 lines
// on screen.
func TestTallEntriesKeepTheCursorOnScreen(t *testing.T) {
	lines := func(i, cursor int) int {
		if i == cursor {
			return 5
		}
		return 3
	}
	m := New(DefaultKeyMap("passage", true))
	m.SetHeight(10, lines)
	m.SetCount(20, lines)
	if got := m.Visible(lines); got != 3 { // 5 + 3 fill 8 lines, a third starts on line 9
		t.Fatalf("visible = %d, want 3", got)
	}
	m.Update(press("j"), lines) // 3 + 5 = 8 lines: still from the top
	if m.Cursor() != 1 || m.Offset() != 0 {
		t.Fatalf("cursor %d offset %d, want 1 0", m.Cursor(), m.Offset())
	}
	m.Update(press("j"), lines) // 3 + 3 + 5 = 11 > 10: scrolls one entry
	if m.Cursor() != 2 || m.Offset() != 1 {
		t.Fatalf("cursor %d offset %d, want 2 1", m.Cursor(), m.Offset())
	}
	m.Update(press("space"), lines) // a page: the entries on screen (3)
	if m.Cursor() != 5 || m.Offset() != 4 {
		t.Fatalf("after a page: cursor %d offset %d, want 5 4", m.Cursor(), m.Offset())
	}
	m.SetCount(3, lines) // the list got shorter: the cursor stays in it
	if m.Cursor() != 2 || m.Offset() > 2 {
		t.Fatalf("after shrinking: cursor %d offset %d", m.Cursor(), m.Offset())
	}
	m.SetCount(0, lines)
	m.Update(press("G"), lines)
	if m.Cursor() != 0 || m.Offset() != 0 {
		t.Fatalf("empty list: cursor %d offset %d", m.Cursor(), m.Offset())
	}
}
