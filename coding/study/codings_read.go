package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// Codings lists codings in transcript order with their text, turn and
// speaker. Under blinding the viewer sees only their own.
func (st *Study) Codings(ctx context.Context, p Person, f store.CodingFilter) ([]coding.Coding, error) {
	f.Viewer = p.Name
	return st.store.Codings(ctx, f)
}

// ImportCodings adds many codings in one transaction: all or nothing. It
// returns how many were new; rows identical to existing codings are skipped.
func (st *Study) ImportCodings(ctx context.Context, p Person, rows []store.CodingRow) (int, error) {
	if err := p.mayAct(); err != nil {
		var z0 int
		return z0, err
	}
	return st.store.ImportCodings(p.ctx(ctx), rows)
}
