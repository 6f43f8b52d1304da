// Package queries is the workspace's screen of the questions researchers
// ask between coding sessions: which codes are applied to the same text
// (a code × code matrix), how each code spreads over a participant
// attribute's values (a code × value matrix), and which words are said
// most, by focus group or attribute. Each cell leads to what lies behind
// it: the passages (the workspace opens its passages screen) or the words'
// places (its search).
//
// Code counts are those the exports would make (the core's layer rule:
// under blinding the viewer's own codings). Reads go through Focal's core
// in commands; the screen never writes.
package queries

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// Study is what the screen asks of Focal's application core. *study.Study
// is one.
type Study interface {
	CodeCoOccurrence(ctx context.Context, p study.Person, o study.QueryOptions) (study.CoOccurrence, error)
	CodesByAttribute(ctx context.Context, p study.Person, attr string, o study.QueryOptions) (study.CodeByAttribute, error)
	WordFrequencies(ctx context.Context, q study.WordQuery) (study.WordFrequencies, error)
	Participants(ctx context.Context) ([]corpus.Participant, error)
}

// The application core is the screen's Study.
var _ Study = (*study.Study)(nil)

// CloseMsg asks the workspace to close the screen.
type CloseMsg struct{}

// PassagesMsg asks the workspace for the passages behind a cell.
type PassagesMsg struct{ Query study.PassageQuery }

// SearchMsg asks the workspace to search every source for a word, within
// the limits of a column ("group=…" or "key=value").
type SearchMsg struct{ Pattern, Limits string }

type readMsg struct {
	gen   int
	co    study.CoOccurrence
	attr  study.CodeByAttribute
	words study.WordFrequencies
	keys  []string
	err   error
}

// Owns reports whether a message is the screen's own.
func Owns(msg tea.Msg) bool {
	_, ok := msg.(readMsg)
	return ok
}

// view is which matrix is shown.
type view int

const (
	coOccurrence view = iota
	byAttribute
	words
)

func (v view) String() string {
	return [...]string{"code co-occurrence", "codes by attribute", "word frequencies"}[v]
}

// KeyMap is the screen's keys.
type KeyMap struct {
	Down, Up, Left, Right, Next, Open, Attribute, By, Layer, Close key.Binding
}

// DefaultKeyMap is the screen's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Down:      key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j k h l", "move between cells")),
		Up:        key.NewBinding(key.WithKeys("k", "up")),
		Left:      key.NewBinding(key.WithKeys("h", "left")),
		Right:     key.NewBinding(key.WithKeys("l", "right")),
		Next:      key.NewBinding(key.WithKeys("tab", "1", "2", "3"), key.WithHelp("tab 1 2 3", "co-occurrence, codes by attribute, word frequencies")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "what lies behind the cell: its passages, or the word's places")),
		Attribute: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "next participant attribute")),
		By:        key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "words: all / by group / by each attribute")),
		Layer:     key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "codings counted: every coder / the consensus (blinding off)")),
		Close:     key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("q esc", "back")),
	}
}

// FullHelp lists the screen's keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Down, k.Next, k.Open, k.Attribute, k.By, k.Layer, k.Close}}
}

// Model is the screen.
type Model struct {
	ctx    context.Context
	study  Study
	theme  style.Theme
	paint  *style.Painter
	keys   KeyMap
	viewer string

	view   view
	layer  string
	keys2  []string // the participants' attribute keys
	attr   string   // the attribute of byAttribute
	by     string   // words: "", "group" or an attribute key
	gen    int
	loaded bool
	co     study.CoOccurrence
	byAttr study.CodeByAttribute
	words  study.WordFrequencies

	row, col      int
	top, left     int
	width, height int

	message string
	bad     bool
}

// New opens the screen as viewer.
func New(ctx context.Context, st Study, theme style.Theme, viewer string) Model {
	return Model{ctx: ctx, study: st, theme: theme, paint: style.NewPainter(theme), keys: DefaultKeyMap(), viewer: viewer}
}

// Init reads the first matrix.
func (m Model) Init() tea.Cmd { return m.read() }

// SetSize gives the screen the terminal.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0); m.follow() }

func (m Model) read() tea.Cmd {
	ctx, s, p, gen, v, o, attr, by := m.ctx, m.study, study.As(m.viewer), m.gen, m.view, study.QueryOptions{Layer: m.layer}, m.attr, m.by
	return func() tea.Msg {
		r := readMsg{gen: gen}
		people, err := s.Participants(ctx)
		if err != nil {
			r.err = err
			return r
		}
		seen := map[string]bool{}
		for _, pp := range people {
			for k := range pp.Attributes {
				if !seen[k] {
					seen[k] = true
					r.keys = append(r.keys, k)
				}
			}
		}
		sort.Strings(r.keys)
		switch v {
		case coOccurrence:
			r.co, r.err = s.CodeCoOccurrence(ctx, p, o)
		case byAttribute:
			if attr == "" && len(r.keys) > 0 {
				attr = r.keys[0]
			}
			if attr == "" {
				r.err = fmt.Errorf("no participant has attributes yet (focal participant set)")
				return r
			}
			r.attr, r.err = s.CodesByAttribute(ctx, p, attr, o)
		case words:
			r.words, r.err = s.WordFrequencies(ctx, study.WordQuery{By: by, Top: 200})
		}
		return r
	}
}

