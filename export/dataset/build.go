package dataset

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
)

// Input is the project as read for an export, before layers are resolved
// and passages clipped. The command line fills it from the project file.
type Input struct {
	Title      string
	ExportedAt string
	// Choice is the --coder choice: AllCoders, Consensus or a coder's name.
	Choice string
	// Sources are the sources to consider, in the project's order, each
	// with the codings of the layer it is exported from.
	Sources []SourceInput
	// Codes is the codebook in tree order.
	Codes []Code
	// Themes is the theme tree in tree order, with the ids of their codes.
	Themes       []ThemeInput
	Participants []ParticipantInput
	// Coders is the project's coders in their order (for a stable order of
	// the Coders of the dataset).
	Coders        []string
	Versions      []CodebookVersion
	History       []CodebookChange
	Agreement     *Agreement
	AgreementNote string
	// MemberCheck holds the participants' member-check answers.
	MemberCheck []MemberCheckAnswer
}

// SourceInput is one source with its stored text and the codings of the
// layer it is exported from. Source.Layer must be set (see LayerFor).
type SourceInput struct {
	Source
	Text    string
	Codings []CodingInput
}

// CodingInput is a coding as stored.
type CodingInput struct {
	ID     string
	CodeID string
	Coder  string
	Start  int
	End    int
	Stale  string
}

// ThemeInput is a theme with the ids of its own codes.
type ThemeInput struct {
	Theme
	CodeIDs []string
}

// ParticipantInput is a participant with their attributes.
type ParticipantInput struct {
	ID         string
	Pseudonym  string
	Attributes map[string]string
}

// Policy is what an export may contain: the chosen groups, sources and
// participants, whether moderators' words are included, what participants
// withdrew, and how words are rendered. Empty lists choose everything.
type Policy struct {
	Groups            []string
	Sources           []string
	Participants      []string
	IncludeModerators bool
	// Withdrawn is what participants withdrew; Admit keeps it out.
	Withdrawn Withdrawn
	// Reworded holds participants' corrected wording of their quotes, by
	// source id; exports show it instead of the transcript's words.
	Reworded map[string][]Rewording
	// Render, when set, gives the words of a span of a source as they leave
	// the project (de-identification replacements); text is the source's
	// stored text. Unset, words are exported as stored.
	Render func(src *Source, text string, span corpus.Span) string
}

// KeepSource reports whether a source is in the chosen groups and sources.
func (p Policy) KeepSource(name, group string) bool {
	return (len(p.Groups) == 0 || slices.Contains(p.Groups, group)) &&
		(len(p.Sources) == 0 || slices.Contains(p.Sources, name))
}

// Admit decides whether the words of a turn inside span may appear in an
// export. It is the one place that keeps material out, and every sheet,
// table, count and quote is built from admitted passages only: moderators'
// words unless asked for, participants outside the chosen ones, and
// material a participant withdrew in member checking, whole or quote by
// quote.
func (p Policy) Admit(src *Source, t *Turn, span corpus.Span) bool {
	if span.Len() <= 0 {
		return false
	}
	if p.isWithdrawn(src, t, span) {
		return false
	}
	if t.Moderator && !p.IncludeModerators {
		return false
	}
	if len(p.Participants) > 0 && !slices.Contains(p.Participants, t.Participant) {
		return false
	}
	return true
}

