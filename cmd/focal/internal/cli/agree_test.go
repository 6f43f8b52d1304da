package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

func TestAgreeOnDemo(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	// Under blinding nobody compares coders, a PI included (issue 22):
	// agreement, its explanation and disagreements are refused alike.
	for _, args := range [][]string{{"agree", "--json", "--unit", "turn"},
		{"agree", "--explain", "--code", "belonging/isolation", "--source", "fg01-belonging-en", "--coders", "amara,ben"},
		{"disagreements"}} {
		for _, who := range []string{"ben", "amara"} {
			errOut := r.fail(1, append(args, "--as", who)...)
			if !strings.HasPrefix(errOut, "focal: "+args[0]+": blind coding is on") || strings.Count(errOut, "\n") != 1 {
				t.Errorf("%s as %s under blinding: %q", strings.Join(args, " "), who, errOut)
			}
		}
	}
	r.ok("blind", "off", "--as", "amara")
	type pair struct {
		CoderA           string   `json:"coder_a"`
		CoderB           string   `json:"coder_b"`
		Both             float64  `json:"both"`
		OnlyA            float64  `json:"only_a"`
		OnlyB            float64  `json:"only_b"`
		Neither          float64  `json:"neither"`
		PercentAgreement *float64 `json:"percent_agreement"`
		CohenKappa       *float64 `json:"cohen_kappa"`
	}
	type result struct {
		Code   string `json:"code"`
		Source string `json:"source"`
		Pairs  []pair `json:"pairs"`
		Group  struct {
			Alpha  *float64 `json:"krippendorff_alpha"`
			Fleiss *float64 `json:"fleiss_kappa"`
		} `json:"all_coders"`
	}
	rep := decode[struct {
		Coders    []string   `json:"coders"`
		Sources   []string   `json:"sources"`
		PerSource []result   `json:"per_code_and_source"`
		PerCode   []result   `json:"per_code"`
		Excluded  []struct{} `json:"excluded_sources"`
	}](t, r.ok("agree", "--json", "--unit", "turn", "--per-source"))
	if len(rep.Coders) != 3 || len(rep.Sources) != 3 || len(rep.PerCode) < 10 {
		t.Fatalf("report: %d coders, %d sources, %d codes", len(rep.Coders), len(rep.Sources), len(rep.PerCode))
	}
	// Recompute Cohen's kappa from each reported 2×2 table.
	for _, cr := range rep.PerSource {
		for _, p := range cr.Pairs {
			n := p.Both + p.OnlyA + p.OnlyB + p.Neither
			po := (p.Both + p.Neither) / n
			a1, b1 := (p.Both+p.OnlyA)/n, (p.Both+p.OnlyB)/n
			pe := a1*b1 + (1-a1)*(1-b1)
			if pe == 1 {
				if p.CohenKappa != nil {
					t.Errorf("%s/%s: kappa %v where p_e = 1", cr.Code, cr.Source, *p.CohenKappa)
				}
				continue
			}
			want := (po - pe) / (1 - pe)
			if p.CohenKappa == nil || math.Abs(*p.CohenKappa-want) > 1e-9 || math.Abs(*p.PercentAgreement-po) > 1e-9 {
				t.Errorf("%s/%s %s–%s: kappa %v, recomputed %v", cr.Code, cr.Source, p.CoderA, p.CoderB, p.CohenKappa, want)
			}
		}
	}
	// A source not marked done by a compared coder is left out and listed.
	r.ok("source", "undone", "fg02-belonging-en", "--as", "ben")
	out := r.ok("agree", "--coders", "amara,ben")
	if !strings.Contains(out, "left out: fg02-belonging-en (not marked done by ben)") || !strings.Contains(out, "on 2 sources") {
		t.Errorf("exclusion not reported:\n%s", out)
	}
	if out := r.ok("agree", "--coders", "amara,ben", "--include-unfinished"); !strings.Contains(out, "on 3 sources") {
		t.Errorf("--include-unfinished:\n%s", out)
	}
	// Groups: amara and ben together against carmen.
	groups := decode[struct {
		Coders []string `json:"coders"`
	}](t, r.ok("agree", "--json", "--coders", "amara+carmen,ben+carmen"))
	if strings.Join(groups.Coders, "|") != "amara+carmen|ben+carmen" {
		t.Errorf("group coders = %v", groups.Coders)
	}
	explain := r.ok("agree", "--explain", "--code", "belonging/isolation", "--source", "fg01-belonging-en", "--coders", "amara,ben")
	for _, want := range []string{"p_o = (both + neither) / N", "Cohen's kappa = (p_o − p_e) / (1 − p_e) =", "D_o ="} {
		if !strings.Contains(explain, want) {
			t.Errorf("explain lacks %q:\n%s", want, explain)
		}
	}
	r.fail(2, "agree", "--explain", "--code", "belonging/isolation", "--code", "belonging/impostor-feelings")
	r.fail(2, "agree", "--unit", "paragraph")
	ds := decode[[]map[string]any](t, r.ok("disagreements", "--json", "--code", "belonging/isolation", "--coders", "amara,ben"))
	if len(ds) == 0 {
		t.Fatal("no disagreements on the demo")
	}
	for _, d := range ds {
		if d["code"] != "belonging/isolation" || d["text"] == "" || d["turn"].(float64) < 1 {
			t.Errorf("disagreement = %v", d)
		}
	}
}

func TestAgreeTableCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	csv := r.write("ratings.csv", "unit,ana,ben\nt1,yes,yes\nt2,no,yes\nt3,no,\nt4,no,no\n")
	res := decode[map[string]any](t, r.ok("agree", "table", csv, "--json"))
	for _, field := range []string{"units", "coders", "level", "percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"} {
		if _, ok := res[field]; !ok {
			t.Errorf("agree table --json lacks %q", field)
		}
	}
	if math.Abs(res["cohen_kappa"].(float64)-0.4) > 1e-12 {
		t.Errorf("kappa = %v, want 0.4", res["cohen_kappa"])
	}
	bad := r.write("bad.csv", "unit,ana,ben\nt1,1\n")
	if errOut := r.fail(1, "agree", "table", bad); !strings.Contains(errOut, "line 2") {
		t.Errorf("bad table: %s", errOut)
	}
	r.fail(2, "agree", "table", csv, "--level", "fancy")
}

// agreeRuleProject is the tester's transcript of issue 18, with Mod as the
// moderator; positions: Mod's utterance 5–16, the label "Ana" 17–20, Ana's
// utterance 22–55 ("I felt alone." 22–35), Ben's 61–71.
func agreeRuleProject(t *testing.T) *runner {
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.txt", "Mod: How was it?\nAna: I felt alone. Then it got better.\nBen: Same here.\n"))
	r.ok("coder", "add", "ana")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "pat", "--role", "pi")
	r.ok("speaker", "role", "Mod", "moderator", "--source", "fg01")
	r.ok("blind", "off", "--as", "pat") // agreement needs blinding off
	return r
}

type agreePairJSON struct {
	Both       int64    `json:"both"`
	OnlyA      int64    `json:"only_a"`
	OnlyB      int64    `json:"only_b"`
	Neither    int64    `json:"neither"`
	CohenKappa *float64 `json:"cohen_kappa"`
}

