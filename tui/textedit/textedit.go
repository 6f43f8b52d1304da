// Package textedit is the small text editor behind every prompt of the
// workspace: the code picker's filter, a new code's definition, search and
// memos. It edits grapheme clusters, so the cursor never splits an accented
// letter or an emoji, and it measures what it draws in display cells.
package textedit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/clipperhouse/displaywidth"

	"github.com/focalqda/focal/tui/style"
)

// KeyMap lists the editor's keys.
type KeyMap struct {
	Left, Right, WordLeft, WordRight, Home, End               key.Binding
	Backspace, Delete, DeleteWord, DeleteToStart, DeleteToEnd key.Binding
	Newline                                                   key.Binding
}

// DefaultKeyMap is the editor's key map; Newline works only in multi-line
// editors.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:          key.NewBinding(key.WithKeys("left", "ctrl+b"), key.WithHelp("←", "previous character")),
		Right:         key.NewBinding(key.WithKeys("right", "ctrl+f"), key.WithHelp("→", "next character")),
		WordLeft:      key.NewBinding(key.WithKeys("ctrl+left", "alt+left", "alt+b"), key.WithHelp("ctrl+←", "previous word")),
		WordRight:     key.NewBinding(key.WithKeys("ctrl+right", "alt+right", "alt+f"), key.WithHelp("ctrl+→", "next word")),
		Home:          key.NewBinding(key.WithKeys("home", "ctrl+a"), key.WithHelp("home", "start")),
		End:           key.NewBinding(key.WithKeys("end", "ctrl+e"), key.WithHelp("end", "end")),
		Backspace:     key.NewBinding(key.WithKeys("backspace", "ctrl+h"), key.WithHelp("backspace", "delete back")),
		Delete:        key.NewBinding(key.WithKeys("delete", "ctrl+d"), key.WithHelp("delete", "delete")),
		DeleteWord:    key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace"), key.WithHelp("ctrl+w", "delete a word back")),
		DeleteToStart: key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to the start")),
		DeleteToEnd:   key.NewBinding(key.WithKeys("ctrl+k"), key.WithHelp("ctrl+k", "delete to the end")),
		Newline:       key.NewBinding(key.WithKeys("ctrl+j", "alt+enter", "shift+enter"), key.WithHelp("ctrl+j/alt+enter", "new line")),
	}
}

// Model is a text editor of one line, or of several when Multiline is set.
type Model struct {
	// Prompt is drawn before the text of a one-line editor.
	Prompt string
	// Placeholder is drawn, faint, while the text is empty.
	Placeholder string
	// Multiline lets Newline insert line breaks and wraps the text.
	Multiline bool

	keys   KeyMap
	theme  style.Theme
	paint  *style.Painter
	value  []string // grapheme clusters
	pos    int      // cursor, in clusters
	width  int
	height int
}

// New returns an empty one-line editor.
func New(theme style.Theme, prompt, placeholder string) Model {
	return Model{Prompt: prompt, Placeholder: placeholder, keys: DefaultKeyMap(), theme: theme, paint: style.NewPainter(theme), height: 1}
}

// KeyMap is the editor's key map, for help.
func (m Model) KeyMap() KeyMap { return m.keys }

// SetSize gives the editor its size in cells.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 1) }

// Value is the text.
func (m Model) Value() string { return strings.Join(m.value, "") }

// SetValue replaces the text and puts the cursor at its end.
func (m *Model) SetValue(s string) {
	m.value = clusters(s)
	m.pos = len(m.value)
}

// Reset empties the editor.
func (m *Model) Reset() { m.value, m.pos = nil, 0 }

func clusters(s string) []string {
	var out []string
	g := displaywidth.StringGraphemes(s)
	for g.Next() {
		out = append(out, g.Value())
	}
	return out
}

func (m *Model) insert(s string) {
	if !m.Multiline {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	}
	// Segment again around the insertion: what is typed may join the
	// cluster before it (a combining accent, a skin tone after an emoji).
	before := strings.Join(m.value[:m.pos], "") + s
	m.value = clusters(before + strings.Join(m.value[m.pos:], ""))
	n := 0
	m.pos = 0
	for m.pos < len(m.value) && n < len(before) {
		n += len(m.value[m.pos])
		m.pos++
	}
}

// wordStart is the start of the word before the cursor.
func (m Model) wordStart() int {
	p := m.pos
	for p > 0 && isSpace(m.value[p-1]) {
		p--
	}
	for p > 0 && !isSpace(m.value[p-1]) {
		p--
	}
	return p
}

func (m Model) wordEnd() int {
	p := m.pos
	for p < len(m.value) && isSpace(m.value[p]) {
		p++
	}
	for p < len(m.value) && !isSpace(m.value[p]) {
		p++
	}
	return p
}

func isSpace(c string) bool { return c == " " || c == "\n" }

