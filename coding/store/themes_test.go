package store

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func themePaths(themes []Theme) string {
	var out []string
	for _, th := range themes {
		out = append(out, th.Path)
	}
	return strings.Join(out, ", ")
}

func TestThemeTreeAndPaths(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	steps := []struct {
		name     string
		theme    NewTheme
		wantPath string
		wantErr  string
	}{
		{"child by path", NewTheme{Name: "belonging/being heard", Definition: "Voice counts"}, "belonging/being heard", ""},
		{"child by parent", NewTheme{Name: "voice", Parent: "belonging"}, "belonging/voice", ""},
		{"same name elsewhere", NewTheme{Name: "hierarchy/voice"}, "hierarchy/voice", ""},
		{"missing parents are created", NewTheme{Name: "a / b / c"}, "a/b/c", ""},
		{"duplicate sibling", NewTheme{Name: "voice", Parent: "belonging"}, "", "already exists"},
		{"duplicate top level", NewTheme{Name: "belonging"}, "", "already exists"},
		{"ambiguous parent", NewTheme{Name: "x", Parent: "voice"}, "", "ambiguous"},
		{"unknown parent", NewTheme{Name: "x", Parent: "nowhere"}, "", "no theme"},
		{"empty name", NewTheme{Name: " "}, "", "needs a name"},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			th, err := p.s.AddTheme(p.ana, tc.theme)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("AddTheme = %v, want an error saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if th.Path != tc.wantPath || th.CreatedBy != "ana" {
				t.Errorf("theme = %+v", th)
			}
		})
	}
	themes, err := p.s.Themes(ctx, ThemeFilter{Viewer: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	want := "a, a/b, a/b/c, belonging, belonging/being heard, belonging/voice, hierarchy, hierarchy/voice"
	if got := themePaths(themes); got != want {
		t.Errorf("tree = %s\nwant   %s", got, want)
	}
	if _, err := p.s.Theme(ctx, "ana", "voice"); err == nil || !strings.Contains(err.Error(), "belonging/voice, hierarchy/voice") {
		t.Errorf("ambiguous bare name: %v", err)
	}
	th, err := p.s.Theme(ctx, "ana", "being heard")
	if err != nil || th.Definition != "Voice counts" || th.Path != "belonging/being heard" {
		t.Errorf("bare unique name: %+v, %v", th, err)
	}
	created, _ := p.s.Events(ctx, "", "theme.created", 0)
	if len(created) != 8 || created[0].Actor != "ana" {
		t.Errorf("theme.created events = %d", len(created))
	}

	renamed, err := p.s.RenameTheme(p.ben, "belonging", "fitting in")
	if err != nil || renamed.Path != "fitting in" {
		t.Fatalf("rename = %+v, %v", renamed, err)
	}
	if th, _ := p.s.Theme(ctx, "ana", "fitting in/voice"); th.Path != "fitting in/voice" {
		t.Errorf("a child's path follows its parent's name: %q", th.Path)
	}
	for _, bad := range []struct{ ref, name, want string }{
		{"fitting in/voice", "being heard", "already exists"},
		{"a", "x/y", "contains '/'"},
		{"a", "a", "already named"},
	} {
		if _, err := p.s.RenameTheme(p.ana, bad.ref, bad.name); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("rename %s to %s: %v, want %q", bad.ref, bad.name, err, bad.want)
		}
	}
}

