package workspace

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/transcript"
)

// rect is a part of the screen, in cells.
type rect struct{ x, y, w, h int }

func (r rect) empty() bool { return r.w <= 0 || r.h <= 0 }

func (r rect) holds(x, y int) bool {
	return x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// inner is the part of a framed rect inside its border (the whole rect
// when it is too small for one).
func (r rect) inner() rect {
	if !framed(r) {
		return r
	}
	return rect{r.x + 1, r.y + 1, r.w - 2, r.h - 2}
}

func framed(r rect) bool { return r.w >= 4 && r.h >= 3 }

// screen is where everything goes for the current size and state.
type screen struct {
	sources, transcript, codebook, drawer rect
	statusY, keysY                        int
}

// arrange shares the screen: a status line and a key line at the bottom,
// an open prompt in a drawer above them, and the panes side by side above
// that. The sources pane is shown when it has the keyboard, or always on
// wide screens; when the panes do not fit, only the focused one is shown.
func (m Model) arrange() screen {
	W, H := m.width, m.height
	s := screen{statusY: -1, keysY: -1}
	mainH := H
	switch {
	case H >= 4:
		s.statusY, s.keysY, mainH = H-2, H-1, H-2
	case H >= 2:
		s.statusY, mainH = H-1, H-1
	}
	drawerH := 0
	switch m.prompt {
	case promptHelp:
		drawerH = mainH
	case promptPicker:
		drawerH = max(min(16, mainH*2/3), 7)
	case promptChoice, promptCoder:
		drawerH = m.chooser.Lines(W-2) + 2
	case promptMemo:
		drawerH = 8
	case promptSearch, promptText:
		drawerH = 3
	case promptPager:
		drawerH = max(mainH*2/3, min(mainH, 8))
	}
	if drawerH > 0 {
		// On short screens the prompt comes first: the text gets what is left.
		drawerH = min(drawerH, mainH)
		s.drawer = rect{0, mainH - drawerH, W, drawerH}
		mainH -= drawerH
	}
	if mainH <= 0 {
		return s
	}
	showSources := m.focus == paneSources || W >= 110
	showCodebook := m.showCodebook
	sw, cw := 0, 0
	if showSources {
		sw = min(max(W/4, 24), 32)
	}
	if showCodebook {
		cw = min(max(W/4, 26), 40)
	}
	if W-sw-cw < 30 {
		switch m.focus {
		case paneSources:
			sw, cw = W, 0
		case paneCodebook:
			sw, cw = 0, W
		default:
			sw, cw = 0, 0
		}
	}
	s.sources = rect{0, 0, sw, mainH}
	s.codebook = rect{W - cw, 0, cw, mainH}
	s.transcript = rect{sw, 0, W - sw - cw, mainH}
	return s
}

// layout gives each component the size it is drawn at.
func (m *Model) layout() {
	if open, ok := screenOf(m.screen); ok {
		open.of(m).SetSize(m.width, m.height)
		return
	}
	s := m.arrange()
	in := s.transcript.inner()
	m.transcript.SetSize(in.w, in.h)
	m.transcript.SetFocused(m.focus == paneTranscript && m.prompt == promptNone)
	in = s.sources.inner()
	m.sources.SetSize(in.w, in.h)
	in = s.codebook.inner()
	m.codebook.SetSize(in.w, in.h)
	in = s.drawer.inner()
	switch m.prompt {
	case promptPicker:
		m.picker.SetSize(in.w, in.h)
	case promptChoice, promptCoder:
		m.chooser.SetSize(in.w, in.h)
	case promptMemo:
		m.memo.SetSize(in.w, in.h)
	case promptSearch:
		m.search.SetSize(in.w, in.h)
	case promptText:
		m.nameEdit.SetSize(in.w, in.h)
	case promptPager:
		m.pager.SetSize(in.w, in.h)
	case promptHelp:
		m.help.SetSize(in.w, in.h)
	}
}

// View draws the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "focal"
	if m.source.Name != "" {
		v.WindowTitle = "focal · " + m.source.Name
	}
	return v
}

