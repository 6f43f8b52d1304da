package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/event"
)

// codebook is the whole codebook loaded in one query: codebooks hold
// hundreds of codes, so resolving names in memory is simplest and fast.
type codebook struct {
	codes []Code
	byID  map[string]*Code
}

func loadCodebook(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) (*codebook, error) {
	return loadCodebookColumns(q, `c.definition, c.when_to_use, c.when_not_to_use, c.example, c.color`)
}

// loadCodeTree loads the codebook without definitions and criteria: enough
// to resolve names and paths, and cheaper on the hot path of coding.
func loadCodeTree(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) (*codebook, error) {
	return loadCodebookColumns(q, `'', '', '', '', c.color`)
}

func loadCodebookColumns(q interface {
	Query(string, ...any) (*sql.Rows, error)
}, textColumns string) (*codebook, error) {
	rows, err := q.Query(`SELECT c.id, coalesce(c.parent_id, ''), c.name, ` + textColumns + `,
		coalesce(k.name, ''), c.created_at, coalesce(c.retired_at, ''), coalesce(c.merged_into, ''), coalesce(c.split_from, '')
		FROM codes c LEFT JOIN coders k ON k.id = c.created_by ORDER BY c.created_at, c.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cb := &codebook{byID: map[string]*Code{}}
	for rows.Next() {
		var c Code
		if err := rows.Scan(&c.ID, &c.ParentID, &c.Name, &c.Definition, &c.WhenToUse, &c.WhenNotToUse, &c.Example, &c.Color,
			&c.CreatedBy, &c.CreatedAt, &c.RetiredAt, &c.MergedInto, &c.SplitFrom); err != nil {
			return nil, err
		}
		c.Retired = c.RetiredAt != ""
		cb.codes = append(cb.codes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range cb.codes {
		cb.byID[cb.codes[i].ID] = &cb.codes[i]
	}
	for i := range cb.codes {
		cb.codes[i].Path = cb.path(cb.codes[i].ID)
	}
	return cb, nil
}

func (cb *codebook) path(id string) string {
	var parts []string
	for seen := 0; id != "" && seen < 1000; seen++ {
		c := cb.byID[id]
		if c == nil {
			break
		}
		parts = append(parts, c.Name)
		id = c.ParentID
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

// resolve finds an active code by path ("belonging/isolation"), by a bare
// name when it is unambiguous, or by id.
func (cb *codebook) resolve(ref string) (*Code, error) {
	ref = strings.Trim(strings.TrimSpace(ref), "/")
	if c, ok := cb.byID[ref]; ok {
		return c, nil
	}
	var byName []*Code
	for i := range cb.codes {
		c := &cb.codes[i]
		if c.Retired {
			continue
		}
		if c.Path == ref {
			return c, nil
		}
		if c.Name == ref {
			byName = append(byName, c)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		for i := range cb.codes {
			if c := &cb.codes[i]; c.Retired && (c.Path == ref || c.Name == ref) {
				return nil, fmt.Errorf("code %q is retired%s: %w", ref, mergedNote(cb, c), ErrNotFound)
			}
		}
		snaps := make([]coding.CodeSnapshot, len(cb.codes))
		for i := range cb.codes {
			snaps[i] = cb.codes[i].CodeSnapshot
		}
		if meant, ok := coding.LikelyMeant(ref, snaps); ok {
			return nil, fmt.Errorf("no code %q; did you mean %q? (see `focal code list`): %w", ref, meant, ErrNotFound)
		}
		return nil, fmt.Errorf("no code %q (see `focal code list`): %w", ref, ErrNotFound)
	default:
		var paths []string
		for _, c := range byName {
			paths = append(paths, c.Path)
		}
		sort.Strings(paths)
		return nil, fmt.Errorf("code name %q is ambiguous; name it by its path: %s", ref, strings.Join(paths, ", "))
	}
}

func mergedNote(cb *codebook, c *Code) string {
	if into := cb.byID[c.MergedInto]; into != nil {
		return " (merged into " + into.Path + ")"
	}
	return ""
}

func (cb *codebook) snapshot(id string) coding.CodeSnapshot {
	c := cb.byID[id]
	snap := c.CodeSnapshot
	snap.Path = cb.path(id)
	return snap
}

// Snapshot is the whole codebook as it stands now.
func (cb *codebook) Snapshot() coding.CodebookSnapshot {
	out := coding.CodebookSnapshot{Codes: make([]coding.CodeSnapshot, 0, len(cb.codes))}
	for _, c := range cb.codes {
		out.Codes = append(out.Codes, cb.snapshot(c.ID))
	}
	return out
}

// NewCode describes a code to create.
type NewCode struct {
	Path         string // "parent/child"; missing parents are created
	Definition   string
	WhenToUse    string
	WhenNotToUse string
	Example      string
	Color        string
}

func validCodeName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("a code needs a name")
	case strings.Contains(name, "/"):
		return fmt.Errorf("code name %q contains '/', which separates parent and child in a path", name)
	case len([]rune(name)) > 120:
		return fmt.Errorf("code name %q is longer than 120 characters", name)
	}
	return nil
}

// ensureCodePath returns the code at path, creating it (and any missing
// parents) inductively; created reports whether the last part was new.
// Unless literal, a bare name may name an existing nested code when it is
// unambiguous (coders type "isolation", not "belonging/isolation").
func ensureCodePath(tx *Tx, cb *codebook, path string, details NewCode, creator string, literal bool) (code *Code, created bool, err error) {
	parts := strings.Split(strings.Trim(strings.TrimSpace(path), "/"), "/")
	parentID := ""
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if err := validCodeName(part); err != nil {
			return nil, false, err
		}
		var found *Code
		for j := range cb.codes {
			c := &cb.codes[j]
			if !c.Retired && c.ParentID == parentID && c.Name == part {
				found = c
				break
			}
		}
		if found == nil && !literal && len(parts) == 1 {
			// A bare name may name a nested code when it is unambiguous.
			if c, err := cb.resolve(part); err == nil {
				found = c
			} else if !errors.Is(err, ErrNotFound) {
				return nil, false, err
			}
		}
		if found != nil {
			parentID = found.ID
			code = found
			created = false
			continue
		}
		last := i == len(parts)-1
		c := Code{CodeSnapshot: coding.CodeSnapshot{ID: uuid.NewString(), ParentID: parentID, Name: part}, CreatedAt: tx.now}
		if last {
			c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color = details.Definition, details.WhenToUse, details.WhenNotToUse, details.Example, details.Color
		}
		var createdBy any
		if creator != "" {
			createdBy = creator
		}
		if _, err := tx.Exec(`INSERT INTO codes(id, parent_id, name, definition, when_to_use, when_not_to_use, example, color, created_by, created_at)
			VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.ParentID, c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color, createdBy, tx.now); err != nil {
			return nil, false, err
		}
		cb.codes = append(cb.codes, c)
		cb.byID = map[string]*Code{}
		for k := range cb.codes {
			cb.byID[cb.codes[k].ID] = &cb.codes[k]
		}
		added := cb.byID[c.ID]
		added.Path = cb.path(c.ID)
		added.CreatedBy = tx.actor
		if err := tx.Event(Change{Kind: event.CodeCreated, EntityID: c.ID, After: cb.snapshot(c.ID)}); err != nil {
			return nil, false, err
		}
		parentID = c.ID
		code = added
		created = true
	}
	return code, created, nil
}

