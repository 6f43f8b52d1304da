// Package kwic is the workspace's search across sources: words, a phrase
// or a regular expression, optionally stemmed, in the open source or in
// all of them, limited by speaker, participant attribute or focus group.
// Hits are listed as keyword-in-context lines, the matches lined up; some
// or all are selected and coded with one code (to the words, the sentence
// or the turn) as ONE action, which one undo takes back whole.
//
// Reads and the write go through Focal's core (coding/study) in commands.
package kwic

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/listview"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// Study is what the screen asks of Focal's application core. *study.Study
// is one.
type Study interface {
	Search(ctx context.Context, q study.SearchQuery) (study.SearchResult, error)
	CodeHits(ctx context.Context, p study.Person, req study.CodeHitsRequest) (study.CodedHits, error)
	Codes(ctx context.Context, p study.Person, f study.CodeFilter) ([]coding.Code, error)
}

// The application core is the screen's Study.
var _ Study = (*study.Study)(nil)

// CloseMsg asks the workspace to close the screen.
type CloseMsg struct{}

// JumpMsg asks the workspace to open a source at a position (a hit).
type JumpMsg struct {
	SourceID string
	At       int
}

// CodedMsg tells the workspace that hits were coded (its transcript and
// counts are read again).
type CodedMsg struct{ Label string }

type (
	foundMsg struct {
		gen int
		res study.SearchResult
		err error
	}
	codesMsg struct {
		codes []coding.Code
		err   error
	}
	codedMsg struct {
		res   study.CodedHits
		count int
		err   error
	}
	// childMsg is what the code picker reports, routed back here.
	childMsg struct{ msg tea.Msg }
)

// Owns reports whether a message is the screen's own.
func Owns(msg tea.Msg) bool {
	switch msg.(type) {
	case foundMsg, codesMsg, codedMsg, childMsg:
		return true
	}
	return false
}

func wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return childMsg{cmd()} }
}

// mode is what has the keyboard.
type mode int

const (
	browsing  mode = iota
	typing         // the pattern
	filtering      // speaker= group= key=value
	picking        // the code picker
)

// KeyMap is the screen's keys: the list's, then its own.
type KeyMap struct {
	listview.KeyMap
	Edit, Select, All, Code, Extent, Open key.Binding
	Regexp, Stem, Scope, Filter, Close    key.Binding
}

// DefaultKeyMap is the screen's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		KeyMap: listview.DefaultKeyMap("hit", false), // space selects
		Edit:   key.NewBinding(key.WithKeys("/", "e"), key.WithHelp("/", "change the search")),
		Select: key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "select / unselect the hit")),
		All:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "select all hits / none")),
		Code:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "code the selected hits (or this one) as one action")),
		Extent: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "code the words / their sentence / their turn")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the hit in its transcript")),
		Regexp: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "regular expression on / off")),
		Stem:   key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "other forms of the words (stemming) on / off")),
		Scope:  key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "all sources / the open source")),
		Filter: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "limit: speaker=X group=G key=value (empty: none)")),
		Close:  key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("q esc", "back")),
	}
}

// Model is the screen.
type Model struct {
	ctx      context.Context
	study    Study
	theme    style.Theme
	paint    *style.Painter
	keys     KeyMap
	viewer   string
	readOnly bool

	here     corpus.Source // the open source, for "this source only"
	allSrc   bool
	query    study.SearchQuery
	filters  string
	extent   study.Extent
	res      study.SearchResult
	searched bool
	gen      int
	selected map[int]bool
	codes    []coding.Code

	list          listview.Model // one line a hit
	width, height int

	mode    mode
	line    textedit.Model
	picker  codepicker.Model
	message string
	bad     bool
	busy    bool
}

