package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
)

func TestImportWritesOnlyTheImportersLayerUnderBlinding(t *testing.T) {
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
