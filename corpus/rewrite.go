package corpus

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Edit replaces the text of a span (code points of the original text) with
// other words, for an output that cannot show the original: a name
// replaced by a pseudonym, a withdrawn passage by a marker.
type Edit struct {
	Span Span
	With string
	// Drop marks words taken out (a withdrawn passage): a place that lies
	// wholly inside dropped words has no place in the new text, and a place
	// that starts or ends inside them is cut back to the words kept. Other
	// edits (a replaced name) stand in for what they replace: a place
	// covering part of one covers all of its replacement.
	Drop bool
}

// Rewritten is a text after edits, with the way from places in the
// original text to places in the new one.
type Rewritten struct {
	// Text is the new text.
	Text  string
	edits []placedEdit
}

// placedEdit is an edit with where its replacement lies in the new text.
type placedEdit struct {
	Edit
	newStart, newEnd int
}

// Rewrite makes edits in text. Edits are taken in order of position; one
// that overlaps an earlier one (in that order, or for equal starts in the
// order given) is left out and returned in skipped. Spans beyond the text
// are cut to it.
func Rewrite(text string, edits []Edit) (r *Rewritten, skipped []Edit) {
	idx := NewPositionIndex(text)
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
	r = &Rewritten{}
	var b strings.Builder
	b.Grow(len(text))
	pos, newPos := 0, 0 // code points of the original read, of the new written
	for _, e := range sorted {
		e.Span.Start = min(max(e.Span.Start, 0), idx.Len())
		e.Span.End = min(max(e.Span.End, e.Span.Start), idx.Len())
		if e.Span.Start < pos {
			skipped = append(skipped, e)
			continue
		}
		kept, _ := idx.Slice(Span{Start: pos, End: e.Span.Start})
		b.WriteString(kept)
		newPos += e.Span.Start - pos
		with := utf8.RuneCountInString(e.With)
		r.edits = append(r.edits, placedEdit{Edit: e, newStart: newPos, newEnd: newPos + with})
		b.WriteString(e.With)
		newPos += with
		pos = e.Span.End
	}
	rest, _ := idx.Slice(Span{Start: pos, End: idx.Len()})
	b.WriteString(rest)
	r.Text = b.String()
	return r, skipped
}

// Place gives where a place of the original text is in the new text, and
// false when it has no place there (it lay wholly inside dropped words, or
// what is left of it is empty).
func (r *Rewritten) Place(s Span) (Span, bool) {
	start, end := r.position(s.Start, true), r.position(s.End, false)
	if end <= start && s.Len() > 0 {
		return Span{}, false
	}
	return Span{Start: start, End: max(end, start)}, true
}

// position maps one position of the original text: the start (opening
// true) or the end of a place.
func (r *Rewritten) position(p int, opening bool) int {
	// The first edit that ends after p (for an opening) or at or after p
	// (for an end): every edit before it lies wholly before p.
	i := sort.Search(len(r.edits), func(k int) bool {
		if opening {
			return r.edits[k].Span.End > p
		}
		return r.edits[k].Span.End >= p
	})
	if i < len(r.edits) {
		e := r.edits[i]
		if (opening && e.Span.Start <= p) || (!opening && e.Span.Start < p) {
			// p is inside the edit's span.
			switch {
			case e.Drop && opening:
				return e.newEnd
			case e.Drop:
				return e.newStart
			case opening:
				return e.newStart
			default:
				return e.newEnd
			}
		}
	}
	if i == 0 {
		return p
	}
	before := r.edits[i-1]
	return p + before.newEnd - before.Span.End
}
