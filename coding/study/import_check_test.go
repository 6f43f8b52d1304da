package study

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

func draftOfText(t *testing.T, text string) *corpus.Draft {
	t.Helper()
	d, err := corpus.Build([]transcript.Turn{{Speaker: "Ana", Label: "Ana", Text: text, StartMS: -1, EndMS: -1}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A dry run of an import is refused exactly where the import would be: a
// taken name, a transcript already there, a source an earlier file of the
// batch would have imported, and a person who may not act. It writes
// nothing.
func TestCheckImportSourceRefusesWhatImportRefuses(t *testing.T) {
	st := newStudy(t)
	ctx := t.Context()
	fresh := store.NewSource{Name: "fg02", Format: "txt", Draft: draftOfText(t, "A new text, never seen.")}
	if err := st.CheckImportSource(ctx, ana, fresh, nil); err != nil {
		t.Fatalf("a new source: %v", err)
	}
	taken := fresh
	taken.Name = "fg01"
	checkErr := st.CheckImportSource(ctx, ana, taken, nil)
	_, importErr := st.ImportSource(ctx, ana, taken)
	if checkErr == nil || importErr == nil || checkErr.Error() != importErr.Error() {
		t.Fatalf("taken name: check says %v, import says %v; want the same refusal", checkErr, importErr)
	}
	if !strings.Contains(checkErr.Error(), `"fg01" already exists`) {
		t.Fatalf("taken name: %v", checkErr)
	}
	// The same text as an earlier file of the batch, then the same name.
	again := store.NewSource{Name: "fg03", Format: "txt", Draft: fresh.Draft}
	var dup *store.DuplicateError
	if err := st.CheckImportSource(ctx, ana, again, []store.NewSource{fresh}); !errors.As(err, &dup) || dup.Existing != "fg02" {
		t.Fatalf("same text as an earlier file: %v, want a duplicate of fg02", err)
	}
	again.AllowDuplicate = true
	if err := st.CheckImportSource(ctx, ana, again, []store.NewSource{fresh}); err != nil {
		t.Fatalf("--allow-duplicate: %v", err)
	}
	sameName := store.NewSource{Name: "fg02", Format: "txt", Draft: draftOfText(t, "Other words.")}
	if err := st.CheckImportSource(ctx, ana, sameName, []store.NewSource{fresh}); err == nil || !strings.Contains(err.Error(), `"fg02" already exists`) {
		t.Fatalf("name of an earlier file: %v", err)
	}
	if err := st.CheckImportSource(ctx, As("consensus"), fresh, nil); !errors.Is(err, ErrReservedPerson) {
		t.Fatalf("acting as consensus: %v", err)
	}
	sources, err := st.Store().Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 1 {
		t.Fatalf("checks wrote sources: %d, want 1", len(sources))
	}
}

// An interchange import does not make a program's own user a coder, and
// does not switch blinding on although the coders it brings would.
func TestImportProjectPseudoUsersAndBlinding(t *testing.T) {
	ctx := t.Context()
	st, err := Create(ctx, filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Store().AddCoder(ctx, "zoe", "pi"); err != nil {
		t.Fatal(err)
	}
	data := store.ProjectData{Coders: []store.DataCoder{{ID: "u1", Name: "ATLAS.ti"}, {ID: "u2", Name: "Ana"}, {ID: "u3", Name: "NVivo"}}}
	res, err := st.ImportProject(ctx, As("zoe"), data, store.ImportOptions{File: "x.qdpx", Format: "qdpx"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.CodersAdded, []string{"Ana"}) {
		t.Errorf("coders added: %v, want only Ana", res.CodersAdded)
	}
	for _, name := range []string{"ATLAS.ti", "NVivo"} {
		if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, `"`+name+`" is the program`) }) {
			t.Errorf("no note on %s in %q", name, res.Notes)
		}
	}
	b, err := st.Store().Blinding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b.On || b.Coders != 2 {
		t.Errorf("blinding after the import: %+v, want off with 2 coders", b)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.HasPrefix(n, "blinding stays off") }) {
		t.Errorf("no note on blinding in %q", res.Notes)
	}
	// A PI who had switched blinding on keeps it on.
	if err := st.SetBlinding(ctx, As("zoe"), true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportProject(ctx, As("zoe"), store.ProjectData{Coders: []store.DataCoder{{ID: "u4", Name: "Ben"}}}, store.ImportOptions{File: "y.qdpx", Format: "qdpx"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := st.Store().Blinding(ctx); !b.On {
		t.Errorf("an import switched blinding off: %+v", b)
	}
	for _, name := range []string{"ATLAS.ti", "atlas.ti 24", "NVivo", "MAXQDA", "System"} {
		if !IsPseudoUser(name) {
			t.Errorf("%q is not a pseudo-user", name)
		}
	}
	for _, name := range []string{"Ana", "Atlas", "Systematic Sam"} {
		if IsPseudoUser(name) {
			t.Errorf("%q is a pseudo-user", name)
		}
	}
}
