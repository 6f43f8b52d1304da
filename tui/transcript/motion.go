package transcript

import (
	"fmt"
	"sort"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/corpus"
)

// fit shares the width between gutter, text and margin. Narrow panes drop
// the times first, then the margin's names, then shorten labels; the text
// always keeps at least one cell.
func (m *Model) fit() {
	g := geometry{}
	if m.doc != nil {
		maxSeq, maxMS := 0, int64(-1)
		for _, t := range m.doc.turns {
			maxSeq = max(maxSeq, t.Seq)
			maxMS = max(maxMS, t.StartMS)
			g.labelW = max(g.labelW, ansi.StringWidth(t.Label))
		}
		g.numW = len(fmt.Sprint(maxSeq))
		g.labelW = min(g.labelW, 8)
		switch {
		case maxMS >= 3600_000:
			g.hours = true
			g.timeW = len(fmt.Sprint(maxMS/3600_000)) + 6
		case maxMS >= 0:
			g.timeW = 5
		}
	}
	w := m.width
	switch {
	case w >= 70:
		g.marginW = min(max(w/5, 12), 24)
	case w >= 40:
		g.marginW = 3
	case w >= 24:
		g.marginW = 1
	}
	gutter := func() int {
		n := 1 + g.numW + 1
		if g.timeW > 0 {
			n += g.timeW + 1
		}
		if g.labelW > 0 {
			n += g.labelW + 1
		}
		return n
	}
	text := func() int { return w - gutter() - 1 - g.marginW }
	if text() < 36 {
		g.timeW = 0
	}
	if text() < 16 && g.labelW > 3 {
		g.labelW = 3
	}
	if text() < 12 {
		g.marginW = min(g.marginW, 1)
	}
	g.gutter = gutter()
	g.textW = max(text(), 1)
	g.lanes = g.marginW
	if g.marginW >= 8 {
		g.lanes = 3
	}
	m.geo = g
	if m.doc != nil && len(m.vis) > 0 {
		m.top.vi = min(m.top.vi, len(m.vis)-1)
		m.top.li = min(m.top.li, len(m.lines(m.vis[m.top.vi]).lines)-1)
		m.ensureVisible()
	}
}

// lines is turn ti wrapped at the current text width.
func (m *Model) lines(ti int) *turnLayout {
	return m.doc.linesFor(ti, m.geo.textW)
}

func (m *Model) nextLine(r lineRef) (lineRef, bool) {
	if r.li+1 < len(m.lines(m.vis[r.vi]).lines) {
		return lineRef{r.vi, r.li + 1}, true
	}
	if r.vi+1 < len(m.vis) {
		return lineRef{r.vi + 1, 0}, true
	}
	return r, false
}

func (m *Model) prevLine(r lineRef) (lineRef, bool) {
	if r.li > 0 {
		return lineRef{r.vi, r.li - 1}, true
	}
	if r.vi > 0 {
		return lineRef{r.vi - 1, len(m.lines(m.vis[r.vi-1]).lines) - 1}, true
	}
	return r, false
}

// back is the line n lines above r (or the first line).
func (m *Model) back(r lineRef, n int) lineRef {
	for ; n > 0; n-- {
		p, ok := m.prevLine(r)
		if !ok {
			break
		}
		r = p
	}
	return r
}

// lineOf is the display line holding position p of a visible turn.
func (m *Model) lineOf(p int) lineRef {
	ti := min(m.doc.turnAt(p), len(m.doc.turns)-1)
	l := m.lines(ti)
	return lineRef{vi: min(m.visIndex(ti), len(m.vis)-1), li: lineOfGlyph(l, glyphAt(l, p))}
}

// setCursor puts the cursor on the glyph holding p, inside a visible
// utterance: a position on a label, a line end or a hidden turn moves on in
// direction dir (forward when dir >= 0).
func (m *Model) setCursor(p, dir int) {
	d := m.doc
	if len(m.vis) == 0 {
		return
	}
	p = max(0, min(p, d.chars-1))
	ti := d.turnAt(p)
	switch {
	case ti >= len(d.turns):
		ti = m.vis[len(m.vis)-1]
		p = d.turns[ti].End - 1
	case !m.visible(ti):
		vi := m.visIndex(ti)
		if dir < 0 && vi > 0 {
			ti = m.vis[vi-1]
			p = d.turns[ti].End - 1
		} else {
			ti = m.vis[min(vi, len(m.vis)-1)]
			p = d.turns[ti].Start
		}
	case p < d.turns[ti].Start:
		vi := m.visIndex(ti)
		if dir < 0 && vi > 0 {
			ti = m.vis[vi-1]
			p = d.turns[ti].End - 1
		} else {
			p = d.turns[ti].Start
		}
	}
	l := d.layout(ti)
	m.cursor = int(l.glyphs[glyphAt(l, p)].pos)
}

