package dataset

import (
	"slices"
	"sort"
	"strings"

	"github.com/focalqda/focal/corpus"
)

// Withdrawn is the material participants withdrew in member checking:
// whole participants, and single quotes. Policy.Admit keeps it out of
// every sheet, table, count and quote.
type Withdrawn struct {
	// Participants are the ids (P07) of participants who withdrew.
	Participants []string
	// Quotes are the spans of withdrawn quotes, by source id. A passage
	// that overlaps one is left out whole.
	Quotes map[string][]corpus.Span
}

// Rewording is a participant's corrected wording of one of their quotes:
// exports show it instead of the transcript's words (the transcript keeps
// the original).
type Rewording struct {
	Span corpus.Span
	Text string
}

// MemberCheckAnswer is a participant's answer in member checking, as the
// investigators' exports show it.
type MemberCheckAnswer struct {
	Participant string
	Pseudonym   string
	// Item is "theme" (does the theme reflect your experience?) or "quote"
	// (keep, remove or edit one of your quotes).
	Item string
	// Theme is the theme's path (theme items).
	Theme string
	// Source and Start locate a quote; Quote is its words as the
	// participant saw them (left empty by the export when withdrawn).
	Source string
	Start  int
	Quote  string
	// Answer is yes, partly or no (themes), keep, remove or edit (quotes).
	Answer string
	// Comment is what the participant would change or add (themes) or their
	// corrected wording (quotes).
	Comment    string
	Via        string
	ReceivedAt string
}

// isWithdrawn reports whether the words of a turn inside span were
// withdrawn: the participant withdrew, or a withdrawn quote overlaps them.
func (p Policy) isWithdrawn(src *Source, t *Turn, span corpus.Span) bool {
	if t.Participant != "" && slices.Contains(p.Withdrawn.Participants, t.Participant) {
		return true
	}
	for _, q := range p.Withdrawn.Quotes[src.ID] {
		if q.Overlaps(span) {
			return true
		}
	}
	return false
}

// wording gives the words of an admitted passage as they leave the
// project: the participant's corrected wording where they gave one, and
// the rest rendered by Policy.Render (de-identification), or as stored.
func (p Policy) wording(src *Source, text string, span corpus.Span, words string) string {
	render := func(s corpus.Span) string {
		if p.Render == nil {
			if s == span {
				return words
			}
			idx := corpus.NewPositionIndex(text)
			w, _ := idx.Slice(s)
			return w
		}
		return p.Render(src, text, s)
	}
	var rs []Rewording
	for _, r := range p.Reworded[src.ID] {
		if r.Span.Overlaps(span) {
			if r.Span.Start < span.Start || r.Span.End > span.End {
				// The passage lies inside the corrected quote: the
				// participant's wording stands for these words.
				return r.Text
			}
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return render(span)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Span.Start < rs[j].Span.Start })
	var b strings.Builder
	pos := span.Start
	for _, r := range rs {
		if r.Span.Start < pos {
			continue
		}
		if r.Span.Start > pos {
			b.WriteString(render(corpus.Span{Start: pos, End: r.Span.Start}))
		}
		b.WriteString(r.Text)
		pos = r.Span.End
	}
	if pos < span.End {
		b.WriteString(render(corpus.Span{Start: pos, End: span.End}))
	}
	return b.String()
}

// memberCheck keeps the answers the export may show: not those of
// participants who withdrew or are outside the selection, and without the
// words of withdrawn quotes.
func (p Policy) memberCheck(answers []MemberCheckAnswer) []MemberCheckAnswer {
	var out []MemberCheckAnswer
	for _, a := range answers {
		if slices.Contains(p.Withdrawn.Participants, a.Participant) ||
			len(p.Participants) > 0 && !slices.Contains(p.Participants, a.Participant) {
			continue
		}
		if a.Item == "quote" && a.Answer == "remove" {
			a.Quote = ""
		}
		out = append(out, a)
	}
	return out
}
