// Package groups is the group view of the review workspace, reached from
// the dashboard: for one focus group at a time, each participant's share of
// the participants' words and turns with a bar, the Gini coefficients of
// those shares (moderators apart), the moderators' part of all the talk, and
// who spoke right after whom. A second page (s) shows thematic saturation
// over the groups in import order (Guest, Namey & Chen 2020, default
// parameters). The figures are coding/analysis's, the ones `focal voices`,
// `focal saturation`, the report and the workbook show.
//
// It only reads: the sources, their turns and the saturation units are read
// once in a command when the view opens (and on ctrl+l).
package groups

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// Study is what the group view asks of Focal's application core;
// *study.Study is one. The talk page reads transcripts only; the
// saturation page reads the codes applied in each group, as the person may
// see them (under blinding their own codings only).
type Study interface {
	Sources(ctx context.Context) ([]corpus.Source, error)
	Turns(ctx context.Context, sourceID string) ([]corpus.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	SaturationUnitsOf(ctx context.Context, p study.Person) (study.SaturationUnits, error)
}

// The application core is the group view's Study.
var _ Study = (*study.Study)(nil)

// KeyMap lists the group view's keys.
type KeyMap struct {
	Next, Previous, Saturation, Reload, Close key.Binding
}

// DefaultKeyMap is the group view's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:       key.NewBinding(key.WithKeys("j", "down", "right", "tab"), key.WithHelp("j/→", "next group")),
		Previous:   key.NewBinding(key.WithKeys("k", "up", "left", "shift+tab"), key.WithHelp("k/←", "previous group")),
		Saturation: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "saturation / talk")),
		Reload:     key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "read again")),
		Close:      key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "back to the dashboard")),
	}
}

// Messages of the group view.
type (
	// loadedMsg carries the groups' figures, or why they could not be read.
	loadedMsg struct {
		gen    int
		groups []analysis.GroupTalk
		err    error
		// saturation is computed with the default parameters; satErr says
		// why it could not be (the talk page is shown all the same).
		saturation Saturation
		satErr     error
	}
	// CloseMsg asks the workspace to go back to the dashboard.
	CloseMsg struct{}
)

// Owns reports whether a message belongs to the group view.
func Owns(msg tea.Msg) bool {
	_, ok := msg.(loadedMsg)
	return ok
}

// Model is the group view.
type Model struct {
	ctx           context.Context
	study         Study
	keys          KeyMap
	paint         *style.Painter
	theme         style.Theme
	gen           int
	width, height int
	groups        []analysis.GroupTalk
	loaded        bool
	err           error
	current       int
	person        study.Person
	saturation    Saturation
	satErr        error
	onSaturation  bool
}

// Saturation is the saturation page's result: the method over the groups
// in import order with the default parameters, and whose codings it
// counted.
type Saturation struct {
	Result analysis.Saturation
	// Layer names the codings counted, for the methods sentence.
	Layer string
}

// New makes the group view for a person; Init reads the project.
func New(ctx context.Context, st Study, p study.Person, theme style.Theme) Model {
	return Model{ctx: ctx, study: st, person: p, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme)}
}

// Saturation is the saturation page's result, once read.
func (m Model) Saturation() Saturation { return m.saturation }

// OnSaturation reports whether the saturation page is shown.
func (m Model) OnSaturation() bool { return m.onSaturation }

// Init reads the sources and computes each group's figures.
func (m Model) Init() tea.Cmd { return m.load() }

// SetSize sets the size of the view.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// Groups are the figures shown, in the project's order of groups.
func (m Model) Groups() []analysis.GroupTalk { return m.groups }

// Current is the index of the group shown.
func (m Model) Current() int { return m.current }

func (m Model) load() tea.Cmd {
	ctx, st, p, gen := m.ctx, m.study, m.person, m.gen
	return func() tea.Msg {
		groups, err := Load(ctx, st)
		sat, satErr := LoadSaturation(ctx, st, p)
		return loadedMsg{gen: gen, groups: groups, err: err, saturation: sat, satErr: satErr}
	}
}

