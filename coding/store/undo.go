package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/event"
)

// Undone describes what Undo reversed.
type Undone struct {
	Action string       `json:"action"`
	At     string       `json:"at"`
	Kinds  []event.Kind `json:"kinds"`
	// Events are the events taken back (or, for Redo, brought back), with
	// their data, so that a front end can say what they were.
	Events []Event `json:"-"`
}

// readLoggedEvents reads the rows of a query of events' seq, kind,
// entity_id, before and after, as undo and redo read them back.
func readLoggedEvents(rows *sql.Rows, err error) ([]loggedEvent, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []loggedEvent
	for rows.Next() {
		var e loggedEvent
		var before, after string
		if err := rows.Scan(&e.seq, &e.kind, &e.entityID, &before, &after); err != nil {
			return nil, err
		}
		e.before, e.after = []byte(before), []byte(after)
		out = append(out, e)
	}
	return out, rows.Err()
}

// loggedEvent is an event as Undo reads it back.
type loggedEvent struct {
	seq      int64
	kind     event.Kind
	entityID string
	before   []byte
	after    []byte
}

// Undo reverses the acting coder's last action that is not yet undone.
// It refuses, saying why, when the action cannot be reversed or a later
// action depends on it.
func (s *Store) Undo(ctx context.Context) (Undone, error) {
	var out Undone
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		var action, at string
		err = tx.QueryRow(`SELECT e.action, e.at FROM events e WHERE e.actor = ? AND e.kind <> 'undo' AND e.action <> ''
			AND NOT EXISTS (SELECT 1 FROM events u WHERE u.kind = 'undo' AND json_extract(u.after, '$.action') = e.action)
			ORDER BY e.seq DESC LIMIT 1`, coder.Name).Scan(&action, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNothingToUndo
		}
		if err != nil {
			return err
		}
		events, err := readLoggedEvents(tx.Query(`SELECT seq, kind, entity_id, coalesce(before, ''), coalesce(after, '') FROM events WHERE action = ? ORDER BY seq DESC`, action))
		if err != nil {
			return err
		}
		out = Undone{Action: action, At: at}
		// The log names the events undone, since a code created in passing
		// may stay: replaying the log (CodebookAt) needs to know which.
		var undone []int64
		for _, e := range events {
			if e.kind == event.Redo {
				// The mark of a redo: its changes are the action's other
				// events, which are taken back here.
				continue
			}
			// A code created in passing (coding with a new name) stays when
			// others have used it since; the coding itself is still undone.
			if e.kind == event.CodeCreated && len(events) > 1 {
				inUse, err := codeInUse(tx, e.entityID)
				if err != nil {
					return err
				}
				if inUse {
					continue
				}
			}
			if err := undoEvent(tx, e); err != nil {
				return fmt.Errorf("cannot undo your last action (%s at %s): %w", e.kind, at, err)
			}
			out.Kinds = append(out.Kinds, e.kind)
			out.Events = append(out.Events, e.event())
			undone = append(undone, e.seq)
		}
		return tx.Event(Change{Kind: event.Undo, After: map[string]any{"action": action, "kinds": out.Kinds, "events": nonNil(undone)}})
	})
	return out, err
}

// event is the logged event as the log lists it.
func (e loggedEvent) event() Event {
	out := Event{Seq: e.seq, Kind: e.kind, EntityID: e.entityID}
	if len(e.before) > 0 {
		out.Before = json.RawMessage(e.before)
	}
	if len(e.after) > 0 {
		out.After = json.RawMessage(e.after)
	}
	return out
}