type agreeJSON struct {
	Rule    string `json:"rule"`
	Codes   []string
	PerCode []struct {
		Code  string          `json:"code"`
		Pairs []agreePairJSON `json:"pairs"`
	} `json:"per_code"`
	LeftOutCodes []struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"left_out_codes"`
	LeftOutCoders []struct {
		Coder  string `json:"coder"`
		Reason string `json:"reason"`
	} `json:"left_out_coders"`
	UnitsPerSource []struct {
		Source string `json:"source"`
		Units  int64  `json:"units"`
	} `json:"units_per_source"`
	Below     []string `json:"codes_below_tentative"`
	Undefined []string `json:"codes_undefined"`
}

// Issue 18, items 1, 2 and 4 end to end: white space and speaker labels
// never count, whatever the unit and scope, and the report says which
// codes were left out and why.
func TestAgreeUnitRuleCLI(t *testing.T) {
	t.Parallel()
	r := agreeRuleProject(t)
	// x: ana codes "I felt alone.", ben only the space after "I".
	r.ok("coding", "add", "--as", "ana", "--source", "fg01", "--code", "x", "--start", "22", "--end", "35")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "x", "--start", "23", "--end", "24")
	// label: ana highlights only the label "Ana", ben codes Ana's utterance.
	r.ok("coding", "add", "--as", "ana", "--source", "fg01", "--code", "label", "--start", "17", "--end", "20")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "label", "--start", "22", "--end", "55")
	// mod: both code only the moderator's question; unused: nobody uses it.
	r.ok("coding", "add", "--as", "ana", "--source", "fg01", "--code", "mod", "--start", "5", "--end", "16")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "mod", "--start", "5", "--end", "16")
	r.ok("code", "add", "unused")
	r.ok("source", "done", "fg01", "--as", "ana")
	r.ok("source", "done", "fg01", "--as", "ben")

	pair := func(rep agreeJSON, code string) agreePairJSON {
		t.Helper()
		for _, c := range rep.PerCode {
			if c.Code == code {
				return c.Pairs[0]
			}
		}
		t.Fatalf("code %s not compared: %+v", code, rep)
		return agreePairJSON{}
	}
	for _, c := range []struct {
		unit, scope             string
		x, label                agreePairJSON
		modLeftOut, totalsUnits int64
	}{
		// Sentences of participants: "I felt alone.", "Then it got better.",
		// "Same here.". Ben's space is no judgement: only ana 1, neither 2;
		// p_o = 2/3 = p_e (a₁ = 1/3, b₁ = 0), kappa 0 (it was 1 under --scope all).
		{"sentence", "participants", agreePairJSON{0, 1, 0, 2, nil}, agreePairJSON{0, 0, 2, 1, nil}, 1, 3},
		{"sentence", "all", agreePairJSON{0, 1, 0, 3, nil}, agreePairJSON{0, 0, 2, 2, nil}, 0, 4},
		// Turns: the label "Ana" does not apply the code to Ana's turn.
		{"turn", "participants", agreePairJSON{0, 1, 0, 1, nil}, agreePairJSON{0, 0, 1, 1, nil}, 1, 2},
		{"turn", "all", agreePairJSON{0, 1, 0, 2, nil}, agreePairJSON{0, 0, 1, 2, nil}, 0, 3},
		// Characters: 11 + 16 + 9 non-space characters of participants, 9 more of Mod.
		{"char", "all", agreePairJSON{0, 11, 0, 34, nil}, agreePairJSON{0, 0, 27, 18, nil}, 0, 45},
	} {
		rep := decode[agreeJSON](t, r.ok("agree", "--json", "--as", "pat", "--unit", c.unit, "--scope", c.scope))
		what := c.unit + "/" + c.scope
		for code, want := range map[string]agreePairJSON{"x": c.x, "label": c.label} {
			got := pair(rep, code)
			if got.Both != want.Both || got.OnlyA != want.OnlyA || got.OnlyB != want.OnlyB || got.Neither != want.Neither {
				t.Errorf("%s %s: cells %+v, want %+v", what, code, got, want)
			}
			// One coder applied nothing: p_o = p_e, kappa 0.
			if got.CohenKappa == nil || math.Abs(*got.CohenKappa) > 1e-12 {
				t.Errorf("%s %s: kappa %v, want 0", what, code, got.CohenKappa)
			}
		}
		if len(rep.UnitsPerSource) != 1 || rep.UnitsPerSource[0].Units != c.totalsUnits {
			t.Errorf("%s: units per source %+v, want %d", what, rep.UnitsPerSource, c.totalsUnits)
		}
		// mod is out of scope for participants; under all it is compared.
		reasons := map[string]string{}
		for _, l := range rep.LeftOutCodes {
			reasons[l.Code] = l.Reason
		}
		if reasons["unused"] != "unused" || (c.modLeftOut == 1) != (reasons["mod"] == "out of scope") || len(rep.LeftOutCodes) != 1+int(c.modLeftOut) {
			t.Errorf("%s: left out %+v", what, rep.LeftOutCodes)
		}
		if len(rep.LeftOutCoders) != 1 || rep.LeftOutCoders[0].Coder != "pat" || rep.LeftOutCoders[0].Reason != "no codings" {
			t.Errorf("%s: coders left out %+v", what, rep.LeftOutCoders)
		}
		if !strings.Contains(rep.Rule, "white space are never part of a unit") {
			t.Errorf("%s: rule %q", what, rep.Rule)
		}
	}
	// Codes not chosen are listed as such; the text says it all too.
	rep := decode[agreeJSON](t, r.ok("agree", "--json", "--as", "pat", "--code", "x"))
	if len(rep.PerCode) != 1 || len(rep.LeftOutCodes) != 3 {
		t.Errorf("--code x: compared %d, left out %+v", len(rep.PerCode), rep.LeftOutCodes)
	}
	for _, l := range rep.LeftOutCodes {
		if l.Reason != "not chosen" {
			t.Errorf("--code x: %+v", l)
		}
	}
	out := r.ok("agree", "--as", "pat", "--unit", "sentence")
	for _, want := range []string{"codes left out (out of scope: their codings cover no unit): mod", "codes left out (unused by the compared coders in these sources): unused",
		"coder left out: pat (no codings)", "compared: 2 codes; 3 units (fg01 3)", "Speaker labels, text outside turns and white space are never part of a unit"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	explain := r.ok("agree", "--as", "pat", "--explain", "--code", "x", "--source", "fg01", "--scope", "all", "--unit", "sentence")
	if !strings.Contains(explain, "the utterances of every speaker, the moderator included. Speaker labels, text outside turns and white space are never part of a unit") {
		t.Errorf("explain does not state the rule:\n%s", explain)
	}
	// Only codes out of scope: refused with the reason.
	if errOut := r.fail(1, "agree", "--as", "pat", "--code", "mod"); !strings.Contains(errOut, "mod (out of scope)") {
		t.Errorf("only out-of-scope codes: %s", errOut)
	}
	// The nvivo scope is for character units only.
	r.fail(1, "agree", "--as", "pat", "--scope", "nvivo", "--unit", "turn")
	r.ok("agree", "--as", "pat", "--scope", "nvivo")
}

// Issue 18, item 7: --categories works for words, 0 is refused, and
// reasons name categories as the file does.
func TestAgreeTableCategoriesCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	csv := r.write("ratings.csv", "unit,ana,ben\nt1,yes,yes\nt2,no,yes\nt3,no,\nt4,no,no\n")
	// Units rated twice: t1, t2, t4; p_a = 2/3. With q = 3:
	// Brennan–Prediger (2/3 − 1/3)/(1 − 1/3) = 1/2. π_yes = (1 + ½ + 0 + 0)/4
	// = 3/8, π_no = 5/8: p_e(AC1) = 2 · 3/8 · 5/8 / (3 − 1) = 15/64, and
	// AC1 = (2/3 − 15/64)/(1 − 15/64) = 83/147.
	res := decode[map[string]any](t, r.ok("agree", "table", csv, "--categories", "3", "--json"))
	if res["categories"] != 3.0 || math.Abs(res["brennan_prediger"].(float64)-0.5) > 1e-12 || math.Abs(res["gwet_ac1"].(float64)-83.0/147) > 1e-12 {
		t.Errorf("words with --categories 3: %v", res)
	}
	// With the two words only, q = 2: (2/3 − 1/2)/(1/2) = 1/3.
	res = decode[map[string]any](t, r.ok("agree", "table", csv, "--json"))
	if math.Abs(res["brennan_prediger"].(float64)-1.0/3) > 1e-12 {
		t.Errorf("words: %v", res)
	}
	for _, n := range []string{"0", "1", "-2"} {
		if errOut := r.fail(2, "agree", "table", csv, "--categories", n); !strings.Contains(errOut, "at least two possible categories") {
			t.Errorf("--categories %s: %s", n, errOut)
		}
	}
	if errOut := r.fail(1, "agree", "table", r.write("three.csv", "unit,a,b\nt1,x,y\nt2,z,z\n"), "--categories", "2"); !strings.Contains(errOut, "3 different words") {
		t.Errorf("too few categories: %s", errOut)
	}
	same := r.write("same.csv", "unit,ana,ben\nt1,yes,yes\nt2,yes,yes\n")
	out := r.ok("agree", "table", same)
	if !strings.Contains(out, `category ("yes")`) || strings.Contains(out, "category (0)") {
		t.Errorf("reason names the internal index:\n%s", out)
	}
}

// Issue 18, item 4 end to end: --ci gives every pooled figure an interval
// from the cluster bootstrap, says how it was made, and a seed reproduces
// it.
func TestAgreeIntervalsCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.ok("blind", "off", "--as", "amara")
	type interval struct {
		Lower     *float64 `json:"lower"`
		Upper     *float64 `json:"upper"`
		Undefined int      `json:"undefined_replicates"`
	}
	type report struct {
		Bootstrap *struct {
			Method     string  `json:"method"`
			Clusters   string  `json:"clusters"`
			Count      int     `json:"cluster_count"`
			Replicates int     `json:"replicates"`
			Seed       uint64  `json:"seed"`
			Confidence float64 `json:"confidence"`
		} `json:"bootstrap"`
		PerCode []struct {
			Code  string `json:"code"`
			Pairs []struct {
				Kappa     *float64            `json:"cohen_kappa"`
				Intervals map[string]interval `json:"intervals"`
			} `json:"pairs"`
			Group struct {
				Intervals map[string]interval `json:"intervals"`
			} `json:"all_coders"`
		} `json:"per_code"`
		BySource []struct {
			Group struct {
				Intervals map[string]interval `json:"intervals"`
			} `json:"all_coders"`
		} `json:"per_source_pooled_over_codes"`
		Overall struct {
			Pooled struct {
				Intervals map[string]interval `json:"intervals"`
			} `json:"all_coders_pooled_over_codes"`
			MeanAlpha struct {
				Interval *interval `json:"interval"`
			} `json:"all_coders_mean_krippendorff_alpha_over_codes"`
		} `json:"overall"`
	}
	args := []string{"agree", "--json", "--coders", "amara,ben", "--unit", "sentence", "--ci", "0.9", "--replicates", "200", "--seed", "7"}
	first := r.ok(args...)
	rep := decode[report](t, first)
	b := rep.Bootstrap
	if b == nil || b.Clusters != "turn" || b.Replicates != 200 || b.Seed != 7 || b.Confidence != 0.9 || b.Count < 100 || !strings.Contains(b.Method, "resampling turns within each source") {
		t.Fatalf("bootstrap = %+v", b)
	}
	for _, cr := range rep.PerCode {
		p := cr.Pairs[0]
		if len(p.Intervals) != 12 || len(cr.Group.Intervals) != 5 {
			t.Errorf("%s: %d pair intervals, %d group intervals", cr.Code, len(p.Intervals), len(cr.Group.Intervals))
		}
		k := p.Intervals["cohen_kappa"]
		if p.Kappa != nil && k.Lower != nil && (*k.Lower > *k.Upper || k.Undefined > 200) {
			t.Errorf("%s: kappa %v, interval %+v", cr.Code, *p.Kappa, k)
		}
	}
	if len(rep.Overall.Pooled.Intervals) != 5 || rep.Overall.MeanAlpha.Interval == nil {
		t.Errorf("overall figures lack intervals: %+v", rep.Overall)
	}
	// Turns are resampled within each source, so each source keeps its
	// place in every replicate and gets intervals; resampling sources
	// gives them none.
	for _, src := range rep.BySource {
		if len(src.Group.Intervals) != 5 {
			t.Errorf("a source's figures lack intervals: %+v", src)
		}
	}
	bySources := decode[report](t, r.ok("agree", "--json", "--coders", "amara,ben", "--ci", "0.9", "--replicates", "50", "--resample", "source"))
	if len(bySources.BySource) != 3 || len(bySources.BySource[0].Group.Intervals) != 0 || len(bySources.PerCode[0].Group.Intervals) != 5 {
		t.Errorf("resampling sources: %+v", bySources.BySource)
	}
	if again := r.ok(args...); again != first {
		t.Error("the same seed gave different intervals")
	}
	if other := r.ok(append(args[:len(args)-1], "8")...); other == first {
		t.Error("another seed gave the same intervals")
	}
	text := r.ok("agree", "--coders", "amara,ben", "--ci", "0.95", "--replicates", "100", "--resample", "source")
	for _, want := range []string{"KAPPA 95% CI", "percentile bootstrap resampling sources", "100 replicates of 3 sources, seed 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	r.fail(2, "agree", "--unit", "source", "--ci", "0.95", "--resample", "turn")
	r.fail(2, "agree", "--ci", "1.5")
	r.fail(2, "agree", "--ci", "0.95", "--replicates", "0")
	r.fail(2, "agree", "--ci", "0.95", "--resample", "word")
}

// Issue 18, item 5 end to end: the pooled figures carry the indices a
// reviewer asks for, each equal to its formula worked from the pooled
// 2 × 2 table; --explain explains the overall and per-code figures; the
// text shows each source; --methods writes the paragraph.
func TestAgreeReviewerExtrasCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.ok("blind", "off", "--as", "amara")
	type pooled struct {
		Kappa    float64 `json:"cohen_kappa"`
		Pi       float64 `json:"scott_pi"`
		AC1      float64 `json:"gwet_ac1"`
		BP       float64 `json:"brennan_prediger"`
		PI       float64 `json:"prevalence_index"`
		BI       float64 `json:"bias_index"`
		PABAK    float64 `json:"pabak"`
		PSA      float64 `json:"positive_specific_agreement"`
		NSA      float64 `json:"negative_specific_agreement"`
		KappaMax float64 `json:"maximum_kappa"`
		A        float64 `json:"both"`
		B        float64 `json:"only_a"`
		C        float64 `json:"only_b"`
		D        float64 `json:"neither"`
	}
	rep := decode[struct {
		Overall struct {
			Pairs []struct {
				Pooled pooled `json:"pooled_over_codes"`
			} `json:"pairs"`
		} `json:"overall"`
		BySource []struct {
			Source string `json:"source"`
		} `json:"per_source_pooled_over_codes"`
		UnitsPerSource []struct {
			Source string `json:"source"`
			Units  int64  `json:"units"`
		} `json:"units_per_source"`
	}](t, r.ok("agree", "--json", "--coders", "amara,ben"))
	p := rep.Overall.Pairs[0].Pooled
	a, b, c, d := p.A, p.B, p.C, p.D
	n := a + b + c + d
	po := (a + d) / n
	a1, b1 := (a+b)/n, (a+c)/n
	pe := a1*b1 + (1-a1)*(1-b1)
	pi1 := (a1 + b1) / 2
	for _, x := range []struct {
		name      string
		got, want float64
	}{
		{"kappa", p.Kappa, (po - pe) / (1 - pe)},
		{"Scott's pi", p.Pi, (po - (pi1*pi1 + (1-pi1)*(1-pi1))) / (1 - (pi1*pi1 + (1-pi1)*(1-pi1)))},
		{"AC1", p.AC1, (po - 2*pi1*(1-pi1)) / (1 - 2*pi1*(1-pi1))},
		{"Brennan–Prediger", p.BP, (po - 0.5) / 0.5},
		{"prevalence index", p.PI, (a - d) / n},
		{"bias index", p.BI, (b - c) / n},
		{"PABAK", p.PABAK, 2*po - 1},
		{"positive specific agreement", p.PSA, 2 * a / (2*a + b + c)},
		{"negative specific agreement", p.NSA, 2 * d / (2*d + b + c)},
		{"maximum kappa", p.KappaMax, (math.Min(a1, b1) + math.Min(1-a1, 1-b1) - pe) / (1 - pe)},
	} {
		if n == 0 || math.Abs(x.got-x.want) > 1e-9 {
			t.Errorf("pooled %s = %v, worked from the table %v", x.name, x.got, x.want)
		}
	}
	if len(rep.BySource) != 3 {
		t.Errorf("per source: %+v", rep.BySource)
	}
	explain := r.ok("agree", "--explain", "--coders", "amara,ben")
	for _, want := range []string{"All 17 codes pooled over 3 sources", fmt.Sprintf("%.0f", a), "Scott's pi: π₁ = (a₁ + b₁)/2", "Gwet's AC1", "Brennan–Prediger",
		"Fleiss' kappa", "PABAK = 2·p_o − 1", "maximum kappa", "Means over codes", fmt.Sprintf("%.6f", p.Kappa)} {
		if !strings.Contains(explain, want) {
			t.Errorf("overall explain lacks %q:\n%s", want, explain)
		}
	}
	if out := r.ok("agree", "--explain", "--coders", "amara,ben", "--code", "belonging/isolation"); !strings.Contains(out, "Code belonging/isolation pooled over 3 sources") {
		t.Errorf("per-code explain:\n%s", out)
	}
	if out := r.ok("agree", "--explain", "--coders", "amara,ben", "--source", "fg01-belonging-en"); !strings.Contains(out, "Source fg01-belonging-en pooled over") {
		t.Errorf("per-source explain:\n%s", out)
	}
	text := r.ok("agree", "--coders", "amara,ben")
	if !strings.Contains(text, "Per source, pooled over codes:") || !strings.Contains(text, "fg01-belonging-en") || strings.Contains(text, "Every code in every source") {
		t.Errorf("text per source:\n%s", text)
	}
	// The per-source table shows each source's units, not units × codes.
	for _, u := range rep.UnitsPerSource {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(u.Source) + ` +` + fmt.Sprint(u.Units) + ` `).MatchString(text) {
			t.Errorf("per-source row of %s lacks its %d units:\n%s", u.Source, u.Units, text)
		}
	}
	if text := r.ok("agree", "--coders", "amara,ben", "--per-source"); !strings.Contains(text, "Every code in every source") {
		t.Errorf("--per-source:\n%s", text)
	}
	methods := r.ok("agree", "--methods", "--coders", "amara,ben", "--ci", "0.95", "--replicates", "100")
	for _, want := range []string{"Inter-coder agreement was computed with Focal", "amara and ben", "17 codes were compared",
		fmt.Sprintf("kappa was %.3f (", p.Kappa), "percentile bootstrap intervals from 100 replicates (seed 1)",
		"Byrt, T., Bishop, J., & Carlin, J. B. (1993)", "focal agree --explain"} {
		if !strings.Contains(strings.ReplaceAll(methods, "\n", " "), want) {
			t.Errorf("methods lack %q:\n%s", want, methods)
		}
	}
}

// The streamed --json is, byte for byte, the document json.Marshal makes
// of the whole report, and the text the one printed from the whole report:
// with --per-source the command computes every code in every source while
// it writes them (agreement.Options.CellsOnDemand, issue 18), the whole
// report holds them all (Report.PerSource).
func TestAgreeJSONStreamsTheSameDocument(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.ok("blind", "off", "--as", "amara")
	for _, c := range []struct {
		args      []string
		json      bool
		unit      string
		codes     []string
		coders    []string
		perSource bool
		ci        float64
	}{
		{args: []string{"--json", "--per-source", "--ci", "0.9", "--replicates", "50"}, json: true, perSource: true, ci: 0.9},
		{args: []string{"--json", "--per-source", "--unit", "word"}, json: true, unit: "word", perSource: true},
		{args: []string{"--json", "--per-source", "--coders", "amara,ben", "--ci", "0.9", "--replicates", "50"}, json: true, coders: []string{"amara", "ben"}, perSource: true, ci: 0.9},
		{args: []string{"--json", "--unit", "turn", "--code", "belonging/isolation"}, json: true, unit: "turn", codes: []string{"belonging/isolation"}},
		{args: []string{"--per-source"}, perSource: true},
		{args: []string{"--per-source", "--ci", "0.9", "--replicates", "50"}, perSource: true, ci: 0.9},
		{args: []string{"--per-source", "--unit", "sentence", "--coders", "amara,ben", "--ci", "0.9", "--replicates", "50"}, unit: "sentence", coders: []string{"amara", "ben"}, perSource: true, ci: 0.9},
	} {
		streamed := r.ok(append([]string{"agree"}, c.args...)...)
		if c.json {
			var got map[string]any
			if err := json.Unmarshal([]byte(streamed), &got); err != nil {
				t.Fatalf("%v: %v\n%s", c.args, err, streamed)
			}
			if cells, _ := got["per_code_and_source"].([]any); c.perSource != (len(cells) > 0) {
				t.Errorf("%v: %d cells of every code in every source", c.args, len(cells))
			}
		} else if c.perSource && !strings.Contains(streamed, "Every code in every source:") {
			t.Errorf("%v: no table of every code in every source:\n%s", c.args, streamed)
		}
		st, err := study.Open(t.Context(), filepath.Join(r.dir, "demo", "study.focal"))
		if err != nil {
			t.Fatal(err)
		}
		opts := agreeOptions{unit: "char", scope: "participants", json: c.json, seed: 1, replicates: 50, perSource: c.perSource, ci: c.ci,
			codes: c.codes, coders: c.coders}
		if c.unit != "" {
			opts.unit = c.unit
		}
		d, err := st.AgreementInput(t.Context(), study.As("amara"), study.AgreementQuery{Unit: opts.unit, Scope: opts.scope, Codes: opts.codes, Coders: opts.coders})
		if err != nil {
			t.Fatal(err)
		}
		// The whole report, every cell held in PerSource.
		aopts := d.Options
		aopts.PooledOnly = !opts.perSource
		if aopts.Intervals, err = opts.intervals(aopts.Unit); err != nil {
			t.Fatal(err)
		}
		if aopts.Intervals != nil && !c.json {
			aopts.Intervals.Only = shownFigures(len(d.Coders), false)
		}
		rep, err := agreement.Compute(d.Sources, d.Codes, d.Coders, aopts)
		if err != nil {
			t.Fatal(err)
		}
		if c.perSource && len(rep.PerSource) == 0 {
			t.Fatalf("%v: the whole report holds no cell", c.args)
		}
		var whole strings.Builder
		full := newAgreeReport(rep, d, thresholds{Tentative: 0.667, Reliable: 0.8})
		if c.json {
			err = writeJSON(&whole, full)
		} else {
			err = printAgreement(&whole, full, c.perSource)
		}
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if streamed != whole.String() {
			at := 0
			for at < min(len(streamed), len(whole.String())) && streamed[at] == whole.String()[at] {
				at++
			}
			t.Errorf("%v: the output differs from the whole report's at byte %d of %d:\n%.300s\nwant\n%.300s", c.args, at, len(whole.String()),
				streamed[max(0, at-100):], whole.String()[max(0, at-100):])
		}
	}
}

// A code in a source (agree --per-source, computed while written) has the
// figures and intervals of that source pooled over codes when that code
// alone is compared: the same units, and the bootstrap draws the same
// turns from the same seed. The two are computed apart (the sources'
// figures with the per-code ones, the cells a few at a time afterwards).
func TestAgreeCellsAreTheSourcesOfOneCode(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.ok("blind", "off", "--as", "amara")
	type figures = map[string]any
	decode := func(out string) map[string][]figures {
		t.Helper()
		var doc struct {
			Cells   []figures `json:"per_code_and_source"`
			Sources []figures `json:"per_source_pooled_over_codes"`
			Codes   []figures `json:"per_code"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return map[string][]figures{"per_code_and_source": doc.Cells, "per_source_pooled_over_codes": doc.Sources, "per_code": doc.Codes}
	}
	// Without the names of the code and the source, which differ.
	var strip func(f figures) figures
	strip = func(f figures) figures {
		out := figures{}
		for k, v := range f {
			switch k {
			case "code", "source":
			case "pairs":
				var pairs []any
				for _, p := range v.([]any) {
					pairs = append(pairs, strip(p.(figures)))
				}
				out[k] = pairs
			case "all_coders":
				out[k] = strip(v.(figures))
			default:
				out[k] = v
			}
		}
		return out
	}
	ci := []string{"--json", "--ci", "0.9", "--replicates", "40", "--seed", "5"}
	all := decode(r.ok(append([]string{"agree", "--per-source"}, ci...)...))
	cells := all["per_code_and_source"]
	if len(cells) == 0 || len(all["per_code"]) < 2 {
		t.Fatalf("%d cells, %d codes", len(cells), len(all["per_code"]))
	}
	for _, code := range []any{all["per_code"][0]["code"], all["per_code"][len(all["per_code"])-1]["code"]} {
		one := decode(r.ok(append([]string{"agree", "--code", code.(string)}, ci...)...))
		var ofCode []figures
		for _, c := range cells {
			if c["code"] == code {
				ofCode = append(ofCode, c)
			}
		}
		sources := one["per_source_pooled_over_codes"]
		if len(ofCode) != len(sources) || len(sources) == 0 {
			t.Fatalf("code %s: %d cells, %d sources", code, len(ofCode), len(sources))
		}
		for i, s := range sources {
			if ofCode[i]["source"] != s["source"] {
				t.Fatalf("code %s: cell %d is in %v, source %v", code, i, ofCode[i]["source"], s["source"])
			}
			group := ofCode[i]["all_coders"].(figures)
			if ivs, _ := group["intervals"].(figures); len(ivs) != 5 {
				t.Errorf("code %s in %v: intervals %v, want all five of all coders", code, s["source"], group["intervals"])
			}
			if got, want := strip(ofCode[i]), strip(s); !reflect.DeepEqual(got, want) {
				t.Errorf("code %s in %v: the cell\n%v\nthe source of that code alone\n%v", code, s["source"], got, want)
			}
		}
	}
}
