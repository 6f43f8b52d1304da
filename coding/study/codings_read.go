package study

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// Codings lists codings in transcript order with their text, turn and
// speaker. Under blinding the viewer sees only their own.
func (st *Study) Codings(ctx context.Context, p Person, f store.CodingFilter) ([]coding.Coding, error) {
	f.Viewer = p.Name
	return st.store.Codings(ctx, f)
}

// ImportCodings adds many codings in one transaction: all or nothing. It
// returns how many were new; rows identical to existing codings are skipped.
//
// A coder imports into their own layer: a row naming no coder is the
// person's. Rows in another coder's name are refused under blinding, which
// keeps each coder's layer their own, and otherwise need a PI (moving a
// team's work between projects); the consensus layer is never imported.
func (st *Study) ImportCodings(ctx context.Context, p Person, rows []store.CodingRow) (int, error) {
	me, err := st.actor(ctx, p)
	if err != nil {
		return 0, err
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return 0, err
	}
	for i := range rows {
		r := &rows[i]
		if r.Coder == "" {
			r.Coder = me.Name
		}
		if r.Coder == me.Name {
			continue
		}
		switch {
		case sight.Blind:
			return 0, fmt.Errorf("line %d: blind coding is on, so you import only your own codings (the row is %s's); remove the coder column or ask a PI to switch blinding off", r.Line, r.Coder)
		case me.Role != "pi":
			return 0, fmt.Errorf("line %d: the row is %s's; a coder imports only their own codings, a PI imports the team's", r.Line, r.Coder)
		}
	}
	return st.store.ImportCodings(p.ctx(ctx), rows)
}

// LayerSpans lists, by source id, the codings of every source that f
// selects, reduced to what an export needs of them (id, code, coder,
// span; no text, turn or memo), read in one pass, each source's ordered by
// start, end and coder. The rules are those of Codings: under blinding p
// has only their own codings. f.Code and f.Flagged are not supported.
// Inside a snapshot the codings are read once for this and the agreement
// input together. The lists are shared: callers must not change them.
func (st *Study) LayerSpans(ctx context.Context, p Person, f store.CodingFilter) (map[string][]store.CodedSpan, error) {
	f.Viewer = p.Name
	return st.store.LayerSpans(ctx, f)
}

// ReadAllTurns reads the turns of every source in one pass, so that Turns
// answers from them for the rest of a snapshot (st must be one, see
// Snapshot; elsewhere it does nothing): for a read of every source, much
// faster than one query per source.
func (st *Study) ReadAllTurns(ctx context.Context) error {
	return st.store.ReadProjectTurns(ctx)
}

// ReadAllCodings reads every coding of the project once for the rest of a
// snapshot (st must be one, see Snapshot; elsewhere it does nothing): the
// agreement input, LayerSpans and the counts of Coders and Themes are then
// taken from what it read. It applies no rule and returns nothing: what
// each reader may have is still decided by that reader.
func (st *Study) ReadAllCodings(ctx context.Context) error {
	return st.store.ReadProjectCodings(ctx)
}
