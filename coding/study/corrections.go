package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// CorrectSource replaces a source's stored text with a corrected one.
// Turns and codings are re-anchored through the edit; a coding whose own
// words changed is flagged for review, never moved elsewhere or dropped.
// Speaker labels and the one-turn-per-line layout must stay as they are
// (use SetTurnSpeaker to change who spoke).
func (st *Study) CorrectSource(ctx context.Context, p Person, c store.Correction) (store.CorrectionResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.CorrectionResult
		return z0, err
	}
	return st.store.CorrectSource(p.ctx(ctx), c)
}

// SetTurnSpeaker says that a turn was spoken by someone else: the label in
// the stored text changes, the turn moves to that speaker (created in the
// source if new), and codings are re-anchored. units are the unit
// boundaries of the resulting text.
func (st *Study) SetTurnSpeaker(ctx context.Context, p Person, sourceRef string, seq int, label string, units store.UnitFunc) (store.CorrectionResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.CorrectionResult
		return z0, err
	}
	return st.store.SetTurnSpeaker(p.ctx(ctx), sourceRef, seq, label, units)
}
