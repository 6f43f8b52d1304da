package workspace

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/help"
	"github.com/focalqda/focal/tui/transcript"
)

// readOnlyText is what a refused write says.
const readOnlyText = "read-only: a review saves nothing (reading, memos to read, themes, compare and the dashboard work)"

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

// without drops the keys that write from a list of keys.
func without(bs []key.Binding, writes ...key.Binding) []key.Binding {
	return slices.DeleteFunc(slices.Clone(bs), func(b key.Binding) bool {
		for _, w := range writes {
			if slices.Equal(b.Keys(), w.Keys()) && b.Help() == w.Help() {
				return true
			}
		}
		return false
	})
}

// readOnlyHelp is the help screen of a review: only the keys that work
// read-only (moving, reading, memos to read, the review screens).
func (m Model) readOnlyHelp(flatten func([][]key.Binding) []key.Binding) []help.Section {
	tk := m.transcript.KeyMap()
	full := tk.FullHelp()
	readMemo := key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "read the memo here (✎ in the margin)"))
	jump := append(without(full[2], tk.Code, tk.Remove, tk.Recode, tk.Memo), readMemo)
	bk := m.board.KeyMap()
	cb := m.codebook.KeyMap()
	return []help.Section{
		{Title: "Move in the text", Bindings: full[0]},
		{Title: "Select", Bindings: full[1]},
		{Title: "Jump, search, memos", Bindings: jump},
		{Title: "Review (read-only)", Bindings: without(flatten(m.keys.FullHelp()), m.keys.Done, m.keys.Undo, m.keys.Redo)},
		{Title: "Themes board (T)", Bindings: without(flatten(bk.FullHelp()), bk.New, bk.NewSub, bk.Rename, bk.Define, bk.Summary, bk.Memo, bk.Assign, bk.Unassign, bk.Move, bk.Delete)},
		{Title: "Agreement dashboard (A)", Bindings: flatten(m.agree.KeyMap().FullHelp())},
		{Title: "Sources pane", Bindings: flatten(m.sources.KeyMap().FullHelp())},
		{Title: "Codebook pane (b)", Bindings: without(flatten(cb.FullHelp()), cb.Rename, cb.Define, cb.Move, cb.Merge, cb.Split, cb.Retire)},
		{Title: "History, memos and other long texts", Bindings: flatten(m.pager.KeyMap().FullHelp())},
		{Title: "Lists", Bindings: flatten(m.chooser.KeyMap().FullHelp())},
		{Title: "Help", Bindings: flatten(m.help.KeyMap().FullHelp())},
	}
}
