package store

import (
	"fmt"
	"strings"
	"testing"
)

// TestEventsOfKindsIsTheLogNarrowedByExactPrefixes checks the read the
// exports use for the codebook's history and the de-identification marks:
// the events whose kind starts with one of the prefixes, exactly as written,
// oldest first, and nothing else (not coder events for "code.", not kinds
// that match only case-insensitively or through LIKE's wildcards).
func TestEventsOfKindsIsTheLogNarrowedByExactPrefixes(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.AddCoder(ctx, "ana", "coder"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode(ctx, NewCode{Path: "belonging"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FreezeCodebook(ctx, "v1", "first"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode(ctx, NewCode{Path: "belonging/names"}); err != nil {
		t.Fatal(err)
	}
	// Kinds Focal never writes, that a LIKE 'code.%' would also match.
	for i, kind := range []string{"CODE.created", "codeXcreated", "code", "codebook/", "code/"} {
		if _, err := s.db.Exec(`INSERT INTO events(id, at, kind) VALUES (?, '2026-01-01T00:00:00Z', ?)`, fmt.Sprintf("odd-%d", i), kind); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddCode(ctx, NewCode{Path: "work"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.EventsOfKinds(ctx, "code.", "codebook.")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range got {
		kinds = append(kinds, e.Kind)
	}
	want := "code.created codebook.frozen code.created code.created"
	if strings.Join(kinds, " ") != want {
		t.Errorf("kinds = %q, want %q", strings.Join(kinds, " "), want)
	}
	// The same events, whole and in order, as the whole log has them.
	all, err := s.Events(ctx, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var fromAll []Event
	for _, e := range all {
		if strings.HasPrefix(e.Kind, "code.") || strings.HasPrefix(e.Kind, "codebook.") {
			fromAll = append(fromAll, e)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(fromAll) {
		t.Errorf("EventsOfKinds = %v\nwant the log's own %v", got, fromAll)
	}
	if none, err := s.EventsOfKinds(ctx, "theme."); err != nil || len(none) != 0 {
		t.Errorf("no theme events: %v, %v", none, err)
	}
}
