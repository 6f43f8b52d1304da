package store

import (
	"context"
	"fmt"
)

// CopyCut says what to take out of a copy of the project (made with
// CopyTo) before it leaves the master, and which key the copy signs its
// packs with. The core decides it (who may see whose work); the store only
// carries it out. Every cut takes out what never leaves the master: the
// secret that signs member-check packets, and the keys of other copies.
type CopyCut struct {
	// KeepEveryone keeps every coder's work (a copy made without
	// blinding); KeepCoders is then not used.
	KeepEveryone bool
	// KeepCoders names the coders whose codings and coding memos stay in
	// the copy. Every other coder's codings, the consensus layer's, and what
	// hangs on them (consensus provenance and decisions, quote clearances,
	// memos on them) are taken out; a member-check answer on one keeps its
	// span, so that a quote a participant withdrew stays withdrawn, but
	// loses the coding's id.
	KeepCoders []string
	// Key, when set, is the copy's own key: packs made in it are signed
	// with it (see OwnCopyKey).
	Key *CopyKey
	// Events says what is left of the events of the copy's log that change:
	// an event not listed stays whole.
	Events []EventCut
}

// EventCut is what is left of one event of a copy's log.
type EventCut struct {
	// Seq is the event's sequence number in the copy.
	Seq int64
	// Drop takes the event out of the log.
	Drop bool
	// EntityID, Before and After replace the event's own when it stays.
	EntityID      string
	Before, After any
}

type cutStep struct {
	query string
	args  []any
}

// CutCopy takes out of this project, which must be a copy just made for a
// coder, what the cut names, in one transaction, and then rewrites the
// file so that nothing taken out is left in its free pages. The copy's
// event log is otherwise append-only: only a cut may rewrite it.
func (s *Store) CutCopy(ctx context.Context, cut CopyCut) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		steps := []cutStep{
			{`DELETE FROM settings WHERE key IN (?, ?)`, []any{memberCheckSecretKey, ownCopyKeySetting}},
			{`DELETE FROM copy_keys`, nil},
		}
		if !cut.KeepEveryone {
			steps = append(steps, codingCut(cut.KeepCoders)...)
		}
		for _, st := range steps {
			if _, err := tx.Exec(st.query, st.args...); err != nil {
				return err
			}
		}
		if cut.Key != nil {
			if err := setOwnCopyKey(tx, *cut.Key); err != nil {
				return err
			}
		}
		return cutEvents(tx, cut.Events)
	})
	if err != nil {
		return fmt.Errorf("cut the copy %s: %w", s.path, err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
		return fmt.Errorf("cut the copy %s: %w", s.path, friendlyDBError(err))
	}
	return nil
}

// codingCut takes out the codings of coders not kept and what hangs on them.
func codingCut(kept []string) []cutStep {
	keep := make([]any, len(kept))
	for i, name := range kept {
		keep[i] = name
	}
	gone := `SELECT g.id FROM codings g JOIN coders c ON c.id = g.coder_id`
	if len(keep) > 0 {
		gone += ` WHERE c.name NOT IN (` + placeholders(len(keep)) + `)`
	}
	return []cutStep{
		{`CREATE TEMP TABLE cut_codings AS ` + gone, keep},
		{`DELETE FROM consensus_provenance WHERE coding_id IN (SELECT id FROM cut_codings)`, nil},
		{`DELETE FROM consensus_decisions`, nil},
		{`DELETE FROM consensus_status`, nil},
		{`DELETE FROM quote_clearances WHERE coding_id IN (SELECT id FROM cut_codings)`, nil},
		{`UPDATE OR REPLACE member_check_answers SET coding_id = '' WHERE coding_id IN (SELECT id FROM cut_codings)`, nil},
		{`DELETE FROM memos WHERE target_kind = 'coding' AND (target_id IN (SELECT id FROM cut_codings)
			OR author NOT IN (SELECT id FROM coders WHERE name IN (` + placeholders(max(len(keep), 1)) + `)))`, orNone(keep)},
		{`DELETE FROM codings WHERE id IN (SELECT id FROM cut_codings)`, nil},
		// A coder's rejected suggestions are their work too.
		{`DELETE FROM suggestion_rejects WHERE coder_id NOT IN (SELECT id FROM coders WHERE name IN (` + placeholders(max(len(keep), 1)) + `))`, orNone(keep)},
		{`DROP TABLE temp.cut_codings`, nil},
	}
}

// orNone is the coder names to keep, or one name no coder has, so that an
// IN list is never empty.
func orNone(keep []any) []any {
	if len(keep) == 0 {
		return []any{""}
	}
	return keep
}

// cutEvents rewrites the copy's log: the triggers that keep it
// append-only are lifted for the cut and put back as they were.
func cutEvents(tx *Tx, cuts []EventCut) error {
	if len(cuts) == 0 {
		return nil
	}
	rows, err := tx.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'`)
	if err != nil {
		return err
	}
	type trigger struct{ name, sql string }
	var triggers []trigger
	for rows.Next() {
		var t trigger
		if err := rows.Scan(&t.name, &t.sql); err != nil {
			rows.Close()
			return err
		}
		triggers = append(triggers, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range triggers {
		if _, err := tx.Exec(`DROP TRIGGER "` + t.name + `"`); err != nil {
			return err
		}
	}
	for _, c := range cuts {
		if c.Drop {
			if _, err := tx.Exec(`DELETE FROM events WHERE seq = ?`, c.Seq); err != nil {
				return err
			}
			continue
		}
		before, err := jsonOrNull(c.Before)
		if err != nil {
			return err
		}
		after, err := jsonOrNull(c.After)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE events SET entity_id = ?, before = ?, after = ? WHERE seq = ?`, c.EntityID, before, after, c.Seq); err != nil {
			return err
		}
	}
	for _, t := range triggers {
		if _, err := tx.Exec(t.sql); err != nil {
			return err
		}
	}
	return nil
}
