package deid

import (
	"sort"
	"strings"

	"github.com/focalqda/focal/corpus"
)

// Replacement is an accepted replacement at one place of a source's stored
// text.
type Replacement struct {
	// Span is the place, in code points.
	Span corpus.Span
	// Text is what the place held when the replacement was accepted.
	Text string
	// With is what replaces it.
	With string
}

// Rendered is a source's stored text as it leaves the project: accepted
// replacements made at their places, and the project's listed words
// replaced wherever they occur (whole words, as written). Positions still
// refer to the stored text, so a passage of an export takes its words
// with Slice.
type Rendered struct {
	text  string
	idx   *corpus.PositionIndex
	edits []edit
	// Stale are the replacements whose text was found neither at their
	// place nor anywhere in the text (a correction removed it).
	Stale []Replacement
}

// edit replaces text[start:end] (bytes) by with.
type edit struct {
	start, end int
	with       string
}

// Render prepares a source's text for export. A replacement whose place no
// longer holds its text (a correction moved the text) is made at the
// nearest whole-word occurrence of that text instead; where there is none
// it is reported in Stale.
func Render(text string, at []Replacement, words []Word) *Rendered {
	r := &Rendered{text: text, idx: corpus.NewPositionIndex(text)}
	for _, rep := range at {
		start, end, ok := r.locate(rep)
		if !ok {
			r.Stale = append(r.Stale, rep)
			continue
		}
		r.edits = append(r.edits, edit{start, end, rep.With})
	}
	r.edits = nonOverlapping(r.edits)
	if len(words) > 0 {
		m := newMatcher()
		for i, w := range words {
			m.add(w.Text, w.Fold, i)
		}
		var listed []edit
		m.find(text, func(mt match) {
			listed = append(listed, edit{mt.start, mt.end, words[mt.id].Replacement})
		})
		for _, e := range listed {
			if !r.overlaps(e) {
				r.edits = append(r.edits, e)
			}
		}
		r.edits = nonOverlapping(r.edits)
	}
	return r
}

// locate finds the bytes a replacement applies to.
func (r *Rendered) locate(rep Replacement) (int, int, bool) {
	if rep.Text == "" {
		return 0, 0, false
	}
	if a, err := r.idx.ByteOffset(rep.Span.Start); err == nil {
		if b, err := r.idx.ByteOffset(rep.Span.End); err == nil && r.text[a:b] == rep.Text {
			return a, b, true
		}
	}
	// The text moved: take its nearest whole-word occurrence.
	want, _ := r.idx.ByteOffset(min(max(rep.Span.Start, 0), r.idx.Len()))
	best, bestDist := -1, 0
	for i := 0; i <= len(r.text)-len(rep.Text); {
		k := strings.Index(r.text[i:], rep.Text)
		if k < 0 {
			break
		}
		at := i + k
		if wholeWord(r.text, at, at+len(rep.Text)) {
			d := at - want
			if d < 0 {
				d = -d
			}
			if best < 0 || d < bestDist {
				best, bestDist = at, d
			}
		}
		i = at + 1
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + len(rep.Text), true
}

func (r *Rendered) overlaps(e edit) bool {
	for _, o := range r.edits {
		if e.start < o.end && o.start < e.end {
			return true
		}
	}
	return false
}

// nonOverlapping sorts edits and drops any that overlaps an earlier one.
func nonOverlapping(edits []edit) []edit {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	out := edits[:0]
	end := -1
	for _, e := range edits {
		if e.start < end {
			continue
		}
		out = append(out, e)
		end = e.end
	}
	return out
}

// wholeWord reports whether text[a:b] is not part of a longer word.
func wholeWord(text string, a, b int) bool {
	off := max(0, a-8)
	for _, w := range words(text[off:min(len(text), b+8)]) {
		start, end := w.start+off, w.end+off
		if start < a && end > a || start < b && end > b {
			return false
		}
	}
	return true
}

// Slice returns the words of a span of the stored text as rendered. A
// replacement that the span only partly covers is rendered whole, so that
// no part of a name is left ("…lobos" becomes the replacement, not a
// fragment of the name).
func (r *Rendered) Slice(span corpus.Span) string {
	a, err := r.idx.ByteOffset(span.Start)
	if err != nil {
		return ""
	}
	b, err := r.idx.ByteOffset(span.End)
	if err != nil {
		return ""
	}
	return r.sliceBytes(a, b)
}

func (r *Rendered) sliceBytes(a, b int) string {
	k := sort.Search(len(r.edits), func(i int) bool { return r.edits[i].end > a })
	if k == len(r.edits) || r.edits[k].start >= b {
		return r.text[a:b]
	}
	var sb strings.Builder
	pos := a
	for ; k < len(r.edits) && r.edits[k].start < b; k++ {
		e := r.edits[k]
		if e.start > pos {
			sb.WriteString(r.text[pos:e.start])
		}
		sb.WriteString(e.with)
		pos = e.end
	}
	if pos < b {
		sb.WriteString(r.text[pos:b])
	}
	return sb.String()
}

// String is the whole text as rendered.
func (r *Rendered) String() string { return r.sliceBytes(0, len(r.text)) }

// Apply returns the stored text with every replacement made, for writing
// the replacements into the stored text itself (a correction).
func Apply(text string, at []Replacement) (string, []Replacement) {
	r := Render(text, at, nil)
	return r.String(), r.Stale
}
