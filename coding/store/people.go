package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/google/uuid"

	"github.com/focalqda/focal/coding/event"
)

// Speakers lists speakers, of one source or (sourceID "") of all.
func (s *Store) Speakers(ctx context.Context, sourceID string) ([]Speaker, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT k.id, s.name, k.name, k.role, coalesce(p.name, ''),
		(SELECT count(*) FROM turns t WHERE t.speaker_id = k.id)
		FROM speakers k JOIN sources s ON s.id = k.source_id LEFT JOIN participants p ON p.id = k.participant_id
		WHERE ? = '' OR k.source_id = ? ORDER BY s.grp, s.name, k.rowid`, sourceID, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Speaker
	for rows.Next() {
		var k Speaker
		if err := rows.Scan(&k.ID, &k.Source, &k.Name, &k.Role, &k.Participant, &k.Turns); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func findSpeaker(tx *Tx, sourceID, name string) (Speaker, error) {
	var k Speaker
	err := tx.QueryRow(`SELECT k.id, k.name, k.role, coalesce(p.name, '') FROM speakers k LEFT JOIN participants p ON p.id = k.participant_id
		WHERE k.source_id = ? AND k.name = ?`, sourceID, name).Scan(&k.ID, &k.Name, &k.Role, &k.Participant)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("no speaker %q in this source (see `focal speaker list`): %w", name, ErrNotFound)
	}
	return k, err
}

// SetSpeakerRole marks a speaker as a participant or a moderator; moderator
// turns are left out of analysis by default.
func (s *Store) SetSpeakerRole(ctx context.Context, sourceID, speaker, role string) error {
	if role != "participant" && role != "moderator" {
		return fmt.Errorf("role must be participant or moderator, not %q", role)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		k, err := findSpeaker(tx, sourceID, speaker)
		if err != nil {
			return err
		}
		if k.Role == role {
			return nil
		}
		if _, err := tx.Exec(`UPDATE speakers SET role = ? WHERE id = ?`, role, k.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SpeakerRoleSet, EntityID: k.ID, Before: map[string]any{"role": k.Role}, After: map[string]any{"role": role}})
	})
}

var defaultPseudonym = regexp.MustCompile(`^P([0-9]+)$`)

// ensureParticipant returns the id of a participant, creating it (and
// logging that) when the name is new. New participants get the next free
// pseudonym P01, P02, … unless their own name already has that form.
func ensureParticipant(tx *Tx, name string) (string, error) {
	var id string
	err := tx.QueryRow(`SELECT id FROM participants WHERE name = ?`, name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	pseudonym, err := nextPseudonym(tx, name)
	if err != nil {
		return "", err
	}
	id = uuid.NewString()
	if _, err := tx.Exec(`INSERT INTO participants(id, name, pseudonym, created_at) VALUES (?, ?, ?, ?)`, id, name, pseudonym, tx.now); err != nil {
		return "", err
	}
	return id, tx.Event(Change{Kind: event.ParticipantCreated, EntityID: id, After: map[string]any{"participant": name, "pseudonym": pseudonym}})
}

func nextPseudonym(tx *Tx, name string) (string, error) {
	taken := func(p string) (bool, error) {
		var n int
		err := tx.QueryRow(`SELECT count(*) FROM participants WHERE pseudonym = ?`, p).Scan(&n)
		return n > 0, err
	}
	if defaultPseudonym.MatchString(name) {
		used, err := taken(name)
		if err != nil || !used {
			return name, err
		}
	}
	for i := 1; ; i++ {
		p := fmt.Sprintf("P%02d", i)
		used, err := taken(p)
		if err != nil {
			return "", err
		}
		if !used {
			return p, nil
		}
	}
}

// LinkSpeaker says that a speaker of a source is the given participant,
// creating the participant when new.
func (s *Store) LinkSpeaker(ctx context.Context, sourceID, speaker, participant string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		k, err := findSpeaker(tx, sourceID, speaker)
		if err != nil {
			return err
		}
		pid, err := ensureParticipant(tx, participant)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE speakers SET participant_id = ?, role = 'participant' WHERE id = ?`, pid, k.ID); err != nil {
			return err
		}
		return tx.Event(Change{Kind: event.SpeakerLinked, EntityID: k.ID,
			Before: map[string]any{"participant": k.Participant, "role": k.Role}, After: map[string]any{"participant": participant, "role": "participant"}})
	})
}

