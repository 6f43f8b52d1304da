// Package transcript is the reading and coding pane of the workspace: our
// own renderer of the visible lines of a source. Turns are wrapped with
// their number, time and speaker label; the cursor, the selection, search
// matches and the viewer's codings are painted on the text, and a margin
// draws one stripe per coding touching a line with the code's name where it
// fits, so overlapping codings stay visible.
//
// Positions are code points of the stored text; what is drawn is measured
// in display cells, grapheme by grapheme, so wide characters, emoji and
// combining marks line up. Only visible lines are drawn, and each turn is
// segmented once and wrapped once per width.
package transcript

import (
	"sort"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// CodeRequestMsg asks the workspace to apply a code to the selection.
type CodeRequestMsg struct {
	Span    corpus.Span
	Excerpt string
}

// RemoveRequestMsg asks the workspace to remove one of the viewer's
// codings under the cursor (several when they overlap there).
type RemoveRequestMsg struct{ Codings []Coding }

// RecodeRequestMsg asks the workspace to give one of the viewer's codings
// under the cursor another code.
type RecodeRequestMsg struct{ Codings []Coding }

// MemoRequestMsg asks the workspace for a memo on a coding under the
// cursor, the current turn or the source.
type MemoRequestMsg struct {
	Turn    Turn
	Codings []Coding
}

// NoticeMsg is a short remark for the workspace to show (nothing to
// select, no more matches).
type NoticeMsg struct{ Text string }

// lineRef names a display line: a turn by its place among the visible turns
// and a line of that turn.
type lineRef struct{ vi, li int }

func (a lineRef) before(b lineRef) bool {
	return a.vi < b.vi || (a.vi == b.vi && a.li < b.li)
}

// selection is a span being selected: from the anchor to the cursor, both
// glyphs included. A visual selection (v, s, t) grows with every motion; a
// shift selection ends at the first motion without shift.
type selection struct {
	active bool
	visual bool
	anchor int
}

// geometry is how the width is shared between gutter, text and margin.
type geometry struct {
	numW, timeW, labelW int
	hours               bool
	gutter              int
	textW               int
	marginW             int
	lanes               int
}

// Model is the transcript pane.
type Model struct {
	keys    KeyMap
	theme   style.Theme
	paint   *style.Painter
	width   int
	height  int
	geo     geometry
	doc     *doc
	codings []Coding // sorted by start, then end
	byTurn  [][]int32
	vis     []int // indexes of the turns shown (all, or those of the filter)
	// filterCode is the code the turns are filtered to ("" for none).
	filterCode string
	cursor     int
	goalX      int // display column kept by vertical motions; -1 when none
	sel        selection
	drag       bool
	top        lineRef
	query      string
	matches    []corpus.Span
	focused    bool
	memos      MemoMarks
}

// MemoMark is the margin's mark of a memo: beside a turn's first line for
// a memo on the turn, before a code's name for a memo on the coding or on
// its code.
const MemoMark = "✎"

// MemoMarks says where memos are attached, for the margin's marks.
type MemoMarks struct {
	Turns   map[int]bool    // by turn number
	Codings map[string]bool // by coding id
	Codes   map[string]bool // by code id
}

// Turns are the turns of the document shown.
func (m Model) Turns() []Turn {
	if m.doc == nil {
		return nil
	}
	return m.doc.turns
}

// SetMemos gives the places holding memos the viewer may see.
func (m *Model) SetMemos(marks MemoMarks) { m.memos = marks }

// HasMemo reports whether a memo is attached to the turn or to a coding
// holding the cursor (or its code).
func (m Model) HasMemo() bool {
	if !m.Loaded() {
		return false
	}
	if m.memos.Turns[m.doc.turns[m.turnIndex()].Seq] {
		return true
	}
	for _, c := range m.CodingsAt(m.cursor) {
		if m.memos.Codings[c.ID] || m.memos.Codes[c.CodeID] {
			return true
		}
	}
	return false
}

// New returns an empty transcript pane.
func New(theme style.Theme) Model {
	return Model{keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme), goalX: -1, focused: true}
}

