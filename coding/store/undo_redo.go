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
	"github.com/focalqda/focal/corpus"
)

// This file holds redo: bringing back what undo took back. A redo is an
// action of its own. Its events are the undone action's changes made again
// (the same kinds, with the same data, so that undo, history and the
// codebook's replay read them as they read the first ones) and one event
// of kind "redo" that names the action brought back.

// ErrNothingToRedo is returned when the coder has no undone action to bring
// back: they have undone nothing, or made another change since.
var ErrNothingToRedo = errors.New("nothing to redo: redo brings back what your undo took back, until you make another change")

// undoMark is one of the coder's undos that redo may bring back.
type undoMark struct {
	action string   // the action undone
	kinds  []string // older undos name only the kinds they reversed
	events *[]int64 // the events reversed
}

// Redo makes the acting coder's most recently undone action again, as a
// new action that undo can take back. Undos stack: redo brings back the
// latest undone action first, then the one undone before it. Any other
// change the coder makes ends what redo can bring back. Redo refuses,
// saying why, when something changed since that the action's changes
// would clash with.
func (s *Store) Redo(ctx context.Context) (Undone, error) {
	var out Undone
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		mark, err := lastUndone(tx, coder.Name)
		if err != nil {
			return err
		}
		events, err := undoneEvents(tx, mark)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return ErrNothingToRedo
		}
		var at string
		if err := tx.QueryRow(`SELECT min(at) FROM events WHERE action = ?`, mark.action).Scan(&at); err != nil {
			return err
		}
		out = Undone{Action: mark.action, At: at}
		var seqs []int64
		for _, e := range events {
			if err := redoEvent(tx, e, events); err != nil {
				return fmt.Errorf("cannot redo your action of %s (%s): %w", at, e.kind, err)
			}
			out.Kinds = append(out.Kinds, e.kind)
			out.Events = append(out.Events, e.event())
			seqs = append(seqs, e.seq)
		}
		return tx.Event(Change{Kind: event.Redo, After: map[string]any{"action": mark.action, "kinds": out.Kinds, "events": nonNil(seqs)}})
	})
	return out, err
}

// lastUndone finds the action redo would bring back: of the coder's undos
// since their last change, the latest not yet redone.
func lastUndone(tx *Tx, coder string) (undoMark, error) {
	// The coder's last change: an action that is neither an undo nor a redo.
	var since int64
	err := tx.QueryRow(`SELECT e.seq FROM events e WHERE e.actor = ? AND e.action <> '' AND e.kind NOT IN ('undo', 'redo')
		AND NOT EXISTS (SELECT 1 FROM events r WHERE r.action = e.action AND r.kind = 'redo') ORDER BY e.seq DESC LIMIT 1`, coder).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		since, err = 0, nil
	}
	if err != nil {
		return undoMark{}, err
	}
	rows, err := tx.Query(`SELECT kind, coalesce(after, '') FROM events WHERE actor = ? AND seq > ? AND kind IN ('undo', 'redo') ORDER BY seq`, coder, since)
	if err != nil {
		return undoMark{}, err
	}
	defer rows.Close()
	var stack []undoMark
	for rows.Next() {
		var kind, after string
		if err := rows.Scan(&kind, &after); err != nil {
			return undoMark{}, err
		}
		var m struct {
			Action string   `json:"action"`
			Kinds  []string `json:"kinds"`
			Events *[]int64 `json:"events"`
		}
		if err := json.Unmarshal([]byte(after), &m); err != nil || m.Action == "" {
			continue
		}
		if kind == event.Undo {
			stack = append(stack, undoMark{action: m.Action, kinds: m.Kinds, events: m.Events})
			continue
		}
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].action == m.Action {
				stack = append(stack[:i], stack[i+1:]...)
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		return undoMark{}, err
	}
	if len(stack) == 0 {
		return undoMark{}, ErrNothingToRedo
	}
	return stack[len(stack)-1], nil
}

// undoneEvents reads, in the order they were first made, the events an
// undo reversed.
func undoneEvents(tx *Tx, m undoMark) ([]loggedEvent, error) {
	var rows *sql.Rows
	var err error
	if m.events != nil {
		if len(*m.events) == 0 {
			return nil, nil
		}
		args := make([]any, len(*m.events))
		for i, seq := range *m.events {
			args[i] = seq
		}
		rows, err = tx.Query(`SELECT seq, kind, entity_id, coalesce(before, ''), coalesce(after, '') FROM events WHERE seq IN (`+placeholders(len(args))+`) ORDER BY seq`, args...)
	} else {
		// An older undo names only the kinds it reversed.
		args := []any{m.action}
		for _, k := range m.kinds {
			args = append(args, k)
		}
		rows, err = tx.Query(`SELECT seq, kind, entity_id, coalesce(before, ''), coalesce(after, '') FROM events WHERE action = ? AND kind IN (`+placeholders(len(m.kinds))+`) ORDER BY seq`, args...)
	}
	return readLoggedEvents(rows, err)
}

