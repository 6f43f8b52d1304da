package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// countCodings counts the codings of a source, every layer included.
func countCodings(tx *Tx, sourceID string) (int, error) {
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM codings WHERE source_id = ?`, sourceID).Scan(&n)
	return n, err
}

// removeSourceRows deletes a source; turns, speakers, units, codings and
// progress marks go with it (foreign keys cascade).
func removeSourceRows(tx *Tx, sourceID string) error {
	if _, err := tx.Exec(`DELETE FROM memos WHERE (target_kind = 'source' AND target_id = ?)
		OR (target_kind = 'turn' AND target_id IN (SELECT id FROM turns WHERE source_id = ?))
		OR (target_kind = 'coding' AND target_id IN (SELECT id FROM codings WHERE source_id = ?))`, sourceID, sourceID, sourceID); err != nil {
		return err
	}
	_, err := tx.Exec(`DELETE FROM sources WHERE id = ?`, sourceID)
	return err
}

// NewCoding is a span of a source to be coded.
type NewCoding struct {
	Source string // name or id
	Code   string // path, name or id; a new name creates the code
	Start  int    // code points, inclusive
	End    int    // code points, exclusive
	Memo   string
	// CodeDefinition is the definition of a code created in passing (a
	// new name in Code); it is ignored when the code exists.
	CodeDefinition string
	// NewCode says that a new name in Code is meant even though it
	// resembles an existing code's (the application core asks).
	NewCode bool
	// BeforeNewCode, when set, runs inside the transaction before a code
	// is created in passing, with the codebook as the transaction sees it;
	// an error refuses the coding. The application core checks a new
	// name there, without reading the codebook again.
	BeforeNewCode func(name string, codes []coding.CodeSnapshot) error
}

// AddCodingResult says what AddCoding did.
type AddCodingResult struct {
	Coding      Coding
	CreatedCode bool // the code did not exist and was created
	Existed     bool // the identical coding was already there (nothing changed)
}

// AddCoding codes a span for the acting coder in one transaction. Adding
// the identical coding twice changes nothing.
func (s *Store) AddCoding(ctx context.Context, nc NewCoding) (AddCodingResult, error) {
	var res AddCodingResult
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		cb, err := loadCodeTree(tx)
		if err != nil {
			return err
		}
		r, err := addCoding(tx, cb, coder, nc)
		res = r
		return err
	})
	return res, err
}

// addCoding adds one coding inside a transaction; cb is the codebook as
// loaded in that transaction, kept current when a code is created.
func addCoding(tx *Tx, cb *codebook, coder Coder, nc NewCoding) (AddCodingResult, error) {
	var res AddCodingResult
	var sourceID, sourceName string
	var chars int
	err := tx.QueryRow(`SELECT id, name, chars FROM sources WHERE name = ? OR id = ?`, nc.Source, nc.Source).Scan(&sourceID, &sourceName, &chars)
	if errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("no source named %q (see `focal source list`)", nc.Source)
	}
	if err != nil {
		return res, err
	}
	if nc.Start < 0 || nc.End > chars || nc.Start >= nc.End {
		return res, fmt.Errorf("range %d–%d is not inside %s (0–%d) or is empty", nc.Start, nc.End, sourceName, chars)
	}
	if nc.BeforeNewCode != nil {
		if _, err := cb.resolve(nc.Code); errors.Is(err, ErrNotFound) {
			snaps := make([]coding.CodeSnapshot, len(cb.codes))
			for i, c := range cb.codes {
				snaps[i] = c.CodeSnapshot
			}
			if err := nc.BeforeNewCode(nc.Code, snaps); err != nil {
				return res, err
			}
		}
	}
	code, created, err := ensureCodePath(tx, cb, nc.Code, NewCode{Definition: strings.TrimSpace(nc.CodeDefinition)}, coder.ID, false)
	if err != nil {
		return res, err
	}
	res.CreatedCode = created
	var existing string
	err = tx.QueryRow(`SELECT id FROM codings WHERE source_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?`,
		sourceID, code.ID, coder.ID, nc.Start, nc.End).Scan(&existing)
	if err == nil {
		res.Existed = true
		res.Coding = Coding{ID: existing, Source: sourceName, SourceID: sourceID, Coder: coder.Name, Code: code.Path, CodeID: code.ID, Start: nc.Start, End: nc.End}
		return res, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return res, err
	}
	c := Coding{ID: uuid.NewString(), Source: sourceName, SourceID: sourceID, Coder: coder.Name, Code: code.Path, CodeID: code.ID,
		Start: nc.Start, End: nc.End, Memo: strings.TrimSpace(nc.Memo), CreatedAt: tx.now}
	if _, err := tx.Exec(`INSERT INTO codings(id, source_id, code_id, coder_id, start, end, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, sourceID, code.ID, coder.ID, c.Start, c.End, c.Memo, tx.now); err != nil {
		return res, err
	}
	res.Coding = c
	if err := markConsensusStale(tx, coder, sourceID, code.ID, corpus.Span{Start: c.Start, End: c.End}, "added"); err != nil {
		return res, err
	}
	return res, tx.Event(Change{Kind: event.CodingAdded, EntityID: c.ID, After: codingEventData(c)})
}