// SetParticipantAttributes sets attributes (key → value) of participants,
// creating participants that are new. An empty value removes the attribute.
// All rows are applied in one transaction.
func (s *Store) SetParticipantAttributes(ctx context.Context, rows map[string]map[string]string) error {
	names := make([]string, 0, len(rows))
	for name := range rows {
		names = append(names, name)
	}
	sort.Strings(names)
	return s.InTx(ctx, func(tx *Tx) error {
		for _, name := range names {
			pid, err := ensureParticipant(tx, name)
			if err != nil {
				return err
			}
			attrs := rows[name]
			keys := make([]string, 0, len(attrs))
			for k := range attrs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			before := map[string]any{}
			for _, key := range keys {
				var old string
				err := tx.QueryRow(`SELECT value FROM participant_attributes WHERE participant_id = ? AND key = ?`, pid, key).Scan(&old)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				before[key] = old
				if attrs[key] == "" {
					_, err = tx.Exec(`DELETE FROM participant_attributes WHERE participant_id = ? AND key = ?`, pid, key)
				} else {
					_, err = tx.Exec(`INSERT INTO participant_attributes(participant_id, key, value) VALUES (?, ?, ?)
						ON CONFLICT(participant_id, key) DO UPDATE SET value = excluded.value`, pid, key, attrs[key])
				}
				if err != nil {
					return err
				}
			}
			if err := tx.Event(Change{Kind: event.ParticipantAttributesSet, EntityID: pid, Before: before, After: attrs}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Participants lists participants with their attributes and speakers.
func (s *Store) Participants(ctx context.Context) ([]Participant, error) {
	rows, err := s.rd.QueryContext(ctx, `SELECT id, name, pseudonym FROM participants`)
	if err != nil {
		return nil, err
	}
	var out []Participant
	byID := map[string]*Participant{}
	for rows.Next() {
		var p Participant
		if err := rows.Scan(&p.ID, &p.Name, &p.Pseudonym); err != nil {
			rows.Close()
			return nil, err
		}
		p.Attributes = map[string]string{}
		p.Speakers = []string{}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return naturalLess(out[i].Name, out[j].Name) })
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	attrs, err := s.rd.QueryContext(ctx, `SELECT participant_id, key, value FROM participant_attributes`)
	if err != nil {
		return nil, err
	}
	for attrs.Next() {
		var id, k, v string
		if err := attrs.Scan(&id, &k, &v); err != nil {
			attrs.Close()
			return nil, err
		}
		byID[id].Attributes[k] = v
	}
	attrs.Close()
	spk, err := s.rd.QueryContext(ctx, `SELECT k.participant_id, s.name || ':' || k.name FROM speakers k JOIN sources s ON s.id = k.source_id
		WHERE k.participant_id IS NOT NULL ORDER BY s.name, k.name`)
	if err != nil {
		return nil, err
	}
	defer spk.Close()
	for spk.Next() {
		var id, name string
		if err := spk.Scan(&id, &name); err != nil {
			return nil, err
		}
		byID[id].Speakers = append(byID[id].Speakers, name)
	}
	return out, spk.Err()
}

// naturalLess orders "P2" before "P10".
func naturalLess(a, b string) bool {
	ma, mb := defaultPseudonym.FindStringSubmatch(a), defaultPseudonym.FindStringSubmatch(b)
	if ma != nil && mb != nil {
		na, _ := strconv.Atoi(ma[1])
		nb, _ := strconv.Atoi(mb[1])
		if na != nb {
			return na < nb
		}
	}
	return a < b
}
