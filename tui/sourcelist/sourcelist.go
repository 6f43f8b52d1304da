// Package sourcelist is the workspace's list of sources: each with its
// group, its length and the viewer's own progress (turns touched, done).
package sourcelist

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
)

// Source is one row of the list.
type Source struct {
	ID      string
	Name    string
	Group   string
	Chars   int
	Turns   int
	Touched int // turns the viewer has coded; -1 when unknown
	Done    bool
}

// OpenMsg asks the workspace to open a source.
type OpenMsg struct{ Source Source }

// KeyMap lists the list's keys.
type KeyMap struct {
	Up, Down, Top, Bottom, Open key.Binding
}

// DefaultKeyMap is the list's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous source")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next source")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first source")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last source")),
		Open:   key.NewBinding(key.WithKeys("enter", "l", "right"), key.WithHelp("enter", "open the source")),
	}
}

// ShortHelp is the list's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Open} }

// FullHelp lists every key of the list.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Open}}
}

// Model is the source list.
type Model struct {
	keys    KeyMap
	theme   style.Theme
	paint   *style.Painter
	sources []Source
	cursor  int
	open    string // id of the source shown in the transcript
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

// SetTheme switches colour on or off.
func (m *Model) SetTheme(t style.Theme) { m.theme, m.paint = t, style.NewPainter(t) }

// SetSources replaces the rows, keeping the cursor on the same source.
func (m *Model) SetSources(sources []Source) {
	var at string
	if m.cursor < len(m.sources) {
		at = m.sources[m.cursor].ID
	}
	m.sources = sources
	m.cursor = 0
	for i, s := range sources {
		if s.ID == at {
			m.cursor = i
		}
	}
}

// Sources are the rows.
func (m Model) Sources() []Source { return m.sources }

// SetOpen marks the source shown in the transcript and puts the cursor on it.
func (m *Model) SetOpen(id string) {
	m.open = id
	for i, s := range m.sources {
		if s.ID == id {
			m.cursor = i
		}
	}
}

// Update moves the cursor and opens sources.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || len(m.sources) == 0 {
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(km, m.keys.Down):
		m.cursor = min(m.cursor+1, len(m.sources)-1)
	case key.Matches(km, m.keys.Top):
		m.cursor = 0
	case key.Matches(km, m.keys.Bottom):
		m.cursor = len(m.sources) - 1
	case key.Matches(km, m.keys.Open):
		s := m.sources[m.cursor]
		return m, func() tea.Msg { return OpenMsg{Source: s} }
	}
	return m, nil
}

// Click selects the row drawn at line y and opens it.
func (m Model) Click(y int) (Model, tea.Cmd) {
	rows := m.rows()
	first := m.firstRow(rows)
	if y < 0 || first+y >= len(rows) || rows[first+y].source < 0 {
		return m, nil
	}
	m.cursor = rows[first+y].source
	s := m.sources[m.cursor]
	return m, func() tea.Msg { return OpenMsg{Source: s} }
}

// row is one drawn line: a group heading (source < 0) or one of the two
// lines of a source.
type row struct {
	source int
	text   string
	second bool
}

func (m Model) rows() []row {
	var out []row
	group := "\x00"
	for i, s := range m.sources {
		if s.Group != group {
			group = s.Group
			name := group
			if name == "" {
				name = "(no group)"
			}
			out = append(out, row{source: -1, text: name})
		}
		out = append(out, row{source: i, text: s.Name}, row{source: i, second: true})
	}
	return out
}

// firstRow is the first row drawn, so that the cursor's rows are visible.
func (m Model) firstRow(rows []row) int {
	last := 0
	for i, r := range rows {
		if r.source == m.cursor && r.second {
			last = i
		}
	}
	return max(0, last-m.height+1)
}

// View draws the list: per source its name, then a bar of the viewer's
// progress, the share of turns coded, the length and a done mark.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if len(m.sources) == 0 {
		return style.Lines("no sources yet:\nimport one with\n`focal import`", m.width, m.height)
	}
	rows := m.rows()
	first := m.firstRow(rows)
	var lines []string
	for _, r := range rows[first:min(len(rows), first+m.height)] {
		switch {
		case r.source < 0:
			lines = append(lines, m.paint.Render(m.theme.Dim(), style.Clip(r.text, m.width)))
		case !r.second:
			mark := "  "
			if m.sources[r.source].ID == m.open {
				mark = "• "
			}
			text := style.Fit(mark+style.Clip(r.text, m.width-2), m.width)
			if r.source == m.cursor {
				text = m.paint.Render(m.theme.Selected(), text)
			}
			lines = append(lines, text)
		default:
			lines = append(lines, m.paint.Render(m.theme.Dim(), style.Clip(progressLine(m.sources[r.source], m.width), m.width)))
		}
	}
	return style.Lines(strings.Join(lines, "\n"), m.width, m.height)
}

// progressLine is "  ██░░░ 33% 28k ✓": the bar and percentage are turns the
// viewer touched; the check mark says done without relying on colour.
func progressLine(s Source, width int) string {
	pct := "  ?"
	share := 0.0
	if s.Touched >= 0 && s.Turns > 0 {
		share = float64(s.Touched) / float64(s.Turns)
		pct = fmt.Sprintf("%3d%%", int(share*100+0.5))
	}
	done := ""
	if s.Done {
		done = " ✓done"
	}
	size := fmt.Sprintf(" %s", shortCount(s.Chars))
	barW := max(0, min(8, width-2-len(pct)-len(size)-len([]rune(done))-1))
	filled := int(share*float64(barW) + 0.5)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", barW-filled)
	return "  " + bar + " " + pct + size + done
}

// shortCount writes a character count as 950, 28k or 1.2M.
func shortCount(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 1_000_000:
		return fmt.Sprintf("%dk", (n+500)/1000)
	default:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	}
}
