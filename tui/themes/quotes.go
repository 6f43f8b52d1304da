package themes

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
)

// layer is whose codings the theme view shows.
type layer int

const (
	// everyCoder shows every coder's codings, the consensus layer aside
	// (as the theme's counts do).
	everyCoder layer = iota
	// consensusOnly shows the consensus layer alone.
	consensusOnly
)

func (l layer) String() string {
	if l == everyCoder {
		return "all coders"
	}
	return "consensus layer"
}

// other names the layer l switches to.
func (l layer) other() string { return (1 - l).String() }

func (l layer) shows(c coding.Coding) bool {
	return (c.Coder == study.ConsensusCoder) == (l == consensusOnly)
}

// grouping is how the theme view groups quotes.
type grouping int

const (
	byParticipant grouping = iota
	byGroup
)

func (g grouping) String() string {
	if g == byGroup {
		return "group"
	}
	return "participant"
}

func (g grouping) other() string { return (1 - g).String() }

// quote is a passage coded with the theme's codes: the words marked by
// codings that overlap in one turn, however many coders or codes marked
// them, are one quote (the rule of coding.GroupPassages, which the exports
// count by too): a theme rests on what was said, not on how often it was
// coded. A coding that runs on into later turns belongs to the turn it
// starts in.
type quote struct {
	source, group string
	start, end    int
	turn          int
	voice         string // the participant, else the speaker as labelled
	text          string
	codes         []codedBy
	// codings counts the codings joined in the quote; of is the number of
	// coders of its source when the layer is every coder's and they are two
	// or more (0 otherwise).
	codings, of int
}

// codedBy is one code on a quote with the coders who applied it.
type codedBy struct {
	code   string
	coders []string
}

// coders lists the quote's coders, each once, in order of first use.
func (q quote) coders() []string {
	var out []string
	for _, c := range q.codes {
		for _, who := range c.coders {
			if !slices.Contains(out, who) {
				out = append(out, who)
			}
		}
	}
	return out
}

// voiceOf is who speaks where a coding starts: the participant, else the
// speaker with the source (a speaker not linked to a participant is one
// voice per source, as in the exports and `focal theme show`).
func voiceOf(c coding.Coding) string {
	switch {
	case c.Participant != "":
		return c.Participant
	case c.Speaker != "":
		return c.Speaker + " (" + c.Source + ")"
	}
	return noSpeaker
}

// noSpeaker is the voice of a coding that starts where nobody speaks.
const noSpeaker = "(no speaker)"

// quotes gathers the codings of the codes in the layer into quotes, in
// transcript order (group, source, position): one sweep over the codings
// sorted by source, turn and start, joining those that share words
// (coding.Joins).
func (e evidence) quotes(codeIDs []string, l layer) []quote {
	var cs []coding.Coding
	for _, id := range codeIDs {
		for _, c := range e.byCode[id] {
			if l.shows(c) {
				cs = append(cs, c)
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b coding.Coding) int {
		if c := strings.Compare(a.SourceID, b.SourceID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Turn, b.Turn); c != 0 {
			return c
		}
		return cmp.Compare(a.Start, b.Start)
	})
	var out []quote
	for lo := 0; lo < len(cs); {
		c := cs[lo]
		group := c.Source
		if src, ok := e.sources[c.SourceID]; ok {
			group = groupOf(src)
		}
		q := quote{source: c.Source, group: group, start: c.Start, end: c.End, turn: c.Turn, voice: voiceOf(c), text: c.Text}
		if n := e.coders[c.SourceID]; l == everyCoder && n >= 2 {
			q.of = n
		}
		hi := lo
		for ; hi < len(cs); hi++ {
			n := cs[hi]
			if hi > lo && (n.SourceID != c.SourceID || n.Turn != c.Turn ||
				!coding.Joins(corpus.Span{Start: q.start, End: q.end}, corpus.Span{Start: n.Start, End: n.End})) {
				break
			}
			if n.End > q.end {
				q.text = joinWords(q.text, q.start, n)
				q.end = n.End
			}
			q.codings++
			q.add(n.Code, n.Coder)
		}
		out = append(out, q)
		lo = hi
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.group != b.group {
			return a.group < b.group
		}
		if a.source != b.source {
			return a.source < b.source
		}
		if a.start != b.start {
			return a.start < b.start
		}
		return a.end < b.end
	})
	return out
}

