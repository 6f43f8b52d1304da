package report

import (
	"bufio"
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/export/dataset"
)

// analysisView is what the report shows of saturation, of how the groups
// talked and of who carried each theme. Voices are named by pseudonym
// where the participant has one, as everywhere in the report.
type analysisView struct {
	Saturation saturationView
	Talk       []talkView
	Carriers   []carrierView
}

type saturationView struct {
	Params   string
	Layer    string
	Units    []unitView
	Runs     []runView
	Result   string
	Sentence string
	Spread   []spreadView
	Count    int
	// Point is the position of the last unit before saturation (0: none).
	Point int
	Base  int
}

type unitView struct {
	Pos        int
	Name       string
	Codes      int
	New        int
	NewCodes   string
	Cumulative int
	InBase     bool
}

type runView struct {
	Range     string
	New       int
	Ratio     string
	Saturated bool
}

type spreadView struct {
	Code  string
	Units int
	First string
}

type talkView struct {
	Name         string
	Summary      string
	Participants []shareView
	Moderators   []string
	Voices       []string
	Rows         []transitionRow
}

type shareView struct {
	Voice                string
	Turns, Words         int
	TurnShare, WordShare string
}

type transitionRow struct {
	From   string
	Counts []int
}

type carrierView struct {
	Theme    string
	Passages int
	Voices   string
	Groups   string
	Caution  string
}

// buildAnalysis computes the report's saturation (by group, import order,
// the paper's default parameters), talk and carriers sections.
func buildAnalysis(d *dataset.Dataset) *analysisView {
	a := &analysisView{}
	names := map[string]string{}
	for _, v := range d.Voices {
		if v.Pseudonym != "" {
			names[v.Label] = v.Pseudonym
		}
	}
	name := func(label string) string {
		if n, ok := names[label]; ok {
			return n
		}
		return label
	}
	units, err := d.SaturationUnits(dataset.SaturationChoice{By: dataset.ByGroup, Order: dataset.OrderImport})
	o := analysis.DefaultSaturation()
	if err == nil {
		if s, err := analysis.ComputeSaturation(units, o); err == nil {
			a.Saturation = saturationViewOf(s, units, d.LayerWords())
		}
	}
	for _, g := range d.TalkOfGroups() {
		tv := talkView{Name: g.Name}
		gini := "the Gini coefficient is undefined (" + g.GiniWords.Reason + ")"
		if g.GiniWords.Defined {
			gini = fmt.Sprintf("Gini coefficient of words %.2f, of turns %.2f", g.GiniWords.V, g.GiniTurns.V)
		}
		tv.Summary = fmt.Sprintf("%s spoke %s in %s; %s.", plural(len(g.Participants), "participant"), plural(g.Words, "word"), plural(g.Turns, "turn"), gini)
		for _, s := range g.Participants {
			tv.Participants = append(tv.Participants, shareView{Voice: name(s.Voice), Turns: s.Turns, Words: s.Words,
				TurnShare: analysis.Percent(s.TurnShare), WordShare: analysis.Percent(s.WordShare)})
		}
		for _, m := range g.Moderators {
			tv.Moderators = append(tv.Moderators, fmt.Sprintf("%s (moderator): %s, %s of all turns; %s, %s of all words.", name(m.Voice),
				plural(m.Turns, "turn"), analysis.Percent(m.TurnShare), plural(m.Words, "word"), analysis.Percent(m.WordShare)))
		}
		for i, v := range g.Transitions.Voices {
			tv.Voices = append(tv.Voices, name(v))
			tv.Rows = append(tv.Rows, transitionRow{From: name(v), Counts: g.Transitions.Counts[i]})
		}
		a.Talk = append(a.Talk, tv)
	}
	for _, c := range d.Carriers() {
		if c.Theme < 0 {
			continue
		}
		parts := make([]string, len(c.Voices))
		for i, v := range c.Voices {
			parts[i] = fmt.Sprintf("%s (%d)", name(v.Voice), v.Items)
		}
		a.Carriers = append(a.Carriers, carrierView{Theme: d.Themes[c.Theme].Path, Passages: c.Passages, Voices: strings.Join(parts, ", "),
			Groups: strings.Join(c.Groups, ", "), Caution: d.Caution(c.Theme, false)})
	}
	return a
}

