package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

type actorKey struct{}

// WithActor returns a context whose changes are recorded in the event log
// as made by the named person.
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, name)
}

func actorOf(ctx context.Context) string {
	name, _ := ctx.Value(actorKey{}).(string)
	return name
}

// Tx is one write transaction; every change it makes is logged through Event.
type Tx struct {
	tx     *sql.Tx
	ctx    context.Context
	now    string
	actor  string
	action string
}

// Exec runs a statement inside the transaction.
func (t *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, query, args...)
}

// Query runs a query inside the transaction.
func (t *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, query, args...)
}

// QueryRow runs a one-row query inside the transaction.
func (t *Tx) QueryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// Event is one entry of the append-only log as it is read back (see
// package event).
type Event = event.Event

// Change is what a transaction records in one event (see package event).
type Change = event.Change

// Event appends an event stamped with the transaction's time and actor.
func (t *Tx) Event(e Change) error {
	before, err := jsonOrNull(e.Before)
	if err != nil {
		return err
	}
	after, err := jsonOrNull(e.After)
	if err != nil {
		return err
	}
	_, err = t.Exec(`INSERT INTO events(id, action, at, actor, kind, entity_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		uuid.NewString(), t.action, t.now, t.actor, e.Kind, e.EntityID, before, after, e.Reason)
	return err
}

func jsonOrNull(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// InTx runs fn in one immediate write transaction, committing when fn
// returns nil and rolling back otherwise, so no caller forgets either.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if s.snapshot {
		return ErrSnapshotReadOnly
	}
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return friendlyDBError(err)
	}
	tx := &Tx{tx: sqlTx, ctx: ctx, now: s.timestamp(), actor: actorOf(ctx), action: uuid.NewString()}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return friendlyDBError(err)
	}
	return nil
}

// friendlyDBError turns SQLite's lock and read-only errors into sentences a
// researcher can act on.
func friendlyDBError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("the project is busy with another long write; try again in a moment (%w)", err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return fmt.Errorf("the project file cannot be written (check its permissions): %w", err)
	}
	return err
}

// EventsOfKinds lists, in order, the events whose kind starts with one of
// the prefixes, compared exactly (case and every character as written,
// unlike Events' LIKE). It reads through the index of kinds: on a large
// project the log is mostly coding events, and reading the codebook's or
// the de-identification's few events no longer walks all of them.
func (s *Store) EventsOfKinds(ctx context.Context, prefixes ...string) ([]Event, error) {
	if len(prefixes) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	for _, p := range prefixes {
		if p == "" {
			return s.Events(ctx, "", "", 0)
		}
		// Every kind starting with p sorts from p up to, not including, p
		// with its last byte raised by one (kinds are ASCII).
		end := []byte(p)
		if end[len(end)-1] == 0xff {
			// Not UTF-8 text: no kind has it, but stay exact.
			where = append(where, `kind >= ?`)
			args = append(args, p)
			continue
		}
		end[len(end)-1]++
		where = append(where, `(kind >= ? AND kind < ?)`)
		args = append(args, p, string(end))
	}
	rows, err := s.rd.QueryContext(ctx, `SELECT seq, id, at, actor, kind, entity_id, before, after, reason FROM events
		WHERE `+strings.Join(where, ` OR `)+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		// The byte range holds exactly the kinds with the prefix when the
		// prefix is ASCII; the check keeps it exact for any other.
		if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(e.Kind, p) }) {
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// scanEvent reads one row of the columns Events and EventsOfKinds select.
func scanEvent(rows *sql.Rows) (Event, error) {
	var e Event
	var before, after sql.NullString
	if err := rows.Scan(&e.Seq, &e.ID, &e.At, &e.Actor, &e.Kind, &e.EntityID, &before, &after, &e.Reason); err != nil {
		return e, err
	}
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return e, nil
}

// Events lists the log in order, optionally only for one entity or kind
// prefix.
func (s *Store) Events(ctx context.Context, entityID, kindPrefix string, limit int) ([]Event, error) {
	q := `SELECT seq, id, at, actor, kind, entity_id, before, after, reason FROM events WHERE 1=1`
	var args []any
	if entityID != "" {
		q += ` AND entity_id = ?`
		args = append(args, entityID)
	}
	if kindPrefix != "" {
		q += ` AND kind LIKE ? || '%'`
		args = append(args, kindPrefix)
	}
	if limit > 0 {
		// The last `limit` events, still printed oldest first.
		q = `SELECT * FROM (` + q + ` ORDER BY seq DESC LIMIT ?) ORDER BY seq`
		args = append(args, limit)
	} else {
		q += ` ORDER BY seq`
	}
	rows, err := s.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
