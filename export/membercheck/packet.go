// Package membercheck writes and reads member-check packets: for each
// participant, a workbook whose only editable cells are their answers and a
// printable, accessible HTML page, both in the participant's language, with
// the themes they contributed to, plain-language summaries and their own
// quotes (de-identified, clipped to their own turns); and it reads returned
// workbooks back, validating every answer and every signed row key.
package membercheck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding/membercheck"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// Packet is what one participant is asked to check.
type Packet struct {
	ID           string
	ProjectID    string
	ProjectTitle string
	// Participant is the participant's id (P07); Pseudonym how the packet
	// addresses them.
	Participant string
	Pseudonym   string
	Language    string
	// Intro is the project's introduction, filled in.
	Intro   string
	Wording membercheck.Wording
	Themes  []Theme
	// Quotes are the participant's quotes, each once, in order of first
	// appearance under a theme.
	Quotes []Quote
	// Group is the optional summary of all themes with cleared quotes of
	// other participants.
	Group     []GroupTheme
	CreatedAt string
	// Return says whom to contact and how and by when to return the
	// packet, in the packet's language.
	Return Return
}

// Return is what a packet tells the participant about giving it back.
// Empty parts are left out.
type Return struct {
	// Contact is who to contact (a name, an email address, a telephone
	// number).
	Contact string
	// By is the date to return the packet by, written in the packet's
	// language ("31 January 2027").
	By string
	// How says how to return the page or the workbook.
	How string
}

// Theme is a theme the participant contributed to.
type Theme struct {
	Ref     string // "T1"
	ID      string
	Name    string
	Summary string
	// Quotes are indices into Packet.Quotes.
	Quotes []int
}

// Quote is one passage of the participant's own words under a coding.
type Quote struct {
	Ref      string // "Q1"
	CodingID string
	SourceID string
	Span     corpus.Span
	// SHA256 is the source text's hash when the packet was written.
	SHA256 string
	Text   string
	// Themes are indices into Packet.Themes.
	Themes []int
}

// GroupTheme is a theme of the group summary with anonymous quotes.
type GroupTheme struct {
	Name    string
	Summary string
	Quotes  []string
	// places are where the quotes' words are, in the same order.
	places []Place
}

// Place is where the words of a quote are: a span of a source's stored
// text (code points).
type Place struct {
	SourceID string
	Span     corpus.Span
}

// Options say whose packet to build and how.
type Options struct {
	ID           string
	ProjectID    string
	ProjectTitle string
	Participant  string
	Pseudonym    string
	Language     string
	// Intro is the introduction template ({pseudonym}, {project}).
	Intro string
	// SourceHashes gives the SHA-256 of each source's stored text, by id.
	SourceHashes map[string]string
	// Group adds the group summary, with at most GroupQuotes quotes per
	// theme, taken only from Cleared codings.
	Group       bool
	GroupQuotes int
	Cleared     map[string]bool
	CreatedAt   string
	// Contact, ReturnBy (YYYY-MM-DD) and ReturnHow say whom to contact and
	// how and by when to return the packet.
	Contact, ReturnBy, ReturnHow string
}

