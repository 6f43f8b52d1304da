package store

import (
	"os"
	"path/filepath"
	"testing"
)

// A project in a folder whose name holds #, ? or % (as "group #2" may)
// opens that file, not another one named by the part before the #.
func TestProjectInAFolderWithURICharacters(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "group #2 ?50%")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "study.focal")
	s, err := Create(t.Context(), path, "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSource(t.Context(), sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	p, err := s.Project(t.Context())
	if err != nil || p.Title != "Belonging" {
		t.Fatalf("project = %+v, %v", p, err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the parent folder holds %q, want only the project's folder", names)
	}
}
