// Package dashboard is the agreement dashboard: per code, how well the
// coders agree, drawn as text bars with the number beside them, a
// threshold the team chooses, and the codes below it marked "below". Three
// modes compare different things: the coded text by character (Cohen's
// kappa per pair, Krippendorff's alpha of all coders, or percent
// agreement), Krippendorff's unitizing alphas of the coded stretches
// themselves, and MAXQDA-style segment overlap.
//
// The agreement is computed in commands from what the core reads (every
// source, every coder with codings): the coded-text statistics when the
// dashboard opens, the other modes when they are first shown; Update only
// moves the cursor and changes the view. The dashboard never writes to the
// project.
package dashboard

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/tui/style"
)

// Mode is what the dashboard compares.
type Mode int

const (
	// CodedText compares the coded text character by character: whether
	// each coder applied the code to it, with the statistic chosen (Stat).
	// It is what `focal agree --include-unfinished` computes.
	CodedText Mode = iota
	// Unitized compares the coded stretches themselves with
	// Krippendorff's unitizing alphas, as `focal agree --unitized` does:
	// each code's |u-alpha, and every code used as one domain (u-alpha,
	// |u-alpha, cu-alpha, each code's (k)u-alpha).
	Unitized
	// Overlap compares the coders' segments as MAXQDA does, as `focal
	// agree --overlap` does: a segment is matched when the other coder's
	// segment of the code overlaps it by at least a share of the text the
	// two cover together.
	Overlap
	modes
)

func (md Mode) String() string {
	switch md {
	case Unitized:
		return "unitizing alphas"
	case Overlap:
		return "segment overlap"
	}
	return "coded text"
}

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

// DefaultThreshold is where the threshold starts: Krippendorff's 0.800,
// from which data count as reliable (the same guidance `focal agree`
// judges codes by).
const DefaultThreshold = agreement.ReliableFrom

// shareStep is how far < and > move the overlap share, in percent.
const shareStep = 5

// KeyMap lists the dashboard's keys.
type KeyMap struct {
	Up, Down, Stat, Mode, Order, Raise, Lower key.Binding
	ShareUp, ShareDown                        key.Binding
	Compare, Reload, Close                    key.Binding
	// Groups opens the group view (tui/groups).
	Groups key.Binding
}

// DefaultKeyMap is the dashboard's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "previous code")),
		Down:      key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next code")),
		Stat:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "statistic: kappa / alpha / percent (coded text)")),
		Mode:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "mode: coded text / unitizing alphas / segment overlap")),
		Order:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by value / by name")),
		Raise:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "threshold up 0.05")),
		Lower:     key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "threshold down 0.05")),
		ShareUp:   key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "segment overlap: share to match up 0.05")),
		ShareDown: key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "segment overlap: share to match down 0.05")),
		Compare:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "compare view at this code's first open disagreement")),
		Reload:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "compute again")),
		Close:     key.NewBinding(key.WithKeys("q", "esc", "A"), key.WithHelp("q/esc/A", "back to coding")),
		Groups:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "group view: shares of talk, Gini, who speaks after whom")),
	}
}

// ShortHelp is the key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Stat, k.Mode, k.Order, k.Raise, k.Lower, k.Compare, k.Groups, k.Close}
}

// FullHelp groups the keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Stat, k.Mode, k.Order, k.Raise, k.Lower, k.ShareUp, k.ShareDown, k.Compare, k.Groups, k.Reload, k.Close}}
}

// Model is the dashboard.
type Model struct {
	ctx    context.Context
	study  Study
	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	viewer string
	gen    int

	width, height int
	data          Data
	loaded        bool
	mode          Mode
	stat          Stat
	order         Order
	threshold     float64
	cursor        int // index into the sorted codes
	message       string
	bad           bool

	// The other modes' reports, computed from data when first shown and
	// dropped when data is read again. share is the overlap share in
	// percent; overlaps and waiting are keyed by it. The maps are
	// replaced, never written in place, since models are copied.
	share    int
	unitized *agreement.UnitizedReport
	waitingU bool
	overlaps map[int]agreement.OverlapReport
	waiting  map[int]bool
	failed   [modes]string // why a mode's report could not be computed
}

// New returns a dashboard read as viewer.
func New(ctx context.Context, st Study, theme style.Theme, viewer string) Model {
	return Model{ctx: ctx, study: st, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme),
		viewer: viewer, threshold: DefaultThreshold, share: int(math.Round(agree.DefaultOverlapShare * 100))}
}

// Init computes the agreement.
func (m Model) Init() tea.Cmd { return m.load() }

