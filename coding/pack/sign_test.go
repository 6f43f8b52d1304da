package pack

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const keyID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"

// A signed pack read back from its file verifies under its key, and fails
// under another key, or once any byte that means something was changed.
func TestSignatureCoversEveryByteThatMeansSomething(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	p := samplePack()
	if err := p.Sign(keyID, secret); err != nil {
		t.Fatal(err)
	}
	data := string(write(t, p))
	if !strings.Contains(strings.SplitN(data, "\n", 2)[0], `"signature":{"key":"`+keyID+`","hmac_sha256":"`) {
		t.Fatalf("the header carries no signature:\n%s", data)
	}
	read := func(t *testing.T, s string) *Pack {
		t.Helper()
		q, err := Read(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if err := read(t, data).VerifySignature(secret); err != nil {
		t.Fatalf("the pack as written does not verify: %v", err)
	}
	// Windows line ends and a byte order mark change no meaning.
	if err := read(t, "\uFEFF"+strings.ReplaceAll(data, "\n", "\r\n")).VerifySignature(secret); err != nil {
		t.Errorf("the pack with Windows line ends does not verify: %v", err)
	}
	if err := read(t, data).VerifySignature([]byte("another key, same length, 32 b..")); !errors.Is(err, ErrBadSignature) {
		t.Errorf("under another key: %v, want ErrBadSignature", err)
	}
	changes := []struct{ name, from, to string }{
		{"a span", `"end":42`, `"end":41`},
		{"the coder", `"name":"ben","role":"coder"`, `"name":"ben","role":"pi"`},
		{"a memo", `"body":"why not"`, `"body":"why, not"`},
		{"a rejected passage", `"end":20`, `"end":19`},
		{"the base", `"since":"all"`, `"since":"seq","seq":3`},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			changed := strings.Replace(data, c.from, c.to, 1)
			if changed == data {
				t.Fatalf("%q is not in the pack", c.from)
			}
			if err := read(t, changed).VerifySignature(secret); !errors.Is(err, ErrBadSignature) {
				t.Errorf("changed %s: %v, want ErrBadSignature", c.name, err)
			}
		})
	}
	t.Run("an event left out", func(t *testing.T) {
		lines := strings.SplitAfter(data, "\n")
		changed := strings.Replace(lines[0], `"events":8`, `"events":7`, 1) + strings.Join(lines[1:6], "") + strings.Join(lines[7:], "")
		if err := read(t, changed).VerifySignature(secret); !errors.Is(err, ErrBadSignature) {
			t.Errorf("an event left out: %v, want ErrBadSignature", err)
		}
	})
	unsigned := samplePack()
	if err := unsigned.VerifySignature(secret); !errors.Is(err, ErrBadSignature) {
		t.Errorf("an unsigned pack: %v, want ErrBadSignature", err)
	}
}

// A signature that is not one is a format error, named with its line.
func TestReadRefusesMalformedSignature(t *testing.T) {
	p := samplePack()
	p.Header.Signature = &Signature{Key: keyID, HMAC: "nothex"}
	var buf bytes.Buffer
	if err := Write(&buf, p); err == nil {
		t.Fatal("Write wrote a malformed signature")
	}
	p.Header.Signature = nil
	data := strings.Replace(string(write(t, p)), `"events":8`, `"events":8,"signature":{"key":"k","hmac_sha256":"00"}`, 1)
	if _, err := Read(strings.NewReader(data)); err == nil || !strings.Contains(err.Error(), "line 1") || !strings.Contains(err.Error(), "signature key") {
		t.Errorf("Read of a malformed signature: %v", err)
	}
}
