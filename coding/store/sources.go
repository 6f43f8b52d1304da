package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/corpus"
)

// NewSource is a transcript ready to be saved by ImportSource.
type NewSource struct {
	Name         string
	Group        string
	Format       string
	OriginalFile string
	Language     string
	Draft        *corpus.Draft
	// Units holds unit boundaries by kind ("sentence", "word"), in code points.
	Units map[string][]corpus.Span
	// AllowDuplicate permits a source whose stored text equals an existing one.
	AllowDuplicate bool
}

// DuplicateError reports that a source with the same stored text exists.
type DuplicateError struct{ Existing string }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("the same transcript is already in the project as %q; use --allow-duplicate to import it again", e.Existing)
}

// SourceNameTaken is the refusal of a source whose name is taken.
func SourceNameTaken(name string) error {
	return fmt.Errorf("a source named %q already exists; choose another with --name", name)
}

// checkNewSource refuses a source whose name is taken or, unless
// AllowDuplicate, whose stored text is already in the project.
func checkNewSource(q interface {
	QueryRow(string, ...any) *sql.Row
}, in NewSource) error {
	var existing string
	switch err := q.QueryRow(`SELECT name FROM sources WHERE name = ?`, in.Name).Scan(&existing); {
	case err == nil:
		return SourceNameTaken(in.Name)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if !in.AllowDuplicate {
		switch err := q.QueryRow(`SELECT name FROM sources WHERE sha256 = ?`, in.Draft.SHA256).Scan(&existing); {
		case err == nil:
			return &DuplicateError{Existing: existing}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
	}
	return nil
}

// CheckNewSource runs the checks ImportSource runs before it writes (the
// name is free, the text is not already imported), writing nothing: what
// a dry run of an import reports.
func (s *Store) CheckNewSource(ctx context.Context, in NewSource) error {
	return checkNewSource(dbQuerier{s.rd, ctx}, in)
}

// ImportSource saves a transcript with its speakers, turns and units in one
// transaction: it is either all there or not at all.
func (s *Store) ImportSource(ctx context.Context, in NewSource) (Source, error) {
	d := in.Draft
	src := Source{ID: uuid.NewString(), Name: in.Name, Group: in.Group, Format: in.Format, Language: in.Language,
		Turns: len(d.Turns), Speakers: len(d.Speakers), Chars: d.Chars, SHA256: d.SHA256, OriginalFile: in.OriginalFile}
	err := s.InTx(ctx, func(tx *Tx) error {
		src.ImportedAt = tx.now
		if err := checkNewSource(tx, in); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO sources(id, name, grp, format, original_file, language, text, sha256, chars, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			src.ID, in.Name, in.Group, in.Format, in.OriginalFile, in.Language, d.Text, d.SHA256, d.Chars, tx.now); err != nil {
			return err
		}
		speakerIDs := map[string]string{}
		for _, name := range d.Speakers {
			id := uuid.NewString()
			speakerIDs[name] = id
			if _, err := tx.Exec(`INSERT INTO speakers(id, source_id, name) VALUES (?, ?, ?)`, id, src.ID, name); err != nil {
				return err
			}
		}
		stmt, err := tx.tx.PrepareContext(ctx, `INSERT INTO turns(id, source_id, seq, speaker_id, label, label_start, label_end, start, end, start_ms, end_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, t := range d.Turns {
			var speaker any
			if t.Speaker != "" {
				speaker = speakerIDs[t.Speaker]
			}
			if _, err := stmt.ExecContext(ctx, uuid.NewString(), src.ID, t.Seq, speaker, t.Label, t.LabelSpan.Start, t.LabelSpan.End,
				t.Start, t.End, msOrNull(t.StartMS), msOrNull(t.EndMS)); err != nil {
				return err
			}
		}
		kinds := make([]string, 0, len(in.Units))
		for kind := range in.Units {
			kinds = append(kinds, kind)
		}
		sort.Strings(kinds)
		for _, kind := range kinds {
			spans := in.Units[kind]
			if _, err := tx.Exec(`INSERT INTO units(source_id, kind, count, spans) VALUES (?, ?, ?, ?)`,
				src.ID, kind, len(spans), encodeSpans(spans)); err != nil {
				return err
			}
		}
		return tx.Event(Change{Kind: event.SourceImported, EntityID: src.ID, After: map[string]any{
			"name": in.Name, "group": in.Group, "format": in.Format, "original_file": in.OriginalFile,
			"sha256": d.SHA256, "turns": len(d.Turns), "chars": d.Chars, "speakers": d.Speakers,
		}})
	})
	if err != nil {
		return Source{}, err
	}
	return src, nil
}

func msOrNull(ms *int64) any {
	if ms == nil {
		return nil
	}
	return *ms
}

const sourceColumns = `s.id, s.name, s.grp, s.format, s.language, s.chars, s.sha256, s.original_file, s.imported_at,
	(SELECT count(*) FROM turns t WHERE t.source_id = s.id),
	(SELECT count(*) FROM speakers k WHERE k.source_id = s.id)`

func scanSource(row interface{ Scan(...any) error }) (Source, error) {
	var src Source
	err := row.Scan(&src.ID, &src.Name, &src.Group, &src.Format, &src.Language, &src.Chars, &src.SHA256,
		&src.OriginalFile, &src.ImportedAt, &src.Turns, &src.Speakers)
	return src, err
}

// Sources lists the project's sources by group and name.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources s ORDER BY s.grp, s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// Source finds a source by name or id.
func (s *Store) Source(ctx context.Context, nameOrID string) (Source, error) {
	src, err := scanSource(s.rd.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.name = ? OR s.id = ?`, nameOrID, nameOrID))
	if errors.Is(err, sql.ErrNoRows) {
		return src, fmt.Errorf("no source named %q (see `focal source list`): %w", nameOrID, ErrNotFound)
	}
	return src, err
}

// SourceText returns the stored text of a source.
func (s *Store) SourceText(ctx context.Context, sourceID string) (string, error) {
	if s.memo != nil {
		// Inside a snapshot each text is read once (agreement and an
		// export both read every source's).
		s.memo.mu.Lock()
		text, ok := s.memo.texts[sourceID]
		s.memo.mu.Unlock()
		if ok {
			return text, nil
		}
	}
	var text string
	err := s.rd.QueryRowContext(ctx, `SELECT text FROM sources WHERE id = ?`, sourceID).Scan(&text)
	if err == nil && s.memo != nil {
		s.memo.mu.Lock()
		if s.memo.texts == nil {
			s.memo.texts = map[string]string{}
		}
		s.memo.texts[sourceID] = text
		s.memo.mu.Unlock()
	}
	return text, err
}

// Turns lists a source's turns in order.
func (s *Store) Turns(ctx context.Context, sourceID string) ([]Turn, error) {
	if turns, ok := s.memoTurns(sourceID); ok {
		return turns, nil
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT t.id, t.seq, coalesce(k.name, ''), coalesce(k.role, ''), coalesce(p.name, ''),
		t.label, t.label_start, t.label_end, t.start, t.end, t.start_ms, t.end_ms
		FROM turns t LEFT JOIN speakers k ON k.id = t.speaker_id LEFT JOIN participants p ON p.id = k.participant_id
		WHERE t.source_id = ? ORDER BY t.seq`, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Turn
	for rows.Next() {
		var t Turn
		var startMS, endMS sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Seq, &t.Speaker, &t.Role, &t.Participant, &t.Label, &t.LabelSpan.Start, &t.LabelSpan.End,
			&t.Start, &t.End, &startMS, &endMS); err != nil {
			return nil, err
		}
		if startMS.Valid {
			t.StartMS = &startMS.Int64
		}
		if endMS.Valid {
			t.EndMS = &endMS.Int64
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Units returns the stored unit boundaries of one kind ("sentence", "word").
func (s *Store) Units(ctx context.Context, sourceID, kind string) ([]corpus.Span, error) {
	var count int
	var blob []byte
	err := s.rd.QueryRowContext(ctx, `SELECT count, spans FROM units WHERE source_id = ? AND kind = ?`, sourceID, kind).Scan(&count, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("no %s units stored for this source: %w", kind, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return decodeSpans(blob, count)
}

// RenameSource gives a source a new name.
func (s *Store) RenameSource(ctx context.Context, nameOrID, newName string) error {
	src, err := s.Source(ctx, nameOrID)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM sources WHERE name = ? AND id <> ?`, newName, src.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("a source named %q already exists", newName)
		}
		if _, err := tx.Exec(`UPDATE sources SET name = ? WHERE id = ?`, newName, src.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SourceRenamed, EntityID: src.ID, Before: map[string]any{"name": src.Name}, After: map[string]any{"name": newName}})
	})
}

