package themes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/textedit"
)

// narrow is the width below which the board shows one pane at a time.
const narrow = 60

// memoMark follows the name of a theme with a memo the viewer may see,
// as the workspace's margin marks memos.
const memoMark = "✎"

// columns splits the width between the themes (left) and the highlighted
// theme (right); on a narrow screen each gets the whole width in turn.
func (m Model) columns() (left, right int) {
	if m.width < narrow {
		return m.width, m.width
	}
	left = min(max(m.width*2/5, 40), 48)
	return left, m.width - left - 1
}

// overlay reports whether the right pane holds a prompt (an editor or a
// picker) rather than the theme.
func (m Model) overlay() bool {
	return m.editing() || m.mode == assigning || m.mode == moving || m.mode == memoing
}

// View draws the board, the theme view or the help: exactly height lines
// of width cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := m.bodyHeight()
	var lines []string
	switch {
	case m.mode == helping:
		lines = strings.Split(m.help.View(), "\n")
	case m.viewing:
		lines = m.viewBody(body)
	default:
		lines = m.boardBody(body)
	}
	// The body is made to fit (at 0: nothing scrolls); very small
	// screens keep the title and the key line.
	return style.Screen(m.width, m.height, m.paint.Render(style.Cell{Reverse: true, Bold: true}, style.Fit(style.Clip(" "+m.title(), m.width), m.width)),
		strings.Split(strings.Join(lines, "\n"), "\n"), 0, m.statusLine(), m.keyLine())
}

func (m Model) title() string {
	if m.viewing {
		return m.viewTitle()
	}
	if !m.loaded {
		return "Themes · reading…"
	}
	codes, free := len(m.board.codes), len(m.board.unassigned())
	t := fmt.Sprintf("Themes · %s · %d of %s in a theme", plural(len(m.board.themes), "theme"), codes-free, plural(codes, "code"))
	if m.readOnly {
		t += " · read-only"
	}
	return t
}

// boardBody draws the themes beside the highlighted theme (or the prompt
// that replaces it).
func (m Model) boardBody(body int) []string {
	if !m.loaded {
		return []string{m.paint.Render(m.theme.Dim(), " reading the themes…")}
	}
	left, right := m.columns()
	if m.width < narrow {
		if m.focus == codePane || m.overlay() {
			return m.rightPane(right, body)
		}
		return m.leftPane(left, body)
	}
	l, r := m.leftPane(left, body), m.rightPane(right, body)
	sep := m.paint.Render(m.theme.Border(false), "│")
	out := make([]string, body)
	for i := range out {
		var a, b string
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			b = r[i]
		}
		out[i] = style.Fit(a, left) + sep + style.Fit(b, right)
	}
	return out
}

// countPassages counts the passages of each theme's own codes, and of the
// codes in no theme, in every coder's codings (the theme view's first
// layer): overlapping codings of one turn count once (coding.GroupPassages).
// Nil until the codings are read.
func (m Model) countPassages() map[string]int {
	if !m.haveEvidence || !m.loaded {
		return nil
	}
	out := make(map[string]int, len(m.board.themes)+1)
	for _, th := range m.board.themes {
		ids := make([]string, len(th.Codes))
		for i, c := range th.Codes {
			ids[i] = c.ID
		}
		out[th.ID] = len(m.evidence.quotes(ids, everyCoder))
	}
	var free []string
	for _, c := range m.board.unassigned() {
		free = append(free, c.ID)
	}
	out[unassignedRow] = len(m.evidence.quotes(free, everyCoder))
	return out
}

// needs names what a theme still lacks: d a definition, s a summary.
func needs(th coding.Theme) string {
	var n []string
	if strings.TrimSpace(th.Definition) == "" {
		n = append(n, "d")
	}
	if len(th.Summaries) == 0 {
		n = append(n, "s")
	}
	return strings.Join(n, " ")
}

