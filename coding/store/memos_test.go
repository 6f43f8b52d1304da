package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// analysisProject is a project with one source, two coders (so blinding is
// on), a PI "ana" and a coder "ben", each with one coding, and a theme.
type analysisProject struct {
	s                    *Store
	ana, ben             context.Context
	anaCoding, benCoding string
}

func newAnalysisProject(t *testing.T) analysisProject {
	t.Helper()
	s := newProject(t)
	ctx := t.Context()
	if _, err := s.ImportSource(ctx, sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(ctx, "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(ctx, "ben", "coder"); err != nil {
		t.Fatal(err)
	}
	p := analysisProject{s: s, ana: WithActor(ctx, "ana"), ben: WithActor(ctx, "ben")}
	a, err := s.AddCoding(p.ana, NewCoding{Source: "fg01", Code: "isolation", Start: 6, End: 34})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddCoding(p.ben, NewCoding{Source: "fg01", Code: "hierarchy", Start: 6, End: 20})
	if err != nil {
		t.Fatal(err)
	}
	p.anaCoding, p.benCoding = a.Coding.ID, b.Coding.ID
	if _, err := s.AddTheme(p.ana, NewTheme{Name: "belonging"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// undoLastAction reverses the actor's last action through
// undoMemoOrThemeEvent, the way Undo does once it falls back to it.
func undoLastAction(ctx context.Context, s *Store) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var action string
		err := tx.QueryRow(`SELECT e.action FROM events e WHERE e.actor = ? AND e.kind <> 'undo' AND e.action <> ''
			AND NOT EXISTS (SELECT 1 FROM events u WHERE u.kind = 'undo' AND json_extract(u.after, '$.action') = e.action)
			ORDER BY e.seq DESC LIMIT 1`, tx.actor).Scan(&action)
		if err != nil {
			return err
		}
		events, err := actionEvents(tx, action)
		if err != nil {
			return err
		}
		for _, e := range events {
			handled, err := undoMemoOrThemeEvent(tx, e)
			if !handled {
				return fmt.Errorf("%s is not a memo or theme event", e.kind)
			}
			if err != nil {
				return err
			}
		}
		return tx.Event(Change{Kind: "undo", After: map[string]any{"action": action}})
	})
}

func actionEvents(tx *Tx, action string) ([]loggedEvent, error) {
	return readLoggedEvents(tx.Query(`SELECT seq, kind, entity_id, coalesce(before, ''), coalesce(after, '') FROM events WHERE action = ? ORDER BY seq DESC`, action))
}

// lastEventSeq is the sequence number of the latest event of a kind about
// an entity.
func lastEventSeq(t *testing.T, s *Store, kind, entityID string) int64 {
	t.Helper()
	var seq int64
	if err := s.db.QueryRow(`SELECT max(seq) FROM events WHERE kind = ? AND entity_id = ?`, kind, entityID).Scan(&seq); err != nil {
		t.Fatalf("no %s event for %s: %v", kind, entityID, err)
	}
	return seq
}

// undoEventOnly applies the inverse of one logged event, alone, and rolls
// it back: it tells whether undo would refuse.
func undoEventOnly(t *testing.T, s *Store, seq int64) error {
	t.Helper()
	rollback := errors.New("rolled back")
	err := s.InTx(t.Context(), func(tx *Tx) error {
		e := loggedEvent{seq: seq}
		var before, after sql.NullString
		if err := tx.QueryRow(`SELECT kind, entity_id, before, after FROM events WHERE seq = ?`, seq).Scan(&e.kind, &e.entityID, &before, &after); err != nil {
			t.Fatalf("no event %d: %v", seq, err)
		}
		e.before, e.after = []byte(before.String), []byte(after.String)
		if _, err := undoMemoOrThemeEvent(tx, e); err != nil {
			return err
		}
		return rollback
	})
	if errors.Is(err, rollback) {
		return nil
	}
	return err
}

func TestMemoTargets(t *testing.T) {
	p := newAnalysisProject(t)
	tests := []struct {
		name       string
		target     MemoTarget
		wantKind   string
		wantTarget string
	}{
		{"project", MemoTarget{}, MemoOnProject, ""},
		{"source", MemoTarget{Kind: MemoOnSource, Ref: "fg01"}, MemoOnSource, "fg01"},
		{"turn", MemoTarget{Kind: MemoOnTurn, Ref: "fg01:2"}, MemoOnTurn, "fg01:2"},
		{"code", MemoTarget{Kind: MemoOnCode, Ref: "isolation"}, MemoOnCode, "isolation"},
		{"coding by prefix", MemoTarget{Kind: MemoOnCoding, Ref: p.anaCoding[:6]}, MemoOnCoding, p.anaCoding[:8]},
		{"theme", MemoTarget{Kind: MemoOnTheme, Ref: "belonging"}, MemoOnTheme, "belonging"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := p.s.AddMemo(p.ana, tc.target, "On "+tc.name, "Some *thoughts* on "+tc.name+".\n\n")
			if err != nil {
				t.Fatal(err)
			}
			if m.TargetKind != tc.wantKind || m.Target != tc.wantTarget || m.Author != "ana" || m.Body != "Some *thoughts* on "+tc.name+"." {
				t.Errorf("memo = %+v", m)
			}
			target := tc.target
			listed, err := p.s.Memos(t.Context(), MemoFilter{Viewer: "ana", Target: &target})
			if err != nil {
				t.Fatal(err)
			}
			if len(listed) != 1 || listed[0].ID != m.ID || listed[0].Target != tc.wantTarget || listed[0].Title != "On "+tc.name {
				t.Errorf("listed = %+v", listed)
			}
			shown, err := p.s.Memo(t.Context(), "ana", m.ID[:5])
			if err != nil || shown.ID != m.ID || shown.Target != tc.wantTarget {
				t.Errorf("Memo(prefix) = %+v, %v", shown, err)
			}
		})
	}
	all, err := p.s.Memos(t.Context(), MemoFilter{Viewer: "ana"})
	if err != nil || len(all) != len(tests) {
		t.Errorf("all memos = %d, %v", len(all), err)
	}
	byKind, err := p.s.Memos(t.Context(), MemoFilter{Viewer: "ana", Kind: MemoOnTurn})
	if err != nil || len(byKind) != 1 {
		t.Errorf("turn memos = %+v, %v", byKind, err)
	}

	bad := []struct {
		name   string
		target MemoTarget
		want   string
	}{
		{"unknown source", MemoTarget{Kind: MemoOnSource, Ref: "fg99"}, "no source"},
		{"turn without seq", MemoTarget{Kind: MemoOnTurn, Ref: "fg01"}, "SOURCE:SEQ"},
		{"missing turn", MemoTarget{Kind: MemoOnTurn, Ref: "fg01:99"}, "no turn 99"},
		{"unknown code", MemoTarget{Kind: MemoOnCode, Ref: "nope"}, "no code"},
		{"short coding id", MemoTarget{Kind: MemoOnCoding, Ref: "ab"}, "too short"},
		{"unknown theme", MemoTarget{Kind: MemoOnTheme, Ref: "nope"}, "no theme"},
		{"unknown kind", MemoTarget{Kind: "speaker", Ref: "Dana"}, "not \"speaker\""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := p.s.AddMemo(p.ana, tc.target, "", "text"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("AddMemo = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestAddMemoNeedsAuthorAndText(t *testing.T) {
	p := newAnalysisProject(t)
	if _, err := p.s.AddMemo(t.Context(), MemoTarget{}, "", "text"); !errors.Is(err, ErrNoCoder) {
		t.Errorf("no actor: %v", err)
	}
	if _, err := p.s.AddMemo(WithActor(t.Context(), "zed"), MemoTarget{}, "", "text"); err == nil || !strings.Contains(err.Error(), "no coder named") {
		t.Errorf("unknown actor: %v", err)
	}
	if _, err := p.s.AddMemo(p.ana, MemoTarget{}, "", " \n\t\n"); !errors.Is(err, ErrMemoNeedsText) {
		t.Errorf("empty text: %v", err)
	}
	if _, err := p.s.AddMemo(p.ana, MemoTarget{}, "two\nlines", "text"); err == nil {
		t.Error("a two-line title should be refused")
	}
	m, err := p.s.AddMemo(p.ana, MemoTarget{}, "", "\n\n  indented first line\r\nsecond  \n\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "  indented first line\nsecond" {
		t.Errorf("body = %q", m.Body)
	}
}

func TestCodingMemosFollowBlinding(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	anaOwn, err := p.s.AddMemo(p.ana, MemoTarget{Kind: MemoOnCoding, Ref: p.anaCoding}, "", "ana on her coding")
	if err != nil {
		t.Fatal(err)
	}
	benOwn, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnCoding, Ref: p.benCoding}, "", "ben on his coding")
	if err != nil {
		t.Fatal(err)
	}
	shared, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnCode, Ref: "isolation"}, "", "ben on a code")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnCoding, Ref: p.anaCoding}, "", "peeking"); err == nil || !strings.Contains(err.Error(), "blind coding is on") {
		t.Errorf("memo on another coder's coding under blinding: %v", err)
	}

	ids := func(memos []Memo) string {
		var out []string
		for _, m := range memos {
			out = append(out, m.Body)
		}
		return strings.Join(out, "|")
	}
	views := []struct {
		name, viewer, want string
	}{
		{"ana sees her coding memo and shared ones", "ana", "ana on her coding|ben on a code"},
		{"ben sees his coding memo and shared ones", "ben", "ben on his coding|ben on a code"},
		{"nobody in particular sees shared memos only", "", "ben on a code"},
	}
	for _, tc := range views {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.s.Memos(ctx, MemoFilter{Viewer: tc.viewer})
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != tc.want {
				t.Errorf("visible = %q, want %q", ids(got), tc.want)
			}
		})
	}
	if _, err := p.s.Memos(ctx, MemoFilter{Kind: MemoOnCoding}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("coding memos without a viewer under blinding: %v", err)
	}
	if _, err := p.s.Memo(ctx, "ben", anaOwn.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("ben reading ana's coding memo: %v", err)
	}
	if _, _, err := p.s.EditMemo(p.ben, anaOwn.ID, "changed"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ben editing ana's hidden coding memo: %v", err)
	}
	if m, err := p.s.Memo(ctx, "ben", shared.ID); err != nil || m.Body != "ben on a code" {
		t.Errorf("shared memo for ben: %+v, %v", m, err)
	}

	// With blinding off (a PI's switch) every memo is shared.
	if err := p.s.SetBlinding(p.ana, false); err != nil {
		t.Fatal(err)
	}
	got, err := p.s.Memos(ctx, MemoFilter{Kind: MemoOnCoding})
	if err != nil || len(got) != 2 {
		t.Errorf("coding memos without blinding = %q, %v", ids(got), err)
	}
	crossing, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnCoding, Ref: p.anaCoding}, "", "ben on ana's coding")
	if err != nil {
		t.Fatal(err)
	}
	// Blinding on again: ben's memo on ana's coding is hidden from both,
	// since it would show one coder's work to the other.
	if err := p.s.SetBlinding(p.ana, true); err != nil {
		t.Fatal(err)
	}
	for _, viewer := range []string{"ana", "ben"} {
		if _, err := p.s.Memo(ctx, viewer, crossing.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s sees the crossing memo under blinding: %v", viewer, err)
		}
	}
	if m, err := p.s.Memo(ctx, "ben", benOwn.ID); err != nil || m.Target != shortID(p.benCoding) {
		t.Errorf("ben's own coding memo: %+v, %v", m, err)
	}
}

