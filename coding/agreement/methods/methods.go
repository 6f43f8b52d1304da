// Package methods composes the methods paragraph of an agreement report:
// the text a methods section of a paper can take over, naming what was
// compared (coders, sources, codes, unit, scope), the figures with their
// intervals when the bootstrap gave them, the bootstrap, the software and
// the references. `focal agree --methods` prints it, and the
// investigators' report carries it under its agreement section; both say
// only what was computed.
package methods

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
)

// Input is what the paragraph is written from.
type Input struct {
	// Report is the agreement as computed: its intervals are named only
	// when Report.Bootstrap is set.
	Report agreement.Report
	// Excluded is the number of sources left out because not every
	// compared coder marked them done.
	Excluded int
	// LeftOutCodes are every code left out of the comparison, with why.
	LeftOutCodes []agreement.LeftOutCode
	// Tentative and Reliable are the thresholds the codes are judged by.
	Tentative, Reliable float64
	// Software names the program and its version, e.g. "Focal v1.2.0
	// (commit 0123456789ab)".
	Software string
	// MeansOnly says that the overall figures are the means of the
	// per-code values only: the figures pooled over codes were not
	// computed.
	MeansOnly bool
}

// Paragraph is the methods paragraph and the references it cites.
type Paragraph struct {
	// Text is one paragraph, unwrapped.
	Text string
	// References are the works cited, one entry each, in the order
	// printed.
	References []string
}

// The judgements of a code's headline figure.
const (
	reliable  = "reliable"
	tentative = "tentative"
	below     = "below"
	undefined = "undefined"
)

