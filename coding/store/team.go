package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// TeamKey is an SSH public key that lets one coder into the team server
// (`focal serve`), who then works as that coder with that coder's role.
type TeamKey struct {
	ID      string `json:"id"`
	CoderID string `json:"coder_id"`
	Coder   string `json:"coder"`
	Role    string `json:"role"`
	// Fingerprint is the key's SHA-256 fingerprint as ssh-keygen -l prints
	// it ("SHA256:…").
	Fingerprint string `json:"fingerprint"`
	// PublicKey is the key in authorized_keys format, comment included.
	PublicKey string `json:"public_key"`
	AddedBy   string `json:"added_by"`
	AddedAt   string `json:"added_at"`
}

// NewTeamKey is a key to let in. The caller parses the key and computes
// its fingerprint: the store keeps what it is given and does not speak SSH.
type NewTeamKey struct {
	// Coder is the coder the key belongs to; a missing coder is created.
	Coder string
	// Role is "coder" or "pi". A new coder gets it ("coder" when empty); for
	// an existing coder it must be empty or the coder's role.
	Role        string
	Fingerprint string
	PublicKey   string
}

// TeamAdded says what AddTeamKey did.
type TeamAdded struct {
	Key TeamKey `json:"key"`
	// CoderCreated is true when the coder was new.
	CoderCreated bool `json:"coder_created"`
	// Open is true when the project had no PI yet, so that anyone could
	// change the team; once a PI exists only a PI can.
	Open bool `json:"open"`
}

// teamGate decides whether the acting person may change the team: anyone
// while the project has no PI (someone has to add the first one), then
// only a PI. It reports whether the team was open.
func teamGate(tx *Tx) (open bool, err error) {
	var pis int
	if err := tx.QueryRow(`SELECT count(*) FROM coders WHERE role = 'pi'`).Scan(&pis); err != nil {
		return false, err
	}
	if pis == 0 {
		return true, nil
	}
	if tx.actor == "" {
		return false, fmt.Errorf("only a PI can change the team once the project has a PI: %w", ErrNoCoder)
	}
	c, err := findCoder(tx, tx.actor)
	if err != nil {
		return false, err
	}
	if c.Role != "pi" {
		return false, fmt.Errorf("only a PI can change the team; %s is a %s", c.Name, c.Role)
	}
	return false, nil
}

// AddTeamKey lets a key in for a coder, creating the coder when missing,
// as one action: a coder.added event (for a new coder) and a team.added
// event. Once the project has a PI, only a PI may do it.
func (s *Store) AddTeamKey(ctx context.Context, nk NewTeamKey) (TeamAdded, error) {
	var out TeamAdded
	name := strings.TrimSpace(nk.Coder)
	switch {
	case name == "":
		return out, errors.New("a team member needs a coder name")
	case strings.EqualFold(name, ConsensusCoder):
		return out, fmt.Errorf("%q is reserved for the consensus layer; choose another name", name)
	case nk.Role != "" && nk.Role != "coder" && nk.Role != "pi":
		return out, fmt.Errorf("role must be coder or pi, not %q", nk.Role)
	case !strings.HasPrefix(nk.Fingerprint, "SHA256:"):
		return out, fmt.Errorf("fingerprint %q is not a SHA256 fingerprint", nk.Fingerprint)
	case strings.TrimSpace(nk.PublicKey) == "" || strings.ContainsAny(nk.PublicKey, "\r\n"):
		return out, errors.New("a team key needs its public key on one line, in authorized_keys format")
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		open, err := teamGate(tx)
		if err != nil {
			return err
		}
		out.Open = open
		var owner string
		err = tx.QueryRow(`SELECT c.name FROM team_keys k JOIN coders c ON c.id = k.coder_id WHERE k.fingerprint = ?`, nk.Fingerprint).Scan(&owner)
		if err == nil {
			return fmt.Errorf("key %s already lets %s in; a key belongs to one coder (remove it with `focal team rm %s --key %s`)",
				nk.Fingerprint, owner, owner, nk.Fingerprint)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var c Coder
		err = tx.QueryRow(`SELECT id, name, role, created_at FROM coders WHERE name = ?`, name).Scan(&c.ID, &c.Name, &c.Role, &c.CreatedAt)
		switch {
		case err == nil:
			if c.Role == ConsensusCoder {
				return fmt.Errorf("%q is the consensus layer, not a person", name)
			}
			if nk.Role != "" && nk.Role != c.Role {
				return fmt.Errorf("%s is already a %s; a key gets its coder's role, and team add does not change roles", c.Name, c.Role)
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		default:
			role := nk.Role
			if role == "" {
				role = "coder"
			}
			c = Coder{ID: uuid.NewString(), Name: name, Role: role, CreatedAt: tx.now}
			if _, err := tx.Exec(`INSERT INTO coders(id, name, role, created_at) VALUES (?, ?, ?, ?)`, c.ID, c.Name, c.Role, tx.now); err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.CoderAdded, EntityID: c.ID, After: map[string]any{"name": c.Name, "role": c.Role}}); err != nil {
				return err
			}
			out.CoderCreated = true
		}
		k := TeamKey{ID: uuid.NewString(), CoderID: c.ID, Coder: c.Name, Role: c.Role, Fingerprint: nk.Fingerprint,
			PublicKey: strings.TrimSpace(nk.PublicKey), AddedBy: tx.actor, AddedAt: tx.now}
		if _, err := tx.Exec(`INSERT INTO team_keys(id, coder_id, fingerprint, public_key, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)`,
			k.ID, k.CoderID, k.Fingerprint, k.PublicKey, k.AddedBy, k.AddedAt); err != nil {
			return err
		}
		out.Key = k
		return tx.Event(Change{Kind: event.TeamAdded, EntityID: k.ID, After: teamKeySnapshot(k)})
	})
	if err != nil {
		return TeamAdded{}, fmt.Errorf("add %s to the team: %w", name, err)
	}
	return out, nil
}