func TestEditMemoOnlyByItsAuthor(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	m, err := p.s.AddMemo(p.ana, MemoTarget{Kind: MemoOnSource, Ref: "fg01"}, "First look", "Quiet group.")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.s.EditMemo(p.ben, m.ID, "Loud group."); err == nil || !strings.Contains(err.Error(), "only its author") {
		t.Errorf("ben editing ana's memo: %v", err)
	}
	if _, _, err := p.s.EditMemo(ctx, m.ID, "x"); !errors.Is(err, ErrNoCoder) {
		t.Errorf("editing with no actor: %v", err)
	}
	if _, _, err := p.s.EditMemo(p.ana, m.ID, "  \n"); !errors.Is(err, ErrMemoNeedsText) {
		t.Errorf("emptying a memo: %v", err)
	}
	if _, _, err := p.s.EditMemo(p.ana, "ab", "x"); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("short id: %v", err)
	}
	_, changed, err := p.s.EditMemo(p.ana, m.ID, "Quiet group.\n")
	if err != nil || changed {
		t.Errorf("unchanged edit: changed=%v, %v", changed, err)
	}
	edited, changed, err := p.s.EditMemo(p.ana, m.ID[:8], "Quiet group, until turn 30.")
	if err != nil || !changed || edited.Body != "Quiet group, until turn 30." || edited.Title != "First look" {
		t.Fatalf("edit = %+v, %v, %v", edited, changed, err)
	}

	events, err := p.s.Events(ctx, m.ID, "memo.", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Kind != "memo.added" || events[1].Kind != "memo.edited" || events[1].Actor != "ana" {
		t.Fatalf("events = %+v", events)
	}
	var before, after struct {
		Body string `json:"body"`
	}
	json.Unmarshal(events[1].Before, &before)
	json.Unmarshal(events[1].After, &after)
	if before.Body != "Quiet group." || after.Body != "Quiet group, until turn 30." {
		t.Errorf("memo.edited before %q after %q", before.Body, after.Body)
	}
}

