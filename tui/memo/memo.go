// Package memo is the workspace's memo editor: a few lines of Markdown on a
// coding, a turn or a source, saved with enter.
package memo

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// SaveMsg reports the memo's text.
type SaveMsg struct{ Body string }

// CancelMsg reports that the memo was dropped.
type CancelMsg struct{}

// KeyMap lists the editor's keys beyond typing.
type KeyMap struct {
	Save, Newline, Cancel key.Binding
}

// DefaultKeyMap is the editor's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Save:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save the memo")),
		Newline: textedit.DefaultKeyMap().Newline,
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop the memo")),
	}
}

// ShortHelp is the editor's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Save, k.Newline, k.Cancel} }

// FullHelp lists every key of the editor.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Save, k.Newline, k.Cancel}} }

// Model is the memo editor.
type Model struct {
	keys  KeyMap
	theme style.Theme
	paint *style.Painter
	title string
	text  textedit.Model
	// allowEmpty lets enter save an empty text (clearing a definition).
	allowEmpty bool
	width      int
	height     int
}

// New returns an empty editor.
func New(theme style.Theme) Model {
	text := textedit.New(theme, "", "write the memo (Markdown)")
	text.Multiline = true
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme), text: text}
}

// KeyMap is the editor's key map, for help. Editing a text already saved
// (a memo, a definition), esc keeps it as it was rather than dropping it.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	if m.allowEmpty {
		k.Save = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save the change"))
		k.Cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close, unchanged"))
	}
	return k
}

// SetSize gives the editor its size in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.text.SetSize(m.width, max(m.height-1, 1))
}

// Open starts a new memo; title says what it is about.
func (m *Model) Open(title string) {
	m.title, m.allowEmpty = title, false
	m.text.Reset()
}

// Edit opens the editor on an existing text (a code's definition); an
// emptied text may be saved, to clear it.
func (m *Model) Edit(title, text string) {
	m.title, m.allowEmpty = title, true
	m.text.Reset()
	m.text.SetValue(text)
}

// Update edits the memo and reports save or cancel.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.keys.Cancel):
			return m, func() tea.Msg { return CancelMsg{} }
		case key.Matches(km, m.keys.Save):
			body := strings.TrimSpace(m.text.Value())
			if body == "" && !m.allowEmpty {
				return m, nil
			}
			return m, func() tea.Msg { return SaveMsg{Body: body} }
		}
	}
	m.text, _ = m.text.Update(msg)
	return m, nil
}

// View draws the title and the text.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	// The title wraps (two lines at most), so that it is read whole at 80
	// columns; the text gets the rest.
	lines := style.Wrap(m.title, m.width)
	if len(lines) > 2 {
		lines = append(lines[:1], style.Clip(strings.Join(lines[1:], " "), m.width))
	}
	if m.height <= len(lines) {
		return style.Fit(m.paint.Render(m.theme.Accent(), style.Clip(m.title, m.width)), m.width)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(m.paint.Render(m.theme.Accent(), l))
		b.WriteByte('\n')
	}
	m.text.SetSize(m.width, m.height-len(lines))
	return style.Lines(b.String()+m.text.View(), m.width, m.height)
}
