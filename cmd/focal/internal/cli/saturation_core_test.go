package cli

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
)

// Issue 20: the workspace's saturation page computes from the core's
// Study.SaturationUnitsOf; on the demo project it must give the table,
// runs, result and sentence `focal saturation --json` prints, for a
// blinded coder (their own codings) and, blinding off, for everyone's.
func TestSaturationUnitsOfMatchesTheCommand(t *testing.T) {
	r := newRunner(t)
	r.ok("demo", "demo")
	r.dir = filepath.Join(r.dir, "demo")
	check := func(who string) {
		t.Helper()
		want := decode[saturationResult](t, r.ok("--as", who, "saturation", "--json"))
		st, err := study.Open(t.Context(), filepath.Join(r.dir, "study.focal"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.SaturationUnitsOf(t.Context(), study.As(who))
		if err != nil {
			t.Fatal(err)
		}
		s, err := analysis.ComputeSaturation(u.Units, analysis.DefaultSaturation())
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Steps) != len(want.Units) || len(s.Steps) < 2 {
			t.Fatalf("%s: %d groups, the command %d", who, len(s.Steps), len(want.Units))
		}
		total := 0
		for i, step := range s.Steps {
			w := want.Units[i]
			if step.Name != w.Name || step.Codes != w.Codes || step.Cumulative != w.Cumulative || !slices.Equal(append([]string{}, step.New...), w.New) {
				t.Errorf("%s, group %d: core %+v, command %+v", who, i+1, step, w)
			}
			total += step.Codes
		}
		if total == 0 {
			t.Errorf("%s: no codes counted at all", who)
		}
		if s.BaseCodes != want.BaseCodes || s.Reached != want.Reached || s.Point != want.Point || s.Short != want.Short ||
			!slices.Equal(s.Runs, want.RunResults) {
			t.Errorf("%s: core %+v, command %+v", who, s, want)
		}
		if got := s.Sentence("focus group", u.Layer); got != want.Sentence {
			t.Errorf("%s: sentence\n core    %s\n command %s", who, got, want.Sentence)
		}
	}
	check("ben")
	r.ok("--as", "amara", "blind", "off")
	check("amara")
}
