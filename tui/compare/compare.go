// Package compare is the compare-and-consensus view: one source with the
// codings of two or more coders side by side in the margin (one stripe per
// coder and code, named `code·coder`), the places where they differ marked
// in the text, and the team's decisions on them saved into the consensus
// layer through Focal's core (coding/study), one place at a time.
//
// Each decision is one call of the core in a command (Update stays pure); after
// it the source is read again, so what is shown is always what is saved.
package compare

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/help"
	"github.com/focalqda/focal/tui/style"
	"github.com/focalqda/focal/tui/transcript"
)

// seedShares are the seeding choices `%` steps through: 0 seeds
// identical spans only.
func seedShares() []float64 { return []float64{0, 0.5, 0.6, 0.7, 0.8, 0.9} }

// Model is the compare view.
type Model struct {
	ctx    context.Context
	study  Study
	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	viewer string
	source corpus.Source
	want   []string // coders asked for; empty: every coder of the source
	gen    int

	width, height int
	text          transcript.Model
	help          helpView
	data          Data
	loaded        bool
	place         int // index into data.Open
	share         int // index into shares
	pairs         int // which set of coders `p` chose: 0 all, then pairs
	colors        map[string]color.Color
	message       string
	bad           bool
	busy          bool
	readOnly      bool   // review only: every decision says "read-only"
	focus         string // code path to land on once the source is read
}

// helpView is the help screen with whether it is open.
type helpView struct {
	help.Model
	open bool
}

// New returns a compare view of a source for a viewer, who decides (the
// core records each decision as theirs). coders may name the coders to
// compare; by default every coder with codings in the source.
func New(ctx context.Context, st Study, theme style.Theme, src corpus.Source, viewer string, coders []string) Model {
	m := Model{ctx: ctx, study: st, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme),
		viewer: viewer, source: src, want: coders, text: transcript.New(theme)}
	m.help = helpView{Model: help.New(theme)}
	return m
}

// SetReadOnly makes the view browse only: every key that would save a
// decision, seed or complete the consensus says "read-only" and does
// nothing.
func (m *Model) SetReadOnly(on bool) { m.readOnly = on }

// FocusCode positions the view at the first open disagreement on a code
// (by path, e.g. "belonging/isolation") and says on the status line how
// many there are, or that the code has none open in this source. Called
// before the source is read (after New, before Init), it applies once the
// source is read; after, at once. `]` and `[` then step through every
// open place as usual.
func (m *Model) FocusCode(code string) {
	m.focus = code
	if m.loaded {
		m.applyFocus()
	}
}

