// Package report writes a Focal dataset as a report for investigators: one
// self-contained HTML file (styles and charts inline, no external
// resources), Markdown, or a Word document (.docx, the charts as PNG
// images). It shows the themes with their definitions and
// exemplar quotes, how many participants and groups support each theme
// (saying so when a theme rests on one voice), the agreement table, and
// two charts drawn as inline SVG: a theme × group heat map with the
// numbers printed in its cells, and the code frequencies.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/agreement/methods"
	"github.com/focalqda/focal/export/dataset"
)

// Format is the file format of a report.
type Format string

// The formats.
const (
	HTML     Format = "html"
	Markdown Format = "md"
	// Docx is a Word document (Office Open XML), for reports that
	// investigators edit and circulate.
	Docx Format = "docx"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "html", "htm":
		return HTML, nil
	case "md", "markdown":
		return Markdown, nil
	case "docx", "word":
		return Docx, nil
	}
	return "", fmt.Errorf("unknown format %q: use html, md or docx", s)
}

// Options tune a report.
type Options struct {
	// Quotes is the most exemplar quotes per theme (default 3).
	Quotes int
	// Suggestions, when given, adds the section on how well the offline
	// suggestions would do on the study's codings (suggestions.go).
	Suggestions *Suggestions
}

// Write writes the report of the dataset in the format.
func Write(w io.Writer, d *dataset.Dataset, f Format, opts Options) error {
	if opts.Quotes <= 0 {
		opts.Quotes = 3
	}
	m := build(d, opts)
	switch f {
	case Markdown:
		return writeMarkdown(w, m)
	case Docx:
		return writeDocx(w, m)
	}
	return writeHTML(w, m)
}

// model is what both formats show, computed once.
type model struct {
	Title      string
	ExportedAt string
	Layer      string
	// Layers says which layer the tables read, source by source; every
	// table of counts repeats it.
	Layers string
	// CountingRule says what passages, codings, participants and groups
	// count.
	CountingRule string
	// ByEveryCoder is set when some passages are read from several coders'
	// codings: the themes table then says how many every coder marked.
	ByEveryCoder bool
	Selection    string
	Moderators   string
	Sources      []dataset.Source
	Notes        []string
	Participants int // voices in the selection
	Groups       []string
	Themes       []themeView
	Codes        []codeView
	Heat         heat
	Agreement    *agreementView
	AgreementNot string
	MemberCheck  *memberCheckView
	// Analysis is saturation, talk and who carried each theme (analysis.go).
	Analysis *analysisView
	// Suggestions is how well suggestions would do (suggestions.go).
	Suggestions *suggestionsView
}

type themeView struct {
	Anchor     string
	Path       string
	Depth      int
	Definition string
	Summaries  []dataset.Summary
	Codes      []string
	Support    dataset.ThemeSupport
	// Warning says in words when a theme rests on one voice or one group.
	Warning string
	// SupportLine says how much supports the theme, in a sentence.
	SupportLine string
	// Agreed is "N of M" passages every coder marked, among those read
	// from several coders; "" when there are none.
	Agreed string
	Quotes []quoteView
}

type quoteView struct {
	Text      string
	Shortened bool
	Who       string
	Where     string
	Codes     string
}

type codeView struct {
	Path         string
	Codings      int
	Passages     int
	Participants int
}

// heat is the theme × group table behind the heat map.
type heat struct {
	Themes   []string
	Groups   []string
	Passages [][]int // theme × group
	Voices   [][]int
	Max      int
}

type agreementView struct {
	Coders   string
	Unit     string
	Scope    string
	Sources  int
	Headline string
	Pairs    []string
	Rows     []agreementRow
	Overall  string
	Excluded []string
	// Methods is the methods paragraph (for the paper) of exactly the
	// figures above, with the works it cites; MethodsNote says what the
	// report did not compute and how to get it.
	Methods           string
	MethodsReferences []string
	MethodsNote       string
}

type agreementRow struct {
	Code      string
	Units     int64
	Agreement string
	Headline  string
	Alpha     string
	Fleiss    string
	Pairs     []string
	Note      string
}

// maxQuote is the longest exemplar quote shown whole, in characters.
const maxQuote = 700

