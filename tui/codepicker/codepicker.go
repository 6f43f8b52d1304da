// Package codepicker is the code chooser of the workspace: a filter that
// narrows the codebook as you type (names, paths, then definitions), the
// codes used most recently first, the highlighted code's definition, and a
// row that creates the code when the name typed is new, with an optional
// definition asked next.
package codepicker

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// Code is one code that can be picked.
type Code struct {
	ID         string
	Path       string
	Name       string
	Definition string
	Codings    int // codings the viewer may see
	// Note is shown before the count: why the code is offered
	// ("62% same text"). Codes with a note come first when nothing is typed.
	Note string
}

// Mode says what the pick is for.
type Mode int

const (
	// Apply picks a code for a span; a new name creates the code.
	Apply Mode = iota
	// Choose picks an existing code (to filter the text by it).
	Choose
)

// PickedMsg reports an existing code chosen.
type PickedMsg struct{ Code Code }

// CreateMsg reports a new code to create, with an optional definition.
type CreateMsg struct{ Path, Definition string }

// CancelMsg reports that the picker was closed without a choice.
type CancelMsg struct{}

// KeyMap lists the picker's keys; typing edits the filter.
type KeyMap struct {
	Up, Down, Pick, Cancel key.Binding
}

// DefaultKeyMap is the picker's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous code")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n", "tab"), key.WithHelp("↓/tab", "next code")),
		Pick:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the picker's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Pick, k.Up, k.Down, k.Cancel} }

// FullHelp lists every key of the picker.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Up, k.Down, k.Pick, k.Cancel}} }

// recentShown is how many of the most recently used codes are marked
// "recent"; marking every code once used would mark nothing.
const recentShown = 5

// row is one line of the list: a code, or the offer to create one.
type row struct {
	code   int // index into codes; -1 for the create row
	create string
}

// Model is the picker.
type Model struct {
	keys       KeyMap
	theme      style.Theme
	paint      *style.Painter
	mode       Mode
	title      string
	filter     textedit.Model
	definition textedit.Model
	defining   string // the new code's path while its definition is asked
	codes      []Code
	recent     map[string]int // code id → rank, 0 most recent
	rows       []row
	cursor     int
	width      int
	height     int
}

// New returns a closed picker.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme),
		filter:     textedit.New(theme, "› ", "type to filter, or a new name"),
		definition: textedit.New(theme, "definition › ", "optional: enter to skip")}
}

// KeyMap is the picker's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the picker its size in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.filter.SetSize(m.width, 1)
	m.definition.SetSize(m.width, 1)
}

// Open starts a pick: title says what for, codes is the codebook in tree
// order, recent lists code ids used most recently first.
func (m *Model) Open(mode Mode, title string, codes []Code, recent []string) {
	m.mode, m.title, m.codes = mode, title, codes
	m.recent = map[string]int{}
	for _, id := range recent {
		if _, seen := m.recent[id]; !seen {
			m.recent[id] = len(m.recent)
		}
	}
	m.filter.Reset()
	m.filter.Placeholder = "type to filter, or a new name"
	if mode == Choose {
		m.filter.Placeholder = "type to filter"
	}
	m.definition.Reset()
	m.defining = ""
	m.refilter()
}

// Update edits the filter, moves through the matches and reports a choice.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if m.defining != "" {
		return m.updateDefinition(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if _, paste := msg.(tea.PasteMsg); paste {
			m.filter, _ = m.filter.Update(msg)
			m.refilter()
		}
		return m, nil
	}
	switch {
	case key.Matches(km, m.keys.Cancel):
		return m, func() tea.Msg { return CancelMsg{} }
	case key.Matches(km, m.keys.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(km, m.keys.Down):
		m.cursor = max(min(m.cursor+1, len(m.rows)-1), 0)
	case key.Matches(km, m.keys.Pick):
		if len(m.rows) == 0 || m.cursor < 0 {
			return m, nil
		}
		r := m.rows[m.cursor]
		if r.code < 0 {
			m.defining = r.create
			return m, nil
		}
		c := m.codes[r.code]
		return m, func() tea.Msg { return PickedMsg{Code: c} }
	default:
		before := m.filter.Value()
		m.filter, _ = m.filter.Update(km)
		if m.filter.Value() != before {
			m.refilter()
		}
	}
	return m, nil
}

func (m Model) updateDefinition(msg tea.Msg) (Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, m.keys.Cancel):
			m.defining = ""
			return m, nil
		case key.Matches(km, m.keys.Pick):
			out := CreateMsg{Path: m.defining, Definition: strings.TrimSpace(m.definition.Value())}
			return m, func() tea.Msg { return out }
		}
	}
	m.definition, _ = m.definition.Update(msg)
	return m, nil
}

