// Package codebook is the workspace's codebook pane: the code tree with
// the viewer's counts (in the project and in the open source), the
// highlighted code's definition, and the keys that ask to restructure the
// codebook (rename, define, move, merge, split, retire) or to show a
// code's history. The workspace carries the requests out.
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
	// Memo says a memo the viewer may see is written on the code: its
	// name is marked ✎.
	Memo bool
}

// FilterMsg asks the workspace to show only the text coded with a code.
type FilterMsg struct{ Code Code }

// Action is a change to the codebook, or a look at a code's history.
type Action int

// The actions the pane asks for.
const (
	Rename Action = iota
	Define
	Move
	Merge
	Split
	Retire
	History
)

// ActionMsg asks the workspace to carry out an action on a code.
type ActionMsg struct {
	Action Action
	Code   Code
}

// KeyMap lists the pane's keys.
type KeyMap struct {
	Up, Down, Top, Bottom, Filter                       key.Binding
	Rename, Define, Move, Merge, Split, Retire, History key.Binding
}

// DefaultKeyMap is the pane's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous code")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next code")),
		Top:     key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first code")),
		Bottom:  key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last code")),
		Filter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show only text with this code")),
		Rename:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename the code")),
		Define:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit its definition")),
		Move:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "move it under another code")),
		Merge:   key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "merge it into another code (similar codes first)")),
		Split:   key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "split some of its codings off into a new code")),
		Retire:  key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "retire it")),
		History: key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "its history")),
	}
}

// ShortHelp is the pane's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Rename, k.Define, k.Move, k.Merge, k.Split, k.Retire, k.History}
}

// FullHelp lists every key of the pane.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Filter, k.Rename, k.Define, k.Move, k.Merge, k.Split, k.Retire, k.History}}
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

// Select moves the cursor to the code with the id, when it is in the tree.
func (m *Model) Select(id string) {
	for i, c := range m.codes {
		if c.ID == id {
			m.cursor = i
		}
	}
}

// Update moves through the tree and asks for a filter or an action.
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
	actions := []struct {
		binding key.Binding
		action  Action
	}{{m.keys.Rename, Rename}, {m.keys.Define, Define}, {m.keys.Move, Move}, {m.keys.Merge, Merge},
		{m.keys.Split, Split}, {m.keys.Retire, Retire}, {m.keys.History, History}}
	for _, a := range actions {
		if key.Matches(km, a.binding) {
			msg := ActionMsg{Action: a.action, Code: m.codes[m.cursor]}
			return m, func() tea.Msg { return msg }
		}
	}
	return m, nil
}

// Current is the highlighted code (ID empty when the tree is empty).
func (m Model) Current() Code {
	if m.cursor < len(m.codes) {
		return m.codes[m.cursor]
	}
	return Code{}
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
		name := c.Name
		if c.Memo {
			name = "✎" + name
		}
		text := style.Fit(indent+style.Clip(name, room), m.width-len(count)) + count
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
