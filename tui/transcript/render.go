package transcript

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// winLine is one display line of the window being drawn.
type winLine struct {
	ref        lineRef
	ti         int
	from, to   int // glyphs
	start, end int // code points
	codings    []int32
}

// stripe is a coding seen in the window: the lines it covers and the lane
// of the margin where its stripe is drawn (-1 when the lanes are full).
type stripe struct {
	ci          int32
	first, last int
	lane        int
}

// View draws the visible lines: exactly the pane's height in lines, each
// exactly its width in cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if !m.Loaded() {
		return style.Lines("", m.width, m.height)
	}
	win := m.window()
	stripes, nameAt := m.layoutMargin(win)
	sel, selecting := m.Selection()
	exact := m.geo.gutter+m.geo.textW+1+m.geo.marginW == m.width
	var b strings.Builder
	b.Grow(m.width * m.height * 2)
	curTurn := m.turnIndex()
	for y := 0; y < m.height; y++ {
		if y > 0 {
			b.WriteByte('\n')
		}
		if y >= len(win) {
			b.WriteString(strings.Repeat(" ", m.width))
			continue
		}
		var line strings.Builder
		wl := win[y]
		m.drawGutter(&line, wl, wl.ti == curTurn)
		m.drawText(&line, wl, sel, selecting)
		m.drawMargin(&line, wl, y, stripes, nameAt)
		if exact {
			b.WriteString(line.String())
		} else {
			b.WriteString(style.Fit(line.String(), m.width))
		}
	}
	return b.String()
}

// window lists the display lines from the top of the view.
func (m *Model) window() []winLine {
	out := make([]winLine, 0, m.height)
	r := m.top
	for len(out) < m.height {
		ti := m.vis[r.vi]
		l := m.lines(ti)
		from, to := lineGlyphs(l, r.li)
		wl := winLine{ref: r, ti: ti, from: from, to: to, start: int(l.glyphs[from].pos), end: m.doc.glyphEnd(ti, l, to-1)}
		for _, ci := range m.byTurn[ti] {
			if c := m.codings[ci]; c.Start < wl.end && c.End > wl.start {
				wl.codings = append(wl.codings, ci)
			}
		}
		out = append(out, wl)
		next, ok := m.nextLine(r)
		if !ok {
			break
		}
		r = next
	}
	return out
}

// layoutMargin gives each coding in the window a lane for its stripe, and
// each line at most one name: a coding's name goes on its first line in
// the window, or flows down to the next of its lines with room, so that
// codings starting on the same line are all named.
func (m *Model) layoutMargin(win []winLine) (stripes []stripe, nameAt [][]int32) {
	seen := map[int32]int{}
	for y, wl := range win {
		for _, ci := range wl.codings {
			if k, ok := seen[ci]; ok {
				stripes[k].last = y
				continue
			}
			seen[ci] = len(stripes)
			stripes = append(stripes, stripe{ci: ci, first: y, last: y, lane: -1})
		}
	}
	sort.SliceStable(stripes, func(i, j int) bool {
		if stripes[i].first != stripes[j].first {
			return stripes[i].first < stripes[j].first
		}
		return m.codings[stripes[i].ci].Start < m.codings[stripes[j].ci].Start
	})
	laneEnd := make([]int, m.geo.lanes)
	for k := range laneEnd {
		laneEnd[k] = -1
	}
	for i := range stripes {
		for k := range laneEnd {
			if laneEnd[k] < stripes[i].first {
				stripes[i].lane = k
				laneEnd[k] = stripes[i].last
				break
			}
		}
	}
	// Names go first to the codings with the fewest lines in the window:
	// a coding one line long has only that line for its name, a longer one
	// can move down. A name finding every line of its coding taken joins
	// the name on its first line, so that every coding is named.
	nameAt = make([][]int32, len(win))
	order := make([]int, len(stripes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := stripes[order[i]], stripes[order[j]]
		return a.last-a.first < b.last-b.first
	})
	for _, i := range order {
		s := stripes[i]
		placed := false
		for y := s.first; y <= s.last; y++ {
			if len(nameAt[y]) == 0 {
				nameAt[y] = []int32{s.ci}
				placed = true
				break
			}
		}
		if !placed {
			nameAt[s.first] = append(nameAt[s.first], s.ci)
		}
	}
	return stripes, nameAt
}

