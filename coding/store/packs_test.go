package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/pack"
)

// copyOf copies a project with CopyTo and opens the copy.
func copyOf(t *testing.T, s *Store, name string) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := s.CopyTo(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	c, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func makePack(t *testing.T, s *Store, req PackRequest) *pack.Pack {
	t.Helper()
	p, err := s.MakePack(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustMerge(t *testing.T, s *Store, p *pack.Pack, opts MergeOptions) MergeReport {
	t.Helper()
	rep, err := s.MergePack(WithActor(t.Context(), "ana"), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func mustCode(t *testing.T, s *Store, ctx context.Context, phrase, code string) Coding {
	t.Helper()
	start, end := spanOf(t, s, phrase)
	res, err := s.AddCoding(ctx, NewCoding{Source: "fg01", Code: code, Start: start, End: end})
	if err != nil {
		t.Fatal(err)
	}
	return res.Coding
}

func TestCopyToIsAPrivateConsistentCopy(t *testing.T) {
	s, _, ben := projectWithCoders(t)
	mustCode(t, s, ben, "the only one", "isolation")
	c := copyOf(t, s, "ben.focal")
	fi, err := os.Stat(c.Path())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("copy mode: %v, %v", fi, err)
	}
	p1, _ := s.Project(t.Context())
	p2, err := c.Project(t.Context())
	if err != nil || p1 != p2 {
		t.Errorf("copy's project %+v, %v; want %+v", p2, err, p1)
	}
	if got, want := countLog(t, c), countLog(t, s); got != want {
		t.Errorf("copy has %d events, the project %d", got, want)
	}
	if err := s.CopyTo(t.Context(), c.Path()); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("copy over an existing file: %v", err)
	}
	if err := s.CopyTo(t.Context(), s.Path()); err == nil || !strings.Contains(err.Error(), "project itself") {
		t.Errorf("copy onto itself: %v", err)
	}
}

func countLog(t *testing.T, s *Store) int {
	t.Helper()
	events, err := s.Events(t.Context(), "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

func TestMergeKeepsEventIdentityAndIsNotUndone(t *testing.T) {
	s, _, _ := projectWithCoders(t)
	c := copyOf(t, s, "ben.focal")
	ben := WithActor(t.Context(), "ben")
	coding := mustCode(t, c, ben, "the only one", "belonging/isolation")
	p := makePack(t, c, PackRequest{Coder: "ben"})
	if len(p.Events) != 3 {
		t.Fatalf("pack events: %+v", p.Events)
	}
	rep := mustMerge(t, s, p, MergeOptions{File: "/tmp/ben.focalpack"})
	if rep.CodesCreated != 2 || rep.CodingsAdded != 1 || rep.Applied != 3 {
		t.Errorf("report: %+v", rep)
	}
	for _, e := range p.Events {
		logged, err := s.Events(t.Context(), e.EntityID, e.Kind, 0)
		if err != nil || len(logged) != 1 || logged[0].ID != e.ID || logged[0].Actor != "ben" ||
			!strings.Contains(logged[0].Reason, fmt.Sprintf("merged from ben.focalpack: event %d of ben's copy", e.Seq)) {
			t.Errorf("%s in the master's log: %+v, %v", e.Kind, logged, err)
		}
	}
	merged, err := s.Events(t.Context(), "", "pack.merged", 0)
	if err != nil || len(merged) != 1 || merged[0].Actor != "ana" {
		t.Errorf("pack.merged: %+v, %v", merged, err)
	}
	got, err := s.Codings(t.Context(), CodingFilter{Viewer: "ben", Coder: "ben"})
	if err != nil || len(got) != 1 || got[0].ID != coding.ID || got[0].CreatedAt != coding.CreatedAt || got[0].Code != "belonging/isolation" {
		t.Errorf("master's codings: %+v, %v", got, err)
	}
	// A merge is not one of ben's actions to undo, nor ana's.
	for _, who := range []string{"ben", "ana"} {
		if _, err := s.Undo(WithActor(t.Context(), who)); err == nil || !strings.Contains(err.Error(), "pack.merged") {
			t.Errorf("%s's undo after a merge: %v", who, err)
		}
	}
}

func TestMergeAddsOrMatchesTheCoder(t *testing.T) {
	s, _, _ := projectWithCoders(t)
	c := copyOf(t, s, "cy.focal")
	if _, err := c.AddCoder(t.Context(), "cy", "pi"); err != nil {
		t.Fatal(err)
	}
	mustCode(t, c, WithActor(t.Context(), "cy"), "Say more", "isolation")
	p := makePack(t, c, PackRequest{Coder: "cy"})

	dry := mustMerge(t, s, p, MergeOptions{DryRun: true})
	if !dry.DryRun || !dry.CoderAdded || dry.CodingsAdded != 1 {
		t.Errorf("dry run: %+v", dry)
	}
	if _, err := s.Coder(t.Context(), "cy"); err == nil {
		t.Fatal("a dry run added the coder")
	}
	// Someone added another cy here meanwhile: same name, another id.
	other := copyOf(t, s, "other.focal")
	if _, err := s.AddCoder(t.Context(), "cy", "coder"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergePack(t.Context(), p, MergeOptions{}); !errors.Is(err, ErrPackRefused) || !strings.Contains(err.Error(), "--coder-by-name") {
		t.Errorf("merge with a clashing coder: %v", err)
	}
	rep := mustMerge(t, s, p, MergeOptions{CoderByName: true})
	if rep.CoderAdded || rep.CodingsAdded != 1 {
		t.Errorf("merge --coder-by-name: %+v", rep)
	}
	// In a project without cy, cy comes in as a coder with the copy's id.
	rep = mustMerge(t, other, p, MergeOptions{})
	got, err := other.Coder(t.Context(), "cy")
	if !rep.CoderAdded || err != nil || got.ID != p.Header.Coder.ID || got.Role != "coder" {
		t.Errorf("coder added: %+v, %+v, %v", rep, got, err)
	}
}

func TestMergeFollowsTheMastersCodebook(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	for _, path := range []string{"belonging/isolation", "belonging/alone"} {
		if _, err := s.AddCode(ana, NewCode{Path: path}); err != nil {
			t.Fatal(err)
		}
	}
	c := copyOf(t, s, "ben.focal")
	benCopy := WithActor(t.Context(), "ben")
	mustCode(t, c, benCopy, "the only one", "belonging/alone")
	twice := mustCode(t, c, benCopy, "Say more", "belonging/isolation")
	if _, err := c.AddMemo(benCopy, MemoTarget{Kind: MemoOnCoding, Ref: twice.ID}, "", "coded here too"); err != nil {
		t.Fatal(err)
	}
	// Meanwhile in the master: alone is merged into isolation, and ben
	// codes "Say more" there as well.
	if _, err := s.MergeCode(ana, "belonging/alone", "belonging/isolation"); err != nil {
		t.Fatal(err)
	}
	here := mustCode(t, s, ben, "Say more", "belonging/isolation")
	rep := mustMerge(t, s, makePack(t, c, PackRequest{Coder: "ben"}), MergeOptions{})
	if rep.CodingsAdded != 1 || rep.MemosAdded != 1 || len(rep.Notes) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	if !strings.Contains(rep.Notes[0].Note, "merged into belonging/isolation") || !strings.Contains(rep.Notes[1].Note, "already coded by ben here") {
		t.Errorf("notes: %+v", rep.Notes)
	}
	memos, err := s.Memos(t.Context(), MemoFilter{Viewer: "ben", Kind: MemoOnCoding})
	if err != nil || len(memos) != 1 || memos[0].TargetID != here.ID {
		t.Errorf("the memo on the coding made twice is on %+v, %v; want the master's %s", memos, err, here.ID)
	}
	got, _ := s.Codings(t.Context(), CodingFilter{Viewer: "ben", Coder: "ben"})
	if len(got) != 2 || got[0].Code != "belonging/isolation" || got[1].Code != "belonging/isolation" {
		t.Errorf("codings: %+v", got)
	}
}

func TestMergeReportsMemoEditConflicts(t *testing.T) {
	s, _, ben := projectWithCoders(t)
	m, err := s.AddMemo(ben, MemoTarget{}, "", "first thoughts")
	if err != nil {
		t.Fatal(err)
	}
	c := copyOf(t, s, "ben.focal")
	if _, _, err := c.EditMemo(WithActor(t.Context(), "ben"), m.ID, "second thoughts, offline"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.EditMemo(ben, m.ID, "second thoughts, here"); err != nil {
		t.Fatal(err)
	}
	rep := mustMerge(t, s, makePack(t, c, PackRequest{Coder: "ben"}), MergeOptions{})
	if rep.MemosEdited != 0 || rep.Skipped != 1 || !strings.Contains(rep.Notes[0].Note, "changed in the master") {
		t.Errorf("report: %+v", rep)
	}
	if got, _ := s.Memo(t.Context(), "ben", m.ID); got.Body != "second thoughts, here" {
		t.Errorf("memo = %q", got.Body)
	}
}

func TestPackResolvesUndo(t *testing.T) {
	s, _, _ := projectWithCoders(t)
	c := copyOf(t, s, "ben.focal")
	ben := WithActor(t.Context(), "ben")
	m, err := c.AddMemo(ben, MemoTarget{}, "", "a memo")
	if err != nil {
		t.Fatal(err)
	}
	first := makePack(t, c, PackRequest{Coder: "ben"})
	mustCode(t, c, ben, "the only one", "isolation")
	if _, err := c.Undo(ben); err != nil {
		t.Fatal(err)
	}
	// The coding and its undo cancel out.
	if p := makePack(t, c, PackRequest{Coder: "ben"}); len(p.Events) != 1 || p.Events[0].EntityID != m.ID {
		t.Errorf("pack after an undone coding: %+v", p.Events)
	}
	// Undoing a memo sent before cannot be expressed after the base.
	if _, err := c.Undo(ben); err != nil {
		t.Fatal(err)
	}
	_, err = c.MakePack(t.Context(), PackRequest{Coder: "ben", Since: fmt.Sprint(first.Header.Until)})
	if err == nil || !strings.Contains(err.Error(), "--since") || !strings.Contains(err.Error(), "memo.added") {
		t.Errorf("pack after undoing a memo sent before: %v", err)
	}
	if p := makePack(t, c, PackRequest{Coder: "ben"}); len(p.Events) != 0 {
		t.Errorf("pack of everything after both undos: %+v", p.Events)
	}
}

func TestPackBases(t *testing.T) {
	s, _, ben := projectWithCoders(t)
	mustCode(t, s, ben, "the only one", "isolation")
	events, _ := s.Events(t.Context(), "", "", 0)
	last := events[len(events)-1]
	mustCode(t, s, ben, "Say more", "isolation")
	for _, tc := range []struct {
		since string
		want  int
	}{
		{"", 3},
		{fmt.Sprint(last.Seq), 1},
		{last.ID, 1},
		{last.At[:10], 3},
		{"2999-01-01", 0},
	} {
		p, err := s.MakePack(t.Context(), PackRequest{Coder: "ben", Since: tc.since})
		if err != nil || len(p.Events) != tc.want {
			t.Errorf("--since %q: %v, %v; want %d events", tc.since, p, err, tc.want)
		}
	}
	for _, since := range []string{"0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f", "tomorrow"} {
		if _, err := s.MakePack(t.Context(), PackRequest{Coder: "ben", Since: since}); err == nil {
			t.Errorf("--since %q was accepted", since)
		}
	}
	if _, err := s.MakePack(t.Context(), PackRequest{Coder: "zoe"}); err == nil || !strings.Contains(err.Error(), "no coder named") {
		t.Errorf("pack of an unknown coder: %v", err)
	}
}