// AddCode creates a code. It fails when an active code already has that path.
func (s *Store) AddCode(ctx context.Context, nc NewCode) (Code, error) {
	var out Code
	err := s.InTx(ctx, func(tx *Tx) error {
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		if c, err := cb.resolve(nc.Path); err == nil && c.Path == strings.Trim(nc.Path, "/ ") {
			return fmt.Errorf("code %q already exists", c.Path)
		}
		creator := ""
		if tx.actor != "" {
			if c, err := findCoder(tx, tx.actor); err == nil {
				creator = c.ID
			}
		}
		// AddCode takes a path literally: a bare name is a top-level code.
		code, created, err := ensureCodePath(tx, cb, nc.Path, nc, creator, true)
		if err != nil {
			return err
		}
		if !created {
			return fmt.Errorf("code %q already exists", code.Path)
		}
		out = *code
		return nil
	})
	return out, err
}

// CodeFilter narrows a code listing.
type CodeFilter struct {
	Viewer         string // coder name for blinding ("" = nobody in particular)
	IncludeRetired bool
}

// Codes lists the codebook in tree order with the codings the viewer may
// see counted.
func (s *Store) Codes(ctx context.Context, f CodeFilter) ([]Code, error) {
	visible, err := s.visibleCoder(ctx, f.Viewer)
	if err != nil {
		return nil, err
	}
	cb, err := loadCodebook(dbQueryer{s.rd, ctx})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	// Counted per code and coder over the table read in order (its code
	// index would send SQLite to every row by random access: three times
	// slower on 100,000 codings), then the coders' few rows joined.
	crows, err := s.rd.QueryContext(ctx, `SELECT g.code_id, sum(g.n)
		FROM (SELECT code_id, coder_id, count(*) AS n FROM codings NOT INDEXED GROUP BY code_id, coder_id) g
		JOIN coders k ON k.id = g.coder_id
		WHERE k.role <> 'consensus' AND (? = '' OR g.coder_id = ?) GROUP BY g.code_id`, visible, visible)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var id string
		var n int
		if err := crows.Scan(&id, &n); err != nil {
			crows.Close()
			return nil, err
		}
		counts[id] = n
	}
	crows.Close()
	var out []Code
	for _, c := range treeOrder(cb) {
		if c.Retired && !f.IncludeRetired {
			continue
		}
		c.Codings = counts[c.ID]
		out = append(out, c)
	}
	return out, nil
}

