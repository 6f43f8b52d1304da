package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/event"
)

// SpeakerMerge says what MergeSpeakers did.
type SpeakerMerge struct {
	Source string `json:"source"`
	From   string `json:"from"`
	Into   string `json:"into"`
	Turns  int    `json:"turns"`
}

// mergedSpeaker is a speaker as a speaker.merged event keeps it, to undo.
type mergedSpeaker struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Role          string `json:"role"`
	ParticipantID string `json:"participant_id"`
}

// speakerMergeRecord is the before of a speaker.merged event.
type speakerMergeRecord struct {
	SourceID string        `json:"source_id"`
	From     mergedSpeaker `json:"from"`
	Into     mergedSpeaker `json:"into"`
	Turns    []string      `json:"turns"`
}

func readMergedSpeaker(tx *Tx, sourceID, name string) (mergedSpeaker, error) {
	var k mergedSpeaker
	err := tx.QueryRow(`SELECT id, name, role, coalesce(participant_id, '') FROM speakers WHERE source_id = ? AND name = ?`, sourceID, name).
		Scan(&k.ID, &k.Name, &k.Role, &k.ParticipantID)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("no speaker %q in this source (see `focal speaker list`): %w", name, ErrNotFound)
	}
	return k, err
}

// MergeSpeakers makes the turns of speaker from turns of speaker into, in
// one source, and removes from: two spellings of one person
// ("Interviewer1", "Interviewer 1"). The text and the labels as written
// stay; so do codings, which are on the text. A participant linked to from
// only passes to into. Speakers with different roles or linked to
// different participants are refused: which is right is for the researcher
// to say first. Logged as speaker.merged, which undo takes back.
func (s *Store) MergeSpeakers(ctx context.Context, sourceID, from, into string) (SpeakerMerge, error) {
	var out SpeakerMerge
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(`SELECT name FROM sources WHERE id = ?`, sourceID).Scan(&out.Source); err != nil {
			return fmt.Errorf("no such source: %w", ErrNotFound)
		}
		if from == into {
			return fmt.Errorf("%q and %q are the same speaker", from, into)
		}
		a, err := readMergedSpeaker(tx, sourceID, from)
		if err != nil {
			return err
		}
		b, err := readMergedSpeaker(tx, sourceID, into)
		if err != nil {
			return err
		}
		if a.Role != b.Role {
			return fmt.Errorf("%q is a %s and %q a %s; give them the same role first with `focal speaker role`", a.Name, a.Role, b.Name, b.Role)
		}
		if a.ParticipantID != "" && b.ParticipantID != "" && a.ParticipantID != b.ParticipantID {
			return fmt.Errorf("%q and %q are linked to different participants; link them to the same one first with `focal participant link`", a.Name, b.Name)
		}
		rec := speakerMergeRecord{SourceID: sourceID, From: a, Into: b, Turns: []string{}}
		rows, err := tx.Query(`SELECT id FROM turns WHERE speaker_id = ? ORDER BY seq`, a.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			rec.Turns = append(rec.Turns, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := mergeSpeakerRows(tx, a, b); err != nil {
			return err
		}
		out.From, out.Into, out.Turns = a.Name, b.Name, len(rec.Turns)
		return tx.Event(Change{Kind: event.SpeakerMerged, EntityID: b.ID, Before: rec,
			After: map[string]any{"source": out.Source, "from": a.Name, "into": b.Name, "turns": len(rec.Turns)}})
	})
	return out, err
}

// mergeSpeakerRows moves from's turns to into, removes from, and passes
// from's participant to into when into has none.
func mergeSpeakerRows(tx *Tx, from, into mergedSpeaker) error {
	if _, err := tx.Exec(`UPDATE turns SET speaker_id = ? WHERE speaker_id = ?`, into.ID, from.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(`DELETE FROM speakers WHERE id = ?`, from.ID); err != nil {
		return err
	}
	if into.ParticipantID == "" && from.ParticipantID != "" {
		if _, err := tx.Exec(`UPDATE speakers SET participant_id = ? WHERE id = ?`, from.ParticipantID, into.ID); err != nil {
			return err
		}
	}
	return nil
}

// redoSpeakerMerge makes an undone merge again, if both speakers are as
// the merge left them when it was undone.
func redoSpeakerMerge(tx *Tx, before []byte) error {
	var rec speakerMergeRecord
	if err := json.Unmarshal(before, &rec); err != nil {
		return fmt.Errorf("the merge's record cannot be read: %w", err)
	}
	for _, k := range []mergedSpeaker{rec.From, rec.Into} {
		var role, participant string
		err := tx.QueryRow(`SELECT role, coalesce(participant_id, '') FROM speakers WHERE id = ? AND source_id = ?`, k.ID, rec.SourceID).Scan(&role, &participant)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("speaker %q has been removed since", k.Name)
		}
		if err != nil {
			return err
		}
		if role != k.Role || participant != k.ParticipantID {
			return fmt.Errorf("speaker %q has a new role or participant since; merge again with `focal speaker merge`", k.Name)
		}
	}
	return mergeSpeakerRows(tx, rec.From, rec.Into)
}

// undoSpeakerMerge brings back the speaker a merge removed, with its role,
// participant and turns, if nothing since stands in the way.
func undoSpeakerMerge(tx *Tx, before []byte) error {
	var rec speakerMergeRecord
	if err := json.Unmarshal(before, &rec); err != nil {
		return fmt.Errorf("the merge's record cannot be read: %w", err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM speakers WHERE id = ? AND source_id = ?`, rec.Into.ID, rec.SourceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("speaker %q has been removed since", rec.Into.Name)
	}
	if err := tx.QueryRow(`SELECT count(*) FROM speakers WHERE source_id = ? AND name = ?`, rec.SourceID, rec.From.Name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("there is a speaker %q again since", rec.From.Name)
	}
	var participant any
	if rec.From.ParticipantID != "" {
		participant = rec.From.ParticipantID
	}
	if _, err := tx.Exec(`INSERT INTO speakers(id, source_id, name, role, participant_id) VALUES (?, ?, ?, ?, ?)`,
		rec.From.ID, rec.SourceID, rec.From.Name, rec.From.Role, participant); err != nil {
		return err
	}
	for _, id := range rec.Turns {
		if _, err := tx.Exec(`UPDATE turns SET speaker_id = ? WHERE id = ? AND speaker_id = ?`, rec.From.ID, id, rec.Into.ID); err != nil {
			return err
		}
	}
	if rec.Into.ParticipantID == "" {
		if _, err := tx.Exec(`UPDATE speakers SET participant_id = NULL WHERE id = ?`, rec.Into.ID); err != nil {
			return err
		}
	}
	return nil
}
