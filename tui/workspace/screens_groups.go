package workspace

import (
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/groups"
)

// openGroups opens the group view from the dashboard. It reads transcripts
// only (no codings), and it is reached from the dashboard, which waits for
// blinding to be off.
func (m Model) openGroups() (Model, tea.Cmd) {
	m.groups = groups.New(m.ctx, m.study, m.theme)
	m.groups.SetSize(m.width, m.height)
	m.screen = screenGroups
	return m, m.groups.Init()
}

// routeGroups gives a message to the group view; esc goes back to the
// dashboard.
func (m Model) routeGroups(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg.(type) {
	case groups.CloseMsg:
		m.screen = screenDashboard
		return m, nil, true
	case tea.MouseMsg, tea.PasteMsg:
		return m, nil, true
	case tea.KeyPressMsg:
	default:
		if !groups.Owns(msg) {
			return m, nil, false
		}
	}
	var cmd tea.Cmd
	m.groups, cmd = m.groups.Update(msg)
	return m, cmd, true
}
