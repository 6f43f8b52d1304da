package workspace

import (
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/groups"
)

// openGroups opens the group view from the dashboard. Its talk page reads
// transcripts only; its saturation page the codes applied in each group, as
// the coder may see them. It is reached from the dashboard, which waits for
// blinding to be off.
func (m Model) openGroups() (Model, tea.Cmd) {
	m.groups = groups.New(m.ctx, m.study, study.As(m.coder), m.theme)
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
