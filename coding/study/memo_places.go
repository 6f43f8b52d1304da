package study

import (
	"context"
	"errors"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// MemoCodings finds the codings that memos are written on, by coding id,
// as p may see them (Sight: under blinding, only p's own codings), with
// the turn each starts in, so that a front end can place every memo in its
// transcript. A coding removed since, or hidden from p, is left out, and
// the memos that are not on codings are passed over. It reads one coding
// per memo on a coding, not every coding of the project.
func (st *Study) MemoCodings(ctx context.Context, p Person, memos []coding.Memo) (map[string]coding.Coding, error) {
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, err
	}
	out := map[string]coding.Coding{}
	turns := map[string][]corpus.Turn{}
	for _, m := range memos {
		if m.TargetKind != store.MemoOnCoding {
			continue
		}
		if _, seen := out[m.TargetID]; seen {
			continue
		}
		c, err := st.store.Coding(ctx, m.TargetID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !sight.SeesCoder(c.Coder) {
			continue
		}
		ts, ok := turns[c.SourceID]
		if !ok {
			if ts, err = st.store.Turns(ctx, c.SourceID); err != nil {
				return nil, err
			}
			turns[c.SourceID] = ts
		}
		for _, t := range ts {
			if t.Start <= c.Start && c.Start < max(t.End, t.Start+1) {
				c.Turn, c.Speaker, c.Participant = t.Seq, t.Speaker, t.Participant
				break
			}
		}
		out[c.ID] = c
	}
	return out, nil
}
