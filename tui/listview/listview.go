// Package listview is the cursor and the scrolling of a screen's list of
// entries (search hits, a code's passages): the keys that move through
// it, the entry under the cursor, and which entries are on screen. An
// entry may take several lines; the screen draws the entries, the list
// keeps the one under the cursor in view.
package listview

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// KeyMap is the list's keys.
type KeyMap struct {
	Down, Up, PageDown, PageUp, Top, Bottom key.Binding
}

// DefaultKeyMap is the list's key map, its help naming the entries (item:
// "hit", "passage"). With spacePages the space bar turns the page too
// (a screen whose space does something else leaves it false).
func DefaultKeyMap(item string, spacePages bool) KeyMap {
	pageDown := []string{"pgdown", "ctrl+f"}
	if spacePages {
		pageDown = []string{"pgdown", "space", "ctrl+f"}
	}
	return KeyMap{
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j ↓", "next "+item)),
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k ↑", "previous "+item)),
		PageDown: key.NewBinding(key.WithKeys(pageDown...), key.WithHelp("pgdn", "next screen")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "previous screen")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first "+item)),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last "+item)),
	}
}

// Bindings are the list's keys in the order help lists them.
func (k KeyMap) Bindings() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom}
}

// Lines tells how many lines entry i takes when the cursor is on entry
// cursor (the entry under the cursor may show more of itself). Nil means
// one line each, whatever the cursor.
type Lines func(i, cursor int) int

// Model is the cursor and the scroll position of a list of entries. The
// screen gives the way it measures its entries to every call that scrolls
// (a screen is a value: a function kept here would read an old copy).
type Model struct {
	keys           KeyMap
	count          int
	cursor, offset int
	height         int
}

// New returns an empty list with keys.
func New(keys KeyMap) Model {
	return Model{keys: keys, height: 1}
}

// KeyMap is the list's key map.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetHeight gives the list its lines on screen (at least one).
func (m *Model) SetHeight(h int, lines Lines) {
	m.height = max(h, 1)
	m.Follow(lines)
}

// Height is the list's lines on screen.
func (m Model) Height() int { return m.height }

// SetCount tells how many entries there are now; the cursor stays on its
// entry, or on the last one when the list got shorter.
func (m *Model) SetCount(n int, lines Lines) {
	m.count = max(n, 0)
	m.cursor = min(m.cursor, max(m.count-1, 0))
	m.offset = min(m.offset, m.cursor)
	m.Follow(lines)
}

// Count is how many entries there are.
func (m Model) Count() int { return m.count }

// Reset puts the cursor on the first entry, scrolled to the top.
func (m *Model) Reset() { m.cursor, m.offset = 0, 0 }

// Cursor is the entry under the cursor (0 in an empty list).
func (m Model) Cursor() int { return m.cursor }

// Offset is the first entry on screen.
func (m Model) Offset() int { return m.offset }

// Move moves the cursor by entries (back when negative), within the list,
// and scrolls to keep it on screen.
func (m *Model) Move(by int, lines Lines) {
	m.cursor = max(min(m.cursor+by, m.count-1), 0)
	m.Follow(lines)
}

// Visible is how many entries from the offset fill the screen.
func (m Model) Visible(lines Lines) int {
	if lines == nil {
		return max(min(m.height, m.count-m.offset), 0)
	}
	used, n := 0, 0
	for i := m.offset; i < m.count && used < m.height; i++ {
		used += lines(i, m.cursor)
		n++
	}
	return n
}

// page is how far a page key moves: a screenful of entries.
func (m Model) page(lines Lines) int {
	if lines == nil {
		return m.height
	}
	return max(m.Visible(lines), 1)
}

// Follow scrolls so that the entry under the cursor is on screen, the
// entries from the offset to it fitting the height when they can.
func (m *Model) Follow(lines Lines) {
	if m.cursor < m.offset {
		m.offset = m.cursor
		return
	}
	if lines == nil {
		if m.cursor >= m.offset+m.height {
			m.offset = m.cursor - m.height + 1
		}
		return
	}
	for m.offset < m.cursor {
		used := 0
		for i := m.offset; i <= m.cursor; i++ {
			used += lines(i, m.cursor)
		}
		if used <= m.height {
			return
		}
		m.offset++
	}
}

// Update moves through the list on its keys and reports whether the key
// was one of them.
func (m *Model) Update(msg tea.KeyPressMsg, lines Lines) bool {
	k := m.keys
	switch {
	case key.Matches(msg, k.Down):
		m.Move(1, lines)
	case key.Matches(msg, k.Up):
		m.Move(-1, lines)
	case key.Matches(msg, k.PageDown):
		m.Move(m.page(lines), lines)
	case key.Matches(msg, k.PageUp):
		m.Move(-m.page(lines), lines)
	case key.Matches(msg, k.Top):
		m.Reset()
	case key.Matches(msg, k.Bottom):
		m.Move(m.count, lines)
	default:
		return false
	}
	return true
}
