package workspace

import (
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/kwic"
	"github.com/focalqda/focal/tui/passages"
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
	m.reading = passages.New(m.ctx, m.study, m.theme, m.coder, code)
	m.reading.SetSize(m.width, m.height)
	m.screen = screenPassages
	return m, m.reading.Init()
}

// openFinder opens the search across sources; pattern is searched at once
// (empty: the screen asks), over every source when all is set, else over
// the open source until A widens it.
func (m Model) openFinder(pattern string, all bool) (Model, tea.Cmd) {
	m.finder = kwic.New(m.ctx, m.study, m.theme, m.coder, m.source, pattern)
	m.finder.SetAllSources(all)
	m.finder.SetReadOnly(m.opts.ReadOnly)
	m.finder.SetSize(m.width, m.height)
	m.screen = screenSearch
	return m, m.finder.Init()
}

// jumpTo leaves a finding screen for the transcript, at a position of a
// source (the one open, or another).
func (m Model) jumpTo(sourceID string, at int) (Model, tea.Cmd) {
	m.screen = screenCoding
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
		m.screen = screenCoding
		return m, nil, true
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
		m.screen = screenCoding
		return m, nil, true
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
