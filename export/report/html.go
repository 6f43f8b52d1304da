package report

import (
	"bufio"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/focalqda/focal/export/dataset"
)

// pageCSS styles the report on screen and paper. Sizes are relative (rem,
// em, %, ch) so that the page reflows at 200 % zoom; wide tables scroll
// inside their own box on screen and wrap on paper.
const pageCSS = `
:root { --ink: #111827; --muted: #4b5563; --rule: #d1d5db; --accent: #1d4ed8; --warn-bg: #fef3c7; --warn-ink: #78350f; }
* { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; line-height: 1.55; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; max-width: 62rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: .125rem solid var(--rule); }
h3 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
p, li { max-width: 72ch; }
.meta { color: var(--muted); margin: .25rem 0; }
nav ol { padding-left: 1.25rem; columns: 2 16rem; }
.table-wrap { overflow-x: auto; margin: .75rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .4em .6em; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #f3f4f6; border-bottom: .125rem solid #9ca3af; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.note { min-width: 12rem; }
.warn { background: var(--warn-bg); color: var(--warn-ink); border-left: .3rem solid #d97706; padding: .5rem .75rem; margin: .5rem 0; }
.theme { margin-top: 2rem; }
.theme + .theme { border-top: 1px solid var(--rule); }
.theme .definition { font-size: 1.02rem; }
.summary { color: var(--muted); }
.summary .lang { font-weight: 600; text-transform: uppercase; font-size: .8rem; letter-spacing: .05em; }
.codes { color: var(--muted); font-size: .95rem; }
figure { margin: 1.25rem 0; }
figure.chart { overflow-x: auto; }
figure.chart svg { display: block; width: 100%; height: auto; font-family: inherit; }
figcaption { color: var(--muted); font-size: .95rem; margin-top: .4rem; max-width: 72ch; }
blockquote { margin: 1rem 0; padding: .6rem 1rem; border-left: .3rem solid var(--accent); background: #f8fafc; }
blockquote p { margin: 0 0 .4rem; white-space: pre-line; }
blockquote footer { color: var(--muted); font-size: .9rem; }
.small { font-size: .9rem; color: var(--muted); }
@media (max-width: 40rem) { body { padding: 1rem .75rem 2rem; } h1 { font-size: 1.5rem; } }
@media print {
  @page { margin: 1.6cm 1.4cm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  blockquote, figure, tr, .warn { break-inside: avoid; }
  .table-wrap, figure.chart { overflow: visible; }
  thead { display: table-header-group; }
  blockquote, thead th { background: none; }
  .warn { border: 1px solid #d97706; }
}
`

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Focal">
<title>{{.Title}} · themes for investigators</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">Themes for investigators · exported {{.ExportedAt}} · {{.Selection}}</p>
</header>
<nav aria-label="Contents"><ol>
<li><a href="#about">About this report</a></li>
<li><a href="#overview">Themes at a glance</a></li>
<li><a href="#groups">Themes by group</a></li>
<li><a href="#themes">Themes and quotes</a></li>
<li><a href="#codes">Code frequencies</a></li>
{{if .Analysis}}<li><a href="#saturation">Thematic saturation</a></li>
<li><a href="#voices">How the groups talked</a></li>{{end}}
{{if .Suggestions}}<li><a href="#suggestions">Suggested passages</a></li>{{end}}
<li><a href="#agreement">Agreement</a></li>
{{if .MemberCheck}}<li><a href="#member-checking">Member checking</a></li>{{end}}
</ol></nav>
<main>
<section id="about">
<h2>About this report</h2>
<p>It reads {{.Layer}}. {{.Moderators}}</p>
<p>{{.CountingRule}}</p>
<div class="table-wrap"><table>
<caption>Sources and the layer each was read from</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Group</th><th scope="col">Consensus</th><th scope="col">Layer</th><th scope="col" class="n">Codings</th></tr></thead>
<tbody>{{range .Sources}}<tr><td>{{.Name}}</td><td>{{group .Group}}</td><td>{{.Consensus}}</td><td>{{.Layer}}</td><td class="n">{{.Codings}}</td></tr>
{{end}}</tbody></table></div>
{{range .Notes}}<p class="small">Note: {{.}}</p>
{{end}}</section>

<section id="overview">
<h2>Themes at a glance</h2>
<p>{{len .Themes}} themes from {{.Participants}} participants in {{len .Groups}} groups. A theme that rests on one or two participants' words, mostly on one participant's, or on one group is marked.</p>
<div class="table-wrap"><table>
<caption>Layer: {{.Layers}}</caption>
<thead><tr><th scope="col">Theme</th><th scope="col" class="n">Participants</th><th scope="col" class="n">Groups</th><th scope="col" class="n">Passages</th>{{if .ByEveryCoder}}<th scope="col" class="n">Passages coded by every coder</th>{{end}}<th scope="col" class="n">Codings</th><th scope="col">Caution</th></tr></thead>
<tbody>{{range .Themes}}<tr><td><a href="#{{.Anchor}}">{{path .Path}}</a></td><td class="n">{{.Support.Participants}} of {{$.Participants}}</td><td class="n">{{.Support.Groups}} of {{len $.Groups}}</td><td class="n">{{.Support.Passages}}</td>{{if $.ByEveryCoder}}<td class="n">{{.Agreed}}</td>{{end}}<td class="n">{{.Support.Codings}}</td><td>{{.Warning}}</td></tr>
{{end}}</tbody></table></div>
</section>