func saturationViewOf(s analysis.Saturation, units []analysis.SaturationUnit, layer string) saturationView {
	o := s.Options
	v := saturationView{Params: fmt.Sprintf("base size %d, run length %d, new-information threshold ≤%s, rolling runs", o.Base, o.Run, analysis.Percent(o.Threshold)),
		Layer: layer, Sentence: s.Sentence("focus group", layer), Count: len(s.Steps), Point: s.Point, Base: o.Base}
	for i, st := range s.Steps {
		v.Units = append(v.Units, unitView{Pos: i + 1, Name: st.Name, Codes: st.Codes, New: len(st.New), NewCodes: strings.Join(st.New, ", "),
			Cumulative: st.Cumulative, InBase: i < o.Base})
	}
	for _, r := range s.Runs {
		v.Runs = append(v.Runs, runView{Range: analysis.Range("group", r.First, r.Last), New: r.New, Ratio: analysis.Percent(r.Ratio), Saturated: r.Saturated})
	}
	if s.Reached {
		v.Result = fmt.Sprintf("Saturation was reached at %s (confirmed by %s).", analysis.Count(s.Point, "group"), analysis.Range("group", s.Confirming.First, s.Confirming.Last))
	} else {
		v.Result = "Saturation was " + s.Short + "."
	}
	for _, sp := range analysis.Spread(units) {
		first := ""
		if sp.First > 0 && sp.First <= len(s.Steps) {
			first = s.Steps[sp.First-1].Name
		}
		v.Spread = append(v.Spread, spreadView{Code: sp.Code, Units: sp.Units, First: first})
	}
	return v
}

// analysisHTML is the template of the report's sections 6 and 7.
const analysisHTML = `{{define "analysis"}}{{with .Analysis}}
<section id="saturation">
<h2>Thematic saturation</h2>
<p>Assessed by the method of Guest, Namey &amp; Chen (2020) over the focus groups in the order they were imported ({{.Saturation.Params}}), from {{.Saturation.Layer}}. A code is <em>new</em> in the first group where it was applied; each run's new codes are compared with the number of codes in the base. <code>focal saturation</code> computes it with other parameters or another order.</p>
<p><strong>{{.Saturation.Result}}</strong></p>
{{if .Saturation.Units}}<figure class="chart">{{saturationChart .Saturation}}
<figcaption>New codes in each group, in the order held, with the number printed at each bar and the running total of distinct codes beside it. Groups of the base are marked.</figcaption>
</figure>
<div class="table-wrap"><table>
<caption>New codes per group</caption>
<thead><tr><th scope="col" class="n">#</th><th scope="col">Group</th><th scope="col" class="n">Codes</th><th scope="col" class="n">New</th><th scope="col" class="n">Cumulative</th><th scope="col">New codes</th></tr></thead>
<tbody>{{range .Saturation.Units}}<tr><td class="n">{{.Pos}}</td><td>{{.Name}}{{if .InBase}} (base){{end}}</td><td class="n">{{.Codes}}</td><td class="n">{{.New}}</td><td class="n">{{.Cumulative}}</td><td>{{path .NewCodes}}</td></tr>
{{end}}</tbody></table></div>{{end}}
{{if .Saturation.Runs}}<div class="table-wrap"><table>
<caption>Runs after the base</caption>
<thead><tr><th scope="col">Run</th><th scope="col" class="n">New codes</th><th scope="col" class="n">Of the base</th><th scope="col">At or under the threshold</th></tr></thead>
<tbody>{{range .Saturation.Runs}}<tr><td>{{.Range}}</td><td class="n">{{.New}}</td><td class="n">{{.Ratio}}</td><td>{{if .Saturated}}yes{{else}}no{{end}}</td></tr>
{{end}}</tbody></table></div>{{end}}
<p>For the methods section: {{.Saturation.Sentence}}</p>
{{if .Saturation.Spread}}<div class="table-wrap"><table>
<caption>In how many groups each code appears (of {{.Saturation.Count}})</caption>
<thead><tr><th scope="col">Code</th><th scope="col" class="n">Groups</th><th scope="col">First in</th></tr></thead>
<tbody>{{range .Saturation.Spread}}<tr><td>{{path .Code}}</td><td class="n">{{.Units}}</td><td>{{.First}}</td></tr>
{{end}}</tbody></table></div>{{end}}
</section>

<section id="voices">
<h2>How the groups talked, and who carried each theme</h2>
<p>Each participant's share of the participants' words and turns in their group, with the moderators apart, and the Gini coefficient of those shares: 0 when everyone spoke as much, towards 1 when one voice did nearly all the talking. The turn-transition table counts how often the speaker of a column spoke right after the speaker of a row.</p>
{{range .Talk}}<h3>{{.Name}}</h3>
<p>{{.Summary}}</p>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Participant</th><th scope="col" class="n">Turns</th><th scope="col" class="n">Share of turns</th><th scope="col" class="n">Words</th><th scope="col" class="n">Share of words</th></tr></thead>
<tbody>{{range .Participants}}<tr><td>{{.Voice}}</td><td class="n">{{.Turns}}</td><td class="n">{{.TurnShare}}</td><td class="n">{{.Words}}</td><td class="n">{{.WordShare}}</td></tr>
{{end}}</tbody></table></div>
{{range .Moderators}}<p class="small">{{.}}</p>
{{end}}{{if .Rows}}<div class="table-wrap"><table>
<caption>Who spoke after whom (row: who spoke; column: who spoke next)</caption>
<thead><tr><th scope="col"></th>{{range .Voices}}<th scope="col" class="n">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr><th scope="row">{{.From}}</th>{{range .Counts}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div>{{end}}
{{end}}<div class="table-wrap"><table>
<caption>Who carried each theme: passages per participant</caption>
<thead><tr><th scope="col">Theme</th><th scope="col" class="n">Passages</th><th scope="col">Participants</th><th scope="col">Groups</th><th scope="col">Caution</th></tr></thead>
<tbody>{{range .Carriers}}<tr><td>{{path .Theme}}</td><td class="n">{{.Passages}}</td><td>{{.Voices}}</td><td>{{.Groups}}</td><td>{{.Caution}}</td></tr>
{{end}}</tbody></table></div>
</section>
{{end}}{{end}}`

