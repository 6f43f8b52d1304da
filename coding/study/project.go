package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// Project returns the project's identity and title.
func (st *Study) Project(ctx context.Context) (store.Project, error) {
	return st.store.Project(ctx)
}
