package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/store"
)

// AddCoding codes a span in the person's own layer, in one transaction; a
// new code name creates the code. Nobody adds to another coder's layer,
// and nobody codes as the consensus layer: it is written only by the
// consensus operations (SeedConsensus, ResolvePlace), which keep
// provenance and the person who decided.
func (st *Study) AddCoding(ctx context.Context, p Person, nc store.NewCoding) (store.AddCodingResult, error) {
	if _, err := st.actor(ctx, p); err != nil {
		return store.AddCodingResult{}, err
	}
	return st.store.AddCoding(p.ctx(ctx), nc)
}

// RemoveCoding removes one of the person's own codings. A coding the
// person may not see under blinding is reported as not found, so that
// guessing ids reveals nothing.
func (st *Study) RemoveCoding(ctx context.Context, p Person, id string) (store.Coding, error) {
	me, err := st.actor(ctx, p)
	if err != nil {
		return store.Coding{}, err
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return store.Coding{}, err
	}
	c, err := st.store.Coding(ctx, id)
	if err != nil {
		return store.Coding{}, err
	}
	if !sight.SeesCoder(c.Coder) {
		return store.Coding{}, fmt.Errorf("no coding %s of yours (see `focal coding list`): %w", id, store.ErrNotFound)
	}
	if c.Coder == store.ConsensusCoder {
		return store.Coding{}, errors.New("that is a consensus coding: take it out with `focal consensus rm`, which keeps its provenance in the log")
	}
	if c.Coder != me.Name {
		return store.Coding{}, fmt.Errorf("coding %s is %s's; coders remove only their own codings", id, c.Coder)
	}
	return st.store.RemoveCoding(p.ctx(ctx), c.ID)
}
