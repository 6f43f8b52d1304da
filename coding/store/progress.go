package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// SetSourceDone marks (or unmarks) a source as finished by the acting coder.
func (s *Store) SetSourceDone(ctx context.Context, sourceRef string, done bool) error {
	src, err := s.Source(ctx, sourceRef)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		var was int
		if err := tx.QueryRow(`SELECT count(*) FROM source_done WHERE source_id = ? AND coder_id = ?`, src.ID, coder.ID).Scan(&was); err != nil {
			return err
		}
		if (was > 0) == done {
			return nil
		}
		kind := event.SourceDone
		if done {
			_, err = tx.Exec(`INSERT INTO source_done(source_id, coder_id, done_at) VALUES (?, ?, ?)`, src.ID, coder.ID, tx.now)
		} else {
			kind = event.SourceUndone
			_, err = tx.Exec(`DELETE FROM source_done WHERE source_id = ? AND coder_id = ?`, src.ID, coder.ID)
		}
		if err != nil {
			return err
		}
		return tx.Event(Change{Kind: kind, EntityID: src.ID, After: map[string]any{"source": src.Name, "coder": coder.Name}})
	})
}

// Progress is one coder's state on one source.
type Progress struct {
	Source       string `json:"source"`
	Group        string `json:"group"`
	Coder        string `json:"coder"`
	Done         bool   `json:"done"`
	DoneAt       string `json:"done_at,omitempty"`
	Codings      int    `json:"codings"`
	Turns        int    `json:"turns"`
	TurnsTouched int    `json:"turns_touched"`
}

// Progress lists, per source and coder, whether the source is done and how
// many turns the coder has touched. Under blinding a viewer sees their own
// counts only; done marks are visible to all, since agreement needs them.
func (s *Store) Progress(ctx context.Context, viewer string) ([]Progress, error) {
	visible, err := s.visibleCoder(ctx, viewer)
	if err != nil {
		return nil, err
	}
	rows, err := s.rd.QueryContext(ctx, `
		SELECT s.id, s.name, s.grp, k.id, k.name, d.done_at IS NOT NULL, coalesce(d.done_at, ''),
			(SELECT count(*) FROM turns t WHERE t.source_id = s.id)
		FROM sources s CROSS JOIN coders k LEFT JOIN source_done d ON d.source_id = s.id AND d.coder_id = k.id
		WHERE k.role <> 'consensus' ORDER BY s.grp, s.name, k.created_at`)
	if err != nil {
		return nil, err
	}
	type key struct{ source, coder string }
	var out []Progress
	var keys []key
	for rows.Next() {
		var p Progress
		var k key
		if err := rows.Scan(&k.source, &p.Source, &p.Group, &k.coder, &p.Coder, &p.Done, &p.DoneAt, &p.Turns); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Touched turns are counted in Go from the sorted codings and turns of
	// each source: a correlated subquery per turn was quadratic.
	turnEnds := map[string][]corpus.Span{}
	trows, err := s.rd.QueryContext(ctx, `SELECT source_id, start, end FROM turns ORDER BY source_id, start`)
	if err != nil {
		return nil, err
	}
	for trows.Next() {
		var id string
		var sp corpus.Span
		if err := trows.Scan(&id, &sp.Start, &sp.End); err != nil {
			trows.Close()
			return nil, err
		}
		turnEnds[id] = append(turnEnds[id], sp)
	}
	trows.Close()
	touched := map[key]map[int]bool{}
	counts := map[key]int{}
	crows, err := s.rd.QueryContext(ctx, `SELECT source_id, coder_id, start, end FROM codings`)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var k key
		var sp corpus.Span
		if err := crows.Scan(&k.source, &k.coder, &sp.Start, &sp.End); err != nil {
			crows.Close()
			return nil, err
		}
		counts[k]++
		turns := turnEnds[k.source]
		if touched[k] == nil {
			touched[k] = map[int]bool{}
		}
		for i := sort.Search(len(turns), func(i int) bool { return turns[i].End > sp.Start }); i < len(turns) && turns[i].Start < sp.End; i++ {
			touched[k][i] = true
		}
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}
	for i, k := range keys {
		out[i].Codings, out[i].TurnsTouched = counts[k], len(touched[k])
	}
	if visible != "" {
		me, err := s.Coder(ctx, viewer)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if out[i].Coder != me.Name {
				out[i].Codings, out[i].TurnsTouched = -1, -1
			}
		}
	}
	return out, nil
}

// ErrNothingToUndo is returned when the coder has no action left to undo.
var ErrNothingToUndo = fmt.Errorf("nothing to undo: you have no earlier action that can be undone")

// DoneMarks returns, per source name, the coders who marked it done.
func (s *Store) DoneMarks(ctx context.Context) (map[string][]string, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT s.name, k.name FROM source_done d JOIN sources s ON s.id = d.source_id JOIN coders k ON k.id = d.coder_id ORDER BY k.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var source, coder string
		if err := rows.Scan(&source, &coder); err != nil {
			return nil, err
		}
		out[source] = append(out[source], coder)
	}
	return out, rows.Err()
}