// treeOrder lists codes depth-first, siblings by name.
func treeOrder(cb *codebook) []Code {
	children := map[string][]*Code{}
	for i := range cb.codes {
		c := &cb.codes[i]
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	var out []Code
	var walk func(parent string)
	walk = func(parent string) {
		kids := children[parent]
		sort.SliceStable(kids, func(i, j int) bool { return strings.ToLower(kids[i].Name) < strings.ToLower(kids[j].Name) })
		for _, c := range kids {
			out = append(out, *c)
			walk(c.ID)
		}
	}
	walk("")
	return out
}

type dbQueryer struct {
	db  reader
	ctx context.Context
}

func (q dbQueryer) Query(query string, args ...any) (*sql.Rows, error) {
	return q.db.QueryContext(q.ctx, query, args...)
}

// Code finds one code by path, name or id.
func (s *Store) Code(ctx context.Context, ref string) (Code, error) {
	cb, err := loadCodebook(dbQueryer{s.rd, ctx})
	if err != nil {
		return Code{}, err
	}
	c, err := cb.resolve(ref)
	if err != nil {
		return Code{}, err
	}
	return *c, nil
}

// codeChange applies one edit to a code in a transaction and logs it with
// the code's state before and after.
func (s *Store) codeChange(ctx context.Context, ref string, kind event.Kind, edit func(tx *Tx, cb *codebook, c *Code) error) (Code, error) {
	var out Code
	err := s.InTx(ctx, func(tx *Tx) error {
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		c, err := cb.resolve(ref)
		if err != nil {
			return err
		}
		before := cb.snapshot(c.ID)
		if err := edit(tx, cb, c); err != nil {
			return err
		}
		cb, err = loadCodebook(tx)
		if err != nil {
			return err
		}
		out = *cb.byID[c.ID]
		return tx.Event(Change{Kind: kind, EntityID: c.ID, Before: before, After: cb.snapshot(c.ID)})
	})
	return out, err
}

// RenameCode gives a code a new name among its siblings.
func (s *Store) RenameCode(ctx context.Context, ref, newName string) (Code, error) {
	newName = strings.TrimSpace(newName)
	if err := validCodeName(newName); err != nil {
		return Code{}, err
	}
	return s.codeChange(ctx, ref, "code.renamed", func(tx *Tx, cb *codebook, c *Code) error {
		if sibling := findSibling(cb, c.ParentID, newName); sibling != nil && sibling.ID != c.ID {
			return fmt.Errorf("code %q already exists", sibling.Path)
		}
		_, err := tx.Exec(`UPDATE codes SET name = ? WHERE id = ?`, newName, c.ID)
		return err
	})
}

func findSibling(cb *codebook, parentID, name string) *Code {
	for i := range cb.codes {
		if c := &cb.codes[i]; !c.Retired && c.ParentID == parentID && c.Name == name {
			return c
		}
	}
	return nil
}

// CodeDescription holds the fields `code describe` may change; nil leaves
// a field as it is.
type CodeDescription struct {
	Definition, WhenToUse, WhenNotToUse, Example, Color *string
}

// DescribeCode changes a code's definition, criteria, example or colour.
func (s *Store) DescribeCode(ctx context.Context, ref string, d CodeDescription) (Code, error) {
	return s.codeChange(ctx, ref, "code.described", func(tx *Tx, _ *codebook, c *Code) error {
		set := func(col string, v *string) error {
			if v == nil {
				return nil
			}
			_, err := tx.Exec(`UPDATE codes SET `+col+` = ? WHERE id = ?`, strings.TrimSpace(*v), c.ID)
			return err
		}
		for col, v := range map[string]*string{"definition": d.Definition, "when_to_use": d.WhenToUse, "when_not_to_use": d.WhenNotToUse, "example": d.Example, "color": d.Color} {
			if err := set(col, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// MoveCode puts a code under another parent ("" for the top level).
func (s *Store) MoveCode(ctx context.Context, ref, parentRef string) (Code, error) {
	return s.codeChange(ctx, ref, "code.moved", func(tx *Tx, cb *codebook, c *Code) error {
		parentID := ""
		if strings.Trim(parentRef, "/ ") != "" {
			p, err := cb.resolve(parentRef)
			if err != nil {
				return err
			}
			for id := p.ID; id != ""; id = cb.byID[id].ParentID {
				if id == c.ID {
					return fmt.Errorf("cannot move %s under itself or its own child %s", c.Path, p.Path)
				}
			}
			parentID = p.ID
		}
		if sibling := findSibling(cb, parentID, c.Name); sibling != nil && sibling.ID != c.ID {
			return fmt.Errorf("code %q already exists there; rename one first", sibling.Path)
		}
		_, err := tx.Exec(`UPDATE codes SET parent_id = nullif(?, '') WHERE id = ?`, parentID, c.ID)
		return err
	})
}

// codingRef is the identity of a coding for events about many codings.
type codingRef struct {
	ID    string `json:"id"`
	Coder string `json:"coder"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// MergeCode re-points every coding of code `from` to code `into`, per coder
// (a coder's identical coding under both becomes one), moves `from`'s
// children under `into`, and retires `from`.
func (s *Store) MergeCode(ctx context.Context, fromRef, intoRef string) (Code, error) {
	var out Code
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = mergeCode(tx, fromRef, intoRef)
		return err
	})
	return out, err
}

// mergeCode merges inside a transaction (MergeCode, and redo).
func mergeCode(tx *Tx, fromRef, intoRef string) (Code, error) {
	var out Code
	err := func() error {
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		from, err := cb.resolve(fromRef)
		if err != nil {
			return err
		}
		into, err := cb.resolve(intoRef)
		if err != nil {
			return err
		}
		if from.ID == into.ID {
			return errors.New("a code cannot be merged into itself")
		}
		for id := into.ParentID; id != ""; id = cb.byID[id].ParentID {
			if id == from.ID {
				return fmt.Errorf("cannot merge %s into its own child %s", from.Path, into.Path)
			}
		}
		beforeFrom, beforeInto := cb.snapshot(from.ID), cb.snapshot(into.ID)
		// A coder's coding under `from` that they also made under `into`
		// becomes one: the duplicate is deleted, and kept in full in the
		// event so that undo can put it back.
		kept := map[string]string{} // duplicate's id → id of the coding of `into` that stays
		rows, err := tx.Query(`SELECT g.id, h.id FROM codings g JOIN codings h ON h.code_id = ? AND h.coder_id = g.coder_id
			AND h.source_id = g.source_id AND h.start = g.start AND h.end = g.end WHERE g.code_id = ?`, into.ID, from.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var dup, keep string
			if err := rows.Scan(&dup, &keep); err != nil {
				rows.Close()
				return err
			}
			kept[dup] = keep
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		all, err := codingRowsOf(tx, `g.code_id = ?`, from.ID)
		if err != nil {
			return err
		}
		var moved []codingRef
		var dropped []codingRow
		for _, r := range all {
			if keep, dup := kept[r.ID]; dup {
				r.KeptID = keep
				dropped = append(dropped, r)
			} else {
				moved = append(moved, r.codingRef)
			}
		}
		var children []string
		for _, child := range cb.codes {
			if child.ParentID == from.ID {
				children = append(children, child.ID)
			}
		}
		themes, err := themesOfCode(tx, from.ID, into.ID)
		if err != nil {
			return err
		}
		for _, r := range dropped {
			if _, err := tx.Exec(`DELETE FROM codings WHERE id = ?`, r.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE codings SET code_id = ? WHERE code_id = ?`, into.ID, from.ID); err != nil {
			return err
		}
		for _, child := range cb.codes {
			if child.ParentID == from.ID && !child.Retired {
				if clash := findSibling(cb, into.ID, child.Name); clash != nil {
					return fmt.Errorf("both codes have a child named %q; merge or rename those first", child.Name)
				}
			}
		}
		if _, err := tx.Exec(`UPDATE codes SET parent_id = ? WHERE parent_id = ?`, into.ID, from.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT OR IGNORE INTO theme_codes(theme_id, code_id) SELECT theme_id, ? FROM theme_codes WHERE code_id = ?`, into.ID, from.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM theme_codes WHERE code_id = ?`, from.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE codes SET retired_at = ?, merged_into = ? WHERE id = ?`, tx.now, into.ID, from.ID); err != nil {
			return err
		}
		cb, err = loadCodebook(tx)
		if err != nil {
			return err
		}
		out = *cb.byID[into.ID]
		// Besides what history shows, the event keeps all that undo needs
		// to reverse the merge exactly (see undoCodeMerged).
		children, themes = nonNil(children), nonNil(themes)
		return tx.Event(Change{Kind: event.CodeMerged, EntityID: from.ID,
			Before: map[string]any{"from": beforeFrom, "into": beforeInto},
			After: mergedCode{From: cb.snapshot(from.ID), Into: cb.snapshot(into.ID), Moved: nonNil(moved), MergedDuplicates: nonNil(dropped),
				ChildrenMoved: &children, ThemesMoved: &themes, RetiredAt: tx.now, WasRetiredAt: from.RetiredAt}})
	}()
	return out, err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// SplitCode moves chosen codings of a code to a new code (a sibling by
// default) that records where it was split from.
func (s *Store) SplitCode(ctx context.Context, fromRef, newPath string, codingIDs []string) (Code, error) {
	if len(codingIDs) == 0 {
		return Code{}, errors.New("name the codings to move with --coding ID (see `focal coding list --code CODE`)")
	}
	var out Code
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = splitCode(tx, fromRef, newPath, codingIDs)
		return err
	})
	return out, err
}

// splitCode splits inside a transaction (SplitCode, and redo).
func splitCode(tx *Tx, fromRef, newPath string, codingIDs []string) (Code, error) {
	var out Code
	err := func() error {
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		from, err := cb.resolve(fromRef)
		if err != nil {
			return err
		}
		if !strings.Contains(strings.Trim(newPath, "/"), "/") && from.ParentID != "" {
			newPath = cb.path(from.ParentID) + "/" + strings.Trim(newPath, "/ ")
		}
		if _, err := cb.resolve(newPath); err == nil {
			return fmt.Errorf("code %q already exists; use `focal code merge` or pick a new name", newPath)
		}
		code, _, err := ensureCodePath(tx, cb, newPath, NewCode{}, "", true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE codes SET split_from = ? WHERE id = ?`, from.ID, code.ID); err != nil {
			return err
		}
		var moved []codingRef
		for _, id := range codingIDs {
			var r codingRef
			var codeID string
			err := tx.QueryRow(`SELECT g.id, k.name, g.start, g.end, g.code_id FROM codings g JOIN coders k ON k.id = g.coder_id WHERE g.id = ? OR g.id LIKE ? || '%'`, id, id).
				Scan(&r.ID, &r.Coder, &r.Start, &r.End, &codeID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no coding %s", id)
			}
			if err != nil {
				return err
			}
			if codeID != from.ID {
				return fmt.Errorf("coding %s is not coded with %s", id, from.Path)
			}
			if _, err := tx.Exec(`UPDATE codings SET code_id = ? WHERE id = ?`, code.ID, r.ID); err != nil {
				return err
			}
			moved = append(moved, r)
		}
		cb, err = loadCodebook(tx)
		if err != nil {
			return err
		}
		out = *cb.byID[code.ID]
		return tx.Event(Change{Kind: event.CodeSplit, EntityID: code.ID,
			Before: map[string]any{"from": cb.snapshot(from.ID)},
			After:  map[string]any{"from": cb.snapshot(from.ID), "new": cb.snapshot(code.ID), "moved": moved}})
	}()
	return out, err
}

// RetireCode takes a code out of the active codebook. A code in use is
// refused unless its codings are re-pointed (mergeInto) or removed
// (removeCodings).
func (s *Store) RetireCode(ctx context.Context, ref, mergeInto string, removeCodings bool) (Code, error) {
	if mergeInto != "" {
		return s.MergeCode(ctx, ref, mergeInto)
	}
	var out Code
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = retireCode(tx, ref, removeCodings)
		return err
	})
	return out, err
}

// retireCode retires inside a transaction (RetireCode, and redo).
func retireCode(tx *Tx, ref string, removeCodings bool) (Code, error) {
	var out Code
	err := func() error {
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		c, err := cb.resolve(ref)
		if err != nil {
			return err
		}
		before := cb.snapshot(c.ID)
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM codings WHERE code_id = ?`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 && !removeCodings {
			return fmt.Errorf("code %s has %d codings; retire it with --into CODE to move them, or --remove-codings to delete them", c.Path, n)
		}
		for _, child := range cb.codes {
			if child.ParentID == c.ID && !child.Retired {
				return fmt.Errorf("code %s has child codes (%s, …); move or retire them first", c.Path, child.Name)
			}
		}
		if n > 0 {
			// Kept in full, with what is deleted along with them, so that
			// undo can put them back.
			removed, err := codingRowsOf(tx, `g.code_id = ?`, c.ID)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`DELETE FROM codings WHERE code_id = ?`, c.ID); err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.CodingRemovedWithCode, EntityID: c.ID, Before: removed}); err != nil {
				return err
			}
		}
		themes, err := themesOfCode(tx, c.ID, "")
		if err != nil {
			return err
		}
		themes = nonNil(themes)
		if _, err := tx.Exec(`DELETE FROM theme_codes WHERE code_id = ?`, c.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE codes SET retired_at = ? WHERE id = ?`, tx.now, c.ID); err != nil {
			return err
		}
		wasRetiredAt := c.RetiredAt
		cb, err = loadCodebook(tx)
		if err != nil {
			return err
		}
		out = *cb.byID[c.ID]
		return tx.Event(Change{Kind: event.CodeRetired, EntityID: c.ID,
			Before: retiredCodeBefore{CodeSnapshot: before, Themes: &themes},
			After:  retiredCodeAfter{CodeSnapshot: cb.snapshot(c.ID), RetiredAt: tx.now, WasRetiredAt: wasRetiredAt}})
	}()
	return out, err
}

// codingsOf returns refs of the codings matching a condition on g.
func codingsOf(tx *Tx, where string, args ...any) ([]codingRef, error) {
	rows, err := tx.Query(`SELECT g.id, k.name, g.start, g.end FROM codings g JOIN coders k ON k.id = g.coder_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []codingRef
	for rows.Next() {
		var r codingRef
		if err := rows.Scan(&r.ID, &r.Coder, &r.Start, &r.End); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CodebookVersion is a named snapshot of the codebook.
type CodebookVersion struct {
	Name      string                  `json:"name"`
	Note      string                  `json:"note"`
	CreatedAt string                  `json:"created_at"`
	CreatedBy string                  `json:"created_by"`
	Codes     int                     `json:"codes"`
	Snapshot  coding.CodebookSnapshot `json:"-"`
}

// FreezeCodebook saves the current codebook as a named version.
func (s *Store) FreezeCodebook(ctx context.Context, name, note string) (CodebookVersion, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return CodebookVersion{}, errors.New("a codebook version needs a name, e.g. v1")
	}
	var v CodebookVersion
	err := s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM codebook_versions WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("codebook version %q already exists; versions are never overwritten, choose a new name", name)
		}
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		snap := cb.Snapshot()
		body, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		id := uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO codebook_versions(id, name, note, created_at, created_by, snapshot) VALUES (?, ?, ?, ?, ?, ?)`,
			id, name, note, tx.now, tx.actor, string(body)); err != nil {
			return err
		}
		v = CodebookVersion{Name: name, Note: note, CreatedAt: tx.now, CreatedBy: tx.actor, Codes: activeCount(snap), Snapshot: snap}
		return tx.Event(Change{Kind: event.CodebookFrozen, EntityID: id, After: map[string]any{"name": name, "note": note, "codes": v.Codes}})
	})
	return v, err
}