// KeyMap is the pane's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the pane its size in cells. The workspace calls it after
// every message; only a real change of size re-lays the text out, so that
// a view scrolled with the wheel stays where it was put.
func (m *Model) SetSize(width, height int) {
	width, height = max(width, 0), max(height, 0)
	if width == m.width && height == m.height {
		return
	}
	m.width, m.height = width, height
	m.fit()
}

// SetFocused says whether keys go to this pane.
func (m *Model) SetFocused(f bool) { m.focused = f }

// SetTheme switches colour on or off.
func (m *Model) SetTheme(t style.Theme) {
	m.theme = t
	m.paint = style.NewPainter(t)
}

// Loaded reports whether a document is shown.
func (m Model) Loaded() bool { return m.doc != nil && len(m.doc.turns) > 0 }

// SetDocument shows a source from its first turn, with no selection,
// filter or search.
func (m *Model) SetDocument(d Document) {
	m.doc = newDoc(d)
	m.sel, m.drag, m.query, m.matches = selection{}, false, "", nil
	m.vis = allTurns(len(m.doc.turns))
	m.filterCode = ""
	m.top = lineRef{}
	m.goalX = -1
	m.cursor = 0
	m.indexCodings()
	m.fit()
	if m.Loaded() {
		m.cursor = m.doc.turns[0].Start
	}
}