// applyFocus moves to the first open place of the code FocusCode asked
// for, once.
func (m *Model) applyFocus() {
	code := m.focus
	if code == "" {
		return
	}
	m.focus = ""
	first, n := -1, 0
	for i, p := range m.data.Open {
		if p.Code == code {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	switch {
	case n == 0 && len(m.data.Open) == 0:
		m.say(fmt.Sprintf("no open disagreement on %s in %s", code, m.source.Name))
	case n == 0:
		m.say(fmt.Sprintf("no open disagreement on %s in %s; ] steps through the %d open on other codes", code, m.source.Name, len(m.data.Open)))
	default:
		m.place = first
		m.focusPlace()
		if n == 1 {
			m.say(fmt.Sprintf("the one open disagreement on %s in %s", code, m.source.Name))
		} else {
			m.say(fmt.Sprintf("first of %d open disagreements on %s in %s", n, code, m.source.Name))
		}
	}
}

// Init reads the source.
func (m Model) Init() tea.Cmd { return m.load() }

// KeyMap is the view's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// Data is what the view last read (for tests and callers).
func (m Model) Data() Data { return m.data }

// Current is the open place the view is on, if any.
func (m Model) Current() (Place, bool) {
	if m.place < 0 || m.place >= len(m.data.Open) {
		return Place{}, false
	}
	return m.data.Open[m.place], true
}

// SetSize gives the view the whole screen.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
}

// SetTheme switches colour on or off.
func (m *Model) SetTheme(t style.Theme) {
	m.theme, m.paint = t, style.NewPainter(t)
	m.text.SetTheme(t)
	m.colorCodes()
	m.text.SetCodings(m.codings())
}

// detailRows is how many lines the place panel takes.
func (m Model) detailRows() int {
	return 2 + len(m.data.Compared) + 1
}

// layout sizes the transcript: a title line on top; the place panel, the
// status line and the key line at the bottom.
func (m *Model) layout() {
	th := m.height - 3 - m.detailRows()
	if th < 3 {
		th = max(m.height-3, 0)
	}
	m.text.SetSize(m.width, th)
	m.help.SetSize(m.width, max(m.height-2, 0))
}

// Update handles keys, mouse and the replies of reads and writes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return m, nil
	case loadedMsg:
		return m.loadedData(msg)
	case savedMsg:
		m.busy = false
		if msg.err != nil {
			m.fail(msg.err)
			return m, nil
		}
		m.say(msg.label)
		m.gen++
		return m, m.load()
	case transcript.NoticeMsg:
		m.say(msg.Text)
		return m, nil
	case help.CloseMsg:
		m.help.open = false
		return m, nil
	case tea.KeyPressMsg:
		m.message = ""
		return m.handleKey(msg)
	case tea.MouseMsg:
		mo := msg.Mouse()
		local := tea.Mouse{X: mo.X, Y: mo.Y - 1, Button: mo.Button, Mod: mo.Mod}
		var cmd tea.Cmd
		switch msg.(type) {
		case tea.MouseClickMsg:
			m.text, cmd = m.text.Update(tea.MouseClickMsg(local))
		case tea.MouseMotionMsg:
			m.text, cmd = m.text.Update(tea.MouseMotionMsg(local))
		case tea.MouseReleaseMsg:
			m.text, cmd = m.text.Update(tea.MouseReleaseMsg(local))
		case tea.MouseWheelMsg:
			m.text, cmd = m.text.Update(tea.MouseWheelMsg(local))
		}
		return m, cmd
	}
	return m, nil
}

func (m *Model) say(s string) { m.message, m.bad = s, false }

func (m *Model) fail(err error) { m.message, m.bad = err.Error(), true }

func (m Model) loadedData(msg loadedMsg) (Model, tea.Cmd) {
	if msg.gen != m.gen {
		return m, nil
	}
	if msg.err != nil {
		m.fail(fmt.Errorf("compare %s: %w", m.source.Name, msg.err))
		return m, nil
	}
	first := !m.loaded
	cursor := m.text.Cursor()
	m.data, m.loaded = msg.data, true
	m.colorCodes()
	if first {
		m.text.SetDocument(m.data.Document)
	}
	m.text.SetCodings(m.codings())
	m.layout()
	m.place = min(m.place, len(m.data.Open)-1)
	if len(m.data.Open) > 0 && m.place < 0 {
		m.place = 0
	}
	switch {
	case first:
		m.focusPlace()
	case m.place >= 0:
		m.focusPlace()
	default:
		m.text.SetCursor(cursor)
	}
	m.applyFocus()
	if len(m.data.Compared) < 2 {
		m.fail(fmt.Errorf("%s has codings by %s: comparing needs two coders or more", m.source.Name, orNobody(m.data.Available)))
	}
	return m, nil
}

func orNobody(names []string) string {
	if len(names) == 0 {
		return "nobody"
	}
	return strings.Join(names, ", ")
}

// focusPlace moves the cursor to the current place.
func (m *Model) focusPlace() {
	if p, ok := m.Current(); ok {
		m.text.ClearSelection()
		m.text.SetCursor(p.Start)
	}
}

