package cli

import (
	"fmt"
	"strings"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// answeredQuote is a quote of a participant an answer is recorded for:
// one passage of their words under a coding.
type answeredQuote struct {
	coding, source, text string
	span                 corpus.Span
}

// quotesAnsweredOn finds the quotes of a participant that `membercheck
// record --quote` names: a coding's id or a prefix of at least 4
// characters (every passage of the participant's words in it), else words
// of one quote as the page showed it. The words must be found in exactly
// one quote (a quote inside a longer one of the same turn is the longer
// one, as on the page); the answer is recorded on the coding the packet
// names for it, the first coding with that passage.
func quotesAnsweredOn(d *dataset.Dataset, participant, quote string) ([]answeredQuote, error) {
	quote = strings.TrimSpace(quote)
	mine := func(ps dataset.Passage) bool { return ps.Voice >= 0 && d.Voices[ps.Voice].Participant == participant }
	var out []answeredQuote
	if len(quote) >= 4 {
		for ci := range d.Codings {
			c := &d.Codings[ci]
			if !strings.HasPrefix(c.ID, quote) {
				continue
			}
			for _, ps := range c.Passages {
				if mine(ps) {
					out = append(out, answeredQuote{coding: c.ID, source: d.Sources[c.Source].ID, text: ps.Text, span: ps.Span})
				}
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	words := normalWords(quote)
	if words == "" {
		return nil, fmt.Errorf("name the quote with --quote: its coding's id, or some of its words")
	}
	type place struct {
		source     string
		start, end int
	}
	first := map[place]answeredQuote{}
	var order []place
	for ci := range d.Codings {
		c := &d.Codings[ci]
		for _, ps := range c.Passages {
			if !mine(ps) || !strings.Contains(normalWords(ps.Text), words) {
				continue
			}
			k := place{d.Sources[c.Source].ID, ps.Span.Start, ps.Span.End}
			if _, ok := first[k]; !ok {
				first[k] = answeredQuote{coding: c.ID, source: k.source, text: ps.Text, span: ps.Span}
				order = append(order, k)
			}
		}
	}
	// A quote inside a longer one that holds the words is not a quote of
	// its own: the page shows the longer one.
	for _, k := range order {
		inside := false
		for _, o := range order {
			if o != k && o.source == k.source && o.start <= k.start && o.end >= k.end {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, first[k])
		}
	}
	switch len(out) {
	case 0:
		if !strings.Contains(quote, " ") {
			return nil, fmt.Errorf("no coding %s with words of %s, and no quote of theirs holding %q, in the exported layer (give some words of the quote as the page shows them, or a coding's id from `focal coding list`)", quote, participant, quote)
		}
		return nil, fmt.Errorf("no quote of %s holds the words %q in the exported layer (give them as the page shows them, or a coding's id from `focal coding list`)", participant, quote)
	case 1:
		return out, nil
	}
	return nil, fmt.Errorf("the words %q are in %d quotes of %s; give more of the words of the one answered on", quote, len(out), participant)
}

// normalWords lowers a text and makes every run of white space, and the
// quotation marks and apostrophes a page may show differently, the same.
func normalWords(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}
