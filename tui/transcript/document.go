package transcript

import (
	"image/color"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"

	"github.com/focalqda/focal/corpus"
)

// Turn is one turn as the transcript shows it. Positions are code points
// into the stored text, as everywhere in Focal.
type Turn struct {
	Seq     int
	Label   string // short speaker label for the gutter ("P04", "MOD")
	Speaker string // the speaker's full name, for the status line
	Start   int    // first code point of the utterance
	End     int    // end of the utterance (exclusive)
	StartMS int64  // negative when the time is not known
	// Moderator is a moderator's turn: > (next turn I have not coded)
	// passes over it, as moderators' words are not coded.
	Moderator bool
}

// Coding is one coded span as the transcript shows it.
type Coding struct {
	ID     string
	CodeID string
	Code   string // the code's path, for the status line
	Name   string // the code's own name, for the margin
	Coder  string
	Own    bool // the viewer's own coding: highlighted in the text
	Start  int
	End    int
	Color  color.Color // nil in mono mode
}

// Span is the coded range.
func (c Coding) Span() corpus.Span { return corpus.Span{Start: c.Start, End: c.End} }

// Document is a source ready to be read: its stored text, its turns in
// order and its stored word and sentence units (nil when the source has
// none; the transcript then finds words and sentences itself).
type Document struct {
	Text      string
	Turns     []Turn
	Words     []corpus.Span
	Sentences []corpus.Span
}

// glyph is one grapheme cluster of an utterance: what the cursor steps over
// and what takes display cells. pos and off are absolute code-point and
// byte offsets into the stored text.
type glyph struct {
	pos   int32
	off   int32
	width int32
}

// turnLayout caches what drawing a turn needs: its glyphs (independent of
// the width) and its display lines for one text width.
type turnLayout struct {
	glyphs    []glyph
	lineWidth int
	lines     []int32 // index of the first glyph of each display line
}

// doc is the loaded source with the derived data that stays valid until the
// text changes.
type doc struct {
	text      string
	turns     []Turn
	byteStart []int32 // byte offset of each turn's utterance start
	byteEnd   []int32 // byte offset of each turn's utterance end
	chars     int
	words     []corpus.Span
	sentences []corpus.Span
	index     *corpus.PositionIndex
	layouts   []*turnLayout
	folded    []rune // lower-cased text for search, built on first search
}

func newDoc(d Document) *doc {
	turns := make([]Turn, 0, len(d.Turns))
	for _, t := range d.Turns {
		if t.End > t.Start {
			turns = append(turns, t)
		}
	}
	sort.SliceStable(turns, func(i, j int) bool { return turns[i].Start < turns[j].Start })
	dc := &doc{text: d.Text, turns: turns, index: corpus.NewPositionIndex(d.Text)}
	dc.chars = dc.index.Len()
	dc.byteStart = make([]int32, len(turns))
	dc.byteEnd = make([]int32, len(turns))
	for i, t := range turns {
		// Positions past the text (a stale document) are clamped, never trusted.
		t.Start, t.End = min(t.Start, dc.chars), min(t.End, dc.chars)
		turns[i] = t
		a, _ := dc.index.ByteOffset(t.Start)
		b, _ := dc.index.ByteOffset(t.End)
		dc.byteStart[i], dc.byteEnd[i] = int32(a), int32(b)
	}
	dc.layouts = make([]*turnLayout, len(turns))
	dc.words = d.Words
	if len(dc.words) == 0 {
		dc.words = findWords(dc)
	}
	dc.sentences = d.Sentences
	if len(dc.sentences) == 0 {
		dc.sentences = findSentences(dc)
	}
	return dc
}

// layout returns the glyphs of turn ti, segmenting it on first use.
func (d *doc) layout(ti int) *turnLayout {
	if l := d.layouts[ti]; l != nil {
		return l
	}
	l := &turnLayout{lineWidth: -1}
	text := d.text[d.byteStart[ti]:d.byteEnd[ti]]
	pos, off := int32(d.turns[ti].Start), d.byteStart[ti]
	g := displaywidth.StringGraphemes(text)
	for g.Next() {
		v := g.Value()
		w := int32(g.Width())
		if v == "\n" {
			// A paragraph break inside a turn: drawn as one blank cell at the
			// end of its line, so the cursor and a selection can rest on it.
			w = 1
		}
		l.glyphs = append(l.glyphs, glyph{pos: pos, off: off, width: w})
		pos += int32(utf8.RuneCountInString(v))
		off += int32(len(v))
	}
	d.layouts[ti] = l
	return l
}

// linesFor wraps turn ti for a text width and caches the result.
func (d *doc) linesFor(ti, width int) *turnLayout {
	l := d.layout(ti)
	if l.lineWidth != width {
		l.lines = wrapGlyphs(d.text, l.glyphs, width)
		l.lineWidth = width
	}
	return l
}

