package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/store"
)

// ErrRetireRemovesHidden refuses, under blinding, retiring a code with its
// codings removed when some of those codings are other coders' work, which
// the person may not see and so may not delete.
var ErrRetireRemovesHidden = errors.New("has codings by other coders, which you may not delete while blind coding is on")

// retireUnderBlinding applies blinding to retiring a code that others
// have coded with. Under blinding, removing the code's codings is refused
// when any is another coder's: nobody deletes work they may not see. And a
// retire that neither moves nor removes the codings is refused without
// counting them, since under blinding a person sees their own counts only.
// Without blinding, or when every coding of the code is the person's own,
// the retire goes ahead as it always has. A code that does not resolve is
// left for the retire itself to report.
func (st *Study) retireUnderBlinding(ctx context.Context, p Person, ref string, removeCodings bool) error {
	b, err := st.store.Blinding(ctx)
	if err != nil || !b.On {
		return err
	}
	sight, err := st.SightOrNobody(ctx, p)
	if err != nil {
		return err
	}
	code, err := st.store.Code(ctx, ref)
	if err != nil {
		return nil
	}
	others, err := st.othersCoded(ctx, sight, code.ID)
	if err != nil || !others {
		return err
	}
	if removeCodings {
		return fmt.Errorf("%s %w: retire it into another code with --into CODE (their codings move there), "+
			"or ask a PI to switch blinding off (`focal blind off`)", code.Path, ErrRetireRemovesHidden)
	}
	return fmt.Errorf("code %s has codings, some by other coders (not counted while blind coding is on): "+
		"retire it into another code with --into CODE to move them, or ask a PI to switch blinding off (`focal blind off`)", code.Path)
}

// othersCoded reports whether anyone the sight does not see (another coder
// under blinding, or the consensus layer) has coded with the code.
func (st *Study) othersCoded(ctx context.Context, sight Sight, codeID string) (bool, error) {
	coders, err := st.store.Coders(ctx)
	if err != nil {
		return false, err
	}
	names := []string{store.ConsensusCoder}
	for _, c := range coders {
		names = append(names, c.Name)
	}
	sources, err := st.store.Sources(ctx)
	if err != nil {
		return false, err
	}
	for _, src := range sources {
		spans, err := st.store.CodedSpans(ctx, src.ID, names)
		if err != nil {
			return false, err
		}
		for _, cs := range spans {
			if cs.CodeID == codeID && !sight.SeesCoder(cs.Coder) {
				return true, nil
			}
		}
	}
	return false, nil
}
