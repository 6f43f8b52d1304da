package study

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

var (
	ana = As("ana") // the PI
	ben = As("ben") // a coder
)

// newStudy makes a project with source fg01 (three turns), PI ana and
// coder ben.
func newStudy(t *testing.T) *Study {
	t.Helper()
	st, err := Create(t.Context(), filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "Who felt like they belonged?", StartMS: 0, EndMS: 2000},
		{Speaker: "Zoë", Label: "Zoë", Text: "Honestly, not me. I was the only one.", StartMS: 2000, EndMS: 6000},
		{Speaker: "Dana", Label: "Dana", Text: "Say more.", StartMS: -1, EndMS: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Store()
	if _, err := s.ImportSource(t.Context(), store.NewSource{Name: "fg01", Format: "txt", Draft: d}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(t.Context(), "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(t.Context(), "ben", "coder"); err != nil {
		t.Fatal(err)
	}
	return st
}

// code codes characters 30–40 of fg01 as ben.
func code(t *testing.T, st *Study, path string) store.Coding {
	t.Helper()
	res, err := st.AddCoding(t.Context(), ben, store.NewCoding{Source: "fg01", Code: path, Start: 30, End: 40})
	if err != nil {
		t.Fatal(err)
	}
	return res.Coding
}

// bensCodes lists the codes of ben's codings of fg01.
func bensCodes(t *testing.T, st *Study) []string {
	t.Helper()
	cs, err := st.Store().Codings(t.Context(), store.CodingFilter{Viewer: "ben", Coder: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

// actionsOf returns the action id of each event of the given kinds, in
// the order of the log, read from the project file itself.
func actionsOf(t *testing.T, st *Study, kinds ...string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT kind, action FROM events ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []string
	for rows.Next() {
		var kind, action string
		if err := rows.Scan(&kind, &action); err != nil {
			t.Fatal(err)
		}
		if want[kind] {
			out = append(out, action)
		}
	}
	return out
}

func TestRecodeIsOneActionThatOneUndoTakesBack(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	old := code(t, st, "isolation")
	res, err := st.Recode(t.Context(), ben, old.ID[:8], "belonging", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.CreatedCode || res.New.Start != 30 || res.New.End != 40 {
		t.Errorf("re-coded: %+v", res)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "belonging" {
		t.Fatalf("after re-coding, ben's codings are %v, want [belonging]", got)
	}
	// Adding the first coding was one action; re-coding (the new coding,
	// its code made in passing, the old coding's removal) is one more.
	actions := actionsOf(t, st, "coding.added", "coding.removed", "code.created")
	if len(actions) != 5 {
		t.Fatalf("%d events, want 5 (2 for the first coding, 3 for the re-coding)", len(actions))
	}
	if actions[2] != actions[3] || actions[3] != actions[4] || actions[1] == actions[2] {
		t.Errorf("the re-coding's events should share one action id, apart from the first coding's: %v", actions)
	}

	c, err := st.Undo(t.Context(), ben)
	if err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("one undo should restore the old code; ben's codings are %v", got)
	}
	if c.What != "re-coded isolation as belonging (30–40 of fg01)" {
		t.Errorf("undo says %q", c.What)
	}
	codes, _ := st.Store().Codes(t.Context(), store.CodeFilter{})
	for _, k := range codes {
		if k.Path == "belonging" {
			t.Error("the code made in passing by the re-coding outlived its undo")
		}
	}
}

func TestRecodeRefusesAnotherCodersCodingAndTheSameCode(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	old := code(t, st, "isolation")
	// Under blinding ana is not even told that ben's coding exists.
	if _, err := st.Recode(t.Context(), ana, old.ID, "belonging", "", false); err == nil || !strings.Contains(err.Error(), "of yours") || strings.Contains(err.Error(), "ben") {
		t.Errorf("ana re-coded ben's coding: %v", err)
	}
	if _, err := st.Recode(t.Context(), ben, old.ID, "isolation", "", false); err == nil || !strings.Contains(err.Error(), "already coded isolation") {
		t.Errorf("re-coding with its own code: %v", err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("a refused re-coding changed ben's codings: %v", got)
	}
}

func TestRedoBringsBackWhatUndoTookBack(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	old := code(t, st, "isolation")
	if _, err := st.Recode(t.Context(), ben, old.ID, "belonging", "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	c, err := st.Redo(t.Context(), ben)
	if err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "belonging" {
		t.Fatalf("after redo, ben's codings are %v, want [belonging]", got)
	}
	if c.What != "re-coded isolation as belonging (30–40 of fg01)" {
		t.Errorf("redo says %q", c.What)
	}
	if n := len(actionsOf(t, st, "redo")); n != 1 {
		t.Errorf("the log holds %d redo events, want 1", n)
	}
	// Only one undo was made, so there is nothing more to redo.
	if _, err := st.Redo(t.Context(), ben); !errors.Is(err, store.ErrNothingToRedo) {
		t.Errorf("a second redo: %v, want nothing to redo", err)
	}
	// Undo after redo takes the redone re-coding back; redo again works.
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Fatalf("undo after redo left %v, want [isolation]", got)
	}
	if _, err := st.Redo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "belonging" {
		t.Errorf("the second redo left %v, want [belonging]", got)
	}
}

func TestRedoesComeBackLatestUndoneFirst(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	code(t, st, "isolation")
	if _, err := st.AddCoding(t.Context(), ben, store.NewCoding{Source: "fg01", Code: "humour", Start: 0, End: 10}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := st.Undo(t.Context(), ben); err != nil {
			t.Fatal(err)
		}
	}
	if got := bensCodes(t, st); len(got) != 0 {
		t.Fatalf("after two undos: %v", got)
	}
	first, err := st.Redo(t.Context(), ben)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.What, "as isolation") {
		t.Errorf("the first redo should bring back the coding undone last (isolation): %q", first.What)
	}
	second, err := st.Redo(t.Context(), ben)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.What, "as humour") {
		t.Errorf("the second redo should bring back humour: %q", second.What)
	}
	if got := bensCodes(t, st); len(got) != 2 {
		t.Errorf("after two redos ben has %v", got)
	}
}

func TestRedoRefusedWhenSomethingChangedSince(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	if _, err := st.Store().AddCode(ana.ctx(t.Context()), store.NewCode{Path: "belonging"}); err != nil {
		t.Fatal(err)
	}
	old := code(t, st, "isolation")
	if _, err := st.Recode(t.Context(), ben, old.ID, "belonging", "", false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	// Meanwhile the PI retires the code the re-coding gave.
	if _, err := st.Store().RetireCode(ana.ctx(t.Context()), "belonging", "", false); err != nil {
		t.Fatal(err)
	}
	_, err := st.Redo(t.Context(), ben)
	if err == nil || !strings.Contains(err.Error(), "retired") {
		t.Fatalf("redo onto a retired code: %v, want a refusal naming the retirement", err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("a refused redo changed ben's codings: %v", got)
	}
	if n := len(actionsOf(t, st, "redo")); n != 0 {
		t.Errorf("a refused redo was logged (%d redo events)", n)
	}
}

func TestNewWorkEndsWhatRedoCanBringBack(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	code(t, st, "isolation")
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddCoding(t.Context(), ben, store.NewCoding{Source: "fg01", Code: "humour", Start: 0, End: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Redo(t.Context(), ben); !errors.Is(err, store.ErrNothingToRedo) {
		t.Errorf("redo after new work: %v, want nothing to redo", err)
	}
	// Someone else's work does not end ben's redo.
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().AddCode(ana.ctx(t.Context()), store.NewCode{Path: "hope"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Redo(t.Context(), ben); err != nil {
		t.Errorf("ana's change ended ben's redo: %v", err)
	}
}

func TestCodingWithANewDefinedCodeIsOneAction(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	res, err := st.AddCoding(t.Context(), ben, store.NewCoding{Source: "fg01", Code: "hope", CodeDefinition: "looking forward", Start: 0, End: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !res.CreatedCode {
		t.Fatal("the code was not created")
	}
	k, err := st.Store().Code(t.Context(), "hope")
	if err != nil || k.Definition != "looking forward" {
		t.Fatalf("code hope: %+v, %v", k, err)
	}
	if _, err := st.Undo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().Code(t.Context(), "hope"); err == nil {
		t.Error("one undo left the code made with the coding")
	}
	if got := bensCodes(t, st); len(got) != 0 {
		t.Errorf("one undo left the coding: %v", got)
	}
	if _, err := st.Redo(t.Context(), ben); err != nil {
		t.Fatal(err)
	}
	if k, err := st.Store().Code(t.Context(), "hope"); err != nil || k.Definition != "looking forward" {
		t.Errorf("redo did not bring the code back with its definition: %+v, %v", k, err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "hope" {
		t.Errorf("redo did not bring the coding back: %v", got)
	}
}

func TestRedoMakesAMergeAgain(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	code(t, st, "isolation")
	if _, err := st.Store().AddCode(ana.ctx(t.Context()), store.NewCode{Path: "belonging"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().MergeCode(ana.ctx(t.Context()), "isolation", "belonging"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Fatalf("after undoing the merge: %v", got)
	}
	c, err := st.Redo(t.Context(), ana)
	if err != nil {
		t.Fatal(err)
	}
	if c.What != "merged isolation into belonging" {
		t.Errorf("redo says %q", c.What)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "belonging" {
		t.Errorf("after redoing the merge: %v", got)
	}
	if _, err := st.Undo(t.Context(), ana); err != nil {
		t.Fatalf("undo of the redone merge: %v", err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("after undoing the redone merge: %v", got)
	}
}

func TestUndoAndRedoNeedAPerson(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	if _, err := st.Undo(t.Context(), As("")); !errors.Is(err, store.ErrNoCoder) {
		t.Errorf("undo by nobody: %v", err)
	}
	if _, err := st.Redo(t.Context(), As("")); !errors.Is(err, store.ErrNoCoder) {
		t.Errorf("redo by nobody: %v", err)
	}
}

func TestMovingACodeBetweenThemesUndoesAndRedoesAsOne(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	ctx := ana.ctx(t.Context())
	s := st.Store()
	code(t, st, "isolation")
	for _, name := range []string{"belonging", "support"} {
		if _, err := s.AddTheme(ctx, store.NewTheme{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AssignCodes(ctx, "belonging", []string{"isolation"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MoveCodeBetweenThemes(ctx, "isolation", "belonging", "support"); err != nil {
		t.Fatal(err)
	}
	codesOf := func(theme string) []string {
		th, err := s.Theme(t.Context(), "ana", theme)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range th.Codes {
			out = append(out, c.Path)
		}
		return out
	}
	where := func() string {
		return strings.Join(codesOf("belonging"), ",") + "|" + strings.Join(codesOf("support"), ",")
	}
	if got := where(); got != "|isolation" {
		t.Fatalf("after the move: %s", got)
	}
	c, err := st.Undo(t.Context(), ana)
	if err != nil {
		t.Fatal(err)
	}
	if got := where(); got != "isolation|" {
		t.Errorf("one undo should put the code back: %s", got)
	}
	if !strings.Contains(c.What, "assigned isolation to support") || !strings.Contains(c.What, "took isolation out of belonging") {
		t.Errorf("undo says %q", c.What)
	}
	if _, err := st.Redo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := where(); got != "|isolation" {
		t.Errorf("redo should move it again: %s", got)
	}
}

func TestRedoMakesASplitAndARetirementAgain(t *testing.T) {
	t.Parallel()
	st := newStudy(t)
	s := st.Store()
	actx := ana.ctx(t.Context())
	c := code(t, st, "isolation")
	if _, err := s.SplitCode(actx, "isolation", "loneliness", []string{c.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "isolation" {
		t.Fatalf("after undoing the split: %v", got)
	}
	if _, err := st.Redo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "loneliness" {
		t.Fatalf("after redoing the split: %v", got)
	}
	// Retiring with its codings removed, undone, then redone.
	if _, err := s.RetireCode(actx, "loneliness", "", true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Undo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 1 || got[0] != "loneliness" {
		t.Fatalf("after undoing the retirement: %v", got)
	}
	if _, err := st.Redo(t.Context(), ana); err != nil {
		t.Fatal(err)
	}
	if got := bensCodes(t, st); len(got) != 0 {
		t.Errorf("after redoing the retirement ben still has %v", got)
	}
	if _, err := s.Code(t.Context(), "loneliness"); err == nil {
		t.Error("the redone retirement left the code active")
	}
}
