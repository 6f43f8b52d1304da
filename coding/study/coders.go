package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// AddCoder registers a coder with role "coder" or "pi".
func (st *Study) AddCoder(ctx context.Context, p Person, name string, role string) (coding.Coder, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Coder
		return z0, err
	}
	return st.store.AddCoder(p.ctx(ctx), name, role)
}

// Blinding reports the project's blinding.
func (st *Study) Blinding(ctx context.Context) (store.Blinding, error) {
	return st.store.Blinding(ctx)
}

// Coder finds a coder by name.
func (st *Study) Coder(ctx context.Context, name string) (coding.Coder, error) {
	return st.store.Coder(ctx, name)
}

// Coders lists the coders (the consensus layer excluded).
func (st *Study) Coders(ctx context.Context) ([]coding.Coder, error) {
	return st.store.Coders(ctx)
}

// SetBlinding switches blind coding on or off; only a PI may.
func (st *Study) SetBlinding(ctx context.Context, p Person, on bool) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.SetBlinding(p.ctx(ctx), on)
}
