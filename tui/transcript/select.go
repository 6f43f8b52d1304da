package transcript

import "github.com/focalqda/focal/corpus"

// Select selects a span as a visual selection, so that motions can still
// move its end; the compare view uses it to start adjusting a place's
// boundaries from where the coders put them.
func (m *Model) Select(s corpus.Span) {
	if !m.Loaded() {
		return
	}
	m.selectSpan(s)
	m.ensureVisible()
}
