package study

import (
	"errors"
	"testing"

	"github.com/focalqda/focal/coding/store"
)

func TestAddCodingRefusesALikelyTypo(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	sp := p.span(t, "Say more.")
	p.code(t, "ben", "belonging/isolation", sp)
	ctx := t.Context()
	_, err := p.st.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01", Code: "belonging/isolaton", Start: sp.Start, End: sp.End})
	var typo *LikelyTypoError
	if !errors.As(err, &typo) || typo.Meant != "belonging/isolation" {
		t.Fatalf("a likely typo: %v", err)
	}
	if _, err := p.st.Store().Code(ctx, "belonging/isolaton"); err == nil {
		t.Error("the refused name became a code")
	}
	res, err := p.st.AddCoding(ctx, As("ben"), store.NewCoding{Source: "fg01", Code: "belonging/isolaton", Start: sp.Start, End: sp.End, NewCode: true})
	if err != nil || !res.CreatedCode {
		t.Errorf("meant as new: %+v, %v", res, err)
	}
	// An existing code (by any of its names) is never a typo of another.
	if _, err := p.st.AddCoding(ctx, As("carl"), store.NewCoding{Source: "fg01", Code: "isolation", Start: sp.Start, End: sp.End}); err != nil {
		t.Errorf("the bare name of an existing code: %v", err)
	}
}

func TestRecodeRefusesALikelyTypo(t *testing.T) {
	p := newProject(t)
	sp := p.span(t, "Say more.")
	p.code(t, "ben", "belonging/isolation", p.span(t, "First sentence here."))
	c := p.code(t, "ben", "routine", sp)
	_, err := p.st.Recode(t.Context(), As("ben"), c.ID, "belonging/isolaton", "", false)
	var typo *LikelyTypoError
	if !errors.As(err, &typo) || typo.Meant != "belonging/isolation" {
		t.Fatalf("re-coding with a likely typo: %v", err)
	}
	if res, err := p.st.Recode(t.Context(), As("ben"), c.ID, "belonging/isolaton", "", true); err != nil || !res.CreatedCode {
		t.Errorf("meant as new: %+v, %v", res, err)
	}
}
