// Package passages is the workspace's screen of a code's passages across
// the whole study: every passage coded with the code (and, on request, its
// sub-codes) in every source, each with its source, group, turn, speaker,
// participant and coder, as blinding allows (under blinding, the viewer's
// own). Passages can be narrowed to one focus group or to participants
// with an attribute, read with the turns around them, and opened in their
// transcript at the place.
//
// Reads go through Focal's core (coding/study) in commands; the screen
// never writes.
package passages

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/listview"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// Study is what the screen asks of Focal's application core. *study.Study
// is one.
type Study interface {
	CodePassages(ctx context.Context, p study.Person, q study.PassageQuery) ([]study.CodedPassage, error)
	Sources(ctx context.Context) ([]corpus.Source, error)
}

// The application core is the screen's Study.
var _ Study = (*study.Study)(nil)

// CloseMsg asks the workspace to close the screen.
type CloseMsg struct{}

// JumpMsg asks the workspace to open a source at a position (the start
// of the passage chosen).
type JumpMsg struct {
	SourceID string
	At       int
}

// loadedMsg brings the passages read.
type loadedMsg struct {
	gen      int
	passages []study.CodedPassage
	groups   []string
	err      error
}

// Owns reports whether a message is the screen's own (its reads).
func Owns(msg tea.Msg) bool {
	_, ok := msg.(loadedMsg)
	return ok
}

// KeyMap is the screen's keys: the list's, then its own.
type KeyMap struct {
	listview.KeyMap
	Open, Context, More, Less, Subtree key.Binding
	Group, Attr, Reload, Close         key.Binding
}

// DefaultKeyMap is the screen's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		KeyMap:  listview.DefaultKeyMap("passage", true),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the passage in its transcript")),
		Context: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "show / hide the turns around each passage")),
		More:    key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+ -", "more / fewer turns of context")),
		Less:    key.NewBinding(key.WithKeys("-")),
		Subtree: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "include the sub-codes / this code only")),
		Group:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "next focus group (then all)")),
		Attr:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "keep participants with an attribute (key=value; empty: all)")),
		Reload:  key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "read again")),
		Close:   key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("q esc", "back")),
	}
}

// Model is the screen.
type Model struct {
	ctx    context.Context
	study  Study
	theme  style.Theme
	paint  *style.Painter
	keys   KeyMap
	viewer string

	query    study.PassageQuery
	context  int  // turns shown around each passage when showing
	showing  bool // context shown
	groups   []string
	passages []study.CodedPassage
	loaded   bool
	gen      int

	list          listview.Model
	width, height int

	asking bool // the attribute prompt is open
	attr   textedit.Model

	message string
	bad     bool
}

// New opens the passages of code (a path or id) as viewer may see them.
func New(ctx context.Context, st Study, theme style.Theme, viewer, code string) Model {
	keys := DefaultKeyMap()
	return Model{ctx: ctx, study: st, theme: theme, paint: style.NewPainter(theme), keys: keys, viewer: viewer,
		query: study.PassageQuery{Code: code, Subtree: true}, context: 1, list: listview.New(keys.KeyMap),
		attr: textedit.New(theme, "attribute (key=value): ", "pgy=PGY-1")}
}

// NewQuery opens the passages a query chooses (the passages behind a
// cell of the queries screen).
func NewQuery(ctx context.Context, st Study, theme style.Theme, viewer string, q study.PassageQuery) Model {
	m := New(ctx, st, theme, viewer, q.Code)
	m.query = q
	return m
}

// Init reads the passages.
func (m Model) Init() tea.Cmd { return m.load() }

// SetSize gives the screen the terminal.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.attr.SetSize(m.width, 1)
	m.list.SetHeight(m.bodyHeight(), m.entryHeight)
}

// Code is the code shown.
func (m Model) Code() string { return m.query.Code }

// Passages are the passages listed (for tests and the status line).
func (m Model) Passages() []study.CodedPassage { return m.passages }