// leftPane lists the themes as a tree, then the codes in no theme.
func (m Model) leftPane(width, body int) []string {
	// The counts take 29 columns; on a narrow pane (80 columns in all) the
	// number of codes goes first, so that names keep 12 columns, then
	// every count.
	counts := 29
	if width-2-counts < 12 {
		counts = 23
	}
	nameW := width - 2 - counts
	if nameW < 4 {
		nameW, counts = width-2, 0
	}
	// A long name wraps at spaces onto a second and third line under
	// itself (beyond that it ends at a word, "Carrying…"; the pane beside
	// gives it whole), so no name is cut mid-word.
	row := func(id, name string, codes, codings int, need string) []string {
		indent := len(name) - len(strings.TrimLeft(name, " "))
		wrapped := style.Wrap(strings.TrimLeft(name, " "), max(nameW-indent, 1))
		if len(wrapped) > 3 {
			wrapped = append(wrapped[:2], style.ClipWords(strings.Join(wrapped[2:], " "), nameW-indent))
		}
		passages := "·"
		if n, ok := m.passages[id]; ok {
			passages = fmt.Sprint(n)
		}
		var lines []string
		for i, w := range wrapped {
			s := style.Fit(strings.Repeat(" ", indent)+w, nameW)
			if i == 0 {
				switch counts {
				case 29:
					s += fmt.Sprintf("%6d%8d%9s %-5s", codes, codings, passages, need)
				case 23:
					s += fmt.Sprintf("%8d%9s %-5s", codings, passages, need)
				}
			}
			lines = append(lines, s)
		}
		return lines
	}
	header := map[int]string{29: " codes codings passages needs", 23: " codings passages needs"}[counts]
	out := []string{m.paint.Render(m.theme.Dim(), style.Fit("  theme", nameW+2)+header)}
	var rows [][]string
	anyNeeds, anyMemo := false, false
	for _, th := range m.board.themes {
		need := needs(th)
		anyNeeds = anyNeeds || need != ""
		name := strings.Repeat("  ", strings.Count(th.Path, "/")) + th.Name
		if m.hasMemo(th) {
			name += " " + memoMark
			anyMemo = true
		}
		rows = append(rows, row(th.ID, name, len(th.Codes), th.Codings, need))
	}
	free, freeCodings := m.board.unassigned(), 0
	for _, c := range free {
		freeCodings += c.Codings
	}
	rows = append(rows, row(unassignedRow, "(no theme)", len(free), freeCodings, ""))
	room := body - 1
	var legend string
	if (anyNeeds || anyMemo) && room > 3 {
		var parts []string
		if anyNeeds {
			parts = append(parts, "d no definition · s no summary")
		}
		if anyMemo {
			parts = append(parts, memoMark+" memo")
		}
		text := "  " + strings.Join(parts, " · ")
		if ansi.StringWidth(text) > width {
			text = text[1:] // the narrowest left pane (40) keeps the ✎ then
		}
		legend = m.paint.Render(m.theme.Dim(), style.Clip(text, width))
		room--
	}
	// Scroll by lines, starting at a row, so that the cursor's row shows
	// whole.
	first := min(m.cursor, len(rows)-1)
	used := len(rows[first])
	for first > 0 && used+len(rows[first-1]) <= room {
		first--
		used += len(rows[first])
	}
	shown := 0
	for i := first; i < len(rows) && shown < room; i++ {
		for k, line := range rows[i] {
			if shown == room {
				break
			}
			out = append(out, m.themeRow(i, k, line))
			shown++
		}
	}
	if len(m.board.themes) == 0 && room > 2 {
		out = append(out, m.paint.Render(m.theme.Dim(), style.Clip("  no themes yet: n creates one", width)))
	}
	if legend != "" {
		for len(out) < body-1 {
			out = append(out, "")
		}
		out = append(out, legend)
	}
	return out
}

// themeRow marks the highlighted row: the whole row while the themes have
// the keys, the arrow alone while the codes do.
func (m Model) themeRow(i, line int, text string) string {
	if i != m.cursor {
		if i == len(m.board.themes) {
			return "  " + m.paint.Render(m.theme.Dim(), text)
		}
		return "  " + text
	}
	mark := "▶ "
	if line > 0 {
		mark = "  "
	}
	if m.focus == themePane && !m.overlay() {
		return m.paint.Render(m.theme.Selected(), mark+text)
	}
	return m.paint.Render(style.Cell{Bold: true}, mark+text)
}

