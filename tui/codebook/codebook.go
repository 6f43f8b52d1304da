// Package codebook is the workspace's codebook pane: the code tree with
// the viewer's counts (in the project and in the open source) and the
// highlighted code's definition.
package codebook

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
)

// Code is one code of the tree.
type Code struct {
	ID         string
	Path       string
	Name       string
	Depth      int
	Definition string
	Codings    int // in the whole project, as far as the viewer may see
	Here       int // in the open source
}

// FilterMsg asks the workspace to show only the text coded with a code.
type FilterMsg struct{ Code Code }

// KeyMap lists the pane's keys.
type KeyMap struct {
	Up, Down, Top, Bottom, Filter key.Binding
}

// DefaultKeyMap is the pane's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous code")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next code")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first code")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last code")),
		Filter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show only text with this code")),
	}
}

// ShortHelp is the pane's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Filter} }

// FullHelp lists every key of the pane.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Filter}}
}

// Model is the codebook pane.
type Model struct {
	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	codes  []Code
	cursor int
	width  int
	height int
}

// New returns an empty pane.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme)}
}

// KeyMap is the pane's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the pane its size in cells.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// SetTheme switches colour on or off.
func (m *Model) SetTheme(t style.Theme) { m.theme, m.paint = t, style.NewPainter(t) }

// SetCodes replaces the tree, keeping the cursor on the same code.
func (m *Model) SetCodes(codes []Code) {
	var at string
	if m.cursor < len(m.codes) {
		at = m.codes[m.cursor].ID
	}
	m.codes, m.cursor = codes, 0
	for i, c := range codes {
		if c.ID == at {
			m.cursor = i
		}
	}
}

// Update moves through the tree and asks for a filter.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.codes) == 0 {
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(km, m.keys.Down):
		m.cursor = min(m.cursor+1, len(m.codes)-1)
	case key.Matches(km, m.keys.Top):
		m.cursor = 0
	case key.Matches(km, m.keys.Bottom):
		m.cursor = len(m.codes) - 1
	case key.Matches(km, m.keys.Filter):
		c := m.codes[m.cursor]
		return m, func() tea.Msg { return FilterMsg{Code: c} }
	}
	return m, nil
}

// View draws the tree (indented by depth, with "mine here/in all" counts)
// and, under it, the highlighted code's definition.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if len(m.codes) == 0 {
		return style.Lines("no codes yet:\ncode a span (c)\nto create one", m.width, m.height)
	}
	var def []string
	if d := m.codes[m.cursor].Definition; d != "" && m.height >= 8 {
		def = style.Wrap(d, m.width)
		def = def[:min(len(def), m.height/3)]
	}
	listH := m.height
	if len(def) > 0 {
		listH -= len(def) + 1
	}
	first := max(0, m.cursor-listH+1)
	var lines []string
	for i := first; i < len(m.codes) && i < first+listH; i++ {
		c := m.codes[i]
		count := fmt.Sprintf("%d/%d", c.Here, c.Codings)
		indent := strings.Repeat(" ", min(c.Depth*2, m.width/3))
		room := m.width - len(indent) - len(count) - 1
		text := style.Fit(indent+style.Clip(c.Name, room), m.width-len(count)) + count
		if i == m.cursor {
			text = m.paint.Render(m.theme.Selected(), style.Fit(text, m.width))
		}
		lines = append(lines, text)
	}
	if len(def) > 0 {
		for len(lines) < listH {
			lines = append(lines, "")
		}
		lines = append(lines, m.paint.Render(m.theme.Dim(), strings.Repeat("─", m.width)))
		for _, d := range def {
			lines = append(lines, m.paint.Render(m.theme.Dim(), d))
		}
	}
	return style.Lines(strings.Join(lines, "\n"), m.width, m.height)
}
