// Package pager shows a text longer than the screen, such as a code's
// history, to scroll through and close.
package pager

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/style"
)

// CloseMsg reports that the pager was closed.
type CloseMsg struct{}

// KeyMap lists the pager's keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding
}

// DefaultKeyMap is the pager's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn/space", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "end")),
		Close:    key.NewBinding(key.WithKeys("esc", "q", "h"), key.WithHelp("esc/q", "close")),
	}
}

// ShortHelp is the pager's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Down, k.Up, k.Close} }

// FullHelp lists every key of the pager.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Close}}
}

// Model is the pager.
type Model struct {
	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	title  string
	text   []string // the text's lines as given
	offset int      // first wrapped line shown
	width  int
	height int
}

// New returns an empty pager.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme)}
}

// KeyMap is the pager's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the pager its size in cells; the title takes one line.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.offset = min(m.offset, m.last())
}

// Open shows a text from its top.
func (m *Model) Open(title, text string) {
	m.title, m.text, m.offset = title, strings.Split(strings.TrimRight(text, "\n"), "\n"), 0
}

// lines is the text wrapped to the width, a wrapped line indented.
func (m Model) lines() []string {
	var out []string
	for _, l := range m.text {
		wrapped := style.Wrap(l, max(m.width-2, 1))
		if len(wrapped) == 0 {
			out = append(out, "")
		}
		for i, w := range wrapped {
			if i > 0 {
				w = "  " + w
			}
			out = append(out, w)
		}
	}
	return out
}

func (m Model) last() int { return max(len(m.lines())-(m.height-len(m.head())), 0) }

// head is the title's lines: one, or two when it is too long for one (a
// long title is not cut mid-word).
func (m Model) head() []string {
	if ansi.StringWidth(m.title) <= m.width || m.height < 4 {
		return []string{style.Clip(m.title, m.width)}
	}
	if head := style.Wrap(m.title, m.width); len(head) == 2 {
		return head
	}
	return []string{style.Clip(m.title, m.width)}
}

// Update scrolls and closes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	page := max(m.height-2, 1)
	switch {
	case key.Matches(km, m.keys.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(km, m.keys.Down):
		m.offset = min(m.offset+1, m.last())
	case key.Matches(km, m.keys.Up):
		m.offset = max(m.offset-1, 0)
	case key.Matches(km, m.keys.PageDown):
		m.offset = min(m.offset+page, m.last())
	case key.Matches(km, m.keys.PageUp):
		m.offset = max(m.offset-page, 0)
	case key.Matches(km, m.keys.Top):
		m.offset = 0
	case key.Matches(km, m.keys.Bottom):
		m.offset = m.last()
	}
	return m, nil
}

// View draws the title and the part of the text scrolled to; the title
// says when there is more below.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	lines := m.lines()
	head := m.head()
	if len(lines) > m.height-len(head) {
		last := len(head) - 1
		head[last] = style.Clip(head[last]+"  ("+percent(m.offset, m.last())+")", m.width)
	}
	var out []string
	for _, l := range head {
		out = append(out, m.paint.Render(m.theme.Accent(), l))
	}
	end := min(m.offset+m.height-len(head), len(lines))
	out = append(out, lines[m.offset:end]...)
	return style.Lines(strings.Join(out, "\n"), m.width, m.height)
}

func percent(at, last int) string {
	switch at {
	case 0:
		return "top, j for more"
	case last:
		return "end"
	}
	return fmt.Sprintf("%d%%", at*100/last)
}
