package study

import (
	"context"

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

// RemoveSource deletes a source. Sources with codings are kept unless force
// is set; the event keeps the removed text so the log still tells what was
// there.
func (st *Study) RemoveSource(ctx context.Context, p Person, nameOrID string, force bool) error {
	if err := p.mayAct(); err != nil {
		return err
	}
	return st.store.RemoveSource(p.ctx(ctx), nameOrID, force)
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
