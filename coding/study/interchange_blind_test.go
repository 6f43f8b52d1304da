package study

import (
	"reflect"
	"testing"

	"github.com/focalqda/focal/coding/store"
)

// Issue 22: under blinding an export says nothing of what others did:
// what it counts as left out, its number of events and its time of last
// change stay as they were while a colleague codes and writes a memo on a
// coding.
func TestExportCountsOnlyWhatTheViewerSees(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	ctx := t.Context()
	p.code(t, "ben", "c", p.span(t, "Say more."))
	export := func() *store.Export {
		t.Helper()
		ex, err := p.st.ExportProject(ctx, store.ExportOptions{Viewer: "ben"})
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}
	before := export()
	carls := p.code(t, "carl", "c", p.span(t, "First sentence here."))
	if _, err := p.st.AddMemo(ctx, As("carl"), store.MemoTarget{Kind: store.MemoOnCoding, Ref: carls.ID}, "", "carl's thought"); err != nil {
		t.Fatal(err)
	}
	p.code(t, "carl", "c", p.span(t, "Second sentence here."))
	after := export()
	if !reflect.DeepEqual(before.Left, after.Left) || before.LastChange != after.LastChange {
		t.Errorf("ben's export changed as carl coded:\nbefore %+v %s\nafter  %+v %s", before.Left, before.LastChange, after.Left, after.LastChange)
	}
	if after.Left.HiddenCodings != 0 || after.Left.HiddenMemos != 0 || len(after.Codings) != 1 {
		t.Errorf("ben's export: %d codings, counts %+v", len(after.Codings), after.Left)
	}
	// Without blinding the export is everyone's, and counts everything.
	p.unblind(t)
	whole := export()
	if len(whole.Codings) != 3 || whole.Left.Events <= after.Left.Events || whole.LastChange <= after.LastChange {
		t.Errorf("without blinding: %d codings, %d events, last change %s", len(whole.Codings), whole.Left.Events, whole.LastChange)
	}
}