// saturationChart draws the new codes of each group as horizontal bars, the
// number printed at each bar with the running total, base groups in a
// lighter blue, and a mark at the group where saturation was reached.
func saturationChart(v saturationView) template.HTML {
	if len(v.Units) == 0 {
		return ""
	}
	const size, rowH, barH, barW, pad, numW = 13.0, 24.0, 15.0, 300.0, 8.0, 230.0
	longest, most := 0, 1
	for _, u := range v.Units {
		longest = max(longest, utf8.RuneCountInString(u.Name))
		most = max(most, u.New)
	}
	labelChars := min(max(longest, 10), 36)
	labelW := float64(labelChars)*size*charWidth + 2*pad
	width := labelW + barW + numW
	height := rowH*float64(len(v.Units)) + 2*pad
	var s svg
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="sat-title sat-desc" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" style="max-width:%.2fem">`,
		width, height, width, height, width/16)
	s.raw(`<title id="sat-title">New codes per group</title>`)
	s.raw(`<desc id="sat-desc">One bar per group in the order held: the number of codes first applied in it, and the running total of distinct codes.</desc>`)
	for i, u := range v.Units {
		y := pad + rowH*float64(i)
		w := barW * float64(u.New) / float64(most)
		fill := "#2563eb"
		if u.InBase {
			fill = "#93c5fd"
		}
		note := fmt.Sprintf("%d new · %d in all", u.New, u.Cumulative)
		if u.InBase {
			note += " · base"
		}
		if v.Point > 0 && u.Pos == v.Point {
			note += " · saturation"
		}
		s.raw(`<g><title>%s: %s</title>`, esc(u.Name), esc(note))
		s.text(labelW-pad, y+rowH/2+4.5, size, "end", "#111827", "400", clip(u.Name, labelChars))
		s.raw(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#1e3a8a" stroke-width="0.5"/>`, labelW, y+(rowH-barH)/2, max(w, 1), barH, fill)
		s.text(labelW+w+6, y+rowH/2+4.5, size, "start", "#111827", "600", note)
		s.raw(`</g>`)
	}
	s.raw(`</svg>`)
	return template.HTML(s.b.String())
}

