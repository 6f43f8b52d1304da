package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/event"
)

// This file holds what undo needs to reverse a restructuring of the
// codebook (merge, split, retire): the records those actions log, and the
// inverses that check nothing later depends on them.

// codingRow is a coding with every column, and the rows that go with it
// when it is deleted, so that undo can put it back exactly as it was.
// It extends codingRef, so readers of older events still find id, coder,
// start and end.
type codingRow struct {
	codingRef
	SourceID  string `json:"source_id"`
	CodeID    string `json:"code_id"`
	CoderID   string `json:"coder_id"`
	Memo      string `json:"memo"`
	Flagged   string `json:"flagged"`
	CreatedAt string `json:"created_at"`
	// KeptID is, for a duplicate dropped by a merge, the coding of the
	// target code that stands for it.
	KeptID    string                  `json:"kept_id,omitempty"`
	Consensus *consensusProvenanceRow `json:"consensus,omitempty"`
	Clearance *quoteClearanceRow      `json:"clearance,omitempty"`
}

// consensusProvenanceRow is a consensus coding's provenance as stored.
type consensusProvenanceRow struct {
	Method          string `json:"method"`
	FromCodings     string `json:"from_codings"`
	FromCoders      string `json:"from_coders"`
	DecidedBy       string `json:"decided_by"`
	DecidedAt       string `json:"decided_at"`
	CodebookVersion string `json:"codebook_version"`
	Stale           string `json:"stale"`
}

// quoteClearanceRow is a researcher's clearance of a coding's quote.
type quoteClearanceRow struct {
	ClearedBy string `json:"cleared_by"`
	ClearedAt string `json:"cleared_at"`
}