// glyphEndAt is where the glyph holding p ends.
func (m Model) glyphEndAt(p int) int {
	ti := min(m.doc.turnAt(p), len(m.doc.turns)-1)
	l := m.doc.layout(ti)
	return m.doc.glyphEnd(ti, l, glyphAt(l, p))
}

// moveChar steps one glyph, crossing into the next or previous visible turn
// at the edges.
func (m *Model) moveChar(dir int) {
	ti := m.turnIndex()
	l := m.doc.layout(ti)
	gi := glyphAt(l, m.cursor) + dir
	switch {
	case gi >= 0 && gi < len(l.glyphs):
		m.cursor = int(l.glyphs[gi].pos)
	case dir > 0:
		if vi := m.visIndex(ti); vi+1 < len(m.vis) {
			m.cursor = m.doc.turns[m.vis[vi+1]].Start
		}
	default:
		if vi := m.visIndex(ti); vi > 0 {
			m.setCursor(m.doc.turns[m.vis[vi-1]].End-1, -1)
		}
	}
}

// cursorX is the cursor's display column within its line.
func (m *Model) cursorX() int {
	ti := m.turnIndex()
	l := m.lines(ti)
	gi := glyphAt(l, m.cursor)
	from, _ := lineGlyphs(l, lineOfGlyph(l, gi))
	x := 0
	for _, g := range l.glyphs[from:gi] {
		x += int(g.width)
	}
	return x
}

// glyphAtColumn is the position of the glyph drawn at column x of a line
// (the last glyph when the line is shorter).
func (m *Model) glyphAtColumn(r lineRef, x int) int {
	l := m.lines(m.vis[r.vi])
	from, to := lineGlyphs(l, r.li)
	col := 0
	for gi := from; gi < to; gi++ {
		w := int(l.glyphs[gi].width)
		if x < col+max(w, 1) || gi == to-1 {
			return int(l.glyphs[gi].pos)
		}
		col += w
	}
	return int(l.glyphs[from].pos)
}

// moveLines moves n display lines, keeping the column the vertical motion
// started from.
func (m *Model) moveLines(n int) {
	if m.goalX < 0 {
		m.goalX = m.cursorX()
	}
	r := m.lineOf(m.cursor)
	for ; n > 0; n-- {
		next, ok := m.nextLine(r)
		if !ok {
			break
		}
		r = next
	}
	for ; n < 0; n++ {
		prev, ok := m.prevLine(r)
		if !ok {
			break
		}
		r = prev
	}
	m.cursor = m.glyphAtColumn(r, m.goalX)
}

// page moves the view and the cursor by n lines together.
func (m *Model) page(n int) {
	m.scroll(n)
	m.moveLines(n)
}

// scroll moves the view by n lines without moving the cursor.
func (m *Model) scroll(n int) {
	if len(m.vis) == 0 {
		return
	}
	for ; n > 0; n-- {
		next, ok := m.nextLine(m.top)
		if !ok {
			break
		}
		m.top = next
	}
	m.top = m.back(m.top, -n)
}

// lineEdge moves to the first (dir < 0) or last glyph of the line.
func (m *Model) lineEdge(dir int) {
	ti := m.turnIndex()
	l := m.lines(ti)
	from, to := lineGlyphs(l, lineOfGlyph(l, glyphAt(l, m.cursor)))
	if dir < 0 {
		m.cursor = int(l.glyphs[from].pos)
	} else {
		m.cursor = int(l.glyphs[to-1].pos)
	}
}

// moveUnit moves to the start of the next or previous unit (word,
// sentence) that lies in a visible turn.
func (m *Model) moveUnit(units []corpus.Span, dir int) {
	if dir > 0 {
		i := sort.Search(len(units), func(i int) bool { return units[i].Start > m.cursor })
		for ; i < len(units); i++ {
			if m.visible(m.doc.turnAt(units[i].Start)) {
				m.setCursor(units[i].Start, 1)
				return
			}
		}
		return
	}
	i := sort.Search(len(units), func(i int) bool { return units[i].Start >= m.cursor }) - 1
	for ; i >= 0; i-- {
		if m.visible(m.doc.turnAt(units[i].Start)) {
			m.setCursor(units[i].Start, 1)
			return
		}
	}
}

