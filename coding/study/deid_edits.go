package study

import (
	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/corpus"
)

// Edits are the replacements the de-identified text of a source makes
// (accepted replacements and listed words), in code points of its stored
// text: what an export that carries whole texts applies with
// corpus.Rewrite, so that its text reads as every other export's passages.
func (d *Deidentification) Edits(sourceID, text string) []corpus.Edit {
	r := d.rendered[sourceID]
	if r == nil {
		r = deid.Render(text, d.replacements[sourceID], d.words)
		d.rendered[sourceID] = r
	}
	return r.Edits()
}