// rightPane is the highlighted theme, the codes in no theme, or the open
// editor or picker.
func (m Model) rightPane(width, body int) []string {
	switch {
	case m.mode == assigning || m.mode == moving:
		return strings.Split(m.picker.View(), "\n")
	case m.editing():
		return m.editorPane(width)
	case m.mode == memoing:
		return strings.Split(m.note.View(), "\n")
	}
	var lines []string
	at := -1
	th, isTheme := m.current()
	if isTheme {
		lines = m.themeDetails(th, width)
	} else {
		lines = append(lines, m.paint.Render(m.theme.Accent(), "Codes in no theme"))
		for _, l := range style.Wrap("Codes that serve no theme yet. m moves the highlighted one into a theme.", width) {
			lines = append(lines, m.paint.Render(m.theme.Dim(), l))
		}
	}
	codes := m.codesHere()
	total := 0
	for _, c := range codes {
		total += c.codings
	}
	lines = append(lines, "", m.paint.Render(style.Cell{Bold: true}, style.Clip(fmt.Sprintf("Codes · %s · %s", plural(len(codes), "code"), plural(total, "coding")), width)))
	countW := 7
	for i, c := range codes {
		text := style.Fit(style.Clip(c.path, max(width-2-countW, 1)), max(width-2-countW, 1)) + fmt.Sprintf("%*d", countW, c.codings)
		switch {
		case i == m.codeCursor && m.focus == codePane:
			text = m.paint.Render(m.theme.Selected(), "› "+text)
			at = len(lines)
		case i == m.codeCursor:
			text = "› " + text
		default:
			text = "  " + text
		}
		lines = append(lines, text)
	}
	if len(codes) == 0 {
		empty := "  every code serves a theme"
		if isTheme {
			empty = "  none yet: a assigns one"
		}
		lines = append(lines, m.paint.Render(m.theme.Dim(), empty))
	}
	if isTheme {
		lines = append(lines, m.subthemeLines(th, width)...)
	}
	if at >= body {
		lines = lines[at-body+1:]
	}
	return lines
}

