package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"

	"github.com/focalqda/focal/coding/event"
)

// memberCheckReturnKey is the settings key of what packets tell
// participants about returning them (JSON of MemberCheckReturn).
const memberCheckReturnKey = "membercheck.return"

// MemberCheckReturn is what every packet tells participants about giving
// it back: whom to contact, how to return it and by when.
type MemberCheckReturn struct {
	// Contact is who to contact, as the packet shows it (a name, an email
	// address, a telephone number).
	Contact string `json:"contact,omitempty"`
	// By is the date to return the packet by (YYYY-MM-DD).
	By string `json:"by,omitempty"`
	// How says how to return the page or workbook, by language tag; the
	// key "" is used for a language without its own.
	How map[string]string `json:"how,omitempty"`
}

// MemberCheckReturn returns what packets tell participants about
// returning them; the zero value when nothing was set.
func (s *Store) MemberCheckReturn(ctx context.Context) (MemberCheckReturn, error) {
	var value string
	err := s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, memberCheckReturnKey).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return MemberCheckReturn{}, nil
	}
	if err != nil {
		return MemberCheckReturn{}, err
	}
	var r MemberCheckReturn
	err = json.Unmarshal([]byte(value), &r)
	return r, err
}

// SetMemberCheckReturn stores what packets tell participants about
// returning them, as a whole, with one membercheck.return-set event. It
// reports whether anything changed.
func (s *Store) SetMemberCheckReturn(ctx context.Context, r MemberCheckReturn) (changed bool, err error) {
	next, err := json.Marshal(r)
	if err != nil {
		return false, err
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		var oldText string
		err := tx.QueryRow(`SELECT value FROM settings WHERE key = ?`, memberCheckReturnKey).Scan(&oldText)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var old MemberCheckReturn
		if oldText != "" {
			if err := json.Unmarshal([]byte(oldText), &old); err != nil {
				return err
			}
		}
		if old.Contact == r.Contact && old.By == r.By && maps.Equal(old.How, r.How) {
			return nil
		}
		if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			memberCheckReturnKey, string(next)); err != nil {
			return err
		}
		changed = true
		return tx.Event(Change{Kind: event.MemberCheckReturnSet, Before: old, After: r})
	})
	return changed, err
}
