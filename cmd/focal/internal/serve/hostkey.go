package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"golang.org/x/crypto/ssh"
)

// LoadOrCreateHostKey reads the server's host key from path, or, when the
// file does not exist, makes a new ed25519 key and saves it there with
// mode 0600. A stable host key lets clients check, from the second
// connection on, that they reach the same server. created says whether
// the key is new.
func LoadOrCreateHostKey(path string) (signer ssh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if runtime.GOOS != "windows" {
			fi, err := os.Stat(path)
			if err != nil {
				return nil, false, err
			}
			if perm := fi.Mode().Perm(); perm&0o077 != 0 {
				return nil, false, fmt.Errorf("host key %s can be read by others (mode %04o): make it private with `chmod 600 %s`", path, perm, path)
			}
		}
		signer, err := ssh.ParsePrivateKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("read host key %s: %w (move the file away to make a new key; clients will then warn that the key changed)", path, err)
		}
		return signer, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("read host key: %w", err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("make a host key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(key, "focal team server")
	if err != nil {
		return nil, false, fmt.Errorf("make a host key: %w", err)
	}
	// O_EXCL: two servers starting at once must not replace each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("save host key: %w", err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("save host key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("save host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("save host key %s: %w", path, err)
	}
	signer, err = ssh.NewSignerFromKey(key)
	if err != nil {
		return nil, false, err
	}
	return signer, true, nil
}