// refilter ranks the codes against the filter: exact name or path first,
// then names starting with it, paths with a part starting with it, paths
// containing it, letters in order, and definitions containing it; within a
// rank, recently used codes first, then codebook order.
func (m *Model) refilter() {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	type scored struct {
		i, score int
	}
	var found []scored
	exact := false
	for i, c := range m.codes {
		s := score(q, c)
		if s < 0 {
			continue
		}
		if s == 0 {
			exact = true
		}
		found = append(found, scored{i, s})
	}
	sort.SliceStable(found, func(a, b int) bool {
		fa, fb := found[a], found[b]
		if fa.score != fb.score {
			return fa.score < fb.score
		}
		ra, oka := m.recent[m.codes[fa.i].ID]
		rb, okb := m.recent[m.codes[fb.i].ID]
		switch {
		case oka && okb:
			return ra < rb
		case oka != okb:
			return oka
		}
		return fa.i < fb.i
	})
	m.rows = m.rows[:0]
	for _, f := range found {
		m.rows = append(m.rows, row{code: f.i})
	}
	typed := strings.Trim(strings.TrimSpace(m.filter.Value()), "/")
	if m.mode == Apply && typed != "" && !exact {
		m.rows = append(m.rows, row{code: -1, create: typed})
	}
	m.cursor = 0
}

func score(q string, c Code) int {
	if q == "" {
		if c.Note != "" {
			return 0
		}
		return 1
	}
	name, path := strings.ToLower(c.Name), strings.ToLower(c.Path)
	switch {
	case name == q || path == q:
		return 0
	case strings.HasPrefix(name, q):
		return 1
	case strings.Contains("/"+path, "/"+q):
		return 2
	case strings.Contains(path, q):
		return 3
	case strings.Contains(q, "/") && inOrder(path, q), name != "" && q[0] == name[0] && inOrder(name, q):
		return 4
	case strings.Contains(strings.ToLower(c.Definition), q):
		return 5
	}
	return -1
}

// inOrder reports whether the letters of q appear in s in order: "fptt"
// finds "feeling-part-of-the-team", "bel/iso" finds "belonging/isolation".
// Only names starting with the same letter (or paths, when q has a "/")
// are tried, so that short filters do not match half the codebook.
func inOrder(s, q string) bool {
	for _, r := range q {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

// Unselect highlights no row until a key moves or the filter is typed, so
// that enter alone chooses nothing: used where no code is a likely answer
// (a merge with no code sharing the text), so as not to suggest one.
func (m *Model) Unselect() { m.cursor = -1 }

// Editing reports whether the picker asks for a new code's definition.
func (m Model) Editing() bool { return m.defining != "" }

// View draws the title, the filter, the matching codes and the highlighted
// code's definition.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	// The title wraps to a second line rather than losing its end.
	var titles []string
	wrapped := style.Wrap(m.title, m.width)
	if len(wrapped) > 2 {
		wrapped = []string{wrapped[0], style.Clip(strings.Join(wrapped[1:], " "), m.width)}
	}
	for _, l := range wrapped {
		titles = append(titles, m.paint.Render(m.theme.Accent(), l))
	}
	title := strings.Join(titles, "\n")
	if m.defining != "" {
		lines = append(lines, title,
			style.Clip(fmt.Sprintf("New code “%s”. A definition helps everyone apply it the same way.", m.defining), m.width),
			m.definition.View())
		return style.Lines(strings.Join(lines, "\n"), m.width, m.height)
	}
	lines = append(lines, titles...)
	lines = append(lines, m.filter.View())
	var def []string
	if m.cursor >= 0 && m.cursor < len(m.rows) && m.rows[m.cursor].code >= 0 {
		if d := m.codes[m.rows[m.cursor].code].Definition; d != "" {
			def = style.Wrap(d, m.width-2)
		}
	}
	listH := m.height - len(lines)
	if len(def) > 0 && listH >= 5 {
		def = def[:min(len(def), 3, listH-3)]
		listH -= len(def)
	} else {
		def = nil
	}
	if len(m.rows) == 0 {
		empty := "no code matches"
		if m.mode == Apply {
			empty = "no codes yet: type a name to create one"
		}
		lines = append(lines, m.paint.Render(m.theme.Dim(), empty))
	}
	if m.cursor < 0 && len(m.rows) > 0 && listH > 1 {
		lines = append(lines, m.paint.Render(m.theme.Dim(), "nothing highlighted: type a name or move with ↓ to choose"))
		listH--
	}
	first := max(0, m.cursor-listH+1)
	for i := first; i < len(m.rows) && i < first+listH; i++ {
		lines = append(lines, m.rowLine(i))
	}
	for len(lines) < m.height-len(def) {
		lines = append(lines, "")
	}
	for _, d := range def {
		lines = append(lines, m.paint.Render(m.theme.Dim(), "  "+d))
	}
	return style.Lines(strings.Join(lines, "\n"), m.width, m.height)
}

func (m Model) rowLine(i int) string {
	r := m.rows[i]
	mark := "  "
	if i == m.cursor {
		mark = "> "
	}
	var text string
	if r.code < 0 {
		text = mark + "+ new code “" + r.create + "”"
	} else {
		c := m.codes[r.code]
		count := fmt.Sprint(c.Codings)
		if rank, ok := m.recent[c.ID]; ok && rank < recentShown {
			count = "recent · " + count
		}
		if c.Note != "" {
			count = c.Note + " · " + count
		}
		room := m.width - len(mark) - len(count) - 1
		text = mark + style.Fit(style.Clip(c.Path, room), room) + " " + count
	}
	text = style.Fit(text, m.width)
	if i == m.cursor {
		return m.paint.Render(m.theme.Selected(), text)
	}
	return text
}