// writeAnalysisMarkdown writes sections 6 and 7 in Markdown.
func writeAnalysisMarkdown(w *bufio.Writer, a *analysisView) {
	if a == nil {
		return
	}
	s := a.Saturation
	w.WriteString("## Thematic saturation\n\n")
	fmt.Fprintf(w, "Assessed by the method of Guest, Namey & Chen (2020) over the focus groups in the order they were imported (%s), from %s. `focal saturation` computes it with other parameters or another order.\n\n",
		mdEscape(s.Params), mdEscape(s.Layer))
	fmt.Fprintf(w, "**%s**\n\n", mdEscape(s.Result))
	var rows [][]string
	for _, u := range s.Units {
		name := u.Name
		if u.InBase {
			name += " (base)"
		}
		rows = append(rows, []string{fmt.Sprint(u.Pos), mdCell(name), fmt.Sprint(u.Codes), fmt.Sprint(u.New), fmt.Sprint(u.Cumulative), mdCell(u.NewCodes)})
	}
	if len(rows) > 0 {
		mdTable(w, []string{"#", "Group", "Codes", "New", "Cumulative", "New codes"}, []bool{true, false, true, true, true, false}, rows)
	}
	rows = nil
	for _, r := range s.Runs {
		yes := "no"
		if r.Saturated {
			yes = "yes"
		}
		rows = append(rows, []string{mdCell(r.Range), fmt.Sprint(r.New), r.Ratio, yes})
	}
	if len(rows) > 0 {
		mdTable(w, []string{"Run", "New codes", "Of the base", "At or under the threshold"}, []bool{false, true, true, false}, rows)
	}
	fmt.Fprintf(w, "For the methods section: %s\n\n", mdEscape(s.Sentence))
	rows = nil
	for _, sp := range s.Spread {
		rows = append(rows, []string{mdCell(sp.Code), fmt.Sprint(sp.Units), mdCell(sp.First)})
	}
	if len(rows) > 0 {
		mdTable(w, []string{"Code", "Groups", "First in"}, []bool{false, true, false}, rows)
	}

	w.WriteString("## How the groups talked, and who carried each theme\n\n")
	for _, t := range a.Talk {
		fmt.Fprintf(w, "### %s\n\n%s\n\n", mdEscape(t.Name), mdEscape(t.Summary))
		rows = nil
		for _, p := range t.Participants {
			rows = append(rows, []string{mdCell(p.Voice), fmt.Sprint(p.Turns), p.TurnShare, fmt.Sprint(p.Words), p.WordShare})
		}
		mdTable(w, []string{"Participant", "Turns", "Share of turns", "Words", "Share of words"}, []bool{false, true, true, true, true}, rows)
		for _, m := range t.Moderators {
			fmt.Fprintf(w, "%s\n\n", mdEscape(m))
		}
		if len(t.Rows) > 0 {
			w.WriteString("Who spoke after whom (row: who spoke; column: who spoke next):\n\n")
			header := append([]string{""}, t.Voices...)
			right := make([]bool, len(header))
			rows = nil
			for i, r := range t.Rows {
				right[i+1] = true
				row := []string{mdCell(r.From)}
				for _, n := range r.Counts {
					row = append(row, fmt.Sprint(n))
				}
				rows = append(rows, row)
			}
			mdTable(w, header, right, rows)
		}
	}
	rows = nil
	for _, c := range a.Carriers {
		rows = append(rows, []string{mdCell(c.Theme), fmt.Sprint(c.Passages), mdCell(c.Voices), mdCell(c.Groups), mdCell(c.Caution)})
	}
	if len(rows) > 0 {
		w.WriteString("Who carried each theme (passages per participant):\n\n")
		mdTable(w, []string{"Theme", "Passages", "Participants", "Groups", "Caution"}, []bool{false, true, false, false, false}, rows)
	}
}

