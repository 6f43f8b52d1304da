package agreement

import (
	"sort"
	"strings"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// Disagreement is one place where the compared coders did not apply a code
// the same way.
type Disagreement struct {
	Source  string `json:"source"`
	Code    string `json:"code"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Turn    int    `json:"turn"`
	Speaker string `json:"speaker"`
	// Kind is "only" (some coders applied the code here, the others did
	// not) or "boundaries" (they applied it, but over different spans).
	Kind string `json:"kind"`
	// Applied names the coders who applied the code here; Missing those who
	// did not.
	Applied []string `json:"applied"`
	Missing []string `json:"missing"`
	// Spans gives, per coder who applied the code, their coded stretch
	// within this place.
	Spans map[string][]corpus.Span `json:"spans"`
	// Text is the place's words; Before and After a little context from the
	// same turn.
	Text   string `json:"text"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// contextRunes is how much text is shown around a disagreement.
const contextRunes = 40

// Disagreements lists, in transcript order, every place where the coders
// differ on a code. With character units a place is a stretch of text that
// some coder coded (a connected stretch of the coders' combined codings);
// with other units it is a unit on which their presence differs.
func Disagreements(sources []Source, codes, coders []string, opts Options) ([]Disagreement, error) {
	var out []Disagreement
	for _, src := range sources {
		var found []Disagreement
		runes := []rune(src.Text)
		within := Within(src, opts.Scope)
		var layout agree.UnitLayout
		var units [][]agree.Span
		if opts.Unit != UnitChar {
			var err error
			if layout, err = Layout(src, opts); err != nil {
				return nil, err
			}
			if units, err = unitSpans(src, opts); err != nil {
				return nil, err
			}
		}
		for _, code := range codes {
			per := make([][]corpus.Span, len(coders))
			for c := range coders {
				if all := src.Codings[code]; c < len(all) {
					per[c] = clipTo(corpus.Union(all[c]), within)
				}
			}
			var places []corpus.Span
			if opts.Unit == UnitChar {
				places = components(per)
			} else {
				spans := make([][]agree.Span, len(per))
				for c := range per {
					spans[c] = toAgreeSpans(per[c])
				}
				p, err := layout.Presence(spans)
				if err != nil {
					return nil, err
				}
				full := uint64(1)<<len(coders) - 1
				for i, u := range p.PerUnit {
					if u.Blank || u.Applied == 0 || u.Applied == full {
						continue
					}
					s := units[i]
					places = append(places, corpus.Span{Start: s[0].Start, End: s[len(s)-1].End})
				}
			}
			for _, place := range places {
				d, agreed := describe(src, runes, code, coders, per, place)
				if !agreed {
					found = append(found, d)
				}
			}
		}
		sort.SliceStable(found, func(i, j int) bool {
			if found[i].Start != found[j].Start {
				return found[i].Start < found[j].Start
			}
			return found[i].Code < found[j].Code
		})
		out = append(out, found...)
	}
	return out, nil
}

// describe reports what each coder did in one place; agreed is true when
// they all did the same.
func describe(src Source, runes []rune, code string, coders []string, per [][]corpus.Span, place corpus.Span) (Disagreement, bool) {
	d := Disagreement{Source: src.Name, Code: code, Start: place.Start, End: place.End, Spans: map[string][]corpus.Span{},
		Applied: []string{}, Missing: []string{}}
	var first []corpus.Span
	same := true
	for c, name := range coders {
		inside := clipTo(per[c], []agree.Span{agree.Span(place)})
		if len(inside) == 0 {
			d.Missing = append(d.Missing, name)
			same = false
			continue
		}
		d.Applied = append(d.Applied, name)
		d.Spans[name] = inside
		if first == nil {
			first = inside
		} else if !equalSpans(first, inside) {
			same = false
		}
	}
	if same {
		return d, true
	}
	d.Kind = "only"
	if len(d.Missing) == 0 {
		d.Kind = "boundaries"
	}
	for _, t := range src.Turns {
		if t.Utterance.End >= place.Start {
			d.Turn, d.Speaker = t.Seq, t.Speaker
			lo := max(t.Utterance.Start, place.Start-contextRunes)
			hi := min(t.Utterance.End, place.End+contextRunes)
			d.Before = string(runes[lo:max(lo, min(place.Start, len(runes)))])
			d.After = string(runes[min(place.End, hi):hi])
			break
		}
	}
	d.Text = string(runes[place.Start:min(place.End, len(runes))])
	d.Before = strings.TrimLeft(d.Before, " ")
	return d, false
}

func equalSpans(a, b []corpus.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// clipTo keeps the parts of sorted disjoint spans that lie inside the
// sorted within spans.
func clipTo(spans []corpus.Span, within []agree.Span) []corpus.Span {
	var out []corpus.Span
	for _, s := range spans {
		for _, w := range within {
			a, b := max(s.Start, w.Start), min(s.End, w.End)
			if a < b {
				out = append(out, corpus.Span{Start: a, End: b})
			}
		}
	}
	return out
}

// components returns the connected stretches of the coders' combined
// codings.
func components(per [][]corpus.Span) []corpus.Span {
	var all []corpus.Span
	for _, spans := range per {
		all = append(all, spans...)
	}
	return corpus.Union(all)
}