// mirrored names, for the events whose making again is the undo of another
// kind, that kind: making a coding again is what undoing its removal does.
func mirrored(k event.Kind) event.Kind {
	switch k {
	case event.CodingAdded:
		return event.CodingRemoved
	case event.CodingRemoved:
		return event.CodingAdded
	case event.SourceDone:
		return event.SourceUndone
	case event.SourceUndone:
		return event.SourceDone
	case event.ThemeAssigned:
		return event.ThemeUnassigned
	case event.ThemeUnassigned:
		return event.ThemeAssigned
	}
	return ""
}

// redoEvent makes one event's change again after checking that nothing
// since stands in its way, and logs it. all is the whole action, for the
// events made again together.
func redoEvent(tx *Tx, e loggedEvent, all []loggedEvent) error {
	switch e.kind {
	case event.CodingAdded, event.CodingRemoved, event.SourceDone, event.SourceUndone, event.ThemeAssigned, event.ThemeUnassigned:
		// The data undo of the mirrored kind reads: a coding.removed keeps
		// the coding in before, a coding.added in after; source marks keep
		// theirs in after; theme.unassigned keeps its codes in before.
		inverse := loggedEvent{seq: e.seq, kind: mirrored(e.kind), entityID: e.entityID, before: e.after, after: e.before}
		if strings.HasPrefix(string(e.kind), "source.") {
			inverse.after = e.after
		}
		if err := undoEvent(tx, inverse); err != nil {
			return err
		}
		if strings.HasPrefix(string(e.kind), "coding.") {
			if err := markCodingStale(tx, e); err != nil {
				return err
			}
		}
	case event.CodeRenamed, event.CodeDescribed, event.CodeMoved, event.MemoEdited, event.ThemeRenamed, event.ThemeDescribed:
		// Their undo sets the state before after checking the state after;
		// swapped, it makes the change again after checking nothing else
		// changed since the undo.
		if err := undoEvent(tx, loggedEvent{seq: e.seq, kind: e.kind, entityID: e.entityID, before: e.after, after: e.before}); err != nil {
			return err
		}
	case event.CodeCreated:
		if createdBySplit(e, all) {
			return nil // the split, made again, creates it
		}
		if err := redoCodeCreated(tx, e); err != nil {
			return err
		}
	case event.MemoAdded:
		if err := redoMemoAdded(tx, e); err != nil {
			return err
		}
	case event.CodeMerged, event.CodeSplit, event.CodeRetired:
		// Restructurings are made again by the same steps as the first
		// time, which log their own events.
		return redoRestructuring(tx, e, all)
	case event.CodingRemovedWithCode:
		// Made again with the retirement it went with.
		return nil
	case event.SpeakerMerged:
		if err := redoSpeakerMerge(tx, e.before); err != nil {
			return err
		}
	case event.SuggestionRejected:
		if err := redoSuggestionRejected(tx, e); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%s cannot be redone automatically; do it again with the matching command", e.kind)
	}
	return tx.Event(Change{Kind: e.kind, EntityID: e.entityID, Before: rawOrNil(e.before), After: rawOrNil(e.after)})
}

func rawOrNil(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return json.RawMessage(b)
}