func (m *Model) reread() tea.Cmd {
	m.gen++
	m.loaded = false
	m.row, m.col, m.top, m.left = 0, 0, 0, 0
	return m.read()
}

// Update handles keys and the reads' replies.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case readMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loaded = true
		m.keys2 = msg.keys
		if msg.err != nil {
			m.message, m.bad = msg.err.Error(), true
			return m, nil
		}
		m.message, m.bad = "", false
		m.co, m.byAttr, m.words = msg.co, msg.attr, msg.words
		if m.view == byAttribute {
			m.attr = msg.attr.Attribute
		}
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	rows, cols := m.size()
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Down):
		m.row = min(m.row+1, max(rows-1, 0))
	case key.Matches(msg, k.Up):
		m.row = max(m.row-1, 0)
	case key.Matches(msg, k.Right):
		m.col = min(m.col+1, max(cols-1, 0))
	case key.Matches(msg, k.Left):
		m.col = max(m.col-1, 0)
	case key.Matches(msg, k.Next):
		switch msg.String() {
		case "1":
			m.view = coOccurrence
		case "2":
			m.view = byAttribute
		case "3":
			m.view = words
		default:
			m.view = (m.view + 1) % 3
		}
		return m, m.reread()
	case key.Matches(msg, k.Attribute):
		if len(m.keys2) == 0 {
			m.message = "no participant has attributes yet"
			return m, nil
		}
		m.attr = next(m.keys2, m.attr)
		if m.view != byAttribute {
			m.view = byAttribute
		}
		return m, m.reread()
	case key.Matches(msg, k.By):
		m.by = next(append([]string{"", "group"}, m.keys2...), m.by)
		m.view = words
		return m, m.reread()
	case key.Matches(msg, k.Layer):
		if m.layer == "" {
			m.layer = study.LayerConsensus
		} else {
			m.layer = ""
		}
		return m, m.reread()
	case key.Matches(msg, k.Open):
		return m, m.open()
	}
	m.follow()
	return m, nil
}

// next is the item after cur in items, round.
func next(items []string, cur string) string {
	for i, it := range items {
		if it == cur {
			return items[(i+1)%len(items)]
		}
	}
	return items[0]
}

// size is the matrix's rows and columns.
func (m Model) size() (int, int) {
	switch m.view {
	case coOccurrence:
		return len(m.co.Codes), len(m.co.Codes)
	case byAttribute:
		return len(m.byAttr.Codes), len(m.byAttr.Values)
	}
	return len(m.words.Words), max(len(m.words.Columns), 1)
}

// open asks for what lies behind the cell under the cursor.
func (m Model) open() tea.Cmd {
	rows, cols := m.size()
	if !m.loaded || rows == 0 || m.row >= rows || m.col >= cols {
		return nil
	}
	switch m.view {
	case coOccurrence:
		q := study.PassageQuery{Code: m.co.Codes[m.row], Layer: m.layer}
		if m.row != m.col {
			q.With = m.co.Codes[m.col]
		}
		return func() tea.Msg { return PassagesMsg{Query: q} }
	case byAttribute:
		q := study.PassageQuery{Code: m.byAttr.Codes[m.row], Layer: m.layer}
		if v := m.byAttr.Values[m.col]; v != study.NoValue {
			q.Attrs = map[string]string{m.byAttr.Attribute: v}
		}
		return func() tea.Msg { return PassagesMsg{Query: q} }
	}
	w := m.words.Words[m.row].Word
	limits := ""
	if m.by != "" && m.col < len(m.words.Columns) {
		if c := m.words.Columns[m.col]; c != study.NoValue && c != "(no group)" {
			limits = fmt.Sprintf("%s=%q", m.by, c)
		}
	}
	return func() tea.Msg { return SearchMsg{Pattern: w, Limits: limits} }
}

// Layout of a matrix: a label column, then cells of cellW.
const (
	labelW = 30
	cellW  = 9
)

func (m Model) bodyHeight() int { return max(m.height-4, 1) }

func (m Model) visibleCols() int { return max((m.width-labelW)/cellW, 1) }

func (m *Model) follow() {
	h := m.bodyHeight()
	if m.row < m.top {
		m.top = m.row
	}
	if m.row >= m.top+h {
		m.top = m.row - h + 1
	}
	vc := m.visibleCols()
	if m.col < m.left {
		m.left = m.col
	}
	if m.col >= m.left+vc {
		m.left = m.col - vc + 1
	}
}