// colorCodes gives codes their colours as the workspace does: by the
// order they were created.
func (m *Model) colorCodes() {
	byAge := append([]coding.Code(nil), m.data.Codes...)
	sort.SliceStable(byAge, func(i, j int) bool {
		a, b := byAge[i], byAge[j]
		if a.CreatedAt != b.CreatedAt {
			return a.CreatedAt < b.CreatedAt
		}
		return a.Path < b.Path
	})
	m.colors = make(map[string]color.Color, len(byAge))
	for i, c := range byAge {
		m.colors[c.ID] = m.theme.CodeColor(i, c.Color)
	}
}

// codings are what the transcript draws: every compared coder's codings
// and the consensus codings in the margin (named code·coder), and the
// open places painted on the text (named ≠code).
func (m Model) codings() []transcript.Coding {
	out := make([]transcript.Coding, 0, len(m.data.Codings)+len(m.data.Consensus)+len(m.data.Open))
	name := func(path string) string { return path[strings.LastIndex(path, "/")+1:] }
	for _, c := range m.data.Codings {
		out = append(out, transcript.Coding{ID: c.ID, CodeID: c.CodeID, Code: c.Code, Name: name(c.Code), Coder: c.Coder,
			Start: c.Start, End: c.End, Color: m.colors[c.CodeID]})
	}
	for _, c := range m.data.Consensus {
		n := name(c.Code)
		if c.Stale != "" {
			n += "!"
		}
		out = append(out, transcript.Coding{ID: c.ID, CodeID: c.CodeID, Code: c.Code, Name: n, Coder: study.ConsensusCoder,
			Start: c.Start, End: c.End, Color: m.colors[c.CodeID]})
	}
	for i, p := range m.data.Open {
		out = append(out, transcript.Coding{ID: fmt.Sprintf("place:%d", i), CodeID: p.CodeID, Code: p.Code, Name: "≠" + name(p.Code),
			Coder: "open", Own: true, Start: p.Start, End: p.End, Color: m.colors[p.CodeID]})
	}
	return out
}

func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if m.help.open {
		var cmd tea.Cmd
		m.help.Model, cmd = m.help.Model.Update(msg)
		return m, cmd
	}
	_, selecting := m.text.Selection()
	switch {
	case key.Matches(msg, k.Close) && !(selecting && msg.String() == "esc"):
		return m, func() tea.Msg { return CloseMsg{} }
	case key.Matches(msg, k.Help):
		m.help.SetSections(m.helpSections())
		m.help.open = true
		return m, nil
	case !m.loaded:
		return m, nil
	case m.readOnly && (key.Matches(msg, k.TakeA, k.TakeB, k.TakeN, k.Both, k.Overlap, k.Drop, k.Seed, k.Complete) ||
		key.Matches(msg, k.Span) && selecting):
		m.fail(errReadOnly)
		return m, nil
	case key.Matches(msg, k.Reload):
		m.gen++
		m.say("re-read the project")
		return m, m.load()
	case key.Matches(msg, k.Next):
		return m.step(1), nil
	case key.Matches(msg, k.Prev):
		return m.step(-1), nil
	case key.Matches(msg, k.TakeA):
		return m.take(0)
	case key.Matches(msg, k.TakeB):
		return m.take(1)
	case key.Matches(msg, k.TakeN):
		return m.take(int(msg.String()[0] - '1'))
	case key.Matches(msg, k.Both):
		return m.decide(study.DecisionBoth, "", corpus.Span{}, "took both")
	case key.Matches(msg, k.Overlap):
		return m.decide(study.DecisionOverlap, "", corpus.Span{}, "took the overlap")
	case key.Matches(msg, k.Drop):
		return m.decide(study.DecisionDrop, "", corpus.Span{}, "dropped")
	case key.Matches(msg, k.Edit):
		if p, ok := m.Current(); ok {
			m.text.Select(p.Span())
			m.say("move to adjust the end (v starts again from the cursor); c or enter sets these boundaries")
		}
		return m, nil
	case key.Matches(msg, k.Span):
		sel, ok := m.text.Selection()
		if !ok {
			m.say("select the agreed span first: e selects the place, v and motions or shift+arrows select")
			return m, nil
		}
		m.text.ClearSelection()
		return m.decide(study.DecisionSpan, "", sel, fmt.Sprintf("set the boundaries %d–%d", sel.Start, sel.End))
	case key.Matches(msg, k.Seed):
		return m.seed()
	case key.Matches(msg, k.Share):
		m.share = (m.share + 1) % len(seedShares())
		m.say("seeding takes " + m.shareText())
		return m, nil
	case key.Matches(msg, k.Complete):
		return m.complete()
	case key.Matches(msg, k.Coders):
		return m.nextCoders()
	}
	var cmd tea.Cmd
	m.text, cmd = m.text.Update(msg)
	return m, cmd
}

