package study

import (
	"context"

	"github.com/focalqda/focal/coding/pack"
	"github.com/focalqda/focal/coding/store"
)

// MergePack applies a coder's pack to this project in one transaction,
// writing the rows and events the coder's own actions would have written,
// with the pack's UUIDs for codings, codes, memos and events. Events the
// master already has (by id) are skipped, so merging a pack twice changes
// nothing. A pack of another project, one that changes the codebook or
// the project, or one whose sources' texts differ from the master's is
// refused with ErrPackRefused and nothing changes.
func (st *Study) MergePack(ctx context.Context, p Person, pk *pack.Pack, opts store.MergeOptions) (store.MergeReport, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.MergeReport
		return z0, err
	}
	return st.store.MergePack(p.ctx(ctx), pk, opts)
}
