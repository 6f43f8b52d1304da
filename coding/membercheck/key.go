package membercheck

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// keyPrefix starts every signed key; the number is the key format.
const keyPrefix = "fmc1."

// Key ties a row of a packet to what it asks about. It travels in a
// hidden cell of the row, signed with the project's secret, so that an
// answer comes back to the right participant, theme and coding, and a
// changed key is detected.
type Key struct {
	// Project is the project's id; Packet the packet's.
	Project string `json:"pj"`
	Packet  string `json:"pk"`
	// Participant is the participant's id (P07).
	Participant string `json:"p"`
	// Item is "packet" (the packet as a whole), "theme" or "quote".
	Item  string `json:"i"`
	Theme string `json:"t,omitempty"`
	// For quotes: the coding, its source, the quote's span (code points)
	// and the SHA-256 of the source text when the packet was written.
	Coding string `json:"c,omitempty"`
	Source string `json:"s,omitempty"`
	Start  int    `json:"a,omitempty"`
	End    int    `json:"b,omitempty"`
	SHA256 string `json:"h,omitempty"`
	// Lang is the packet's language.
	Lang string `json:"l,omitempty"`
}

// ErrBadSignature is returned for a key whose signature does not verify:
// it was changed, or it belongs to another project.
var ErrBadSignature = errors.New("the key's signature does not verify")

// Sign encodes a key with its HMAC-SHA256 signature under secret.
func Sign(k Key, secret []byte) (string, error) {
	if len(secret) < 16 {
		return "", errors.New("the signing secret is too short")
	}
	payload, err := json.Marshal(k)
	if err != nil {
		return "", err
	}
	body := keyPrefix + base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(mac(body, secret)), nil
}

func mac(body string, secret []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(body))
	return h.Sum(nil)
}

// Decode reads a key without checking its signature, so that a packet of
// another project can be recognised and named.
func Decode(s string) (Key, error) {
	var k Key
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, keyPrefix) {
		return k, errors.New("not a Focal member-check key")
	}
	rest := s[len(keyPrefix):]
	i := strings.IndexByte(rest, '.')
	if i < 0 {
		return k, errors.New("the key has no signature")
	}
	payload, err := base64.RawURLEncoding.DecodeString(rest[:i])
	if err != nil {
		return k, fmt.Errorf("the key is damaged: %w", err)
	}
	if err := json.Unmarshal(payload, &k); err != nil {
		return k, fmt.Errorf("the key is damaged: %w", err)
	}
	switch k.Item {
	case "packet", "theme", "quote":
	default:
		return k, fmt.Errorf("the key names no known item (%q)", k.Item)
	}
	return k, nil
}

// Verify decodes a key and checks its signature under secret.
func Verify(s string, secret []byte) (Key, error) {
	k, err := Decode(s)
	if err != nil {
		return k, err
	}
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, '.')
	sig, err := base64.RawURLEncoding.DecodeString(s[i+1:])
	if err != nil || !hmac.Equal(sig, mac(s[:i], secret)) {
		return k, ErrBadSignature
	}
	return k, nil
}