func (m Model) shareText() string {
	if share := seedShares()[m.share]; share > 0 {
		return fmt.Sprintf("identical spans and overlaps ≥ %.0f%%", share*100)
	}
	return "identical spans only"
}

// step moves to the next or previous open place, wrapping around.
func (m Model) step(dir int) Model {
	n := len(m.data.Open)
	if n == 0 {
		m.say("no open disagreements here: D marks the consensus complete")
		return m
	}
	m.place = ((m.place+dir)%n + n) % n
	m.focusPlace()
	return m
}

// take decides the place for one coder's codings.
func (m Model) take(i int) (Model, tea.Cmd) {
	if i < 0 || i >= len(m.data.Compared) {
		m.say(fmt.Sprintf("there are %d coders compared", len(m.data.Compared)))
		return m, nil
	}
	name := m.data.Compared[i]
	return m.decide(study.DecisionTake, name, corpus.Span{}, "took "+name+"'s coding")
}

// decide saves a decision on the current place.
func (m Model) decide(decision, take string, span corpus.Span, label string) (Model, tea.Cmd) {
	p, ok := m.Current()
	if !ok {
		m.say("no open disagreement to decide: S seeds, D marks complete")
		return m, nil
	}
	if m.busy {
		m.say("still saving the last decision")
		return m, nil
	}
	m.busy = true
	r := study.Resolution{Source: m.source.ID, Code: p.Code, Place: p.Span(), Coders: m.data.Compared,
		Decision: decision, Take: take, Span: span}
	label = fmt.Sprintf("%s of %s at %d–%d", label, p.Code, p.Start, p.End)
	if decision == study.DecisionDrop {
		label = fmt.Sprintf("dropped %s at %d–%d (no consensus coding)", p.Code, p.Start, p.End)
	}
	return m, m.save(label, func(ctx context.Context, core Study, p study.Person) error {
		_, err := core.ResolvePlace(ctx, p, r)
		return err
	})
}

func (m Model) seed() (Model, tea.Cmd) {
	if m.readOnly {
		m.fail(errReadOnly)
		return m, nil
	}
	if len(m.data.Compared) < 2 {
		m.say("seeding needs two coders or more")
		return m, nil
	}
	ctx, core, p, src, coders, share, what := m.ctx, m.study, study.As(m.viewer), m.source.ID, m.data.Compared, seedShares()[m.share], m.shareText()
	return m, func() tea.Msg {
		res, err := core.SeedConsensus(ctx, p, src, coders, share)
		return savedMsg{label: fmt.Sprintf("seeded the consensus from %s (%s): %d identical, %d from overlaps",
			strings.Join(coders, ", "), what, res.Identical, res.Overlap), err: err}
	}
}

