package store

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// folderState is what a folder holds: each entry's name, mode, size and
// the SHA-256 of its bytes.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%v %d %x", fi.Mode(), fi.Size(), sha256.Sum256(data))
	}
	return out
}

// Issue 22: a project Focal refuses (a newer schema, a damaged file, not a
// Focal file) is left exactly as it was found: no -wal or -shm file beside
// it, its bytes and its mode unchanged.
func TestOpenLeavesRefusedFilesAsFound(t *testing.T) {
	s := newProject(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(good) < 3*4096 {
		t.Fatalf("set-up: the project has %d bytes", len(good))
	}
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"newer.focal", edit(func(b []byte) []byte { binary.BigEndian.PutUint32(b[60:64], 999); return b }), "newer Focal"},
		{"cut-short.focal", edit(func(b []byte) []byte { return b[:len(b)/2+7] }), "is damaged"},
		{"cut-in-header.focal", edit(func(b []byte) []byte { return b[:40] }), "is damaged"},
		{"schema-overwritten.focal", edit(func(b []byte) []byte {
			for i := 200; i < 4096; i++ {
				b[i] = 0xff
			}
			return b
		}), "is damaged"},
		{"pages-zeroed.focal", edit(func(b []byte) []byte {
			for i := 4096; i < 3*4096; i++ {
				b[i] = 0
			}
			return b
		}), "is damaged"},
		{"notes.focal", []byte("hello, this is not a database at all\n"), "not a Focal project"},
		{"other-program.focal", edit(func(b []byte) []byte { binary.BigEndian.PutUint32(b[68:72], 0); return b }), "another program"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.name)
			// A mode other than Focal's own, so that a change would show.
			if err := os.WriteFile(path, tc.data, 0o640); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, 0o640); err != nil {
				t.Fatal(err)
			}
			before := folderState(t, dir)
			opened, err := Open(t.Context(), path)
			if err == nil {
				opened.Close()
				t.Fatalf("Open(%s) opened it", tc.name)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open(%s) = %v, want %q", tc.name, err, tc.want)
			}
			after := folderState(t, dir)
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("Open(%s) changed the folder:\nbefore %v\nafter  %v", tc.name, before, after)
			}
		})
	}
	// The project itself still opens, and its -wal and -shm files are
	// SQLite's to keep while it is open.
	ok, err := Open(t.Context(), s.Path())
	if err != nil {
		t.Fatal(err)
	}
	ok.Close()
}