func activeCount(snap coding.CodebookSnapshot) int {
	n := 0
	for _, c := range snap.Codes {
		if !c.Retired {
			n++
		}
	}
	return n
}

// CodebookVersions lists the frozen versions, oldest first.
func (s *Store) CodebookVersions(ctx context.Context) ([]CodebookVersion, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT name, note, created_at, created_by, snapshot FROM codebook_versions ORDER BY created_at, rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CodebookVersion
	for rows.Next() {
		var v CodebookVersion
		var body string
		if err := rows.Scan(&v.Name, &v.Note, &v.CreatedAt, &v.CreatedBy, &body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(body), &v.Snapshot); err != nil {
			return nil, fmt.Errorf("codebook version %s is damaged: %w", v.Name, err)
		}
		v.Codes = activeCount(v.Snapshot)
		out = append(out, v)
	}
	return out, rows.Err()
}

// CodebookVersion finds a frozen version by name.
func (s *Store) CodebookVersion(ctx context.Context, name string) (CodebookVersion, error) {
	versions, err := s.CodebookVersions(ctx)
	if err != nil {
		return CodebookVersion{}, err
	}
	var names []string
	for _, v := range versions {
		if v.Name == name {
			return v, nil
		}
		names = append(names, v.Name)
	}
	if len(names) == 0 {
		return CodebookVersion{}, fmt.Errorf("no codebook version %q: none frozen yet (`focal codebook freeze v1`)", name)
	}
	return CodebookVersion{}, fmt.Errorf("no codebook version %q (there are: %s)", name, strings.Join(names, ", "))
}

