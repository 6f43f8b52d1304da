package study

import (
	"testing"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

func TestMemoCodingsPlacesOnlyWhatSightAllows(t *testing.T) {
	p := newProject(t)
	bens := p.code(t, "ben", "pace", p.span(t, "Second sentence"))
	carls := p.code(t, "carl", "pace", p.span(t, "First sentence"))
	var memos []coding.Memo
	for who, c := range map[string]store.Coding{"ben": bens, "carl": carls} {
		m, err := p.st.AddMemo(t.Context(), As(who), store.MemoTarget{Kind: store.MemoOnCoding, Ref: c.ID}, "", who+"'s note")
		if err != nil {
			t.Fatal(err)
		}
		memos = append(memos, m)
	}
	// Under blinding ben places his own coding's memo, never carl's, even
	// when handed carl's memo.
	got, err := p.st.MemoCodings(t.Context(), As("ben"), memos)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[bens.ID].Coder != "ben" {
		t.Fatalf("under blinding ben places %+v, want his coding only", got)
	}
	if c := got[bens.ID]; c.Turn != 2 || c.Source != "fg01" || c.Start != bens.Start {
		t.Errorf("ben's coding is placed at %s turn %d from %d, want fg01 turn 2 from %d", c.Source, c.Turn, c.Start, bens.Start)
	}
	// With blinding off, both.
	p.unblind(t)
	got, err = p.st.MemoCodings(t.Context(), As("ben"), memos)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[carls.ID].Coder != "carl" || got[carls.ID].Turn != 2 {
		t.Errorf("with blinding off ben places %+v, want both codings in turn 2", got)
	}
	// A coding removed since is left out, not an error.
	if _, err := p.st.RemoveCoding(t.Context(), As("carl"), carls.ID); err != nil {
		t.Fatal(err)
	}
	got, err = p.st.MemoCodings(t.Context(), As("ben"), memos)
	if err != nil || len(got) != 1 {
		t.Errorf("after carl removed his coding: %+v, %v", got, err)
	}
}