// joinWords extends the words of a quote that starts at start with those
// of a coding that overlaps them (codings come in order of their start).
func joinWords(words string, start int, c coding.Coding) string {
	r := []rune(words)
	end := start + len(r)
	if c.End <= end {
		return words
	}
	more := []rune(c.Text)
	from := min(max(end-c.Start, 0), len(more))
	return words + string(more[from:])
}

func (q *quote) add(code, coder string) {
	for i := range q.codes {
		if q.codes[i].code == code {
			if !slices.Contains(q.codes[i].coders, coder) {
				q.codes[i].coders = append(q.codes[i].coders, coder)
			}
			return
		}
	}
	q.codes = append(q.codes, codedBy{code: code, coders: []string{coder}})
}

// section is the quotes of one participant or one group.
type section struct {
	name   string
	about  string // the participant's groups, or the group's participants
	quotes []quote
}

// sections groups quotes by participant (most quoted first) or by group
// (in name order); within a section quotes keep transcript order.
func sections(qs []quote, g grouping, pseudonyms map[string]string) []section {
	keyOf := func(q quote) string { return q.voice }
	if g == byGroup {
		keyOf = func(q quote) string { return q.group }
	}
	at := map[string]int{}
	var out []section
	for _, q := range qs {
		k := keyOf(q)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, section{name: k})
		}
		out[i].quotes = append(out[i].quotes, q)
	}
	for i := range out {
		s := &out[i]
		if g == byGroup {
			s.about = plural(len(distinct(s.quotes, func(q quote) string { return q.voice })), "participant")
			continue
		}
		s.about = strings.Join(distinct(s.quotes, func(q quote) string { return q.group }), ", ")
		if p := pseudonyms[s.name]; p != "" && p != s.name {
			s.name += " (" + p + ")"
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if g == byParticipant && len(out[i].quotes) != len(out[j].quotes) {
			return len(out[i].quotes) > len(out[j].quotes)
		}
		return out[i].name < out[j].name
	})
	return out
}

// distinct lists the values of field among quotes, in order of first use.
func distinct(qs []quote, field func(quote) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range qs {
		if v := field(q); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// weight is what a theme rests on: how many quotes, voices and groups,
// and the quotes of each voice.
type weight struct {
	quotes, codings int
	voices, groups  int
	// perVoice counts the passages of each voice, in order of first one.
	perVoice   []analysis.VoiceCount
	groupNames []string
}

func weigh(qs []quote) weight {
	w := weight{quotes: len(qs)}
	per := map[string]int{}
	for _, q := range qs {
		per[q.voice]++
		w.codings += q.codings
	}
	for _, v := range distinct(qs, func(q quote) string { return q.voice }) {
		if v != noSpeaker {
			w.perVoice = append(w.perVoice, analysis.VoiceCount{Voice: v, Items: per[v]})
		}
	}
	w.groupNames = distinct(qs, func(q quote) string { return q.group })
	w.voices, w.groups = len(per), len(w.groupNames)
	return w
}

// summary says what the theme rests on.
func (w weight) summary() string {
	if w.quotes == 0 {
		return "no passages yet"
	}
	return fmt.Sprintf("rests on %s (%s) from %s in %s", plural(w.quotes, "passage"), plural(w.codings, "coding"), plural(w.voices, "participant"), plural(w.groups, "group"))
}

// warnings say, by Focal's one rule (analysis.Backing.Cautions, which the
// report and the workbook also apply), when the theme rests on one or two
// voices, mostly on one voice, or on one focus group of several. A theme
// without quotes is said by the summary.
func (w weight) warnings(projectGroups int) []string {
	b := analysis.Backing{Items: w.quotes, ByVoice: w.perVoice, Groups: w.groupNames, ProjectGroups: projectGroups}
	var out []string
	for _, c := range b.Cautions("passage", true) {
		if c.Kind != analysis.NoSupport {
			out = append(out, strings.TrimPrefix(c.Text, "this theme "))
		}
	}
	return out
}

// plural writes a count with its noun: "1 quote", "3 quotes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
