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

// retireMayRemove applies the write rule of a retire that removes a
// code's codings: under blinding, every coding removed must be one the
// person may see (their own); without blinding anyone may remove them, as
// a merge or a split may re-point them. A code that does not resolve is
// left for the retire itself to report.
func (st *Study) retireMayRemove(ctx context.Context, p Person, ref string) error {
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
	coders, err := st.store.Coders(ctx)
	if err != nil {
		return err
	}
	names := []string{store.ConsensusCoder}
	for _, c := range coders {
		names = append(names, c.Name)
	}
	sources, err := st.store.Sources(ctx)
	if err != nil {
		return err
	}
	for _, src := range sources {
		spans, err := st.store.CodedSpans(ctx, src.ID, names)
		if err != nil {
			return err
		}
		for _, cs := range spans {
			if cs.CodeID == code.ID && !sight.SeesCoder(cs.Coder) {
				return fmt.Errorf("%s %w: retire it into another code with --into CODE (their codings move there), "+
					"or ask a PI to switch blinding off (`focal blind off`)", code.Path, ErrRetireRemovesHidden)
			}
		}
	}
	return nil
}