// CurrentCodebook is the codebook as it stands now.
func (s *Store) CurrentCodebook(ctx context.Context) (coding.CodebookSnapshot, error) {
	cb, err := loadCodebook(dbQueryer{s.rd, ctx})
	if err != nil {
		return coding.CodebookSnapshot{}, err
	}
	return cb.Snapshot(), nil
}

// CodebookAt rebuilds the codebook as it stood at a moment (an RFC 3339
// time or date) by replaying the code events up to then.
func (s *Store) CodebookAt(ctx context.Context, at string) (coding.CodebookSnapshot, error) {
	events, err := s.Events(ctx, "", "code.", 0)
	if err != nil {
		return coding.CodebookSnapshot{}, err
	}
	undone, err := s.undoneBy(ctx, at)
	if err != nil {
		return coding.CodebookSnapshot{}, err
	}
	state := map[string]coding.CodeSnapshot{}
	var order []string
	put := func(raw any) {
		var c coding.CodeSnapshot
		if b, ok := raw.(json.RawMessage); ok && json.Unmarshal(b, &c) == nil && c.ID != "" {
			if _, seen := state[c.ID]; !seen {
				order = append(order, c.ID)
			}
			state[c.ID] = c
		}
	}
	for _, e := range events {
		if e.At > at {
			break
		}
		if undone[e.Seq] {
			continue
		}
		switch e.Kind {
		case event.CodeMerged, event.CodeSplit:
			var parts map[string]json.RawMessage
			if json.Unmarshal(e.After, &parts) == nil {
				for _, key := range []string{"from", "into", "new"} {
					if p, ok := parts[key]; ok {
						put(p)
					}
				}
				// A merge moves the merged code's children, which have no
				// event of their own; older merges did not list them.
				var children []string
				var into coding.CodeSnapshot
				if json.Unmarshal(parts["children_moved"], &children) == nil && json.Unmarshal(parts["into"], &into) == nil {
					for _, id := range children {
						if c, ok := state[id]; ok {
							c.ParentID = into.ID
							state[id] = c
						}
					}
				}
			}
		default:
			put(e.After)
		}
	}
	// Paths are recomputed because renaming a parent renames its children's
	// paths without an event of their own.
	snap := coding.CodebookSnapshot{}
	for _, id := range order {
		c := state[id]
		var parts []string
		for p, n := id, 0; p != "" && n < 1000; p, n = state[p].ParentID, n+1 {
			parts = append([]string{state[p].Name}, parts...)
		}
		c.Path = strings.Join(parts, "/")
		snap.Codes = append(snap.Codes, c)
	}
	return snap, nil
}

