package study

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
)

// MakePack packs one coder's work for the master copy. A pack holds the
// coder's codings and coding memos, so it is made only by someone who may
// see them: under blinding, the coder themself (a PI included: blinding
// holds for everyone who codes). Without a named person, whoever packs a
// coder's work in their own copy is taken to be that coder.
func (st *Study) MakePack(ctx context.Context, p Person, req store.PackRequest) (*pack.Pack, error) {
	if p.Name == "" {
		p = As(req.Coder)
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("pack %s's work: %w", req.Coder, err)
	}
	if !sight.SeesCoder(req.Coder) {
		return nil, fmt.Errorf("pack %s's work: blind coding is on, and %s can pack only their own work; %s packs it in their copy", req.Coder, p.Name, req.Coder)
	}
	return st.store.MakePack(ctx, req)
}
