// Package suggestions is the workspace's suggestions screen: for one code,
// the passages not yet coded with it that resemble those coded with it,
// best first, each with why (the words it shares with them and their
// weights), to step through and accept (code it: one action, which undo
// takes back), reject (remembered: never suggested again for the code) or
// skip. The core (coding/study) builds the suggestions as the coder may see
// the project: under blinding from their own codings only.
//
// Reads and writes run in commands; Update never waits on the disk.
package suggestions

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// Study is what the screen asks of the application core.
type Study interface {
	Suggest(ctx context.Context, p study.Person, req study.SuggestRequest) (study.Suggestions, error)
	AcceptSuggestion(ctx context.Context, p study.Person, code, source string, span corpus.Span) (study.AddCodingResult, error)
	RejectSuggestion(ctx context.Context, p study.Person, code, source string, span corpus.Span) (study.SuggestionReject, bool, error)
}

var _ Study = (*study.Study)(nil)

// Limit is how many suggestions the screen asks for at a time.
const Limit = 20

// KeyMap lists the screen's keys.
type KeyMap struct {
	Up, Down, Accept, Reject, Skip, Unit, Close key.Binding
}

// DefaultKeyMap is the screen's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous suggestion")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next suggestion")),
		Accept: key.NewBinding(key.WithKeys("a", "enter"), key.WithHelp("a/enter", "accept: code the passage (u in the workspace undoes it)")),
		Reject: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject: not for this code, never suggested again")),
		Skip:   key.NewBinding(key.WithKeys("s", "space"), key.WithHelp("s/space", "skip for now")),
		Unit:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "sentences or whole turns")),
		Close:  key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back to the workspace")),
	}
}

// FullHelp groups the keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Accept, k.Reject, k.Skip, k.Unit, k.Close}}
}

// CloseMsg asks the workspace to close the screen. Changed is true when a
// passage was coded, so the workspace re-reads its codings.
type CloseMsg struct{ Changed bool }

type loadedMsg struct {
	gen  int
	data study.Suggestions
	err  error
}

type decidedMsg struct {
	gen  int
	what string
	err  error
}

// Owns reports whether a message belongs to the screen (its reads and
// writes), for the workspace's routing.
func Owns(msg tea.Msg) bool {
	switch msg.(type) {
	case loadedMsg, decidedMsg:
		return true
	}
	return false
}

type passageKey struct {
	source     string
	start, end int
}

// Model is the suggestions screen.
type Model struct {
	ctx   context.Context
	study Study
	keys  KeyMap
	theme style.Theme
	paint *style.Painter

	coder, code, unit string
	readOnly          bool
	width, height     int

	gen     int
	loaded  bool
	data    study.Suggestions
	shown   []study.Suggestion // data's suggestions less the skipped ones
	skipped map[passageKey]bool
	cursor  int
	status  string
	err     error
	changed bool
}

// New returns the screen for a code (path or id), read and acted on as
// coder.
func New(ctx context.Context, st Study, theme style.Theme, coder, code string) Model {
	return Model{ctx: ctx, study: st, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme),
		coder: coder, code: code, unit: study.UnitSentence, skipped: map[passageKey]bool{}}
}

// SetReadOnly makes accept and reject refuse (review mode).
func (m *Model) SetReadOnly(on bool) { m.readOnly = on }

// SetSize gives the screen the whole terminal.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// KeyMap is the screen's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// Init asks for the suggestions.
func (m Model) Init() tea.Cmd { return m.load() }

// Suggestions are the suggestions shown now, skipped ones left out.
func (m Model) Suggestions() []study.Suggestion { return m.shown }

// Cursor is the position of the highlighted suggestion.
func (m Model) Cursor() int { return m.cursor }

// Status is the last message of the screen ("" when none).
func (m Model) Status() string {
	if m.err != nil {
		return m.err.Error()
	}
	return m.status
}

func (m Model) load() tea.Cmd {
	ctx, st, gen := m.ctx, m.study, m.gen
	req := study.SuggestRequest{Code: m.code, Unit: m.unit, Limit: Limit}
	who := study.As(m.coder)
	return func() tea.Msg {
		d, err := st.Suggest(ctx, who, req)
		return loadedMsg{gen: gen, data: d, err: err}
	}
}

