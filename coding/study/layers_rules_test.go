package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

func TestImportWritesOnlyTheImportersLayerUnderBlinding(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	sp := p.span(t, "Say more.")
	row := func(coder string) store.CodingRow {
		return store.CodingRow{Line: 2, Coder: coder, NewCoding: store.NewCoding{Source: "fg01", Code: "c", Start: sp.Start, End: sp.End}}
	}
	ctx := t.Context()
	if _, err := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("carl")}); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ben imports into carl's layer: %v", err)
	}
	if n, err := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row(""), row("ben")}); err != nil || n != 1 {
		t.Errorf("ben imports his own: %d, %v", n, err)
	}
	carls, _ := p.st.Store().Codings(ctx, store.CodingFilter{Viewer: "carl"})
	if len(carls) != 0 {
		t.Errorf("carl's layer holds %d codings he did not make", len(carls))
	}
	// Without blinding a PI may move the team's work between projects;
	// a coder still imports only their own.
	p.unblind(t)
	if _, err := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("carl")}); err == nil {
		t.Error("a coder imported another's codings without blinding")
	}
	if _, err := p.st.ImportCodings(ctx, As("amara"), []store.CodingRow{row("carl")}); err != nil {
		t.Errorf("a PI imports the team's codings: %v", err)
	}
}

func TestSplitMovesOnlyCodingsThePersonMaySee(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	carls := p.code(t, "carl", "c", p.span(t, "Say more."))
	_, err := p.st.SplitCode(t.Context(), As("ben"), "c", "c/other", []string{carls.ID[:8]})
	if !errors.Is(err, store.ErrNotFound) || strings.Contains(err.Error(), "carl") {
		t.Errorf("ben splits carl's coding off: %v", err)
	}
	if _, err := p.st.Store().Code(t.Context(), "c/other"); err == nil {
		t.Error("the refused split made its code")
	}
}

func TestRemovingASourceWithHiddenCodingsNeedsAPI(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "carl", "c", p.span(t, "Say more."))
	if err := p.st.RemoveSource(t.Context(), As("ben"), "fg01", true); err == nil || !strings.Contains(err.Error(), "PI") {
		t.Errorf("ben removes a source with carl's codings: %v", err)
	}
	if _, err := p.st.Store().Source(t.Context(), "fg01"); err != nil {
		t.Fatalf("the refused removal removed the source: %v", err)
	}
	if err := p.st.RemoveSource(t.Context(), As("amara"), "fg01", true); err != nil {
		t.Errorf("a PI removes it: %v", err)
	}
}

// A redone retirement deletes only the codings it deleted the first time:
// carl's coding made with the code after ben's undo survives ben's redo.
func TestRedoOfARetirementSparesCodingsMadeSince(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	ctx := t.Context()
	p.code(t, "ben", "routine", p.span(t, "Say more."))
	if _, err := p.st.RetireCode(ctx, As("ben"), "routine", "", true); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.Undo(ctx, As("ben")); err != nil {
		t.Fatal(err)
	}
	p.code(t, "carl", "routine", p.span(t, "First sentence here."))
	if _, err := p.st.Redo(ctx, As("ben")); err == nil {
		t.Error("redo retired the code with carl's coding in it")
	}
	carls, err := p.st.Store().Codings(ctx, store.CodingFilter{Viewer: "carl"})
	if err != nil || len(carls) != 1 {
		t.Errorf("carl's codings after ben's redo: %v, %v", carls, err)
	}
}

// Issue 22: what an import says depends only on the importer's own layer.
// A row in carl's name is refused alike whether carl has that very coding
// or not, and a row of one's own that carl happens to have coded too is
// new, not "already there".
func TestImportSaysNothingOfOthersCodings(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	ctx := t.Context()
	say, first := p.span(t, "Say more."), p.span(t, "First sentence here.")
	carls := p.code(t, "carl", "c", say)
	row := func(coder string, sp corpus.Span) store.CodingRow {
		return store.CodingRow{Line: 2, Coder: coder, NewCoding: store.NewCoding{Source: "fg01", Code: "c", Start: sp.Start, End: sp.End}}
	}
	_, hers := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("carl", say)})
	_, none := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("carl", first)})
	if hers == nil || none == nil || hers.Error() != none.Error() {
		t.Errorf("a row in carl's name, his coding or not, says different things:\n%v\n%v", hers, none)
	}
	n, err := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("", say)})
	if err != nil || n != 1 {
		t.Errorf("ben imports the span carl coded: %d new, %v; want 1 new (his layer had none)", n, err)
	}
	if n, err := p.st.ImportCodings(ctx, As("ben"), []store.CodingRow{row("", say)}); err != nil || n != 0 {
		t.Errorf("ben imports it again: %d new, %v; want 0 (now his own)", n, err)
	}
	got, err := p.st.Codings(ctx, As("carl"), store.CodingFilter{})
	if err != nil || len(got) != 1 || got[0].ID != carls.ID {
		t.Errorf("carl's layer after ben's imports: %+v, %v", got, err)
	}
}
