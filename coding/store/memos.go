package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// The kinds of thing a memo can be written on.
const (
	MemoOnProject = "project"
	MemoOnSource  = "source"
	MemoOnTurn    = "turn"
	MemoOnCode    = "code"
	MemoOnCoding  = "coding"
	MemoOnTheme   = "theme"
)

// MemoTarget names what a memo is about, the way a researcher types it.
type MemoTarget struct {
	// Kind is one of the MemoOn… kinds; "" means the project.
	Kind string
	// Ref names the thing: a source name, "SOURCE:SEQ" for a turn, a code
	// path, a coding id (or a prefix of at least 4 characters) or a theme
	// path. It is empty for the project.
	Ref string
}

// MemoFilter narrows a memo listing; empty fields match everything.
type MemoFilter struct {
	// Viewer is the acting coder, for blinding.
	Viewer string
	// Kind keeps memos on one kind of thing (a MemoOn… kind).
	Kind string
	// Target keeps the memos on one thing; it overrides Kind when set.
	Target *MemoTarget
	// Author keeps one coder's memos.
	Author string
}

// ErrMemoNeedsText is returned when a memo's text is empty.
var ErrMemoNeedsText = errors.New("a memo needs some text")

// cleanMemoBody keeps the Markdown as written but drops the blank lines
// and trailing whitespace editors leave around it, so an untouched editor
// session compares equal to the stored text.
func cleanMemoBody(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.TrimRight(body, " \t\n")
	for {
		line, rest, found := strings.Cut(body, "\n")
		if !found || strings.TrimSpace(line) != "" {
			return body
		}
		body = rest
	}
}

// memoTargetRow is a resolved target: what is stored and how to show it.
type memoTargetRow struct {
	kind, id, label string
	codingCoderID   string // for coding targets: whose coding it is
}

// resolveMemoTarget finds the thing a memo is about.
func resolveMemoTarget(tx memoReader, t MemoTarget) (memoTargetRow, error) {
	ref := strings.TrimSpace(t.Ref)
	kind := t.Kind
	if kind == "" {
		kind = MemoOnProject
	}
	switch kind {
	case MemoOnProject:
		if ref != "" {
			return memoTargetRow{}, fmt.Errorf("a project memo names no target, but %q was given", ref)
		}
		return memoTargetRow{kind: kind}, nil
	case MemoOnSource:
		var id, name string
		err := tx.QueryRow(`SELECT id, name FROM sources WHERE name = ? OR id = ?`, ref, ref).Scan(&id, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return memoTargetRow{}, fmt.Errorf("no source named %q (see `focal source list`): %w", ref, ErrNotFound)
		}
		return memoTargetRow{kind: kind, id: id, label: name}, err
	case MemoOnTurn:
		source, seqText, ok := cutLast(ref, ":")
		seq, err := strconv.Atoi(seqText)
		if !ok || err != nil || source == "" {
			return memoTargetRow{}, fmt.Errorf("turn %q: name a turn as SOURCE:SEQ, e.g. fg01:12", ref)
		}
		var id, name string
		err = tx.QueryRow(`SELECT id, name FROM sources WHERE name = ? OR id = ?`, source, source).Scan(&id, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return memoTargetRow{}, fmt.Errorf("no source named %q (see `focal source list`): %w", source, ErrNotFound)
		}
		if err != nil {
			return memoTargetRow{}, err
		}
		var turnID string
		err = tx.QueryRow(`SELECT id FROM turns WHERE source_id = ? AND seq = ?`, id, seq).Scan(&turnID)
		if errors.Is(err, sql.ErrNoRows) {
			return memoTargetRow{}, fmt.Errorf("%s has no turn %d (see `focal source show %s`): %w", name, seq, name, ErrNotFound)
		}
		return memoTargetRow{kind: kind, id: turnID, label: fmt.Sprintf("%s:%d", name, seq)}, err
	case MemoOnCode:
		cb, err := loadCodebook(tx)
		if err != nil {
			return memoTargetRow{}, err
		}
		c, err := cb.resolve(ref)
		if err != nil {
			return memoTargetRow{}, err
		}
		return memoTargetRow{kind: kind, id: c.ID, label: c.Path}, nil
	case MemoOnCoding:
		id, coderID, err := findCodingOwner(tx, ref)
		if err != nil {
			return memoTargetRow{}, err
		}
		return memoTargetRow{kind: kind, id: id, label: shortID(id), codingCoderID: coderID}, nil
	case MemoOnTheme:
		tt, err := loadThemeTree(tx)
		if err != nil {
			return memoTargetRow{}, err
		}
		th, err := tt.resolve(ref)
		if err != nil {
			return memoTargetRow{}, err
		}
		return memoTargetRow{kind: kind, id: th.ID, label: th.Path}, nil
	}
	return memoTargetRow{}, fmt.Errorf("a memo can be on the project, a source, a turn, a code, a coding or a theme, not %q", kind)
}

