package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// DoneMarks returns, per source name, the coders who marked it done.
func (st *Study) DoneMarks(ctx context.Context) (map[string][]string, error) {
	return st.store.DoneMarks(ctx)
}

// Progress lists, per source and coder, whether the source is done and how
// many turns the coder has touched. Under blinding a viewer sees their own
// counts only; done marks are visible to all, since agreement needs them.
func (st *Study) Progress(ctx context.Context, p Person) ([]store.Progress, error) {
	return st.store.Progress(ctx, p.Name)
}

// SetSourceDone marks (or unmarks) a source as finished by the acting coder.
func (st *Study) SetSourceDone(ctx context.Context, p Person, sourceRef string, done bool) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.SetSourceDone(p.ctx(ctx), sourceRef, done)
}
