package store

import (
	"context"
	"testing"
)

// TestSnapshotReadsThroughAMapOnlyInside: a snapshot's connection reads
// the project file through SQLite's read-only memory map, and goes back to
// the pool without it (a later write on that connection reads as before).
func TestSnapshotReadsThroughAMapOnlyInside(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	// One connection, so that the one after the snapshot is the same.
	s.db.SetMaxOpenConns(1)
	var inside int64
	err := s.Snapshot(ctx, func(snap *Store) error {
		return snap.rd.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&inside)
	})
	if err != nil {
		t.Fatal(err)
	}
	if inside != snapshotMapSize {
		t.Errorf("mmap_size inside a snapshot = %d, want %d", inside, snapshotMapSize)
	}
	var after int64
	if err := s.db.QueryRowContext(context.Background(), `PRAGMA mmap_size`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != 0 {
		t.Errorf("mmap_size after the snapshot = %d, want 0", after)
	}
	// The project is still written and read as ever.
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if err := s.Snapshot(ctx, func(snap *Store) error {
		srcs, err := snap.Sources(ctx)
		if err == nil && len(srcs) != 1 {
			t.Errorf("sources in a snapshot = %d, want 1", len(srcs))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