// undoneBy returns the events that undo had reversed by a moment, so that
// a replay of the log leaves them out.
func (s *Store) undoneBy(ctx context.Context, at string) (map[int64]bool, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT coalesce(after, '') FROM events WHERE kind = 'undo' AND at <= ? ORDER BY seq`, at)
	if err != nil {
		return nil, err
	}
	type undo struct {
		Action string   `json:"action"`
		Kinds  []string `json:"kinds"`
		Events *[]int64 `json:"events"`
	}
	var undos []undo
	for rows.Next() {
		var after string
		if err := rows.Scan(&after); err != nil {
			rows.Close()
			return nil, err
		}
		var u undo
		if json.Unmarshal([]byte(after), &u) == nil {
			undos = append(undos, u)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, u := range undos {
		if u.Events != nil {
			for _, seq := range *u.Events {
				out[seq] = true
			}
			continue
		}
		// An older undo names only the kinds it reversed.
		kinds := map[string]bool{}
		for _, k := range u.Kinds {
			kinds[k] = true
		}
		evs, err := s.rd.QueryContext(ctx, `SELECT seq, kind FROM events WHERE action = ? AND action <> ''`, u.Action)
		if err != nil {
			return nil, err
		}
		for evs.Next() {
			var seq int64
			var kind string
			if err := evs.Scan(&seq, &kind); err != nil {
				evs.Close()
				return nil, err
			}
			if kinds[kind] {
				out[seq] = true
			}
		}
		evs.Close()
		if err := evs.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
