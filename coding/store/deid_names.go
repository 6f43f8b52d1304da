package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// DeidName is an entry of the project's name list (table deid_names).
type DeidName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is name (a participant's other name), person, place or
	// organisation.
	Kind string `json:"kind"`
	// Participant is the participant whose nickname it is, and Pseudonym
	// their pseudonym now; both empty for other names.
	Participant string `json:"participant,omitempty"`
	Pseudonym   string `json:"pseudonym,omitempty"`
	// Replacement is the replacement set for it; empty means the
	// participant's pseudonym or the placeholder of its kind.
	Replacement string `json:"replacement,omitempty"`
	AddedBy     string `json:"added_by"`
	AddedAt     string `json:"added_at"`
}

// NewDeidName is a name to put on the list.
type NewDeidName struct {
	Name, Kind, Participant, Replacement string
}

// AddDeidName puts a name on the project's name list, or changes the entry
// of the same name in another case or spelling (its kind, participant or
// replacement). changed is false when the entry was already so. Each
// change is an event.
func (s *Store) AddDeidName(ctx context.Context, n NewDeidName) (name DeidName, changed bool, err error) {
	n.Name, n.Replacement = corpus.NormalizeLine(n.Name), corpus.NormalizeLine(n.Replacement)
	folded := deid.FoldName(n.Name)
	if folded == "" {
		return DeidName{}, false, errors.New("a listed name needs at least one letter or digit")
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		var pid sql.NullString
		if n.Participant != "" {
			id, err := participantID(tx, n.Participant)
			if err != nil {
				return err
			}
			pid = sql.NullString{String: id, Valid: true}
		}
		after := map[string]any{"name": n.Name, "kind": n.Kind, "participant": n.Participant, "replacement": n.Replacement}
		old, err := deidNameWhere(tx, `n.folded = ?`, folded)
		switch {
		case err == nil:
			if old.Name == n.Name && old.Kind == n.Kind && old.Participant == n.Participant && old.Replacement == n.Replacement {
				name = old
				return nil
			}
			if _, err := tx.Exec(`UPDATE deid_names SET name = ?, kind = ?, participant_id = ?, replacement = ? WHERE id = ?`,
				n.Name, n.Kind, pid, n.Replacement, old.ID); err != nil {
				return err
			}
			changed = true
			if err := tx.Event(Change{Kind: event.DeidNameChanged, EntityID: old.ID,
				Before: map[string]any{"name": old.Name, "kind": old.Kind, "participant": old.Participant, "replacement": old.Replacement},
				After:  after}); err != nil {
				return err
			}
			name, err = deidNameWhere(tx, `n.id = ?`, old.ID)
			return err
		case !errors.Is(err, ErrNotFound):
			return err
		}
		id := uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO deid_names(id, name, folded, kind, participant_id, replacement, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, n.Name, folded, n.Kind, pid, n.Replacement, tx.actor, tx.now); err != nil {
			return err
		}
		changed = true
		if err := tx.Event(Change{Kind: event.DeidNameAdded, EntityID: id, After: after}); err != nil {
			return err
		}
		name, err = deidNameWhere(tx, `n.id = ?`, id)
		return err
	})
	return name, changed, err
}

// RemoveDeidName takes a name off the list; it is found whatever its case
// and accents.
func (s *Store) RemoveDeidName(ctx context.Context, name string) (DeidName, error) {
	var old DeidName
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		old, err = deidNameWhere(tx, `n.folded = ?`, deid.FoldName(name))
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%q is not on the name list (see `focal deid names list`): %w", name, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM deid_names WHERE id = ?`, old.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.DeidNameRemoved, EntityID: old.ID,
			Before: map[string]any{"name": old.Name, "kind": old.Kind, "participant": old.Participant, "replacement": old.Replacement}})
	})
	return old, err
}

// DeidNames lists the project's name list by name.
func (s *Store) DeidNames(ctx context.Context) ([]DeidName, error) {
	rows, err := s.rd.QueryContext(ctx, deidNameQuery+` ORDER BY n.folded`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DeidName{}
	for rows.Next() {
		n, err := scanDeidName(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

const deidNameQuery = `SELECT n.id, n.name, n.kind, coalesce(p.name, ''), coalesce(p.pseudonym, ''), n.replacement, n.added_by, n.added_at
	FROM deid_names n LEFT JOIN participants p ON p.id = n.participant_id`

func deidNameWhere(tx *Tx, cond string, arg any) (DeidName, error) {
	n, err := scanDeidName(tx.QueryRow(deidNameQuery+` WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return n, ErrNotFound
	}
	return n, err
}

func scanDeidName(row interface{ Scan(...any) error }) (DeidName, error) {
	var n DeidName
	err := row.Scan(&n.ID, &n.Name, &n.Kind, &n.Participant, &n.Pseudonym, &n.Replacement, &n.AddedBy, &n.AddedAt)
	return n, err
}