func (m Model) complete() (Model, tea.Cmd) {
	st := m.data.State
	if st.Status == study.ConsensusComplete {
		return m, m.save("reopened the consensus of "+m.source.Name, func(ctx context.Context, core Study, p study.Person) error {
			return core.ReopenConsensus(ctx, p, m.source.ID)
		})
	}
	if n := len(m.data.Open); n > 0 {
		m.say(fmt.Sprintf("%d open disagreements left: decide them first (] steps through them)", n))
		return m, nil
	}
	// The core decides whether the consensus may be completed (every place
	// of the coders it compares decided); the count above only spares a
	// round trip for the pair on screen.
	return m, m.save("marked the consensus of "+m.source.Name+" complete", func(ctx context.Context, core Study, p study.Person) error {
		_, err := core.CompleteConsensus(ctx, p, m.source.ID, false)
		return err
	})
}

// nextCoders steps the compared coders: all of them, then each pair.
func (m Model) nextCoders() (Model, tea.Cmd) {
	av := m.data.Available
	var sets [][]string
	sets = append(sets, nil)
	if len(av) > 2 {
		for i := range av {
			for j := i + 1; j < len(av); j++ {
				sets = append(sets, []string{av[i], av[j]})
			}
		}
	}
	m.pairs = (m.pairs + 1) % len(sets)
	m.want = sets[m.pairs]
	m.place = 0
	m.gen++
	who := "every coder"
	if m.want != nil {
		who = strings.Join(m.want, " and ")
	}
	m.say("comparing " + who)
	return m, m.load()
}

// helpSections lists the view's keys and the text keys.
func (m Model) helpSections() []help.Section {
	ck := m.keys.FullHelp()
	tk := m.text.KeyMap().FullHelp()
	if m.readOnly {
		// A review lists only what works in it: moving and looking.
		k := m.keys
		return []help.Section{
			{Title: "Disagreements (read-only)", Bindings: ck[0]},
			{Title: "View", Bindings: []key.Binding{k.Coders, k.Reload, k.Help, k.Close}},
			{Title: "Move in the text", Bindings: tk[0]},
			{Title: "Help", Bindings: m.help.KeyMap().FullHelp()[0]},
		}
	}
	return []help.Section{
		{Title: "Disagreements", Bindings: ck[0]},
		{Title: "Decide", Bindings: ck[1]},
		{Title: "Consensus and view", Bindings: ck[2]},
		{Title: "Move in the text", Bindings: tk[0]},
		{Title: "Select (for boundaries)", Bindings: tk[1]},
		{Title: "Help", Bindings: m.help.KeyMap().FullHelp()[0]},
	}
}

// View draws the view: exactly height lines of width cells.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	rows := make([]string, 0, m.height)
	rows = append(rows, m.paint.Render(style.Cell{Reverse: true, Bold: true}, style.Fit(" "+m.title(), m.width)))
	if m.help.open {
		rows = append(rows, strings.Split(m.help.View(), "\n")...)
	} else {
		if m.loaded {
			rows = append(rows, strings.Split(m.text.View(), "\n")...)
		} else {
			rows = append(rows, "reading "+m.source.Name+"…")
		}
		rows = append(rows, m.details()...)
		rows = append(rows, m.statusLine())
	}
	for len(rows) < m.height-1 {
		rows = append(rows, "")
	}
	rows = append(rows[:min(len(rows), m.height-1)], m.keyLine())
	for i := range rows {
		rows[i] = style.Fit(rows[i], m.width)
	}
	return strings.Join(rows[len(rows)-m.height:], "\n")
}

// title names the source, the coders, the consensus status and what is
// left to decide.
func (m Model) title() string {
	d := m.data
	st := d.State
	status := st.Status
	if status == "" {
		status = study.ConsensusNone
	}
	parts := []string{"Compare " + m.source.Name, strings.Join(d.Compared, " | ")}
	cons := "consensus " + status
	if st.Codings > 0 {
		cons += fmt.Sprintf(" (%d codings", st.Codings)
		if st.Stale > 0 {
			cons += fmt.Sprintf(", %d stale", st.Stale)
		}
		cons += ")"
	}
	parts = append(parts, cons, fmt.Sprintf("%d open · %d decided", len(d.Open), d.Decided))
	return strings.Join(parts, " · ")
}