// Build resolves the input into a dataset under the policy. It fails when
// a chosen group, source or participant does not exist.
func Build(in Input, p Policy) (*Dataset, error) {
	if err := checkSelection(in, p); err != nil {
		return nil, err
	}
	d := &Dataset{Title: in.Title, ExportedAt: in.ExportedAt, Choice: in.Choice, Policy: p,
		Versions: in.Versions, History: in.History, Agreement: in.Agreement, AgreementNote: in.AgreementNote,
		MemberCheck: p.memberCheck(in.MemberCheck)}
	codeIndex := d.buildCodebook(in)
	d.themePassages, d.codePassages = make([][]Quote, len(d.Themes)), make([][]Quote, len(d.Codes))
	attrs := map[string]map[string]string{}
	pseudonyms := map[string]string{}
	for _, pi := range in.Participants {
		attrs[pi.ID], pseudonyms[pi.ID] = pi.Attributes, pi.Pseudonym
	}
	b := builder{d: d, attrs: attrs, pseudonyms: pseudonyms, voices: map[voiceKey]int{}}
	var kept []*SourceInput
	for i := range in.Sources {
		si := &in.Sources[i]
		if !p.KeepSource(si.Name, si.Group) {
			continue
		}
		d.Sources = append(d.Sources, si.Source)
		kept = append(kept, si)
		if !slices.Contains(d.Groups, si.Group) {
			d.Groups = append(d.Groups, si.Group)
		}
	}
	// Voices first, from every admitted turn, so that a participant who
	// never spoke to a code still has a row of zeros.
	for s := range d.Sources {
		src := &d.Sources[s]
		for t := range src.Turns {
			turn := &src.Turns[t]
			if p.Admit(src, turn, turn.Utterance) {
				b.voiceOf(src, turn)
			}
		}
	}
	b.orderVoices()
	var dropped droppedCounts
	n := 0
	for _, si := range kept {
		n += len(si.Codings)
	}
	d.Codings = make([]Coding, 0, n)
	// The passages are joined once every coding is clipped, when the
	// number of each code's and theme's passages is bounded.
	sources := make([]clippedSource, len(kept))
	for s, si := range kept {
		src := &d.Sources[s]
		codings := slices.Clone(si.Codings)
		sort.SliceStable(codings, func(i, j int) bool {
			a, c := codings[i], codings[j]
			if a.Start != c.Start {
				return a.Start < c.Start
			}
			if a.End != c.End {
				return a.End < c.End
			}
			return a.Coder < c.Coder
		})
		idx := corpus.NewPositionIndex(si.Text)
		first := len(d.Codings)
		for _, ci := range codings {
			code, ok := codeIndex[ci.CodeID]
			if !ok {
				return nil, fmt.Errorf("coding %s of %s uses a code that is not in the codebook", ci.ID, src.Name)
			}
			passages, why := b.passages(src, idx, si.Text, corpus.Span{Start: ci.Start, End: ci.End})
			if len(passages) == 0 {
				dropped.add(why)
				continue
			}
			d.Codings = append(d.Codings, Coding{ID: ci.ID, Source: s, Code: code, Coder: ci.Coder, Layer: src.Layer,
				Span: corpus.Span{Start: ci.Start, End: ci.End}, Passages: passages, Stale: ci.Stale})
			src.Codings++
		}
		sources[s] = clippedSource{idx: idx, text: si.Text, first: first, last: len(d.Codings), of: codersOfSource(si)}
	}
	b.reservePassages()
	b.distinctPassages(sources)
	d.Notes = dropped.notes()
	d.Coders = codersOf(d.Codings, in.Coders)
	d.orderPassageCoders()
	d.AttributeKeys = attributeKeys(d.Voices)
	d.tally = newTally(d)
	return d, nil
}

// checkSelection names the first chosen group, source or participant that
// does not exist, with the ones that do.
func checkSelection(in Input, p Policy) error {
	var groups, sources []string
	for _, s := range in.Sources {
		if !slices.Contains(groups, s.Group) {
			groups = append(groups, s.Group)
		}
		sources = append(sources, s.Name)
	}
	var participants []string
	for _, pi := range in.Participants {
		participants = append(participants, pi.ID)
	}
	for _, c := range []struct {
		what        string
		chosen, all []string
	}{{"group", p.Groups, groups}, {"source", p.Sources, sources}, {"participant", p.Participants, participants}} {
		for _, name := range c.chosen {
			if !slices.Contains(c.all, name) {
				return fmt.Errorf("no %s %q; the project has: %s", c.what, name, listOrNone(c.all))
			}
		}
	}
	return nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	if len(quoted) > 20 {
		quoted = append(quoted[:20], fmt.Sprintf("and %d more", len(names)-20))
	}
	return strings.Join(quoted, ", ")
}