func build(d *dataset.Dataset, opts Options) *model {
	m := &model{Title: d.Title, ExportedAt: d.ExportedAt, Layer: d.LayerRule(), Layers: d.LayersText(), CountingRule: d.CountingRule(), Selection: d.SelectionText(),
		Sources: d.Sources, Notes: d.Notes, Participants: len(d.Voices), AgreementNot: d.AgreementNote}
	m.Moderators = capitalize(d.ModeratorRule()) + "."
	// The analysis sections (saturation, talk, carriers) read the dataset
	// only, as the rest does: on two cores they are worked out alongside.
	analysis := make(chan *analysisView, 1)
	go func() { analysis <- buildAnalysis(d) }()
	m.Suggestions = buildSuggestions(opts.Suggestions)
	for _, g := range d.Groups {
		m.Groups = append(m.Groups, dataset.GroupName(g))
	}
	support := d.Support()
	for t, th := range d.Themes {
		tv := themeView{Anchor: fmt.Sprintf("theme-%d", t+1), Path: th.Path, Depth: th.Depth, Definition: th.Definition,
			Summaries: th.Summaries, Support: support[t]}
		for _, c := range th.Codes {
			tv.Codes = append(tv.Codes, d.Codes[c].Path)
		}
		if w := d.Caution(t, false); w != "" {
			tv.Warning = w + "."
		}
		tv.SupportLine = supportLine(support[t], len(d.Voices), len(d.Groups))
		if s := support[t]; s.FromCoders > 0 {
			m.ByEveryCoder = true
			tv.Agreed = fmt.Sprintf("%d of %d", s.ByEveryCoder, s.FromCoders)
		}
		for _, q := range d.Exemplars(t, opts.Quotes) {
			tv.Quotes = append(tv.Quotes, quoteOf(d, q))
		}
		m.Themes = append(m.Themes, tv)
	}
	for _, f := range d.CodeFrequencies() {
		m.Codes = append(m.Codes, codeView{Path: d.Codes[f.Code].Path, Codings: f.Codings, Passages: f.Passages, Participants: f.Participants})
	}
	x := d.ThemeByGroup()
	m.Heat = heat{Groups: m.Groups}
	for t, th := range d.Themes {
		m.Heat.Themes = append(m.Heat.Themes, th.Path)
		row, voices := make([]int, len(d.Groups)), make([]int, len(d.Groups))
		for g := range d.Groups {
			row[g], voices[g] = x.Passages[g][t], x.Voices[g][t]
			m.Heat.Max = max(m.Heat.Max, row[g])
		}
		m.Heat.Passages = append(m.Heat.Passages, row)
		m.Heat.Voices = append(m.Heat.Voices, voices)
	}
	m.Agreement = agreementOf(d)
	m.MemberCheck = memberCheckOf(d)
	m.Analysis = <-analysis
	return m
}

