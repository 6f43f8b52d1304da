package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// AddTeamKey lets a key in for a coder, creating the coder when missing,
// as one action: a coder.added event (for a new coder) and a team.added
// event. Once the project has a PI, only a PI may do it.
func (st *Study) AddTeamKey(ctx context.Context, p Person, nk store.NewTeamKey) (store.TeamAdded, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.TeamAdded
		return z0, err
	}
	return st.store.AddTeamKey(p.ctx(ctx), nk)
}

// RemoveTeamKeys stops letting a coder in: every key of theirs, or only
// the one with the fingerprint given. Each removed key is a team.removed
// event; the coder and their work stay. Once the project has a PI, only a
// PI may do it.
func (st *Study) RemoveTeamKeys(ctx context.Context, p Person, coder string, fingerprint string) ([]store.TeamKey, error) {
	if err := p.mayAct(); err != nil {
		var z0 []store.TeamKey
		return z0, err
	}
	return st.store.RemoveTeamKeys(p.ctx(ctx), coder, fingerprint)
}

// TeamKey finds the key with a fingerprint, with its coder and role as
// they are now; it returns ErrNotFound for a key that is not let in.
func (st *Study) TeamKey(ctx context.Context, fingerprint string) (store.TeamKey, error) {
	return st.store.TeamKey(ctx, fingerprint)
}

// TeamKeys lists the keys that may enter the team server, by coder.
func (st *Study) TeamKeys(ctx context.Context) ([]store.TeamKey, error) {
	return st.store.TeamKeys(ctx)
}