// buildCodebook copies codes and themes and links them both ways; it
// returns the index of each code by id.
func (d *Dataset) buildCodebook(in Input) map[string]int {
	d.Codes = slices.Clone(in.Codes)
	codeIndex := make(map[string]int, len(d.Codes))
	for i := range d.Codes {
		d.Codes[i].Themes = nil
		codeIndex[d.Codes[i].ID] = i
	}
	for t, ti := range in.Themes {
		th := ti.Theme
		th.Codes = nil
		for _, id := range ti.CodeIDs {
			if c, ok := codeIndex[id]; ok {
				th.Codes = append(th.Codes, c)
				d.Codes[c].Themes = append(d.Codes[c].Themes, t)
			}
		}
		sort.Slice(th.Codes, func(i, j int) bool { return d.Codes[th.Codes[i]].Path < d.Codes[th.Codes[j]].Path })
		d.Themes = append(d.Themes, th)
	}
	return codeIndex
}

type voiceKey struct{ participant, source, speaker string }

// builder holds what Build needs while it clips codings to turns.
type builder struct {
	d          *Dataset
	attrs      map[string]map[string]string
	pseudonyms map[string]string
	voices     map[voiceKey]int
	// slab is the array the codings' passages are carved from, a chunk
	// at a time.
	slab []Passage
}

// passageChunk is how many passages the builder allocates at once.
const passageChunk = 4096

// addPassage appends p to the passages of the coding being clipped, which
// start at index start of b.slab, and returns where they start now (a new
// chunk takes them along).
func (b *builder) addPassage(start int, p Passage) int {
	if len(b.slab) == cap(b.slab) {
		next := make([]Passage, 0, max(passageChunk, 2*(len(b.slab)-start)+1))
		b.slab, start = append(next, b.slab[start:]...), 0
	}
	b.slab = append(b.slab, p)
	return start
}

// voiceOf finds or adds the voice of a turn; -1 for turns without speaker.
func (b *builder) voiceOf(src *Source, t *Turn) int {
	if t.Speaker == "" && t.Participant == "" {
		return -1
	}
	k := voiceKey{participant: t.Participant}
	if t.Participant == "" {
		k = voiceKey{source: src.Name, speaker: t.Speaker}
	}
	i, ok := b.voices[k]
	if !ok {
		v := Voice{Participant: t.Participant, Moderator: t.Moderator}
		if t.Participant != "" {
			v.Label, v.Pseudonym, v.Attributes = t.Participant, b.pseudonyms[t.Participant], b.attrs[t.Participant]
		} else {
			v.Label, v.Speaker = t.Speaker+" ("+src.Name+")", t.Speaker
		}
		if v.Attributes == nil {
			v.Attributes = map[string]string{}
		}
		i = len(b.d.Voices)
		b.d.Voices = append(b.d.Voices, v)
		b.voices[k] = i
	}
	v := &b.d.Voices[i]
	if !slices.Contains(v.Sources, src.Name) {
		v.Sources = append(v.Sources, src.Name)
	}
	if !slices.Contains(v.Groups, src.Group) {
		v.Groups = append(v.Groups, src.Group)
	}
	return i
}

var participantNumber = regexp.MustCompile(`^(.*?)([0-9]+)$`)

// naturalLess orders "P2" before "P10".
func naturalLess(a, b string) bool {
	ma, mb := participantNumber.FindStringSubmatch(a), participantNumber.FindStringSubmatch(b)
	if ma != nil && mb != nil && ma[1] == mb[1] {
		na, _ := strconv.Atoi(ma[2])
		nb, _ := strconv.Atoi(mb[2])
		if na != nb {
			return na < nb
		}
	}
	return a < b
}

// orderVoices puts participants first in natural order of their ids, then
// unlinked speakers in order of appearance, and re-indexes.
func (b *builder) orderVoices() {
	order := make([]int, len(b.d.Voices))
	for i := range order {
		order[i] = i
	}
	vs := b.d.Voices
	sort.SliceStable(order, func(i, j int) bool {
		a, c := vs[order[i]], vs[order[j]]
		if (a.Participant == "") != (c.Participant == "") {
			return a.Participant != ""
		}
		if a.Participant != "" {
			return naturalLess(a.Participant, c.Participant)
		}
		return false
	})
	newIndex := make([]int, len(order))
	sorted := make([]Voice, len(order))
	for to, from := range order {
		sorted[to] = vs[from]
		newIndex[from] = to
	}
	b.d.Voices = sorted
	for k, i := range b.voices {
		b.voices[k] = newIndex[i]
	}
}