func TestUndoMemoEvents(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	m, err := p.s.AddMemo(p.ana, MemoTarget{Kind: MemoOnSource, Ref: "fg01"}, "", "first")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.s.EditMemo(p.ana, m.ID, "second"); err != nil {
		t.Fatal(err)
	}
	if err := undoEventOnly(t, p.s, lastEventSeq(t, p.s, "memo.added", m.ID)); err == nil || !strings.Contains(err.Error(), "edited since") {
		t.Errorf("undoing the add before the edit: %v", err)
	}
	if err := undoLastAction(p.ana, p.s); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.s.Memo(ctx, "ana", m.ID); got.Body != "first" {
		t.Errorf("after undoing the edit: %q", got.Body)
	}
	if err := undoLastAction(p.ana, p.s); err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.Memo(ctx, "ana", m.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after undoing the add: %v", err)
	}

	// A memo whose source was removed since cannot be un-added.
	gone, err := p.s.AddMemo(p.ana, MemoTarget{Kind: MemoOnTurn, Ref: "fg01:1"}, "", "about to vanish")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.s.RemoveSource(ctx, "fg01", true); err != nil {
		t.Fatal(err)
	}
	if err := undoEventOnly(t, p.s, lastEventSeq(t, p.s, "memo.added", gone.ID)); err == nil || !strings.Contains(err.Error(), "removed since") {
		t.Errorf("undoing a memo removed with its source: %v", err)
	}
}