// details is the place panel: the place, each coder's stretch drawn as a
// track over the place and a little around it, and the consensus there.
func (m Model) details() []string {
	n := m.detailRows()
	if m.height-3-n < 3 {
		return nil
	}
	out := make([]string, 0, n)
	p, ok := m.Current()
	if !ok {
		msg := " no open disagreements"
		if len(m.data.Compared) >= 2 {
			msg += fmt.Sprintf(" between %s", strings.Join(m.data.Compared, ", "))
		}
		if m.data.State.Status != study.ConsensusComplete {
			msg += " · D marks the consensus complete · S seeds"
		}
		out = append(out, m.paint.Render(m.theme.Accent(), style.Clip(msg, m.width)))
	} else {
		kind := "boundaries differ"
		if p.Kind == "only" {
			kind = "only " + strings.Join(p.Applied, ", ") + " coded it"
		}
		head := fmt.Sprintf(" ≠ %d/%d %s · turn %d %s · %d–%d · %s", m.place+1, len(m.data.Open), p.Code, p.Turn, p.Speaker, p.Start, p.End, kind)
		out = append(out, m.paint.Render(m.theme.Accent(), style.Clip(head, m.width)))
	}
	labelW := 13
	for _, c := range m.data.Compared {
		labelW = max(labelW, ansi.StringWidth(c)+4)
	}
	labelW = min(labelW, 18)
	rangeW := 24
	trackW := max(m.width-labelW-rangeW-3, 4)
	window := corpus.Span{}
	if ok {
		pad := max(p.End-p.Start, 20) / 4
		window = corpus.Span{Start: max(p.Start-pad, 0), End: p.End + pad}
	}
	track := func(label string, spans []corpus.Span, mark string) string {
		var b strings.Builder
		b.WriteString(style.Fit(" "+style.Clip(label, labelW-1), labelW))
		b.WriteString("▕")
		if ok {
			for i := range trackW {
				lo := window.Start + (window.End-window.Start)*i/trackW
				hi := max(window.Start+(window.End-window.Start)*(i+1)/trackW, lo+1)
				cell := " "
				if lo < p.End && p.Start < hi {
					cell = "·"
				}
				for _, s := range spans {
					if s.Start < hi && lo < s.End {
						cell = mark
						break
					}
				}
				b.WriteString(cell)
			}
		} else {
			b.WriteString(strings.Repeat(" ", trackW))
		}
		b.WriteString("▏ ")
		var r []string
		for _, s := range spans {
			r = append(r, fmt.Sprintf("%d–%d", s.Start, s.End))
		}
		if len(r) == 0 && ok {
			r = []string{"did not code it"}
		}
		b.WriteString(style.Clip(strings.Join(r, ", "), rangeW))
		return b.String()
	}
	near := func(s corpus.Span) bool { return ok && s.Start < window.End && window.Start < s.End }
	for i, coder := range m.data.Compared {
		var spans []corpus.Span
		for _, c := range m.data.Codings {
			if ok && c.Coder == coder && c.CodeID == p.CodeID && near(corpus.Span{Start: c.Start, End: c.End}) {
				spans = append(spans, corpus.Span{Start: c.Start, End: c.End})
			}
		}
		keyName := fmt.Sprint(i + 1)
		if i < 2 {
			keyName = string(rune('a' + i))
		}
		out = append(out, track(keyName+" "+coder, spans, "█"))
	}
	var spans []corpus.Span
	for _, c := range m.data.Consensus {
		if ok && c.CodeID == p.CodeID && near(corpus.Span{Start: c.Start, End: c.End}) {
			spans = append(spans, corpus.Span{Start: c.Start, End: c.End})
		}
	}
	line := track("= consensus", spans, "▓")
	if ok && len(spans) == 0 {
		line = track("= consensus", nil, "▓")
		line = strings.TrimSuffix(line, "did not code it") + "none yet"
	}
	out = append(out, line)
	out = append(out, m.provenance())
	return out
}