// teamKeySnapshot is what team events record of a key.
func teamKeySnapshot(k TeamKey) map[string]any {
	return map[string]any{"id": k.ID, "coder": k.Coder, "role": k.Role, "fingerprint": k.Fingerprint, "public_key": k.PublicKey}
}

const teamKeyColumns = `k.id, k.coder_id, c.name, c.role, k.fingerprint, k.public_key, k.added_by, k.added_at
	FROM team_keys k JOIN coders c ON c.id = k.coder_id`

func scanTeamKey(row interface{ Scan(...any) error }) (TeamKey, error) {
	var k TeamKey
	err := row.Scan(&k.ID, &k.CoderID, &k.Coder, &k.Role, &k.Fingerprint, &k.PublicKey, &k.AddedBy, &k.AddedAt)
	return k, err
}

// TeamKeys lists the keys that may enter the team server, by coder.
func (s *Store) TeamKeys(ctx context.Context) ([]TeamKey, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT `+teamKeyColumns+` ORDER BY c.name, k.added_at, k.fingerprint`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TeamKey
	for rows.Next() {
		k, err := scanTeamKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// TeamKey finds the key with a fingerprint, with its coder and role as
// they are now; it returns ErrNotFound for a key that is not let in.
func (s *Store) TeamKey(ctx context.Context, fingerprint string) (TeamKey, error) {
	k, err := scanTeamKey(s.rd.QueryRowContext(ctx, `SELECT `+teamKeyColumns+` WHERE k.fingerprint = ?`, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("key %s is not in the team: %w", fingerprint, ErrNotFound)
	}
	return k, err
}

// RemoveTeamKeys stops letting a coder in: every key of theirs, or only
// the one with the fingerprint given. Each removed key is a team.removed
// event; the coder and their work stay. Once the project has a PI, only a
// PI may do it.
func (s *Store) RemoveTeamKeys(ctx context.Context, coder, fingerprint string) ([]TeamKey, error) {
	var removed []TeamKey
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := teamGate(tx); err != nil {
			return err
		}
		q, args := `SELECT `+teamKeyColumns+` WHERE c.name = ?`, []any{coder}
		if fingerprint != "" {
			q += ` AND k.fingerprint = ?`
			args = append(args, fingerprint)
		}
		rows, err := tx.Query(q+` ORDER BY k.added_at, k.fingerprint`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			k, err := scanTeamKey(rows)
			if err != nil {
				rows.Close()
				return err
			}
			removed = append(removed, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(removed) == 0 {
			if fingerprint != "" {
				return fmt.Errorf("%s has no key %s (see `focal team list`): %w", coder, fingerprint, ErrNotFound)
			}
			return fmt.Errorf("%s has no key in the team (see `focal team list`): %w", coder, ErrNotFound)
		}
		for _, k := range removed {
			if _, err := tx.Exec(`DELETE FROM team_keys WHERE id = ?`, k.ID); err != nil {
				return err
			}
			if err := tx.Event(Change{Kind: event.TeamRemoved, EntityID: k.ID, Before: teamKeySnapshot(k)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remove %s from the team: %w", coder, err)
	}
	return removed, nil
}