// Why a coding has no admitted passage.
const (
	droppedModerator = iota
	droppedParticipant
	droppedWithdrawn
	droppedOutsideWords
)

type droppedCounts [4]int

func (c *droppedCounts) add(why int) { c[why]++ }

func (c droppedCounts) notes() []string {
	var out []string
	if n := c[droppedModerator]; n > 0 {
		out = append(out, fmt.Sprintf("%s only moderators' words and %s left out (--include-moderators keeps them)", countOf(n, "coding covers", "codings cover"), isAre(n)))
	}
	if n := c[droppedParticipant]; n > 0 {
		out = append(out, fmt.Sprintf("%s no words of the chosen participants and %s left out", countOf(n, "coding has", "codings have"), isAre(n)))
	}
	if n := c[droppedWithdrawn]; n > 0 {
		out = append(out, fmt.Sprintf("%s only words that participants withdrew in member checking and %s left out", countOf(n, "coding covers", "codings cover"), isAre(n)))
	}
	if n := c[droppedOutsideWords]; n > 0 {
		out = append(out, fmt.Sprintf("%s only speaker labels or line ends and %s left out", countOf(n, "coding covers", "codings cover"), isAre(n)))
	}
	return out
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// passages clips a coded span to the utterances of the turns it covers and
// keeps the admitted parts; when none is left it says why.
func (b *builder) passages(src *Source, idx *corpus.PositionIndex, text string, span corpus.Span) ([]Passage, int) {
	turns := src.Turns
	k := sort.Search(len(turns), func(k int) bool { return turns[k].Utterance.End > span.Start })
	start := len(b.slab)
	why := droppedOutsideWords
	for ; k < len(turns) && turns[k].Utterance.Start < span.End; k++ {
		t := &turns[k]
		part := corpus.Span{Start: max(span.Start, t.Utterance.Start), End: min(span.End, t.Utterance.End)}
		if part.Len() <= 0 {
			continue
		}
		words, part, err := trimmedSlice(idx, text, part)
		if err != nil || words == "" {
			continue
		}
		if !b.d.Policy.Admit(src, t, part) {
			switch {
			case t.Moderator && !b.d.Policy.IncludeModerators:
				why = min(why, droppedModerator)
			case b.d.Policy.isWithdrawn(src, t, part):
				why = min(why, droppedWithdrawn)
			default:
				why = min(why, droppedParticipant)
			}
			continue
		}
		words = b.d.Policy.wording(src, text, part, words)
		start = b.addPassage(start, Passage{Turn: k, Span: part, Text: words, Voice: b.voiceOf(src, t)})
	}
	if start == len(b.slab) {
		return nil, why
	}
	return b.slab[start:len(b.slab):len(b.slab)], why
}

// trimmedSlice returns the words of a span without surrounding white space
// and the span they occupy.
func trimmedSlice(idx *corpus.PositionIndex, text string, s corpus.Span) (string, corpus.Span, error) {
	a, err := idx.ByteOffset(s.Start)
	if err != nil {
		return "", s, err
	}
	z, err := idx.ByteOffset(s.End)
	if err != nil {
		return "", s, err
	}
	words := text[a:z]
	trimmed := strings.TrimLeftFunc(words, unicode.IsSpace)
	s.Start += utf8.RuneCountInString(words[:len(words)-len(trimmed)])
	words = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	s.End -= utf8.RuneCountInString(trimmed[len(words):])
	return words, s, nil
}

// codersOf lists the coders of the codings, in the project's order, the
// consensus last.
func codersOf(codings []Coding, order []string) []string {
	seen := map[string]bool{}
	for _, c := range codings {
		seen[c.Coder] = true
	}
	var out []string
	for _, name := range order {
		if seen[name] {
			out = append(out, name)
			delete(seen, name)
		}
	}
	rest := make([]string, 0, len(seen))
	for name := range seen {
		rest = append(rest, name)
	}
	sort.Slice(rest, func(i, j int) bool {
		if (rest[i] == Consensus) != (rest[j] == Consensus) {
			return rest[j] == Consensus
		}
		return rest[i] < rest[j]
	})
	return append(out, rest...)
}

func attributeKeys(voices []Voice) []string {
	var keys []string
	for _, v := range voices {
		for k := range v.Attributes {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
