package store

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding/event"
)

// ThemeCodeMove says what MoveCodeBetweenThemes did.
type ThemeCodeMove struct {
	Code string `json:"code"` // the code's path
	From string `json:"from"` // the theme it left
	To   string `json:"to"`   // the theme it is in now
	// WasInTo says the code was in the target theme already, so only its
	// taking out of the other changed.
	WasInTo bool `json:"was_in_to"`
	// WasInFrom is false when the code was not in the theme it was moved
	// from, so only its assignment to the target changed.
	WasInFrom bool `json:"was_in_from"`
}

// MoveCodeBetweenThemes takes a code out of one theme and puts it in
// another in one transaction: one action, logged as theme.assigned and
// theme.unassigned under one action id, so one undo puts it back and the
// code is never left in both themes or in neither.
func (s *Store) MoveCodeBetweenThemes(ctx context.Context, codeRef, fromTheme, toTheme string) (ThemeCodeMove, error) {
	var out ThemeCodeMove
	err := s.InTx(ctx, func(tx *Tx) error {
		to, codes, inTo, err := themeCodes(tx, toTheme, []string{codeRef})
		if err != nil {
			return err
		}
		from, _, inFrom, err := themeCodes(tx, fromTheme, []string{codeRef})
		if err != nil {
			return err
		}
		c := codes[0]
		if from.ID == to.ID {
			return fmt.Errorf("%s is the theme %s is in; choose another theme", to.Path, c.Path)
		}
		out = ThemeCodeMove{Code: c.Path, From: from.Path, To: to.Path, WasInTo: inTo[c.ID], WasInFrom: inFrom[c.ID]}
		ref := []themeCodeRef{{ID: c.ID, Path: c.Path}}
		if !inTo[c.ID] {
			if _, err := tx.Exec(`INSERT INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, to.ID, c.ID); err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.ThemeAssigned, EntityID: to.ID, After: map[string]any{"theme": to.Path, "codes": ref}}); err != nil {
				return err
			}
		}
		if inFrom[c.ID] {
			if _, err := tx.Exec(`DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?`, from.ID, c.ID); err != nil {
				return err
			}
			return tx.Event(Change{Kind: event.ThemeUnassigned, EntityID: from.ID, Before: map[string]any{"theme": from.Path, "codes": ref}})
		}
		return nil
	})
	return out, err
}