// wrapGlyphs breaks a turn into display lines of at most width cells,
// after spaces where it can and inside a word only when a word is longer
// than a line. A space that ends a full line may hang one cell past it,
// in the gap the renderer keeps after the text, so no line starts with a
// space.
func wrapGlyphs(text string, glyphs []glyph, width int) []int32 {
	width = max(width, 1)
	lines := []int32{0}
	lineStart, lineW, breakAt := 0, 0, -1
	for i, g := range glyphs {
		ch := text[g.off]
		if ch == '\n' {
			if i+1 < len(glyphs) {
				lines = append(lines, int32(i+1))
			}
			lineStart, lineW, breakAt = i+1, 0, -1
			continue
		}
		w := int(g.width)
		if lineW+w > width && i > lineStart {
			if ch == ' ' && lineW+w <= width+1 {
				lineW += w
				breakAt = i + 1
				continue
			}
			next := i
			if breakAt > lineStart {
				next = breakAt
			}
			lines = append(lines, int32(next))
			lineStart, lineW, breakAt = next, 0, -1
			for _, h := range glyphs[next:i] {
				lineW += int(h.width)
			}
		}
		lineW += w
		if ch == ' ' {
			breakAt = i + 1
		}
	}
	return lines
}

// glyphEnd is where glyph gi of a turn ends, in code points.
func (d *doc) glyphEnd(ti int, l *turnLayout, gi int) int {
	if gi+1 < len(l.glyphs) {
		return int(l.glyphs[gi+1].pos)
	}
	return d.turns[ti].End
}

// glyphText is the text of glyph gi of a turn.
func (d *doc) glyphText(ti int, l *turnLayout, gi int) string {
	end := d.byteEnd[ti]
	if gi+1 < len(l.glyphs) {
		end = l.glyphs[gi+1].off
	}
	return d.text[l.glyphs[gi].off:end]
}

// glyphAt is the index of the glyph of turn ti that holds position p.
func glyphAt(l *turnLayout, p int) int {
	i := sort.Search(len(l.glyphs), func(i int) bool { return int(l.glyphs[i].pos) > p })
	return max(i-1, 0)
}

// lineOfGlyph is the display line holding glyph gi.
func lineOfGlyph(l *turnLayout, gi int) int {
	i := sort.Search(len(l.lines), func(i int) bool { return int(l.lines[i]) > gi })
	return max(i-1, 0)
}

// lineGlyphs is the glyph range [from, to) of display line li.
func lineGlyphs(l *turnLayout, li int) (from, to int) {
	from = int(l.lines[li])
	to = len(l.glyphs)
	if li+1 < len(l.lines) {
		to = int(l.lines[li+1])
	}
	return from, to
}

// turnAt is the index of the turn holding position p, or of the first turn
// after p when p falls between utterances (on a label or a line end).
func (d *doc) turnAt(p int) int {
	return sort.Search(len(d.turns), func(i int) bool { return d.turns[i].End > p })
}

// slice returns the text of a span, or "" when it is outside the text.
func (d *doc) slice(s corpus.Span) string {
	out, err := d.index.Slice(s)
	if err != nil {
		return ""
	}
	return out
}

// foldedText is the text lower-cased rune by rune, so that a match's
// offsets are code points of the stored text.
func (d *doc) foldedText() []rune {
	if d.folded == nil {
		d.folded = make([]rune, 0, d.chars)
		for _, r := range d.text {
			d.folded = append(d.folded, unicode.ToLower(r))
		}
	}
	return d.folded
}

// findWords finds words when the source has no stored word units: runs of
// letters, digits and marks, joined by an apostrophe or hyphen between two
// such characters.
func findWords(d *doc) []corpus.Span {
	var out []corpus.Span
	for ti, t := range d.turns {
		text := d.text[d.byteStart[ti]:d.byteEnd[ti]]
		pos, start := t.Start, -1
		prevWord := false
		runes := []rune(text)
		for i, r := range runes {
			inWord := isWordRune(r)
			if !inWord && start >= 0 && (r == '\'' || r == '’' || r == '-') && i+1 < len(runes) && isWordRune(runes[i+1]) {
				inWord = true
			}
			switch {
			case inWord && !prevWord:
				start = pos
			case !inWord && prevWord:
				out = append(out, corpus.Span{Start: start, End: pos})
				start = -1
			}
			prevWord = inWord
			pos++
		}
		if prevWord {
			out = append(out, corpus.Span{Start: start, End: pos})
		}
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// findSentences splits utterances when the source has no stored sentence
// units: after ".", "?", "!" or "…" followed by a space, and at every
// paragraph break.
func findSentences(d *doc) []corpus.Span {
	var out []corpus.Span
	for ti, t := range d.turns {
		runes := []rune(d.text[d.byteStart[ti]:d.byteEnd[ti]])
		start := 0
		emit := func(end int) {
			a, b := start, end
			for a < b && unicode.IsSpace(runes[a]) {
				a++
			}
			for b > a && unicode.IsSpace(runes[b-1]) {
				b--
			}
			if b > a {
				out = append(out, corpus.Span{Start: t.Start + a, End: t.Start + b})
			}
			start = end
		}
		for i, r := range runes {
			switch {
			case r == '\n':
				emit(i + 1)
			case (r == '.' || r == '?' || r == '!' || r == '…') && i+1 < len(runes) && runes[i+1] == ' ':
				emit(i + 1)
			}
		}
		emit(len(runes))
	}
	return out
}
