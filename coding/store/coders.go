package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// ConsensusCoder is the reserved identity of the consensus layer.
const ConsensusCoder = "consensus"

// ErrNoCoder is returned when an action needs to know who acts.
var ErrNoCoder = errors.New("this needs to know who you are: pass --as NAME or set $FOCAL_CODER (see `focal coder list`)")

// AddCoder registers a coder with role "coder" or "pi".
func (s *Store) AddCoder(ctx context.Context, name, role string) (Coder, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Coder{}, errors.New("a coder needs a name")
	}
	if strings.EqualFold(name, ConsensusCoder) {
		return Coder{}, fmt.Errorf("%q is reserved for the consensus layer; choose another name", name)
	}
	if role != "coder" && role != "pi" {
		return Coder{}, fmt.Errorf("role must be coder or pi, not %q", role)
	}
	c := Coder{ID: uuid.NewString(), Name: name, Role: role}
	err := s.InTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM coders WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("coder %q already exists", name)
		}
		c.CreatedAt = tx.now
		if _, err := tx.Exec(`INSERT INTO coders(id, name, role, created_at) VALUES (?, ?, ?, ?)`, c.ID, name, role, tx.now); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.CoderAdded, EntityID: c.ID, After: map[string]any{"name": name, "role": role}})
	})
	return c, err
}

// Coders lists the coders (the consensus layer excluded).
func (s *Store) Coders(ctx context.Context) ([]Coder, error) {
	if s.memo != nil {
		// Inside a snapshot the team is counted once.
		s.memo.mu.Lock()
		coders := s.memo.coders
		s.memo.mu.Unlock()
		if coders == nil {
			var err error
			if coders, err = s.readCoders(ctx); err != nil {
				return nil, err
			}
			s.memo.mu.Lock()
			s.memo.coders = coders
			s.memo.mu.Unlock()
		}
		return slices.Clone(coders), nil
	}
	return s.readCoders(ctx)
}

// readCoders reads the team and counts their codings.
func (s *Store) readCoders(ctx context.Context) ([]Coder, error) {
	if counts := s.memoCoderCounts(); counts != nil {
		// The snapshot has read every coding: counted from them.
		rows, err := s.rd.QueryContext(ctx, `SELECT id, name, role, created_at FROM coders
			WHERE role <> 'consensus' ORDER BY created_at, name`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Coder
		for rows.Next() {
			var c Coder
			if err := rows.Scan(&c.ID, &c.Name, &c.Role, &c.CreatedAt); err != nil {
				return nil, err
			}
			c.Codings = counts[c.Name]
			out = append(out, c)
		}
		return out, rows.Err()
	}
	// One pass counts every coder's codings (a count per coder would scan
	// the table once for each).
	rows, err := s.rd.QueryContext(ctx, `SELECT c.id, c.name, c.role, c.created_at, coalesce(n.codings, 0)
		FROM coders c LEFT JOIN (SELECT coder_id, count(*) AS codings FROM codings GROUP BY coder_id) n ON n.coder_id = c.id
		WHERE c.role <> 'consensus' ORDER BY c.created_at, c.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Coder
	for rows.Next() {
		var c Coder
		if err := rows.Scan(&c.ID, &c.Name, &c.Role, &c.CreatedAt, &c.Codings); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func findCoder(q interface {
	QueryRow(string, ...any) *sql.Row
}, name string) (Coder, error) {
	var c Coder
	err := q.QueryRow(`SELECT id, name, role, created_at FROM coders WHERE name = ?`, name).Scan(&c.ID, &c.Name, &c.Role, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("no coder named %q; add one with `focal coder add %s`", name, name)
	}
	return c, err
}

type dbQuerier struct {
	db  reader
	ctx context.Context
}

func (q dbQuerier) QueryRow(query string, args ...any) *sql.Row {
	return q.db.QueryRowContext(q.ctx, query, args...)
}

// Coder finds a coder by name.
func (s *Store) Coder(ctx context.Context, name string) (Coder, error) {
	if name == "" {
		return Coder{}, ErrNoCoder
	}
	return findCoder(dbQuerier{s.rd, ctx}, name)
}

// actingCoder resolves the context's actor to a coder, or fails with a
// message saying how to name one.
//
// The reserved consensus coder is never an actor: the application core
// refuses it with the reason, and this keeps the project file consistent
// for any path that reaches the store without the core.
func actingCoder(tx *Tx) (Coder, error) {
	if tx.actor == "" {
		return Coder{}, ErrNoCoder
	}
	c, err := findCoder(tx, tx.actor)
	if err == nil && c.Role == "consensus" {
		return Coder{}, errors.New(`"consensus" is the consensus layer, not a person; act as yourself with --as NAME`)
	}
	return c, err
}

// Blinding says whether blind coding is in force and why.
type Blinding struct {
	On      bool   `json:"on"`
	Setting string `json:"setting"` // "auto", "on" or "off"
	Coders  int    `json:"coders"`
}

func blindingIn(q interface {
	QueryRow(string, ...any) *sql.Row
}) (Blinding, error) {
	b := Blinding{Setting: "auto"}
	err := q.QueryRow(`SELECT value FROM settings WHERE key = 'blinding'`).Scan(&b.Setting)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return b, err
	}
	if err := q.QueryRow(`SELECT count(*) FROM coders WHERE role <> 'consensus'`).Scan(&b.Coders); err != nil {
		return b, err
	}
	switch b.Setting {
	case "on":
		b.On = true
	case "off":
		b.On = false
	default:
		b.On = b.Coders >= 2
	}
	return b, nil
}

// Blinding reports the project's blinding.
func (s *Store) Blinding(ctx context.Context) (Blinding, error) {
	return blindingIn(dbQuerier{s.rd, ctx})
}

// SetBlinding switches blind coding on or off; only a PI may.
func (s *Store) SetBlinding(ctx context.Context, on bool) error {
	return s.InTx(ctx, func(tx *Tx) error {
		c, err := actingCoder(tx)
		if err != nil {
			return err
		}
		if c.Role != "pi" {
			return fmt.Errorf("only a PI can switch blinding; %s is a %s", c.Name, c.Role)
		}
		before, err := blindingIn(tx)
		if err != nil {
			return err
		}
		value := "off"
		if on {
			value = "on"
		}
		if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('blinding', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, value); err != nil {
			return err
		}
		kind := event.BlindingOff
		if on {
			kind = event.BlindingOn
		}
		return tx.Event(Change{Kind: kind, Before: before, After: map[string]any{"setting": value}})
	})
}

// visibleCoder decides whose codings a viewer may see: "" means everyone's,
// otherwise only the named coder's. Under blinding a viewer must be named.
func (s *Store) visibleCoder(ctx context.Context, viewer string) (string, error) {
	b, err := s.Blinding(ctx)
	if err != nil {
		return "", err
	}
	if !b.On {
		return "", nil
	}
	if viewer == "" {
		return "", fmt.Errorf("blind coding is on, so you see only your own codings: %w", ErrNoCoder)
	}
	c, err := s.Coder(ctx, viewer)
	if err != nil {
		return "", err
	}
	return c.ID, nil
}