// Build assembles a participant's packet from a dataset that was built
// with the participant's withdrawals and the de-identification renderer in
// its policy. Quotes are the participant's passages only: a coding that
// spans several people's turns gives the participant's turns alone. It
// returns notes for the researcher (a summary missing in the packet's
// language, say).
func Build(d *dataset.Dataset, o Options) (*Packet, []string, error) {
	voice := -1
	for i, v := range d.Voices {
		if v.Participant == o.Participant {
			voice = i
			break
		}
	}
	if voice < 0 {
		return nil, nil, fmt.Errorf("%s has no words in the exported layer (withdrawn, or never linked to a speaker)", o.Participant)
	}
	w := membercheck.WordingFor(o.Language)
	p := &Packet{ID: o.ID, ProjectID: o.ProjectID, ProjectTitle: o.ProjectTitle, Participant: o.Participant, Pseudonym: o.Pseudonym,
		Language: w.Lang, Wording: w, Intro: membercheck.FillIntroduction(o.Intro, o.Pseudonym, o.ProjectTitle), CreatedAt: o.CreatedAt,
	}
	p.SetReturn(o.Contact, o.ReturnBy, o.ReturnHow)
	var notes []string
	quoteAt := map[[3]any]int{}
	themeOfCode := map[int][]int{}
	for t, th := range d.Themes {
		for _, c := range th.Codes {
			themeOfCode[c] = append(themeOfCode[c], t)
		}
	}
	perTheme := make([][]int, len(d.Themes))
	for ci := range d.Codings {
		c := &d.Codings[ci]
		themes := themeOfCode[c.Code]
		if len(themes) == 0 {
			continue
		}
		src := &d.Sources[c.Source]
		for _, ps := range c.Passages {
			if ps.Voice != voice {
				continue
			}
			k := [3]any{src.ID, ps.Span.Start, ps.Span.End}
			q, ok := quoteAt[k]
			if !ok {
				q = len(p.Quotes)
				quoteAt[k] = q
				p.Quotes = append(p.Quotes, Quote{CodingID: c.ID, SourceID: src.ID, Span: ps.Span, SHA256: o.SourceHashes[src.ID], Text: ps.Text})
			}
			for _, t := range themes {
				if !containsInt(perTheme[t], q) {
					perTheme[t] = append(perTheme[t], q)
				}
			}
		}
	}
	// A quote inside a longer quote of the same words (another coder coded
	// less of the same turn) is shown as part of the longer one.
	inside := containedQuotes(p.Quotes)
	for t := range perTheme {
		var kept []int
		for _, q := range perTheme[t] {
			if c, ok := inside[q]; ok {
				q = c
			}
			if !containsInt(kept, q) {
				kept = append(kept, q)
			}
		}
		perTheme[t] = kept
	}
	// Quotes are numbered in the order the themes show them.
	order := []int{}
	seen := map[int]bool{}
	for t := range d.Themes {
		if len(perTheme[t]) == 0 {
			continue
		}
		sort.SliceStable(perTheme[t], func(i, j int) bool { return quoteLess(p.Quotes[perTheme[t][i]], p.Quotes[perTheme[t][j]], d) })
		for _, q := range perTheme[t] {
			if !seen[q] {
				seen[q] = true
				order = append(order, q)
			}
		}
	}
	renumber := make([]int, len(p.Quotes))
	quotes := make([]Quote, 0, len(order))
	for n, q := range order {
		renumber[q] = n
		qt := p.Quotes[q]
		qt.Ref = fmt.Sprintf("Q%d", n+1)
		quotes = append(quotes, qt)
	}
	p.Quotes = quotes
	for t, th := range d.Themes {
		if len(perTheme[t]) == 0 {
			continue
		}
		summary, note := summaryIn(th, w.Lang)
		if note != "" {
			notes = append(notes, note)
		}
		pt := Theme{Ref: fmt.Sprintf("T%d", len(p.Themes)+1), ID: th.ID, Name: th.Name, Summary: summary}
		for _, q := range perTheme[t] {
			pt.Quotes = append(pt.Quotes, renumber[q])
			p.Quotes[renumber[q]].Themes = append(p.Quotes[renumber[q]].Themes, len(p.Themes))
		}
		p.Themes = append(p.Themes, pt)
	}
	if o.Group {
		p.Group = groupSummary(d, voice, w.Lang, o)
	}
	return p, notes, nil
}

// SetReturn sets whom the participant contacts, by when (YYYY-MM-DD,
// written out in the packet's language) and how to return the packet.
func (p *Packet) SetReturn(contact, by, how string) {
	p.Return = Return{Contact: strings.TrimSpace(contact), By: p.Wording.Date(strings.TrimSpace(by)), How: strings.TrimSpace(how)}
}

// containedQuotes maps each quote whose span lies inside another quote's
// span of the same source to the outermost such quote.
func containedQuotes(qs []Quote) map[int]int {
	out := map[int]int{}
	for i, q := range qs {
		best := -1
		for j, o := range qs {
			if i == j || o.SourceID != q.SourceID || o.Span.Start > q.Span.Start || o.Span.End < q.Span.End || o.Span == q.Span {
				continue
			}
			if best < 0 || o.Span.Len() > qs[best].Span.Len() {
				best = j
			}
		}
		if best >= 0 {
			out[i] = best
		}
	}
	return out
}

