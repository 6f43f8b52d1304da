package serve

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// vt is a small terminal emulator for the tests: it keeps the screen that
// the workspace's output draws, so that a test can read the screen rather
// than the stream. The renderer redraws only cells that change, so a
// sentence on the screen is often not a sentence in the stream.
//
// It knows what the renderer sends: cursor movement, erasing, scroll
// regions and scrolling, inserting and deleting, repeat, autowrap; styles
// and other sequences are ignored.
type vt struct {
	mu     sync.Mutex
	raw    []byte // everything received
	done   int    // how much of raw is on the screen
	parser *ansi.Parser

	w, h        int
	cells       [][]rune
	row, col    int
	top, bottom int // scroll region, inclusive
	autowrap    bool
	pending     bool // the last column was written: the next character wraps
	saved       [2]int
	last        rune
}

func newVT(w, h int) *vt {
	v := &vt{parser: ansi.NewParser(), autowrap: true}
	v.resize(w, h)
	return v
}

// Write receives output.
func (v *vt) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.raw = append(v.raw, p...)
	return len(p), nil
}

// Resize changes the size, as the client's terminal would.
func (v *vt) Resize(w, h int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.emulate()
	v.resize(w, h)
}

// Screen returns the screen's text, one line per row.
func (v *vt) Screen() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.emulate()
	lines := make([]string, len(v.cells))
	for i, row := range v.cells {
		lines[i] = strings.TrimRight(string(row), " ")
	}
	return strings.Join(lines, "\n")
}

func (v *vt) resize(w, h int) {
	cells := make([][]rune, h)
	for i := range cells {
		cells[i] = []rune(strings.Repeat(" ", w))
		if i < len(v.cells) {
			copy(cells[i], v.cells[i])
		}
	}
	v.w, v.h, v.cells = w, h, cells
	v.top, v.bottom = 0, h-1
	v.row, v.col = min(v.row, h-1), min(v.col, w-1)
}

func (v *vt) emulate() {
	for v.done < len(v.raw) {
		rest := v.raw[v.done:]
		if rest[0] >= utf8.RuneSelf && !utf8.FullRune(rest) {
			return // the rest of the character has not arrived
		}
		seq, width, n, state := ansi.DecodeSequence(rest, byte(ansi.NormalState), v.parser)
		if state != byte(ansi.NormalState) && n == len(rest) {
			return // an unfinished sequence: wait for the rest
		}
		v.done += n
		switch {
		case width > 0:
			r, _ := utf8.DecodeRune(seq)
			v.print(r, width)
		case len(seq) == 1 && (seq[0] < 0x20 || seq[0] == 0x7f):
			v.control(seq[0])
		case len(seq) > 1 && seq[0] == ansi.ESC && seq[1] == '[':
			v.csi(ansi.Cmd(v.parser.Command()), v.parser.Params())
		case len(seq) == 2 && seq[0] == ansi.ESC:
			v.esc(seq[1])
		}
	}
}

func (v *vt) print(r rune, width int) {
	if v.pending {
		v.pending = false
		if v.autowrap {
			v.col = 0
			v.lineFeed()
		}
	}
	v.cells[v.row][v.col] = r
	for i := 1; i < width && v.col+i < v.w; i++ {
		v.cells[v.row][v.col+i] = ' '
	}
	v.last = r
	if v.col+width >= v.w {
		v.col = v.w - 1
		v.pending = true
		return
	}
	v.col += width
}

func (v *vt) control(b byte) {
	switch b {
	case '\r':
		v.col, v.pending = 0, false
	case '\n', '\v', '\f':
		v.lineFeed()
		v.pending = false
	case '\b':
		v.col, v.pending = max(v.col-1, 0), false
	case '\t':
		v.col = min((v.col/8+1)*8, v.w-1)
	}
}

func (v *vt) lineFeed() {
	if v.row == v.bottom {
		v.scrollUp(1)
		return
	}
	v.row = min(v.row+1, v.h-1)
}

func (v *vt) blank() []rune { return []rune(strings.Repeat(" ", v.w)) }