func (m Model) load() tea.Cmd {
	ctx, s, viewer, q, gen := m.ctx, m.study, m.viewer, m.query, m.gen
	if m.showing {
		q.Context = m.context
	}
	return func() tea.Msg {
		ps, err := s.CodePassages(ctx, study.As(viewer), q)
		if err != nil {
			return loadedMsg{gen: gen, err: err}
		}
		srcs, err := s.Sources(ctx)
		seen := map[string]bool{}
		var groups []string
		for _, src := range srcs {
			if src.Group != "" && !seen[src.Group] {
				seen[src.Group] = true
				groups = append(groups, src.Group)
			}
		}
		sort.Strings(groups)
		return loadedMsg{gen: gen, passages: ps, groups: groups, err: err}
	}
}

func (m *Model) reload() tea.Cmd {
	m.gen++
	return m.load()
}

// Update handles keys and the reads' replies.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loaded = true
		if msg.err != nil {
			m.message, m.bad = msg.err.Error(), true
			return m, nil
		}
		m.passages, m.groups = msg.passages, msg.groups
		m.list.SetCount(len(m.passages), m.entryHeight)
	case tea.PasteMsg:
		if m.asking {
			m.attr, _ = m.attr.Update(msg)
		}
	case tea.KeyPressMsg:
		if m.asking {
			return m.attrKey(msg)
		}
		m.message, m.bad = "", false
		return m.key(msg)
	}
	return m, nil
}

func (m Model) attrKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.asking = false
		return m, nil
	case "enter":
		m.asking = false
		v := strings.TrimSpace(m.attr.Value())
		if v == "" {
			m.query.Attrs = nil
			return m, m.reload()
		}
		k, val, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" {
			m.message, m.bad = "write the attribute as key=value, e.g. pgy=PGY-1", true
			return m, nil
		}
		m.query.Attrs = map[string]string{strings.TrimSpace(k): strings.TrimSpace(val)}
		m.list.Reset()
		return m, m.reload()
	}
	m.attr, _ = m.attr.Update(msg)
	return m, nil
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case m.list.Update(msg, m.entryHeight):
	case key.Matches(msg, k.Open):
		if len(m.passages) == 0 {
			return m, nil
		}
		p := m.passages[m.list.Cursor()]
		return m, func() tea.Msg { return JumpMsg{SourceID: p.SourceID, At: p.Start} }
	case key.Matches(msg, k.Context):
		m.showing = !m.showing
		return m, m.reload()
	case key.Matches(msg, k.More):
		m.context, m.showing = min(m.context+1, 9), true
		return m, m.reload()
	case key.Matches(msg, k.Less):
		m.context = max(m.context-1, 1)
		return m, m.reload()
	case key.Matches(msg, k.Subtree):
		m.query.Subtree = !m.query.Subtree
		m.list.Reset()
		return m, m.reload()
	case key.Matches(msg, k.Group):
		m.query.Group = nextGroup(m.groups, m.query.Group)
		m.list.Reset()
		return m, m.reload()
	case key.Matches(msg, k.Attr):
		m.asking = true
		m.attr.Reset()
		for k, v := range m.query.Attrs {
			m.attr.SetValue(k + "=" + v)
		}
	case key.Matches(msg, k.Reload):
		return m, m.reload()
	}
	return m, nil
}

// nextGroup is the group after cur, or "" (all) after the last.
func nextGroup(groups []string, cur string) string {
	if cur == "" {
		if len(groups) > 0 {
			return groups[0]
		}
		return ""
	}
	for i, g := range groups {
		if g == cur && i+1 < len(groups) {
			return groups[i+1]
		}
	}
	return ""
}

// bodyHeight is the room between the title line and the two bottom lines.
func (m Model) bodyHeight() int { return max(m.height-3, 1) }

// maxLines is how many lines of a passage's words are shown (the one
// under the cursor shows all of them).
const maxLines = 4

// entryHeight is how many lines passage i takes when the cursor is on
// passage cursor.
func (m Model) entryHeight(i, cursor int) int { return len(m.entryLines(i, i == cursor)) }