func TestAssignCodesToSeveralThemes(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	if _, err := p.s.AddTheme(p.ana, NewTheme{Name: "power"}); err != nil {
		t.Fatal(err)
	}
	got, err := p.s.AssignCodes(p.ana, "belonging", []string{"isolation", "hierarchy", "isolation"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Changed, ",") != "isolation,hierarchy" || len(got.Unchanged) != 0 || got.Theme != "belonging" {
		t.Errorf("assign = %+v", got)
	}
	got, err = p.s.AssignCodes(p.ben, "power", []string{"hierarchy"})
	if err != nil || len(got.Changed) != 1 {
		t.Fatalf("assign to a second theme = %+v, %v", got, err)
	}
	got, err = p.s.AssignCodes(p.ana, "belonging", []string{"isolation"})
	if err != nil || len(got.Changed) != 0 || got.Unchanged[0] != "isolation" {
		t.Errorf("assigning again = %+v, %v", got, err)
	}
	if _, err := p.s.AssignCodes(p.ana, "power", []string{"isolation", "nope"}); err == nil || !strings.Contains(err.Error(), "no code") {
		t.Errorf("unknown code: %v", err)
	}
	if _, err := p.s.AssignCodes(p.ana, "power", nil); err == nil {
		t.Error("assigning no codes should be refused")
	}

	// Counts follow blinding: each coder counts their own codings.
	counts := []struct {
		viewer                        string
		belonging, power, isolationIn int
	}{
		{"ana", 1, 0, 1},
		{"ben", 1, 1, 0},
	}
	for _, tc := range counts {
		th, err := p.s.Theme(ctx, tc.viewer, "belonging")
		if err != nil {
			t.Fatal(err)
		}
		power, _ := p.s.Theme(ctx, tc.viewer, "power")
		if th.Codings != tc.belonging || power.Codings != tc.power || len(th.Codes) != 2 || th.Codes[1].Path != "isolation" || th.Codes[1].Codings != tc.isolationIn {
			t.Errorf("%s sees belonging %+v and power %+v", tc.viewer, th, power)
		}
	}
	if _, err := p.s.Themes(ctx, ThemeFilter{}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("theme counts under blinding without a viewer: %v", err)
	}

	got, err = p.s.UnassignCodes(p.ana, "belonging", []string{"hierarchy", "isolation"})
	if err != nil || len(got.Changed) != 2 {
		t.Fatalf("unassign = %+v, %v", got, err)
	}
	got, err = p.s.UnassignCodes(p.ana, "belonging", []string{"hierarchy"})
	if err != nil || len(got.Changed) != 0 || len(got.Unchanged) != 1 {
		t.Errorf("unassigning again = %+v, %v", got, err)
	}
	if th, _ := p.s.Theme(ctx, "ben", "power"); len(th.Codes) != 1 {
		t.Errorf("unassigning from one theme touched another: %+v", th)
	}
	events, _ := p.s.Events(ctx, "", "theme.", 0)
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	if want := "theme.created,theme.created,theme.assigned,theme.assigned,theme.unassigned"; strings.Join(kinds, ",") != want {
		t.Errorf("events = %s, want %s", strings.Join(kinds, ","), want)
	}
}

func TestThemeSummariesPerLanguage(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	def := "Feeling part of the team, or not"
	th, changed, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Definition: &def,
		Summaries: map[string]string{"en": "Whether you felt you belonged", "es": "Si sentiste que pertenecías"}})
	if err != nil || !changed {
		t.Fatalf("describe = %v, %v", changed, err)
	}
	if th.Definition != def || len(th.Summaries) != 2 {
		t.Errorf("described = %+v", th)
	}
	th, changed, err = p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Summaries: map[string]string{"es": "", "pt-BR": "Se você sentiu que pertencia"}})
	if err != nil || !changed {
		t.Fatal(err)
	}
	shown, _ := p.s.Theme(ctx, "ana", "belonging")
	if _, ok := shown.Summaries["es"]; ok || shown.Summaries["en"] == "" || shown.Summaries["pt-BR"] == "" || shown.Definition != def {
		t.Errorf("summaries = %+v", shown.Summaries)
	}
	_, changed, err = p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Definition: &def, Summaries: map[string]string{"en": "Whether you felt you belonged"}})
	if err != nil || changed {
		t.Errorf("describing with the same text: changed=%v, %v", changed, err)
	}
	for _, tag := range []string{"english", "e", "en_US", "en-", "1a"} {
		if _, _, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Summaries: map[string]string{tag: "x"}}); err == nil {
			t.Errorf("language tag %q accepted", tag)
		}
	}
	events, _ := p.s.Events(ctx, th.ID, "theme.described", 0)
	if len(events) != 2 {
		t.Fatalf("theme.described events = %d, want 2", len(events))
	}
	var before, after themeRecord
	json.Unmarshal(events[1].Before, &before)
	json.Unmarshal(events[1].After, &after)
	if before.Summaries["es"] == "" || after.Summaries["es"] != "" || after.Summaries["pt-BR"] == "" {
		t.Errorf("event before %+v after %+v", before.Summaries, after.Summaries)
	}
}