// render draws the screen as text, line by line.
func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if open, ok := screenOf(m.screen); ok {
		return open.of(&m).View()
	}
	s := m.arrange()
	rows := make([]string, m.height)
	paint := style.NewPainter(m.theme)
	place := func(r rect, title string, focused bool, content string) {
		if r.empty() {
			return
		}
		for i, line := range frame(paint, m.theme, r, title, focused, content) {
			y := r.y + i
			if y < len(rows) {
				rows[y] += line
			}
		}
	}
	if !s.transcript.empty() || !s.sources.empty() || !s.codebook.empty() {
		sources := m.sources.View()
		if m.coder == "" {
			// Nothing is read before knowing who looks: the pane would
			// wrongly say there are no sources.
			sources = ""
		}
		place(s.sources, "Sources", m.focus == paneSources, sources)
		place(s.transcript, m.transcriptTitle(), m.focus == paneTranscript && m.prompt == promptNone, m.transcriptView())
		place(s.codebook, "Codebook · here/all", m.focus == paneCodebook, m.codebook.View())
	}
	switch m.prompt {
	case promptPicker:
		place(s.drawer, "Code", true, m.picker.View())
	case promptChoice, promptCoder:
		place(s.drawer, "Choose", true, m.chooser.View())
	case promptMemo:
		place(s.drawer, "Memo", true, m.memo.View())
	case promptSearch:
		place(s.drawer, "Search", true, m.search.View())
	case promptText:
		place(s.drawer, "Codebook", true, m.nameEdit.View())
	case promptPager:
		place(s.drawer, m.pagerTitle, true, m.pager.View())
	case promptHelp:
		place(s.drawer, "Keys (? or esc closes)", true, m.help.View())
	}
	if s.statusY >= 0 {
		rows[s.statusY] = m.statusLine(paint)
	}
	if s.keysY >= 0 {
		rows[s.keysY] = m.keyLine(paint)
	}
	for i := range rows {
		rows[i] = style.Fit(rows[i], m.width)
	}
	return strings.Join(rows, "\n")
}

func (m Model) transcriptView() string {
	if m.transcript.Loaded() {
		return m.transcript.View()
	}
	in := m.arrange().transcript.inner()
	text := "reading the project…"
	switch {
	case m.coder == "":
		text = ""
	case len(m.sourceList) == 0 && m.progress != nil:
		text = "No sources yet. Import transcripts with `focal import FILE…`."
	}
	return style.Lines(text, in.w, in.h)
}

func (m Model) transcriptTitle() string {
	if m.title == "" {
		return "Transcript"
	}
	t := m.title
	if m.filter.ID != "" {
		t += " · only " + m.filter.Path
	}
	for _, memo := range m.memos {
		if memo.TargetKind == study.MemoOnSource && memo.Target == m.source.Name {
			// A memo on the source: M lists it.
			return t + " · " + transcript.MemoMark + " memo (M)"
		}
	}
	return t
}

// frame draws content inside a border with a title in its top line. A
// focused frame has heavy lines, so focus does not rest on colour.
func frame(p *style.Painter, t style.Theme, r rect, title string, focused bool, content string) []string {
	if !framed(r) {
		return strings.Split(style.Lines(content, r.w, r.h), "\n")
	}
	h, v, tl, tr, bl, br := "─", "│", "┌", "┐", "└", "┘"
	if focused {
		h, v, tl, tr, bl, br = "━", "┃", "┏", "┓", "┗", "┛"
	}
	border := t.Border(focused)
	inner := r.w - 2
	head := ""
	if inner >= 5 {
		head = " " + style.Clip(title, inner-3) + " "
	}
	top := p.Render(border, tl+h) + p.Render(style.Cell{Bold: focused}, head) +
		p.Render(border, strings.Repeat(h, max(inner-1-ansi.StringWidth(head), 0))+tr)
	out := []string{top}
	side := p.Render(border, v)
	for _, line := range strings.Split(style.Lines(content, inner, r.h-2), "\n") {
		out = append(out, side+line+side)
	}
	return append(out, p.Render(border, bl+strings.Repeat(h, inner)+br))
}

