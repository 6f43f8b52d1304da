package themes

import "charm.land/bubbles/v2/key"

// KeyMap lists the board's keys and the theme view's. Prompts take
// enter to save and esc to cancel; ctrl+c is left to the workspace.
type KeyMap struct {
	// The board.
	Up, Down, Themes, Codes, Switch, Open key.Binding
	New, NewSub, Rename, Define, Summary  key.Binding
	Memo                                  key.Binding
	Assign, Unassign, Move, Delete        key.Binding
	Reload, Help, Close                   key.Binding
	// The theme view.
	LineUp, LineDown              key.Binding
	PageUp, PageDown, Top, Bottom key.Binding
	Grouping, Layer, Next, Prev   key.Binding
	Back                          key.Binding
}

// DefaultKeyMap is the board's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "previous theme or code")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next theme or code")),
		Themes:   key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "to the themes")),
		Codes:    key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "to the theme's codes")),
		Switch:   key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "themes ⇄ codes")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "the theme's quotes, by participant and group")),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new theme (parent/child makes a subtheme)")),
		NewSub:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "new subtheme of this theme")),
		Rename:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename the theme")),
		Define:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit the definition")),
		Summary:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "plain-language summary in a language")),
		Memo:     key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "write a memo on the theme, or edit yours")),
		Assign:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "assign a code to the theme")),
		Unassign: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "take the highlighted code out of the theme")),
		Move:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "move the highlighted code to another theme")),
		Delete:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete the theme (asks first; codes stay)")),
		Reload:   key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "read the project again")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Close:    key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "close the board")),

		LineUp:   key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "scroll up")),
		LineDown: key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "previous screen")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "ctrl+f"), key.WithHelp("pgdn", "next screen")),
		Top:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		Grouping: key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "group quotes by participant / by group")),
		Layer:    key.NewBinding(key.WithKeys("l", "L"), key.WithHelp("l", "all coders / consensus layer only")),
		Next:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next theme")),
		Prev:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous theme")),
		Back:     key.NewBinding(key.WithKeys("esc", "q", "backspace"), key.WithHelp("esc/q", "back to the board")),
	}
}

// ShortHelp is the board's key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Switch, k.New, k.Rename, k.Define, k.Summary, k.Memo, k.Assign, k.Unassign, k.Move, k.Delete, k.Help, k.Close}
}

// FullHelp groups the keys for the help screen: moving, changing themes,
// the theme view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Themes, k.Codes, k.Switch, k.Open, k.Reload, k.Help, k.Close},
		{k.New, k.NewSub, k.Rename, k.Define, k.Summary, k.Memo, k.Assign, k.Unassign, k.Move, k.Delete},
		{k.LineUp, k.LineDown, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Grouping, k.Layer, k.Next, k.Prev, k.Back},
	}
}