func TestRemoveThemeRules(t *testing.T) {
	p := newAnalysisProject(t)
	ctx := t.Context()
	for _, name := range []string{"belonging/voice", "belonging/voice/silence", "solo"} {
		if _, err := p.s.AddTheme(p.ana, NewTheme{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.s.AssignCodes(p.ana, "belonging", []string{"isolation"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.s.DescribeTheme(p.ana, "voice", ThemeDescription{Summaries: map[string]string{"en": "Being heard"}}); err != nil {
		t.Fatal(err)
	}
	memo, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnTheme, Ref: "silence"}, "", "Silence as a theme of its own?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnTheme, Ref: "solo"}, "", "Keep?"); err != nil {
		t.Fatal(err)
	}

	if _, err := p.s.RemoveTheme(p.ana, "belonging", false); err == nil || !strings.Contains(err.Error(), "has 2 subthemes") {
		t.Errorf("removing a theme with subthemes: %v", err)
	}
	if _, err := p.s.RemoveTheme(p.ana, "solo", false); err == nil || !strings.Contains(err.Error(), "has 1 memo;") {
		t.Errorf("removing a theme with memos: %v", err)
	}
	if _, err := p.s.AddTheme(p.ana, NewTheme{Name: "plain"}); err != nil {
		t.Fatal(err)
	}
	if r, err := p.s.RemoveTheme(p.ana, "plain", false); err != nil || len(r.Themes) != 1 {
		t.Errorf("removing a bare theme: %+v, %v", r, err)
	}

	removed, err := p.s.RemoveTheme(p.ana, "belonging", true)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(removed.Themes, ", ") != "belonging/voice/silence, belonging/voice, belonging" || removed.Memos != 1 {
		t.Errorf("removed = %+v", removed)
	}
	themes, _ := p.s.Themes(ctx, ThemeFilter{Viewer: "ana"})
	if themePaths(themes) != "solo" {
		t.Errorf("left = %s", themePaths(themes))
	}
	if _, err := p.s.Memo(ctx, "ben", memo.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the memo on a removed theme: %v", err)
	}
	if _, err := p.s.Code(ctx, "isolation"); err != nil {
		t.Errorf("the codes of a removed theme stay: %v", err)
	}
	var left int
	p.s.db.QueryRow(`SELECT (SELECT count(*) FROM theme_codes) + (SELECT count(*) FROM theme_summaries)`).Scan(&left)
	if left != 0 {
		t.Errorf("%d assignments or summaries left behind", left)
	}

	events, _ := p.s.Events(ctx, "", "theme.removed", 0)
	if len(events) != 4 {
		t.Fatalf("theme.removed events = %d, want 4", len(events))
	}
	var rec themeRecord
	json.Unmarshal(events[3].Before, &rec)
	if rec.Path != "belonging" || len(rec.Codes) != 1 || rec.Codes[0].Path != "isolation" {
		t.Errorf("removal of belonging logged %+v", rec)
	}
	json.Unmarshal(events[2].Before, &rec)
	if rec.Path != "belonging/voice" || rec.Summaries["en"] != "Being heard" {
		t.Errorf("removal of voice logged %+v", rec)
	}
	json.Unmarshal(events[1].Before, &rec)
	if len(rec.Memos) != 1 || rec.Memos[0].Body != "Silence as a theme of its own?" {
		t.Errorf("removal of silence logged %+v", rec)
	}
}

func TestUndoThemeEvents(t *testing.T) {
	def := "New definition"
	tests := []struct {
		name  string
		setup func(t *testing.T, p analysisProject)
		act   func(p analysisProject) error
		check func(t *testing.T, p analysisProject, th Theme, themes string)
	}{
		{
			name: "created, with a missing parent",
			act: func(p analysisProject) error {
				_, err := p.s.AddTheme(p.ana, NewTheme{Name: "power/voice"})
				return err
			},
			check: func(t *testing.T, p analysisProject, _ Theme, themes string) {
				if themes != "belonging" {
					t.Errorf("themes = %s", themes)
				}
			},
		},
		{
			name: "assigned",
			act: func(p analysisProject) error {
				_, err := p.s.AssignCodes(p.ana, "belonging", []string{"isolation", "hierarchy"})
				return err
			},
			check: func(t *testing.T, p analysisProject, th Theme, _ string) {
				if len(th.Codes) != 0 {
					t.Errorf("codes = %+v", th.Codes)
				}
			},
		},
		{
			name: "unassigned",
			setup: func(t *testing.T, p analysisProject) {
				if _, err := p.s.AssignCodes(p.ana, "belonging", []string{"isolation"}); err != nil {
					t.Fatal(err)
				}
			},
			act: func(p analysisProject) error {
				_, err := p.s.UnassignCodes(p.ana, "belonging", []string{"isolation"})
				return err
			},
			check: func(t *testing.T, p analysisProject, th Theme, _ string) {
				if len(th.Codes) != 1 || th.Codes[0].Path != "isolation" {
					t.Errorf("codes = %+v", th.Codes)
				}
			},
		},
		{
			name: "renamed",
			act:  func(p analysisProject) error { _, err := p.s.RenameTheme(p.ana, "belonging", "fitting in"); return err },
			check: func(t *testing.T, p analysisProject, th Theme, themes string) {
				if themes != "belonging" {
					t.Errorf("themes = %s", themes)
				}
			},
		},
		{
			name: "described",
			setup: func(t *testing.T, p analysisProject) {
				if _, _, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Summaries: map[string]string{"en": "old", "es": "viejo"}}); err != nil {
					t.Fatal(err)
				}
			},
			act: func(p analysisProject) error {
				_, _, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Definition: &def, Summaries: map[string]string{"en": "new", "es": "", "fr": "nouveau"}})
				return err
			},
			check: func(t *testing.T, p analysisProject, th Theme, _ string) {
				if th.Definition != "" || len(th.Summaries) != 2 || th.Summaries["en"] != "old" || th.Summaries["es"] != "viejo" {
					t.Errorf("theme = %+v", th)
				}
			},
		},
		{
			name: "removed with subthemes and memos",
			setup: func(t *testing.T, p analysisProject) {
				if _, err := p.s.AddTheme(p.ana, NewTheme{Name: "belonging/voice"}); err != nil {
					t.Fatal(err)
				}
				if _, err := p.s.AssignCodes(p.ana, "belonging/voice", []string{"isolation"}); err != nil {
					t.Fatal(err)
				}
				if _, _, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Definition: &def, Summaries: map[string]string{"en": "kept"}}); err != nil {
					t.Fatal(err)
				}
				if _, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnTheme, Ref: "voice"}, "", "ben's thought"); err != nil {
					t.Fatal(err)
				}
			},
			act: func(p analysisProject) error { _, err := p.s.RemoveTheme(p.ana, "belonging", true); return err },
			check: func(t *testing.T, p analysisProject, th Theme, themes string) {
				if themes != "belonging, belonging/voice" || th.Definition != def || th.Summaries["en"] != "kept" {
					t.Errorf("themes = %s; belonging = %+v", themes, th)
				}
				voice, _ := p.s.Theme(t.Context(), "ana", "voice")
				if len(voice.Codes) != 1 || voice.CreatedBy != "ana" {
					t.Errorf("voice = %+v", voice)
				}
				memos, _ := p.s.Memos(t.Context(), MemoFilter{Viewer: "ben", Target: &MemoTarget{Kind: MemoOnTheme, Ref: "voice"}})
				if len(memos) != 1 || memos[0].Author != "ben" {
					t.Errorf("memos = %+v", memos)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newAnalysisProject(t)
			if tc.setup != nil {
				tc.setup(t, p)
			}
			if err := tc.act(p); err != nil {
				t.Fatal(err)
			}
			if err := undoLastAction(p.ana, p.s); err != nil {
				t.Fatalf("undo: %v", err)
			}
			themes, err := p.s.Themes(t.Context(), ThemeFilter{Viewer: "ana"})
			if err != nil {
				t.Fatal(err)
			}
			th, _ := p.s.Theme(t.Context(), "ana", "belonging")
			tc.check(t, p, th, themePaths(themes))
		})
	}
}

