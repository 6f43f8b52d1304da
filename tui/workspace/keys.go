package workspace

import "charm.land/bubbles/v2/key"

// KeyMap lists the keys the workspace handles whichever pane has focus.
type KeyMap struct {
	Quit, ForceQuit, Help, Focus, Codebook, Search, Filter key.Binding
	Done, Undo, Redo, Refresh, Compare, Agreement, Themes  key.Binding
	Suggest                                                key.Binding
}

// DefaultKeyMap is the workspace's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit (everything is already saved)")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit from anywhere")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Focus:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane (sources, text, codebook)")),
		Codebook:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "codebook pane")),
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search the text")),
		Filter:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "show only text with one code (again: all)")),
		Done:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark the source done / not done for me")),
		Undo:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo my last action")),
		Redo:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo what undo took back")),
		Refresh:   key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "re-read the project (others' changes)")),
		Compare:   key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "compare coders and build the consensus (blinding off)")),
		Agreement: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "agreement dashboard: kappa, alpha, % per code (blinding off)")),
		Themes:    key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "themes board: define themes, assign codes, quotes by participant and group")),
		Suggest:   key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "suggestions: passages like those coded with the selected code, with why")),
	}
}

// FullHelp lists the workspace's keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Help, k.Focus, k.Codebook, k.Search, k.Filter, k.Done, k.Undo, k.Redo, k.Refresh, k.Compare, k.Agreement, k.Themes, k.Suggest, k.Quit, k.ForceQuit}}
}
