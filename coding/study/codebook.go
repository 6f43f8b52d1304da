package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// AddCode creates a code. It fails when an active code already has that path.
func (st *Study) AddCode(ctx context.Context, p Person, nc store.NewCode) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	return st.store.AddCode(p.ctx(ctx), nc)
}

// Code finds one code by path, name or id.
func (st *Study) Code(ctx context.Context, ref string) (coding.Code, error) {
	return st.store.Code(ctx, ref)
}

// CodebookAt rebuilds the codebook as it stood at a moment (an RFC 3339
// time or date) by replaying the code events up to then.
func (st *Study) CodebookAt(ctx context.Context, at string) (coding.CodebookSnapshot, error) {
	return st.store.CodebookAt(ctx, at)
}

// CodebookVersion finds a frozen version by name.
func (st *Study) CodebookVersion(ctx context.Context, name string) (store.CodebookVersion, error) {
	return st.store.CodebookVersion(ctx, name)
}

// CodebookVersions lists the frozen versions, oldest first.
func (st *Study) CodebookVersions(ctx context.Context) ([]store.CodebookVersion, error) {
	return st.store.CodebookVersions(ctx)
}

// Codes lists the codebook in tree order with the codings the viewer may
// see counted.
func (st *Study) Codes(ctx context.Context, p Person, f store.CodeFilter) ([]coding.Code, error) {
	f.Viewer = p.Name
	return st.store.Codes(ctx, f)
}

// CurrentCodebook is the codebook as it stands now.
func (st *Study) CurrentCodebook(ctx context.Context) (coding.CodebookSnapshot, error) {
	return st.store.CurrentCodebook(ctx)
}

// DescribeCode changes a code's definition, criteria, example or colour.
func (st *Study) DescribeCode(ctx context.Context, p Person, ref string, d store.CodeDescription) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	return st.store.DescribeCode(p.ctx(ctx), ref, d)
}

// FreezeCodebook saves the current codebook as a named version.
func (st *Study) FreezeCodebook(ctx context.Context, p Person, name string, note string) (store.CodebookVersion, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.CodebookVersion
		return z0, err
	}
	return st.store.FreezeCodebook(p.ctx(ctx), name, note)
}

// MergeCode re-points every coding of code `from` to code `into`, per coder
// (a coder's identical coding under both becomes one), moves `from`'s
// children under `into`, and retires `from`.
func (st *Study) MergeCode(ctx context.Context, p Person, fromRef string, intoRef string) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	return st.store.MergeCode(p.ctx(ctx), fromRef, intoRef)
}

// MoveCode puts a code under another parent ("" for the top level).
func (st *Study) MoveCode(ctx context.Context, p Person, ref string, parentRef string) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	return st.store.MoveCode(p.ctx(ctx), ref, parentRef)
}

// RenameCode gives a code a new name among its siblings.
func (st *Study) RenameCode(ctx context.Context, p Person, ref string, newName string) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	return st.store.RenameCode(p.ctx(ctx), ref, newName)
}

// RetireCode takes a code out of the active codebook. A code in use is
// refused unless its codings are re-pointed (mergeInto) or removed
// (removeCodings). Under blinding, removing them is refused when any is
// another coder's (see ErrRetireRemovesHidden), and a refusal to retire a
// code in use does not count other coders' codings.
func (st *Study) RetireCode(ctx context.Context, p Person, ref string, mergeInto string, removeCodings bool) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		var z0 coding.Code
		return z0, err
	}
	if mergeInto == "" {
		if err := st.retireUnderBlinding(ctx, p, ref, removeCodings); err != nil {
			return coding.Code{}, err
		}
	}
	return st.store.RetireCode(p.ctx(ctx), ref, mergeInto, removeCodings)
}

// SplitCode moves chosen codings of a code to a new code (a sibling by
// default) that records where it was split from.
//
// The codings moved must be ones the person may see: under blinding, their
// own (another coder's coding is reported as not found, as everywhere).
func (st *Study) SplitCode(ctx context.Context, p Person, fromRef string, newPath string, codingIDs []string) (coding.Code, error) {
	if err := p.mayAct(); err != nil {
		return coding.Code{}, err
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return coding.Code{}, err
	}
	for _, id := range codingIDs {
		c, err := st.store.Coding(ctx, id)
		if err != nil {
			return coding.Code{}, err
		}
		if !sight.SeesCoder(c.Coder) {
			return coding.Code{}, notYours(id)
		}
	}
	return st.store.SplitCode(p.ctx(ctx), fromRef, newPath, codingIDs)
}