<section id="groups">
<h2>Themes by group</h2>
{{if .HeatMap}}<figure class="chart">{{.HeatMap}}
<figcaption>Passages of each theme in each group, with the number of participants they come from printed below. Darker cells hold more passages; the numbers carry the meaning. Layer: {{.Layers}}.</figcaption>
</figure>{{else}}<p>No themes or groups to show.</p>{{end}}
</section>

<section id="themes">
<h2>Themes and quotes</h2>
{{range .Themes}}<article class="theme" id="{{.Anchor}}">
<h3>{{.Path}}</h3>
{{if .Definition}}<p class="definition">{{.Definition}}</p>{{end}}
{{range .Summaries}}<p class="summary"><span class="lang" lang="{{.Language}}">{{.Language}}</span> <span lang="{{.Language}}">{{.Text}}</span></p>
{{end}}<p>{{.SupportLine}}</p>
{{if .Warning}}<p class="warn"><strong>Caution:</strong> {{.Warning}}</p>{{end}}
{{if .Codes}}<p class="codes">Codes: {{range $i, $c := .Codes}}{{if $i}}, {{end}}{{path $c}}{{end}}</p>{{end}}
{{range .Quotes}}<blockquote><p>“{{.Text}}{{if .Shortened}} […]{{end}}”</p>
<footer>— {{.Who}}, {{.Where}} <span class="small">({{.Codes}})</span></footer></blockquote>
{{else}}<p class="small">No quote in this export.</p>
{{end}}</article>
{{end}}</section>

<section id="codes">
<h2>Code frequencies</h2>
{{if .BarChart}}<figure class="chart">{{.BarChart}}
<figcaption>Passages per code in this export, most first, with the codings behind them and the number of participants whose words were coded. Layer: {{.Layers}}.</figcaption>
</figure>{{else}}<p>No codings in this export.</p>{{end}}
</section>
{{template "analysis" .}}
{{template "suggestions" .}}

<section id="agreement">
<h2>Agreement</h2>
{{with .Agreement}}<p>Agreement between {{.Coders}} per code, on {{.Sources}} sources, with {{.Unit}} units (scope: {{.Scope}}). {{.Headline}} is the headline figure; values near 1 mean the coders applied the code to the same text, values near 0 no more than by chance. Undefined values (0/0) are shown as such.</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Code</th><th scope="col" class="n">Units</th><th scope="col" class="n">% agreement</th><th scope="col" class="n">{{.Headline}}</th>{{if .Pairs}}<th scope="col" class="n">Fleiss' kappa</th>{{range .Pairs}}<th scope="col" class="n">kappa {{.}}</th>{{end}}{{end}}<th scope="col">Note</th></tr></thead>
<tbody>{{range .Rows}}<tr><td>{{path .Code}}</td><td class="n">{{thousands .Units}}</td><td class="n">{{.Agreement}}</td><td class="n">{{.Headline}}</td>{{if $.Agreement.Pairs}}<td class="n">{{.Fleiss}}</td>{{range .Pairs}}<td class="n">{{.}}</td>{{end}}{{end}}<td class="note">{{.Note}}</td></tr>
{{end}}</tbody></table></div>
<p>{{.Overall}}</p>
{{range .Excluded}}<p class="small">Left out: {{.}}</p>
{{end}}{{if .Methods}}<h3 id="agreement-methods">Methods paragraph (for the paper)</h3>
<p class="methods">{{.Methods}}</p>
{{if .MethodsNote}}<p class="small">{{.MethodsNote}}</p>
{{end}}<p class="small">References:</p>
<ul class="small">{{range .MethodsReferences}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{else}}<p>{{if .AgreementNot}}No agreement table: {{.AgreementNot}}.{{else}}No agreement table.{{end}}</p>{{end}}
</section>
{{with .MemberCheck}}
<section id="member-checking">
<h2>Member checking</h2>
<p>{{.People}} participants answered. Asked whether each theme reflects their experience:</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Theme</th><th scope="col" class="n">Yes</th><th scope="col" class="n">Partly</th><th scope="col" class="n">No</th></tr></thead>
<tbody>{{range .Themes}}<tr><td>{{path .Theme}}</td><td class="n">{{.Yes}}</td><td class="n">{{.Partly}}</td><td class="n">{{.No}}</td></tr>
{{end}}</tbody></table></div>
<p>Quotes removed by participants: {{.Removed}} (left out of this report). Quotes whose wording participants corrected: {{.Edited}} (shown as corrected).</p>
{{if .Comments}}<h3>What participants would change or add</h3>
{{range .Comments}}<blockquote><p>“{{.Text}}”</p><p class="small">{{.Who}}, on {{.Theme}}</p></blockquote>
{{end}}{{end}}</section>
{{end}}
</main>
<footer><p class="small">Made with Focal. Participants are named by pseudonym.</p></footer>
</body>
</html>
`

// breakable lets a browser break a code or theme path after its slashes.
func breakable(path string) template.HTML {
	return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(path), "/", "/<wbr>"))
}

// page is what the HTML template reads.
type page struct {
	*model
	CSS      template.CSS
	HeatMap  template.HTML
	BarChart template.HTML
}

func writeHTML(w io.Writer, m *model) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"group": dataset.GroupName,
		"path":  breakable,
		"thousands": func(n int64) string {
			s := strconv.FormatInt(n, 10)
			for i := len(s) - 3; i > 0; i -= 3 {
				s = s[:i] + "," + s[i:]
			}
			return s
		},
		"saturationChart": saturationChart,
	}).Parse(pageHTML + analysisHTML + suggestionsHTML)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := t.Execute(bw, page{model: m, CSS: template.CSS(pageCSS), HeatMap: heatMap(m.Heat), BarChart: barChart(m.Codes)}); err != nil {
		return err
	}
	return bw.Flush()
}