// New opens the search screen as viewer; here is the open source (the
// search covers it alone until A widens it), pattern the first search
// (empty: the screen asks for one).
func New(ctx context.Context, st Study, theme style.Theme, viewer string, here corpus.Source, pattern string) Model {
	keys := DefaultKeyMap()
	m := Model{ctx: ctx, study: st, theme: theme, paint: style.NewPainter(theme), keys: keys, viewer: viewer,
		list: listview.New(keys.KeyMap), here: here, allSrc: here.ID == "", selected: map[int]bool{},
		line: textedit.New(theme, "search: ", "words, a phrase, belong* …"), picker: codepicker.New(theme)}
	m.query.Pattern = pattern
	m.busy = pattern != ""
	if pattern == "" {
		m.mode = typing
	}
	return m
}

// SetAllSources makes the search cover every source.
func (m *Model) SetAllSources(on bool) { m.allSrc = on || m.here.ID == "" }

// SetLimits limits the turns searched, as the f prompt does:
// "speaker=X group=G key=value".
func (m *Model) SetLimits(limits string) error { return m.setFilters(limits) }

// SetReadOnly lets the screen search but never code.
func (m *Model) SetReadOnly(on bool) { m.readOnly = on }

// Init runs the first search, when there is a pattern.
func (m Model) Init() tea.Cmd {
	if m.query.Pattern == "" {
		return nil
	}
	return m.searchCmd()
}

// Result is the last search's result (for tests).
func (m Model) Result() study.SearchResult { return m.res }

// SetSize gives the screen the terminal.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.line.SetSize(m.width, 1)
	m.picker.SetSize(m.width, max(m.height-3, 1))
	m.list.SetHeight(m.bodyHeight(), nil)
}

// run starts a new search; replies of earlier ones are dropped.
func (m *Model) run() tea.Cmd {
	m.gen++
	m.busy = true
	return m.searchCmd()
}

// searchCmd searches with the query as it stands.
func (m Model) searchCmd() tea.Cmd {
	q := m.query
	q.Source = ""
	if !m.allSrc {
		q.Source = m.here.ID
	}
	q.Context = 60
	ctx, s, gen := m.ctx, m.study, m.gen
	return func() tea.Msg {
		res, err := s.Search(ctx, q)
		return foundMsg{gen: gen, res: res, err: err}
	}
}

// Update handles keys and replies.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case foundMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.busy = false
		if msg.err != nil {
			m.message, m.bad = msg.err.Error(), true
			m.res = study.SearchResult{}
			m.list.SetCount(0, nil)
			return m, nil
		}
		m.res, m.searched = msg.res, true
		m.list.Reset()
		m.list.SetCount(len(m.res.Hits), nil)
		m.selected = map[int]bool{}
		m.message, m.bad = "", false
	case codesMsg:
		if msg.err != nil {
			m.mode, m.message, m.bad = browsing, msg.err.Error(), true
			return m, nil
		}
		m.codes = msg.codes
		var cs []codepicker.Code
		for _, c := range msg.codes {
			cs = append(cs, codepicker.Code{ID: c.ID, Path: c.Path, Name: c.Name, Definition: c.Definition, Codings: c.Codings})
		}
		m.picker.Open(codepicker.Apply, m.codeTitle(), cs, nil)
		m.mode = picking
	case childMsg:
		return m.childSaid(msg.msg)
	case codedMsg:
		m.busy = false
		if msg.err != nil {
			m.message, m.bad = "not saved: "+msg.err.Error(), true
			return m, nil
		}
		label := fmt.Sprintf("coded %d hits with %s: %d new, %d already so (one action: u in the workspace undoes it)", msg.count, msg.res.Code, msg.res.Added, msg.res.Existed)
		m.message, m.bad = "✓ "+label, false
		m.selected = map[int]bool{}
		return m, func() tea.Msg { return CodedMsg{Label: label} }
	case tea.PasteMsg:
		switch m.mode {
		case typing, filtering:
			m.line, _ = m.line.Update(msg)
		case picking:
			var cmd tea.Cmd
			m.picker, cmd = m.picker.Update(msg)
			return m, wrap(cmd)
		}
	case tea.KeyPressMsg:
		switch m.mode {
		case typing, filtering:
			return m.lineKey(msg)
		case picking:
			var cmd tea.Cmd
			m.picker, cmd = m.picker.Update(msg)
			return m, wrap(cmd)
		}
		m.message, m.bad = "", false
		return m.key(msg)
	}
	return m, nil
}

