package membercheck

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/focalqda/focal/coding/membercheck"
)

// WriteHTML writes the packet as one printable, accessible page: semantic
// headings, a form whose every answer is a labelled radio button or text
// box grouped under its question, margins on screen and on paper, text
// that reflows down to 320 px wide and at 200 % zoom, dark text on white
// (contrast above 12:1), and nothing told by colour alone. It says by
// when and how to return the page and whom to contact. It shows no
// internal identifier: item numbers and the packet's id are only in the
// form's field names and hidden fields. It has no scripts and loads
// nothing. Answers given on the page are entered with `focal membercheck
// record`.
func WriteHTML(w io.Writer, p *Packet) error {
	return pageTemplate().Execute(w, pageView(p))
}

type pageData struct {
	Lang, Title, HowTo, ThankYou string
	Intro                        []string
	W                            membercheck.Wording
	Return                       Return
	ReturnBy                     string
	Themes                       []pageTheme
	Group                        []GroupTheme
	ThemeChoices, QuoteChoices   []pageChoice
	PacketID                     string
}

type pageTheme struct {
	Ref, Name, Summary string
	Quotes             []pageQuote
}

type pageQuote struct {
	Ref, Coding, Text string
	// Repeat is set when the quote was already shown under an earlier
	// theme: it is listed without its own questions.
	Repeat  bool
	SeeText string
}

type pageChoice struct{ Value, Label string }

func pageView(p *Packet) pageData {
	w := p.Wording
	d := pageData{Lang: p.Language, Title: fmt.Sprintf(w.Title, p.ProjectTitle), HowTo: w.HowToPage, ThankYou: w.ThankYou, W: w, Group: p.Group,
		PacketID: p.ID, Return: p.Return}
	if p.Return.By != "" {
		d.ReturnBy = fmt.Sprintf(w.ReturnBy, p.Return.By)
	}
	for _, para := range strings.Split(p.Intro, "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			d.Intro = append(d.Intro, para)
		}
	}
	for _, v := range membercheck.ThemeAnswers {
		d.ThemeChoices = append(d.ThemeChoices, pageChoice{v, w.Choice(v)})
	}
	for _, v := range membercheck.QuoteAnswers {
		d.QuoteChoices = append(d.QuoteChoices, pageChoice{v, w.Choice(v)})
	}
	shownUnder := map[int]string{}
	for _, t := range p.Themes {
		pt := pageTheme{Ref: t.Ref, Name: t.Name, Summary: t.Summary}
		for _, qi := range t.Quotes {
			q := p.Quotes[qi]
			pq := pageQuote{Ref: q.Ref, Coding: q.CodingID, Text: q.Text}
			if first, ok := shownUnder[qi]; ok {
				pq.Repeat = true
				pq.SeeText = fmt.Sprintf(w.SeeAbove, first)
			} else {
				shownUnder[qi] = t.Name
			}
			pt.Quotes = append(pt.Quotes, pq)
		}
		d.Themes = append(d.Themes, pt)
	}
	return d
}

// pageTemplate is parsed on first use, not when the program starts: every
// focal command links this package, few write a packet page.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pageSource))
})

const pageSource = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
html { font-size: 100%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #1a1a1a; background: #ffffff;
  margin: 0; padding: 1.5em 1.25em 3em; overflow-wrap: break-word; }