// SetSourceGroup moves a source into a group.
func (s *Store) SetSourceGroup(ctx context.Context, nameOrID, group string) error {
	src, err := s.Source(ctx, nameOrID)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`UPDATE sources SET grp = ? WHERE id = ?`, group, src.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SourceRegrouped, EntityID: src.ID, Before: map[string]any{"group": src.Group}, After: map[string]any{"group": group}})
	})
}

// RemoveSource deletes a source. Sources with codings are kept unless force
// is set; the event keeps the removed text so the log still tells what was
// there.
func (s *Store) RemoveSource(ctx context.Context, nameOrID string, force bool) error {
	src, err := s.Source(ctx, nameOrID)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		n, err := countCodings(tx, src.ID)
		if err != nil {
			return err
		}
		if n > 0 && !force {
			return fmt.Errorf("source %q has %d codings; use --force to remove it with them", src.Name, n)
		}
		var text string
		if err := tx.QueryRow(`SELECT text FROM sources WHERE id = ?`, src.ID).Scan(&text); err != nil {
			return err
		}
		if err := removeSourceRows(tx, src.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SourceRemoved, EntityID: src.ID,
			Before: map[string]any{"name": src.Name, "group": src.Group, "sha256": src.SHA256, "text": text, "codings": n}})
	})
}
