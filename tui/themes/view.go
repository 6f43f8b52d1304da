package themes

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/style"
)

// themeView is the open theme view. A theme may rest on thousands of
// quotes, so it lists entries and wraps a quote's words only when the
// quote is on screen; it scrolls by entry.
type themeView struct {
	themeID string // a theme's id, or unassignedRow
	entries []entry
	quotes  int
	offset  int // the first entry shown
}

// entry is one thing the view lists: a line drawn once (the theme's codes,
// what it rests on, a heading), or a quote.
type entry struct {
	line  string
	quote *quote
	n     int // the quote's number, from 1
}

// maxQuoteLines is how many lines of a long quote the view shows.
const maxQuoteLines = 6

// openView opens the theme view of the highlighted row.
func (m *Model) openView() {
	m.viewing = true
	m.view = themeView{themeID: m.rowID()}
	m.refreshView()
}

// refreshView lists the entries again and keeps the scroll inside them.
func (m *Model) refreshView() {
	if !m.viewing {
		return
	}
	m.view.entries, m.view.quotes = m.viewEntries()
	m.scroll(0)
}

// entryLines draws an entry.
func (m Model) entryLines(e entry) []string {
	if e.quote != nil {
		return m.quoteLines(*e.quote, m.width)
	}
	return []string{e.line}
}

// shown is how many entries from the first fill the body.
func (m Model) shown(first int) int {
	used, n := 0, 0
	for i := first; i < len(m.view.entries) && used < m.bodyHeight(); i++ {
		used += len(m.entryLines(m.view.entries[i]))
		n++
	}
	return n
}

// lastFirst is the first entry of the last screen: the earliest from
// which every later entry fits.
func (m Model) lastFirst() int {
	used := 0
	for i := len(m.view.entries) - 1; i >= 0; i-- {
		if used += len(m.entryLines(m.view.entries[i])); used > m.bodyHeight() {
			return min(i+1, len(m.view.entries)-1)
		}
	}
	return 0
}

func (m *Model) scroll(by int) {
	m.view.offset = max(min(m.view.offset+by, m.lastFirst()), 0)
}

// pageBack is how many entries before the first shown fill a screen.
func (m Model) pageBack() int {
	used, n := 0, 0
	for i := m.view.offset - 1; i >= 0; i-- {
		if used += len(m.entryLines(m.view.entries[i])); used > m.bodyHeight() {
			break
		}
		n++
	}
	return max(n, 1)
}

func (m Model) viewKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.viewing = false
	case key.Matches(msg, k.Reload):
		return m.reload()
	case key.Matches(msg, k.LineDown):
		m.scroll(1)
	case key.Matches(msg, k.LineUp):
		m.scroll(-1)
	case key.Matches(msg, k.PageDown):
		m.scroll(max(m.shown(m.view.offset), 1))
	case key.Matches(msg, k.PageUp):
		m.scroll(-m.pageBack())
	case key.Matches(msg, k.Top):
		m.view.offset = 0
	case key.Matches(msg, k.Bottom):
		m.view.offset = m.lastFirst()
	case key.Matches(msg, k.Grouping):
		m.grouping = 1 - m.grouping
		m.view.offset = 0
		m.refreshView()
	case key.Matches(msg, k.Layer):
		m.layer = 1 - m.layer
		m.view.offset = 0
		m.refreshView()
	case key.Matches(msg, k.Next, k.Prev):
		by := 1
		if key.Matches(msg, k.Prev) {
			by = len(m.board.themes)
		}
		m.cursor = (m.cursor + by) % (len(m.board.themes) + 1)
		m.codeCursor = 0
		m.openView()
	}
	return m, nil
}

func (m Model) viewTitle() string {
	name := "Codes in no theme"
	if th, ok := m.current(); ok {
		name = "Theme " + th.Path
	}
	return name + " · quotes by " + m.grouping.String() + " · " + m.layer.String()
}

