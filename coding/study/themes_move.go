package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// MoveCodeBetweenThemes takes a code out of one theme and puts it in
// another in one transaction: one action, logged as theme.assigned and
// theme.unassigned under one action id, so one undo puts it back and the
// code is never left in both themes or in neither.
func (st *Study) MoveCodeBetweenThemes(ctx context.Context, p Person, codeRef string, fromTheme string, toTheme string) (store.ThemeCodeMove, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ThemeCodeMove
		return z0, err
	}
	return st.store.MoveCodeBetweenThemes(p.ctx(ctx), codeRef, fromTheme, toTheme)
}