// undoEvent applies the inverse of one event after checking that nothing
// later changed what it touched.
func undoEvent(tx *Tx, e loggedEvent) error {
	switch e.kind {
	case event.SpeakerMerged:
		return undoSpeakerMerge(tx, e.before)
	case event.CodingAdded:
		c, err := e.event().Coding()
		if err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM codings WHERE id = ? AND code_id = ? AND start = ? AND end = ?`, c.ID, c.CodeID, c.Start, c.End)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errors.New("the coding was changed or removed since (by a merge, a correction or another action)")
		}
		return nil
	case event.CodingRemoved:
		c, err := e.event().Coding()
		if err != nil {
			return err
		}
		var retired sql.NullString
		if err := tx.QueryRow(`SELECT retired_at FROM codes WHERE id = ?`, c.CodeID).Scan(&retired); err != nil {
			return errors.New("its code no longer exists")
		}
		if retired.Valid {
			return errors.New("its code has been retired or merged since")
		}
		_, err = tx.Exec(`INSERT INTO codings(id, source_id, code_id, coder_id, start, end, memo, created_at)
			SELECT ?, ?, ?, id, ?, ?, ?, ? FROM coders WHERE name = ?`, c.ID, c.SourceID, c.CodeID, c.Start, c.End, c.Memo, tx.now, c.Coder)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return errors.New("the same coding exists again")
		}
		if err != nil && strings.Contains(err.Error(), "FOREIGN KEY") {
			return errors.New("its source has been removed since")
		}
		return err
	case event.CodeCreated:
		inUse, err := codeInUse(tx, e.entityID)
		if err != nil {
			return err
		}
		if inUse {
			return errors.New("the code is in use since (codings, child codes or merges depend on it)")
		}
		_, err = tx.Exec(`DELETE FROM codes WHERE id = ?`, e.entityID)
		return err
	case event.CodeRenamed, event.CodeDescribed, event.CodeMoved:
		before, after, err := e.event().CodeChange()
		if err != nil {
			return err
		}
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		now, ok := cb.byID[e.entityID]
		if !ok || !sameCodeFields(now.CodeSnapshot, after) {
			return errors.New("the code was changed again since")
		}
		if sibling := findSibling(cb, before.ParentID, before.Name); sibling != nil && sibling.ID != e.entityID {
			return fmt.Errorf("another code is now named %s", sibling.Path)
		}
		_, err = tx.Exec(`UPDATE codes SET name = ?, parent_id = nullif(?, ''), definition = ?, when_to_use = ?, when_not_to_use = ?, example = ? WHERE id = ?`,
			before.Name, before.ParentID, before.Definition, before.WhenToUse, before.WhenNotToUse, before.Example, e.entityID)
		return err
	case event.SourceDone, event.SourceUndone:
		d, err := e.event().Done()
		if err != nil {
			return err
		}
		if e.kind == event.SourceDone {
			_, err = tx.Exec(`DELETE FROM source_done WHERE source_id = ? AND coder_id = (SELECT id FROM coders WHERE name = ?)`, e.entityID, d.Coder)
			return err
		}
		_, err = tx.Exec(`INSERT OR IGNORE INTO source_done(source_id, coder_id, done_at) SELECT ?, id, ? FROM coders WHERE name = ?`, e.entityID, tx.now, d.Coder)
		return err
	}
	if e.kind == event.SuggestionRejected {
		return undoSuggestionRejected(tx, e)
	}
	if handled, err := undoMemoOrThemeEvent(tx, e); handled {
		return err
	}
	if handled, err := undoCodebookEvent(tx, e); handled {
		return err
	}
	return fmt.Errorf("%s cannot be undone automatically; reverse it with the matching command", e.kind)
}

func sameCodeFields(a, b coding.CodeSnapshot) bool {
	return a.Name == b.Name && a.ParentID == b.ParentID && a.Definition == b.Definition &&
		a.WhenToUse == b.WhenToUse && a.WhenNotToUse == b.WhenNotToUse && a.Example == b.Example
}

// codeInUse reports whether codings, other codes or themes refer to a code.
func codeInUse(tx *Tx, id string) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT (SELECT count(*) FROM codings WHERE code_id = ?) + (SELECT count(*) FROM theme_codes WHERE code_id = ?)
		+ (SELECT count(*) FROM codes WHERE parent_id = ? OR merged_into = ? OR split_from = ?)`, id, id, id, id, id).Scan(&n)
	return n > 0, err
}