// scrollUp moves the scroll region's lines up by n, blank lines entering
// at its bottom.
func (v *vt) scrollUp(n int) {
	for range n {
		copy(v.cells[v.top:v.bottom], v.cells[v.top+1:v.bottom+1])
		v.cells[v.bottom] = v.blank()
	}
}

func (v *vt) scrollDown(n int) {
	for range n {
		copy(v.cells[v.top+1:v.bottom+1], v.cells[v.top:v.bottom])
		v.cells[v.top] = v.blank()
	}
}

func (v *vt) esc(b byte) {
	switch b {
	case '7':
		v.saved = [2]int{v.row, v.col}
	case '8':
		v.row, v.col = v.saved[0], v.saved[1]
	case 'D':
		v.lineFeed()
	case 'E':
		v.col = 0
		v.lineFeed()
	case 'M':
		if v.row == v.top {
			v.scrollDown(1)
		} else {
			v.row = max(v.row-1, 0)
		}
	}
}

func (v *vt) csi(cmd ansi.Cmd, params ansi.Params) {
	param := func(i, def int) int {
		n, _, _ := params.Param(i, def)
		if n == 0 && def == 1 {
			return 1
		}
		return n
	}
	v.pending = false
	row, col := v.row, v.col
	switch cmd.Prefix() {
	case '?':
		if n := param(0, 0); n == 7 && (cmd.Final() == 'h' || cmd.Final() == 'l') {
			v.autowrap = cmd.Final() == 'h'
		}
		return
	case 0:
	default:
		return
	}
	switch cmd.Final() {
	case 'H', 'f':
		row, col = param(0, 1)-1, param(1, 1)-1
	case 'A':
		row -= param(0, 1)
	case 'B', 'e':
		row += param(0, 1)
	case 'C', 'a':
		col += param(0, 1)
	case 'D':
		col -= param(0, 1)
	case 'E':
		row, col = row+param(0, 1), 0
	case 'F':
		row, col = row-param(0, 1), 0
	case 'G', '`':
		col = param(0, 1) - 1
	case 'd':
		row = param(0, 1) - 1
	case 'X':
		for i := col; i < min(col+param(0, 1), v.w); i++ {
			v.cells[row][i] = ' '
		}
	case 'K':
		from, to := col, v.w
		switch param(0, 0) {
		case 1:
			from, to = 0, col+1
		case 2:
			from = 0
		}
		for i := from; i < min(to, v.w); i++ {
			v.cells[row][i] = ' '
		}
	case 'J':
		from, to := row+1, v.h
		switch param(0, 0) {
		case 0:
			for i := col; i < v.w; i++ {
				v.cells[row][i] = ' '
			}
		case 1:
			from, to = 0, row
			for i := 0; i <= col && i < v.w; i++ {
				v.cells[row][i] = ' '
			}
		default:
			from = 0
		}
		for r := from; r < to; r++ {
			v.cells[r] = v.blank()
		}
	case 'r':
		v.top, v.bottom = param(0, 1)-1, param(1, v.h)-1
		if v.top >= v.bottom || v.bottom >= v.h {
			v.top, v.bottom = 0, v.h-1
		}
		row, col = 0, 0
	case 'S':
		v.scrollUp(param(0, 1))
	case 'T':
		v.scrollDown(param(0, 1))
	case 'L', 'M':
		if row < v.top || row > v.bottom {
			break
		}
		top := v.top
		v.top = row
		if cmd.Final() == 'L' {
			v.scrollDown(param(0, 1))
		} else {
			v.scrollUp(param(0, 1))
		}
		v.top = top
		col = 0
	case '@':
		n := min(param(0, 1), v.w-col)
		line := v.cells[row]
		copy(line[col+n:], line[col:])
		for i := col; i < col+n; i++ {
			line[i] = ' '
		}
	case 'P':
		n := min(param(0, 1), v.w-col)
		line := v.cells[row]
		copy(line[col:], line[col+n:])
		for i := v.w - n; i < v.w; i++ {
			line[i] = ' '
		}
	case 'b':
		for range param(0, 1) {
			v.print(v.last, 1)
		}
		return
	}
	v.row, v.col = max(min(row, v.h-1), 0), max(min(col, v.w-1), 0)
}
