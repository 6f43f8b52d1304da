package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// ExportProject reads the whole project for an interchange file in one
// consistent snapshot: coders, the active codebook in tree order, sources
// with their stored text, the chosen codings, themes, memos and
// participants. While blind coding is on, the export holds only the
// viewer's codings, and what it says it left out counts only what the
// viewer may see: no count of other coders' codings or coding memos, of
// the consensus meeting's work, and of the log only the events the viewer
// sees (Log), whose latest time is the file's time of last change.
func (st *Study) ExportProject(ctx context.Context, opts store.ExportOptions) (ex *store.Export, err error) {
	err = st.Snapshot(ctx, func(snap *Study) error {
		if ex, err = snap.store.ExportProject(ctx, opts); err != nil {
			return err
		}
		sight, err := snap.SightOf(ctx, As(opts.Viewer))
		if err != nil || !sight.Blind {
			return err
		}
		left := &ex.Left
		left.HiddenCodings, left.HiddenMemos = 0, 0
		left.ConsensusDecisions, left.ConsensusStatuses = 0, 0
		seen, err := snap.Log(ctx, As(opts.Viewer), LogFilter{})
		if err != nil {
			return err
		}
		left.Events, ex.LastChange = len(seen), ""
		if len(seen) > 0 {
			ex.LastChange = seen[len(seen)-1].At
		}
		return nil
	})
	return ex, err
}

// ImportProject adds an interchange file's project to this one in one
// transaction, logging every coder, code, source, coding, theme, memo and
// participant it adds: it is all there or not at all. Coders are matched
// by name, codes by id (following merges) or by path, sources by the hash
// of their stored text, themes by path and participants by name; what
// matches is reused, not duplicated. Codings identical to existing ones are
// skipped. A coding with no coder goes to the person importing.
func (st *Study) ImportProject(ctx context.Context, p Person, data store.ProjectData, opts store.ImportOptions) (store.ImportResult, error) {
	if err := p.mayAct(); err != nil {
		var z0 store.ImportResult
		return z0, err
	}
	return st.store.ImportProject(p.ctx(ctx), data, opts)
}
