package workspace

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/compare"
	"github.com/focalqda/focal/tui/help"
	"github.com/focalqda/focal/tui/transcript"
)

// reviewStore is what the review screens (compare and consensus) need of
// the project beyond the coding workspace.
type reviewStore interface {
	compare.Store
}

// screen names what fills the terminal: the coding workspace or one of the
// review screens opened from it.
type screenKind int

const (
	screenCoding screenKind = iota
	screenCompare
)

// openCompare opens the compare view on the open source. Comparing shows
// everyone's codings, so it waits for blinding to be off.
func (m Model) openCompare() (Model, tea.Cmd) {
	if m.source.ID == "" {
		m.say("open a source first (tab)")
		return m, nil
	}
	if m.blinding.On {
		m.fail(errors.New("blind coding is on: comparing shows everyone's codings, so a PI must switch blinding off first (`focal blind off`)"))
		return m, nil
	}
	m.compare = compare.New(m.ctx, m.store, m.theme, m.source, m.coder, nil)
	m.compare.SetSize(m.width, m.height)
	m.screen = screenCompare
	return m, m.compare.Init()
}

// routeScreen gives a message to the open review screen; handled is false
// when the message is the workspace's own (its reads, its timers).
func (m Model) routeScreen(msg tea.Msg) (Model, tea.Cmd, bool) {
	if m.screen != screenCompare {
		return m, nil, false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key := msg.String(); key == "ctrl+c" {
			return m, tea.Quit, true
		}
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.compare.SetSize(msg.Width, msg.Height)
		return m, nil, true
	case compare.CloseMsg:
		m.screen = screenCoding
		cmd := m.refresh()
		return m, cmd, true
	case tea.MouseMsg, tea.PasteMsg, help.CloseMsg, transcript.NoticeMsg:
	default:
		if !compare.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.compare, cmd = m.compare.Update(msg)
	return m, cmd, true
}
