package deid

import "github.com/focalqda/focal/corpus"

// Edits are the replacements the rendering makes, in code points of the
// stored text, in order of position: what an output that carries the
// whole text (a REFI-QDA file) makes with corpus.Rewrite.
func (r *Rendered) Edits() []corpus.Edit {
	out := make([]corpus.Edit, 0, len(r.edits))
	cur := corpus.NewRuneCursor(r.text)
	for _, e := range r.edits {
		start := cur.RuneOffset(e.start)
		out = append(out, corpus.Edit{Span: corpus.Span{Start: start, End: cur.RuneOffset(e.end)}, With: e.with})
	}
	return out
}