// entryLines draws one passage; sel: the one under the cursor, shown
// whole.
func (m Model) entryLines(i int, sel bool) []string {
	p := m.passages[i]
	w := max(m.width-2, 1)
	who := p.Speaker
	if p.Participant != "" && p.Participant != p.Speaker {
		who = p.Participant + " " + p.Speaker
	}
	group := p.Group
	if group == "" {
		group = "no group"
	}
	// What tells passages apart comes first; the group, last, is cut first.
	head := fmt.Sprintf("%s %d · %s · %s · %s · %s", p.Source, p.Turn, who, p.Code, p.Coder, group)
	mark := "  "
	headCell := m.theme.Dim()
	if sel {
		mark = "▶ "
		headCell = m.theme.Selected()
	}
	out := []string{mark + m.paint.Render(headCell, style.Clip(head, w))}
	ctxLine := func(c study.ContextTurn) []string {
		var lines []string
		for j, l := range style.Wrap(fmt.Sprintf("%d %s: %s", c.Turn, c.Speaker, c.Text), max(w-2, 1)) {
			if j >= 2 && !sel {
				lines[len(lines)-1] += "…"
				break
			}
			lines = append(lines, "    "+m.paint.Render(m.theme.Dim(), l))
		}
		return lines
	}
	if m.showing {
		for _, c := range p.Before {
			out = append(out, ctxLine(c)...)
		}
	}
	text := strings.Join(strings.Fields(p.Text), " ")
	lines := style.Wrap(text, max(w-2, 1))
	if !sel && len(lines) > maxLines {
		lines = append(lines[:maxLines-1:maxLines-1], lines[maxLines-1]+" …")
	}
	for _, l := range lines {
		out = append(out, "  » "+l)
	}
	if m.showing {
		for _, c := range p.After {
			out = append(out, ctxLine(c)...)
		}
	}
	return append(out, "")
}

// View draws the screen.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	title := "Passages · " + m.query.Code
	if m.query.Subtree {
		title += " and its sub-codes"
	}
	if m.query.With != "" {
		title += " overlapping " + m.query.With
	}
	b.WriteString(m.paint.Render(m.theme.Accent(), style.Clip(title, m.width)))
	b.WriteByte('\n')
	var body []string
	switch {
	case !m.loaded:
		body = []string{"reading…"}
	case len(m.passages) == 0 && !m.bad:
		body = []string{"no passages" + m.filterText()}
	default:
		for i := m.list.Offset(); i < len(m.passages) && len(body) < m.bodyHeight(); i++ {
			body = append(body, m.entryLines(i, i == m.list.Cursor())...)
		}
	}
	b.WriteString(style.Lines(strings.Join(body, "\n"), m.width, m.bodyHeight()))
	b.WriteByte('\n')
	b.WriteString(style.Fit(m.status(), m.width))
	b.WriteByte('\n')
	b.WriteString(style.Fit(m.bottom(), m.width))
	return b.String()
}

// filterText names the filters in force.
func (m Model) filterText() string {
	var parts []string
	if m.query.Group != "" {
		parts = append(parts, "group "+m.query.Group)
	}
	for k, v := range m.query.Attrs {
		parts = append(parts, k+"="+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, ", ")
}

func (m Model) status() string {
	sources := map[string]bool{}
	for _, p := range m.passages {
		sources[p.SourceID] = true
	}
	pos := ""
	if len(m.passages) > 0 {
		pos = fmt.Sprintf("%d/", m.list.Cursor()+1)
	}
	s := fmt.Sprintf(" %s%d passages in %d sources%s", pos, len(m.passages), len(sources), m.filterText())
	if m.showing {
		s += fmt.Sprintf(" · context ±%d turns", m.context)
	}
	return m.paint.Render(m.theme.Dim(), s)
}

func (m Model) bottom() string {
	switch {
	case m.asking:
		return m.attr.View()
	case m.message != "":
		if m.bad {
			return m.paint.Render(m.theme.Error(), "✗ "+m.message)
		}
		return " " + m.message
	}
	return m.paint.Render(m.theme.Dim(), style.Clip(" enter open  c context  +/- more/less  s sub-codes  o group  a attribute  q back", m.width))
}

// FullHelp lists the screen's keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Open, k.Context, k.More, k.Subtree, k.Group, k.Attr, k.Reload, k.Close}}
}