// provenance describes the consensus codings under the cursor: how they
// were decided, from whose codings, by whom, and whether a later edit made
// them stale.
func (m Model) provenance() string {
	cur := m.text.Cursor()
	var parts []string
	for _, c := range m.data.Consensus {
		if c.Start <= cur && cur < c.End {
			s := ""
			if c.Stale != "" {
				// Stale first: it is what the team must look at again.
				s = "! stale (" + c.Stale + ") "
			}
			s += fmt.Sprintf("%s %d–%d: %s from %s by %s %s", c.Code, c.Start, c.End, c.Method,
				strings.Join(c.FromCoders, "+"), c.DecidedBy, dateOf(c.DecidedAt))
			if c.CodebookVersion != "" {
				s += " · codebook " + c.CodebookVersion
			}
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return m.paint.Render(m.theme.Dim(), " consensus under the cursor: none")
	}
	return style.Clip(" consensus here: "+strings.Join(parts, "; "), m.width)
}

func dateOf(t string) string {
	if len(t) >= 10 {
		return t[:10]
	}
	return t
}

// statusLine names the turn and the codings under the cursor with their
// coders (so nothing rests on colour), and the seeding choice.
func (m Model) statusLine() string {
	var left []string
	if m.text.Loaded() {
		pos := m.text.Position()
		left = append(left, fmt.Sprintf("turn %d/%d %s", pos.TurnIndex+1, pos.Turns, pos.Turn.Speaker))
		if pos.Selecting {
			left = append(left, fmt.Sprintf("selected %d–%d", pos.Selection.Start, pos.Selection.End))
		}
		var names []string
		for _, c := range pos.Codings {
			if c.Own {
				continue
			}
			names = append(names, c.Code+" ("+c.Coder+")")
		}
		if len(names) == 0 {
			names = []string{"no coding here"}
		}
		left = append(left, strings.Join(names, ", "))
	}
	right := m.viewer + " · seed: " + m.shareText()
	if m.width < 100 {
		right = m.viewer
	}
	l := style.Clip(" "+strings.Join(left, " · "), max(m.width-ansi.StringWidth(right)-2, 0))
	gap := max(m.width-ansi.StringWidth(l)-ansi.StringWidth(right)-1, 1)
	return m.paint.Render(style.Cell{Reverse: true}, style.Fit(l+strings.Repeat(" ", gap)+right+" ", m.width))
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
	b.WriteString(" ")
	bindings := m.keys.ShortHelp()
	if m.readOnly {
		k := m.keys
		bindings = []key.Binding{k.Next, k.Prev, k.Coders, k.Help, k.Close}
	}
	if m.help.open {
		bindings = m.help.KeyMap().ShortHelp()
	} else if _, sel := m.text.Selection(); sel {
		bindings = []key.Binding{m.keys.Span, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
	}
	for i, kb := range bindings {
		if i > 0 {
			b.WriteString("  ")
		}
		h := kb.Help()
		m.paint.Paint(&b, style.Cell{Bold: true}, h.Key)
		b.WriteString(" ")
		desc := h.Desc
		if i := strings.IndexAny(desc, " ("); i > 0 && len(bindings) > 4 {
			desc = shortDesc(kb)
		}
		m.paint.Paint(&b, m.theme.Dim(), desc)
	}
	return b.String()
}

// shortDesc is a binding's one-word name for the key line.
func shortDesc(kb key.Binding) string {
	switch kb.Help().Key {
	case "]/tab":
		return "next"
	case "a":
		return "take A"
	case "b":
		return "take B"
	case "+":
		return "both"
	case "o":
		return "overlap"
	case "e":
		return "adjust"
	case "x":
		return "drop"
	case "S":
		return "seed"
	case "D":
		return "complete"
	case "?":
		return "help"
	case "q/esc/C":
		return "back"
	}
	return kb.Help().Desc
}