func (m *Model) drawGutter(b *strings.Builder, wl winLine, current bool) {
	g := m.geo
	p := m.paint
	dim := m.theme.Dim()
	if wl.ref.li > 0 {
		if current {
			p.Paint(b, dim, "│")
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(strings.Repeat(" ", g.gutter-1))
		return
	}
	t := m.doc.turns[wl.ti]
	num := style.Cell{}
	if current {
		p.Paint(b, style.Cell{Bold: true}, "▶")
		num.Bold = true
	} else {
		b.WriteByte(' ')
		num = dim
	}
	p.Paint(b, num, fmt.Sprintf("%*d", g.numW, t.Seq))
	b.WriteByte(' ')
	if g.timeW > 0 {
		p.Paint(b, dim, fmt.Sprintf("%*s", g.timeW, clock(t.StartMS, g.hours)))
		b.WriteByte(' ')
	}
	if g.labelW > 0 {
		label := style.Clip(t.Label, g.labelW)
		p.Paint(b, style.Cell{Bold: current}, label)
		b.WriteString(strings.Repeat(" ", g.labelW-ansi.StringWidth(label)+1))
	}
}

// clock formats a turn's start time; unknown times are blank.
func clock(ms int64, hours bool) string {
	if ms < 0 {
		return ""
	}
	s := ms / 1000
	if hours {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// cellFor decides how the glyph at pos is painted. Each meaning has a
// non-colour mark: coded text is underlined in mono (and where codings
// overlap, in colour too), the selection and the cursor are reversed.
func (m *Model) cellFor(pos int, wl winLine, matches []corpus.Span, sel corpus.Span, selecting bool) style.Cell {
	var c style.Cell
	own, best, bestLen := 0, int32(-1), 0
	for _, ci := range wl.codings {
		cd := m.codings[ci]
		if cd.Own && cd.Start <= pos && pos < cd.End {
			own++
			if best < 0 || cd.End-cd.Start < bestLen {
				best, bestLen = ci, cd.End-cd.Start
			}
		}
	}
	mono := m.theme.Mono
	if own > 0 {
		color := m.codings[best].Color
		if mono || color == nil {
			c.Underline = true
			c.Bold = own > 1
		} else {
			c.Bg, c.Fg = color, style.TextOn(color)
			c.Underline = own > 1
		}
	}
	for _, s := range matches {
		if s.Start <= pos && pos < s.End {
			if mono {
				c.Bold, c.Italic = true, true
			} else {
				c.Bg, c.Fg, c.Bold = style.SearchBackground, style.TextOn(style.SearchBackground), true
			}
			break
		}
	}
	if selecting && sel.Start <= pos && pos < sel.End {
		if mono {
			c.Reverse = true
		} else {
			c.Bg, c.Fg = style.SelectionBackground, style.TextOn(style.SelectionBackground)
		}
	}
	if pos == m.cursor && m.focused {
		c.Reverse = !c.Reverse
		c.Bold = true
	}
	return c
}

func (m *Model) drawText(b *strings.Builder, wl winLine, sel corpus.Span, selecting bool) {
	l := m.lines(wl.ti)
	lo := sort.Search(len(m.matches), func(i int) bool { return m.matches[i].End > wl.start })
	hi := sort.Search(len(m.matches), func(i int) bool { return m.matches[i].Start >= wl.end })
	matches := m.matches[lo:max(lo, hi)]
	var run strings.Builder
	var runCell style.Cell
	width := 0
	for gi := wl.from; gi < wl.to; gi++ {
		g := l.glyphs[gi]
		cell := m.cellFor(int(g.pos), wl, matches, sel, selecting)
		if cell != runCell && run.Len() > 0 {
			m.paint.Paint(b, runCell, run.String())
			run.Reset()
		}
		runCell = cell
		text := m.doc.glyphText(wl.ti, l, gi)
		if text == "\n" {
			text = " "
		}
		run.WriteString(text)
		width += int(g.width)
	}
	m.paint.Paint(b, runCell, run.String())
	if pad := m.geo.textW + 1 - width; pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	}
}

func (m *Model) drawMargin(b *strings.Builder, wl winLine, y int, stripes []stripe, nameAt [][]int32) {
	g := m.geo
	if g.marginW <= 0 {
		return
	}
	lanes := make([]int32, g.lanes)
	for k := range lanes {
		lanes[k] = -1
	}
	overflow := false
	for _, s := range stripes {
		if s.first > y || s.last < y {
			continue
		}
		if s.lane >= 0 {
			lanes[s.lane] = s.ci
		} else {
			overflow = true
		}
	}
	for k, ci := range lanes {
		switch {
		case overflow && k == len(lanes)-1:
			b.WriteByte('+')
		case ci < 0:
			b.WriteByte(' ')
		default:
			c := m.codings[ci]
			mark := "▌"
			if !c.Own {
				mark = "┆"
			}
			m.paint.Paint(b, style.Cell{Fg: c.Color}, mark)
		}
	}
	nameW := g.marginW - g.lanes
	if nameW <= 0 {
		return
	}
	// The column between the stripes and the names marks a memo on the
	// turn, on its first line.
	if wl.ref.li == 0 && m.memos.Turns[m.doc.turns[wl.ti].Seq] {
		m.paint.Paint(b, style.Cell{Bold: true}, MemoMark)
	} else {
		b.WriteByte(' ')
	}
	name := ""
	if cis := nameAt[y]; len(cis) > 0 && nameW >= 4 {
		var names []string
		for _, ci := range cis {
			c := m.codings[ci]
			n := c.Name
			if !c.Own {
				n += "·" + c.Coder
			}
			if m.memos.Codings[c.ID] || m.memos.Codes[c.CodeID] {
				n = MemoMark + n
			}
			names = append(names, n)
		}
		name = style.Clip(strings.Join(names, ","), nameW-1)
	}
	// Names are in the terminal's own text colour: a code's colour as text
	// on a background we do not know could not promise any contrast. The
	// stripe beside carries the colour.
	m.paint.Paint(b, style.Cell{}, name)
	b.WriteString(strings.Repeat(" ", nameW-1-ansi.StringWidth(name)))
}