// LoadSaturation computes saturation by Guest, Namey & Chen (2020) with the
// default parameters over the groups in import order, from the codes the
// core says were applied in each (the layer `focal saturation` reads by
// default).
func LoadSaturation(ctx context.Context, st Study, p study.Person) (Saturation, error) {
	u, err := st.SaturationUnitsOf(ctx, p)
	if err != nil {
		return Saturation{}, err
	}
	s, err := analysis.ComputeSaturation(u.Units, analysis.DefaultSaturation())
	return Saturation{Result: s, Layer: u.Layer}, err
}

// Load reads every source's turns and computes each group's figures: a
// source without a group is a group of its own, named after it. Speakers
// are named by participant id, else as labelled.
func Load(ctx context.Context, st Study) ([]analysis.GroupTalk, error) {
	sources, err := st.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	byGroup := map[string][][]analysis.Turn{}
	for _, src := range sources {
		group := src.Group
		if group == "" {
			group = src.Name
		}
		turns, err := st.Turns(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		text, err := st.SourceText(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		idx := corpus.NewPositionIndex(text)
		talk := make([]analysis.Turn, 0, len(turns))
		for _, t := range turns {
			voice := t.Participant
			if voice == "" {
				voice = t.Speaker
			}
			words := 0
			if s, err := idx.Slice(t.Utterance()); err == nil {
				words = analysis.CountWords(s)
			}
			talk = append(talk, analysis.Turn{Voice: voice, Moderator: t.Role == "moderator", Words: words})
		}
		if _, ok := byGroup[group]; !ok {
			names = append(names, group)
		}
		byGroup[group] = append(byGroup[group], talk)
	}
	out := make([]analysis.GroupTalk, 0, len(names))
	for _, g := range names {
		out = append(out, analysis.Talk(g, byGroup[g]))
	}
	return out, nil
}

// Update handles keys and the figures read.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.groups, m.err, m.loaded = msg.groups, msg.err, true
		m.saturation, m.satErr = msg.saturation, msg.satErr
		m.current = min(m.current, max(len(m.groups)-1, 0))
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Close):
			return m, func() tea.Msg { return CloseMsg{} }
		case key.Matches(msg, m.keys.Saturation):
			m.onSaturation = !m.onSaturation
		case key.Matches(msg, m.keys.Next) && !m.onSaturation:
			if len(m.groups) > 0 {
				m.current = (m.current + 1) % len(m.groups)
			}
		case key.Matches(msg, m.keys.Previous) && !m.onSaturation:
			if len(m.groups) > 0 {
				m.current = (m.current + len(m.groups) - 1) % len(m.groups)
			}
		case key.Matches(msg, m.keys.Reload):
			m.gen++
			m.loaded = false
			return m, m.load()
		}
	}
	return m, nil
}

// View draws the group shown.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	w := m.width
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	title := " Groups · how they talked"
	if m.onSaturation {
		title = " Groups · thematic saturation"
	}
	switch {
	case m.err != nil:
		add(m.paint.Render(style.Cell{Bold: true}, style.Clip(title, w)))
		add(m.paint.Render(m.theme.Error(), style.Clip(" "+m.err.Error(), w)))
	case !m.loaded:
		add(m.paint.Render(style.Cell{Bold: true}, style.Clip(title, w)))
		add(m.paint.Render(m.theme.Dim(), style.Clip(" reading the transcripts…", w)))
	case m.onSaturation:
		add(m.paint.Render(style.Cell{Bold: true}, style.Clip(title+" (Guest, Namey & Chen 2020)", w)))
		if m.satErr != nil {
			add(m.paint.Render(m.theme.Error(), style.Clip(" "+m.satErr.Error(), w)))
			break
		}
		for _, l := range m.saturationLines(w) {
			add(l)
		}
	case len(m.groups) == 0:
		add(m.paint.Render(style.Cell{Bold: true}, style.Clip(title, w)))
		add(m.paint.Render(m.theme.Dim(), style.Clip(" no transcripts yet", w)))
	default:
		g := m.groups[m.current]
		add(m.paint.Render(style.Cell{Bold: true}, style.Clip(fmt.Sprintf("%s · %s (%d of %d)", title, g.Name, m.current+1, len(m.groups)), w)))
		for _, l := range m.groupLines(g, w) {
			add(l)
		}
	}
	height := max(m.height-1, 0)
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	keys := []string{}
	bindings := []key.Binding{m.keys.Next, m.keys.Previous, m.keys.Saturation, m.keys.Reload, m.keys.Close}
	if m.onSaturation {
		bindings = bindings[2:]
	}
	for _, b := range bindings {
		keys = append(keys, b.Help().Key+" "+b.Help().Desc)
	}
	lines = append(lines, m.paint.Render(m.theme.Dim(), style.Clip(" "+strings.Join(keys, "  "), w)))
	return strings.Join(lines, "\n")
}

