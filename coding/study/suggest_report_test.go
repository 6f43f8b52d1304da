package study

import (
	"testing"
)

// Issue 20: the report measures the suggestions on the codings of the
// layer it reads: under blinding the person's own only (a colleague's
// codings change nothing); blinding off, every coder's; capped to the most
// used codes, saying how many there were.
func TestCheckSuggestionsInLayer(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	ctx := t.Context()
	spans := []string{"How did the first month feel?", "First sentence here.", "Second sentence here.", "Say more."}
	for _, s := range spans {
		p.code(t, "ben", "a", p.span(t, s))
		p.code(t, "carl", "b", p.span(t, s))
	}
	p.code(t, "carl", "a", p.span(t, spans[0]))
	p.code(t, "carl", "a", p.span(t, spans[1]))
	got, err := p.st.CheckSuggestionsInLayer(ctx, As("ben"), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Layer != "ben" || got.Eligible != 1 || len(got.Checks) != 1 || got.Checks[0].Code != "a" || got.Checks[0].Codings != 4 {
		t.Errorf("ben, blinded: %+v; want his 4 codings of a only", got)
	}
	if _, err := p.st.CheckSuggestionsInLayer(ctx, As("ben"), "all", 0); err == nil {
		t.Error("ben measured every coder's codings under blinding")
	}
	p.unblind(t)
	got, err = p.st.CheckSuggestionsInLayer(ctx, As("amara"), "", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.Layer != LayerAllCoders || got.Eligible != 2 || len(got.Checks) != 1 || got.Checks[0].Code != "a" || got.Checks[0].Codings != 6 {
		t.Errorf("amara, capped to 1: %+v; want a (6 codings, the most used) of 2 codes", got)
	}
}