// Compose writes the paragraph of in.
func Compose(in Input) Paragraph {
	r := in.Report
	coders := len(r.Coders)
	var b strings.Builder
	say := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	var units int64
	for _, s := range r.UnitsPerSource {
		units += s.Units
	}
	say("Inter-coder agreement was computed with %s on %s coded independently by %s (%s). ",
		in.Software, plural(len(r.Sources), "source"), listWords(r.Coders), plural(coders, "coder"))
	if in.Excluded > 0 {
		say("%s not yet marked done by every coder %s left out. ", plural(in.Excluded, "source"), wasWere(in.Excluded))
	}
	say("%s were compared", plural(len(r.PerCode), "code"))
	if len(in.LeftOutCodes) > 0 {
		count := map[string]int{}
		for _, c := range in.LeftOutCodes {
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
		say(" and %s left out (%s)", plural(len(in.LeftOutCodes), "code"), strings.Join(parts, "; "))
	}
	say(". ")
	say("The units of analysis were %s: %d units in all. %s ", unitWords(r.Unit), units, r.Rule)
	if in.MeansOnly {
		say("For each code, each coder's judgement on each unit was whether they applied the code; the 2 × 2 tables of the sources were added up before computing. ")
	} else {
		say("For each code, each coder's judgement on each unit was whether they applied the code; the 2 × 2 tables of the sources were added up before computing, and the overall figures add up the tables of every code. ")
	}

	o := r.Overall
	switch {
	case in.MeansOnly && coders == 2 && len(o.Pairs) > 0:
		p := o.Pairs[0]
		say("Over codes, the mean of the per-code kappas was %s over %s with a defined value and the mean of the per-code alphas %s over %s; the figures pooled over codes were not computed. ",
			meanFigure(p.MeanKappa), plural(p.MeanKappa.Codes, "code"), meanFigure(o.MeanAlpha), plural(o.MeanAlpha.Codes, "code"))
	case in.MeansOnly:
		say("Over codes, the mean of the per-code alphas was %s over %s with a defined value; the figures pooled over codes were not computed. ",
			meanFigure(o.MeanAlpha), plural(o.MeanAlpha.Codes, "code"))
	case coders == 2:
		p := o.Pairs[0]
		say("Pooled over codes, Cohen's (1960) kappa was %s, Krippendorff's (2019) alpha %s, Scott's pi %s, Gwet's (2014) AC1 %s and percent agreement %s; ",
			figure(p.Pooled.CohenKappa, p.Pooled.Intervals, "cohen_kappa"), figure(p.Pooled.KrippendorffAlpha, p.Pooled.Intervals, "krippendorff_alpha"),
			figure(p.Pooled.ScottPi, p.Pooled.Intervals, "scott_pi"), figure(p.Pooled.GwetAC1, p.Pooled.Intervals, "gwet_ac1"),
			figure(p.Pooled.PercentAgreement, p.Pooled.Intervals, "percent_agreement"))
		say("the prevalence index was %s, the bias index %s and the prevalence- and bias-adjusted kappa (PABAK; Byrt, Bishop & Carlin, 1993) %s; the largest kappa the coders' margins allowed was %s. ",
			num(p.Pooled.PrevalenceIndex), num(p.Pooled.BiasIndex), figure(p.Pooled.PABAK, p.Pooled.Intervals, "pabak"), num(p.Pooled.MaximumKappa))
		say("The mean of the per-code kappas was %s over %s with a defined value. ", meanFigure(p.MeanKappa), plural(p.MeanKappa.Codes, "code"))
	default:
		say("Pooled over codes, Krippendorff's (2019) alpha was %s, Fleiss' (1971) kappa %s, Gwet's (2014) AC1 %s and pairwise percent agreement %s. ",
			figure(o.Pooled.KrippendorffAlpha, o.Pooled.Intervals, "krippendorff_alpha"), figure(o.Pooled.FleissKappa, o.Pooled.Intervals, "fleiss_kappa"),
			figure(o.Pooled.GwetAC1, o.Pooled.Intervals, "gwet_ac1"), figure(o.Pooled.PercentAgreement, o.Pooled.Intervals, "percent_agreement"))
		say("The mean of the per-code alphas was %s over %s with a defined value. ", meanFigure(o.MeanAlpha), plural(o.MeanAlpha.Codes, "code"))
	}
	count := map[string]int{}
	lo, hi := agree.Value{}, agree.Value{}
	for _, cr := range r.PerCode {
		v := cr.Headline(coders)
		count[judge(v, in.Tentative, in.Reliable)]++
		if v.Defined {
			if !lo.Defined || v.V < lo.V {
				lo = v
			}
			if !hi.Defined || v.V > hi.V {
				hi = v
			}
		}
	}
	say("Per code, %s ranged from %s to %s; following Krippendorff's (2019) guidance, %d %s reached %.3f (reliable), %d reached %.3f only (tentative conclusions), %d stayed below",
		agreement.HeadlineLabel(coders), num(lo), num(hi), count[reliable], codesWord(count[reliable]), in.Reliable,
		count[tentative], in.Tentative, count[below])
	if n := count[undefined]; n > 0 {
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
	slices.Sort(refs) // by first author, as a reference list is
	return Paragraph{Text: b.String(), References: refs}
}

// Software names Focal at a version and commit, either of which may be
// unknown ("").
func Software(version, commit string) string {
	s := "Focal"
	if version != "" {
		s += " " + version
	}
	if commit != "" {
		s += fmt.Sprintf(" (commit %.12s)", commit)
	}
	return s
}

// Wrap breaks text into lines of at most width runes at spaces (a word
// longer than width has a line of its own).
func Wrap(text string, width int) string {
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

// judge says where a value stands; an undefined value is undefined, never
// below anything.
func judge(v agree.Value, tentativeFrom, reliableFrom float64) string {
	switch {
	case !v.Defined:
		return undefined
	case v.V >= reliableFrom:
		return reliable
	case v.V >= tentativeFrom:
		return tentative
	}
	return below
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

func num(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", v.V)
}

// percentLevel prints 0.95 as 95 and 0.975 as 97.5.
func percentLevel(c float64) string {
	return strconv.FormatFloat(math.Round(c*10000)/100, 'f', -1, 64)
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

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
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
