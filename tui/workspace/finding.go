package workspace

import (
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/kwic"
	"github.com/focalqda/focal/tui/passages"
	"github.com/focalqda/focal/tui/queries"
)

// The finding screens (issue 19): a code's passages across the study, and
// search across sources with coding of the hits.

// openPassages opens the passages of a code (a path or id). They are the
// codings the viewer may see, so blinding needs no refusal here.
func (m Model) openPassages(code string) (Model, tea.Cmd) {
	if code == "" {
		m.say("no code here: move to one first")
		return m, nil
	}
	return m.openPassageQuery(study.PassageQuery{Code: code, Subtree: true})
}

// openPassageQuery opens the passages a query chooses; closing them goes
// back to the screen they were opened from.
func (m Model) openPassageQuery(q study.PassageQuery) (Model, tea.Cmd) {
	m.reading = passages.NewQuery(m.ctx, m.study, m.theme, m.coder, q)
	m.reading.SetSize(m.width, m.height)
	m.back = m.screen
	m.screen = screenPassages
	return m, m.reading.Init()
}

// openQueries opens the queries screen. Its code counts are those of the
// exports' layer, the viewer's own under blinding, so no refusal here.
func (m Model) openQueries() (Model, tea.Cmd) {
	m.asking = queries.New(m.ctx, m.study, m.theme, m.coder)
	m.asking.SetSize(m.width, m.height)
	m.screen = screenQueries
	return m, m.asking.Init()
}

func (m Model) routeQueries(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case queries.CloseMsg:
		m.screen = screenCoding
		return m, nil, true
	case queries.PassagesMsg:
		m2, cmd := m.openPassageQuery(msg.Query)
		return m2, cmd, true
	case queries.SearchMsg:
		m2, _ := m.openFinder(msg.Pattern, true)
		if err := m2.finder.SetLimits(msg.Limits); err != nil {
			m2.fail(err)
		}
		m2.back = screenQueries
		return m2, m2.finder.Init(), true
	case tea.MouseMsg, tea.PasteMsg:
		return m, nil, true
	case tea.KeyPressMsg:
	default:
		if !queries.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.asking, cmd = m.asking.Update(msg)
	return m, cmd, true
}

// closeFinding goes back from a finding screen to where it was opened.
func (m Model) closeFinding() Model {
	m.screen, m.back = m.back, screenCoding
	return m
}

// openFinder opens the search across sources; pattern is searched at once
// (empty: the screen asks), over every source when all is set, else over
// the open source until A widens it.
func (m Model) openFinder(pattern string, all bool) (Model, tea.Cmd) {
	m.finder = kwic.New(m.ctx, m.study, m.theme, m.coder, m.source, pattern)
	m.finder.SetAllSources(all)
	m.finder.SetReadOnly(m.opts.ReadOnly)
	m.finder.SetSize(m.width, m.height)
	m.back = screenCoding
	m.screen = screenSearch
	return m, m.finder.Init()
}

// jumpTo leaves a finding screen for the transcript, at a position of a
// source (the one open, or another).
func (m Model) jumpTo(sourceID string, at int) (Model, tea.Cmd) {
	m.screen, m.back = screenCoding, screenCoding
	m.prompt = promptNone
	m.focus = paneTranscript
	src := m.findSource(sourceID)
	if src.ID == "" {
		m.say("that source is no longer in the project")
		return m, nil
	}
	if src.ID == m.source.ID && m.transcript.Loaded() {
		m.transcript.SetCursor(at)
		return m, nil
	}
	return m, m.open(src, at)
}

func (m Model) routePassages(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case passages.CloseMsg:
		return m.closeFinding(), nil, true
	case passages.JumpMsg:
		m2, cmd := m.jumpTo(msg.SourceID, msg.At)
		return m2, cmd, true
	case tea.MouseMsg:
		return m, nil, true
	case tea.KeyPressMsg, tea.PasteMsg:
	default:
		if !passages.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.reading, cmd = m.reading.Update(msg)
	return m, cmd, true
}

func (m Model) routeFinder(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case kwic.CloseMsg:
		return m.closeFinding(), nil, true
	case kwic.JumpMsg:
		m2, cmd := m.jumpTo(msg.SourceID, msg.At)
		return m2, cmd, true
	case kwic.CodedMsg:
		// The transcript and the counts show the new codings.
		return m, m.refresh(), true
	case tea.MouseMsg:
		return m, nil, true
	case tea.KeyPressMsg, tea.PasteMsg:
	default:
		if !kwic.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.finder, cmd = m.finder.Update(msg)
	return m, cmd, true
}
