package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/corpus"
)

func TestAgreementComparesTheCodersWhoCoded(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "c", p.span(t, "Say more."))
	p.code(t, "carl", "c", p.span(t, "First sentence here."))
	p.unblind(t)
	// amara (a PI) coded nothing: she is not compared by default.
	in, err := p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", IncludeUnfinished: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(in.Coders, ",") != "ben,carl" {
		t.Errorf("default coders = %v, want ben,carl", in.Coders)
	}
	if _, err := p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", Coders: []string{"ben", "amara"}}); err != nil {
		t.Errorf("naming a coder who coded nothing is still allowed: %v", err)
	}
}

func TestAgreementRefusesACoderNamedTwice(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "c", p.span(t, "Say more."))
	p.code(t, "carl", "c", p.span(t, "Say more."))
	p.unblind(t)
	for _, coders := range [][]string{{"ben", "ben"}, {"ben", "carl", "ben"}, {"ben+ben", "carl"}, {"ben+carl", "carl+ben"}} {
		_, err := p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", Coders: coders, IncludeUnfinished: true})
		var q QueryError
		if !errors.As(err, &q) || !strings.Contains(err.Error(), "twice") {
			t.Errorf("coders %v: %v", coders, err)
		}
	}
}

func TestAgreementCountsACoderInEveryGroupTheyBelongTo(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	say := p.span(t, "Say more.")
	first := p.span(t, "First sentence here.")
	p.code(t, "ben", "c", say)
	p.code(t, "carl", "c", first)
	p.code(t, "amara", "c", first)
	p.unblind(t)
	in, err := p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", Coders: []string{"ben+amara", "carl+amara"}, IncludeUnfinished: true})
	if err != nil {
		t.Fatal(err)
	}
	per := in.Sources[0].Codings["c"]
	has := func(spans []corpus.Span, sp corpus.Span) bool {
		for _, s := range spans {
			if s == sp {
				return true
			}
		}
		return false
	}
	if !has(per[0], first) || !has(per[0], say) || !has(per[1], first) {
		t.Errorf("amara's coding is not in both groups: %v", per)
	}
}

// The input says which codes and coders are not compared, and why (issue
// 18): codes not chosen or unused, coders not chosen or without codings.
func TestAgreementSaysWhatIsLeftOut(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "c", p.span(t, "Say more."))
	p.code(t, "carl", "c", p.span(t, "First sentence here."))
	p.code(t, "carl", "d", p.span(t, "First sentence here."))
	p.code(t, "amara", "e", p.span(t, "Say more."))
	p.unblind(t)
	in, err := p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", Coders: []string{"ben", "carl"}, IncludeUnfinished: true})
	if err != nil {
		t.Fatal(err)
	}
	// e is amara's only: unused by ben and carl.
	if strings.Join(in.Codes, ",") != "c,d" || len(in.LeftOutCodes) != 1 || in.LeftOutCodes[0] != (agreement.LeftOutCode{Code: "e", Reason: agreement.CodeUnused}) {
		t.Errorf("codes %v, left out %+v", in.Codes, in.LeftOutCodes)
	}
	if len(in.LeftOutCoders) != 1 || in.LeftOutCoders[0] != (LeftOutCoder{Coder: "amara", Reason: "not chosen"}) {
		t.Errorf("coders left out %+v", in.LeftOutCoders)
	}
	in, err = p.st.AgreementInput(t.Context(), As("amara"), AgreementQuery{Unit: "char", Scope: "all", Codes: []string{"c"}, IncludeUnfinished: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(in.Codes, ",") != "c" || len(in.LeftOutCodes) != 2 || in.LeftOutCodes[0].Reason != agreement.CodeNotChosen || in.LeftOutCodes[1].Reason != agreement.CodeNotChosen {
		t.Errorf("--code c: codes %v, left out %+v", in.Codes, in.LeftOutCodes)
	}
	if len(in.LeftOutCoders) != 0 {
		t.Errorf("everybody coded, yet left out %+v", in.LeftOutCoders)
	}
}

// Issue 22: under blinding no one compares coders, PIs included, as with
// disagreements: a figure of agreement tells of the others' codings (code
// a turn, compute again, and the change shows whether a colleague coded
// it). Once a PI switches blinding off, everyone may.
func TestAgreementIsRefusedUnderBlinding(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "c", p.span(t, "Say more."))
	p.code(t, "carl", "c", p.span(t, "Say more."))
	q := AgreementQuery{Unit: "char", Scope: "all", IncludeUnfinished: true}
	for _, who := range []string{"ben", "carl", "amara", ""} {
		for name, query := range map[string]AgreementQuery{"everyone": q, "with ben named": {Unit: "char", Scope: "all", Coders: []string{who + "+ben", "carl"}}} {
			if who == "" && name != "everyone" {
				continue
			}
			in, err := p.st.AgreementInput(t.Context(), As(who), query)
			if !errors.Is(err, ErrBlindComparison) || in != nil {
				t.Errorf("%q, %s, under blinding: %v, %+v; want ErrBlindComparison and nothing", who, name, err, in)
			}
		}
	}
	p.unblind(t)
	for _, who := range []string{"ben", "amara"} {
		if in, err := p.st.AgreementInput(t.Context(), As(who), q); err != nil || len(in.Sources) != 1 {
			t.Errorf("%s without blinding: %+v, %v", who, in, err)
		}
	}
}
