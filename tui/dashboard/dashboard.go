// Package dashboard is the agreement dashboard: per code, how well the
// coders agree (Cohen's kappa per pair, Krippendorff's alpha of all coders,
// or percent agreement), drawn as text bars with the number beside them, a
// threshold the team chooses, and the codes below it marked "below".
//
// The agreement is computed in a command from what the store holds (every
// source, every coder with codings); Update only moves the cursor and
// changes the view. The dashboard never writes to the project.
package dashboard

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/tui/style"
)

// Stat is the statistic shown.
type Stat int

const (
	// Kappa is Cohen's kappa of each pair of coders.
	Kappa Stat = iota
	// Alpha is Krippendorff's alpha of all coders together.
	Alpha
	// Percent is percent agreement of each pair and of all coders.
	Percent
	stats
)

func (s Stat) String() string {
	switch s {
	case Alpha:
		return "Krippendorff's alpha, all coders"
	case Percent:
		return "percent agreement"
	}
	return "Cohen's kappa per pair"
}

// Order is how codes are sorted.
type Order int

const (
	// ByValue puts the best agreement first, so the threshold line
	// separates the codes above it from those below.
	ByValue Order = iota
	// ByName sorts by code path.
	ByName
)

// DefaultThreshold is where the threshold starts.
const DefaultThreshold = 0.70

// KeyMap lists the dashboard's keys.
type KeyMap struct {
	Up, Down, Stat, Order, Raise, Lower, Compare, Reload, Close key.Binding
}

// DefaultKeyMap is the dashboard's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "previous code")),
		Down:    key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next code")),
		Stat:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "statistic: kappa / alpha / percent")),
		Order:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by value / by name")),
		Raise:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "threshold up 0.05")),
		Lower:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "threshold down 0.05")),
		Compare: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "compare view at this code")),
		Reload:  key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "compute again")),
		Close:   key.NewBinding(key.WithKeys("q", "esc", "A"), key.WithHelp("q/esc/A", "back to coding")),
	}
}

// ShortHelp is the key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Stat, k.Order, k.Raise, k.Lower, k.Compare, k.Close}
}

// FullHelp groups the keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Stat, k.Order, k.Raise, k.Lower, k.Compare, k.Reload, k.Close}}
}

// Model is the dashboard.
type Model struct {
	ctx    context.Context
	store  Store
	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	viewer string
	gen    int

	width, height int
	data          Data
	loaded        bool
	stat          Stat
	order         Order
	threshold     float64
	cursor        int // index into the sorted codes
	message       string
	bad           bool
}

// New returns a dashboard read as viewer.
func New(ctx context.Context, s Store, theme style.Theme, viewer string) Model {
	return Model{ctx: ctx, store: s, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme),
		viewer: viewer, threshold: DefaultThreshold}
}

// Init computes the agreement.
func (m Model) Init() tea.Cmd { return m.load() }

// KeyMap is the dashboard's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// Data is what the dashboard last computed.
func (m Model) Data() Data { return m.data }

// Threshold is the threshold now.
func (m Model) Threshold() float64 { return m.threshold }

// Stat is the statistic shown.
func (m Model) Stat() Stat { return m.stat }

// SetSize gives the dashboard the whole screen.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// Current is the code under the cursor ("" when none).
func (m Model) Current() string {
	codes := m.sorted()
	if m.cursor < 0 || m.cursor >= len(codes) {
		return ""
	}
	return codes[m.cursor].code
}

// Update handles keys and the computed agreement.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		if msg.err != nil {
			m.message, m.bad = msg.err.Error(), true
			return m, nil
		}
		m.data, m.loaded = msg.data, true
		m.cursor = min(m.cursor, max(len(m.data.Report.PerCode)-1, 0))
		if len(m.data.Coders) < 2 {
			m.message, m.bad = fmt.Sprintf("codings by %s: agreement needs two coders or more", orNobody(m.data.Coders)), true
		}
	case tea.KeyPressMsg:
		m.message = ""
		return m.handleKey(msg)
	}
	return m, nil
}

func orNobody(names []string) string {
	if len(names) == 0 {
		return "nobody"
	}
	return strings.Join(names, ", ")
}

func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Reload):
		m.gen++
		m.message, m.bad = "computing again", false
		return m, m.load()
	case key.Matches(msg, k.Stat):
		m.stat = (m.stat + 1) % stats
		m.message, m.bad = "showing "+m.stat.String(), false
	case key.Matches(msg, k.Order):
		code := m.Current()
		m.order = 1 - m.order
		m.follow(code)
	case key.Matches(msg, k.Raise):
		m.threshold = math.Min(math.Round((m.threshold+0.05)*100)/100, 1)
	case key.Matches(msg, k.Lower):
		m.threshold = math.Max(math.Round((m.threshold-0.05)*100)/100, 0)
	case key.Matches(msg, k.Down):
		m.cursor = min(m.cursor+1, max(len(m.data.Report.PerCode)-1, 0))
	case key.Matches(msg, k.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(msg, k.Compare):
		if code := m.Current(); code != "" {
			return m, func() tea.Msg { return CompareMsg{Code: code} }
		}
		m.message, m.bad = "no code to compare", false
	}
	if key.Matches(msg, k.Stat, k.Raise, k.Lower) {
		m.follow(m.Current())
	}
	return m, nil
}

