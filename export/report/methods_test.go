package report_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/report"
)

// handWorkedAgreement is a small study worked by hand: one source with a
// moderator's turn and four participants' turns (the units), two coders
// and three codes. Code a: both coders on turn 1, ana alone on turn 2,
// ben alone on turn 3. Code b: both on turn 4. Code c: nobody.
//
// Pooled over codes (8 units) the 2 × 2 table is a = 2, b = 1, c = 1,
// d = 4: p_o = 6/8 = 0.750, both margins 3/8, p_e = (3/8)² + (5/8)² =
// 0.53125, so kappa = (0.75 − 0.53125)/(1 − 0.53125) = 0.467 and Scott's
// pi the same; AC1 = (0.75 − 2·3/8·5/8)/(1 − 0.46875) = 0.529; alpha =
// 1 − (16 − 1)·2/(10·6) = 0.500; PABAK = 2·0.75 − 1 = 0.500; prevalence
// index (2 − 4)/8 = −0.250; bias index 0; maximum kappa 1. Per code,
// kappa is 0 for a (every cell 1) and 1 for b: their mean is 0.500, one
// code reliable and one below. Per code, alpha is 1 − 7·2/16 = 0.125 for
// a and 1 for b: their mean is 0.5625.
func handWorkedAgreement(t *testing.T, pooled bool) *dataset.Agreement {
	t.Helper()
	lines := []string{"MOD: Welcome all.", "P1: one", "P2: two", "P3: three", "P4: four"}
	src := agreement.Source{Name: "fg01", Text: strings.Join(lines, "\n") + "\n", Codings: map[string][][]corpus.Span{}}
	pos := 0
	var utterances []corpus.Span
	for i, line := range lines {
		label, _, _ := strings.Cut(line, ": ")
		n, ll := len([]rune(line)), len([]rune(label))
		u := corpus.Span{Start: pos + ll + 2, End: pos + n}
		src.Turns = append(src.Turns, agreement.Turn{Seq: i + 1, Speaker: label, Moderator: i == 0,
			Label: corpus.Span{Start: pos, End: pos + ll}, Utterance: u})
		utterances = append(utterances, u)
		pos += n + 1
	}
	turns := func(seq ...int) []corpus.Span {
		var spans []corpus.Span
		for _, s := range seq {
			spans = append(spans, utterances[s])
		}
		return spans
	}
	src.Codings["a"] = [][]corpus.Span{turns(1, 2), turns(1, 3)}
	src.Codings["b"] = [][]corpus.Span{turns(4), turns(4)}
	rep, err := agreement.Compute([]agreement.Source{src}, []string{"a", "b", "c"}, []string{"ana", "ben"},
		agreement.Options{Unit: agreement.UnitTurn, Scope: agreement.ScopeParticipants, PooledOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return &dataset.Agreement{Report: rep, Pooled: pooled, LeftOutCodes: rep.LeftOutCodes, Software: "Focal v9.9.9"}
}

// methodsOf returns the methods paragraph of a report, as a reader sees
// it, in each format.
func methodsOf(t *testing.T, d *dataset.Dataset) map[report.Format]string {
	t.Helper()
	out := map[report.Format]string{}
	doc, err := html.Parse(strings.NewReader(render(t, d, report.HTML)))
	if err != nil {
		t.Fatal(err)
	}
	walk(doc, func(n *html.Node) {
		if n.Data == "p" && attr(n, "class") == "methods" {
			out[report.HTML] = text(n)
		}
	})
	md := render(t, d, report.Markdown)
	if _, after, ok := strings.Cut(md, "### Methods paragraph (for the paper)\n\n"); ok {
		paragraph, _, _ := strings.Cut(after, "\n\n")
		out[report.Markdown] = strings.ReplaceAll(paragraph, "\\", "")
	}
	body, _, _, _ := docxText(t, docxParts(t, []byte(render(t, d, report.Docx)))["word/document.xml"])
	if _, after, ok := strings.Cut(body, "Methods paragraph (for the paper)\n"); ok {
		out[report.Docx], _, _ = strings.Cut(after, "\n")
	}
	return out
}

// Issue 18: the report carries the methods paragraph of its own figures,
// in every format, and claims no interval it did not compute.
func TestReportMethodsParagraph(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	d.Agreement = handWorkedAgreement(t, true)
	got := methodsOf(t, d)
	for _, f := range []report.Format{report.HTML, report.Markdown, report.Docx} {
		p := got[f]
		if p == "" {
			t.Errorf("%s: no methods paragraph under the agreement section", f)
			continue
		}
		for _, want := range []string{
			"computed with Focal v9.9.9 on 1 source coded independently by ana and ben (2 coders).",
			"2 codes were compared and 1 code left out (1 not used by the coders compared).",
			"The units of analysis were turns: 4 units in all.",
			"Cohen's (1960) kappa was 0.467, Krippendorff's (2019) alpha 0.500, Scott's pi 0.467, Gwet's (2014) AC1 0.529 and percent agreement 0.750;",
			"the prevalence index was -0.250, the bias index 0.000 and the prevalence- and bias-adjusted kappa (PABAK; Byrt, Bishop & Carlin, 1993) 0.500; the largest kappa the coders' margins allowed was 1.000.",
			"The mean of the per-code kappas was 0.500 over 2 codes with a defined value.",
			"Cohen's kappa ranged from 0.000 to 1.000;",
			"1 code reached 0.800 (reliable), 0 reached 0.667 only (tentative conclusions), 1 stayed below.",
		} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: the methods paragraph lacks %q:\n%s", f, want, p)
			}
		}
		// An interval would follow its figure as "0.467 (0.312–0.598)".
		if strings.Contains(p, "bootstrap") || strings.Contains(p, "Intervals are") || regexp.MustCompile(`\d \(-?\d`).MatchString(p) {
			t.Errorf("%s: the report computed no intervals, yet its paragraph names some:\n%s", f, p)
		}
	}
	md := render(t, d, report.Markdown)
	for _, want := range []string{"This report computed no confidence intervals; \\`focal agree --methods --unit turn --coders ana,ben --ci 0.95\\`",
		"- Scott, W. A. (1955). Reliability of content analysis"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown report lacks %q", want)
		}
	}
}

// A report whose overall figures are means only (a large project, computed
// in batches) says so, and names no pooled figure.
func TestReportMethodsParagraphMeansOnly(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	d.Agreement = handWorkedAgreement(t, false)
	for f, p := range methodsOf(t, d) {
		if !strings.Contains(p, "Over codes, the mean of the per-code kappas was 0.500 over 2 codes with a defined value and the mean of the per-code alphas 0.562 over 2 codes; the figures pooled over codes were not computed.") ||
			strings.Contains(p, "Pooled over codes") || strings.Contains(p, "the overall figures add up") {
			t.Errorf("%s: means-only paragraph:\n%s", f, p)
		}
	}
	if md := render(t, d, report.Markdown); !strings.Contains(md, "This report computed neither the figures pooled over codes nor confidence intervals") {
		t.Errorf("the note does not say what was not computed")
	}
}
