package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// SuggestionReject is a passage a coder said is not for a code (table
// suggestion_rejects): it is not suggested to them again for that code.
// It is what the suggestion.rejected event records.
type SuggestionReject = event.SuggestionRejectRecord

// RejectSuggestion records that the acting coder does not want the passage
// [start, end) of a source suggested for a code again, as one action with
// its event. existed is true (and nothing changes) when they had said so
// already. codeID and sourceID must exist; the core resolves them.
func (s *Store) RejectSuggestion(ctx context.Context, codeID, sourceID string, start, end int) (r SuggestionReject, existed bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		code, err := cb.resolve(codeID)
		if err != nil {
			return err
		}
		var source string
		var chars int
		if err := tx.QueryRow(`SELECT name, chars FROM sources WHERE id = ?`, sourceID).Scan(&source, &chars); err != nil {
			return err
		}
		if start < 0 || end > chars || start >= end {
			return errors.New("the passage is not inside its source or is empty")
		}
		r = SuggestionReject{Code: code.Path, CodeID: code.ID, Source: source, SourceID: sourceID, Coder: coder.Name, Start: start, End: end, At: tx.now}
		err = tx.QueryRow(`SELECT id, rejected_at FROM suggestion_rejects WHERE code_id = ? AND source_id = ? AND coder_id = ? AND start = ? AND end = ?`,
			code.ID, sourceID, coder.ID, start, end).Scan(&r.ID, &r.At)
		if err == nil {
			existed = true
			return nil
		}
		r.ID = uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO suggestion_rejects(id, code_id, source_id, coder_id, start, end, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, code.ID, sourceID, coder.ID, start, end, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SuggestionRejected, EntityID: r.ID, After: r})
	})
	return r, existed, err
}

// SuggestionRejects lists the rejections of a code (by id), every coder's:
// the core keeps those a person may see.
func (s *Store) SuggestionRejects(ctx context.Context, codeID string) ([]SuggestionReject, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT r.id, r.code_id, r.source_id, s.name, c.name, r.start, r.end, r.rejected_at
		FROM suggestion_rejects r JOIN sources s ON s.id = r.source_id JOIN coders c ON c.id = r.coder_id
		WHERE r.code_id = ? ORDER BY s.name, r.start`, codeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SuggestionReject
	for rows.Next() {
		var r SuggestionReject
		if err := rows.Scan(&r.ID, &r.CodeID, &r.SourceID, &r.Source, &r.Coder, &r.Start, &r.End, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// undoSuggestionRejected takes back a rejection.
func undoSuggestionRejected(tx *Tx, e loggedEvent) error {
	res, err := tx.Exec(`DELETE FROM suggestion_rejects WHERE id = ?`, e.entityID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errors.New("the rejection is no longer there")
	}
	return nil
}

// redoSuggestionRejected makes a rejection again, as it was.
func redoSuggestionRejected(tx *Tx, e loggedEvent) error {
	var r SuggestionReject
	if err := json.Unmarshal(e.after, &r); err != nil {
		return err
	}
	coder, err := actingCoder(tx)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO suggestion_rejects(id, code_id, source_id, coder_id, start, end, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CodeID, r.SourceID, coder.ID, r.Start, r.End, tx.now)
	return err
}

// TurnPlace is where a turn lies in its source and who speaks it: what
// suggestions need of every turn of a project, read in one query.
type TurnPlace struct {
	SourceID  string
	Seq       int
	Start     int // the utterance, in code points
	End       int
	SpeakerID string
}

// EveryTurnPlace lists every turn of the project by source id and order,
// in one query (TurnPlaces reads one source's).
func (s *Store) EveryTurnPlace(ctx context.Context) ([]TurnPlace, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT source_id, seq, start, end, coalesce(speaker_id, '') FROM turns ORDER BY source_id, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TurnPlace
	for rows.Next() {
		var t TurnPlace
		if err := rows.Scan(&t.SourceID, &t.Seq, &t.Start, &t.End, &t.SpeakerID); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SpeakerPlace is a speaker of a source, their role there and the
// participant they are linked to.
type SpeakerPlace struct {
	Name, Role, Participant string
}

// SpeakerPlaces maps every speaker's id to their name, role and participant.
func (s *Store) SpeakerPlaces(ctx context.Context) (map[string]SpeakerPlace, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, k.name, coalesce(k.role, ''), coalesce(p.name, '') FROM speakers k LEFT JOIN participants p ON p.id = k.participant_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]SpeakerPlace{}
	for rows.Next() {
		var id string
		var k SpeakerPlace
		if err := rows.Scan(&id, &k.Name, &k.Role, &k.Participant); err != nil {
			return nil, err
		}
		out[id] = k
	}
	return out, rows.Err()
}

// CodeSpan is a coding of one code where it lies, without its text.
type CodeSpan struct {
	SourceID, Coder string
	Start, End      int
}

// CodeSpans lists every coder's codings of one code (by id), the
// consensus layer's included: the core keeps those a person may see.
func (s *Store) CodeSpans(ctx context.Context, codeID string) ([]CodeSpan, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT g.source_id, c.name, g.start, g.end FROM codings g JOIN coders c ON c.id = g.coder_id
		WHERE g.code_id = ? ORDER BY g.source_id, g.start, g.end`, codeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CodeSpan
	for rows.Next() {
		var c CodeSpan
		if err := rows.Scan(&c.SourceID, &c.Coder, &c.Start, &c.End); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
