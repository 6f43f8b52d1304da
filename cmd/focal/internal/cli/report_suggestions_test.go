package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Issue 20: the report's section on the suggestions shows, code by code,
// the figures `focal suggest check` computes on the same codings, for the
// 10 codes with the most codings (ties by path) and says so: on the demo
// (17 codes to check), under blinding, ben's report and ben's check read
// ben's own codings; blinding off, amara's report reads every coder's
// codings, as her check does (the demo has no complete consensus).
func TestReportSuggestionsMatchSuggestCheck(t *testing.T) {
	r := newRunner(t)
	r.ok("demo", "demo")
	r.dir = filepath.Join(r.dir, "demo")
	check := func(who string) {
		t.Helper()
		checks := decode[[]suggestCheck](t, r.ok("--as", who, "suggest", "check", "--json"))
		if len(checks) <= 10 {
			t.Fatalf("%s: %d codes checked; the demo has more than the report's 10", who, len(checks))
		}
		all := len(checks)
		slices.SortStableFunc(checks, func(a, b suggestCheck) int {
			if a.Codings != b.Codings {
				return b.Codings - a.Codings
			}
			return strings.Compare(a.Code, b.Code)
		})
		shown, left := checks[:10], checks[10:]
		md := r.ok("--as", who, "export", "report", "--format", "md", "--out", "-", "--no-agreement", "--suggestions")
		i := strings.Index(md, "## Suggested passages: how well they would do")
		if i < 0 {
			t.Fatalf("%s: no suggestions section in the report:\n%s", who, md)
		}
		sec := md[i:]
		if j := strings.Index(sec[3:], "\n## "); j >= 0 {
			sec = sec[:j+3]
		}
		for _, want := range []string{"Okapi BM25 over word stems", "Suggestions never code anything", "in the layer this report reads"} {
			if !strings.Contains(sec, want) {
				t.Errorf("%s: the section lacks %q:\n%s", who, want, sec)
			}
		}
		if want := fmt.Sprintf("Only the 10 codes with the most codings, of %d with at least 4, are measured here", all); !strings.Contains(sec, want) {
			t.Errorf("%s: the section lacks %q:\n%s", who, want, sec)
		}
		for _, c := range left {
			if strings.Contains(sec, "| "+c.Code+" |") {
				t.Errorf("%s: %s (%d codings) is shown though 10 codes have more", who, c.Code, c.Codings)
			}
		}
		var p float64
		for _, c := range shown {
			row := fmt.Sprintf("| %s | %d | %.2f | %.2f | %.2f |", c.Code, c.Codings, c.Precision, c.Baseline, c.Ceiling)
			if !strings.Contains(sec, row) {
				t.Errorf("%s: the section lacks the row %q of suggest check:\n%s", who, row, sec)
			}
			p += c.Precision
		}
		if n := strings.Count(sec, "\n| ") - 1; n != len(shown)+1 { // less the header
			t.Errorf("%s: %d rows, want %d codes and their mean:\n%s", who, n, len(shown)+1, sec)
		}
		if mean := fmt.Sprintf("| mean of %d codes |  | %.2f |", len(shown), p/float64(len(shown))); !strings.Contains(sec, mean) {
			t.Errorf("%s: the section lacks %q:\n%s", who, mean, sec)
		}
	}
	check("ben")
	r.ok("--as", "amara", "blind", "off")
	check("amara")
	if md := r.ok("export", "report", "--format", "md", "--out", "-", "--no-agreement"); strings.Contains(md, "Suggested passages") {
		t.Error("a report without --suggestions has the section")
	}
}