// codingEventData is what the log keeps of a coding: enough to restore it.
func codingEventData(c Coding) event.CodingRecord {
	return event.CodingRecord{ID: c.ID, SourceID: c.SourceID, Source: c.Source, CodeID: c.CodeID, Code: c.Code,
		Coder: c.Coder, Start: c.Start, End: c.End, Memo: c.Memo}
}

// CodingFilter narrows a coding listing; empty fields match everything.
type CodingFilter struct {
	Viewer  string // acting coder, for blinding
	Source  string
	Code    string // includes the code's descendants when Subtree is set
	Subtree bool
	Coder   string
	Flagged bool
}

// Codings lists codings in transcript order with their text, turn and
// speaker. Under blinding the viewer sees only their own.
func (s *Store) Codings(ctx context.Context, f CodingFilter) ([]Coding, error) {
	visible, err := s.visibleCoder(ctx, f.Viewer)
	if err != nil {
		return nil, err
	}
	where := []string{"1=1"}
	var args []any
	if visible != "" {
		where = append(where, "g.coder_id = ?")
		args = append(args, visible)
	}
	if f.Source != "" {
		src, err := s.Source(ctx, f.Source)
		if err != nil {
			return nil, err
		}
		where = append(where, "g.source_id = ?")
		args = append(args, src.ID)
	}
	cb, err := loadCodebook(dbQueryer{s.rd, ctx})
	if err != nil {
		return nil, err
	}
	if f.Code != "" {
		code, err := cb.resolve(f.Code)
		if err != nil {
			return nil, err
		}
		ids := []string{code.ID}
		if f.Subtree {
			ids = descendants(cb, code.ID)
		}
		where = append(where, "g.code_id IN ("+placeholders(len(ids))+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if f.Coder != "" {
		c, err := s.Coder(ctx, f.Coder)
		if err != nil {
			return nil, err
		}
		if visible != "" && c.ID != visible {
			return nil, fmt.Errorf("blind coding is on: you can list only your own codings, not %s's", c.Name)
		}
		where = append(where, "g.coder_id = ?")
		args = append(args, c.ID)
	}
	if f.Flagged {
		where = append(where, "g.flagged <> ''")
	}
	// Without a source or a code to look up, reading the whole table in
	// its order and sorting is about twice as fast on a large project as
	// walking the source index, which fetches every row from a different
	// place in the file.
	scan := ""
	if f.Source == "" && f.Code == "" {
		scan = " NOT INDEXED"
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT g.id, g.source_id, s.name, k.name, g.code_id, g.start, g.end, g.memo, g.flagged, g.created_at
		FROM codings g`+scan+` JOIN sources s ON s.id = g.source_id JOIN coders k ON k.id = g.coder_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY s.grp, s.name, g.start, g.end, k.name`, args...)
	if err != nil {
		return nil, err
	}
	var out []Coding
	for rows.Next() {
		var c Coding
		if err := rows.Scan(&c.ID, &c.SourceID, &c.Source, &c.Coder, &c.CodeID, &c.Start, &c.End, &c.Memo, &c.Flagged, &c.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		if code := cb.byID[c.CodeID]; code != nil {
			c.Code = code.Path
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.fillCodingContext(ctx, out)
}

// fillCodingContext adds text, turn and speaker, reading each source once.
func (s *Store) fillCodingContext(ctx context.Context, codings []Coding) error {
	type sourceView struct {
		idx   *corpus.PositionIndex
		turns []Turn
	}
	views := map[string]*sourceView{}
	for i := range codings {
		c := &codings[i]
		v := views[c.SourceID]
		if v == nil {
			text, err := s.SourceText(ctx, c.SourceID)
			if err != nil {
				return err
			}
			turns, err := s.Turns(ctx, c.SourceID)
			if err != nil {
				return err
			}
			v = &sourceView{idx: corpus.NewPositionIndex(text), turns: turns}
			views[c.SourceID] = v
		}
		if text, err := v.idx.Slice(corpus.Span{Start: c.Start, End: c.End}); err == nil {
			c.Text = text
		}
		// The turn is the one in which the coding starts (a coding may span turns).
		k := sort.Search(len(v.turns), func(k int) bool { return v.turns[k].End > c.Start })
		if k < len(v.turns) {
			t := v.turns[k]
			c.Turn, c.Speaker, c.Participant = t.Seq, t.Speaker, t.Participant
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func descendants(cb *codebook, id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		for _, c := range cb.codes {
			if c.ParentID == out[i] {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

// RemoveCoding deletes one of the acting coder's codings (by id or a
// unique id prefix).
func (s *Store) RemoveCoding(ctx context.Context, id string) (Coding, error) {
	var removed Coding
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		c, err := findCoding(tx, id)
		if err != nil {
			return err
		}
		if c.Coder != coder.Name {
			return fmt.Errorf("coding %s belongs to %s; coders remove only their own codings", shortID(c.ID), c.Coder)
		}
		removed = c
		return removeCoding(tx, coder, c)
	})
	return removed, err
}

// RemoveCodings deletes several of the acting coder's codings (by id or a
// unique id prefix) in one transaction: all of them, as one action that
// one undo takes back, or, when one is refused, none.
func (s *Store) RemoveCodings(ctx context.Context, ids []string) ([]Coding, error) {
	var removed []Coding
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, id := range ids {
			c, err := findCoding(tx, id)
			if err != nil {
				return err
			}
			if c.Coder != coder.Name {
				return fmt.Errorf("coding %s belongs to %s; coders remove only their own codings", shortID(c.ID), c.Coder)
			}
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			if err := removeCoding(tx, coder, c); err != nil {
				return err
			}
			removed = append(removed, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}

// removeCoding deletes a coding inside a transaction and logs it.
func removeCoding(tx *Tx, coder Coder, c Coding) error {
	if c.Code == "" {
		// The log names the code, so that history and undo can say it.
		cb, err := loadCodebook(tx)
		if err != nil {
			return err
		}
		if cb.byID[c.CodeID] != nil {
			c.Code = cb.path(c.CodeID)
		}
	}
	if _, err := tx.Exec(`DELETE FROM codings WHERE id = ?`, c.ID); err != nil {
		return err
	}
	if err := markConsensusStale(tx, coder, c.SourceID, c.CodeID, corpus.Span{Start: c.Start, End: c.End}, "removed"); err != nil {
		return err
	}
	return tx.Event(Change{Kind: event.CodingRemoved, EntityID: c.ID, Before: codingEventData(c)})
}

// Recoded says what RecodeCoding did.
type Recoded struct {
	Old         Coding // the coding as it was (now removed)
	New         Coding // the coding with its new code
	CreatedCode bool   // the new code did not exist and was created
}

// RecodeCoding gives one of the acting coder's codings another code (a
// path, name or id; a new name creates the code, with definition as its
// definition) in one transaction: the
// coding with the new code is added, keeping its span and memo, and the
// old one removed, as one action that one undo takes back.
func (s *Store) RecodeCoding(ctx context.Context, id, code, definition string, beforeNewCode func(name string, codes []coding.CodeSnapshot) error) (Recoded, error) {
	var out Recoded
	err := s.InTx(ctx, func(tx *Tx) error {
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		old, err := findCoding(tx, id)
		if err != nil {
			return err
		}
		if old.Coder != coder.Name {
			return fmt.Errorf("coding %s belongs to %s; coders re-code only their own codings", shortID(old.ID), old.Coder)
		}
		cb, err := loadCodeTree(tx)
		if err != nil {
			return err
		}
		if c, err := cb.resolve(code); err == nil && c.ID == old.CodeID {
			return fmt.Errorf("coding %s is already coded %s", shortID(old.ID), c.Path)
		}
		if c := cb.byID[old.CodeID]; c != nil {
			old.Code = c.Path
		}
		res, err := addCoding(tx, cb, coder, NewCoding{Source: old.SourceID, Code: code, Start: old.Start, End: old.End, Memo: old.Memo, CodeDefinition: definition, BeforeNewCode: beforeNewCode})
		if err != nil {
			return err
		}
		if res.Coding.CodeID == old.CodeID {
			return fmt.Errorf("coding %s is already coded %s", shortID(old.ID), res.Coding.Code)
		}
		out = Recoded{Old: old, New: res.Coding, CreatedCode: res.CreatedCode}
		return removeCoding(tx, coder, old)
	})
	return out, err
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// Coding finds one coding of any layer by id or unique id prefix. It does
// not apply blinding: the application core decides who may see it.
func (s *Store) Coding(ctx context.Context, id string) (Coding, error) {
	return findCoding(dbQueryer{s.rd, ctx}, id)
}

// findCoding finds a coding by id or unique id prefix (at least 4 characters).
func findCoding(tx interface {
	Query(string, ...any) (*sql.Rows, error)
}, id string) (Coding, error) {
	id = strings.TrimSpace(id)
	if len(id) < 4 {
		return Coding{}, fmt.Errorf("coding id %q is too short; give at least 4 characters", id)
	}
	rows, err := tx.Query(`SELECT g.id, g.source_id, s.name, k.name, g.code_id, g.start, g.end, g.memo, g.flagged, g.created_at
		FROM codings g JOIN sources s ON s.id = g.source_id JOIN coders k ON k.id = g.coder_id WHERE g.id = ? OR g.id LIKE ? || '%' LIMIT 2`, id, id)
	if err != nil {
		return Coding{}, err
	}
	defer rows.Close()
	var found []Coding
	for rows.Next() {
		var c Coding
		if err := rows.Scan(&c.ID, &c.SourceID, &c.Source, &c.Coder, &c.CodeID, &c.Start, &c.End, &c.Memo, &c.Flagged, &c.CreatedAt); err != nil {
			return Coding{}, err
		}
		found = append(found, c)
	}
	switch len(found) {
	case 0:
		return Coding{}, fmt.Errorf("no coding %s (see `focal coding list`): %w", id, ErrNotFound)
	case 1:
		return found[0], nil
	default:
		return Coding{}, fmt.Errorf("coding id %s is ambiguous; give more characters", id)
	}
}

// CodingRow is one line of a coding import.
type CodingRow struct {
	NewCoding
	Coder string
	Line  int // line in the imported file, for error messages
}

// ImportCodings adds many codings in one transaction: all or nothing. It
// returns how many were new; rows identical to existing codings are skipped.
func (s *Store) ImportCodings(ctx context.Context, rows []CodingRow) (int, error) {
	added := 0
	err := s.InTx(ctx, func(tx *Tx) error {
		cb, err := loadCodeTree(tx)
		if err != nil {
			return err
		}
		coders := map[string]Coder{}
		for _, r := range rows {
			c, ok := coders[r.Coder]
			if !ok {
				var err error
				if c, err = findCoder(tx, r.Coder); err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				if c.Role == "consensus" {
					return fmt.Errorf("line %d: the consensus layer is written by `focal consensus`, not by import", r.Line)
				}
				coders[r.Coder] = c
			}
			res, err := addCoding(tx, cb, c, r.NewCoding)
			if err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			if !res.Existed {
				added++
			}
		}
		return nil
	})
	return added, err
}

// CodedSpan is a coding reduced to what agreement needs.
type CodedSpan struct {
	ID     string // the coding's id
	CodeID string
	Coder  string
	Span   corpus.Span
}

// CodedSpans returns the codings of a source by the named coders (the
// consensus layer included when named). It ignores blinding on purpose:
// agreement reports counts and statistics, never another coder's codings.
func (s *Store) CodedSpans(ctx context.Context, sourceID string, coders []string) ([]CodedSpan, error) {
	if len(coders) == 0 {
		return nil, nil
	}
	args := []any{sourceID}
	for _, c := range coders {
		args = append(args, c)
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT g.id, g.code_id, k.name, g.start, g.end FROM codings g JOIN coders k ON k.id = g.coder_id
		WHERE g.source_id = ? AND k.name IN (`+placeholders(len(coders))+`) ORDER BY g.start`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CodedSpan
	for rows.Next() {
		var c CodedSpan
		if err := rows.Scan(&c.ID, &c.CodeID, &c.Coder, &c.Span.Start, &c.Span.End); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