func (m Model) childSaid(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case codepicker.PickedMsg:
		m.mode = browsing
		return m, m.code(msg.Code.Path, "", false)
	case codepicker.CreateMsg:
		m.mode = browsing
		return m, m.code(msg.Path, msg.Definition, true)
	case codepicker.CancelMsg:
		m.mode = browsing
	}
	return m, nil
}

func (m Model) lineKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		md := m.mode
		m.mode = browsing
		if md == typing && !m.searched {
			return m, func() tea.Msg { return CloseMsg{} }
		}
		return m, nil
	case "enter":
		v := strings.TrimSpace(m.line.Value())
		if m.mode == typing {
			m.mode = browsing
			if v == "" {
				return m, nil
			}
			m.query.Pattern = v
			return m, m.run()
		}
		m.mode = browsing
		if err := m.setFilters(v); err != nil {
			m.message, m.bad = err.Error(), true
			return m, nil
		}
		if m.query.Pattern == "" {
			return m, nil
		}
		return m, m.run()
	}
	m.line, _ = m.line.Update(msg)
	return m, nil
}

// setFilters reads "speaker=X group=G key=value" (values may not hold
// spaces unless quoted with "…").
func (m *Model) setFilters(v string) error {
	q := &m.query
	q.Speaker, q.Group, q.Attrs = "", "", nil
	m.filters = ""
	for _, f := range splitFilters(v) {
		k, val, ok := strings.Cut(f, "=")
		k, val = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(val), `"`)
		if !ok || k == "" {
			return fmt.Errorf("write limits as speaker=X, group=G or key=value, not %q", f)
		}
		switch strings.ToLower(k) {
		case "speaker":
			q.Speaker = val
		case "group":
			q.Group = val
		default:
			if q.Attrs == nil {
				q.Attrs = map[string]string{}
			}
			q.Attrs[k] = val
		}
	}
	m.filters = strings.TrimSpace(v)
	return nil
}

// splitFilters splits at spaces outside double quotes.
func splitFilters(s string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case r == ' ' && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	hits := m.res.Hits
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case m.list.Update(msg, nil):
	case key.Matches(msg, k.Edit):
		m.mode = typing
		m.line = textedit.New(m.theme, "search: ", "words, a phrase, belong* …")
		m.line.SetSize(m.width, 1)
		m.line.SetValue(m.query.Pattern)
	case key.Matches(msg, k.Filter):
		m.mode = filtering
		m.line = textedit.New(m.theme, "limit: ", "speaker=P01 group=\"Group 1 (North)\" pgy=PGY-1")
		m.line.SetSize(m.width, 1)
		m.line.SetValue(m.filters)
	case key.Matches(msg, k.Regexp):
		m.query.Regexp = !m.query.Regexp
		return m, m.rerun()
	case key.Matches(msg, k.Stem):
		m.query.Stem = !m.query.Stem
		return m, m.rerun()
	case key.Matches(msg, k.Scope):
		if m.here.ID == "" {
			m.message = "no source is open: the search covers all of them"
			return m, nil
		}
		m.allSrc = !m.allSrc
		return m, m.rerun()
	case key.Matches(msg, k.Select):
		if len(hits) > 0 {
			at := m.list.Cursor()
			m.selected[at] = !m.selected[at]
			if !m.selected[at] {
				delete(m.selected, at)
			}
			m.list.Move(1, nil)
		}
	case key.Matches(msg, k.All):
		if len(m.selected) == len(hits) {
			m.selected = map[int]bool{}
		} else {
			for i := range hits {
				m.selected[i] = true
			}
		}
	case key.Matches(msg, k.Extent):
		switch m.extent {
		case study.ExtendMatch:
			m.extent = study.ExtendSentence
		case study.ExtendSentence:
			m.extent = study.ExtendTurn
		default:
			m.extent = study.ExtendMatch
		}
		m.message = "coding reaches " + extentName(m.extent)
	case key.Matches(msg, k.Code):
		if m.readOnly {
			m.message, m.bad = "read-only review: hits can be searched here, not coded, so nothing was saved", true
			return m, nil
		}
		if len(hits) == 0 {
			m.message = "no hits to code"
			return m, nil
		}
		ctx, s, viewer := m.ctx, m.study, m.viewer
		return m, func() tea.Msg {
			cs, err := s.Codes(ctx, study.As(viewer), study.CodeFilter{})
			return codesMsg{codes: cs, err: err}
		}
	case key.Matches(msg, k.Open):
		if len(hits) == 0 {
			return m, nil
		}
		h := hits[m.list.Cursor()]
		return m, func() tea.Msg { return JumpMsg{SourceID: h.SourceID, At: h.Start} }
	}
	return m, nil
}

