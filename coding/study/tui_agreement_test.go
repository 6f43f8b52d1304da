package study

import (
	"errors"
	"reflect"
	"testing"

	"github.com/focalqda/focal/corpus"
)

func TestTeamAgreementRefusedUnderBlinding(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "belonging/isolation", p.span(t, "First sentence here."))
	p.code(t, "carl", "belonging/isolation", p.span(t, "Second sentence here."))
	for _, who := range []string{"amara", "ben", "", "nobody"} {
		got, err := p.st.TeamAgreement(t.Context(), As(who))
		if !errors.Is(err, ErrBlindComparison) || got != nil {
			t.Errorf("as %q under blinding: %v, %+v; want ErrBlindComparison and nothing", who, err, got)
		}
	}
}

func TestTeamAgreementComparesEveryoneWhoCoded(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	first, second, more := p.span(t, "First sentence here."), p.span(t, "Second sentence here."), p.span(t, "Say more.")
	// ben codes later text first: each coder's spans come back in text order.
	p.code(t, "ben", "belonging/isolation", second)
	p.code(t, "ben", "belonging/isolation", first)
	p.code(t, "carl", "belonging/isolation", corpus.Span{Start: first.Start, End: second.End})
	p.code(t, "ben", "support/peers", more)
	p.code(t, "carl", "support/peers", more)
	p.unblind(t)
	// The consensus layer is no coder to compare.
	if _, err := p.st.SeedConsensus(t.Context(), As("amara"), "fg01", []string{"ben", "carl"}, 0); err != nil {
		t.Fatal(err)
	}

	got, err := p.st.TeamAgreement(t.Context(), As("amara"))
	if err != nil {
		t.Fatal(err)
	}
	// amara, the PI, coded nothing: she is not compared.
	if want := []string{"ben", "carl"}; !reflect.DeepEqual(got.Coders, want) {
		t.Errorf("coders %v, want %v", got.Coders, want)
	}
	if want := []string{"belonging/isolation", "support/peers"}; !reflect.DeepEqual(got.Codes, want) {
		t.Errorf("codes %v, want %v", got.Codes, want)
	}
	if len(got.Sources) != 1 || len(got.Listed) != 1 || got.Listed[0].Name != "fg01" || got.Sources[0].Name != "fg01" {
		t.Fatalf("sources %d, listed %+v", len(got.Sources), got.Listed)
	}
	if want := [][]string{{"ben", "carl"}}; !reflect.DeepEqual(got.CodedBy, want) {
		t.Errorf("coded by %v, want %v", got.CodedBy, want)
	}
	wantCodings := map[string][][]corpus.Span{
		"belonging/isolation": {{first, second}, {{Start: first.Start, End: second.End}}},
		"support/peers":       {{more}, {more}},
	}
	if !reflect.DeepEqual(got.Sources[0].Codings, wantCodings) {
		t.Errorf("codings %v, want %v", got.Sources[0].Codings, wantCodings)
	}
	if got.Sources[0].Text != p.text || len(got.Sources[0].Turns) != 3 {
		t.Errorf("text %q with %d turns", got.Sources[0].Text, len(got.Sources[0].Turns))
	}
}

func TestTeamAgreementNamesTheCodersOfEachSource(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "carl", "belonging/isolation", p.span(t, "Say more."))
	p.unblind(t)
	got, err := p.st.TeamAgreement(t.Context(), As("ben"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Coders, []string{"carl"}) || !reflect.DeepEqual(got.CodedBy, [][]string{{"carl"}}) {
		t.Errorf("coders %v, coded by %v; want carl alone", got.Coders, got.CodedBy)
	}
}