// View draws the screen.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	title := "Queries · " + m.view.String()
	switch m.view {
	case byAttribute:
		title += " · " + m.byAttr.Attribute
	case words:
		if m.by != "" {
			title += " · by " + m.by
		}
	}
	if m.view != words {
		title += " · codings of " + layerName(m.layerShown())
	}
	b.WriteString(m.paint.Render(m.theme.Accent(), style.Clip(title, m.width)))
	b.WriteByte('\n')
	b.WriteString(style.Lines(strings.Join(m.table(), "\n"), m.width, m.bodyHeight()+1))
	b.WriteByte('\n')
	b.WriteString(style.Fit(m.paint.Render(m.theme.Dim(), " "+m.cellText()), m.width))
	b.WriteByte('\n')
	bottom := m.paint.Render(m.theme.Dim(), style.Clip(" hjkl move  enter behind  1 2 3 views  a attribute  b words by  L layer  q back", m.width))
	if m.message != "" {
		bottom = " " + m.message
		if m.bad {
			bottom = m.paint.Render(m.theme.Error(), "✗ "+m.message)
		}
	}
	b.WriteString(style.Fit(bottom, m.width))
	return b.String()
}

func (m Model) layerShown() string {
	switch m.view {
	case coOccurrence:
		return m.co.Layer
	case byAttribute:
		return m.byAttr.Layer
	}
	return ""
}

func layerName(l string) string {
	switch l {
	case study.LayerAllCoders:
		return "every coder"
	case study.LayerConsensus:
		return "the consensus"
	}
	return l
}

// table draws the header and the visible rows.
func (m Model) table() []string {
	if !m.loaded {
		return []string{"counting…"}
	}
	rows, cols := m.size()
	if rows == 0 {
		return []string{"nothing to count"}
	}
	var heads []string
	var label func(i int) string
	var cell func(i, j int) string
	switch m.view {
	case coOccurrence:
		for j := range m.co.Codes {
			heads = append(heads, fmt.Sprint(j+1))
		}
		label = func(i int) string { return fmt.Sprintf("%d %s", i+1, m.co.Codes[i]) }
		cell = func(i, j int) string { return fmt.Sprint(m.co.Counts[i][j]) }
	case byAttribute:
		heads = m.byAttr.Values
		label = func(i int) string { return m.byAttr.Codes[i] }
		cell = func(i, j int) string {
			return fmt.Sprintf("%d(%d)", m.byAttr.Codings[i][j], m.byAttr.Participants[i][j])
		}
	default:
		heads = m.words.Columns
		label = func(i int) string { return fmt.Sprintf("%s %d", m.words.Words[i].Word, m.words.Words[i].Total) }
		cell = func(i, j int) string {
			if j < len(m.words.Words[i].Counts) {
				return fmt.Sprint(m.words.Words[i].Counts[j])
			}
			return ""
		}
	}
	end := min(m.left+m.visibleCols(), cols)
	var hb strings.Builder
	hb.WriteString(strings.Repeat(" ", labelW))
	for j := m.left; j < end && j < len(heads); j++ {
		hb.WriteString(pad(style.Clip(heads[j], cellW-1), cellW))
	}
	out := []string{m.paint.Render(m.theme.Dim(), hb.String())}
	for i := m.top; i < min(m.top+m.bodyHeight(), rows); i++ {
		var rb strings.Builder
		rb.WriteString(style.Fit(style.Clip(label(i), labelW-1), labelW))
		for j := m.left; j < end; j++ {
			c := pad(cell(i, j), cellW)
			if i == m.row && j == m.col {
				c = m.paint.Render(m.theme.Selected(), c)
			}
			rb.WriteString(c)
		}
		out = append(out, rb.String())
	}
	return out
}

// pad right-aligns s in width cells, with a space after.
func pad(s string, width int) string {
	w := ansi.StringWidth(s)
	if w >= width-1 {
		return s + " "
	}
	return strings.Repeat(" ", width-1-w) + s + " "
}

// cellText spells out the cell under the cursor.
func (m Model) cellText() string {
	rows, cols := m.size()
	if !m.loaded || rows == 0 || m.row >= rows || m.col >= cols {
		return ""
	}
	switch m.view {
	case coOccurrence:
		a, b := m.co.Codes[m.row], m.co.Codes[m.col]
		if a == b {
			return fmt.Sprintf("%s: %d codings", a, m.co.Counts[m.row][m.col])
		}
		return fmt.Sprintf("%s × %s: %d overlapping codings by one coder", a, b, m.co.Counts[m.row][m.col])
	case byAttribute:
		return fmt.Sprintf("%s, %s = %s: %d codings from %d participants", m.byAttr.Codes[m.row], m.byAttr.Attribute,
			m.byAttr.Values[m.col], m.byAttr.Codings[m.row][m.col], m.byAttr.Participants[m.row][m.col])
	}
	w := m.words.Words[m.row]
	if m.col < len(m.words.Columns) && m.by != "" {
		return fmt.Sprintf("%q: %d times in %s (%d in all)", w.Word, w.Counts[m.col], m.words.Columns[m.col], w.Total)
	}
	return fmt.Sprintf("%q: %d times (%d words counted)", w.Word, w.Total, m.words.Total)
}