func (m *Model) rerun() tea.Cmd {
	if m.query.Pattern == "" {
		return nil
	}
	return m.run()
}

func extentName(e study.Extent) string {
	switch e {
	case study.ExtendSentence:
		return "the sentence of each hit"
	case study.ExtendTurn:
		return "the turn of each hit"
	}
	return "the words matched"
}

// chosen is the hits c codes: the selected ones, else the one under the
// cursor.
func (m Model) chosen() []int {
	var out []int
	for i := range m.res.Hits {
		if m.selected[i] {
			out = append(out, i)
		}
	}
	if len(out) == 0 && len(m.res.Hits) > 0 {
		out = []int{m.list.Cursor()}
	}
	return out
}

func (m Model) codeTitle() string {
	n := len(m.chosen())
	what := "the hit"
	if n > 1 {
		what = fmt.Sprintf("%d hits", n)
	}
	return fmt.Sprintf("Code %s (%s) with…", what, extentName(m.extent))
}

func (m *Model) code(path, definition string, newCode bool) tea.Cmd {
	idx := m.chosen()
	spans := make([]study.HitSpan, len(idx))
	for i, k := range idx {
		h := m.res.Hits[k]
		spans[i] = study.HitSpan{Source: h.SourceID, Start: h.Start, End: h.End}
	}
	req := study.CodeHitsRequest{Code: path, CodeDefinition: definition, NewCode: newCode, Extend: m.extent, Hits: spans}
	ctx, s, viewer := m.ctx, m.study, m.viewer
	m.busy = true
	return func() tea.Msg {
		res, err := s.CodeHits(ctx, study.As(viewer), req)
		return codedMsg{res: res, count: len(spans), err: err}
	}
}

// bodyHeight is the room between the title and the two bottom lines.
func (m Model) bodyHeight() int { return max(m.height-3, 1) }

// View draws the screen.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.mode == picking {
		var b strings.Builder
		b.WriteString(m.paint.Render(m.theme.Accent(), style.Clip(m.codeTitle(), m.width)))
		b.WriteByte('\n')
		b.WriteString(style.Lines(m.picker.View(), m.width, m.height-1))
		return b.String()
	}
	var b strings.Builder
	b.WriteString(m.paint.Render(m.theme.Accent(), style.Clip(m.title(), m.width)))
	b.WriteByte('\n')
	b.WriteString(style.Lines(strings.Join(m.lines(), "\n"), m.width, m.bodyHeight()))
	b.WriteByte('\n')
	b.WriteString(style.Fit(m.status(), m.width))
	b.WriteByte('\n')
	b.WriteString(style.Fit(m.bottom(), m.width))
	return b.String()
}

func (m Model) title() string {
	scope := "all sources"
	if !m.allSrc {
		scope = m.here.Name
	}
	t := "Search · " + scope
	if m.query.Pattern != "" {
		t += " · “" + m.query.Pattern + "”"
	}
	var opts []string
	if m.query.Regexp {
		opts = append(opts, "regexp")
	}
	if m.query.Stem {
		opts = append(opts, "stemmed")
	}
	if m.filters != "" {
		opts = append(opts, m.filters)
	}
	if len(opts) > 0 {
		t += " (" + strings.Join(opts, ", ") + ")"
	}
	return t
}