// capitalize starts a sentence with a capital letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// supportLine says what a theme rests on: people, groups, passages and
// codings, and, for passages read from several coders, how many of them
// every coder marked.
func supportLine(s dataset.ThemeSupport, voices, groups int) string {
	line := fmt.Sprintf("Supported by %s of %d in %s of %d: %s (%s) in %s.",
		plural(s.Participants, "participant"), voices, plural(s.Groups, "group"), groups,
		plural(s.Passages, "passage"), plural(s.Codings, "coding"), plural(s.Sources, "source"))
	if s.FromCoders > 0 {
		line += fmt.Sprintf(" Of the %s read from several coders' codings, every coder marked %d.", plural(s.FromCoders, "passage"), s.ByEveryCoder)
	}
	return line
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// quoteOf attributes a quote by pseudonym (the name meant for reports),
// group, source and turn.
func quoteOf(d *dataset.Dataset, q dataset.Quote) quoteView {
	src := &d.Sources[q.Source]
	qv := quoteView{Text: q.Text, Where: fmt.Sprintf("%s, %s, turn %d", dataset.GroupName(src.Group), src.Name, src.Turns[q.Turn].Seq)}
	if r := []rune(q.Text); len(r) > maxQuote {
		cut := string(r[:maxQuote])
		if i := strings.LastIndexAny(cut, " \n"); i > maxQuote/2 {
			cut = cut[:i]
		}
		qv.Text, qv.Shortened = cut, true
	}
	if q.Voice >= 0 {
		v := d.Voices[q.Voice]
		qv.Who = v.Pseudonym
		if qv.Who == "" {
			qv.Who = v.Label
		}
	} else {
		qv.Who = "unattributed"
	}
	var codes []string
	for _, c := range q.Codes {
		codes = append(codes, d.Codes[c].Path)
	}
	qv.Codes = strings.Join(codes, ", ")
	switch by := q.CodedBy(); {
	case by != "":
		qv.Codes += " · " + by + " (" + strings.Join(q.Coders, ", ") + ")"
	case len(d.Coders) > 1:
		qv.Codes += " · coded by " + strings.Join(q.Coders, ", ")
	}
	return qv
}

func agreementOf(d *dataset.Dataset) *agreementView {
	a := d.Agreement
	if a == nil {
		return nil
	}
	r := a.Report
	av := &agreementView{Coders: strings.Join(r.Coders, ", "), Unit: string(r.Unit), Scope: string(r.Scope), Sources: len(r.Sources)}
	av.Headline = agreement.HeadlineLabel(len(r.Coders))
	if len(r.Coders) != 2 {
		for _, p := range r.Overall.Pairs {
			av.Pairs = append(av.Pairs, p.CoderA+"–"+p.CoderB)
		}
	}
	for _, cr := range r.PerCode {
		_, v, ok := a.Headline(cr)
		row := agreementRow{Code: cr.Code, Units: cr.Group.Units, Agreement: pct(cr.Group.PercentAgreement.V, cr.Group.PercentAgreement.Defined),
			Headline: num(v, ok), Alpha: num(cr.Group.KrippendorffAlpha.V, cr.Group.KrippendorffAlpha.Defined),
			Fleiss: num(cr.Group.FleissKappa.V, cr.Group.FleissKappa.Defined)}
		var why []string
		if len(r.Coders) > 2 {
			for _, p := range cr.Pairs {
				row.Pairs = append(row.Pairs, num(p.CohenKappa.V, p.CohenKappa.Defined))
			}
		}
		for _, p := range cr.Pairs {
			if !p.CohenKappa.Defined && p.CohenKappa.Reason != "" && !slices.Contains(why, p.CohenKappa.Reason) {
				why = append(why, p.CohenKappa.Reason)
			}
		}
		if al := cr.Group.KrippendorffAlpha; !al.Defined && al.Reason != "" && !slices.Contains(why, al.Reason) {
			why = append(why, al.Reason)
		}
		row.Note = strings.Join(why, "; ")
		av.Rows = append(av.Rows, row)
	}
	av.Overall = capitalize(a.OverallText()) + "."
	for _, e := range a.Excluded {
		av.Excluded = append(av.Excluded, fmt.Sprintf("%s (not marked done by %s)", e.Source, strings.Join(e.NotDone, ", ")))
	}
	addMethods(av, a)
	return av
}

// addMethods adds the methods paragraph of the report's own figures: it
// names intervals only when they were computed, and pooled figures only
// when the report has them.
func addMethods(av *agreementView, a *dataset.Agreement) {
	software := a.Software
	if software == "" {
		software = "Focal"
	}
	p := methods.Compose(methods.Input{Report: a.Report, Excluded: len(a.Excluded), LeftOutCodes: a.LeftOutCodes,
		Tentative: agreement.TentativeFrom, Reliable: agreement.ReliableFrom, Software: software, MeansOnly: !a.Pooled})
	av.Methods, av.MethodsReferences = p.Text, p.References
	command := fmt.Sprintf("focal agree --methods --unit %s --coders %s", a.Report.Unit, strings.Join(a.Report.Coders, ","))
	switch {
	case !a.Pooled && a.Report.Bootstrap == nil:
		av.MethodsNote = fmt.Sprintf("This report computed neither the figures pooled over codes nor confidence intervals; `%s --ci 0.95` writes the paragraph with both.", command)
	case a.Report.Bootstrap == nil:
		av.MethodsNote = fmt.Sprintf("This report computed no confidence intervals; `%s --ci 0.95` writes the paragraph with them.", command)
	case !a.Pooled:
		av.MethodsNote = fmt.Sprintf("This report computed no figures pooled over codes; `%s` writes the paragraph with them.", command)
	}
}

func num(v float64, defined bool) string {
	if !defined {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", v)
}

func pct(v float64, defined bool) string {
	if !defined {
		return "undefined"
	}
	return fmt.Sprintf("%.1f %%", v*100)
}

// themesTable is the "themes at a glance" table as plain text cells, with
// which columns are numbers (right-aligned).
func (m *model) themesTable() (header []string, right []bool, rows [][]string) {
	header = []string{"Theme", "Participants", "Groups", "Passages"}
	right = []bool{false, true, true, true}
	if m.ByEveryCoder {
		header, right = append(header, "Passages coded by every coder"), append(right, true)
	}
	header, right = append(header, "Codings", "Caution"), append(right, true, false)
	for _, t := range m.Themes {
		row := []string{t.Path, fmt.Sprintf("%d of %d", t.Support.Participants, m.Participants),
			fmt.Sprintf("%d of %d", t.Support.Groups, len(m.Groups)), fmt.Sprint(t.Support.Passages)}
		if m.ByEveryCoder {
			row = append(row, t.Agreed)
		}
		rows = append(rows, append(row, fmt.Sprint(t.Support.Codings), t.Warning))
	}
	return header, right, rows
}
