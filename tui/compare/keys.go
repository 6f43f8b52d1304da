package compare

import "charm.land/bubbles/v2/key"

// KeyMap lists the compare view's own keys; the text keys (motions,
// selection) are the transcript's.
type KeyMap struct {
	Next, Prev               key.Binding
	TakeA, TakeB, TakeN      key.Binding
	Both, Overlap, Span      key.Binding
	Edit, Drop               key.Binding
	Seed, Share              key.Binding
	Complete, Coders, Reload key.Binding
	Help, Close              key.Binding
}

// DefaultKeyMap is the compare view's key map.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:     key.NewBinding(key.WithKeys("]", "tab"), key.WithHelp("]/tab", "next open disagreement")),
		Prev:     key.NewBinding(key.WithKeys("[", "shift+tab"), key.WithHelp("[/shift+tab", "previous open disagreement")),
		TakeA:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "take the first coder's coding")),
		TakeB:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "take the second coder's coding")),
		TakeN:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1–9", "take coder N's coding")),
		Both:     key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "take both (every coder's, merged)")),
		Overlap:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "take the overlap (what all coded)")),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "select the place to adjust its boundaries")),
		Span:     key.NewBinding(key.WithKeys("c", "enter"), key.WithHelp("c/enter", "on a selection: these boundaries")),
		Drop:     key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "drop: no consensus coding here")),
		Seed:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "seed the consensus from agreement")),
		Share:    key.NewBinding(key.WithKeys("%"), key.WithHelp("%", "seeding: identical only / overlap ≥ 50…90%")),
		Complete: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "mark the source's consensus complete / reopen")),
		Coders:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "coders compared: all, then each pair")),
		Reload:   key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "re-read the project")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Close:    key.NewBinding(key.WithKeys("q", "esc", "C"), key.WithHelp("q/esc/C", "back to coding")),
	}
}

// ShortHelp is the key line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.TakeA, k.TakeB, k.Both, k.Overlap, k.Edit, k.Drop, k.Seed, k.Complete, k.Help, k.Close}
}

// FullHelp groups the keys for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev},
		{k.TakeA, k.TakeB, k.TakeN, k.Both, k.Overlap, k.Edit, k.Span, k.Drop},
		{k.Seed, k.Share, k.Complete, k.Coders, k.Reload, k.Help, k.Close},
	}
}