// markCodingStale marks the consensus codings a coding made or removed
// again stands against as stale, as the first change did.
func markCodingStale(tx *Tx, e loggedEvent) error {
	data := e.after
	what := "added"
	if e.kind == event.CodingRemoved {
		data, what = e.before, "removed"
	}
	var c struct {
		SourceID string `json:"source_id"`
		CodeID   string `json:"code_id"`
		Coder    string `json:"coder"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return err
	}
	coder, err := findCoder(tx, c.Coder)
	if err != nil {
		return err
	}
	return markConsensusStale(tx, coder, c.SourceID, c.CodeID, corpus.Span{Start: c.Start, End: c.End}, what)
}

// redoCodeCreated puts a code that undo deleted back, with its id, where
// it stood.
func redoCodeCreated(tx *Tx, e loggedEvent) error {
	var c coding.CodeSnapshot
	if err := json.Unmarshal(e.after, &c); err != nil {
		return err
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return err
	}
	if cb.byID[e.entityID] != nil {
		return nil // still there: undo left it, as others used it
	}
	if c.ParentID != "" {
		if p := cb.byID[c.ParentID]; p == nil || p.Retired {
			return errors.New("its parent code has been retired or merged since")
		}
	}
	if sibling := findSibling(cb, c.ParentID, c.Name); sibling != nil {
		return fmt.Errorf("another code is now named %s", sibling.Path)
	}
	var createdBy any
	if tx.actor != "" {
		if k, err := findCoder(tx, tx.actor); err == nil {
			createdBy = k.ID
		}
	}
	_, err = tx.Exec(`INSERT INTO codes(id, parent_id, name, definition, when_to_use, when_not_to_use, example, created_by, created_at)
		VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?)`, e.entityID, c.ParentID, c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, createdBy, tx.now)
	return err
}

// redoMemoAdded writes a memo that undo deleted again, with its id.
func redoMemoAdded(tx *Tx, e loggedEvent) error {
	var m struct {
		ID         string `json:"id"`
		TargetKind string `json:"target_kind"`
		TargetID   string `json:"target_id"`
		AuthorID   string `json:"author_id"`
		Title      string `json:"title"`
		Body       string `json:"body"`
		CreatedAt  string `json:"created_at"`
	}
	if err := json.Unmarshal(e.after, &m); err != nil {
		return err
	}
	table := map[string]string{"source": "sources", "turn": "turns", "code": "codes", "coding": "codings", "theme": "themes"}[m.TargetKind]
	if table != "" {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM `+table+` WHERE id = ?`, m.TargetID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("the %s it was on has been removed since", m.TargetKind)
		}
	}
	_, err := tx.Exec(`INSERT INTO memos(id, target_kind, target_id, author, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.TargetKind, m.TargetID, m.AuthorID, m.Title, m.Body, m.CreatedAt, tx.now)
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return errors.New("the memo exists again")
	}
	return err
}

// redoRestructuring merges, splits or retires again, as the first time.
func redoRestructuring(tx *Tx, e loggedEvent, all []loggedEvent) error {
	switch e.kind {
	case event.CodeMerged:
		var d struct {
			Into coding.CodeSnapshot `json:"into"`
		}
		if err := json.Unmarshal(e.after, &d); err != nil {
			return err
		}
		_, err := mergeCode(tx, e.entityID, d.Into.ID)
		return err
	case event.CodeSplit:
		var d struct {
			From  coding.CodeSnapshot `json:"from"`
			New   coding.CodeSnapshot `json:"new"`
			Moved []codingRef         `json:"moved"`
		}
		if err := json.Unmarshal(e.after, &d); err != nil {
			return err
		}
		ids := make([]string, len(d.Moved))
		for i, r := range d.Moved {
			ids[i] = r.ID
		}
		if len(ids) == 0 {
			return errors.New("it moved no codings")
		}
		_, err := splitCode(tx, d.From.ID, d.New.Path, ids)
		return err
	default: // code.retired
		removeCodings := false
		removed := map[string]bool{}
		for _, o := range all {
			if o.kind == event.CodingRemovedWithCode && o.entityID == e.entityID {
				removeCodings = true
				var rows []struct {
					ID string `json:"id"`
				}
				if err := json.Unmarshal(o.before, &rows); err != nil {
					return err
				}
				for _, r := range rows {
					removed[r.ID] = true
				}
			}
		}
		if removeCodings {
			// Made again, the retirement would delete every coding the code
			// has now: only those it deleted the first time may go.
			rows, err := tx.Query(`SELECT id FROM codings WHERE code_id = ?`, e.entityID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				if !removed[id] {
					return errors.New("the code has codings since that the retirement did not delete; retire it again with `focal code retire`")
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
		}
		_, err := retireCode(tx, e.entityID, removeCodings)
		return err
	}
}

// createdBySplit reports whether a code.created event is the new code of a
// split in the same action.
func createdBySplit(e loggedEvent, all []loggedEvent) bool {
	for _, o := range all {
		if o.kind != event.CodeSplit {
			continue
		}
		var d struct {
			New coding.CodeSnapshot `json:"new"`
		}
		if json.Unmarshal(o.after, &d) == nil && d.New.ID == e.entityID {
			return true
		}
	}
	return false
}
