package cli

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type unitizedAlphaJSON struct {
	Alpha    *float64 `json:"alpha"`
	Observed *float64 `json:"observed_disagreement"`
	Expected *float64 `json:"expected_disagreement"`
}

// check recomputes alpha = 1 − D_o/D_e from the reported disagreements.
func (a unitizedAlphaJSON) check(t *testing.T, what string) {
	t.Helper()
	if a.Alpha == nil {
		if a.Observed != nil || a.Expected != nil {
			t.Errorf("%s: undefined alpha with disagreements %v, %v", what, a.Observed, a.Expected)
		}
		return
	}
	if *a.Alpha > 1 || math.Abs(*a.Alpha-(1 - *a.Observed / *a.Expected)) > 1e-12 {
		t.Errorf("%s: alpha %v, D_o %v, D_e %v", what, *a.Alpha, *a.Observed, *a.Expected)
	}
}

type unitizedJSON struct {
	Coders  []string `json:"coders"`
	Sources []string `json:"sources"`
	Length  int64    `json:"length"`
	PerCode []struct {
		Code     string            `json:"code"`
		Segments []int64           `json:"segments"`
		Marked   []int64           `json:"marked"`
		Binary   unitizedAlphaJSON `json:"binary_u_alpha"`
	} `json:"per_code"`
	Domains []struct {
		Name    string            `json:"name"`
		Kind    string            `json:"kind"`
		Codes   []string          `json:"codes"`
		Binary  unitizedAlphaJSON `json:"binary_u_alpha"`
		U       unitizedAlphaJSON `json:"u_alpha"`
		CU      unitizedAlphaJSON `json:"cu_alpha"`
		PerCode []struct {
			Code     string            `json:"code"`
			Coverage *float64          `json:"coverage"`
			KAlpha   unitizedAlphaJSON `json:"k_u_alpha"`
		} `json:"per_code"`
		SelfOverlaps []map[string]any `json:"self_overlaps"`
	} `json:"domains"`
	Across *struct {
		Domains      []string          `json:"domains"`
		CU           unitizedAlphaJSON `json:"cu_alpha"`
		Shared       []string          `json:"shared_codes"`
		SelfOverlaps []map[string]any  `json:"self_overlaps"`
	} `json:"across_domains"`
	PlacesHidden bool     `json:"places_hidden"`
	Below        []string `json:"codes_below_tentative"`
}

