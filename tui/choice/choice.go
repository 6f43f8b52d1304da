// Package choice is a short list to choose one thing from: who you are at
// start, which of several overlapping codings to remove, re-code or write a
// memo on, and what a memo is about.
package choice

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
)

// ChosenMsg reports the option chosen, by its place in the list.
type ChosenMsg struct{ Index int }

// ChosenManyMsg reports the options ticked in a list opened with OpenMany,
// by their places in the list.
type ChosenManyMsg struct{ Indices []int }

// CancelMsg reports that the list was closed without a choice.
type CancelMsg struct{}

// KeyMap lists the list's keys; digits 1–9 choose directly.
type KeyMap struct {
	Up, Down, Choose, Cancel, Tick, TickAll key.Binding
}

// DefaultKeyMap is the list's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k", "shift+tab"), key.WithHelp("↑/k", "previous")),
		Down:    key.NewBinding(key.WithKeys("down", "j", "tab"), key.WithHelp("↓/j", "next")),
		Choose:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/1–9", "choose")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Tick:    key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "tick / untick (lists of several)")),
		TickAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "tick all / none (lists of several)")),
	}
}

// ShortHelp is the list's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Choose, k.Up, k.Down, k.Cancel} }

// FullHelp lists every key of the list.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Choose, k.Cancel, k.Tick, k.TickAll}}
}

// Model is the list.
type Model struct {
	keys    KeyMap
	theme   style.Theme
	paint   *style.Painter
	title   string
	options []string
	cursor  int
	many    bool   // several options may be ticked (OpenMany)
	ticked  []bool // per option, when many
	width   int
	height  int
}

// New returns an empty list.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme)}
}

// KeyMap is the list's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the list its size in cells.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// Open shows a new list.
func (m *Model) Open(title string, options []string) {
	m.title, m.options, m.cursor, m.many, m.ticked = title, options, 0, false, nil
}

// OpenMany shows a list in which several options are ticked with space;
// enter reports the ticked ones (or the highlighted one, when none is).
func (m *Model) OpenMany(title string, options []string) {
	m.Open(title, options)
	m.many, m.ticked = true, make([]bool, len(options))
}

// Many reports whether the list takes several options.
func (m Model) Many() bool { return m.many }

// Len is how many options there are, for sizing the list.
func (m Model) Len() int { return len(m.options) }

// Lines is how many lines the list needs at a width: its title wrapped,
// and one per option.
func (m Model) Lines(width int) int { return len(style.Wrap(m.title, max(width, 1))) + len(m.options) }

// Update moves through the list and reports the choice.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.options) == 0 {
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Cancel):
		return m, func() tea.Msg { return CancelMsg{} }
	case key.Matches(km, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(km, m.keys.Down):
		m.cursor = min(m.cursor+1, len(m.options)-1)
	case m.many && key.Matches(km, m.keys.Tick):
		m.ticked[m.cursor] = !m.ticked[m.cursor]
		m.cursor = min(m.cursor+1, len(m.options)-1)
	case m.many && key.Matches(km, m.keys.TickAll):
		all := !slices.Contains(m.ticked, false)
		for i := range m.ticked {
			m.ticked[i] = !all
		}
	case m.many && key.Matches(km, m.keys.Choose):
		var chosen []int
		for i, t := range m.ticked {
			if t {
				chosen = append(chosen, i)
			}
		}
		if len(chosen) == 0 {
			chosen = []int{m.cursor}
		}
		return m, func() tea.Msg { return ChosenManyMsg{Indices: chosen} }
	case key.Matches(km, m.keys.Choose):
		i := m.cursor
		return m, func() tea.Msg { return ChosenMsg{Index: i} }
	case m.many:
	case len(km.Text) == 1 && km.Text[0] >= '1' && km.Text[0] <= '9':
		if i := int(km.Text[0] - '1'); i < len(m.options) {
			m.cursor = i
			return m, func() tea.Msg { return ChosenMsg{Index: i} }
		}
	}
	return m, nil
}

// View draws the title and the numbered options.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	// The title wraps at spaces, so a question is read whole at 80 columns;
	// on a short drawer the list keeps at least one line.
	var lines []string
	title := style.Wrap(m.title, m.width)
	title = title[:min(len(title), max(m.height-1, 1))]
	for _, l := range title {
		lines = append(lines, m.paint.Render(m.theme.Accent(), l))
	}
	listH := m.height - len(lines)
	first := max(0, m.cursor-listH+1)
	for i := first; i < len(m.options) && i < first+listH; i++ {
		mark := "  "
		if i == m.cursor {
			mark = "> "
		}
		num := "  "
		switch {
		case m.many && m.ticked[i]:
			num = "[x] "
		case m.many:
			num = "[ ] "
		case i < 9:
			num = fmt.Sprintf("%d ", i+1)
		}
		text := style.Fit(mark+num+style.ClipWords(m.options[i], m.width-len(mark)-len(num)), m.width)
		if i == m.cursor {
			text = m.paint.Render(m.theme.Selected(), text)
		}
		lines = append(lines, text)
	}
	return style.Lines(strings.Join(lines, "\n"), m.width, m.height)
}
