package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
)

// writeMethods writes `focal agree --methods`: a paragraph a methods
// section can take over, naming what was compared, the figures with their
// intervals, the bootstrap, the software and the references, with the
// commands that recompute every number.
func writeMethods(out io.Writer, r agreeReport) error {
	coders := len(r.Coders)
	var b strings.Builder
	say := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	facts := buildFactsOf(debug.ReadBuildInfo())
	software := "Focal"
	if facts.Version != "" {
		software += " " + facts.Version
	}
	if facts.Commit != "" {
		software += fmt.Sprintf(" (commit %.12s)", facts.Commit)
	}
	var units int64
	for _, s := range r.UnitsPerSource {
		units += s.Units
	}
	say("Inter-coder agreement was computed with %s on %s coded independently by %s (%s). ",
		software, plural(len(r.Sources), "source"), listWords(r.Coders), plural(coders, "coder"))
	if len(r.Excluded) > 0 {
		say("%s not yet marked done by every coder %s left out. ", plural(len(r.Excluded), "source"), wasWere(len(r.Excluded)))
	}
	say("%s were compared", plural(len(r.PerCode), "code"))
	if len(r.LeftOutCodes) > 0 {
		count := map[string]int{}
		for _, c := range r.LeftOutCodes {
			count[c.Reason]++
		}
		var parts []string
		for _, reason := range []string{agreement.CodeUnused, agreement.CodeOutOfScope, agreement.CodeNotChosen} {
			if n := count[reason]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, map[string]string{
					agreement.CodeUnused:     "not used by the coders compared",
					agreement.CodeOutOfScope: "applied only outside the units (to the moderator's turns, speaker labels or white space)",
					agreement.CodeNotChosen:  "not chosen for the comparison",
				}[reason]))
			}
		}
		say(" and %s left out (%s)", plural(len(r.LeftOutCodes), "code"), strings.Join(parts, "; "))
	}
	say(". ")
	say("The units of analysis were %s: %d units in all. %s ", unitWords(r.Unit), units, r.Rule)
	say("For each code, each coder's judgement on each unit was whether they applied the code; the 2 × 2 tables of the sources were added up before computing, and the overall figures add up the tables of every code. ")

	o := r.Overall
	if coders == 2 {
		p := o.Pairs[0]
		say("Pooled over codes, Cohen's (1960) kappa was %s, Krippendorff's (2019) alpha %s, Scott's pi %s, Gwet's (2014) AC1 %s and percent agreement %s; ",
			figure(p.Pooled.CohenKappa, p.Pooled.Intervals, "cohen_kappa"), figure(p.Pooled.KrippendorffAlpha, p.Pooled.Intervals, "krippendorff_alpha"),
			figure(p.Pooled.ScottPi, p.Pooled.Intervals, "scott_pi"), figure(p.Pooled.GwetAC1, p.Pooled.Intervals, "gwet_ac1"),
			figure(p.Pooled.PercentAgreement, p.Pooled.Intervals, "percent_agreement"))
		say("the prevalence index was %s, the bias index %s and the prevalence- and bias-adjusted kappa (PABAK; Byrt, Bishop & Carlin, 1993) %s; the largest kappa the coders' margins allowed was %s. ",
			num(p.Pooled.PrevalenceIndex), num(p.Pooled.BiasIndex), figure(p.Pooled.PABAK, p.Pooled.Intervals, "pabak"), num(p.Pooled.MaximumKappa))
		say("The mean of the per-code kappas was %s over %s with a defined value. ", meanFigure(p.MeanKappa), plural(p.MeanKappa.Codes, "code"))
	} else {
		say("Pooled over codes, Krippendorff's (2019) alpha was %s, Fleiss' (1971) kappa %s, Gwet's (2014) AC1 %s and pairwise percent agreement %s. ",
			figure(o.Pooled.KrippendorffAlpha, o.Pooled.Intervals, "krippendorff_alpha"), figure(o.Pooled.FleissKappa, o.Pooled.Intervals, "fleiss_kappa"),
			figure(o.Pooled.GwetAC1, o.Pooled.Intervals, "gwet_ac1"), figure(o.Pooled.PercentAgreement, o.Pooled.Intervals, "percent_agreement"))
		say("The mean of the per-code alphas was %s over %s with a defined value. ", meanFigure(o.MeanAlpha), plural(o.MeanAlpha.Codes, "code"))
	}
	count := map[string]int{}
	lo, hi := agree.Value{}, agree.Value{}
	for _, j := range r.Judgements {
		count[j.Judgement]++
		if j.Value.Defined {
			if !lo.Defined || j.Value.V < lo.V {
				lo = j.Value
			}
			if !hi.Defined || j.Value.V > hi.V {
				hi = j.Value
			}
		}
	}
	say("Per code, %s ranged from %s to %s; following Krippendorff's (2019) guidance, %d %s reached %.3f (reliable), %d reached %.3f only (tentative conclusions), %d stayed below",
		headlineLabel(coders), num(lo), num(hi), count[judgedReliable], codesWord(count[judgedReliable]), r.Thresholds.Reliable,
		count[judgedTentative], r.Thresholds.Tentative, count[judgedBelow])
	if n := count[judgedUndefined]; n > 0 {
		say(", and %d %s undefined because every judgement was the same", n, wasWere(n))
	}
	say(". ")
	if bs := r.Bootstrap; bs != nil {
		what := "turns within each source, so that the units of one turn stay together"
		if bs.Clusters == agreement.ClusterSources {
			what = "whole sources"
		}
		say("Intervals are %s%% percentile bootstrap intervals from %d replicates (seed %d) resampling %s (%d %ss); a replicate on which a figure was undefined was left out of that figure's interval. ",
			percentLevel(bs.Confidence), bs.Replicates, bs.Seed, what, bs.Count, bs.Clusters)
	}
	say("Every figure can be recomputed by hand from the tables that `focal agree --explain` prints (with --code and --source for one code or one source).")
	fmt.Fprintln(out, wrapText(b.String(), 80))
	fmt.Fprintln(out)
	fmt.Fprintln(out, "References")
	refs := []string{
		"Byrt, T., Bishop, J., & Carlin, J. B. (1993). Bias, prevalence and kappa. Journal of Clinical Epidemiology, 46(5), 423–429.",
		"Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement, 20(1), 37–46.",
		"Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.). Advanced Analytics.",
		"Krippendorff, K. (2019). Content Analysis: An Introduction to Its Methodology (4th ed.). Sage.",
	}
	if coders > 2 {
		refs = append(refs, "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin, 76(5), 378–382.")
	} else {
		refs = append(refs, "Scott, W. A. (1955). Reliability of content analysis: The case of nominal scale coding. Public Opinion Quarterly, 19(3), 321–325.")
	}
	for _, ref := range refs {
		fmt.Fprintln(out, wrapText(ref, 80))
	}
	return nil
}

// figure is a value with its interval, when there is one.
func figure(v agree.Value, intervals map[string]agreement.Interval, name string) string {
	if iv, ok := intervals[name]; ok && iv.Lower.Defined && v.Defined {
		return fmt.Sprintf("%s (%s–%s)", num(v), num(iv.Lower), num(iv.Upper))
	}
	return num(v)
}

func meanFigure(m agreement.Mean) string {
	if m.Interval != nil && m.Interval.Lower.Defined && m.Value.Defined {
		return fmt.Sprintf("%s (%s–%s)", num(m.Value), num(m.Interval.Lower), num(m.Interval.Upper))
	}
	return num(m.Value)
}

func unitWords(u agreement.Unit) string {
	return map[agreement.Unit]string{
		agreement.UnitChar:     "characters",
		agreement.UnitWord:     "words",
		agreement.UnitSentence: "sentences",
		agreement.UnitTurn:     "turns",
		agreement.UnitSource:   "whole sources",
	}[u]
}

func codesWord(n int) string {
	if n == 1 {
		return "code"
	}
	return "codes"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// listWords joins names as "a, b and c".
func listWords(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// wrapText breaks text into lines of at most width runes at spaces.
func wrapText(text string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