// KeyMap is the dashboard's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// Data is what the dashboard last computed.
func (m Model) Data() Data { return m.data }

// Threshold is the threshold now.
func (m Model) Threshold() float64 { return m.threshold }

// Stat is the statistic shown in the coded-text mode.
func (m Model) Stat() Stat { return m.stat }

// Mode is what the dashboard compares now.
func (m Model) Mode() Mode { return m.mode }

// OverlapShare is the share of the text two segments cover together that
// they must share for the segment-overlap mode to count them as matched.
func (m Model) OverlapShare() float64 { return float64(m.share) / 100 }

// Unitized is the unitizing report, once the mode has been shown and its
// computation has come back.
func (m Model) Unitized() (agreement.UnitizedReport, bool) {
	if m.unitized == nil {
		return agreement.UnitizedReport{}, false
	}
	return *m.unitized, true
}

// Overlap is the segment-overlap report at the share now, once computed.
func (m Model) Overlap() (agreement.OverlapReport, bool) {
	r, ok := m.overlaps[m.share]
	return r, ok
}

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
		return m.ensure()
	case unitizedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.waitingU = false
		if msg.err != nil {
			m.failed[Unitized] = msg.err.Error()
			m.message, m.bad = "unitizing alphas: "+msg.err.Error(), true
			return m, nil
		}
		code := m.Current()
		m.unitized = &msg.report
		m.follow(code)
	case overlapMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.waiting = without(m.waiting, msg.percent)
		if msg.err != nil {
			m.failed[Overlap] = msg.err.Error()
			m.message, m.bad = "segment overlap: "+msg.err.Error(), true
			return m, nil
		}
		code := m.Current()
		m.overlaps = maps.Clone(m.overlaps)
		if m.overlaps == nil {
			m.overlaps = map[int]agreement.OverlapReport{}
		}
		m.overlaps[msg.percent] = msg.report
		m.follow(code)
	case noOpenMsg:
		if msg.err != nil {
			m.message, m.bad = fmt.Sprintf("finding the first open disagreement on %s: %v", msg.code, msg.err), true
			return m, nil
		}
		m.message, m.bad = fmt.Sprintf("no open disagreement on %s in any source: the coders agree on it, or every place is decided", msg.code), false
	case tea.KeyPressMsg:
		m.message = ""
		return m.handleKey(msg)
	}
	return m, nil
}

// ensure starts computing the report the mode shows, unless it is there
// or on its way.
func (m Model) ensure() (Model, tea.Cmd) {
	if !m.loaded || len(m.data.Coders) < 2 || len(m.data.codes) == 0 {
		return m, nil
	}
	switch m.mode {
	case Unitized:
		if m.unitized != nil || m.waitingU {
			return m, nil
		}
		m.waitingU, m.failed[Unitized] = true, ""
		return m, m.computeUnitized()
	case Overlap:
		if _, ok := m.overlaps[m.share]; ok || m.waiting[m.share] {
			return m, nil
		}
		m.waiting = maps.Clone(m.waiting)
		if m.waiting == nil {
			m.waiting = map[int]bool{}
		}
		m.waiting[m.share], m.failed[Overlap] = true, ""
		return m, m.computeOverlap(m.share)
	}
	return m, nil
}

// without is a set less one member, leaving the original as it was.
func without(set map[int]bool, k int) map[int]bool {
	out := maps.Clone(set)
	delete(out, k)
	return out
}