// statusLine says where the cursor is, which codes hold it, who is coding,
// blinding, the done mark, the filter and the search.
func (m Model) statusLine(p *style.Painter) string {
	var left []string
	if m.transcript.Loaded() {
		pos := m.transcript.Position()
		left = append(left, fmt.Sprintf("turn %d/%d %s", pos.TurnIndex+1, pos.Turns, pos.Turn.Speaker))
		if pos.Selecting {
			left = append(left, fmt.Sprintf("selected %d–%d (%d chars)", pos.Selection.Start, pos.Selection.End, pos.Selection.Len()))
		}
		var names []string
		for _, c := range pos.Codings {
			name := c.Code
			if !c.Own {
				name += " (" + c.Coder + ")"
			}
			names = append(names, name)
		}
		if len(names) == 0 {
			left = append(left, "no code here")
		} else {
			left = append(left, strings.Join(names, ", "))
		}
		if m.transcript.HasMemo() {
			left = append(left, "✎ memo here (m)")
		}
		if pos.Query != "" {
			left = append(left, fmt.Sprintf("/%s: %d", pos.Query, pos.Matches))
		}
	}
	var right []string
	if m.coder != "" {
		right = append(right, m.coder)
		if m.blinding.On {
			right = append(right, "blind")
		}
		if m.opts.ReadOnly {
			right = append(right, "read-only")
		}
	}
	if m.source.ID != "" && m.progress != nil {
		if m.doneHere() {
			right = append(right, "✓ done")
		} else {
			right = append(right, "○ not done")
		}
	}
	if m.width < 60 && len(right) > 1 {
		// A narrow screen keeps where the cursor is; who you are stays.
		right = right[:1]
	}
	r := strings.Join(right, " · ")
	l := style.Clip(" "+strings.Join(left, " · "), max(m.width-ansi.StringWidth(r)-2, 0))
	gap := max(m.width-ansi.StringWidth(l)-ansi.StringWidth(r)-1, 1)
	return p.Render(style.Cell{Reverse: true}, style.Fit(l+strings.Repeat(" ", gap)+r+" ", m.width))
}

// keyLine shows the last message, or the keys that matter now.
func (m Model) keyLine(p *style.Painter) string {
	if m.message != "" {
		if m.messageBad {
			return p.Render(m.theme.Error(), style.Clip(" ✗ "+m.message, m.width))
		}
		return p.Render(m.theme.Success(), style.Clip(" ✓ "+m.message, m.width))
	}
	var b strings.Builder
	b.WriteString(" ")
	used := 1
	for i, kb := range m.shortHelp() {
		h := kb.Help()
		// Whole hints only: one that does not fit is left out, not cut.
		w := ansi.StringWidth(h.Key) + 1 + ansi.StringWidth(h.Desc)
		if i > 0 {
			w += 2
		}
		if used+w > m.width {
			break
		}
		used += w
		if i > 0 {
			b.WriteString("  ")
		}
		p.Paint(&b, style.Cell{Bold: true}, h.Key)
		b.WriteString(" ")
		p.Paint(&b, m.theme.Dim(), h.Desc)
	}
	return style.Fit(b.String(), m.width)
}

// shortHelp picks the keys for the key line from what has the keyboard.
func (m Model) shortHelp() []key.Binding {
	k := m.keys
	hint := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	switch m.prompt {
	case promptPicker:
		return m.picker.KeyMap().ShortHelp()
	case promptChoice, promptCoder:
		return m.chooser.KeyMap().ShortHelp()
	case promptMemo:
		return m.memo.KeyMap().ShortHelp()
	case promptSearch:
		return []key.Binding{hint("enter", "find"), hint("esc", "cancel")}
	case promptText:
		return []key.Binding{hint("enter", "save"), hint("esc", "cancel")}
	case promptPager:
		return m.pager.KeyMap().ShortHelp()
	case promptHelp:
		return m.help.KeyMap().ShortHelp()
	}
	switch m.focus {
	case paneSources:
		return append(m.sources.KeyMap().ShortHelp(), hint("tab", "text"), k.Help, k.Quit)
	case paneCodebook:
		if m.opts.ReadOnly {
			return []key.Binding{hint("enter", "filter"), hint("h", "history"), hint("esc", "close"), k.Help}
		}
		// The pane's own help texts are long; the key line names them in short.
		return []key.Binding{hint("enter", "filter"), hint("r e m", "rename define move"), hint("M", "merge"),
			hint("S X", "split retire"), hint("h", "history"), hint("esc", "close"), k.Help}
	}
	if pos := m.transcript.Position(); pos.Selecting {
		if m.opts.ReadOnly {
			return []key.Binding{hint("motions", "extend"), hint("esc", "cancel")}
		}
		return []key.Binding{hint("c/enter", "code it"), hint("motions", "extend"), hint("esc", "cancel")}
	}
	if m.opts.ReadOnly {
		// Only keys that work in a review: nothing here writes.
		return []key.Binding{hint("?", "help"), hint("T", "themes"), hint("M", "memos"), hint("/", "search"),
			hint("b", "codebook"), hint("C", "compare"), hint("A", "agreement"), hint("q", "quit")}
	}
	return []key.Binding{hint("?", "help"), hint("v/s/t", "select"), hint("c", "code"), hint("x", "remove"),
		hint("/", "search"), hint("b", "codebook"), hint("u", "undo"), hint("q", "quit"), hint("tab", "sources")}
}
