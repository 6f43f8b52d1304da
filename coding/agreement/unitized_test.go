package agreement

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// Krippendorff's (2019) Figure 12.11 as a transcript: one 60-character
// source with scope all, the seven values as seven codes of one domain.
func TestUnitizedBookExampleAsTranscript(t *testing.T) {
	src := Source{Name: "fig12.11", Text: strings.Repeat("x", 59) + "\n", Codings: map[string][][]corpus.Span{}}
	figure := [][][3]int{
		{{0, 7, 1}, {7, 13, 2}, {30, 32, 5}, {32, 37, 6}, {37, 44, 6}, {44, 60, 7}},
		{{0, 7, 1}, {7, 13, 3}, {13, 21, 5}, {32, 44, 6}},
		{{0, 7, 1}, {7, 13, 4}, {13, 21, 5}, {32, 37, 6}, {37, 41, 6}, {41, 44, 6}},
	}
	var codes []string
	for v := 1; v <= 7; v++ {
		code := "v" + string(rune('0'+v))
		codes = append(codes, code)
		src.Codings[code] = make([][]corpus.Span, 3)
	}
	for c, segs := range figure {
		for _, s := range segs {
			code := codes[s[2]-1]
			src.Codings[code][c] = append(src.Codings[code][c], corpus.Span{Start: s[0], End: s[1]})
		}
	}
	r, err := ComputeUnitized([]Source{src}, nil, []Domain{{Name: "figure", Codes: codes}}, []string{"alex", "paul", "suzan"}, ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Domains[0]
	if math.Abs(d.U.Alpha.V-0.5099819078) > 1e-9 || math.Round(d.CU.Alpha.V*1000) != 724 || d.Length != 60 {
		t.Errorf("u-alpha %v, cu-alpha %v, length %d", d.U.Alpha, d.CU.Alpha, d.Length)
	}
	if len(r.Codes) != 7 || r.Codes[5].Segments[0] != 2 || r.Codes[5].Marked[1] != 12 {
		t.Errorf("per code: %+v", r.Codes)
	}
	if d.PerCode[4].Code != "v5" || math.Abs(d.PerCode[4].Coverage.V-8.0/18) > 1e-12 || d.PerCode[4].KAlpha.Alpha.V != 1 {
		t.Errorf("v5: %+v", d.PerCode[4])
	}
}

// twoCoderSource is a focus group with a moderator; codes a/x and a/y form
// a domain, b is another code.
func twoCoderSource() Source {
	src := sourceFromLines("fg", "MOD: What do you think about the new schedule?\n"+
		"P1: It is far too early for me and I am tired all day.\n"+
		"P2: I like it because I can pick up my kids after work.\n"+
		"P1: But the bus does not run that early so I drive.\n", "MOD")
	src.Codings = map[string][][]corpus.Span{
		"a/x": {{{Start: 51, End: 90}}, {{Start: 55, End: 90}}},
		"a/y": {{{Start: 110, End: 145}}, {{Start: 95, End: 145}}},
		"b":   {{{Start: 0, End: 40}, {Start: 160, End: 200}}, {{Start: 165, End: 200}}},
	}
	return src
}

func TestComputeUnitizedScopesAndDomains(t *testing.T) {
	src := twoCoderSource()
	coders := []string{"ana", "ben"}
	r, err := ComputeUnitized([]Source{src}, []string{"b"}, nil, coders, ScopeParticipants)
	if err != nil {
		t.Fatal(err)
	}
	// The participants' utterances are the continuum: ana's coding of the
	// moderator's question does not count.
	if len(r.Codes) != 1 || r.Codes[0].Segments[0] != 1 || r.Codes[0].Segments[1] != 1 || len(r.Domains) != 0 || r.Across != nil {
		t.Fatalf("report %+v", r)
	}
	within := Within(src, ScopeParticipants)
	var length int64
	for _, w := range within {
		length += int64(w.Len())
	}
	if r.Length != length {
		t.Errorf("length %d, utterances %d", r.Length, length)
	}
	// The same through the pure package, by hand.
	cont, _ := agree.NewContinuum(within...)
	u, _ := agree.NewUnitizing(2, 1)
	u.Add(cont, [][]agree.Segment{{{Start: 0, End: 40}, {Start: 160, End: 200}}, {{Start: 165, End: 200}}})
	if want := u.Result().Binary.Alpha; r.Codes[0].Binary.Alpha != want {
		t.Errorf("|u-alpha %v, want %v", r.Codes[0].Binary.Alpha, want)
	}
	// A domain of a/x and a/y: no overlaps, so everything is defined; the
	// codes alone are also reported.
	r, err = ComputeUnitized([]Source{src}, nil, []Domain{{Name: "a", Codes: []string{"a/x", "a/y"}}}, coders, ScopeParticipants)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Domains[0]
	if len(r.Codes) != 2 || !d.U.Alpha.Defined || !d.Binary.Alpha.Defined || !d.CU.Alpha.Defined || len(d.SelfOverlaps) != 0 {
		t.Errorf("domain a: %+v", d)
	}
	// Both coders agree on which code wherever both marked: cu-alpha 1.
	if d.CU.Alpha.V != 1 || d.PerCode[0].KAlpha.Alpha.V != 1 {
		t.Errorf("cu %v, (a/x) %v", d.CU.Alpha, d.PerCode[0].KAlpha.Alpha)
	}
	// ben marks a/x where ana marked a/y: still no self-overlap, now
	// disagreement on the code.
	src.Codings["a/x"][1] = append(src.Codings["a/x"][1], corpus.Span{Start: 160, End: 170})
	r, _ = ComputeUnitized([]Source{src}, nil, []Domain{{Name: "a", Codes: []string{"a/x", "a/y", "b"}}}, coders, ScopeParticipants)
	d = r.Domains[0]
	if len(d.SelfOverlaps) != 1 || d.U.Alpha.Defined || d.SelfOverlaps[0].Coder != "ben" || d.SelfOverlaps[0].Start != 165 ||
		d.SelfOverlaps[0].End != 170 || strings.Join(d.SelfOverlaps[0].Codes, "+") != "a/x+b" || d.SelfOverlaps[0].Speaker != "P1" ||
		d.SelfOverlaps[0].Text != " the " {
		t.Errorf("self-overlaps %+v, u %v", d.SelfOverlaps, d.U.Alpha)
	}
}

func TestComputeUnitizedAcrossDomains(t *testing.T) {
	src := twoCoderSource()
	coders := []string{"ana", "ben"}
	domains := []Domain{{Name: "a", Codes: []string{"a/x", "a/y"}}, {Name: "b", Codes: []string{"b"}}}
	r, err := ComputeUnitized([]Source{src}, nil, domains, coders, ScopeParticipants)
	if err != nil {
		t.Fatal(err)
	}
	if r.Across == nil || !r.Across.CU.Alpha.Defined || r.Across.CU.Alpha.V != 1 || len(r.Across.Shared) != 0 {
		t.Fatalf("across %+v", r.Across)
	}
	// ben puts domain a where ana put domain b: Cu-alpha drops below 1.
	src.Codings["a/x"][1] = append(src.Codings["a/x"][1], corpus.Span{Start: 150, End: 160})
	src.Codings["b"][0] = append(src.Codings["b"][0], corpus.Span{Start: 150, End: 160})
	r, _ = ComputeUnitized([]Source{src}, nil, domains, coders, ScopeParticipants)
	if !r.Across.CU.Alpha.Defined || r.Across.CU.Alpha.V >= 1 {
		t.Errorf("Cu-alpha %v", r.Across.CU.Alpha)
	}
	// A code in two domains leaves Cu-alpha undefined.
	domains[1].Codes = append(domains[1].Codes, "a/y")
	r, _ = ComputeUnitized([]Source{src}, nil, domains, coders, ScopeParticipants)
	if r.Across.CU.Alpha.Defined || len(r.Across.Shared) != 1 || !strings.Contains(r.Across.CU.Alpha.Reason, "a/y") {
		t.Errorf("shared code: %+v", r.Across)
	}
}

// On random transcripts, each code alone through ComputeUnitized equals
// the pure computation on the codings cut to the utterances.
func TestComputeUnitizedRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	sources, codes, coders := randomCorpus(rng, 4, 30, 6, 3, 80)
	r, err := ComputeUnitized(sources, codes, nil, coders, ScopeParticipants)
	if err != nil {
		t.Fatal(err)
	}
	for i, code := range codes {
		u, _ := agree.NewUnitizing(len(coders), 1)
		for _, src := range sources {
			cont, _ := agree.NewContinuum(Within(src, ScopeParticipants)...)
			segs := make([][]agree.Segment, len(coders))
			for c := range coders {
				if per := src.Codings[code]; per != nil {
					for _, s := range per[c] {
						segs[c] = append(segs[c], agree.Segment{Start: s.Start, End: s.End})
					}
				}
			}
			u.Add(cont, segs)
		}
		want := u.Result().Binary.Alpha
		if got := r.Codes[i].Binary.Alpha; got.Defined != want.Defined || math.Abs(got.V-want.V) > 1e-12 {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
}

// BenchmarkSegmentAgreement: the agreement benchmark project (100 sources
// of about 30,000 characters, 200 codes, 4 coders, 100,000 codings): the
// unitizing family of every code alone, of 20 domains of 10 codes each
// (with every code alone and Cu-alpha across them), segment overlap for
// every pair of coders, and the last two together ("all").
func BenchmarkSegmentAgreement(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	sources, codes, coders := randomCorpus(rng, 100, 200, 200, 4, 1000)
	var domains []Domain
	for d := range 20 {
		domains = append(domains, Domain{Name: codes[d*10], Codes: codes[d*10 : d*10+10]})
	}
	b.Run("unitized-codes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ComputeUnitized(sources, codes, nil, coders, ScopeParticipants); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unitized-domains", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ComputeUnitized(sources, nil, domains, coders, ScopeParticipants); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("overlap", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ComputeOverlap(sources, codes, coders, ScopeParticipants, 0.9); err != nil {
				b.Fatal(err)
			}
		}
	})
	// all: the domains run (which also gives every code alone) and the
	// overlap method, as one figure.
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ComputeUnitized(sources, nil, domains, coders, ScopeParticipants); err != nil {
				b.Fatal(err)
			}
			if _, err := ComputeOverlap(sources, codes, coders, ScopeParticipants, 0.9); err != nil {
				b.Fatal(err)
			}
		}
	})
}
