package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// ownCopyKeySetting is where a copy keeps the key its packs are signed with.
const ownCopyKeySetting = "copy.key"

// CopyKey is the key of one offline copy made for a coder: the master
// keeps every key it gave out, the copy only its own.
type CopyKey struct {
	ID      string `json:"id"`
	CoderID string `json:"coder_id"`
	// Coder is the coder's name, as this project knows them now.
	Coder string `json:"-"`
	// Secret is the key itself (32 random bytes).
	Secret []byte `json:"-"`
	// File is the copy's file name, for people.
	File   string `json:"file,omitempty"`
	MadeBy string `json:"made_by,omitempty"`
	MadeAt string `json:"made_at,omitempty"`
}

// NewCopyKey makes a fresh random key for a copy made for the coder.
func NewCopyKey(coderID, file string) (CopyKey, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return CopyKey{}, err
	}
	return CopyKey{ID: uuid.NewString(), CoderID: coderID, Secret: secret, File: file}, nil
}

// AddCopyKey records in this project (the master) a key given to a copy.
func (s *Store) AddCopyKey(ctx context.Context, k CopyKey) error {
	return s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(`INSERT INTO copy_keys(id, coder_id, secret, file, made_by, made_at) VALUES (?, ?, ?, ?, ?, ?)`,
			k.ID, k.CoderID, hex.EncodeToString(k.Secret), k.File, tx.actor, tx.now)
		return err
	})
}

// CopyKeyByID finds a key this project gave to a copy; ErrNotFound when it
// never gave one with that id.
func (s *Store) CopyKeyByID(ctx context.Context, id string) (CopyKey, error) {
	var k CopyKey
	var secret string
	err := s.rd.QueryRowContext(ctx, `SELECT k.id, k.coder_id, c.name, k.secret, k.file, k.made_by, k.made_at
		FROM copy_keys k JOIN coders c ON c.id = k.coder_id WHERE k.id = ?`, id).
		Scan(&k.ID, &k.CoderID, &k.Coder, &secret, &k.File, &k.MadeBy, &k.MadeAt)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("copy key %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return k, err
	}
	if k.Secret, err = hex.DecodeString(secret); err != nil {
		return k, fmt.Errorf("copy key %s is damaged: %w", id, err)
	}
	return k, nil
}

// OwnCopyKey is the key this project, a copy, signs its packs with; ok is
// false in a master, or in a copy made by an earlier release.
func (s *Store) OwnCopyKey(ctx context.Context) (k CopyKey, ok bool, err error) {
	var value string
	err = s.rd.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, ownCopyKeySetting).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return k, false, nil
	}
	if err != nil {
		return k, false, err
	}
	var stored struct {
		CopyKey
		Secret string `json:"secret"`
	}
	if err := json.Unmarshal([]byte(value), &stored); err != nil {
		return k, false, fmt.Errorf("this copy's key is damaged: %w", err)
	}
	k = stored.CopyKey
	if k.Secret, err = hex.DecodeString(stored.Secret); err != nil || len(k.Secret) == 0 {
		return k, false, errors.New("this copy's key is damaged: make a new copy in the master")
	}
	k.Coder = k.CoderID
	s.rd.QueryRowContext(ctx, `SELECT name FROM coders WHERE id = ?`, k.CoderID).Scan(&k.Coder)
	return k, true, nil
}

// setOwnCopyKey gives a copy its key (see CopyCut.Key).
func setOwnCopyKey(tx *Tx, k CopyKey) error {
	value, err := json.Marshal(struct {
		CopyKey
		Secret string `json:"secret"`
	}{k, hex.EncodeToString(k.Secret)})
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)`, ownCopyKeySetting, string(value))
	return err
}
