package cli

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
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
	}](t, r.ok("agree", "--json", "--unit", "turn"))
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
	r.fail(2, "agree", "--explain", "--code", "belonging/isolation")
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
