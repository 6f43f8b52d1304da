package workspace

import (
	tea "charm.land/bubbletea/v2"
)

// handleMouse gives clicks to the pane under the pointer (focusing it),
// and drags and the wheel to the transcript, in the pane's own
// coordinates. Terminals that report no mouse simply never send these.
func (m Model) handleMouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.prompt != promptNone || m.coder == "" {
		return m, nil
	}
	s := m.arrange()
	mo := msg.Mouse()
	text := s.transcript.inner()
	local := tea.Mouse{X: mo.X - text.x, Y: mo.Y - text.y, Button: mo.Button, Mod: mo.Mod}
	var cmd tea.Cmd
	switch msg.(type) {
	case tea.MouseClickMsg:
		switch {
		case text.holds(mo.X, mo.Y):
			m.focus = paneTranscript
			m.transcript, cmd = m.transcript.Update(tea.MouseClickMsg(local))
		case s.sources.inner().holds(mo.X, mo.Y):
			m.focus = paneSources
			m.sources, cmd = m.sources.Click(mo.Y - s.sources.inner().y)
		case s.codebook.inner().holds(mo.X, mo.Y):
			m.focus = paneCodebook
		}
	case tea.MouseMotionMsg:
		m.transcript, cmd = m.transcript.Update(tea.MouseMotionMsg(local))
	case tea.MouseReleaseMsg:
		m.transcript, cmd = m.transcript.Update(tea.MouseReleaseMsg(local))
	case tea.MouseWheelMsg:
		if text.holds(mo.X, mo.Y) {
			m.transcript, cmd = m.transcript.Update(tea.MouseWheelMsg(local))
		}
	}
	return m, cmd
}
