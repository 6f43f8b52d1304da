package agreement

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/testenv"
)

// sourceFromLines builds a Source from "LABEL: words" lines; labels listed
// in moderators are moderators.
func sourceFromLines(name, text string, moderators ...string) Source {
	src := Source{Name: name, Text: text, Codings: map[string][][]corpus.Span{}}
	pos := 0
	for i, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		n := len([]rune(line))
		label, _, _ := strings.Cut(line, ": ")
		ll := len([]rune(label))
		t := Turn{Seq: i + 1, Speaker: label, Label: corpus.Span{Start: pos, End: pos + ll}, Utterance: corpus.Span{Start: pos + ll + 2, End: pos + n - 1}}
		for _, m := range moderators {
			t.Moderator = t.Moderator || m == label
		}
		src.Turns = append(src.Turns, t)
		pos += n
	}
	return src
}

// The constructed NVivo-style cases of ../shared/agreement-vectors.json:
// character units over the whole text must give their 2×2 cells and values.
func TestNVivoCharacterCases(t *testing.T) {
	raw, err := os.ReadFile(testenv.Shared(t, "agreement-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name      string `json:"name"`
		Statistic string `json:"statistic"`
		Code      string `json:"code"`
		Cells     struct {
			Both    int64 `json:"a_both"`
			OnlyA   int64 `json:"a_only"`
			OnlyB   int64 `json:"b_only"`
			Neither int64 `json:"neither"`
		} `json:"cells"`
		Data     json.RawMessage `json:"data"`
		Expected *float64        `json:"expected"`
		Decimals int             `json:"expected_decimals"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, v := range vectors {
		if !strings.HasPrefix(v.Name, "fg1_") {
			continue
		}
		var data struct {
			Text   string                         `json:"doc_text"`
			Coders map[string]map[string][][2]int `json:"coders"`
		}
		if err := json.Unmarshal(v.Data, &data); err != nil {
			t.Fatal(err)
		}
		src := sourceFromLines("fg1", data.Text)
		for _, coder := range []string{"A", "B"} {
			var spans []corpus.Span
			for _, r := range data.Coders[coder][v.Code] {
				spans = append(spans, corpus.Span{Start: r[0], End: r[1]})
			}
			src.Codings[v.Code] = append(src.Codings[v.Code], spans)
		}
		rep, err := Compute([]Source{src}, []string{v.Code}, []string{"A", "B"}, Options{Unit: UnitChar, Scope: ScopeNVivo})
		if err != nil {
			t.Fatal(err)
		}
		p := rep.PerSource[0].Pairs[0]
		if p.Both != v.Cells.Both || p.OnlyA != v.Cells.OnlyA || p.OnlyB != v.Cells.OnlyB || p.Neither != v.Cells.Neither {
			t.Errorf("%s: cells %d/%d/%d/%d, want %+v", v.Name, p.Both, p.OnlyA, p.OnlyB, p.Neither, v.Cells)
		}
		got := p.PercentAgreement
		if strings.HasSuffix(v.Statistic, "kappa") {
			got = p.CohenKappa
		}
		if v.Expected == nil {
			if got.Defined {
				t.Errorf("%s: got %v, want undefined", v.Name, got.V)
			}
		} else if !got.Defined || math.Abs(got.V-*v.Expected) > 0.5*math.Pow(10, -float64(v.Decimals)) {
			t.Errorf("%s: got %v, want %v", v.Name, got, *v.Expected)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no fg1_ vectors found")
	}
}

// A hand-worked case for the participants scope: labels, moderator turns
// and white space are not units.
func TestParticipantScopeHandWorked(t *testing.T) {
	text := "MOD: Any thoughts?\nP1: ab cd\nP2: ef\n"
	src := sourceFromLines("s", text, "MOD")
	// Utterances: "ab cd" at 23–28, "ef" at 33–35. Non-space characters:
	// a b c d e f = 6 units.
	// A codes "ab cd" (a,b,c,d); B codes "cd" and "ef" (c,d,e,f); both also
	// coded the moderator's question, which must not count.
	src.Codings["x"] = [][]corpus.Span{
		{{Start: 5, End: 18}, {Start: 23, End: 28}},
		{{Start: 5, End: 18}, {Start: 26, End: 28}, {Start: 33, End: 35}},
	}
	rep, err := Compute([]Source{src}, []string{"x"}, []string{"A", "B"}, Options{Unit: UnitChar, Scope: ScopeParticipants})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.PerSource[0].Pairs[0]
	// both: c,d = 2; only A: a,b = 2; only B: e,f = 2; neither: 0.
	if p.Both != 2 || p.OnlyA != 2 || p.OnlyB != 2 || p.Neither != 0 {
		t.Fatalf("cells = %+v", p)
	}
	// p_o = 2/6; a_1 = 4/6, b_1 = 4/6, p_e = (4/6)² + (2/6)² = 20/36;
	// kappa = (12/36 − 20/36)/(16/36) = −0.5.
	if !p.CohenKappa.Defined || math.Abs(p.CohenKappa.V+0.5) > 1e-12 {
		t.Errorf("kappa = %v, want -0.5", p.CohenKappa)
	}
	// Turn units: P1 coded by both, P2 only by B → both 1, only B 1.
	rep, _ = Compute([]Source{src}, []string{"x"}, []string{"A", "B"}, Options{Unit: UnitTurn, Scope: ScopeParticipants})
	if p := rep.PerSource[0].Pairs[0]; p.Both != 1 || p.OnlyB != 1 || p.Units != 2 {
		t.Errorf("turn cells = %+v", p)
	}
	// Source units: one unit, both applied.
	rep, _ = Compute([]Source{src}, []string{"x"}, []string{"A", "B"}, Options{Unit: UnitSource, Scope: ScopeParticipants})
	if p := rep.PerSource[0].Pairs[0]; p.Both != 1 || p.Units != 1 {
		t.Errorf("source cells = %+v", p)
	}
}

// Pooling over sources sums the tables; the overall figures are labelled
// as pooled or as a mean of per-code values.
func TestPoolingAndMeans(t *testing.T) {
	a := sourceFromLines("a", "P1: aaaa\n")
	b := sourceFromLines("b", "P1: bbbb\n")
	a.Codings["x"] = [][]corpus.Span{{{Start: 4, End: 8}}, {{Start: 4, End: 6}}}
	b.Codings["x"] = [][]corpus.Span{{{Start: 4, End: 5}}, {}}
	a.Codings["y"] = [][]corpus.Span{{{Start: 4, End: 8}}, {{Start: 4, End: 8}}}
	rep, err := Compute([]Source{a, b}, []string{"x", "y"}, []string{"A", "B"}, Options{Unit: UnitChar, Scope: ScopeParticipants})
	if err != nil {
		t.Fatal(err)
	}
	x := rep.PerCode[0].Pairs[0]
	// a: both 2, only A 2; b: only A 1, neither 3 → pooled both 2, only A 3, neither 3.
	if x.Both != 2 || x.OnlyA != 3 || x.OnlyB != 0 || x.Neither != 3 {
		t.Fatalf("pooled x = %+v", x)
	}
	o := rep.Overall.Pairs[0]
	if o.Pooled.Both != 2+4 || o.Pooled.Units != 16 {
		t.Errorf("pooled over codes = %+v", o.Pooled)
	}
	// Mean of per-code kappas: y's kappa is undefined? No: y has both=4,
	// neither=4 (b's text) → kappa 1. x's kappa from its pooled table.
	wantMean := (x.CohenKappa.V + rep.PerCode[1].Pairs[0].CohenKappa.V) / 2
	if o.MeanKappa.Codes != 2 || math.Abs(o.MeanKappa.Value.V-wantMean) > 1e-12 {
		t.Errorf("mean kappa = %+v, want %v over 2 codes", o.MeanKappa, wantMean)
	}
}

func TestDisagreements(t *testing.T) {
	text := "MOD: Why?\nP1: I was the only one there.\nP2: Same for me, always.\n"
	src := sourceFromLines("s", text, "MOD")
	at := func(phrase string) corpus.Span {
		i := strings.Index(text, phrase)
		return corpus.Span{Start: len([]rune(text[:i])), End: len([]rune(text[:i])) + len([]rune(phrase))}
	}
	src.Codings["isolation"] = [][]corpus.Span{
		{at("I was the only one there.")},
		{at("the only one"), at("always")},
	}
	ds, err := Disagreements([]Source{src}, []string{"isolation"}, []string{"ana", "ben"}, Options{Unit: UnitChar, Scope: ScopeParticipants})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("disagreements = %+v", ds)
	}
	if ds[0].Kind != "boundaries" || ds[0].Turn != 2 || ds[0].Speaker != "P1" || ds[0].Text != "I was the only one there." {
		t.Errorf("first = %+v", ds[0])
	}
	if ds[1].Kind != "only" || strings.Join(ds[1].Applied, ",") != "ben" || ds[1].Text != "always" || !strings.HasSuffix(ds[1].Before, "for me, ") {
		t.Errorf("second = %+v", ds[1])
	}
	// On turn units, P1's turn has both coders (agreement) and P2's only ben.
	ds, _ = Disagreements([]Source{src}, []string{"isolation"}, []string{"ana", "ben"}, Options{Unit: UnitTurn, Scope: ScopeParticipants})
	if len(ds) != 1 || ds[0].Turn != 3 {
		t.Errorf("turn disagreements = %+v", ds)
	}
}

// BenchmarkCompute is the benchmark: 100 sources of ~30,000
// characters, 200 codes, 4 coders and 100,000 codings; every pair and every
// statistic, on character and on turn units.
func BenchmarkCompute(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	sources, codes, coders := randomCorpus(rng, 100, 200, 200, 4, 1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, unit := range []Unit{UnitChar, UnitTurn} {
			if _, err := Compute(sources, codes, coders, Options{Unit: unit, Scope: ScopeParticipants, PooledOnly: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
