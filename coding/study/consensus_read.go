package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// ConsensusCodings lists a source's consensus codings with provenance.
func (st *Study) ConsensusCodings(ctx context.Context, sourceRef string) ([]store.ConsensusCoding, error) {
	return st.store.ConsensusCodings(ctx, sourceRef)
}

// ConsensusStates lists every source's consensus status.
func (st *Study) ConsensusStates(ctx context.Context) ([]store.ConsensusState, error) {
	return st.store.ConsensusStates(ctx)
}
