package transcript

import "charm.land/bubbles/v2/key"

// KeyMap lists the transcript's keys. Both word-processor keys (arrows,
// shift to select, ctrl+arrows by word) and vim keys work.
type KeyMap struct {
	Left, Right, Up, Down      key.Binding
	WordNext, WordPrev         key.Binding
	SentenceNext, SentencePrev key.Binding
	TurnNext, TurnPrev         key.Binding
	PageDown, PageUp           key.Binding
	HalfDown, HalfUp           key.Binding
	LineStart, LineEnd         key.Binding
	Top, Bottom                key.Binding

	SelectLeft, SelectRight        key.Binding
	SelectUp, SelectDown           key.Binding
	SelectWordNext, SelectWordPrev key.Binding
	Visual                         key.Binding
	SelectSentence, SelectTurn     key.Binding
	Cancel                         key.Binding
	CodingNext, CodingPrev         key.Binding
	NextUncoded                    key.Binding
	SearchNext, SearchPrev         key.Binding
	Code, Remove, Recode, Memo     key.Binding
}

// DefaultKeyMap is the transcript's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:         key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous character")),
		Right:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next character")),
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "line up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "line down")),
		WordNext:     key.NewBinding(key.WithKeys("ctrl+right", "alt+right", "w"), key.WithHelp("ctrl+→/w", "next word")),
		WordPrev:     key.NewBinding(key.WithKeys("ctrl+left", "alt+left", "B"), key.WithHelp("ctrl+←/B", "previous word")),
		SentenceNext: key.NewBinding(key.WithKeys(")"), key.WithHelp(")", "next sentence")),
		SentencePrev: key.NewBinding(key.WithKeys("("), key.WithHelp("(", "previous sentence")),
		TurnNext:     key.NewBinding(key.WithKeys("}", "ctrl+down"), key.WithHelp("}/ctrl+↓", "next turn")),
		TurnPrev:     key.NewBinding(key.WithKeys("{", "ctrl+up"), key.WithHelp("{/ctrl+↑", "previous turn")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn/space", "next screen")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "previous screen")),
		HalfDown:     key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half a screen down")),
		HalfUp:       key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half a screen up")),
		LineStart:    key.NewBinding(key.WithKeys("home", "0", "^"), key.WithHelp("home/0", "start of line")),
		LineEnd:      key.NewBinding(key.WithKeys("end", "$"), key.WithHelp("end/$", "end of line")),
		Top:          key.NewBinding(key.WithKeys("g", "ctrl+home"), key.WithHelp("g", "first turn")),
		Bottom:       key.NewBinding(key.WithKeys("G", "ctrl+end"), key.WithHelp("G", "last turn")),

		SelectLeft:     key.NewBinding(key.WithKeys("shift+left"), key.WithHelp("shift+←", "select: extend left")),
		SelectRight:    key.NewBinding(key.WithKeys("shift+right"), key.WithHelp("shift+→", "select: extend right")),
		SelectUp:       key.NewBinding(key.WithKeys("shift+up"), key.WithHelp("shift+↑", "select: extend up")),
		SelectDown:     key.NewBinding(key.WithKeys("shift+down"), key.WithHelp("shift+↓", "select: extend down")),
		SelectWordNext: key.NewBinding(key.WithKeys("ctrl+shift+right"), key.WithHelp("ctrl+shift+→", "select: extend by word")),
		SelectWordPrev: key.NewBinding(key.WithKeys("ctrl+shift+left"), key.WithHelp("ctrl+shift+←", "select: extend back by word")),
		Visual:         key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "start a selection (motions extend it)")),
		SelectSentence: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "select the sentence")),
		SelectTurn:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "select the turn")),
		Cancel:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the selection / search")),
		CodingNext:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next coding of mine")),
		CodingPrev:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous coding of mine")),
		NextUncoded:    key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "next turn I have not coded")),
		SearchNext:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		SearchPrev:     key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Code:           key.NewBinding(key.WithKeys("c", "enter"), key.WithHelp("c/enter", "code the selection")),
		Remove:         key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove the coding under the cursor")),
		Recode:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-code the coding under the cursor")),
		Memo:           key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "memo on the coding, turn or source")),
	}
}

// ShortHelp is the transcript's part of the key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Visual, k.Code, k.Remove, k.Memo}
}

// FullHelp groups every transcript key for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.WordNext, k.WordPrev, k.SentenceNext, k.SentencePrev,
			k.TurnNext, k.TurnPrev, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp, k.LineStart, k.LineEnd, k.Top, k.Bottom},
		{k.Visual, k.SelectLeft, k.SelectRight, k.SelectUp, k.SelectDown, k.SelectWordNext, k.SelectWordPrev,
			k.SelectSentence, k.SelectTurn, k.Cancel},
		{k.Code, k.Remove, k.Recode, k.Memo, k.CodingNext, k.CodingPrev, k.NextUncoded, k.SearchNext, k.SearchPrev},
	}
}