func TestAgreeUnitizedOnDemo(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	// Under blinding agreement is refused (issue 22), to the PI too.
	if errOut := r.fail(1, "agree", "--unitized", "--json", "--as", "amara"); !strings.Contains(errOut, "blind coding is on") {
		t.Errorf("agree --unitized under blinding: %s", errOut)
	}
	r.ok("blind", "off", "--as", "amara")
	rep := decode[unitizedJSON](t, r.ok("agree", "--unitized", "--json"))
	if len(rep.Coders) != 3 || len(rep.Sources) != 3 || len(rep.PerCode) < 10 || len(rep.Domains) != 0 || rep.Across != nil || rep.Length < 10000 {
		t.Fatalf("report: %d coders, %d sources, %d codes, %d domains, length %d", len(rep.Coders), len(rep.Sources), len(rep.PerCode), len(rep.Domains), rep.Length)
	}
	for _, c := range rep.PerCode {
		c.Binary.check(t, c.Code)
		if len(c.Segments) != 3 || len(c.Marked) != 3 {
			t.Errorf("%s: segments %v, marked %v", c.Code, c.Segments, c.Marked)
		}
	}
	// Two domains from parent codes and one from a theme, with Cu-alpha
	// across them.
	rep = decode[unitizedJSON](t, r.ok("agree", "--unitized", "--domain", "belonging,workload", "--domain", "Who has your back", "--json"))
	if len(rep.Domains) != 3 || rep.Across == nil || len(rep.Across.Domains) != 3 {
		t.Fatalf("domains %d, across %v", len(rep.Domains), rep.Across)
	}
	belonging := rep.Domains[0]
	want := []string{"belonging/being-the-only-one", "belonging/feeling-part-of-the-team", "belonging/impostor-feelings", "belonging/isolation"}
	got := slices.Clone(belonging.Codes)
	slices.Sort(got)
	if belonging.Name != "belonging" || belonging.Kind != "parent code" || !slices.Equal(got, want) {
		t.Errorf("domain belonging: %s (%s) %v", belonging.Name, belonging.Kind, belonging.Codes)
	}
	if rep.Domains[2].Kind != "theme" || rep.Domains[2].Name != "Who has your back" || len(rep.Domains[2].Codes) < 2 {
		t.Errorf("theme domain: %+v", rep.Domains[2])
	}
	var perCode int
	for _, d := range rep.Domains {
		d.Binary.check(t, d.Name+" |u")
		d.U.check(t, d.Name+" u")
		d.CU.check(t, d.Name+" cu")
		for _, c := range d.PerCode {
			c.KAlpha.check(t, c.Code)
			if c.Coverage != nil && (*c.Coverage < 0 || *c.Coverage > 1) {
				t.Errorf("%s: coverage %v", c.Code, *c.Coverage)
			}
		}
		perCode += len(d.Codes)
	}
	if len(rep.PerCode) != perCode || rep.PlacesHidden {
		t.Errorf("%d codes alone for %d in domains; places hidden %v", len(rep.PerCode), perCode, rep.PlacesHidden)
	}
	rep.Across.CU.check(t, "Cu-alpha")
	text := r.ok("agree", "--unitized", "--domain", "belonging,workload", "--domain", "Who has your back")
	for _, w := range []string{"Unitizing agreement of amara, ben, carmen", "|u-ALPHA", "Domain belonging (parent code, 4 codes)",
		"cu-alpha", "(k)u-ALPHA", "Cu-alpha across the 3 domains"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	// The places where a coder used two values at once are listed; an
	// undefined Cu-alpha is explained by them.
	rep = decode[unitizedJSON](t, r.ok("agree", "--unitized", "--domain", "belonging,workload", "--domain", "Who has your back", "--json"))
	if a := rep.Across; a.CU.Alpha == nil && len(a.Shared) == 0 && len(a.SelfOverlaps) == 0 {
		t.Errorf("Cu-alpha undefined without a listed cause: %+v", a)
	}
	for _, d := range rep.Domains {
		if d.U.Alpha == nil && len(d.SelfOverlaps) == 0 {
			t.Errorf("%s: u-alpha undefined without self-overlaps", d.Name)
		}
	}
	// Codes listed without children form one domain.
	rep = decode[unitizedJSON](t, r.ok("agree", "--unitized", "--domain", "workload/fatigue", "--domain", "code:workload/time-for-self", "--json"))
	if len(rep.Domains) != 1 || rep.Domains[0].Kind != "codes" || len(rep.Domains[0].Codes) != 2 || rep.Across != nil {
		t.Errorf("listed codes: %+v", rep.Domains)
	}
	// Mistakes.
	r.fail(2, "agree", "--domain", "belonging")
	r.fail(2, "agree", "--unitized", "--overlap", "0.9")
	r.fail(2, "agree", "--unitized", "--unit", "turn")
	r.fail(2, "agree", "--unitized", "--ci", "0.95")
	r.fail(2, "agree", "--unitized", "--domain", "belonging", "--code", "workload/fatigue")
	if errOut := r.fail(1, "agree", "--unitized", "--domain", "no-such-thing"); !strings.Contains(errOut, "no theme or code") {
		t.Errorf("unknown domain: %s", errOut)
	}
}

type overlapJSON struct {
	Threshold float64 `json:"threshold"`
	Coders    []string
	Pairs     []struct {
		CoderA  string `json:"coder_a"`
		CoderB  string `json:"coder_b"`
		PerCode []struct {
			Code      string   `json:"code"`
			SegmentsA int64    `json:"segments_a"`
			MatchedA  int64    `json:"matched_a"`
			SegmentsB int64    `json:"segments_b"`
			MatchedB  int64    `json:"matched_b"`
			Percent   *float64 `json:"percent_agreement"`
		} `json:"per_code"`
		Total struct {
			SegmentsA int64 `json:"segments_a"`
			MatchedA  int64 `json:"matched_a"`
			SegmentsB int64 `json:"segments_b"`
			MatchedB  int64 `json:"matched_b"`
		} `json:"total"`
		Codes     int              `json:"codes"`
		Percent   *float64         `json:"percent_agreement"`
		Kappa     *float64         `json:"kappa"`
		Unmatched []map[string]any `json:"unmatched"`
	} `json:"pairs"`
	PlacesHidden bool `json:"places_hidden"`
}

func TestAgreeOverlapOnDemo(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	if errOut := r.fail(1, "agree", "--overlap", "0.9", "--json", "--as", "ben"); !strings.Contains(errOut, "blind coding is on") {
		t.Errorf("agree --overlap under blinding: %s", errOut)
	}
	r.ok("blind", "off", "--as", "amara")
	out := r.ok("agree", "--overlap", "0.9", "--json")
	rep := decode[overlapJSON](t, out)
	if rep.Threshold != 0.9 || len(rep.Pairs) != 3 || rep.PlacesHidden {
		t.Fatalf("threshold %v, %d pairs, hidden %v", rep.Threshold, len(rep.Pairs), rep.PlacesHidden)
	}
	// Recompute each pair's totals, percent agreement and kappa from the
	// per-code counts.
	for _, p := range rep.Pairs {
		var sa, ma, sb, mb int64
		used := 0
		for _, c := range p.PerCode {
			sa, ma, sb, mb = sa+c.SegmentsA, ma+c.MatchedA, sb+c.SegmentsB, mb+c.MatchedB
			if c.SegmentsA+c.SegmentsB > 0 {
				used++
				if c.Percent == nil || math.Abs(*c.Percent-float64(c.MatchedA+c.MatchedB)/float64(c.SegmentsA+c.SegmentsB)) > 1e-12 {
					t.Errorf("%s %s: percent %v", p.CoderA+"–"+p.CoderB, c.Code, c.Percent)
				}
			}
		}
		if sa != p.Total.SegmentsA || ma != p.Total.MatchedA || sb != p.Total.SegmentsB || mb != p.Total.MatchedB || used != p.Codes {
			t.Errorf("%s–%s: totals %+v, q %d", p.CoderA, p.CoderB, p.Total, p.Codes)
		}
		po := float64(ma+mb) / float64(sa+sb)
		pe := 1 / float64(used)
		if math.Abs(*p.Percent-po) > 1e-12 || math.Abs(*p.Kappa-(po-pe)/(1-pe)) > 1e-12 {
			t.Errorf("%s–%s: p_o %v, kappa %v", p.CoderA, p.CoderB, *p.Percent, *p.Kappa)
		}
	}
	if same := r.ok("agree", "--overlap", "90%", "--json"); same != out {
		t.Error("--overlap 90% differs from --overlap 0.9")
	}
	text := r.ok("agree", "--overlap", "0.8", "--coders", "amara,ben")
	for _, w := range []string{"Segment agreement of amara, ben", "at least 80%", "kappa", "Brennan–Prediger", "amara MATCHED", "Unmatched segments ("} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	rep = decode[overlapJSON](t, r.ok("agree", "--overlap", "0.9", "--json"))
	for _, p := range rep.Pairs {
		if want := p.Total.SegmentsA + p.Total.SegmentsB - p.Total.MatchedA - p.Total.MatchedB; int64(len(p.Unmatched)) != want || want == 0 {
			t.Errorf("%s–%s: %d unmatched listed, %d counted", p.CoderA, p.CoderB, len(p.Unmatched), want)
		}
		for _, u := range p.Unmatched {
			if u["text"] == "" || (u["coder"] != p.CoderA && u["coder"] != p.CoderB) {
				t.Errorf("unmatched %v", u)
			}
		}
	}
	if text := r.ok("agree", "--overlap", "0.9", "--coders", "amara,ben"); !strings.Contains(text, "Unmatched segments (") {
		t.Errorf("no unmatched list:\n%s", text)
	}
	r.fail(2, "agree", "--overlap", "150")
	r.fail(2, "agree", "--overlap", "most")
	r.fail(2, "agree", "--overlap", "0.9", "--explain", "--code", "belonging/isolation", "--source", "fg01-belonging-en")
}