// Update edits the text; keys it does not know are ignored.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.insert(msg.Content)
	case tea.KeyPressMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Left):
			m.pos = max(m.pos-1, 0)
		case key.Matches(msg, k.Right):
			m.pos = min(m.pos+1, len(m.value))
		case key.Matches(msg, k.WordLeft):
			m.pos = m.wordStart()
		case key.Matches(msg, k.WordRight):
			m.pos = m.wordEnd()
		case key.Matches(msg, k.Home):
			m.pos = 0
		case key.Matches(msg, k.End):
			m.pos = len(m.value)
		case key.Matches(msg, k.Backspace):
			if m.pos > 0 {
				m.value = append(m.value[:m.pos-1], m.value[m.pos:]...)
				m.pos--
			}
		case key.Matches(msg, k.Delete):
			if m.pos < len(m.value) {
				m.value = append(m.value[:m.pos], m.value[m.pos+1:]...)
			}
		case key.Matches(msg, k.DeleteWord):
			from := m.wordStart()
			m.value = append(m.value[:from], m.value[m.pos:]...)
			m.pos = from
		case key.Matches(msg, k.DeleteToStart):
			m.value = append([]string(nil), m.value[m.pos:]...)
			m.pos = 0
		case key.Matches(msg, k.DeleteToEnd):
			m.value = m.value[:m.pos]
		case m.Multiline && key.Matches(msg, k.Newline):
			m.insert("\n")
		case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
			m.insert(msg.Text)
		}
	}
	return m, nil
}

// View draws the editor: one line with the prompt (scrolled sideways to
// keep the cursor in view), or the wrapped lines around the cursor.
func (m Model) View() string {
	if m.width <= 0 {
		return ""
	}
	if m.Multiline {
		return m.viewLines()
	}
	promptW := displaywidth.String(m.Prompt)
	room := m.width - promptW
	if room < 2 {
		return style.Fit(m.Prompt, m.width)
	}
	var b strings.Builder
	b.WriteString(m.Prompt)
	if len(m.value) == 0 {
		m.paint.Paint(&b, style.Cell{Reverse: true}, " ")
		m.paint.Paint(&b, m.theme.Dim(), style.Clip(m.Placeholder, room-1))
		return style.Fit(b.String(), m.width)
	}
	// Scroll so that the cursor cell fits: start as late as needed.
	from := 0
	w := 1 // the cursor cell at the end
	for i := m.pos - 1; i >= 0; i-- {
		cw := displaywidth.String(m.value[i])
		if w+cw > room {
			from = i + 1
			break
		}
		w += cw
	}
	m.drawRun(&b, from, len(m.value), room)
	return style.Fit(b.String(), m.width)
}

// drawRun draws clusters [from, to) with the cursor, in at most room cells.
func (m Model) drawRun(b *strings.Builder, from, to, room int) {
	used := 0
	for i := from; i < to; i++ {
		c := m.value[i]
		cw := displaywidth.String(c)
		if c == "\n" {
			c, cw = " ", 1
		}
		if used+cw > room {
			return
		}
		if i == m.pos {
			m.paint.Paint(b, style.Cell{Reverse: true}, c)
		} else {
			b.WriteString(c)
		}
		used += cw
	}
	if m.pos == to && to == len(m.value) && used < room {
		m.paint.Paint(b, style.Cell{Reverse: true}, " ")
	}
}

// viewLines wraps the text at the width (at line breaks and wherever a line
// is full) and shows the lines around the cursor.
func (m Model) viewLines() string {
	type span struct{ from, to int }
	var lines []span
	start, w := 0, 0
	cursorLine := 0
	for i, c := range m.value {
		cw := displaywidth.String(c)
		if i == m.pos {
			cursorLine = len(lines)
		}
		if c == "\n" {
			lines = append(lines, span{start, i + 1})
			start, w = i+1, 0
			continue
		}
		if w+cw > m.width-1 && i > start {
			lines = append(lines, span{start, i})
			start, w = i, 0
			if i == m.pos {
				cursorLine = len(lines)
			}
		}
		w += cw
	}
	lines = append(lines, span{start, len(m.value)})
	if m.pos == len(m.value) {
		cursorLine = len(lines) - 1
	}
	first := max(0, cursorLine-m.height+1)
	var out []string
	if len(m.value) == 0 {
		var b strings.Builder
		m.paint.Paint(&b, style.Cell{Reverse: true}, " ")
		m.paint.Paint(&b, m.theme.Dim(), style.Clip(m.Placeholder, m.width-1))
		out = append(out, b.String())
	}
	for li := first; li < len(lines) && len(out) < m.height && len(m.value) > 0; li++ {
		var b strings.Builder
		to := lines[li].to
		m.drawRun(&b, lines[li].from, to, m.width)
		out = append(out, b.String())
	}
	return style.Lines(strings.Join(out, "\n"), m.width, m.height)
}
