package pack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Signature says which copy's key signed a pack, and the signature itself:
// the HMAC-SHA256, under that key, of the pack's canonical bytes (the pack
// as Write writes it without its signature). The master keeps every key
// it gave to a copy, so it can tell whose copy a pack came from and that
// nobody changed it on the way (docs/PACKS.md, "Signatures").
type Signature struct {
	// Key is the id of the copy's key (the key itself never travels).
	Key string `json:"key"`
	// HMAC is the HMAC-SHA256 in lower-case hex.
	HMAC string `json:"hmac_sha256"`
}

// ErrBadSignature marks a pack whose signature does not match its bytes
// under the key it names: it was changed after it was signed, or signed
// with another key.
var ErrBadSignature = errors.New("the signature does not match the pack")

// Sign signs the pack with a copy's key: keyID names the key, secret is
// the key itself.
func (p *Pack) Sign(keyID string, secret []byte) error {
	if !canonicalUUID(keyID) {
		return fmt.Errorf("sign the pack: key id %q is not a UUID", keyID)
	}
	if len(secret) == 0 {
		return errors.New("sign the pack: the key is empty")
	}
	mac, err := p.mac(secret)
	if err != nil {
		return fmt.Errorf("sign the pack: %w", err)
	}
	p.Header.Signature = &Signature{Key: keyID, HMAC: hex.EncodeToString(mac)}
	return nil
}

// VerifySignature checks the pack's signature under secret, the key that
// its signature names. A pack with no signature, or whose bytes (header
// or events) differ from those signed, fails with ErrBadSignature.
func (p *Pack) VerifySignature(secret []byte) error {
	sig := p.Header.Signature
	if sig == nil {
		return fmt.Errorf("%w: the pack is not signed", ErrBadSignature)
	}
	want, err := hex.DecodeString(sig.HMAC)
	if err != nil || len(secret) == 0 {
		return ErrBadSignature
	}
	got, err := p.mac(secret)
	if err != nil {
		return err
	}
	if !hmac.Equal(got, want) {
		return ErrBadSignature
	}
	return nil
}

// mac is the HMAC-SHA256 of the pack's canonical bytes: what Write writes
// of it without a signature. Read and Write agree byte for byte on a
// pack, so the master computes it again from the pack it read.
func (p *Pack) mac(secret []byte) ([]byte, error) {
	unsigned := *p
	unsigned.Header.Signature = nil
	var buf bytes.Buffer
	if err := Write(&buf, &unsigned); err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, secret)
	m.Write(buf.Bytes())
	return m.Sum(nil), nil
}
