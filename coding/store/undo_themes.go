package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding/event"
)

// undoMemoOrThemeEvent applies the inverse of one memo or theme event after
// checking that nothing later changed what it touched. handled is false for
// events of other kinds.
func undoMemoOrThemeEvent(tx *Tx, e loggedEvent) (handled bool, err error) {
	switch e.kind {
	case event.MemoAdded:
		return true, undoMemoAdded(tx, e)
	case event.MemoEdited:
		return true, undoMemoEdited(tx, e)
	case event.ThemeCreated:
		return true, undoThemeCreated(tx, e)
	case event.ThemeAssigned:
		return true, undoThemeAssigned(tx, e)
	case event.ThemeUnassigned:
		return true, undoThemeUnassigned(tx, e)
	case event.ThemeRenamed:
		return true, undoThemeRenamed(tx, e)
	case event.ThemeDescribed:
		return true, undoThemeDescribed(tx, e)
	case event.ThemeRemoved:
		return true, undoThemeRemoved(tx, e)
	}
	return false, nil
}

// currentMemoBody reads a memo's text, saying so when it is gone.
func currentMemoBody(tx *Tx, id string) (string, error) {
	var body string
	err := tx.QueryRow(`SELECT body FROM memos WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errors.New("the memo has been removed since (with the source or theme it was on)")
	}
	return body, err
}

func undoMemoAdded(tx *Tx, e loggedEvent) error {
	var m struct {
		ID   string `json:"id"`
		Body string `json:"body"`
	}
	if err := json.Unmarshal(e.after, &m); err != nil {
		return err
	}
	body, err := currentMemoBody(tx, m.ID)
	if err != nil {
		return err
	}
	if body != m.Body {
		return errors.New("the memo was edited since; undo that edit first")
	}
	_, err = tx.Exec(`DELETE FROM memos WHERE id = ?`, m.ID)
	return err
}

func undoMemoEdited(tx *Tx, e loggedEvent) error {
	var before, after struct {
		Body string `json:"body"`
	}
	if err := json.Unmarshal(e.before, &before); err != nil {
		return err
	}
	if err := json.Unmarshal(e.after, &after); err != nil {
		return err
	}
	body, err := currentMemoBody(tx, e.entityID)
	if err != nil {
		return err
	}
	if body != after.Body {
		return errors.New("the memo was edited again since")
	}
	_, err = tx.Exec(`UPDATE memos SET body = ?, updated_at = ? WHERE id = ?`, before.Body, tx.now, e.entityID)
	return err
}

// currentTheme loads the theme tree and the theme an event is about.
func currentTheme(tx *Tx, id string) (*themeTree, *Theme, error) {
	tt, err := loadThemeTree(tx)
	if err != nil {
		return nil, nil, err
	}
	th := tt.byID[id]
	if th == nil {
		return tt, nil, errors.New("the theme has been removed since")
	}
	return tt, th, nil
}

func undoThemeCreated(tx *Tx, e loggedEvent) error {
	var created themeRecord
	if err := json.Unmarshal(e.after, &created); err != nil {
		return err
	}
	tt, th, err := currentTheme(tx, e.entityID)
	if err != nil {
		return err
	}
	now, err := themeRecordOf(tx, tt, th.ID)
	if err != nil {
		return err
	}
	switch {
	case now.Name != created.Name || now.ParentID != created.ParentID:
		return fmt.Errorf("the theme was renamed since (it is now %s)", now.Path)
	case now.Definition != created.Definition || len(now.Summaries) > 0:
		return errors.New("the theme was described since (definition or summaries)")
	case tt.hasChildren(th.ID):
		return errors.New("subthemes were added under it since")
	case len(now.Codes) > 0:
		return fmt.Errorf("%d codes were assigned to it since", len(now.Codes))
	}
	memos, err := memoRowsOn(tx, MemoOnTheme, th.ID)
	if err != nil {
		return err
	}
	if len(memos) > 0 {
		return fmt.Errorf("%d memos were written on it since", len(memos))
	}
	_, err = tx.Exec(`DELETE FROM themes WHERE id = ?`, th.ID)
	return err
}

// themeCodesEvent is the data of theme.assigned and theme.unassigned.
type themeCodesEvent struct {
	Theme string         `json:"theme"`
	Codes []themeCodeRef `json:"codes"`
}

func undoThemeAssigned(tx *Tx, e loggedEvent) error {
	var d themeCodesEvent
	if err := json.Unmarshal(e.after, &d); err != nil {
		return err
	}
	if _, _, err := currentTheme(tx, e.entityID); err != nil {
		return err
	}
	for _, c := range d.Codes {
		res, err := tx.Exec(`DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?`, e.entityID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("code %s was unassigned, merged or retired since", c.Path)
		}
	}
	return nil
}

func undoThemeUnassigned(tx *Tx, e loggedEvent) error {
	var d themeCodesEvent
	if err := json.Unmarshal(e.before, &d); err != nil {
		return err
	}
	if _, _, err := currentTheme(tx, e.entityID); err != nil {
		return err
	}
	for _, c := range d.Codes {
		if err := activeCode(tx, c); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT OR IGNORE INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, e.entityID, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("code %s was assigned to the theme again since", c.Path)
		}
	}
	return nil
}

// activeCode checks that a code can be assigned to a theme again.
func activeCode(tx *Tx, c themeCodeRef) error {
	var retired sql.NullString
	err := tx.QueryRow(`SELECT retired_at FROM codes WHERE id = ?`, c.ID).Scan(&retired)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("code %s no longer exists", c.Path)
	}
	if err != nil {
		return err
	}
	if retired.Valid {
		return fmt.Errorf("code %s has been retired or merged since", c.Path)
	}
	return nil
}

func undoThemeRenamed(tx *Tx, e loggedEvent) error {
	var before, after themeRecord
	if err := json.Unmarshal(e.before, &before); err != nil {
		return err
	}
	if err := json.Unmarshal(e.after, &after); err != nil {
		return err
	}
	tt, th, err := currentTheme(tx, e.entityID)
	if err != nil {
		return err
	}
	if th.Name != after.Name || th.ParentID != after.ParentID {
		return fmt.Errorf("the theme was renamed again since (it is now %s)", th.Path)
	}
	if sibling := tt.child(th.ParentID, before.Name); sibling != nil {
		return fmt.Errorf("another theme is now named %s", sibling.Path)
	}
	_, err = tx.Exec(`UPDATE themes SET name = ? WHERE id = ?`, before.Name, th.ID)
	return err
}

func undoThemeDescribed(tx *Tx, e loggedEvent) error {
	var before, after themeRecord
	if err := json.Unmarshal(e.before, &before); err != nil {
		return err
	}
	if err := json.Unmarshal(e.after, &after); err != nil {
		return err
	}
	tt, th, err := currentTheme(tx, e.entityID)
	if err != nil {
		return err
	}
	now, err := themeRecordOf(tx, tt, th.ID)
	if err != nil {
		return err
	}
	if now.Definition != after.Definition || !sameSummaries(now.Summaries, after.Summaries) {
		return errors.New("the theme's definition or summaries were changed again since")
	}
	if _, err := tx.Exec(`UPDATE themes SET definition = ? WHERE id = ?`, before.Definition, th.ID); err != nil {
		return err
	}
	return restoreSummaries(tx, th.ID, before.Summaries)
}

func restoreSummaries(tx *Tx, themeID string, summaries map[string]string) error {
	if _, err := tx.Exec(`DELETE FROM theme_summaries WHERE theme_id = ?`, themeID); err != nil {
		return err
	}
	for lang, text := range summaries {
		if _, err := tx.Exec(`INSERT INTO theme_summaries(theme_id, language, summary) VALUES (?, ?, ?)`, themeID, lang, text); err != nil {
			return err
		}
	}
	return nil
}

// undoThemeRemoved brings a removed theme back with its summaries, codes
// and memos. A removal with --force logs subthemes first, and undo runs
// backwards, so parents come back before their children.
func undoThemeRemoved(tx *Tx, e loggedEvent) error {
	var r themeRecord
	if err := json.Unmarshal(e.before, &r); err != nil {
		return err
	}
	tt, err := loadThemeTree(tx)
	if err != nil {
		return err
	}
	if tt.byID[r.ID] != nil {
		return errors.New("the theme exists again")
	}
	if r.ParentID != "" && tt.byID[r.ParentID] == nil {
		return errors.New("its parent theme has been removed since")
	}
	if sibling := tt.child(r.ParentID, r.Name); sibling != nil {
		return fmt.Errorf("another theme is now named %s", sibling.Path)
	}
	for _, c := range r.Codes {
		if err := activeCode(tx, c); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT INTO themes(id, parent_id, name, definition, created_by, created_at) VALUES (?, nullif(?, ''), ?, ?, ?, ?)`,
		r.ID, r.ParentID, r.Name, r.Definition, r.CreatedByID, r.CreatedAt); err != nil {
		return err
	}
	if err := restoreSummaries(tx, r.ID, r.Summaries); err != nil {
		return err
	}
	for _, c := range r.Codes {
		if _, err := tx.Exec(`INSERT INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, r.ID, c.ID); err != nil {
			return err
		}
	}
	for _, m := range r.Memos {
		if _, err := tx.Exec(`INSERT INTO memos(id, target_kind, target_id, author, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.TargetKind, m.TargetID, m.AuthorID, m.Title, m.Body, m.CreatedAt, m.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}