// themeDetails are the theme's name, definition and summaries.
func (m Model) themeDetails(th coding.Theme, width int) []string {
	dim := func(s string) string { return m.paint.Render(m.theme.Dim(), s) }
	var lines []string
	for _, l := range style.Wrap(th.Path, width) {
		lines = append(lines, m.paint.Render(m.theme.Accent(), l))
	}
	if th.CreatedBy != "" {
		lines = append(lines, dim(style.Clip("created by "+th.CreatedBy+" on "+dateOf(th.CreatedAt), width)))
	}
	lines = append(lines, "", m.paint.Render(style.Cell{Bold: true}, "Definition"))
	if def := strings.TrimSpace(th.Definition); def != "" {
		for _, l := range style.Wrap(def, width-2) {
			lines = append(lines, "  "+l)
		}
	} else {
		lines = append(lines, dim("  none yet: e writes one"))
	}
	lines = append(lines, m.paint.Render(style.Cell{Bold: true}, "Summaries for participants"))
	langs := make([]string, 0, len(th.Summaries))
	for lang := range th.Summaries {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	langW := 2
	for _, lang := range langs {
		langW = max(langW, ansi.StringWidth(lang))
	}
	for _, lang := range langs {
		for i, l := range style.Wrap(th.Summaries[lang], max(width-langW-3, 1)) {
			label := strings.Repeat(" ", langW)
			if i == 0 {
				label = style.Fit(lang, langW)
			}
			lines = append(lines, "  "+m.paint.Render(m.theme.Dim(), label)+" "+l)
		}
	}
	if len(langs) == 0 {
		lines = append(lines, dim("  none yet: s writes one"))
	}
	return append(lines, m.memoLines(th, width)...)
}

// subthemeLines names the theme's subthemes, whose codes are their own.
func (m Model) subthemeLines(th coding.Theme, width int) []string {
	var names []string
	for _, other := range m.board.themes {
		if other.ParentID == th.ID {
			names = append(names, other.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	var out []string
	for _, l := range style.Wrap("Subthemes (with codes of their own): "+strings.Join(names, ", "), width) {
		out = append(out, m.paint.Render(m.theme.Dim(), l))
	}
	return append([]string{""}, out...)
}

// editorPane is the definition or summary being written.
func (m Model) editorPane(width int) []string {
	th, _ := m.current()
	title, note := "Definition of "+th.Path, "for researchers: what the theme means and where its edges are"
	if m.mode == summarising {
		title, note = "Summary of "+th.Path+" in "+m.language, "in plain words, for participants"
	}
	return append([]string{
		m.paint.Render(m.theme.Accent(), style.Clip(title, width)),
		m.paint.Render(m.theme.Dim(), style.Clip(note, width)),
	}, strings.Split(m.text.View(), "\n")...)
}

func dateOf(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return t
}

// statusLine says where the cursor is, or how to answer the open prompt.
func (m Model) statusLine() string {
	text := " " + m.where()
	switch {
	case m.mode != browsing && m.mode != helping && m.bad && m.message != "":
		// Why a prompt opened again: the core's refusal of what it held.
		text = " ✗ " + m.message
	case m.mode == confirming || m.lineOpen():
		text = " " + m.editorHelp()
	}
	right := m.viewer
	if m.readOnly {
		right += " · read-only"
	}
	l := style.Clip(text, max(m.width-ansi.StringWidth(right)-2, 0))
	gap := max(m.width-ansi.StringWidth(l)-ansi.StringWidth(right)-1, 1)
	return m.paint.Render(style.Cell{Reverse: true}, style.Fit(l+strings.Repeat(" ", gap)+right+" ", m.width))
}

// where names the highlighted theme and code, or the view's position.
func (m Model) where() string {
	switch {
	case m.viewing:
		return m.viewWhere()
	case !m.loaded:
		return ""
	}
	name := "codes in no theme"
	if th, ok := m.current(); ok {
		name = th.Path
	}
	if c, ok := m.currentCode(); ok && m.focus == codePane {
		return name + " › " + c.path
	}
	return name
}

// keyLine is the open one-line prompt, the question before a delete, the
// last message, or the keys that matter now.
func (m Model) keyLine() string {
	switch {
	case m.lineOpen():
		return m.line.View()
	case m.mode == confirming && m.removing != nil:
		return m.paint.Render(m.theme.Accent(), style.Clip(" "+m.removing.question+" y/n", m.width))
	case m.message != "" && m.mode == browsing:
		if m.bad {
			return m.paint.Render(m.theme.Error(), style.Clip(" ✗ "+m.message, m.width))
		}
		return m.paint.Render(m.theme.Success(), style.Clip(" ✓ "+m.message, m.width))
	}
	hints := [][2]string{{"enter", "quotes"}, {"n", "new"}, {"e", "define"}, {"s", "summary"}, {"a", "assign"}, {"m", "move"},
		{"W", "memo"}, {"x", "unassign"}, {"r", "rename"}, {"D", "delete"}, {"tab", "codes"}, {"?", "keys"}, {"q", "close"}}
	switch {
	case m.editing():
		hints = [][2]string{{"enter", "save"}, {textedit.DefaultKeyMap().Newline.Help().Key, "new line"}, {"esc", "cancel"}}
		if m.mode == summarising {
			hints = append(hints[:2:2], [2]string{"tab", "language"}, hints[2])
		}
	case m.mode == memoing:
		hints = [][2]string{{"enter", "save"}, {textedit.DefaultKeyMap().Newline.Help().Key, "new line"}, {"esc", "cancel"}}
	case m.mode == assigning || m.mode == moving:
		hints = [][2]string{{"type", "filter"}, {"↑/↓", "choose"}, {"enter", "pick"}, {"esc", "cancel"}}
	case m.mode == helping:
		hints = [][2]string{{"j/k", "scroll"}, {"esc", "close help"}}
	case m.viewing:
		hints = [][2]string{{"j/k", "scroll"}, {"g", "by " + m.grouping.other()}, {"l", m.layer.other()}, {"]/[", "next/previous theme"}, {"esc", "board"}}
	case m.readOnly:
		hints = [][2]string{{"j/k", "move"}, {"tab", "codes"}, {"enter", "quotes"}, {"?", "keys"}, {"q", "close"}}
	}
	return m.hintLine(hints)
}

// hintLine writes as many hints as fit, always keeping the last two (the
// help and the way out).
func (m Model) hintLine(hints [][2]string) string {
	width := func(h [2]string) int { return ansi.StringWidth(h[0]+h[1]) + 3 }
	room := m.width - 1
	tail := hints[max(len(hints)-2, 0):]
	for _, h := range tail {
		room -= width(h)
	}
	var shown [][2]string
	for _, h := range hints[:len(hints)-len(tail)] {
		if room -= width(h); room < 0 {
			break
		}
		shown = append(shown, h)
	}
	var b strings.Builder
	for _, h := range append(shown, tail...) {
		b.WriteString(" ")
		m.paint.Paint(&b, style.Cell{Bold: true}, h[0])
		b.WriteString(" ")
		m.paint.Paint(&b, m.theme.Dim(), h[1])
		b.WriteString(" ")
	}
	return b.String()
}
