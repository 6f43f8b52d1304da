// Package help is the workspace's help screen: every key of every pane,
// grouped, drawn from the panes' own key maps so that it cannot drift from
// what the keys do.
package help

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/style"
)

// Section is one group of keys under a heading.
type Section struct {
	Title    string
	Bindings []key.Binding
}

// CloseMsg reports that the help screen was closed.
type CloseMsg struct{}

// KeyMap lists the help screen's keys.
type KeyMap struct {
	Up, Down, PageDown, PageUp, Close key.Binding
}

// DefaultKeyMap is the help screen's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "ctrl+f"), key.WithHelp("pgdn", "next screen")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "previous screen")),
		Close:    key.NewBinding(key.WithKeys("esc", "?", "q"), key.WithHelp("?/esc", "close help")),
	}
}

// ShortHelp is the help screen's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Up, k.Close} }

// FullHelp lists every key of the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageDown, k.PageUp, k.Close}}
}

// Model is the help screen.
type Model struct {
	keys     KeyMap
	theme    style.Theme
	paint    *style.Painter
	sections []Section
	offset   int
	width    int
	height   int
}

// New returns an empty help screen.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme)}
}

// KeyMap is the help screen's key map.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the screen its size in cells.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// SetSections replaces what is listed and scrolls to the top.
func (m *Model) SetSections(s []Section) { m.sections, m.offset = s, 0 }

// Update scrolls and closes the screen.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	last := max(len(m.lines())-m.height, 0)
	switch {
	case key.Matches(km, m.keys.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(km, m.keys.Down):
		m.offset = min(m.offset+1, last)
	case key.Matches(km, m.keys.Up):
		m.offset = max(m.offset-1, 0)
	case key.Matches(km, m.keys.PageDown):
		m.offset = min(m.offset+max(m.height-1, 1), last)
	case key.Matches(km, m.keys.PageUp):
		m.offset = max(m.offset-max(m.height-1, 1), 0)
	}
	return m, nil
}

// lines lays the sections out in as many columns as fit.
func (m Model) lines() []string {
	keyW := 0
	for _, s := range m.sections {
		for _, b := range s.Bindings {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
	}
	keyW = min(keyW, 22)
	colW := keyW + 4 + 40
	cols := max(1, min(2, m.width/colW))
	// Descriptions wrap at spaces within their column, under themselves,
	// so that none is cut mid-word.
	descW := max(m.width/cols-keyW-5, 10)
	var blocks [][]string
	for _, s := range m.sections {
		block := []string{m.paint.Render(m.theme.Accent(), s.Title)}
		for _, b := range s.Bindings {
			h := b.Help()
			if h.Key == "" {
				continue
			}
			for i, line := range style.Wrap(h.Desc, descW) {
				head := style.Fit(h.Key, keyW)
				if i > 0 {
					head = strings.Repeat(" ", keyW)
				}
				block = append(block, "  "+head+"  "+line)
			}
		}
		blocks = append(blocks, append(block, ""))
	}
	if cols == 1 {
		var out []string
		for _, b := range blocks {
			out = append(out, b...)
		}
		return out
	}
	// Two columns: fill the left one with the first half of the lines,
	// breaking only between sections.
	total := 0
	for _, b := range blocks {
		total += len(b)
	}
	var left, right []string
	for _, b := range blocks {
		if len(left) < total/2 {
			left = append(left, b...)
		} else {
			right = append(right, b...)
		}
	}
	half := m.width / 2
	out := make([]string, max(len(left), len(right)))
	for i := range out {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = style.Fit(l, half) + r
	}
	return out
}

// View draws the visible part of the key list.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	all := m.lines()
	from := min(m.offset, len(all))
	return style.Lines(strings.Join(all[from:min(len(all), from+m.height)], "\n"), m.width, m.height)
}