func quoteLess(a, b Quote, d *dataset.Dataset) bool {
	if a.SourceID != b.SourceID {
		return sourceIndex(d, a.SourceID) < sourceIndex(d, b.SourceID)
	}
	return a.Span.Start < b.Span.Start
}

func sourceIndex(d *dataset.Dataset, id string) int {
	for i, s := range d.Sources {
		if s.ID == id {
			return i
		}
	}
	return len(d.Sources)
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// summaryIn picks a theme's summary in a language, else English, else any;
// the note says when the language was missing.
func summaryIn(th dataset.Theme, lang string) (string, string) {
	for _, s := range th.Summaries {
		if membercheck.BaseLanguage(s.Language) == lang {
			return s.Text, ""
		}
	}
	for _, want := range []string{"en", ""} {
		for _, s := range th.Summaries {
			if want == "" || membercheck.BaseLanguage(s.Language) == want {
				return s.Text, fmt.Sprintf("theme %q has no summary in %s; the %s one is used (add one with `focal theme describe %q --summary %s=TEXT`)", th.Path, lang, s.Language, th.Path, lang)
			}
		}
	}
	return "", fmt.Sprintf("theme %q has no plain-language summary; the packet shows its name only (add one with `focal theme describe %q --summary %s=TEXT`)", th.Path, th.Path, lang)
}

// groupSummary lists every theme with a summary and up to n quotes of
// other participants from cleared codings.
func groupSummary(d *dataset.Dataset, voice int, lang string, o Options) []GroupTheme {
	var out []GroupTheme
	for _, th := range d.Themes {
		summary, _ := summaryIn(th, lang)
		if summary == "" {
			continue
		}
		gt := GroupTheme{Name: th.Name, Summary: summary}
		seen := map[string]bool{}
		for ci := range d.Codings {
			c := &d.Codings[ci]
			if !o.Cleared[c.ID] || !containsInt(th.Codes, c.Code) {
				continue
			}
			for _, ps := range c.Passages {
				if ps.Voice == voice || ps.Voice < 0 || d.Voices[ps.Voice].Participant == "" || seen[ps.Text] {
					continue
				}
				if o.GroupQuotes > 0 && len(gt.Quotes) >= o.GroupQuotes {
					break
				}
				seen[ps.Text] = true
				gt.Quotes = append(gt.Quotes, ps.Text)
				gt.places = append(gt.places, Place{SourceID: d.Sources[c.Source].ID, Span: ps.Span})
			}
		}
		out = append(out, gt)
	}
	return out
}

// Texts lists every text of the packet with where it appears, for the
// de-identification gate.
func (p *Packet) Texts() [][2]string {
	out := [][2]string{{"introduction", p.Intro}, {"addressed as", p.Pseudonym},
		{"contact", p.Return.Contact}, {"how to return it", p.Return.How}}
	for _, t := range p.Themes {
		out = append(out, [2]string{"theme " + t.Ref, t.Name}, [2]string{"theme " + t.Ref + " summary", t.Summary})
	}
	for _, q := range p.Quotes {
		out = append(out, [2]string{"quote " + q.Ref, q.Text})
	}
	for _, g := range p.Group {
		out = append(out, [2]string{"group summary: " + g.Name, g.Name}, [2]string{"group summary: " + g.Name, g.Summary})
		for i, q := range g.Quotes {
			out = append(out, [2]string{fmt.Sprintf("group summary: %s, quote %d", g.Name, i+1), q})
		}
	}
	return out
}

// Places lists where the words of every quote the packet shows come
// from: the participant's own and the group summary's.
func (p *Packet) Places() []Place {
	var out []Place
	for _, q := range p.Quotes {
		out = append(out, Place{SourceID: q.SourceID, Span: q.Span})
	}
	for _, g := range p.Group {
		out = append(out, g.places...)
	}
	return out
}

// themeNames names the themes of a quote ("Belonging; Invisible work"),
// without their numbers, which the participant never sees.
func (p *Packet) themeNames(q Quote) string {
	names := make([]string, len(q.Themes))
	for i, t := range q.Themes {
		names[i] = p.Themes[t].Name
	}
	return strings.Join(names, "; ")
}