// computed reports whether what the mode shows is there.
func (m Model) computed() bool {
	switch m.mode {
	case Unitized:
		return m.unitized != nil
	case Overlap:
		_, ok := m.overlaps[m.share]
		return ok
	}
	return true
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
	case key.Matches(msg, k.Groups):
		return m, func() tea.Msg { return GroupsMsg{} }
	case key.Matches(msg, k.Reload):
		m.gen++
		m.unitized, m.waitingU, m.overlaps, m.waiting, m.failed = nil, false, nil, nil, [modes]string{}
		m.message, m.bad = "computing again", false
		return m, m.load()
	case key.Matches(msg, k.Stat):
		if m.mode != CodedText {
			m.message, m.bad = "s chooses the statistic of the coded-text mode: u switches modes", false
			return m, nil
		}
		m.stat = (m.stat + 1) % stats
		m.message, m.bad = "showing "+m.stat.String(), false
	case key.Matches(msg, k.Mode):
		code := m.Current()
		m.mode = (m.mode + 1) % modes
		m.message, m.bad = "showing "+m.modeText(), false
		m.follow(code)
		return m.ensure()
	case key.Matches(msg, k.ShareUp, k.ShareDown):
		if m.mode != Overlap {
			m.message, m.bad = "< and > set the overlap share of the segment-overlap mode: u switches to it", false
			return m, nil
		}
		step := shareStep
		if key.Matches(msg, k.ShareDown) {
			step = -shareStep
		}
		next := min(max(m.share+step, shareStep), 100)
		if next == m.share {
			m.message, m.bad = fmt.Sprintf("the overlap share is already %d%%, as far as it goes", m.share), false
			return m, nil
		}
		code := m.Current()
		m.share = next
		m.message, m.bad = fmt.Sprintf("a segment is matched when another coder's overlaps it by %d%% or more", m.share), false
		m.follow(code)
		return m.ensure()
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
			m.message, m.bad = "finding the first open disagreement on "+code, false
			return m, m.compareAt(code)
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

// row is one value of one code: a pair's, all coders', or one
// coefficient's. detail is an extra column (the segments matched); note
// says more on the status line.
type row struct {
	who    string
	value  agree.Value
	detail string
	note   string
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

// sorted lists the codes in the chosen order with their rows for the mode.
func (m Model) sorted() []codeRows {
	var out []codeRows
	switch m.mode {
	case Unitized:
		out = m.unitizedRows()
	case Overlap:
		out = m.overlapRows()
	default:
		out = m.codedRows()
	}
	for i := range out {
		for _, x := range out[i].rows {
			if x.value.Defined {
				out[i].low = math.Min(out[i].low, x.value.V)
			}
		}
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

// codedRows are the coded-text mode's rows: the statistic chosen per pair
// or of all coders.
func (m Model) codedRows() []codeRows {
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
		out = append(out, c)
	}
	return out
}

// unitizedRows are the unitizing mode's rows: each code's (k)u-alpha in
// the domain of every code used, and its |u-alpha alone. Without the
// report yet, the codes have no rows.
func (m Model) unitizedRows() []codeRows {
	alone := map[string]agreement.UnitizedCode{}
	inDomain := map[string]agreement.DomainCode{}
	if r := m.unitized; r != nil {
		for _, c := range r.Codes {
			alone[c.Code] = c
		}
		if len(r.Domains) > 0 {
			for _, c := range r.Domains[0].PerCode {
				inDomain[c.Code] = c
			}
		}
	}
	out := make([]codeRows, 0, len(m.data.codes))
	for _, code := range m.data.codes {
		c := codeRows{code: code, low: math.Inf(1)}
		if m.unitized != nil {
			k, b := inDomain[code], alone[code]
			c.rows = []row{
				{who: "(k)u-alpha", value: k.KAlpha.Alpha, note: "coverage " + percent(k.Coverage)},
				{who: "|u-alpha", value: b.Binary.Alpha, note: "segments " + joinCounts(b.Segments)},
			}
		}
		out = append(out, c)
	}
	return out
}

// overlapRows are the segment-overlap mode's rows: per pair of coders the
// segments each matched and the percent agreement.
func (m Model) overlapRows() []codeRows {
	r, ok := m.overlaps[m.share]
	out := make([]codeRows, 0, len(m.data.codes))
	for i, code := range m.data.codes {
		c := codeRows{code: code, low: math.Inf(1)}
		for _, p := range r.Pairs {
			if !ok || i >= len(p.PerCode) || p.PerCode[i].Code != code {
				continue
			}
			x := p.PerCode[i]
			c.rows = append(c.rows, row{who: p.CoderA + "–" + p.CoderB, value: x.PercentAgreement,
				detail: fmt.Sprintf("%d/%d %d/%d", x.MatchedA, x.SegmentsA, x.MatchedB, x.SegmentsB),
				note: fmt.Sprintf("%s %d of %d segments matched, %d unmatched; %s %d of %d, %d unmatched",
					p.CoderA, x.MatchedA, x.SegmentsA, x.UnmatchedA, p.CoderB, x.MatchedB, x.SegmentsB, x.UnmatchedB)})
		}
		out = append(out, c)
	}
	return out
}

func percent(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.1f%%", v.V*100)
}

func joinCounts(counts []int64) string {
	parts := make([]string, len(counts))
	for i, n := range counts {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, "/")
}

func (m Model) isBelow(c codeRows) bool {
	for _, r := range c.rows {
		if m.below(r.value) {
			return true
		}
	}
	return false
}

// percents reports whether the values shown are percent agreement.
func (m Model) percents() bool {
	return m.mode == Overlap || m.mode == CodedText && m.stat == Percent
}

// number writes a value: a fraction with two decimals, a percentage for
// percent agreement, or "undefined".
func (m Model) number(v agree.Value) string {
	if m.percents() {
		return percent(v)
	}
	return fraction(v)
}

func fraction(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.2f", v.V)
}

func (m Model) thresholdText() string {
	if m.percents() {
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
	lines, at := m.lines()
	// Very small screens keep the title and the key line.
	return style.Screen(m.width, m.height, m.paint.Render(style.Cell{Reverse: true, Bold: true}, style.Fit(" "+m.title(), m.width)), lines, at,
		m.statusLine(), m.keyLine())
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
	what, how := m.stat.String(), "by character, participants' turns"
	switch m.mode {
	case Unitized:
		what, how = "unitizing alphas, (k)u and |u per code", "participants' turns"
	case Overlap:
		what, how = fmt.Sprintf("segment overlap ≥ %d%%, percent agreement per pair", m.share), "participants' turns"
	}
	return fmt.Sprintf("Agreement: %s · %s · threshold %s · %d codes · %s · %d sources, %s",
		what, order, m.thresholdText(), len(d.Report.PerCode), strings.Join(d.Coders, ", "), d.Sources, how)
}

// clip cuts a line of plain text to the screen's width.
func (m Model) clip(s string) string { return style.Clip(s, m.width) }

// wrapped breaks plain text at spaces into lines of the screen's width,
// the later ones indented under the first, and paints them.
func (m Model) wrapped(c style.Cell, s string) []string {
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	indent := lead + "  "
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = lead + w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) > m.width:
			out = append(out, line)
			line = indent + w
		default:
			line += " " + w
		}
	}
	if line != "" {
		out = append(out, line)
	}
	for i := range out {
		out[i] = m.paint.Render(c, m.clip(out[i]))
	}
	return out
}

// packed joins figures with " · " into lines of the screen's width,
// breaking only between them so that a name stays with its number.
func (m Model) packed(figures ...string) []string {
	var out []string
	line := ""
	for _, f := range figures {
		switch {
		case line == "":
			line = " " + f
		case ansi.StringWidth(line)+3+ansi.StringWidth(f) > m.width:
			out = append(out, m.clip(line))
			line = "   " + f
		default:
			line += " · " + f
		}
	}
	if line != "" {
		out = append(out, m.clip(line))
	}
	return out
}

// modeText says what the mode shows, for the key line.
func (m Model) modeText() string {
	switch m.mode {
	case Unitized:
		return "unitizing alphas: per code its (k)u-alpha among every code used and its |u-alpha alone"
	case Overlap:
		return fmt.Sprintf("segment overlap: segments matched at an overlap of %d%% or more (< > change it)", m.share)
	}
	return "coded text: " + m.stat.String() + " (s changes it)"
}

// header is what the mode says of all codes together, above them.
func (m Model) header() []string {
	switch m.mode {
	case Unitized:
		return m.unitizedHeader()
	case Overlap:
		return m.overlapHeader()
	}
	return nil
}

// placesShown is how many places where a coder marked two codes at once
// the unitizing header lists.
const placesShown = 3

// unitizedHeader gives the domain of every code used (u-alpha, |u-alpha,
// cu-alpha) and the places that leave them undefined.
func (m Model) unitizedHeader() []string {
	r := m.unitized
	if r == nil || len(r.Domains) == 0 {
		return nil
	}
	d := r.Domains[0]
	out := m.packed(fmt.Sprintf("%s as one domain (%d codes)", d.Name, len(d.Codes)), "u-alpha "+fraction(d.U.Alpha),
		"|u-alpha "+fraction(d.Binary.Alpha), "cu-alpha "+fraction(d.CU.Alpha), fmt.Sprintf("%d characters", r.Length))
	if n := len(d.SelfOverlaps); n > 0 {
		places := fmt.Sprintf("%d places", n)
		if n == 1 {
			places = "1 place"
		}
		out = append(out, m.wrapped(m.theme.Error(), fmt.Sprintf(
			" ! %s where a coder marked two codes on the same text: the codes of a domain must not overlap within a coder, so the domain's figures and (k)u-alpha are undefined (|u-alpha is not)", places))...)
		for i, p := range d.SelfOverlaps {
			if i == placesShown {
				out = append(out, m.clip(fmt.Sprintf("   … and %d more", n-placesShown)))
				break
			}
			out = append(out, m.clip(fmt.Sprintf("   %s turn %d (%s) · %s · %d–%d · %s · “%s”", p.Source, p.Turn, p.Speaker, p.Coder, p.Start, p.End,
				strings.Join(p.Codes, " + "), strings.Join(strings.Fields(p.Text), " "))))
		}
		return out
	}
	for _, v := range []struct {
		name  string
		value agree.Value
	}{{"u-alpha", d.U.Alpha}, {"|u-alpha", d.Binary.Alpha}, {"cu-alpha", d.CU.Alpha}} {
		if !v.value.Defined && v.value.Reason != "" {
			out = append(out, m.wrapped(m.theme.Dim(), "   "+v.name+" undefined: "+v.value.Reason)...)
		}
	}
	return out
}

// overlapHeader gives the share that matches and each pair's totals with
// Brennan and Prediger's kappa.
func (m Model) overlapHeader() []string {
	r, ok := m.overlaps[m.share]
	if !ok {
		return nil
	}
	out := m.wrapped(style.Cell{}, fmt.Sprintf(" matched: another coder's segment of the code overlaps it by %d%% or more of the text both cover (< > change it by %d%%)",
		m.share, shareStep))
	for _, p := range r.Pairs {
		kappa := fmt.Sprintf("kappa %s (Brennan–Prediger, chance 1/q over q = %d codes used)", fraction(p.Kappa), p.Codes)
		if !p.Kappa.Defined && p.Kappa.Reason != "" {
			kappa += ": " + p.Kappa.Reason
		}
		out = append(out, m.packed(fmt.Sprintf("%s–%s: %d of %d segments matched (%s)", p.CoderA, p.CoderB,
			p.Total.MatchedA+p.Total.MatchedB, p.Total.SegmentsA+p.Total.SegmentsB, percent(p.PercentAgreement)), kappa)...)
	}
	if r.LeftOut > 0 {
		out = append(out, m.wrapped(m.theme.Dim(), fmt.Sprintf(" %d codings have no text in the participants' turns and are not compared", r.LeftOut))...)
	}
	return out
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
	if !m.computed() {
		if why := m.failed[m.mode]; why != "" {
			return []string{m.paint.Render(m.theme.Error(), style.Clip(" ✗ "+m.mode.String()+": "+why, m.width))}, 0
		}
		return []string{" computing " + m.mode.String() + "…"}, 0
	}
	codeW, whoW, detailW := 4, 6, 0
	for _, c := range codes {
		codeW = max(codeW, ansi.StringWidth(c.code))
		for _, r := range c.rows {
			whoW = max(whoW, ansi.StringWidth(r.who))
			detailW = max(detailW, ansi.StringWidth(r.detail))
		}
	}
	whoTitle, detailTitle := "coders", "matched"
	if m.mode == Unitized {
		whoTitle = "coefficient"
	}
	whoW = max(whoW, ansi.StringWidth(whoTitle))
	codeW, whoW = min(codeW, 28), min(whoW, 16)
	if detailW > 0 {
		detailW = max(detailW, ansi.StringWidth(detailTitle)) + 1
	}
	const valueW, belowW = 9, 6
	barW := m.width - 2 - codeW - 1 - whoW - 1 - detailW - 1 - valueW - belowW
	if barW < 10 {
		codeW = max(codeW-(10-barW), 6)
		barW = m.width - 2 - codeW - 1 - whoW - 1 - detailW - 1 - valueW - belowW
	}
	var out []string
	for _, h := range m.header() {
		out = append(out, style.Fit(h, m.width))
	}
	out = append(out, m.paint.Render(m.theme.Dim(), style.Fit("  "+style.Fit("code", codeW)+" "+style.Fit(whoTitle, whoW)+" "+
		style.Fit(detailTitle, detailW)+style.Fit("0 … 1, ┊ threshold", max(barW, 0))+" value", m.width)))
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
				style.Fit(r.detail, detailW) + m.bar(r.value, barW) + " " + fmt.Sprintf("%*s", valueW, value) + tag
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
			var more []string
			if r.note != "" {
				more = append(more, r.note)
			}
			if !r.value.Defined && r.value.Reason != "" {
				more = append(more, r.value.Reason)
			}
			if len(more) > 0 {
				s += " (" + strings.Join(more, "; ") + ")"
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
	keys := [][2]string{{"j/k", "move"}, {"s", "statistic"}, {"u", "mode"}, {"o", "sort"}, {"+/-", "threshold"}, {"enter", "compare"}, {"q", "back"}}
	switch m.mode {
	case Unitized:
		keys = slices.Delete(keys, 1, 2)
	case Overlap:
		keys[1] = [2]string{"</>", "overlap share"}
	}
	var b strings.Builder
	for _, h := range keys {
		b.WriteString(" ")
		m.paint.Paint(&b, style.Cell{Bold: true}, h[0])
		b.WriteString(" ")
		m.paint.Paint(&b, m.theme.Dim(), h[1])
		b.WriteString(" ")
	}
	return b.String()
}
