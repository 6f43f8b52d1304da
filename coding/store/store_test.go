package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

func newProject(t *testing.T) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "study.focal")
	s, err := Create(t.Context(), path, "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCreateMakesPrivateProjectWithID(t *testing.T) {
	s := newProject(t)
	fi, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	p, err := s.Project(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.ID) != 36 || p.Title != "Belonging" || p.Schema != SchemaVersion() {
		t.Errorf("project = %+v", p)
	}
	// The WAL files SQLite creates next to the project must be private too.
	if _, err := s.ImportSource(t.Context(), sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(s.Path() + "-wal"); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("wal mode = %v, want 0600", fi.Mode().Perm())
	}
	if _, err := Create(t.Context(), s.Path(), ""); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Create over an existing file: %v", err)
	}
}

func TestOpenChecksPragmas(t *testing.T) {
	s := newProject(t)
	checks := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2"}
	for pragma, want := range checks {
		var got string
		if err := s.db.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

func TestOpenRefusesOtherFilesUnchanged(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.focal")
	os.WriteFile(text, []byte("hello, this is not a database at all"), 0o600)

	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t(x); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, path := range []string{text, other} {
		before, _ := os.ReadFile(path)
		_, err := Open(t.Context(), path)
		if !errors.Is(err, ErrNotProject) {
			t.Errorf("Open(%s) = %v, want ErrNotProject", filepath.Base(path), err)
		}
		after, _ := os.ReadFile(path)
		if string(before) != string(after) {
			t.Errorf("Open changed %s", filepath.Base(path))
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			t.Errorf("Open left a WAL file next to %s", filepath.Base(path))
		}
	}
	if _, err := Open(t.Context(), filepath.Join(dir, "missing.focal")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file: %v", err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	s := newProject(t)
	path := s.Path()
	if _, err := s.db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "newer Focal") {
		t.Fatalf("Open = %v, want a newer-Focal error", err)
	}
}

func sampleSource(t *testing.T, name string) NewSource {
	t.Helper()
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "Who felt like they belonged?", StartMS: 0, EndMS: 2000},
		{Speaker: "Zoë", Label: "Zoë", Text: "Honestly, not me 😅. I was the only one.", StartMS: 2000, EndMS: 6000},
		{Speaker: "Dana", Label: "Dana", Text: "Say more.", StartMS: -1, EndMS: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewSource{Name: name, Group: "North", Format: "vtt", Draft: d,
		Units: map[string][]corpus.Span{"sentence": {{Start: 6, End: 34}}, "word": {{Start: 6, End: 9}, {Start: 10, End: 14}}}}
}

func TestImportSourceRoundTrip(t *testing.T) {
	s := newProject(t)
	ctx := WithActor(t.Context(), "ana")
	src, err := s.ImportSource(ctx, sampleSource(t, "fg01"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Source(ctx, "fg01")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != src.ID || got.Turns != 3 || got.Speakers != 2 || got.Group != "North" {
		t.Errorf("source = %+v", got)
	}
	turns, err := s.Turns(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := s.SourceText(ctx, src.ID)
	idx := corpus.NewPositionIndex(text)
	second, _ := idx.Slice(turns[1].Utterance())
	if second != "Honestly, not me 😅. I was the only one." || turns[1].Speaker != "Zoë" || *turns[1].StartMS != 2000 {
		t.Errorf("turn 2 = %+v %q", turns[1], second)
	}
	if turns[2].StartMS != nil {
		t.Errorf("unknown time stored as %v", *turns[2].StartMS)
	}
	words, err := s.Units(ctx, src.ID, "word")
	if err != nil || len(words) != 2 || words[1] != (corpus.Span{Start: 10, End: 14}) {
		t.Errorf("word units = %v, %v", words, err)
	}
	events, _ := s.Events(ctx, src.ID, "source.", 0)
	if len(events) != 1 || events[0].Kind != "source.imported" || events[0].Actor != "ana" {
		t.Errorf("events = %+v", events)
	}
}

func TestImportRefusesDuplicatesAndNameClashes(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	var dup *DuplicateError
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01-copy")); !errors.As(err, &dup) || dup.Existing != "fg01" {
		t.Errorf("duplicate import: %v", err)
	}
	again := sampleSource(t, "fg01-copy")
	again.AllowDuplicate = true
	if _, err := s.ImportSource(ctx, again); err != nil {
		t.Errorf("allowed duplicate: %v", err)
	}
	clash := sampleSource(t, "fg01")
	clash.AllowDuplicate = true
	if _, err := s.ImportSource(ctx, clash); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("name clash: %v", err)
	}
	sources, _ := s.Sources(ctx)
	if len(sources) != 2 {
		t.Errorf("sources = %d, want 2", len(sources))
	}
}

func TestImportIsAtomic(t *testing.T) {
	s := newProject(t)
	ns := sampleSource(t, "fg01")
	// A unit kind that violates the primary key makes the last insert fail;
	// nothing of the source may remain.
	ns.Draft.Speakers = append(ns.Draft.Speakers, "Zoë")
	if _, err := s.ImportSource(t.Context(), ns); err == nil {
		t.Fatal("import with a duplicate speaker should fail")
	}
	var n int
	for _, table := range []string{"sources", "speakers", "turns", "units"} {
		s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n)
		if n != 0 {
			t.Errorf("%s has %d rows after a failed import", table, n)
		}
	}
	events, _ := s.Events(t.Context(), "", "source.", 0)
	if len(events) != 0 {
		t.Errorf("failed import logged %d events", len(events))
	}
}

func TestEventLogIsAppendOnly(t *testing.T) {
	s := newProject(t)
	if _, err := s.db.Exec(`UPDATE events SET kind = 'x'`); err == nil {
		t.Error("updating an event should fail")
	}
	if _, err := s.db.Exec(`DELETE FROM events`); err == nil {
		t.Error("deleting an event should fail")
	}
}

func TestParticipantsAndSpeakers(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	src, err := s.ImportSource(ctx, sampleSource(t, "fg01"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LinkSpeaker(ctx, src.ID, "Zoë", "P07"); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkSpeaker(ctx, src.ID, "Nobody", "P08"); !errors.Is(err, ErrNotFound) {
		t.Errorf("linking an unknown speaker: %v", err)
	}
	if err := s.SetSpeakerRole(ctx, src.ID, "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetParticipantAttributes(ctx, map[string]map[string]string{"P07": {"pgy": "2", "site": "West"}, "amira": {"pgy": "1"}}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Participants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "P07" || ps[0].Pseudonym != "P07" || ps[0].Attributes["site"] != "West" || ps[0].Speakers[0] != "fg01:Zoë" {
		t.Errorf("participants = %+v", ps)
	}
	if ps[1].Name != "amira" || ps[1].Pseudonym != "P01" {
		t.Errorf("a named participant should get the first free pseudonym: %+v", ps[1])
	}
	turns, _ := s.Turns(ctx, src.ID)
	if turns[0].Role != "moderator" || turns[1].Participant != "P07" {
		t.Errorf("turns = %+v", turns[:2])
	}
	if err := s.SetParticipantAttributes(ctx, map[string]map[string]string{"P07": {"site": ""}}); err != nil {
		t.Fatal(err)
	}
	ps, _ = s.Participants(ctx)
	if _, ok := ps[0].Attributes["site"]; ok {
		t.Error("an empty value should remove the attribute")
	}
}

func TestRenameAndRemoveSource(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameSource(ctx, "fg01", "group-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Source(ctx, "fg01"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old name still found: %v", err)
	}
	if err := s.RemoveSource(ctx, "group-1", false); err != nil {
		t.Fatal(err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM turns`).Scan(&n)
	if n != 0 {
		t.Errorf("%d turns left after rm", n)
	}
	events, _ := s.Events(ctx, "", "source.removed", 0)
	if len(events) != 1 || !strings.Contains(string(events[0].Before), "only one") {
		t.Errorf("removal event should keep the text: %+v", events)
	}
}

// Schema versions are positions in the sorted list of migrations, so the
// files must be numbered 0001, 0002, … without gaps: a gap filled later
// would make projects opened in between skip or repeat a migration.
func TestMigrationsAreNumberedWithoutGaps(t *testing.T) {
	names, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		if want := fmt.Sprintf("%04d_", i+1); !strings.HasPrefix(name, want) {
			t.Errorf("migration %d is %s; want a name starting with %s", i+1, name, want)
		}
	}
}

// A code named with a typo is not found, and the error names the code the
// researcher probably meant (every command that takes a code says it);
// a name like no code's gets no guess.
func TestUnknownCodeNamesTheLikelyOne(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.AddCode(ctx, NewCode{Path: "belonging/isolation"}); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{
		"isolaton":            `no code "isolaton"; did you mean "belonging/isolation"?`,
		"belonging/isolaton":  `no code "belonging/isolaton"; did you mean "belonging/isolation"?`,
		"Belonging/Isolation": `no code "Belonging/Isolation"; did you mean "belonging/isolation"?`,
		"loneliness":          `no code "loneliness" (see`,
	} {
		_, err := s.Code(ctx, ref)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), want) {
			t.Errorf("Code(%q): %v; want not found with %q", ref, err, want)
		}
	}
}
