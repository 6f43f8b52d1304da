package study

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// returnStudy is an empty project whose clock reads 15 March 2027, 23:30 UTC.
func returnStudy(t *testing.T) *Study {
	t.Helper()
	st, err := Create(t.Context(), filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(func() time.Time { return time.Date(2027, 3, 15, 23, 30, 0, 0, time.UTC) })
	return st
}

func TestPacketsCannotGoOutWithoutContactDateAndHow(t *testing.T) {
	ctx := t.Context()
	st := returnStudy(t)
	pi := As("amara")
	fields := func(gaps []ReturnGap) string {
		var out []string
		for _, g := range gaps {
			out = append(out, g.Field+" "+g.Why)
		}
		return strings.Join(out, "; ")
	}
	gaps, err := st.ReturnGaps(ctx, []string{"en", "es"})
	if err != nil || fields(gaps) != "contact ; return-by ; return-how " {
		t.Fatalf("an empty project misses %q (%v), want contact, return-by and return-how", fields(gaps), err)
	}
	// How to return, given for Spanish only: English packets still miss it.
	if _, err := st.SetMemberCheckReturn(ctx, pi, MemberCheckReturn{Contact: " Dr Sam Whitfield ", By: "2027-03-15",
		How: map[string]string{"es-MX": "Envíe el libro por correo."}}); err != nil {
		t.Fatal(err)
	}
	if gaps, _ := st.ReturnGaps(ctx, []string{"es"}); len(gaps) != 0 {
		t.Errorf("Spanish packets miss %q", fields(gaps))
	}
	if gaps, _ := st.ReturnGaps(ctx, []string{"es", "en"}); fields(gaps) != "return-how " {
		t.Errorf("English packets miss %q, want how to return them", fields(gaps))
	}
	got, err := st.MemberCheckReturn(ctx)
	if err != nil || got.Contact != "Dr Sam Whitfield" || got.How["es"] != "Envíe el libro por correo." || ReturnHowIn(got, "es-ES") != "Envíe el libro por correo." {
		t.Errorf("kept %+v (%v): want the contact trimmed and the text under es", got, err)
	}
	// A text for every language serves English; Spanish keeps its own.
	got.How[""] = "Email the workbook."
	if _, err := st.SetMemberCheckReturn(ctx, pi, got); err != nil {
		t.Fatal(err)
	}
	got, _ = st.MemberCheckReturn(ctx)
	if ReturnHowIn(got, "en") != "Email the workbook." || ReturnHowIn(got, "es") != "Envíe el libro por correo." {
		t.Errorf("how: en %q, es %q", ReturnHowIn(got, "en"), ReturnHowIn(got, "es"))
	}
	// The date is kept through its whole day, then it has passed.
	if gaps, _ := st.ReturnGaps(ctx, []string{"en"}); len(gaps) != 0 {
		t.Errorf("on the day to return by, packets miss %q", fields(gaps))
	}
	st.SetClock(func() time.Time { return time.Date(2027, 3, 16, 0, 0, 1, 0, time.UTC) })
	if gaps, _ := st.ReturnGaps(ctx, []string{"en"}); fields(gaps) != "return-by 2027-03-15 has passed" {
		t.Errorf("the day after, packets miss %q", fields(gaps))
	}
}

func TestReturnDetailsAreCheckedAndLogged(t *testing.T) {
	ctx := t.Context()
	st := returnStudy(t)
	pi := As("amara")
	good := MemberCheckReturn{Contact: "Dr Sam Whitfield", By: "2027-04-30", How: map[string]string{"": "Email the workbook."}}
	for _, c := range []struct {
		change func(*MemberCheckReturn)
		want   string
	}{
		{func(r *MemberCheckReturn) { r.By = "30/04/2027" }, `"30/04/2027", is not a date written YYYY-MM-DD`},
		{func(r *MemberCheckReturn) { r.By = "2027-03-14" }, "2027-03-14, has passed"},
		{func(r *MemberCheckReturn) { r.Contact = "Dr Sam\nWhitfield" }, "the contact must be one line"},
		{func(r *MemberCheckReturn) { r.Contact = strings.Repeat("x", 301) }, "the contact is 301 characters long; at most 300"},
		{func(r *MemberCheckReturn) { r.How = map[string]string{"english": "Email it."} }, `"english" is not a language tag`},
		{func(r *MemberCheckReturn) { r.How = map[string]string{"": strings.Repeat("x", 1001)} }, "at most 1000"},
	} {
		r := MemberCheckReturn{Contact: good.Contact, By: good.By, How: map[string]string{"": good.How[""]}}
		c.change(&r)
		changed, err := st.SetMemberCheckReturn(ctx, pi, r)
		if err == nil || !strings.Contains(err.Error(), c.want) || changed {
			t.Errorf("%+v: changed %v, err %v; want %q", r, changed, err, c.want)
		}
	}
	if got, _ := st.MemberCheckReturn(ctx); got.Contact != "" || got.By != "" || len(got.How) != 0 {
		t.Errorf("refused details were kept: %+v", got)
	}
	if changed, err := st.SetMemberCheckReturn(ctx, pi, good); err != nil || !changed {
		t.Fatalf("changed %v, %v", changed, err)
	}
	if changed, err := st.SetMemberCheckReturn(ctx, pi, good); err != nil || changed {
		t.Errorf("the same details again: changed %v, %v", changed, err)
	}
	if _, err := st.SetMemberCheckReturn(ctx, As("consensus"), good); err == nil {
		t.Error("the consensus layer set the return details")
	}
	log, err := st.Log(ctx, pi, LogFilter{Kind: "membercheck.return-set"})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Actor != "amara" || !strings.Contains(string(log[0].After), "2027-04-30") {
		t.Errorf("log: %+v, want one membercheck.return-set by amara", log)
	}
}