main { max-width: 42em; margin: 0 auto; }
@media (min-width: 40em) { body { padding: 2.5em 2.5em 4em; } }
h1 { font-size: 1.6em; line-height: 1.25; margin-top: 0; }
h2 { font-size: 1.3em; margin-top: 2em; border-top: 0.15em solid #1a1a1a; padding-top: 0.5em; }
h3 { font-size: 1.1em; }
.summary { font-size: 1.05em; }
.return { border: 0.15em solid #1a1a1a; padding: 0.25em 1em; margin: 1.5em 0; }
.return h2 { border-top: none; margin-top: 0.5em; padding-top: 0; }
blockquote { margin: 0.5em 0; padding: 0.5em 0.75em; border-left: 0.3em solid #1a1a1a; background: #f2f2f2; }
fieldset { border: 0.1em solid #1a1a1a; margin: 0.75em 0; padding: 0.5em 0.75em; min-width: 0; }
legend { font-weight: bold; padding: 0 0.25em; }
label { display: inline-block; margin: 0.25em 1.5em 0.25em 0; }
input[type=radio] { width: 1.2em; height: 1.2em; vertical-align: middle; }
textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 4em; border: 0.1em solid #1a1a1a; }
.note { font-style: italic; }
@page { margin: 2cm 1.8cm; }
@media print {
  html { font-size: 11pt; }
  body { padding: 0; }
  main { max-width: none; }
  h2, h3, h4 { break-after: avoid; }
  blockquote, fieldset, .return { break-inside: avoid; }
  textarea { min-height: 6em; }
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{range .Intro}}<p>{{.}}</p>
{{end}}{{if or .ReturnBy .Return.How .Return.Contact}}<section class="return" aria-labelledby="return-h">
<h2 id="return-h">{{.W.ReturnHeading}}</h2>
{{if .ReturnBy}}<p><strong>{{.ReturnBy}}</strong></p>
{{end}}{{if .Return.How}}<p>{{.W.ReturnHow}}: {{.Return.How}}</p>
{{end}}{{if .Return.Contact}}<p>{{.W.Contact}}: {{.Return.Contact}}</p>
{{end}}</section>
{{end}}<p><strong>{{.HowTo}}</strong></p>
<form>
<input type="hidden" name="packet" value="{{.PacketID}}">
<h2 id="themes">{{.W.YourThemes}}</h2>
{{range $t := .Themes}}<section aria-labelledby="{{$t.Ref}}-h">
<h3 id="{{$t.Ref}}-h">{{$t.Name}}</h3>
<p class="summary">{{$t.Summary}}</p>
<fieldset>
<legend>{{$.W.ReflectsQuestion}}</legend>
{{range $.ThemeChoices}}<label><input type="radio" name="{{$t.Ref}}" value="{{.Value}}"> {{.Label}}</label>
{{end}}</fieldset>
<p><label for="{{$t.Ref}}-change">{{$.W.ChangeQuestion}}</label><br>
<textarea id="{{$t.Ref}}-change" name="{{$t.Ref}}-change" rows="3"></textarea></p>
<h4>{{$.W.YourWords}}</h4>
<p class="note">{{$.W.QuotesNote}}</p>
{{range $q := $t.Quotes}}<blockquote><p>“{{$q.Text}}”</p></blockquote>
{{if $q.Repeat}}<p class="note">{{$q.SeeText}}</p>
{{else}}<fieldset>
<legend>{{$.W.QuoteQuestion}}</legend>
<input type="hidden" name="{{$q.Ref}}-coding" value="{{$q.Coding}}">
{{range $.QuoteChoices}}<label><input type="radio" name="{{$q.Ref}}" value="{{.Value}}"> {{.Label}}</label>
{{end}}<p><label for="{{$q.Ref}}-wording">{{$.W.CorrectedWording}}</label><br>
<textarea id="{{$q.Ref}}-wording" name="{{$q.Ref}}-wording" rows="3"></textarea></p>
</fieldset>
{{end}}{{else}}<p class="note">{{$.W.NoQuotes}}</p>
{{end}}</section>
{{end}}</form>
{{if .Group}}<h2 id="group">{{.W.GroupSummary}}</h2>
<p class="note">{{.W.GroupNote}}</p>
{{range .Group}}<section>
<h3>{{.Name}}</h3>
<p class="summary">{{.Summary}}</p>
{{range .Quotes}}<blockquote><p>“{{.}}”</p></blockquote>
{{end}}</section>
{{end}}{{end}}<p>{{.ThankYou}}</p>
</main>
</body>
</html>
`
