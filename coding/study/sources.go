package study

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// ImportSource saves a transcript with its speakers, turns and units in one
// transaction: it is either all there or not at all.
func (st *Study) ImportSource(ctx context.Context, p Person, in store.NewSource) (corpus.Source, error) {
	if err := p.mayAct(); err != nil {
		var z0 corpus.Source
		return z0, err
	}
	return st.store.ImportSource(p.ctx(ctx), in)
}

// CheckImportSource runs every check ImportSource runs (who may act, the
// name is free, the text is not already imported unless AllowDuplicate)
// and writes nothing: a dry run of an import is refused exactly where the
// import would be. earlier are the sources a batch would import before
// this one, which the import would find in the project by then.
func (st *Study) CheckImportSource(ctx context.Context, p Person, in store.NewSource, earlier []store.NewSource) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	if err := st.store.CheckNewSource(p.ctx(ctx), in); err != nil {
		return err
	}
	for _, e := range earlier {
		switch {
		case e.Name == in.Name:
			return store.SourceNameTaken(in.Name)
		case !in.AllowDuplicate && e.Draft != nil && in.Draft != nil && e.Draft.SHA256 == in.Draft.SHA256:
			return &store.DuplicateError{Existing: e.Name}
		}
	}
	return nil
}

// RemoveSource deletes a source. Sources with codings are kept unless force
// is set; the event keeps the removed text so the log still tells what was
// there.
//
// Under blinding, a source that holds codings the person may not see is
// removed only by a PI: removing it would delete other coders' work
// unseen.
func (st *Study) RemoveSource(ctx context.Context, p Person, nameOrID string, force bool) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	sight, err := st.SightOrNobody(ctx, p)
	if err != nil {
		return err
	}
	if sight.Blind {
		src, err := st.store.Source(ctx, nameOrID)
		if err != nil {
			return err
		}
		spans, err := st.store.CodedSpans(ctx, src.ID, st.coderNames(ctx))
		if err != nil {
			return err
		}
		for _, c := range spans {
			if !sight.SeesCoder(c.Coder) {
				if me, err := st.store.Coder(ctx, p.Name); err == nil && me.Role == "pi" {
					break
				}
				return fmt.Errorf("%s holds other coders' codings, which you may not delete while blind coding is on; ask a PI to remove it", src.Name)
			}
		}
	}
	return st.store.RemoveSource(p.ctx(ctx), nameOrID, force)
}

// coderNames lists every coder's name, the consensus layer included.
func (st *Study) coderNames(ctx context.Context) []string {
	names := []string{store.ConsensusCoder}
	if all, err := st.store.Coders(ctx); err == nil {
		for _, c := range all {
			names = append(names, c.Name)
		}
	}
	return names
}

// RenameSource gives a source a new name.
func (st *Study) RenameSource(ctx context.Context, p Person, nameOrID string, newName string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.RenameSource(p.ctx(ctx), nameOrID, newName)
}

// SetSourceGroup moves a source into a group.
func (st *Study) SetSourceGroup(ctx context.Context, p Person, nameOrID string, group string) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.SetSourceGroup(p.ctx(ctx), nameOrID, group)
}

// Source finds a source by name or id.
func (st *Study) Source(ctx context.Context, nameOrID string) (corpus.Source, error) {
	return st.store.Source(ctx, nameOrID)
}

// SourceText returns the stored text of a source.
func (st *Study) SourceText(ctx context.Context, sourceID string) (string, error) {
	return st.store.SourceText(ctx, sourceID)
}

// Sources lists the project's sources by group and name.
func (st *Study) Sources(ctx context.Context) ([]corpus.Source, error) {
	return st.store.Sources(ctx)
}

// Turns lists a source's turns in order.
func (st *Study) Turns(ctx context.Context, sourceID string) ([]corpus.Turn, error) {
	return st.store.Turns(ctx, sourceID)
}

// Units returns the stored unit boundaries of one kind ("sentence", "word").
func (st *Study) Units(ctx context.Context, sourceID string, kind string) ([]corpus.Span, error) {
	return st.store.Units(ctx, sourceID, kind)
}
