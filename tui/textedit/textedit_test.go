package textedit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func edit(m Model, keys ...string) Model {
	for _, k := range keys {
		if len([]rune(k)) > 1 && !strings.Contains(k, "+") && k != "left" && k != "right" && k != "home" && k != "end" && k != "backspace" && k != "delete" {
			for _, kp := range keypress.Text(k) {
				m, _ = m.Update(kp)
			}
			continue
		}
		m, _ = m.Update(keypress.Of(k))
	}
	return m
}

func TestEditing(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"types", []string{"café crème"}, "café crème"},
		{"backspace removes a whole grapheme", []string{"ok 👍🏽", "backspace"}, "ok "},
		{"moves and inserts", []string{"helo", "left", "l"}, "hello"},
		{"home and end", []string{"world", "home", "hello ", "end", "!"}, "hello world!"},
		{"ctrl+w deletes a word back", []string{"one two three", "ctrl+w"}, "one two "},
		{"ctrl+u deletes to the start", []string{"one two", "left", "ctrl+u"}, "o"},
		{"ctrl+k deletes to the end", []string{"one two", "home", "right", "ctrl+k"}, "o"},
		{"delete removes forward", []string{"abc", "home", "delete"}, "bc"},
		{"newline only in multi-line", []string{"a", "ctrl+j", "b"}, "ab"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New(style.Theme{}, "> ", "")
			m.SetSize(30, 1)
			m = edit(m, tc.keys...)
			if m.Value() != tc.want {
				t.Errorf("value %q, want %q", m.Value(), tc.want)
			}
		})
	}
}

func TestPasteAndMultiline(t *testing.T) {
	m := New(style.Theme{}, "", "")
	m.Multiline = true
	m.SetSize(10, 3)
	m, _ = m.Update(tea.PasteMsg{Content: "first line\nsecond"})
	m = edit(m, "ctrl+j", "third")
	if m.Value() != "first line\nsecond\nthird" {
		t.Errorf("value %q", m.Value())
	}
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "third") {
		t.Errorf("the cursor's line is not shown last: %q", lines)
	}
	one := New(style.Theme{}, "", "")
	one.SetSize(10, 1)
	one, _ = one.Update(tea.PasteMsg{Content: "a\nb"})
	if one.Value() != "a b" {
		t.Errorf("a one-line editor kept a line break: %q", one.Value())
	}
}

func TestLongTextScrollsToTheCursor(t *testing.T) {
	m := New(style.Theme{}, "/", "search")
	m.SetSize(12, 1)
	if !strings.Contains(ansi.Strip(m.View()), "search") {
		t.Error("no placeholder")
	}
	m = edit(m, "a rather long search query")
	view := ansi.Strip(m.View())
	if ansi.StringWidth(m.View()) != 12 || !strings.HasSuffix(strings.TrimRight(view, " "), "query") {
		t.Errorf("view %q", view)
	}
	for _, w := range []int{0, 1, 2} {
		m.SetSize(w, 1)
		_ = m.View()
	}
}
