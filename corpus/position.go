package corpus

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of code points in a source's
// stored text. Every position that users, flags, JSON, CSV or REFI files see
// is a Span.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in the span.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether two spans share at least one code point.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// checkpointEvery is how many code points lie between two stored byte
// offsets in a PositionIndex: small enough that a lookup decodes few runes,
// large enough that the index stays a small fraction of the text.
const checkpointEvery = 64

// PositionIndex converts between byte offsets and code-point offsets of one
// text. It is the one place where Focal crosses that boundary; build it
// once per text and reuse it.
type PositionIndex struct {
	text  string
	runes int
	ascii bool
	// checkpoints[i] is the byte offset of code point i*checkpointEvery.
	checkpoints []int
}

// NewPositionIndex indexes text for offset conversions.
func NewPositionIndex(text string) *PositionIndex {
	idx := &PositionIndex{text: text}
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		idx.ascii = true
		idx.runes = len(text)
		return idx
	}
	n := 0
	for b := range text {
		if n%checkpointEvery == 0 {
			idx.checkpoints = append(idx.checkpoints, b)
		}
		n++
	}
	idx.runes = n
	return idx
}

// Len is the length of the text in code points.
func (p *PositionIndex) Len() int { return p.runes }

// ByteOffset returns the byte offset of code point r (0 ≤ r ≤ Len).
func (p *PositionIndex) ByteOffset(r int) (int, error) {
	if r < 0 || r > p.runes {
		return 0, fmt.Errorf("position %d is outside the text (0–%d)", r, p.runes)
	}
	if p.ascii {
		return r, nil
	}
	if r == p.runes {
		return len(p.text), nil
	}
	b := p.checkpoints[r/checkpointEvery]
	for k := r % checkpointEvery; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(p.text[b:])
		b += size
	}
	return b, nil
}

// RuneOffset returns the code-point offset of byte offset b. A byte offset
// inside a multi-byte character maps to that character's start.
func (p *PositionIndex) RuneOffset(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(p.text) {
		return p.runes
	}
	if p.ascii {
		return b
	}
	i := sort.Search(len(p.checkpoints), func(i int) bool { return p.checkpoints[i] > b }) - 1
	r := i * checkpointEvery
	pos := p.checkpoints[i]
	for pos < b {
		_, size := utf8.DecodeRuneInString(p.text[pos:])
		if pos+size > b {
			break
		}
		pos += size
		r++
	}
	return r
}

// Slice returns the text of a code-point span.
func (p *PositionIndex) Slice(s Span) (string, error) {
	if s.Start > s.End {
		return "", fmt.Errorf("span %d–%d ends before it starts", s.Start, s.End)
	}
	a, err := p.ByteOffset(s.Start)
	if err != nil {
		return "", err
	}
	b, err := p.ByteOffset(s.End)
	if err != nil {
		return "", err
	}
	return p.text[a:b], nil
}

// RuneCursor converts byte offsets that mostly increase to code points in
// one forward pass over the text, for long ordered lists such as word
// boundaries where a lookup per offset would cost more.
type RuneCursor struct {
	text  string
	bytes int
	runes int
}

// NewRuneCursor starts a cursor at the beginning of text.
func NewRuneCursor(text string) *RuneCursor { return &RuneCursor{text: text} }

// RuneOffset returns the code-point offset of byte offset b (clamped to the
// text). An offset inside a multi-byte character maps to that character's
// start, as PositionIndex.RuneOffset does. Moving backwards restarts from
// the beginning.
func (c *RuneCursor) RuneOffset(b int) int {
	b = max(0, min(b, len(c.text)))
	for b > 0 && b < len(c.text) && !utf8.RuneStart(c.text[b]) {
		b--
	}
	if b < c.bytes {
		c.bytes, c.runes = 0, 0
	}
	c.runes += utf8.RuneCountInString(c.text[c.bytes:b])
	c.bytes = b
	return c.runes
}