// follow keeps the cursor on a code after the order changed.
func (m *Model) follow(code string) {
	for i, c := range m.sorted() {
		if c.code == code {
			m.cursor = i
			return
		}
	}
}

// row is one value of one code: a pair's, or all coders'.
type row struct {
	who   string
	value agree.Value
}

// codeRows is one code with its rows for the statistic shown.
type codeRows struct {
	code string
	rows []row
	low  float64 // lowest defined value; +Inf when none
}

// below reports whether a value is under the threshold.
func (m Model) below(v agree.Value) bool { return v.Defined && v.V < m.threshold-1e-9 }

func (c codeRows) defined() bool { return !math.IsInf(c.low, 1) }

// sorted lists the codes in the chosen order with their rows.
func (m Model) sorted() []codeRows {
	var out []codeRows
	for _, r := range m.data.Report.PerCode {
		c := codeRows{code: r.Code, low: math.Inf(1)}
		if m.stat != Alpha {
			for _, p := range r.Pairs {
				v := p.CohenKappa
				if m.stat == Percent {
					v = p.PercentAgreement
				}
				c.rows = append(c.rows, row{who: p.CoderA + "–" + p.CoderB, value: v})
			}
		}
		if m.stat != Kappa && (m.stat == Alpha || len(m.data.Coders) > 2) {
			v := r.Group.KrippendorffAlpha
			if m.stat == Percent {
				v = r.Group.PercentAgreement
			}
			c.rows = append(c.rows, row{who: "all coders", value: v})
		}
		for _, x := range c.rows {
			if x.value.Defined {
				c.low = math.Min(c.low, x.value.V)
			}
		}
		out = append(out, c)
	}
	if m.order == ByValue {
		sort.SliceStable(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.defined() != b.defined() {
				return a.defined()
			}
			if a.low != b.low {
				return a.low > b.low
			}
			return a.code < b.code
		})
	} else {
		sort.SliceStable(out, func(i, j int) bool { return out[i].code < out[j].code })
	}
	return out
}

func (m Model) isBelow(c codeRows) bool {
	for _, r := range c.rows {
		if m.below(r.value) {
			return true
		}
	}
	return false
}

// number writes a value: a fraction with two decimals, a percentage for
// percent agreement, or "undefined".
func (m Model) number(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	if m.stat == Percent {
		return fmt.Sprintf("%.1f%%", v.V*100)
	}
	return fmt.Sprintf("%.2f", v.V)
}

func (m Model) thresholdText() string {
	if m.stat == Percent {
		return fmt.Sprintf("%.0f%%", m.threshold*100)
	}
	return fmt.Sprintf("%.2f", m.threshold)
}

