package methods

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
)

func known(v float64) agree.Value { return agree.Value{V: v, Defined: true} }

// With intervals, each figure carries its interval and the paragraph
// states the bootstrap that made them; three coders are judged by alpha
// and cite Fleiss rather than Scott.
func TestComposeStatesIntervalsAndBootstrap(t *testing.T) {
	iv := func(lo, hi float64) agreement.Interval { return agreement.Interval{Lower: known(lo), Upper: known(hi)} }
	r := agreement.Report{Unit: agreement.UnitSource, Coders: []string{"ana", "ben", "cy"}, Sources: []string{"s1", "s2", "s3"},
		UnitsPerSource: []agreement.SourceUnits{{Units: 1}, {Units: 1}, {Units: 1}},
		PerCode: []agreement.CodeResult{
			{Code: "x", Group: agreement.Group{KrippendorffAlpha: known(0.7)}},
			{Code: "y", Group: agreement.Group{KrippendorffAlpha: agree.Value{Reason: "0/0"}}},
		},
		Overall: agreement.Overall{
			Pooled: agreement.Group{KrippendorffAlpha: known(0.5), FleissKappa: known(0.25), GwetAC1: known(0.75), PercentAgreement: known(0.875),
				Intervals: map[string]agreement.Interval{"krippendorff_alpha": iv(0.4, 0.6), "fleiss_kappa": iv(0.125, 0.375)}},
			MeanAlpha: agreement.Mean{Value: known(0.7), Codes: 1, Interval: &agreement.Interval{Lower: known(0.55), Upper: known(0.8)}},
		},
		Bootstrap: &agreement.BootstrapInfo{Clusters: agreement.ClusterSources, Count: 3, Replicates: 50, Seed: 7, Confidence: 0.9},
	}
	p := Compose(Input{Report: r, Excluded: 1, Tentative: 0.667, Reliable: 0.8, Software: Software("v1.2.0", "0123456789abcdef")})
	for _, want := range []string{
		"computed with Focal v1.2.0 (commit 0123456789ab) on 3 sources coded independently by ana, ben and cy (3 coders). 1 source not yet marked done by every coder was left out. 2 codes were compared.",
		"The units of analysis were whole sources: 3 units in all.",
		"alpha was 0.500 (0.400–0.600), Fleiss' (1971) kappa 0.250 (0.125–0.375), Gwet's (2014) AC1 0.750 and pairwise percent agreement 0.875.",
		"The mean of the per-code alphas was 0.700 (0.550–0.800) over 1 code",
		"Krippendorff's alpha ranged from 0.700 to 0.700; following Krippendorff's (2019) guidance, 0 codes reached 0.800 (reliable), 1 reached 0.667 only (tentative conclusions), 0 stayed below, and 1 was undefined",
		"Intervals are 90% percentile bootstrap intervals from 50 replicates (seed 7) resampling whole sources (3 sources);",
	} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("the paragraph lacks %q:\n%s", want, p.Text)
		}
	}
	refs := strings.Join(p.References, "\n")
	if !strings.Contains(refs, "Fleiss, J. L. (1971)") || strings.Contains(refs, "Scott, W. A.") {
		t.Errorf("three coders cite Fleiss, not Scott:\n%s", refs)
	}
}

func TestWrap(t *testing.T) {
	if got, want := Wrap("aa bb  cc\ndd", 5), "aa bb\ncc dd"; got != want {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	if got, want := Wrap("toolongword x", 4), "toolongword\nx"; got != want {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
}
