package report

import (
	"bufio"
	"fmt"
)

// Suggestions is how well Focal's offline suggestions of passages to code
// would do on the study's own codings, code by code (`focal suggest
// check`), for the report's section on them.
type Suggestions struct {
	// Checks are the codes measured, in the order shown.
	Checks []SuggestionCheck
	// Eligible counts the codes with enough codings to be measured; when
	// it is more than len(Checks), the section says only the most used
	// were.
	Eligible int
	// WholeProject is set when the report shows a selection: the
	// suggestions are measured on the whole project's codings.
	WholeProject bool
}

// SuggestionCheck is one code's precision at 10 of the suggestions, with
// what a random order and a perfect ranking would get.
type SuggestionCheck struct {
	Code                            string
	Codings                         int
	Precision, Random, BestPossible float64
}

// suggestionsView is the section as every format shows it.
type suggestionsView struct {
	Method string
	Scope  string
	Rows   [][]string
	None   string
}

// suggestionsHeader are the columns of the section's table.
var suggestionsHeader = []string{"Code", "Codings", "P@10", "Random order", "Best possible"}

func buildSuggestions(s *Suggestions) *suggestionsView {
	if s == nil {
		return nil
	}
	v := &suggestionsView{Method: "Focal can suggest passages to code (focal suggest): it ranks the sentences not yet coded with a code by the words they share with the passages already coded with it, rarer words counting more (Okapi BM25 over word stems, without stop words; built from this project alone, on this computer). Suggestions never code anything: a person accepts or rejects each one. To measure them on this study's own codings, in the layer this report reads, each code with at least 4 codings has its codings split in two halves; the model learns from one half, and its top 10 sentences are checked against the other half, then the other way round. P@10 is the share of those sentences that had been coded with the code; a random order of the same sentences would get the random column, and a perfect ranking the best possible one."}
	if s.Eligible > len(s.Checks) {
		v.Scope = fmt.Sprintf("Only the %d codes with the most codings, of %d with at least 4, are measured here, to keep the report quick on a large project (focal suggest check measures every code).", len(s.Checks), s.Eligible)
	}
	if s.WholeProject {
		v.Scope = join(v.Scope, "The measure reads the whole project's codings, not only this report's selection.")
	}
	if len(s.Checks) == 0 {
		v.None = "No code has 4 codings or more to measure the suggestions against."
		return v
	}
	var p, r, b float64
	for _, c := range s.Checks {
		v.Rows = append(v.Rows, []string{c.Code, fmt.Sprint(c.Codings), fixed2(c.Precision), fixed2(c.Random), fixed2(c.BestPossible)})
		p, r, b = p+c.Precision, r+c.Random, b+c.BestPossible
	}
	n := float64(len(s.Checks))
	v.Rows = append(v.Rows, []string{fmt.Sprintf("mean of %d codes", len(s.Checks)), "", fixed2(p / n), fixed2(r / n), fixed2(b / n)})
	return v
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

func fixed2(f float64) string { return fmt.Sprintf("%.2f", f) }

// suggestionsHTML is the section in the HTML report.
const suggestionsHTML = `{{define "suggestions"}}{{with .Suggestions}}
<section id="suggestions">
<h2>Suggested passages: how well they would do</h2>
<p>{{.Method}}</p>
{{if .Scope}}<p class="small">{{.Scope}}</p>{{end}}
{{if .Rows}}<div class="table-wrap"><table>
<thead><tr><th scope="col">Code</th><th scope="col" class="n">Codings</th><th scope="col" class="n">P@10</th><th scope="col" class="n">Random order</th><th scope="col" class="n">Best possible</th></tr></thead>
<tbody>{{range .Rows}}<tr><td>{{path (index . 0)}}</td><td class="n">{{index . 1}}</td><td class="n">{{index . 2}}</td><td class="n">{{index . 3}}</td><td class="n">{{index . 4}}</td></tr>
{{end}}</tbody></table></div>{{else}}<p>{{.None}}</p>{{end}}
</section>
{{end}}{{end}}`

func writeSuggestionsMarkdown(w *bufio.Writer, v *suggestionsView) {
	if v == nil {
		return
	}
	fmt.Fprintf(w, "## Suggested passages: how well they would do\n\n%s\n\n", mdEscape(v.Method))
	if v.Scope != "" {
		fmt.Fprintf(w, "%s\n\n", mdEscape(v.Scope))
	}
	if len(v.Rows) == 0 {
		fmt.Fprintf(w, "%s\n\n", mdEscape(v.None))
		return
	}
	rows := make([][]string, len(v.Rows))
	for i, r := range v.Rows {
		rows[i] = append([]string{mdCell(r[0])}, r[1:]...)
	}
	mdTable(w, suggestionsHeader, []bool{false, true, true, true, true}, rows)
}

func writeSuggestionsDocx(d *docx, v *suggestionsView) {
	if v == nil {
		return
	}
	d.para("Heading1", plain("Suggested passages: how well they would do"))
	d.para("", plain(v.Method))
	if v.Scope != "" {
		d.para("Small", plain(v.Scope))
	}
	if len(v.Rows) == 0 {
		d.para("", plain(v.None))
		return
	}
	d.table(suggestionsHeader, []bool{false, true, true, true, true}, v.Rows)
}