// groupLines are the figures of one group: the summary, a row per
// participant with a bar of their share of words, the moderators, and the
// turn-transition table.
func (m Model) groupLines(g analysis.GroupTalk, w int) []string {
	var out []string
	gini := "Gini: " + g.GiniWords.Reason
	if g.GiniWords.Defined {
		gini = fmt.Sprintf("Gini of words %.2f, of turns %.2f (0: everyone spoke as much)", g.GiniWords.V, g.GiniTurns.V)
	}
	out = append(out, style.Clip(fmt.Sprintf(" %d participants, %d turns, %d words · %s", len(g.Participants), g.Turns, g.Words, gini), w), "")
	nameW := 11
	for _, s := range g.Participants {
		nameW = max(nameW, len([]rune(s.Voice))+1)
	}
	out = append(out, m.paint.Render(m.theme.Dim(), style.Clip(fmt.Sprintf(" %-*s %6s %7s %7s %7s  share of words", nameW, "participant", "turns", "of turns", "words", "of words"), w)))
	for _, s := range g.Participants {
		text := style.Clip(fmt.Sprintf(" %-*s %6d %7s %7d %7s  ", nameW, s.Voice, s.Turns, analysis.Percent(s.TurnShare), s.Words, analysis.Percent(s.WordShare)), w)
		bar := min(int(s.WordShare*30+0.5), max(w-len([]rune(text)), 0))
		out = append(out, text+m.paint.Render(m.theme.Accent(), strings.Repeat("█", bar)))
	}
	for _, s := range g.Moderators {
		out = append(out, m.paint.Render(m.theme.Dim(), style.Clip(fmt.Sprintf(" moderator %s: %d turns (%s of all), %d words (%s of all)", s.Voice, s.Turns,
			analysis.Percent(s.TurnShare), s.Words, analysis.Percent(s.WordShare)), w)))
	}
	tr := g.Transitions
	if len(tr.Voices) == 0 {
		return out
	}
	out = append(out, "", m.paint.Render(style.Cell{Bold: true}, style.Clip(" Who spoke after whom (row: who spoke; column: who spoke next)", w)))
	colW := 5
	for _, v := range tr.Voices {
		colW = max(colW, min(len([]rune(v))+1, 12))
	}
	header := fmt.Sprintf(" %-*s", nameW, "")
	for _, v := range tr.Voices {
		header += fmt.Sprintf("%*s", colW, style.Clip(v, colW-1))
	}
	out = append(out, m.paint.Render(m.theme.Dim(), style.Clip(header, w)))
	for i, from := range tr.Voices {
		row := fmt.Sprintf(" %-*s", nameW, style.Clip(from, nameW))
		for _, n := range tr.Counts[i] {
			row += fmt.Sprintf("%*d", colW, n)
		}
		out = append(out, style.Clip(row, w))
	}
	return out
}

// KeyMap is the group view's key map, for the workspace's help.
func (m Model) KeyMap() KeyMap { return DefaultKeyMap() }

// FullHelp groups the keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Previous, k.Saturation, k.Reload, k.Close}}
}