// moveTurn goes to the start of the next turn, or back to the start of this
// turn and then of the previous one.
func (m *Model) moveTurn(dir int) {
	ti := m.turnIndex()
	vi := m.visIndex(ti)
	switch {
	case dir > 0 && vi+1 < len(m.vis):
		m.cursor = m.doc.turns[m.vis[vi+1]].Start
	case dir < 0 && m.cursor > m.doc.turns[ti].Start:
		m.cursor = m.doc.turns[ti].Start
	case dir < 0 && vi > 0:
		m.cursor = m.doc.turns[m.vis[vi-1]].Start
	}
}

// jumpCoding moves to the start of the viewer's next or previous coding.
func (m *Model) jumpCoding(dir int) {
	n := len(m.codings)
	if dir > 0 {
		for i := sort.Search(n, func(i int) bool { return m.codings[i].Start > m.cursor }); i < n; i++ {
			if c := m.codings[i]; c.Own && m.visible(m.doc.turnAt(c.Start)) {
				m.setCursor(c.Start, 1)
				return
			}
		}
		return
	}
	for i := sort.Search(n, func(i int) bool { return m.codings[i].Start >= m.cursor }) - 1; i >= 0; i-- {
		if c := m.codings[i]; c.Own && m.visible(m.doc.turnAt(c.Start)) {
			m.setCursor(c.Start, 1)
			return
		}
	}
}

// nextUncoded moves to the next visible participant's turn (not a
// moderator's) that none of the viewer's codings touches.
func (m *Model) nextUncoded() bool {
	for vi := m.visIndex(m.turnIndex()) + 1; vi < len(m.vis); vi++ {
		ti := m.vis[vi]
		if m.doc.turns[ti].Moderator {
			continue
		}
		coded := false
		for _, ci := range m.byTurn[ti] {
			c := m.codings[ci]
			if c.Own && c.Start < m.doc.turns[ti].End && c.End > m.doc.turns[ti].Start {
				coded = true
				break
			}
		}
		if !coded {
			m.cursor = m.doc.turns[ti].Start
			return true
		}
	}
	return false
}

// sentenceAt is the sentence holding p, or the next one in its turn.
func (m *Model) sentenceAt(p int) (corpus.Span, bool) {
	s := m.doc.sentences
	i := sort.Search(len(s), func(i int) bool { return s[i].End > p })
	if i < len(s) && m.doc.turnAt(s[i].Start) == m.turnIndex() {
		return s[i], true
	}
	return corpus.Span{}, false
}

// ensureVisible scrolls so that the cursor's line is on screen, with a
// couple of lines of context above and below when the pane is tall enough.
func (m *Model) ensureVisible() {
	if m.height <= 0 || len(m.vis) == 0 {
		return
	}
	off := min(2, (m.height-1)/2)
	cl := m.lineOf(m.cursor)
	if cl.before(m.top) {
		m.top = m.back(cl, off)
		return
	}
	// Each turn takes at least a line, so a cursor more than a screen of
	// turns away is off screen without wrapping the turns in between.
	if cl.vi-m.top.vi <= m.height {
		r, d := m.top, 0
		for d < m.height && r != cl {
			next, ok := m.nextLine(r)
			if !ok {
				break
			}
			r, d = next, d+1
		}
		if r == cl {
			switch {
			case d < off:
				m.top = m.back(cl, off)
			case d > m.height-1-off:
				m.top = m.back(cl, m.height-1-off)
			}
			return
		}
	}
	m.top = m.back(cl, m.height-1-off)
}

// cellAt is the position of the glyph drawn at pane cell (x, y), if any.
func (m *Model) cellAt(x, y int) (int, bool) {
	if len(m.vis) == 0 || y < 0 || y >= m.height {
		return 0, false
	}
	r := m.top
	for ; y > 0; y-- {
		next, ok := m.nextLine(r)
		if !ok {
			return 0, false
		}
		r = next
	}
	return m.glyphAtColumn(r, max(x-m.geo.gutter, 0)), true
}

func (m *Model) clickAt(x, y int) {
	p, ok := m.cellAt(x, y)
	if !ok {
		return
	}
	m.cursor = p
	m.goalX = -1
	m.sel = selection{active: true, anchor: p}
	m.drag = true
}

func (m *Model) dragTo(x, y int) {
	switch {
	case y < 0:
		m.scroll(-1)
		y = 0
	case y >= m.height:
		m.scroll(1)
		y = m.height - 1
	}
	if p, ok := m.cellAt(x, y); ok {
		m.cursor = p
	}
}
