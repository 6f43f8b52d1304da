// Package style holds what every screen of the coding workspace shares about
// looks: whether colour may be used, the colours of codes, and a cheap way to
// paint runs of text. Meaning is never carried by colour alone: every
// colour has a non-colour companion (an underline, a glyph, a name), and in
// mono mode (NO_COLOR, or a terminal without colours) only the companions
// remain.
package style

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Theme is the look of one workspace. The zero value is a colour theme.
type Theme struct {
	// Mono drops every colour; attributes (bold, underline, reverse) stay.
	Mono bool
}

// codePalette lists the background tones given to codes without a colour of
// their own: light enough for black text, distinct on both dark and light
// terminals. They are 256-colour indexes so that output is the same on
// every terminal with 256 colours or more.
func codePalette() []ansi.IndexedColor {
	return []ansi.IndexedColor{217, 153, 151, 223, 183, 159, 229, 218, 189, 187, 194, 225, 152, 222}
}

// CodeColor is the colour of a code: its own colour when it has a valid
// "#rrggbb" one, else the palette tone of its place in the order codes were
// created, so that a code keeps its colour across sessions, codes added
// later do not repaint earlier ones, and the first codes all differ.
func (t Theme) CodeColor(place int, own string) color.Color {
	if t.Mono {
		return nil
	}
	if isHexColor(own) {
		return lipgloss.Color(own)
	}
	p := codePalette()
	return p[((place%len(p))+len(p))%len(p)]
}

func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	return strings.Trim(strings.ToLower(s[1:]), "0123456789abcdef") == ""
}

// Cell is how a run of text is painted. Colours are ignored in mono mode.
type Cell struct {
	Fg, Bg    color.Color
	Bold      bool
	Faint     bool
	Italic    bool
	Underline bool
	Reverse   bool
}

// Painter turns Cells into escape sequences, remembering each one, because
// the transcript paints the same few combinations hundreds of times a frame.
type Painter struct {
	theme Theme
	sgr   map[Cell]string
}

// NewPainter returns a painter for the theme.
func NewPainter(t Theme) *Painter {
	return &Painter{theme: t, sgr: map[Cell]string{}}
}

// Paint appends s painted as c to b.
func (p *Painter) Paint(b *strings.Builder, c Cell, s string) {
	if s == "" {
		return
	}
	if p.theme.Mono {
		c.Fg, c.Bg = nil, nil
	}
	if c == (Cell{}) {
		b.WriteString(s)
		return
	}
	seq, ok := p.sgr[c]
	if !ok {
		st := ansi.Style{}
		if c.Bold {
			st = st.Bold()
		}
		if c.Faint {
			st = st.Faint()
		}
		if c.Italic {
			st = st.Italic(true)
		}
		if c.Underline {
			st = st.Underline(true)
		}
		if c.Reverse {
			st = st.Reverse(true)
		}
		if c.Fg != nil {
			st = st.ForegroundColor(c.Fg)
		}
		if c.Bg != nil {
			st = st.BackgroundColor(c.Bg)
		}
		seq = st.String()
		p.sgr[c] = seq
	}
	b.WriteString(seq)
	b.WriteString(s)
	b.WriteString(ansi.ResetStyle)
}

// Render returns s painted as c.
func (p *Painter) Render(c Cell, s string) string {
	var b strings.Builder
	p.Paint(&b, c, s)
	return b.String()
}

// Dim is the look of secondary text (times, counts, hints).
func (t Theme) Dim() Cell {
	if t.Mono {
		return Cell{Faint: true}
	}
	return Cell{Fg: ansi.IndexedColor(245)}
}

// Accent is the look of titles and keys.
func (t Theme) Accent() Cell {
	return Cell{Bold: true, Fg: ansi.IndexedColor(75)}
}

// Selected is the look of the highlighted row of a list.
func (t Theme) Selected() Cell {
	if t.Mono {
		return Cell{Reverse: true}
	}
	return Cell{Bg: ansi.IndexedColor(24), Fg: ansi.IndexedColor(231), Bold: true}
}

// Error is the look of a message saying something went wrong; the message
// also starts with a mark, so it does not rely on colour.
func (t Theme) Error() Cell {
	return Cell{Bold: true, Fg: ansi.IndexedColor(203)}
}

// Success is the look of a message confirming a saved action.
func (t Theme) Success() Cell {
	return Cell{Fg: ansi.IndexedColor(114)}
}

// Border is the look of a pane's frame; a focused frame is also drawn with
// heavy lines.
func (t Theme) Border(focused bool) Cell {
	if focused {
		return Cell{Fg: ansi.IndexedColor(75), Bold: true}
	}
	return Cell{Fg: ansi.IndexedColor(240)}
}

// Fit pads or cuts s (which may hold escape sequences) to exactly width
// display cells, so panes line up whatever their content.
func Fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "")
		w = ansi.StringWidth(s)
	}
	if w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// Clip cuts plain text to width cells, ending with "…" when it had to cut.
func Clip(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width == 1 {
		return "…"
	}
	return ansi.Truncate(s, width, "…")
}

// Lines makes s exactly height lines of exactly width cells.
func Lines(s string, width, height int) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	rows := strings.Split(s, "\n")
	if len(rows) > height {
		rows = rows[:height]
	}
	var b strings.Builder
	for i := 0; i < height; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		row := ""
		if i < len(rows) {
			row = rows[i]
		}
		b.WriteString(Fit(row, width))
	}
	return b.String()
}

// Wrap breaks plain text into lines of at most width cells at spaces,
// cutting words longer than a line.
func Wrap(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for ansi.StringWidth(word) > width {
				if line != "" {
					out = append(out, line)
					line = ""
				}
				head := ansi.Truncate(word, width, "")
				if head == "" {
					// One character wider than the line: it gets a line of its own.
					_, size := utf8.DecodeRuneInString(word)
					head = word[:size]
				}
				out = append(out, head)
				word = word[len(head):]
			}
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return out
}

// ClipWords cuts plain text to width cells at a space, ending with "…",
// so that no word is cut in the middle; a first word longer than the
// width is cut as Clip does.
func ClipWords(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	cut := Clip(s, width)
	head := strings.TrimSuffix(cut, "…")
	if i := strings.LastIndex(head, " "); i > 0 && !strings.HasPrefix(s[len(head):], " ") {
		if word := strings.TrimRight(head[:i], " "); strings.TrimSpace(word) != "" {
			return word + "…"
		}
	}
	return strings.TrimRight(head, " ") + "…"
}

// Screen lays out a whole screen of exactly height lines of width cells:
// the title line, the body below it scrolled so that its line at stays in
// view, and the footer lines (a status, the keys). A screen too short for
// all of them keeps the title and the last footer line.
func Screen(width, height int, title string, body []string, at int, footer ...string) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	room := max(height-1-len(footer), 0)
	if at >= room {
		body = body[min(at-room+1, len(body)):]
	}
	rows := make([]string, 0, 1+room+len(footer))
	rows = append(rows, title)
	for i := range room {
		if i < len(body) {
			rows = append(rows, body[i])
		} else {
			rows = append(rows, "")
		}
	}
	rows = append(rows, footer...)
	if len(rows) > height {
		rows = append(rows[:height-1], rows[len(rows)-1])
	}
	for i := range rows {
		rows[i] = Fit(rows[i], width)
	}
	return strings.Join(rows, "\n")
}