func TestUndoThemeEventsRefuseLaterChanges(t *testing.T) {
	tests := []struct {
		name  string
		act   func(p analysisProject) (kind, entityID string, err error)
		later func(p analysisProject) error
		want  string
	}{
		{
			name: "created, then given codes by another coder",
			act: func(p analysisProject) (string, string, error) {
				th, err := p.s.AddTheme(p.ana, NewTheme{Name: "power"})
				return "theme.created", th.ID, err
			},
			later: func(p analysisProject) error {
				_, err := p.s.AssignCodes(p.ben, "power", []string{"hierarchy"})
				return err
			},
			want: "assigned to it since",
		},
		{
			name: "created, then given a subtheme",
			act: func(p analysisProject) (string, string, error) {
				th, err := p.s.AddTheme(p.ana, NewTheme{Name: "power"})
				return "theme.created", th.ID, err
			},
			later: func(p analysisProject) error {
				_, err := p.s.AddTheme(p.ben, NewTheme{Name: "power/voice"})
				return err
			},
			want: "subthemes",
		},
		{
			name: "created, then memoed",
			act: func(p analysisProject) (string, string, error) {
				th, err := p.s.AddTheme(p.ana, NewTheme{Name: "power"})
				return "theme.created", th.ID, err
			},
			later: func(p analysisProject) error {
				_, err := p.s.AddMemo(p.ben, MemoTarget{Kind: MemoOnTheme, Ref: "power"}, "", "hm")
				return err
			},
			want: "memos were written",
		},
		{
			name: "renamed, then renamed again",
			act: func(p analysisProject) (string, string, error) {
				th, err := p.s.RenameTheme(p.ana, "belonging", "fitting in")
				return "theme.renamed", th.ID, err
			},
			later: func(p analysisProject) error { _, err := p.s.RenameTheme(p.ben, "fitting in", "inclusion"); return err },
			want:  "renamed again",
		},
		{
			name: "renamed, then the old name taken",
			act: func(p analysisProject) (string, string, error) {
				th, err := p.s.RenameTheme(p.ana, "belonging", "fitting in")
				return "theme.renamed", th.ID, err
			},
			later: func(p analysisProject) error { _, err := p.s.AddTheme(p.ben, NewTheme{Name: "belonging"}); return err },
			want:  "another theme is now named belonging",
		},
		{
			name: "described, then described again",
			act: func(p analysisProject) (string, string, error) {
				th, _, err := p.s.DescribeTheme(p.ana, "belonging", ThemeDescription{Summaries: map[string]string{"en": "one"}})
				return "theme.described", th.ID, err
			},
			later: func(p analysisProject) error {
				_, _, err := p.s.DescribeTheme(p.ben, "belonging", ThemeDescription{Summaries: map[string]string{"en": "two"}})
				return err
			},
			want: "changed again",
		},
		{
			name: "assigned, then the code merged away",
			act: func(p analysisProject) (string, string, error) {
				_, err := p.s.AssignCodes(p.ana, "belonging", []string{"isolation"})
				th, _ := p.s.Theme(p.ana, "ana", "belonging")
				return "theme.assigned", th.ID, err
			},
			later: func(p analysisProject) error { _, err := p.s.MergeCode(p.ben, "isolation", "hierarchy"); return err },
			want:  "isolation was unassigned, merged or retired since",
		},
		{
			name: "unassigned, then the code retired",
			act: func(p analysisProject) (string, string, error) {
				if _, err := p.s.AddCode(p.ana, NewCode{Path: "unused"}); err != nil {
					return "", "", err
				}
				if _, err := p.s.AssignCodes(p.ana, "belonging", []string{"unused"}); err != nil {
					return "", "", err
				}
				_, err := p.s.UnassignCodes(p.ana, "belonging", []string{"unused"})
				th, _ := p.s.Theme(p.ana, "ana", "belonging")
				return "theme.unassigned", th.ID, err
			},
			later: func(p analysisProject) error { _, err := p.s.RetireCode(p.ben, "unused", "", false); return err },
			want:  "retired or merged since",
		},
		{
			name: "removed, then the name reused",
			act: func(p analysisProject) (string, string, error) {
				th, _ := p.s.Theme(p.ana, "ana", "belonging")
				_, err := p.s.RemoveTheme(p.ana, "belonging", false)
				return "theme.removed", th.ID, err
			},
			later: func(p analysisProject) error { _, err := p.s.AddTheme(p.ben, NewTheme{Name: "belonging"}); return err },
			want:  "another theme is now named belonging",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newAnalysisProject(t)
			kind, id, err := tc.act(p)
			if err != nil {
				t.Fatal(err)
			}
			seq := lastEventSeq(t, p.s, kind, id)
			if err := undoEventOnly(t, p.s, seq); err != nil {
				t.Fatalf("undo before the later change: %v", err)
			}
			if err := tc.later(p); err != nil {
				t.Fatal(err)
			}
			if err := undoEventOnly(t, p.s, seq); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("undo after the later change = %v, want a refusal saying %q", err, tc.want)
			}
		})
	}
}

func TestUndoLeavesOtherEventsAlone(t *testing.T) {
	p := newAnalysisProject(t)
	var handled bool
	var undoErr error
	p.s.InTx(t.Context(), func(tx *Tx) error {
		handled, undoErr = undoMemoOrThemeEvent(tx, loggedEvent{kind: "coding.added", after: []byte(`{}`)})
		return errors.New("roll back")
	})
	if handled || undoErr != nil {
		t.Errorf("a coding event: handled=%v, %v", handled, undoErr)
	}
}