func allTurns(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// SetCodings replaces the codings shown. The cursor and selection stay.
func (m *Model) SetCodings(codings []Coding) {
	m.codings = append(m.codings[:0:0], codings...)
	sort.SliceStable(m.codings, func(i, j int) bool {
		a, b := m.codings[i], m.codings[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	m.indexCodings()
}

// indexCodings lists, per turn, the codings that touch its utterance, so
// drawing a line looks at a handful of codings, not all of them.
func (m *Model) indexCodings() {
	if m.doc == nil {
		m.byTurn = nil
		return
	}
	m.byTurn = make([][]int32, len(m.doc.turns))
	for ci, c := range m.codings {
		for ti := m.doc.turnAt(c.Start); ti < len(m.doc.turns) && m.doc.turns[ti].Start < c.End; ti++ {
			m.byTurn[ti] = append(m.byTurn[ti], int32(ci))
		}
	}
}

// Codings are the codings shown, in text order.
func (m Model) Codings() []Coding { return m.codings }

// SetFilter shows only the turns that a coding with the code touches and
// returns how many there are; with none, nothing is hidden.
func (m *Model) SetFilter(codeID string) int {
	if m.doc == nil {
		return 0
	}
	var vis []int
	for ti := range m.doc.turns {
		for _, ci := range m.byTurn[ti] {
			if m.codings[ci].CodeID == codeID {
				vis = append(vis, ti)
				break
			}
		}
	}
	if len(vis) == 0 {
		return 0
	}
	// Re-applying the same filter (after the codings were re-read) keeps
	// the view where it was; a new filter starts from the cursor.
	if codeID != m.filterCode {
		m.sel = selection{}
	}
	m.filterCode = codeID
	m.showTurns(vis)
	return len(vis)
}

// ClearFilter shows every turn again.
func (m *Model) ClearFilter() {
	if m.doc == nil {
		return
	}
	m.filterCode = ""
	m.showTurns(allTurns(len(m.doc.turns)))
}

// showTurns changes the turns shown, keeping the top of the view on the
// same turn when it is still shown, and the cursor in a shown turn.
func (m *Model) showTurns(vis []int) {
	topTurn, topLine := m.vis[min(m.top.vi, len(m.vis)-1)], m.top.li
	m.vis = vis
	m.top = lineRef{}
	if vi := m.visIndex(topTurn); vi < len(vis) && vis[vi] == topTurn {
		m.top = lineRef{vi: vi, li: topLine}
	}
	if m.sel.active && !m.visible(m.doc.turnAt(m.sel.anchor)) {
		m.sel = selection{}
	}
	m.setCursor(m.cursor, 1)
	m.ensureVisible()
}

// Filtered reports whether turns are hidden.
func (m Model) Filtered() bool { return m.doc != nil && len(m.vis) < len(m.doc.turns) }

// Cursor is the cursor's position in code points.
func (m Model) Cursor() int { return m.cursor }

// SetCursor moves the cursor to (or just after) position p.
func (m *Model) SetCursor(p int) {
	if !m.Loaded() {
		return
	}
	m.setCursor(p, 1)
	m.goalX = -1
	m.ensureVisible()
}

// Selection is the selected span, if any.
func (m Model) Selection() (corpus.Span, bool) {
	if !m.sel.active || !m.Loaded() {
		return corpus.Span{}, false
	}
	a, b := m.sel.anchor, m.cursor
	if a > b {
		a, b = b, a
	}
	return corpus.Span{Start: a, End: m.glyphEndAt(b)}, true
}

// ClearSelection drops the selection.
func (m *Model) ClearSelection() { m.sel = selection{} }

// Excerpt is the text of a span cut to about width cells, on one line.
func (m Model) Excerpt(s corpus.Span, width int) string {
	if m.doc == nil {
		return ""
	}
	// A span may be a whole transcript: look only at what can be shown.
	text := m.doc.slice(corpus.Span{Start: s.Start, End: min(s.End, s.Start+4*width+8)})
	text = strings.ReplaceAll(text, "\n", " ")
	return style.Clip(text, width)
}

// Position describes where the cursor is, for the status line.
type Position struct {
	Turn      Turn
	TurnIndex int // 0-based among all turns
	Turns     int
	Codings   []Coding // codings that hold the cursor
	Selection corpus.Span
	Selecting bool
	Query     string
	Matches   int
}

// Position describes where the cursor is.
func (m Model) Position() Position {
	if !m.Loaded() {
		return Position{}
	}
	ti := m.turnIndex()
	p := Position{Turn: m.doc.turns[ti], TurnIndex: ti, Turns: len(m.doc.turns), Codings: m.CodingsAt(m.cursor),
		Query: m.query, Matches: len(m.matches)}
	p.Selection, p.Selecting = m.Selection()
	return p
}

// CodingsAt lists the codings that hold position p.
func (m Model) CodingsAt(p int) []Coding {
	if !m.Loaded() {
		return nil
	}
	ti := m.doc.turnAt(p)
	if ti >= len(m.byTurn) {
		return nil
	}
	var out []Coding
	for _, ci := range m.byTurn[ti] {
		if c := m.codings[ci]; c.Start <= p && p < c.End {
			out = append(out, c)
		}
	}
	return out
}

func (m Model) ownCodingsAt(p int) []Coding {
	var out []Coding
	for _, c := range m.CodingsAt(p) {
		if c.Own {
			out = append(out, c)
		}
	}
	return out
}

// turnIndex is the turn that holds the cursor.
func (m Model) turnIndex() int {
	return min(m.doc.turnAt(m.cursor), len(m.doc.turns)-1)
}

// visIndex is the place of turn ti among the visible turns, or of the
// first visible turn after it.
func (m Model) visIndex(ti int) int {
	return sort.SearchInts(m.vis, ti)
}

func (m Model) visible(ti int) bool {
	vi := m.visIndex(ti)
	return vi < len(m.vis) && m.vis[vi] == ti
}

// Update handles keys and mouse events sent to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.Loaded() {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			m.clickAt(msg.X, msg.Y)
		}
	case tea.MouseMotionMsg:
		if m.drag && msg.Button == tea.MouseLeft {
			m.dragTo(msg.X, msg.Y)
		}
	case tea.MouseReleaseMsg:
		if m.drag {
			m.drag = false
			if m.sel.anchor == m.cursor {
				m.sel = selection{}
			}
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelDown:
			m.scroll(3)
		case tea.MouseWheelUp:
			m.scroll(-3)
		}
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	// A motion key moves the cursor; a shift motion selects on the way.
	motions := []struct {
		binding key.Binding
		extend  bool
		move    func()
	}{
		{k.Left, false, func() { m.moveChar(-1) }},
		{k.Right, false, func() { m.moveChar(1) }},
		{k.Up, false, func() { m.moveLines(-1) }},
		{k.Down, false, func() { m.moveLines(1) }},
		{k.WordNext, false, func() { m.moveUnit(m.doc.words, 1) }},
		{k.WordPrev, false, func() { m.moveUnit(m.doc.words, -1) }},
		{k.SentenceNext, false, func() { m.moveUnit(m.doc.sentences, 1) }},
		{k.SentencePrev, false, func() { m.moveUnit(m.doc.sentences, -1) }},
		{k.TurnNext, false, func() { m.moveTurn(1) }},
		{k.TurnPrev, false, func() { m.moveTurn(-1) }},
		{k.PageDown, false, func() { m.page(max(m.height-2, 1)) }},
		{k.PageUp, false, func() { m.page(-max(m.height-2, 1)) }},
		{k.HalfDown, false, func() { m.page(max(m.height/2, 1)) }},
		{k.HalfUp, false, func() { m.page(-max(m.height/2, 1)) }},
		{k.LineStart, false, func() { m.lineEdge(-1) }},
		{k.LineEnd, false, func() { m.lineEdge(1) }},
		{k.Top, false, func() { m.setCursor(m.doc.turns[m.vis[0]].Start, 1) }},
		{k.Bottom, false, func() { m.setCursor(m.doc.turns[m.vis[len(m.vis)-1]].Start, 1) }},
		{k.SelectLeft, true, func() { m.moveChar(-1) }},
		{k.SelectRight, true, func() { m.moveChar(1) }},
		{k.SelectUp, true, func() { m.moveLines(-1) }},
		{k.SelectDown, true, func() { m.moveLines(1) }},
		{k.SelectWordNext, true, func() { m.moveUnit(m.doc.words, 1) }},
		{k.SelectWordPrev, true, func() { m.moveUnit(m.doc.words, -1) }},
		{k.CodingNext, false, func() { m.jumpCoding(1) }},
		{k.CodingPrev, false, func() { m.jumpCoding(-1) }},
	}
	for _, mo := range motions {
		if !key.Matches(msg, mo.binding) {
			continue
		}
		vertical := key.Matches(msg, k.Up, k.Down, k.SelectUp, k.SelectDown, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp)
		if !vertical {
			m.goalX = -1
		}
		switch {
		case mo.extend && !m.sel.active:
			m.sel = selection{active: true, anchor: m.cursor}
		case !mo.extend && m.sel.active && !m.sel.visual:
			m.sel = selection{}
		}
		mo.move()
		m.ensureVisible()
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Visual):
		if m.sel.active && m.sel.visual {
			m.sel = selection{}
		} else {
			m.sel = selection{active: true, visual: true, anchor: m.cursor}
		}
	case key.Matches(msg, k.SelectSentence):
		if s, ok := m.sentenceAt(m.cursor); ok {
			m.selectSpan(s)
		}
	case key.Matches(msg, k.SelectTurn):
		t := m.doc.turns[m.turnIndex()]
		m.selectSpan(corpus.Span{Start: t.Start, End: t.End})
	case key.Matches(msg, k.Cancel):
		switch {
		case m.sel.active:
			m.sel = selection{}
		case m.query != "":
			m.query, m.matches = "", nil
		}
	case key.Matches(msg, k.NextUncoded):
		if !m.nextUncoded() {
			return m, notice("every later turn has a coding of yours (moderators' turns are passed over)")
		}
	case key.Matches(msg, k.SearchNext):
		return m, m.searchStep(1)
	case key.Matches(msg, k.SearchPrev):
		return m, m.searchStep(-1)
	case key.Matches(msg, k.Code):
		s, ok := m.Selection()
		if !ok {
			if msg.String() == "enter" {
				return m, nil
			}
			return m, notice("select a span first: v and a motion, shift+arrows, s (sentence) or t (turn)")
		}
		if m.hidesPartOf(s) {
			return m, notice("the selection runs through hidden turns: show every turn (f) to code across them")
		}
		excerpt := m.Excerpt(s, 60)
		return m, func() tea.Msg { return CodeRequestMsg{Span: s, Excerpt: excerpt} }
	case key.Matches(msg, k.Remove):
		own := m.ownCodingsAt(m.cursor)
		if len(own) == 0 {
			return m, notice("no coding of yours under the cursor")
		}
		return m, func() tea.Msg { return RemoveRequestMsg{Codings: own} }
	case key.Matches(msg, k.Recode):
		own := m.ownCodingsAt(m.cursor)
		if len(own) == 0 {
			return m, notice("no coding of yours under the cursor")
		}
		return m, func() tea.Msg { return RecodeRequestMsg{Codings: own} }
	case key.Matches(msg, k.Memo):
		req := MemoRequestMsg{Turn: m.doc.turns[m.turnIndex()], Codings: m.ownCodingsAt(m.cursor)}
		return m, func() tea.Msg { return req }
	default:
		return m, nil
	}
	m.ensureVisible()
	return m, nil
}

// hidesPartOf reports whether a turn inside the span is filtered out, so
// that nobody codes words they cannot see.
func (m Model) hidesPartOf(s corpus.Span) bool {
	for ti := m.doc.turnAt(s.Start); ti < len(m.doc.turns) && m.doc.turns[ti].Start < s.End; ti++ {
		if !m.visible(ti) {
			return true
		}
	}
	return false
}

func notice(text string) tea.Cmd {
	return func() tea.Msg { return NoticeMsg{Text: text} }
}

// selectSpan selects a span (a sentence, a turn) as a visual selection, so
// that motions can still grow it.
func (m *Model) selectSpan(s corpus.Span) {
	if s.End <= s.Start {
		return
	}
	m.setCursor(s.Start, 1)
	start := m.cursor
	m.setCursor(s.End-1, -1)
	if m.cursor < start {
		m.cursor = start
	}
	m.sel = selection{active: true, visual: true, anchor: start}
	m.goalX = -1
}

// Search finds every occurrence of query (ignoring case) in the
// utterances, moves to the first one after the cursor and returns how many
// there are.
func (m *Model) Search(query string) int {
	m.query, m.matches = query, nil
	if !m.Loaded() || query == "" {
		return 0
	}
	text := m.doc.foldedText()
	var q []rune
	for _, r := range query {
		q = append(q, unicode.ToLower(r))
	}
	for i := 0; i+len(q) <= len(text); i++ {
		if text[i] != q[0] || !equalRunes(text[i:i+len(q)], q) {
			continue
		}
		ti := m.doc.turnAt(i)
		if ti < len(m.doc.turns) && m.doc.turns[ti].Start <= i {
			m.matches = append(m.matches, corpus.Span{Start: i, End: i + len(q)})
			i += len(q) - 1
		}
	}
	if len(m.matches) > 0 {
		m.sel = selection{}
		m.searchStep(1)
	}
	return len(m.matches)
}

func equalRunes(a, b []rune) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// searchStep moves to the next (dir 1) or previous match in a visible
// turn, wrapping around the end.
func (m *Model) searchStep(dir int) tea.Cmd {
	if len(m.matches) == 0 {
		if m.query == "" {
			return notice("no search yet: press / to search")
		}
		return notice("no match for “" + m.query + "”")
	}
	n := len(m.matches)
	start := sort.Search(n, func(i int) bool { return m.matches[i].Start > m.cursor })
	if dir < 0 {
		start = sort.Search(n, func(i int) bool { return m.matches[i].Start >= m.cursor }) - 1
	}
	wrapped := false
	for k := 0; k < n; k++ {
		i := start + dir*k
		if i >= n || i < 0 {
			wrapped = true
			i = ((i % n) + n) % n
		}
		s := m.matches[i]
		if m.visible(m.doc.turnAt(s.Start)) {
			m.setCursor(s.Start, 1)
			m.goalX = -1
			m.ensureVisible()
			if wrapped {
				return notice("search wrapped around")
			}
			return nil
		}
	}
	return notice("no match in the turns shown")
}
