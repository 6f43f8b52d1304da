package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/report"
)

// Issue 20: the report's section on the suggestions, in every format: the
// method in one paragraph (BM25 over stems; suggestions never code), a row
// per code with P@10, the random order and the best possible, their mean,
// and, when capped, how many codes were left out. Means by hand: P@10
// (0.20 + 0.10) / 2 = 0.15, random (0.03 + 0.01) / 2 = 0.02, best
// (0.90 + 0.50) / 2 = 0.70.
func TestReportShowsTheSuggestionsSection(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	sug := &report.Suggestions{Eligible: 25, Checks: []report.SuggestionCheck{
		{Code: "belonging/isolation", Codings: 12, Precision: 0.2, Random: 0.03, BestPossible: 0.9},
		{Code: "work/shifts", Codings: 6, Precision: 0.1, Random: 0.01, BestPossible: 0.5},
	}}
	write := func(f report.Format, s *report.Suggestions) string {
		t.Helper()
		var buf bytes.Buffer
		if err := report.Write(&buf, d, f, report.Options{Suggestions: s}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	page := write(report.HTML, sug)
	i := strings.Index(page, `<section id="suggestions">`)
	if i < 0 || !strings.Contains(page, `<a href="#suggestions">`) {
		t.Fatalf("no suggestions section or no entry in the contents:\n%s", page)
	}
	sec := page[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	for _, want := range []string{"Okapi BM25 over word stems", "Suggestions never code anything",
		`<td>belonging/<wbr>isolation</td><td class="n">12</td><td class="n">0.20</td><td class="n">0.03</td><td class="n">0.90</td>`,
		`<td>mean of 2 codes</td><td class="n"></td><td class="n">0.15</td><td class="n">0.02</td><td class="n">0.70</td>`,
		"Only the 2 codes with the most codings, of 25 with at least 4, are measured here"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the HTML section lacks %q:\n%s", want, sec)
		}
	}
	md := write(report.Markdown, sug)
	for _, want := range []string{"## Suggested passages: how well they would do", "| work/shifts | 6 | 0.10 | 0.01 | 0.50 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	parts := docxParts(t, []byte(write(report.Docx, sug)))
	text, _, _, _ := docxText(t, parts["word/document.xml"])
	for _, want := range []string{"Suggested passages: how well they would do", "Suggestions never code anything", "belonging/isolation", "mean of 2 codes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Word report lacks %q", want)
		}
	}
	// Not capped, nothing to measure, and no section when not asked for.
	none := write(report.Markdown, &report.Suggestions{})
	if strings.Contains(none, "Only the") || !strings.Contains(none, "No code has 4 codings or more") {
		t.Errorf("with no code to measure:\n%s", none)
	}
	if page := write(report.HTML, nil); strings.Contains(page, `id="suggestions"`) {
		t.Error("a section without suggestions measured")
	}
}