// bar draws a value as full blocks over width cells (0 to 1; below zero
// is empty), with the threshold marked by ┊ where the bar does not reach.
func (m Model) bar(v agree.Value, width int) string {
	if width <= 0 {
		return ""
	}
	filled := 0
	if v.Defined {
		filled = int(math.Round(math.Max(math.Min(v.V, 1), 0) * float64(width)))
	}
	mark := min(int(math.Round(m.threshold*float64(width))), width-1)
	var b strings.Builder
	cell := style.Cell{Fg: m.theme.Success().Fg}
	if m.below(v) {
		cell = style.Cell{Fg: m.theme.Error().Fg}
	}
	m.paint.Paint(&b, cell, strings.Repeat("█", filled))
	for i := filled; i < width; i++ {
		if i == mark {
			m.paint.Paint(&b, m.theme.Dim(), "┊")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// View draws the dashboard: exactly height lines of width cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	rows := []string{m.paint.Render(style.Cell{Reverse: true, Bold: true}, style.Fit(" "+m.title(), m.width))}
	body := max(m.height-3, 0)
	lines, at := m.lines()
	off := 0
	if at >= body {
		off = at - body + 1
	}
	if off < len(lines) {
		lines = lines[off:]
	} else {
		lines = nil
	}
	for i := 0; i < body; i++ {
		if i < len(lines) {
			rows = append(rows, lines[i])
		} else {
			rows = append(rows, "")
		}
	}
	rows = append(rows, m.statusLine(), m.keyLine())
	if len(rows) > m.height {
		// Very small screens keep the title and the key line.
		rows = append(rows[:m.height-1], rows[len(rows)-1])
	}
	for i := range rows {
		rows[i] = style.Fit(rows[i], m.width)
	}
	return strings.Join(rows, "\n")
}

func (m Model) title() string {
	if !m.loaded {
		return "Agreement · computing…"
	}
	d := m.data
	order := "by value"
	if m.order == ByName {
		order = "by name"
	}
	return fmt.Sprintf("Agreement: %s · %s · threshold %s · %d codes · %s · %d sources, by character, participants' turns",
		m.stat, order, m.thresholdText(), len(d.Report.PerCode), strings.Join(d.Coders, ", "), d.Sources)
}

// lines are the body: a header, then each code's rows, with the threshold
// line where the codes below it start (when sorted by value). at is the
// line of the cursor's last row, to keep it on screen.
func (m Model) lines() ([]string, int) {
	if !m.loaded {
		return nil, 0
	}
	codes := m.sorted()
	if len(codes) == 0 {
		return []string{" no code has codings by two coders yet"}, 0
	}
	codeW, whoW := 4, 6
	for _, c := range codes {
		codeW = max(codeW, ansi.StringWidth(c.code))
		for _, r := range c.rows {
			whoW = max(whoW, ansi.StringWidth(r.who))
		}
	}
	codeW, whoW = min(codeW, 28), min(whoW, 16)
	const valueW, belowW = 9, 6
	barW := m.width - 2 - codeW - 1 - whoW - 1 - 1 - valueW - belowW
	if barW < 10 {
		codeW = max(codeW-(10-barW), 6)
		barW = m.width - 2 - codeW - 1 - whoW - 1 - 1 - valueW - belowW
	}
	out := []string{m.paint.Render(m.theme.Dim(), style.Fit("  "+style.Fit("code", codeW)+" "+style.Fit("coders", whoW)+" "+
		style.Fit("0 … 1, ┊ threshold", max(barW, 0))+" value", m.width))}
	at := 0
	drewLine := false
	for i, c := range codes {
		if m.order == ByValue && !drewLine && (m.isBelow(c) || !c.defined()) {
			drewLine = true
			if i > 0 {
				label := fmt.Sprintf(" threshold %s ", m.thresholdText())
				out = append(out, m.paint.Render(m.theme.Dim(), "──"+label+strings.Repeat("─", max(m.width-2-ansi.StringWidth(label), 0))))
			}
		}
		for j, r := range c.rows {
			mark, name := "  ", ""
			if j == 0 {
				name = c.code
				if i == m.cursor {
					mark = "▶ "
				}
			}
			value := m.number(r.value)
			tag := ""
			if m.below(r.value) {
				tag = " below"
			}
			line := mark + style.Fit(style.Clip(name, codeW), codeW) + " " + style.Fit(style.Clip(r.who, whoW), whoW) + " " +
				m.bar(r.value, barW) + " " + fmt.Sprintf("%*s", valueW, value) + tag
			if i == m.cursor {
				line = m.paint.Render(style.Cell{Bold: true}, mark) + line[len(mark):]
			}
			out = append(out, line)
			if i == m.cursor {
				at = len(out) - 1
			}
		}
		if len(c.rows) == 0 && i == m.cursor {
			at = len(out) - 1
		}
	}
	return out, at
}

// statusLine names the code under the cursor and why a value is undefined.
func (m Model) statusLine() string {
	text := " " + m.viewer
	codes := m.sorted()
	if m.cursor < len(codes) && m.loaded {
		c := codes[m.cursor]
		parts := []string{c.code}
		for _, r := range c.rows {
			s := r.who + " " + m.number(r.value)
			if m.below(r.value) {
				s += " below " + m.thresholdText()
			}
			if !r.value.Defined && r.value.Reason != "" {
				s += " (" + r.value.Reason + ")"
			}
			parts = append(parts, s)
		}
		text = " " + strings.Join(parts, " · ")
	}
	return m.paint.Render(style.Cell{Reverse: true}, style.Fit(style.Clip(text, m.width), m.width))
}

// keyLine shows the last message, or the keys.
func (m Model) keyLine() string {
	if m.message != "" {
		if m.bad {
			return m.paint.Render(m.theme.Error(), style.Clip(" ✗ "+m.message, m.width))
		}
		return m.paint.Render(m.theme.Success(), style.Clip(" ✓ "+m.message, m.width))
	}
	var b strings.Builder
	for _, h := range [][2]string{{"j/k", "move"}, {"s", "statistic"}, {"o", "sort"}, {"+/-", "threshold"}, {"enter", "compare"}, {"q", "back"}} {
		b.WriteString(" ")
		m.paint.Paint(&b, style.Cell{Bold: true}, h[0])
		b.WriteString(" ")
		m.paint.Paint(&b, m.theme.Dim(), h[1])
		b.WriteString(" ")
	}
	return b.String()
}
