package workspace

import (
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/transcript"
)

// readOnlyText is what a refused write says.
const readOnlyText = "read-only: opened with --read-only, so nothing is saved (browse, compare and the dashboard work)"

// refuse says that the workspace does not write.
func (m *Model) refuse() { m.message, m.messageBad = readOnlyText, true }

// refuseWrite stops the requests that would lead to a write (coding,
// removing, re-coding, a memo) in a read-only workspace, before any prompt
// opens; ok is true when the message was refused.
func (m Model) refuseWrite(msg tea.Msg) (Model, bool) {
	if !m.opts.ReadOnly {
		return m, false
	}
	switch msg.(type) {
	// m (a memo) is not refused here: it opens the memos already written
	// for reading, and refuses only when none is there.
	case transcript.CodeRequestMsg, transcript.RemoveRequestMsg, transcript.RecodeRequestMsg:
		m.refuse()
		return m, true
	}
	return m, false
}
