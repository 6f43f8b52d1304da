package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// AddTheme creates a theme. Names are unique among siblings; missing
// parents in a path are created and logged too.
func (st *Study) AddTheme(ctx context.Context, p Person, nt store.NewTheme) (coding.Theme, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Theme
		return z0, err
	}
	return st.store.AddTheme(p.ctx(ctx), nt)
}

// AssignCodes assigns codes to a theme; a code may serve several themes.
// Codes already assigned are reported, not refused.
func (st *Study) AssignCodes(ctx context.Context, p Person, themeRef string, codeRefs []string) (store.ThemeCodesChange, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ThemeCodesChange
		return z0, err
	}
	return st.store.AssignCodes(p.ctx(ctx), themeRef, codeRefs)
}

// DescribeTheme changes a theme's definition and its summaries for
// participants. changed is false, and nothing is logged, when everything
// already read so.
func (st *Study) DescribeTheme(ctx context.Context, p Person, ref string, d store.ThemeDescription) (th coding.Theme, changed bool, err error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Theme
		var z1 bool
		return z0, z1, err
	}
	return st.store.DescribeTheme(p.ctx(ctx), ref, d)
}

// RemoveTheme deletes a theme. Its codes and their codings stay; only the
// grouping goes. A theme with subthemes or memos is kept unless force is
// set, which removes the subthemes and the memos too. Each removed theme
// is logged with everything needed to restore it, memos included.
func (st *Study) RemoveTheme(ctx context.Context, p Person, ref string, force bool) (store.ThemeRemoval, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ThemeRemoval
		return z0, err
	}
	return st.store.RemoveTheme(p.ctx(ctx), ref, force)
}

// RenameTheme gives a theme a new name among its siblings.
func (st *Study) RenameTheme(ctx context.Context, p Person, ref string, newName string) (coding.Theme, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Theme
		return z0, err
	}
	return st.store.RenameTheme(p.ctx(ctx), ref, newName)
}

// Theme finds one theme by path, name or id, with its definition,
// summaries and codes counted for the viewer.
func (st *Study) Theme(ctx context.Context, p Person, ref string) (coding.Theme, error) {
	return st.store.Theme(ctx, p.Name, ref)
}

// Themes lists the theme tree depth-first with each theme's definition,
// summaries, codes and codings counted for the viewer.
func (st *Study) Themes(ctx context.Context, p Person, f store.ThemeFilter) ([]coding.Theme, error) {
	f.Viewer = p.Name
	return st.store.Themes(ctx, f)
}

// UnassignCodes takes codes out of a theme; the codes and their codings
// stay. Codes that were not assigned are reported, not refused.
func (st *Study) UnassignCodes(ctx context.Context, p Person, themeRef string, codeRefs []string) (store.ThemeCodesChange, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ThemeCodesChange
		return z0, err
	}
	return st.store.UnassignCodes(p.ctx(ctx), themeRef, codeRefs)
}