// codingRowsOf returns the full rows of the codings matching a condition on g.
func codingRowsOf(tx *Tx, where string, args ...any) ([]codingRow, error) {
	rows, err := tx.Query(`SELECT g.id, k.name, g.start, g.end, g.source_id, g.code_id, g.coder_id, g.memo, g.flagged, g.created_at,
		p.coding_id IS NOT NULL, coalesce(p.method, ''), coalesce(p.from_codings, ''), coalesce(p.from_coders, ''), coalesce(p.decided_by, ''),
		coalesce(p.decided_at, ''), coalesce(p.codebook_version, ''), coalesce(p.stale, ''),
		q.coding_id IS NOT NULL, coalesce(q.cleared_by, ''), coalesce(q.cleared_at, '')
		FROM codings g JOIN coders k ON k.id = g.coder_id
		LEFT JOIN consensus_provenance p ON p.coding_id = g.id
		LEFT JOIN quote_clearances q ON q.coding_id = g.id
		WHERE `+where+` ORDER BY g.source_id, g.start, g.end, g.rowid`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []codingRow
	for rows.Next() {
		var r codingRow
		var p consensusProvenanceRow
		var q quoteClearanceRow
		var hasP, hasQ bool
		if err := rows.Scan(&r.ID, &r.Coder, &r.Start, &r.End, &r.SourceID, &r.CodeID, &r.CoderID, &r.Memo, &r.Flagged, &r.CreatedAt,
			&hasP, &p.Method, &p.FromCodings, &p.FromCoders, &p.DecidedBy, &p.DecidedAt, &p.CodebookVersion, &p.Stale,
			&hasQ, &q.ClearedBy, &q.ClearedAt); err != nil {
			return nil, err
		}
		if hasP {
			r.Consensus = &p
		}
		if hasQ {
			r.Clearance = &q
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// recorded reports whether a row carries the columns this version of Focal
// logs; older events held only id, coder, start and end.
func (r codingRow) recorded() bool {
	return r.SourceID != "" && r.CodeID != "" && r.CoderID != "" && r.CreatedAt != ""
}

// reinsertCoding puts a deleted coding back with its provenance and
// clearance. The code must be active again by the time this runs.
func reinsertCoding(tx *Tx, r codingRow) error {
	_, err := tx.Exec(`INSERT INTO codings(id, source_id, code_id, coder_id, start, end, memo, flagged, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.SourceID, r.CodeID, r.CoderID, r.Start, r.End, r.Memo, r.Flagged, r.CreatedAt)
	switch {
	case err != nil && strings.Contains(err.Error(), "UNIQUE"):
		return fmt.Errorf("%s's coding %s exists again (the same span was coded since)", r.Coder, shortID(r.ID))
	case err != nil && strings.Contains(err.Error(), "FOREIGN KEY"):
		return fmt.Errorf("the source of %s's coding %s has been removed since", r.Coder, shortID(r.ID))
	case err != nil:
		return err
	}
	if p := r.Consensus; p != nil {
		if _, err := tx.Exec(`INSERT INTO consensus_provenance(coding_id, method, from_codings, from_coders, decided_by, decided_at, codebook_version, stale)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, p.Method, p.FromCodings, p.FromCoders, p.DecidedBy, p.DecidedAt, p.CodebookVersion, p.Stale); err != nil {
			return err
		}
	}
	if q := r.Clearance; q != nil {
		if _, err := tx.Exec(`INSERT INTO quote_clearances(coding_id, cleared_by, cleared_at) VALUES (?, ?, ?)`, r.ID, q.ClearedBy, q.ClearedAt); err != nil {
			return err
		}
	}
	return nil
}

// assignedTheme is a theme a code was taken out of by a merge or a
// retirement.
type assignedTheme struct {
	ID   string `json:"id"`
	Path string `json:"path"`
	// IntoHad says, for a merge, that the target code was already in the
	// theme, so undoing the merge leaves that assignment alone.
	IntoHad bool `json:"into_had,omitempty"`
}

// themesOfCode lists the themes a code is assigned to, and for each whether
// code into (if given) is assigned to it too.
func themesOfCode(tx *Tx, codeID, intoID string) ([]assignedTheme, error) {
	tt, err := loadThemeTree(tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(`SELECT t.theme_id, EXISTS (SELECT 1 FROM theme_codes i WHERE i.theme_id = t.theme_id AND i.code_id = ?)
		FROM theme_codes t WHERE t.code_id = ? ORDER BY t.theme_id`, intoID, codeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []assignedTheme
	for rows.Next() {
		var a assignedTheme
		if err := rows.Scan(&a.ID, &a.IntoHad); err != nil {
			return nil, err
		}
		if th := tt.byID[a.ID]; th != nil {
			a.Path = th.Path
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// mergedCode is the data of a code.merged event as undo reads it. The
// pointer fields are absent from events an older Focal wrote.
type mergedCode struct {
	From             coding.CodeSnapshot `json:"from"`
	Into             coding.CodeSnapshot `json:"into"`
	Moved            []codingRef         `json:"moved"`
	MergedDuplicates []codingRow         `json:"merged_duplicates"`
	ChildrenMoved    *[]string           `json:"children_moved"`
	ThemesMoved      *[]assignedTheme    `json:"themes_moved"`
	RetiredAt        string              `json:"retired_at"`
	WasRetiredAt     string              `json:"was_retired_at,omitempty"`
}

// retiredCodeBefore and retiredCodeAfter are the data of a code.retired
// event: the code's snapshot, as other readers expect, and what undo needs.
type retiredCodeBefore struct {
	coding.CodeSnapshot
	Themes *[]assignedTheme `json:"themes"`
}

type retiredCodeAfter struct {
	coding.CodeSnapshot
	RetiredAt    string `json:"retired_at"`
	WasRetiredAt string `json:"was_retired_at,omitempty"`
}

// undoCodebookEvent applies the inverse of a merge, split or retirement
// after checking that nothing later changed what it touched. handled is
// false for events of other kinds.
func undoCodebookEvent(tx *Tx, e loggedEvent) (handled bool, err error) {
	switch e.kind {
	case event.CodeMerged:
		return true, undoCodeMerged(tx, e)
	case event.CodeSplit:
		return true, undoCodeSplit(tx, e)
	case event.CodeRetired:
		return true, undoCodeRetired(tx, e)
	case event.CodingRemovedWithCode:
		return true, undoCodingsRemovedWithCode(tx, e)
	}
	return false, nil
}

// olderFocal says why an event cannot be undone and how to reverse it by hand.
func olderFocal(what, how string) error {
	return fmt.Errorf("this %s was made by an older Focal, which did not record enough to reverse it exactly; reverse it with %s", what, how)
}

// restorableCode checks that a retired code can become active again where
// it stood: its parent is active and no active sibling took its name.
func restorableCode(cb *codebook, c *Code) error {
	if c.ParentID != "" {
		if p := cb.byID[c.ParentID]; p == nil || p.Retired {
			return fmt.Errorf("its parent %s has been retired or merged since", cb.path(c.ParentID))
		}
	}
	if sibling := findSibling(cb, c.ParentID, c.Name); sibling != nil && sibling.ID != c.ID {
		return fmt.Errorf("another code is now named %s; rename it first", sibling.Path)
	}
	return nil
}

func undoCodeMerged(tx *Tx, e loggedEvent) error {
	var before struct {
		From coding.CodeSnapshot `json:"from"`
	}
	var d mergedCode
	if err := json.Unmarshal(e.before, &before); err != nil {
		return err
	}
	if err := json.Unmarshal(e.after, &d); err != nil {
		return err
	}
	manual := fmt.Sprintf("`focal code split %s %s --coding ID…` and `focal code move` for its child codes", d.Into.Path, d.From.Name)
	if d.ChildrenMoved == nil || d.ThemesMoved == nil || d.RetiredAt == "" {
		return olderFocal("merge", manual)
	}
	for _, r := range d.MergedDuplicates {
		if !r.recorded() {
			return olderFocal("merge", manual)
		}
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return err
	}
	from, into := cb.byID[e.entityID], cb.byID[d.Into.ID]
	if from == nil || into == nil {
		return errors.New("one of the two codes no longer exists")
	}
	if from.RetiredAt != d.RetiredAt || from.MergedInto != into.ID {
		return fmt.Errorf("code %s was brought back or retired again since", from.Path)
	}
	if !sameCodeFields(from.CodeSnapshot, d.From) {
		return fmt.Errorf("code %s was renamed, moved or described since", from.Path)
	}
	if d.WasRetiredAt == "" {
		if err := restorableCode(cb, from); err != nil {
			return fmt.Errorf("%s cannot come back: %w", from.Path, err)
		}
	}
	// Child codes go back under `from`; none may clash with a code that is
	// there now.
	back := map[string]bool{}
	for _, id := range *d.ChildrenMoved {
		back[id] = true
	}
	for _, id := range *d.ChildrenMoved {
		child := cb.byID[id]
		if child == nil {
			return errors.New("one of the child codes it moved has been removed since")
		}
		if child.ParentID != into.ID {
			return fmt.Errorf("child code %s was moved since", child.Path)
		}
		if child.Retired {
			continue
		}
		for _, c := range cb.codes {
			if !c.Retired && c.ParentID == from.ID && c.Name == child.Name && !back[c.ID] {
				return fmt.Errorf("code %s now has a child named %q", from.Path, child.Name)
			}
		}
	}
	for _, r := range d.Moved {
		if err := codingStillOn(tx, r, into); err != nil {
			return err
		}
	}
	for _, r := range d.MergedDuplicates {
		if r.KeptID == "" {
			continue
		}
		kept := codingRef{ID: r.KeptID, Coder: r.Coder, Start: r.Start, End: r.End}
		if err := codingStillOn(tx, kept, into); err != nil {
			return fmt.Errorf("the merge kept one coding for two identical ones, and %w", err)
		}
	}
	for _, a := range *d.ThemesMoved {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM themes WHERE id = ?`, a.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("theme %s has been removed since", a.Path)
		}
	}

	if _, err := tx.Exec(`UPDATE codes SET retired_at = nullif(?, ''), merged_into = nullif(?, '') WHERE id = ?`, d.WasRetiredAt, before.From.MergedInto, from.ID); err != nil {
		return err
	}
	for _, id := range *d.ChildrenMoved {
		if _, err := tx.Exec(`UPDATE codes SET parent_id = ? WHERE id = ?`, from.ID, id); err != nil {
			return err
		}
	}
	for _, r := range d.Moved {
		_, err := tx.Exec(`UPDATE codings SET code_id = ? WHERE id = ?`, from.ID, r.ID)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("%s has coded the same span of %s with %s again since", r.Coder, shortID(r.ID), from.Path)
		}
		if err != nil {
			return err
		}
	}
	for _, r := range d.MergedDuplicates {
		if err := reinsertCoding(tx, r); err != nil {
			return err
		}
	}
	for _, a := range *d.ThemesMoved {
		if !a.IntoHad {
			res, err := tx.Exec(`DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?`, a.ID, into.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("code %s was taken out of theme %s since", into.Path, a.Path)
			}
		}
		if _, err := tx.Exec(`INSERT INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, a.ID, from.ID); err != nil {
			return fmt.Errorf("put %s back in theme %s: %w", from.Path, a.Path, err)
		}
	}
	return nil
}

// codingStillOn checks that a coding an action moved is still there and
// still coded with the code the action gave it.
func codingStillOn(tx *Tx, r codingRef, code *Code) error {
	var codeID string
	var start, end int
	err := tx.QueryRow(`SELECT code_id, start, end FROM codings WHERE id = ?`, r.ID).Scan(&codeID, &start, &end)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s's coding %s has been removed since", r.Coder, shortID(r.ID))
	}
	if err != nil {
		return err
	}
	if codeID != code.ID {
		return fmt.Errorf("%s's coding %s is no longer coded with %s (re-coded, split or merged since)", r.Coder, shortID(r.ID), code.Path)
	}
	if start != r.Start || end != r.End {
		return fmt.Errorf("%s's coding %s was re-anchored since (by a correction)", r.Coder, shortID(r.ID))
	}
	return nil
}

func undoCodeSplit(tx *Tx, e loggedEvent) error {
	var d struct {
		From  coding.CodeSnapshot `json:"from"`
		New   coding.CodeSnapshot `json:"new"`
		Moved []codingRef         `json:"moved"`
	}
	if err := json.Unmarshal(e.after, &d); err != nil {
		return err
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return err
	}
	code, from := cb.byID[e.entityID], cb.byID[d.From.ID]
	switch {
	case code == nil:
		return errors.New("the new code has been removed since")
	case from == nil:
		return errors.New("the code it was split from has been removed since")
	case code.Retired:
		return fmt.Errorf("the new code %s has been retired or merged since", code.Path)
	case from.Retired != d.From.Retired || from.MergedInto != d.From.MergedInto:
		return fmt.Errorf("code %s has been retired or merged since, so its codings cannot go back to it", from.Path)
	case !sameCodeFields(code.CodeSnapshot, d.New) || code.SplitFrom != from.ID:
		return fmt.Errorf("the new code %s was renamed, moved or described since", code.Path)
	}
	for _, r := range d.Moved {
		if err := codingStillOn(tx, r, code); err != nil {
			return err
		}
	}
	for _, r := range d.Moved {
		_, err := tx.Exec(`UPDATE codings SET code_id = ? WHERE id = ?`, from.ID, r.ID)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("%s has coded the same span of %s with %s again since", r.Coder, shortID(r.ID), from.Path)
		}
		if err != nil {
			return err
		}
	}
	// The new code's own split_from points at `from`; only what points at
	// the new code keeps it.
	if uses, err := codeUses(tx, code.ID); err != nil {
		return err
	} else if uses != "" {
		return fmt.Errorf("the new code %s is in use since (%s); merge it back with `focal code merge %s %s` instead", code.Path, uses, code.Path, from.Path)
	}
	_, err = tx.Exec(`DELETE FROM codes WHERE id = ?`, code.ID)
	return err
}

// codeUses says what refers to a code, for a refusal to delete it; "" when
// nothing does.
func codeUses(tx *Tx, id string) (string, error) {
	var codings, themes, children, merged, split, memos, decisions int
	err := tx.QueryRow(`SELECT (SELECT count(*) FROM codings WHERE code_id = ?), (SELECT count(*) FROM theme_codes WHERE code_id = ?),
		(SELECT count(*) FROM codes WHERE parent_id = ?), (SELECT count(*) FROM codes WHERE merged_into = ?), (SELECT count(*) FROM codes WHERE split_from = ?),
		(SELECT count(*) FROM memos WHERE target_kind = 'code' AND target_id = ?), (SELECT count(*) FROM consensus_decisions WHERE code_id = ?)`,
		id, id, id, id, id, id, id).Scan(&codings, &themes, &children, &merged, &split, &memos, &decisions)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, u := range []struct {
		n    int
		noun string
	}{{codings, "coding"}, {themes, "theme"}, {children, "child code"}, {merged, "merged code"}, {split, "split-off code"}, {memos, "memo"}, {decisions, "consensus decision"}} {
		if u.n > 0 {
			parts = append(parts, countOf(u.n, u.noun))
		}
	}
	return strings.Join(parts, ", "), nil
}

func undoCodeRetired(tx *Tx, e loggedEvent) error {
	var before retiredCodeBefore
	var after retiredCodeAfter
	if err := json.Unmarshal(e.before, &before); err != nil {
		return err
	}
	if err := json.Unmarshal(e.after, &after); err != nil {
		return err
	}
	if before.Themes == nil || after.RetiredAt == "" {
		return olderFocal("retirement", fmt.Sprintf("`focal code add %s` and `focal theme assign THEME %s`", before.Path, before.Path))
	}
	cb, err := loadCodebook(tx)
	if err != nil {
		return err
	}
	c := cb.byID[e.entityID]
	if c == nil {
		return errors.New("the code has been removed since")
	}
	if c.RetiredAt != after.RetiredAt || c.MergedInto != after.MergedInto {
		return fmt.Errorf("code %s was brought back, retired again or merged since", c.Path)
	}
	if !sameCodeFields(c.CodeSnapshot, after.CodeSnapshot) {
		return fmt.Errorf("code %s was renamed, moved or described since", c.Path)
	}
	if after.WasRetiredAt == "" {
		if err := restorableCode(cb, c); err != nil {
			return fmt.Errorf("%s cannot come back: %w", c.Path, err)
		}
	}
	for _, a := range *before.Themes {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM themes WHERE id = ?`, a.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("theme %s has been removed since", a.Path)
		}
	}
	if _, err := tx.Exec(`UPDATE codes SET retired_at = nullif(?, '') WHERE id = ?`, after.WasRetiredAt, c.ID); err != nil {
		return err
	}
	for _, a := range *before.Themes {
		if _, err := tx.Exec(`INSERT INTO theme_codes(theme_id, code_id) VALUES (?, ?)`, a.ID, c.ID); err != nil {
			return fmt.Errorf("put %s back in theme %s: %w", c.Path, a.Path, err)
		}
	}
	return nil
}

// undoCodingsRemovedWithCode puts back the codings a retirement removed.
// It runs after the retirement itself is undone (events are undone newest
// first), so the code is active again.
func undoCodingsRemovedWithCode(tx *Tx, e loggedEvent) error {
	var removed []codingRow
	if err := json.Unmarshal(e.before, &removed); err != nil {
		return err
	}
	for _, r := range removed {
		if !r.recorded() {
			return olderFocal("removal of a code's codings", "`focal coding add` for each coding listed by `focal code history`")
		}
	}
	var retired sql.NullString
	err := tx.QueryRow(`SELECT retired_at FROM codes WHERE id = ?`, e.entityID).Scan(&retired)
	if errors.Is(err, sql.ErrNoRows) {
		return errors.New("the code has been removed since")
	}
	if err != nil {
		return err
	}
	if retired.Valid {
		return errors.New("the code is still retired, so its codings cannot come back")
	}
	for _, r := range removed {
		if r.CodeID != e.entityID {
			return fmt.Errorf("coding %s was recorded under another code", shortID(r.ID))
		}
		if err := reinsertCoding(tx, r); err != nil {
			return err
		}
	}
	return nil
}
