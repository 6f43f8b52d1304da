package store

import (
	"errors"
	"testing"
)

func TestSnapshotReadsOneStateWhileOthersWrite(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	a, b := spanOf(t, s, "I was the only one.")
	mustCount := func(st *Store, viewer string) int {
		t.Helper()
		cs, err := st.Codings(ana, CodingFilter{Viewer: viewer})
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	if _, err := s.AddCoding(ben, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b}); err != nil {
		t.Fatal(err)
	}
	err := s.Snapshot(ana, func(snap *Store) error {
		before := mustCount(snap, "ben")
		// Another writer (here: the same process through the pool)
		// commits while the snapshot is open.
		if _, err := s.AddCoding(ben, NewCoding{Source: "fg01", Code: "candour", Start: a, End: b}); err != nil {
			t.Fatal(err)
		}
		if got := mustCount(snap, "ben"); got != before {
			t.Errorf("inside the snapshot the codings went %d → %d", before, got)
		}
		if got := mustCount(s, "ben"); got != before+1 {
			t.Errorf("outside the snapshot: %d codings, want %d", got, before+1)
		}
		if _, err := snap.AddCoding(ben, NewCoding{Source: "fg01", Code: "x", Start: a, End: b}); !errors.Is(err, ErrSnapshotReadOnly) {
			t.Errorf("a write inside the snapshot: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