// Update handles keys and the results of reads and writes.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loaded, m.data, m.err = true, msg.data, msg.err
		m.filter()
		return m, nil
	case decidedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.status, m.err = msg.what, nil
		m.gen++
		return m, m.load()
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// filter leaves out the skipped suggestions and keeps the cursor in range.
func (m *Model) filter() {
	m.shown = make([]study.Suggestion, 0, len(m.data.Suggestions))
	for _, s := range m.data.Suggestions {
		if !m.skipped[passageKey{s.Source, s.Start, s.End}] {
			m.shown = append(m.shown, s)
		}
	}
	m.cursor = min(m.cursor, max(len(m.shown)-1, 0))
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Close):
		changed := m.changed
		return m, func() tea.Msg { return CloseMsg{Changed: changed} }
	case key.Matches(msg, k.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(msg, k.Down):
		m.cursor = min(m.cursor+1, max(len(m.shown)-1, 0))
	case key.Matches(msg, k.Unit):
		if m.unit == study.UnitSentence {
			m.unit = study.UnitTurn
		} else {
			m.unit = study.UnitSentence
		}
		m.gen++
		m.loaded, m.cursor, m.status, m.err = false, 0, "", nil
		return m, m.load()
	case key.Matches(msg, k.Skip):
		if s, ok := m.current(); ok {
			m.skipped[passageKey{s.Source, s.Start, s.End}] = true
			m.filter()
			m.status, m.err = "skipped (it comes back next time)", nil
		}
	case key.Matches(msg, k.Accept), key.Matches(msg, k.Reject):
		s, ok := m.current()
		if !ok {
			return m, nil
		}
		if m.readOnly {
			m.status, m.err = "read-only: nothing is coded or rejected in review", nil
			return m, nil
		}
		accept := key.Matches(msg, k.Accept)
		if accept {
			m.changed = true
		}
		return m, m.decide(s, accept)
	}
	return m, nil
}

func (m Model) current() (study.Suggestion, bool) {
	if m.cursor < len(m.shown) {
		return m.shown[m.cursor], true
	}
	return study.Suggestion{}, false
}

// decide accepts or rejects a suggestion, as one action of the coder.
func (m Model) decide(s study.Suggestion, accept bool) tea.Cmd {
	ctx, st, gen, code, who := m.ctx, m.study, m.gen, m.data.Code, study.As(m.coder)
	span := corpus.Span{Start: s.Start, End: s.End}
	return func() tea.Msg {
		if accept {
			res, err := st.AcceptSuggestion(ctx, who, code, s.Source, span)
			if err != nil {
				return decidedMsg{gen: gen, err: err}
			}
			return decidedMsg{gen: gen, what: fmt.Sprintf("coded %s %d–%d as %s (u undoes it)", res.Coding.Source, s.Start, s.End, res.Coding.Code)}
		}
		if _, _, err := st.RejectSuggestion(ctx, who, code, s.Source, span); err != nil {
			return decidedMsg{gen: gen, err: err}
		}
		return decidedMsg{gen: gen, what: fmt.Sprintf("rejected %s %d–%d for %s (u undoes it)", s.Source, s.Start, s.End, code)}
	}
}

// View draws the screen: a title, the suggestions (the highlighted one
// with its words and why), a status line and the keys.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	status := m.status
	cell := m.theme.Dim()
	if m.err != nil {
		status, cell = m.err.Error(), m.theme.Error()
	}
	lines, at := m.lines()
	return style.Screen(m.width, m.height, m.paint.Render(style.Cell{Reverse: true, Bold: true}, style.Fit(" "+m.title(), m.width)), lines, at,
		m.paint.Render(cell, status),
		m.paint.Render(m.theme.Dim(), "a accept · r reject · s skip · t sentences/turns · ↑↓ move · esc back"))
}

func (m Model) title() string {
	if !m.loaded {
		return "Suggestions · " + m.code + " · reading…"
	}
	if m.err != nil && m.data.Code == "" {
		return "Suggestions · " + m.code
	}
	codings := "codings"
	if m.data.Learned == 1 {
		codings = "coding"
	}
	return fmt.Sprintf("Suggestions · %s · %ss · learned from %d %s (%s) · %d of %d uncoded shown",
		m.data.Code, m.data.Unit, m.data.Learned, codings, m.data.Layer, len(m.shown), m.data.Candidates)
}

// lines draws the list; at is the line of the highlighted suggestion.
func (m Model) lines() ([]string, int) {
	if !m.loaded {
		return nil, 0
	}
	if len(m.shown) == 0 {
		if m.err == nil {
			return []string{"", "  No passage shares a word with the passages coded with this code."}, 0
		}
		return nil, 0
	}
	var out []string
	at := 0
	width := max(m.width-6, 10)
	for i, s := range m.shown {
		head := fmt.Sprintf("%2d. %s %d–%d · turn %d · %s · score %.2f", i+1, s.Source, s.Start, s.End, s.Turn, s.Speaker, s.Score)
		if i == m.cursor {
			at = len(out)
			out = append(out, m.paint.Render(m.theme.Selected(), style.Fit("▶ "+head, m.width)))
			for _, l := range style.Wrap(strings.Join(strings.Fields(s.Text), " "), width) {
				out = append(out, "      "+l)
			}
			var why []string
			for _, w := range s.Why {
				why = append(why, fmt.Sprintf("%s %.2f", w.Word, w.Weight))
			}
			for _, l := range style.Wrap("why: "+strings.Join(why, ", "), width) {
				out = append(out, "      "+m.paint.Render(m.theme.Accent(), l))
			}
			continue
		}
		out = append(out, "  "+head)
	}
	return out, at
}