// lines draws the visible hits as keyword-in-context lines: where, the
// words before (right-aligned), the match, the words after.
func (m Model) lines() []string {
	hits := m.res.Hits
	switch {
	case m.busy && len(hits) == 0:
		return []string{"searching…"}
	case !m.searched:
		return []string{"type words, a phrase (belong*, \"only one\"), then enter"}
	case len(hits) == 0:
		return []string{fmt.Sprintf("no match in %d sources (%d turns searched)", m.res.Sources, m.res.Turns)}
	}
	offset, cursor := m.list.Offset(), m.list.Cursor()
	end := min(offset+m.bodyHeight(), len(hits))
	whereW := 0
	for i := offset; i < end; i++ {
		whereW = max(whereW, ansi.StringWidth(where(hits[i], 1000)))
	}
	whereW = min(whereW, max(m.width/3, 8))
	room := max(m.width-whereW-4, 10) // the mark, the tick and two spaces
	out := make([]string, 0, end-offset)
	for i := offset; i < end; i++ {
		h := hits[i]
		mark := " "
		if i == cursor {
			mark = "▶"
		}
		tick := " "
		if m.selected[i] {
			tick = "✓"
		}
		matchW := min(ansi.StringWidth(h.Match), room/2)
		side := max((room-matchW)/2, 0)
		before := clipLeft(h.Before, side)
		before = strings.Repeat(" ", side-ansi.StringWidth(before)) + before
		after := style.Clip(h.After, max(room-side-matchW, 0))
		cell := style.Cell{Bold: true}
		if m.theme.Mono {
			cell.Italic = true
		} else {
			cell.Underline = true
		}
		match := m.paint.Render(cell, style.Clip(h.Match, matchW))
		line := mark + tick + " " + style.Fit(where(h, whereW), whereW) + " " + before + match + after
		if i == cursor {
			line = mark + tick + " " + m.paint.Render(m.theme.Selected(), style.Fit(where(h, whereW), whereW)) + " " + before + match + after
		}
		out = append(out, line)
	}
	return out
}

// where names a hit's place in width cells: source, turn, participant (or
// speaker); a long source name is cut first, so the turn and who stay.
func where(h study.Hit, width int) string {
	who := h.Speaker
	if h.Participant != "" {
		who = h.Participant
	}
	tail := fmt.Sprintf(" %d %s", h.Turn, who)
	room := width - ansi.StringWidth(tail)
	if room < 4 {
		return style.Clip(h.Source+tail, width)
	}
	return style.Clip(h.Source, room) + tail
}

// clipLeft keeps the last width cells of s, starting with "…" when cut.
func clipLeft(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	rs := []rune(s)
	for i := range rs {
		t := "…" + string(rs[i:])
		if ansi.StringWidth(t) <= width {
			return t
		}
	}
	return ""
}

func (m Model) status() string {
	sources := map[string]bool{}
	for _, h := range m.res.Hits {
		sources[h.SourceID] = true
	}
	s := fmt.Sprintf(" %d hits in %d sources", len(m.res.Hits), len(sources))
	if len(m.res.Hits) > 0 {
		s = fmt.Sprintf(" %d/%d hits in %d sources", m.list.Cursor()+1, len(m.res.Hits), len(sources))
	}
	if n := len(m.selected); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	s += " · c codes " + extentName(m.extent)
	if m.readOnly {
		s += " · read-only"
	}
	return m.paint.Render(m.theme.Dim(), s)
}

func (m Model) bottom() string {
	switch {
	case m.mode == typing || m.mode == filtering:
		return m.line.View()
	case m.message != "":
		if m.bad {
			return m.paint.Render(m.theme.Error(), "✗ "+m.message)
		}
		return " " + m.message
	}
	keys := " space select  a all  c code  w extent  enter open  / search  A all sources  R regexp  S stem  f limit  q back"
	if ansi.StringWidth(keys) > m.width {
		keys = " space/a select  c code  w extent  enter open  / search  A R S f limits  q back"
	}
	return m.paint.Render(m.theme.Dim(), keys)
}

// FullHelp lists the screen's keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Edit, k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Select, k.All, k.Code, k.Extent, k.Open,
		k.Scope, k.Regexp, k.Stem, k.Filter, k.Close}}
}
