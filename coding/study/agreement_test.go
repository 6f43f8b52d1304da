package study

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
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

// The input of agreement over several sources, whose texts and turns are
// made ready while the codings are read, is what reading each source alone
// gives, for every unit and scope; the white space it finds beforehand is
// the text's; and leaving the coding ids out (focal agree) changes nothing.
func TestAgreementInputOfSeveralSourcesIsEachSources(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "And after that?", StartMS: -1, EndMS: -1},
		{Speaker: "Yusuf", Label: "Yusuf", Text: "It got  better. Much\tbetter, in the end.", StartMS: -1, EndMS: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Stored words and sentences, as an import with a language stores
	// them: here every stretch between spaces, and every line.
	units := map[string][]corpus.Span{}
	start := -1
	for i, c := range d.Text + " " {
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if start >= 0 {
				units["word"] = append(units["word"], corpus.Span{Start: start, End: i})
			}
			start = -1
		case start < 0:
			start = i
		}
	}
	line := 0
	for i, c := range d.Text + "\n" {
		if c == '\n' {
			units["sentence"] = append(units["sentence"], corpus.Span{Start: line, End: i})
			line = i + 1
		}
	}
	if _, err := p.st.Store().ImportSource(t.Context(), store.NewSource{Name: "fg02", Format: "txt", Language: "en", Draft: d, Units: units}); err != nil {
		t.Fatal(err)
	}
	p.code(t, "ben", "c", p.span(t, "Say more."))
	p.code(t, "carl", "c", p.span(t, "First sentence here."))
	p.code(t, "carl", "d", p.span(t, "Second sentence"))
	for _, c := range []struct {
		who, code  string
		start, end int
	}{{"ben", "c", 20, 30}, {"carl", "c", 22, 40}, {"ben", "d", 35, 50}} {
		if _, err := p.st.AddCoding(t.Context(), As(c.who), store.NewCoding{Source: "fg02", Code: c.code, Start: c.start, End: c.end}); err != nil {
			t.Fatal(err)
		}
	}
	p.unblind(t)
	for _, q := range []AgreementQuery{
		{Unit: "char", Scope: "participants"}, {Unit: "char", Scope: "all"}, {Unit: "char", Scope: "nvivo"},
		{Unit: "word", Scope: "participants"}, {Unit: "sentence", Scope: "all"}, {Unit: "turn", Scope: "all"},
		{Unit: "source", Scope: "participants"},
	} {
		q.IncludeUnfinished = true
		all, err := p.st.AgreementInput(t.Context(), As("amara"), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Sources) != 2 {
			t.Fatalf("%+v: %d sources, want 2", q, len(all.Sources))
		}
		for _, got := range all.Sources {
			alone := q
			alone.Sources = []string{got.Name}
			one, err := p.st.AgreementInput(t.Context(), As("amara"), alone)
			if err != nil {
				t.Fatal(err)
			}
			want := one.Sources[0]
			if got.Blanks != nil {
				if blanks := agree.BlankRunes(got.Text); !reflect.DeepEqual(*got.Blanks, blanks) {
					t.Errorf("%+v, %s: white space found beforehand %+v, the text's %+v", q, got.Name, *got.Blanks, blanks)
				}
			} else if q.Scope != "nvivo" {
				t.Errorf("%+v, %s: no white space found beforehand", q, got.Name)
			}
			got.Blanks = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%+v: read with the others %+v, alone %+v", q, got, want)
			}
		}
		q.WithoutCodingIDs = true
		bare, err := p.st.AgreementInput(t.Context(), As("amara"), q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bare, all) {
			t.Errorf("%+v: without coding ids %+v, with %+v", q, bare, all)
		}
	}
}
