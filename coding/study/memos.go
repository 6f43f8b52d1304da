package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// AddMemo writes a memo by the acting coder on target. While blinding is
// on, a coder may write memos only on their own codings.
func (st *Study) AddMemo(ctx context.Context, p Person, target store.MemoTarget, title string, body string) (coding.Memo, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Memo
		return z0, err
	}
	return st.store.AddMemo(p.ctx(ctx), target, title, body)
}

// EditMemo replaces the text of one of the acting coder's memos. Only the
// author may edit a memo. changed is false, and nothing is logged, when
// the new text equals the old.
func (st *Study) EditMemo(ctx context.Context, p Person, ref string, body string) (m coding.Memo, changed bool, err error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Memo
		var z1 bool
		return z0, z1, err
	}
	return st.store.EditMemo(p.ctx(ctx), ref, body)
}

// Memo finds one memo the viewer may see by id or by a unique id prefix of
// at least 4 characters.
func (st *Study) Memo(ctx context.Context, p Person, ref string) (coding.Memo, error) {
	return st.store.Memo(ctx, p.Name, ref)
}

// Memos lists memos in the order they were written. While blinding is on,
// memos on codings are listed only for the coder whose coding and memo they
// are; asking for coding memos without naming the viewer is refused.
func (st *Study) Memos(ctx context.Context, p Person, f store.MemoFilter) ([]coding.Memo, error) {
	f.Viewer = p.Name
	return st.store.Memos(ctx, f)
}