// writeAnalysisDocx writes sections 6 and 7 in the Word report: the same
// text and tables as the other formats (the chart's numbers are in the
// table of new codes).
func writeAnalysisDocx(d *docx, a *analysisView) {
	if a == nil {
		return
	}
	s := a.Saturation
	d.para("Heading1", plain("Thematic saturation"))
	d.para("", plain(fmt.Sprintf("Assessed by the method of Guest, Namey & Chen (2020) over the focus groups in the order they were imported (%s), from %s. A code is new in the first group where it was applied; each run's new codes are compared with the number of codes in the base. focal saturation computes it with other parameters or another order.",
		s.Params, s.Layer)))
	d.para("", strong(s.Result))
	var rows [][]string
	for _, u := range s.Units {
		name := u.Name
		if u.InBase {
			name += " (base)"
		}
		rows = append(rows, []string{fmt.Sprint(u.Pos), name, fmt.Sprint(u.Codes), fmt.Sprint(u.New), fmt.Sprint(u.Cumulative), u.NewCodes})
	}
	if len(rows) > 0 {
		d.para("Caption", plain("New codes per group"))
		d.table([]string{"#", "Group", "Codes", "New", "Cumulative", "New codes"}, []bool{true, false, true, true, true, false}, rows)
	}
	rows = nil
	for _, r := range s.Runs {
		yes := "no"
		if r.Saturated {
			yes = "yes"
		}
		rows = append(rows, []string{r.Range, fmt.Sprint(r.New), r.Ratio, yes})
	}
	if len(rows) > 0 {
		d.para("Caption", plain("Runs after the base"))
		d.table([]string{"Run", "New codes", "Of the base", "At or under the threshold"}, []bool{false, true, true, false}, rows)
	}
	d.para("", strong("For the methods section: "), plain(s.Sentence))
	rows = nil
	for _, sp := range s.Spread {
		rows = append(rows, []string{sp.Code, fmt.Sprint(sp.Units), sp.First})
	}
	if len(rows) > 0 {
		d.para("Caption", plain(fmt.Sprintf("In how many groups each code appears (of %d)", s.Count)))
		d.table([]string{"Code", "Groups", "First in"}, []bool{false, true, false}, rows)
	}

	d.para("Heading1", plain("How the groups talked, and who carried each theme"))
	d.para("", plain("Each participant's share of the participants' words and turns in their group, with the moderators apart, and the Gini coefficient of those shares: 0 when everyone spoke as much, towards 1 when one voice did nearly all the talking. The turn-transition table counts how often the speaker of a column spoke right after the speaker of a row."))
	for _, t := range a.Talk {
		d.para("Heading2", plain(t.Name))
		d.para("", plain(t.Summary))
		rows = nil
		for _, p := range t.Participants {
			rows = append(rows, []string{p.Voice, fmt.Sprint(p.Turns), p.TurnShare, fmt.Sprint(p.Words), p.WordShare})
		}
		d.table([]string{"Participant", "Turns", "Share of turns", "Words", "Share of words"}, []bool{false, true, true, true, true}, rows)
		for _, m := range t.Moderators {
			d.para("Small", plain(m))
		}
		if len(t.Rows) > 0 {
			d.para("Caption", plain("Who spoke after whom (row: who spoke; column: who spoke next)"))
			header := append([]string{""}, t.Voices...)
			right := make([]bool, len(header))
			rows = nil
			for i, r := range t.Rows {
				right[i+1] = true
				row := []string{r.From}
				for _, n := range r.Counts {
					row = append(row, fmt.Sprint(n))
				}
				rows = append(rows, row)
			}
			d.table(header, right, rows)
		}
	}
	rows = nil
	for _, c := range a.Carriers {
		rows = append(rows, []string{c.Theme, fmt.Sprint(c.Passages), c.Voices, c.Groups, c.Caution})
	}
	if len(rows) > 0 {
		d.para("Caption", plain("Who carried each theme: passages per participant"))
		d.table([]string{"Theme", "Passages", "Participants", "Groups", "Caution"}, []bool{false, true, false, false, false}, rows)
	}
}