// findCodingOwner finds a coding by id or unique id prefix (at least 4
// characters) and says whose it is.
func findCodingOwner(q memoReader, ref string) (id, coderID string, err error) {
	if len(ref) < 4 {
		return "", "", fmt.Errorf("coding id %q is too short; give at least 4 characters", ref)
	}
	rows, err := q.Query(`SELECT id, coder_id FROM codings WHERE id = ? OR id LIKE ? || '%' LIMIT 2`, ref, likePrefix(ref))
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&id, &coderID); err != nil {
			return "", "", err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return "", "", err
	}
	switch n {
	case 0:
		return "", "", fmt.Errorf("no coding %s (see `focal coding list`): %w", ref, ErrNotFound)
	case 1:
		return id, coderID, nil
	}
	return "", "", fmt.Errorf("coding id %s is ambiguous; give more characters", ref)
}

// likePrefix drops LIKE's wildcards from an id prefix typed by a person.
func likePrefix(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// memoEventData is what the log keeps of a memo: enough to restore it.
func memoEventData(m Memo, authorID string) map[string]any {
	return map[string]any{"id": m.ID, "target_kind": m.TargetKind, "target_id": m.TargetID, "target": m.Target,
		"author": m.Author, "author_id": authorID, "title": m.Title, "body": m.Body, "created_at": m.CreatedAt, "updated_at": m.UpdatedAt}
}

// AddMemo writes a memo by the acting coder on target. While blinding is
// on, a coder may write memos only on their own codings.
func (s *Store) AddMemo(ctx context.Context, target MemoTarget, title, body string) (Memo, error) {
	title = strings.TrimSpace(title)
	body = cleanMemoBody(body)
	if body == "" {
		return Memo{}, ErrMemoNeedsText
	}
	if strings.ContainsAny(title, "\r\n") {
		return Memo{}, errors.New("a memo title is one line; put the rest in the text")
	}
	var m Memo
	err := s.InTx(ctx, func(tx *Tx) error {
		author, err := actingCoder(tx)
		if err != nil {
			return err
		}
		t, err := resolveMemoTarget(tx, target)
		if err != nil {
			return err
		}
		if t.kind == MemoOnCoding && t.codingCoderID != author.ID {
			b, err := blindingIn(tx)
			if err != nil {
				return err
			}
			if b.On {
				return fmt.Errorf("coding %s is not yours, and blind coding is on: you can write memos only on your own codings (a memo on its code or source is shared)", t.label)
			}
		}
		m = Memo{ID: uuid.NewString(), TargetKind: t.kind, TargetID: t.id, Target: t.label, Author: author.Name,
			Title: title, Body: body, CreatedAt: tx.now, UpdatedAt: tx.now}
		if _, err := tx.Exec(`INSERT INTO memos(id, target_kind, target_id, author, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.TargetKind, m.TargetID, author.ID, m.Title, m.Body, m.CreatedAt, m.UpdatedAt); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.MemoAdded, EntityID: m.ID, After: memoEventData(m, author.ID)})
	})
	return m, err
}

// memoReader is what reading memos needs, inside or outside a transaction.
type memoReader interface {
	Query(string, ...any) (*sql.Rows, error)
	QueryRow(string, ...any) *sql.Row
}

// dbReader reads from the database outside any transaction.
type dbReader struct {
	db  reader
	ctx context.Context
}

func (r dbReader) Query(query string, args ...any) (*sql.Rows, error) {
	return r.db.QueryContext(r.ctx, query, args...)
}

func (r dbReader) QueryRow(query string, args ...any) *sql.Row {
	return r.db.QueryRowContext(r.ctx, query, args...)
}

// memoVisibility is the SQL condition (on memos m and codings g) that hides
// memos on codings under blinding: there a memo on a coding is visible only
// to its author, and only when the coding is the author's own.
func memoVisibility(q memoReader, viewer string) (string, []any, error) {
	b, err := blindingIn(q)
	if err != nil {
		return "", nil, err
	}
	if !b.On {
		return "1=1", nil, nil
	}
	if viewer == "" {
		return "m.target_kind <> 'coding'", nil, nil
	}
	c, err := findCoder(q, viewer)
	if err != nil {
		return "", nil, err
	}
	return "(m.target_kind <> 'coding' OR (m.author = ? AND (g.coder_id IS NULL OR g.coder_id = ?)))", []any{c.ID, c.ID}, nil
}

// selectMemos lists the memos matching where (on m), in the order written,
// with readable targets. Under blinding, the viewer's hidden memos are left
// out before anything else, so an id prefix cannot reveal them.
func selectMemos(q memoReader, viewer, where string, args ...any) ([]Memo, error) {
	visible, vargs, err := memoVisibility(q, viewer)
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(`SELECT m.id, m.target_kind, m.target_id, coalesce(k.name, m.author), m.title, m.body, m.created_at, m.updated_at,
			coalesce(s.name, ts.name, ''), coalesce(t.seq, 0)
		FROM memos m
		LEFT JOIN coders k ON k.id = m.author
		LEFT JOIN sources s ON m.target_kind = 'source' AND s.id = m.target_id
		LEFT JOIN turns t ON m.target_kind = 'turn' AND t.id = m.target_id
		LEFT JOIN sources ts ON ts.id = t.source_id
		LEFT JOIN codings g ON m.target_kind = 'coding' AND g.id = m.target_id
		WHERE `+visible+` AND `+where+` ORDER BY m.created_at, m.rowid`, append(vargs, args...)...)
	if err != nil {
		return nil, err
	}
	var out []Memo
	for rows.Next() {
		var m Memo
		var sourceName string
		var seq int
		if err := rows.Scan(&m.ID, &m.TargetKind, &m.TargetID, &m.Author, &m.Title, &m.Body, &m.CreatedAt, &m.UpdatedAt, &sourceName, &seq); err != nil {
			rows.Close()
			return nil, err
		}
		switch m.TargetKind {
		case MemoOnSource:
			m.Target = sourceName
		case MemoOnTurn:
			if sourceName != "" {
				m.Target = fmt.Sprintf("%s:%d", sourceName, seq)
			}
		case MemoOnCoding:
			m.Target = shortID(m.TargetID)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, labelMemoTargets(q, out)
}

// labelMemoTargets names the codes and themes memos are on by their paths,
// loading the codebook and the themes only when needed.
func labelMemoTargets(q memoReader, memos []Memo) error {
	var cb *codebook
	var tt *themeTree
	for i := range memos {
		m := &memos[i]
		switch m.TargetKind {
		case MemoOnCode:
			if cb == nil {
				var err error
				if cb, err = loadCodebook(q); err != nil {
					return err
				}
			}
			if c := cb.byID[m.TargetID]; c != nil {
				m.Target = c.Path
			}
		case MemoOnTheme:
			if tt == nil {
				var err error
				if tt, err = loadThemeTree(q); err != nil {
					return err
				}
			}
			if th := tt.byID[m.TargetID]; th != nil {
				m.Target = th.Path
			}
		}
	}
	return nil
}

// Memos lists memos in the order they were written. While blinding is on,
// memos on codings are listed only for the coder whose coding and memo they
// are; asking for coding memos without naming the viewer is refused.
func (s *Store) Memos(ctx context.Context, f MemoFilter) ([]Memo, error) {
	q := dbReader{s.rd, ctx}
	where := []string{"1=1"}
	var args []any
	kind := f.Kind
	switch {
	case f.Target != nil:
		t, err := resolveMemoTarget(q, *f.Target)
		if err != nil {
			return nil, err
		}
		kind = t.kind
		where = append(where, "m.target_kind = ? AND m.target_id = ?")
		args = append(args, t.kind, t.id)
	case f.Kind != "":
		if !validMemoKind(f.Kind) {
			return nil, fmt.Errorf("no memo kind %q: choose project, source, turn, code, coding or theme", f.Kind)
		}
		where = append(where, "m.target_kind = ?")
		args = append(args, f.Kind)
	}
	if kind == MemoOnCoding && f.Viewer == "" {
		b, err := blindingIn(q)
		if err != nil {
			return nil, err
		}
		if b.On {
			return nil, fmt.Errorf("blind coding is on, so you see only your own coding memos: %w", ErrNoCoder)
		}
	}
	if f.Author != "" {
		c, err := findCoder(q, f.Author)
		if err != nil {
			return nil, err
		}
		where = append(where, "m.author = ?")
		args = append(args, c.ID)
	}
	return selectMemos(q, f.Viewer, strings.Join(where, " AND "), args...)
}

func validMemoKind(kind string) bool {
	switch kind {
	case MemoOnProject, MemoOnSource, MemoOnTurn, MemoOnCode, MemoOnCoding, MemoOnTheme:
		return true
	}
	return false
}

// findMemo finds one memo the viewer may see by id or by a unique id
// prefix of at least 4 characters.
func findMemo(q memoReader, viewer, ref string) (Memo, error) {
	ref = strings.TrimSpace(ref)
	if len(ref) < 4 {
		return Memo{}, fmt.Errorf("memo id %q is too short; give at least 4 characters (see `focal memo list`)", ref)
	}
	found, err := selectMemos(q, viewer, "(m.id = ? OR m.id LIKE ? || '%')", ref, likePrefix(ref))
	if err != nil {
		return Memo{}, err
	}
	for _, m := range found {
		if m.ID == ref {
			return m, nil
		}
	}
	switch len(found) {
	case 0:
		return Memo{}, fmt.Errorf("no memo %s (see `focal memo list`): %w", ref, ErrNotFound)
	case 1:
		return found[0], nil
	default:
		return Memo{}, fmt.Errorf("memo id %s is ambiguous (%d memos start with it); give more characters", ref, len(found))
	}
}

// Memo finds one memo the viewer may see by id or by a unique id prefix of
// at least 4 characters.
func (s *Store) Memo(ctx context.Context, viewer, ref string) (Memo, error) {
	return findMemo(dbReader{s.rd, ctx}, viewer, ref)
}

// EditMemo replaces the text of one of the acting coder's memos. Only the
// author may edit a memo. changed is false, and nothing is logged, when
// the new text equals the old.
func (s *Store) EditMemo(ctx context.Context, ref, body string) (m Memo, changed bool, err error) {
	body = cleanMemoBody(body)
	if body == "" {
		return Memo{}, false, fmt.Errorf("%w; the memo is unchanged", ErrMemoNeedsText)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		author, err := actingCoder(tx)
		if err != nil {
			return err
		}
		m, err = findMemo(tx, author.Name, ref)
		if err != nil {
			return err
		}
		if m.Author != author.Name {
			return fmt.Errorf("memo %s is %s's; only its author can edit it (write your own with `focal memo add`)", shortID(m.ID), m.Author)
		}
		if m.Body == body {
			return nil
		}
		before := map[string]any{"body": m.Body, "updated_at": m.UpdatedAt}
		if _, err := tx.Exec(`UPDATE memos SET body = ?, updated_at = ? WHERE id = ?`, body, tx.now, m.ID); err != nil {
			return err
		}
		m.Body, m.UpdatedAt, changed = body, tx.now, true
		return tx.Event(Change{Kind: event.MemoEdited, EntityID: m.ID, Before: before,
			After: map[string]any{"body": body, "updated_at": tx.now, "target_kind": m.TargetKind, "target_id": m.TargetID}})
	})
	return m, changed, err
}