// viewWhere says which quotes are on screen.
func (m Model) viewWhere() string {
	first, last := 0, 0
	for _, e := range m.view.entries[m.view.offset:][:m.shown(m.view.offset)] {
		if e.quote != nil {
			if first == 0 {
				first = e.n
			}
			last = e.n
		}
	}
	if first == 0 {
		return plural(m.view.quotes, "quote")
	}
	return fmt.Sprintf("quotes %d–%d of %d", first, last, m.view.quotes)
}

// viewBody draws the entries on screen.
func (m Model) viewBody(body int) []string {
	var out []string
	for i := m.view.offset; i < len(m.view.entries) && len(out) < body; i++ {
		out = append(out, m.entryLines(m.view.entries[i])...)
	}
	return out
}

// viewEntries lists the theme's codes, what it rests on, then its quotes
// by participant or by group; it also counts the quotes.
func (m Model) viewEntries() ([]entry, int) {
	w := m.width
	dim := func(s string) string { return m.paint.Render(m.theme.Dim(), s) }
	if !m.haveEvidence {
		return []entry{{line: dim(" reading the quotes…")}}, 0
	}
	codes := m.codesHere()
	ids := make([]string, len(codes))
	var named []string
	for i, c := range codes {
		ids[i] = c.id
		n := 0
		for _, g := range m.evidence.byCode[c.id] {
			if m.layer.shows(g) {
				n++
			}
		}
		named = append(named, fmt.Sprintf("%s (%d)", c.path, n))
	}
	var out []entry
	add := func(lines ...string) {
		for _, l := range lines {
			out = append(out, entry{line: l})
		}
	}
	if len(codes) == 0 {
		add(dim(" no codes: on the board, a assigns one"))
	}
	for _, l := range style.Wrap("Codes: "+strings.Join(named, ", "), w-2) {
		add(" " + l)
	}
	if th, ok := m.current(); ok {
		for _, l := range m.subthemeLines(th, w-2) {
			add(" " + l)
		}
	}
	qs := m.evidence.quotes(ids, m.layer)
	wt := weigh(qs)
	summary := wt.summary()
	add("", m.paint.Render(style.Cell{Bold: true}, style.Clip(" "+strings.ToUpper(summary[:1])+summary[1:], w)))
	for _, warn := range wt.warnings(m.evidence.groups) {
		add(m.paint.Render(m.theme.Error(), style.Clip(" ⚠ "+warn, w)))
	}
	n := 0
	for _, s := range sections(qs, m.grouping, m.evidence.pseudonyms) {
		add("", m.paint.Render(m.theme.Accent(), style.Clip(fmt.Sprintf(" %s · %s · %s", s.name, s.about, plural(len(s.quotes), "passage")), w)))
		for i := range s.quotes {
			n++
			out = append(out, entry{quote: &s.quotes[i], n: n})
		}
	}
	return out, len(qs)
}

// quoteLines are where a quote comes from, its codes and coders, and its
// words.
func (m Model) quoteLines(q quote, w int) []string {
	where := []string{q.source, fmt.Sprintf("turn %d", q.turn)}
	if m.grouping == byGroup {
		where = append(where, q.voice)
	}
	if q.of > 0 {
		where = append(where, coding.CodedBy(len(q.coders()), q.of))
	}
	for _, c := range q.codes {
		who := c.coders[0]
		if len(c.coders) > 1 {
			who = plural(len(c.coders), "coder")
		}
		where = append(where, c.code[strings.LastIndex(c.code, "/")+1:]+" ("+who+")")
	}

	out := []string{m.paint.Render(m.theme.Dim(), style.Clip("   "+strings.Join(where, " · "), w))}
	text := style.Wrap(strings.TrimSpace(q.text), max(w-5, 1))
	if len(text) > maxQuoteLines {
		text = append(text[:maxQuoteLines-1], "…")
	}
	for _, l := range text {
		out = append(out, "     "+l)
	}
	return out
}
