package dataset

import (
	"cmp"
	"slices"
	"sort"

	"github.com/focalqda/focal/corpus"
)

// tally counts passages per voice, group and theme once, for every table.
type tally struct {
	// cells maps (voice, group, theme) to a number of passages; voice is
	// -1 for turns without a speaker.
	cells map[cell]int
	// themeCodings counts the codings of each theme's codes.
	themeCodings []int
}

type cell struct{ voice, group, theme int }

func newTally(d *Dataset) tally {
	t := tally{cells: map[cell]int{}, themeCodings: make([]int, len(d.Themes))}
	group := make([]int, len(d.Sources))
	for s, src := range d.Sources {
		group[s] = slices.Index(d.Groups, src.Group)
	}
	for _, c := range d.Codings {
		for _, th := range d.Codes[c.Code].Themes {
			t.themeCodings[th]++
		}
	}
	for th, qs := range d.themePassages {
		for _, q := range qs {
			t.cells[cell{q.Voice, group[q.Source], th}]++
		}
	}
	return t
}

// Crosstab is a table of passages and people: rows (voices, groups or
// attribute values) by themes.
type Crosstab struct {
	// Rows label the rows.
	Rows []string
	// People counts the voices of each row (for groups and attribute
	// values); nil for a table of voices.
	People []int
	// Passages[r][t] counts the distinct passages of theme t in row r
	// (ThemePassages): the words of the row's voices marked with the
	// theme's codes, overlapping codings of one turn counted once, however
	// many coders or codes marked them.
	Passages [][]int
	// Voices[r][t] counts the distinct voices of row r with at least one
	// such passage.
	Voices [][]int
}

// ThemeByVoice counts coded passages per voice and theme (the theme
// matrix); Rows are the voices' labels.
func (d *Dataset) ThemeByVoice() Crosstab {
	x := newCrosstab(len(d.Voices), len(d.Themes))
	for v := range d.Voices {
		x.Rows[v] = d.Voices[v].Label
	}
	for k, n := range d.tally.cells {
		if k.voice >= 0 {
			x.Passages[k.voice][k.theme] += n
		}
	}
	for v := range d.Voices {
		for t := range d.Themes {
			if x.Passages[v][t] > 0 {
				x.Voices[v][t] = 1
			}
		}
	}
	return x
}

// ThemeByGroup counts coded passages and voices per group and theme.
// Passages of turns without a speaker count in Passages only.
func (d *Dataset) ThemeByGroup() Crosstab {
	x := newCrosstab(len(d.Groups), len(d.Themes))
	x.People = make([]int, len(d.Groups))
	for g, name := range d.Groups {
		x.Rows[g] = GroupName(name)
		for _, v := range d.Voices {
			if slices.Contains(v.Groups, name) {
				x.People[g]++
			}
		}
	}
	for k, n := range d.tally.cells {
		x.Passages[k.group][k.theme] += n
		if k.voice >= 0 {
			x.Voices[k.group][k.theme]++
		}
	}
	return x
}

// NotSet labels the row of voices without a value of an attribute.
const NotSet = "(not set)"

// ThemeByAttribute counts coded passages and voices per value of one
// participant attribute and theme. Voices without the attribute (unlinked
// speakers among them) form a last row, NotSet, when there are any.
func (d *Dataset) ThemeByAttribute(key string) Crosstab {
	var values []string
	missing := false
	for _, v := range d.Voices {
		val, ok := v.Attributes[key]
		if !ok || val == "" {
			missing = true
			continue
		}
		if !slices.Contains(values, val) {
			values = append(values, val)
		}
	}
	sort.Slice(values, func(i, j int) bool { return naturalLess(values[i], values[j]) })
	if missing {
		values = append(values, NotSet)
	}
	row := make([]int, len(d.Voices))
	x := newCrosstab(len(values), len(d.Themes))
	x.People = make([]int, len(values))
	copy(x.Rows, values)
	for v, voice := range d.Voices {
		val := voice.Attributes[key]
		if val == "" {
			val = NotSet
		}
		row[v] = slices.Index(values, val)
		x.People[row[v]]++
	}
	perVoice := d.ThemeByVoice()
	for v := range d.Voices {
		for t := range d.Themes {
			x.Passages[row[v]][t] += perVoice.Passages[v][t]
			x.Voices[row[v]][t] += perVoice.Voices[v][t]
		}
	}
	return x
}

func newCrosstab(rows, cols int) Crosstab {
	x := Crosstab{Rows: make([]string, rows), Passages: make([][]int, rows), Voices: make([][]int, rows)}
	for r := range rows {
		x.Passages[r] = make([]int, cols)
		x.Voices[r] = make([]int, cols)
	}
	return x
}

// ThemeSupport says how much of the data a theme rests on.
type ThemeSupport struct {
	// Codings counts the codings of the theme's codes: each coder's marks.
	Codings int
	// Passages counts its distinct passages (ThemePassages).
	Passages int
	// FromCoders counts the passages read from several coders' codings (no
	// consensus), and ByEveryCoder those of them every coder of their
	// source marked.
	FromCoders, ByEveryCoder int
	// Participants counts the voices with at least one passage: linked
	// participants and unlinked speakers.
	Participants int
	Groups       int
	Sources      int
}

// Support counts, per theme, the codings, passages, voices, groups and
// sources behind it.
func (d *Dataset) Support() []ThemeSupport {
	out := make([]ThemeSupport, len(d.Themes))
	voices := make([]map[int]bool, len(d.Themes))
	groups := make([]map[int]bool, len(d.Themes))
	for t := range d.Themes {
		out[t].Codings = d.tally.themeCodings[t]
		voices[t], groups[t] = map[int]bool{}, map[int]bool{}
	}
	for k, n := range d.tally.cells {
		out[k.theme].Passages += n
		if k.voice >= 0 {
			voices[k.theme][k.voice] = true
		}
		groups[k.theme][k.group] = true
	}
	sources := make([]map[int]bool, len(d.Themes))
	for t, qs := range d.themePassages {
		sources[t] = map[int]bool{}
		for _, q := range qs {
			sources[t][q.Source] = true
			if q.Of >= 2 {
				out[t].FromCoders++
				if q.ByEveryCoder() {
					out[t].ByEveryCoder++
				}
			}
		}
	}
	for t := range d.Themes {
		out[t].Participants, out[t].Groups, out[t].Sources = len(voices[t]), len(groups[t]), len(sources[t])
	}
	return out
}

// CodeFrequency counts one code's exported codings (each coder's marks),
// its distinct passages (CodePassages) and the voices they come from.
type CodeFrequency struct {
	Code         int
	Codings      int
	Passages     int
	Participants int
}

// CodeFrequencies counts every code with at least one exported coding,
// most passages first (then most codings).
func (d *Dataset) CodeFrequencies() []CodeFrequency {
	byCode := map[int]*CodeFrequency{}
	voices := map[int]map[int]bool{}
	for _, c := range d.Codings {
		f := byCode[c.Code]
		if f == nil {
			f = &CodeFrequency{Code: c.Code}
			byCode[c.Code] = f
			voices[c.Code] = map[int]bool{}
		}
		f.Codings++
		f.Passages = len(d.codePassages[c.Code])
		for _, p := range c.Passages {
			if p.Voice >= 0 {
				voices[c.Code][p.Voice] = true
			}
		}
	}
	out := make([]CodeFrequency, 0, len(byCode))
	for code, f := range byCode {
		f.Participants = len(voices[code])
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b CodeFrequency) int {
		if c := cmp.Compare(b.Passages, a.Passages); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Codings, a.Codings); c != 0 {
			return c
		}
		return cmp.Compare(d.Codes[a.Code].Path, d.Codes[b.Code].Path)
	})
	return out
}

// CoOccurrence counts how often two codes were applied to overlapping
// words by the same coder.
type CoOccurrence struct {
	// A and B are indices into Dataset.Codes, A's path before B's.
	A, B int
	// Overlaps counts pairs of codings (one of each code, same coder, same
	// source) whose exported passages overlap.
	Overlaps int
	// Sources counts the sources where they do.
	Sources int
}

// CoOccurrences lists every pair of codes whose codings overlap, most
// frequent first. Codings of different coders are not compared: under
// --coder all each coder's codings are paired with their own only.
func (d *Dataset) CoOccurrences() []CoOccurrence {
	type pair struct{ a, b int }
	counts := map[pair]int{}
	sources := map[pair]map[int]bool{}
	// Codings are ordered by source, then start; sweep each source's
	// codings per coder keeping those still open.
	for lo := 0; lo < len(d.Codings); {
		hi := lo
		for hi < len(d.Codings) && d.Codings[hi].Source == d.Codings[lo].Source {
			hi++
		}
		byCoder := map[string][]int{}
		for i := lo; i < hi; i++ {
			byCoder[d.Codings[i].Coder] = append(byCoder[d.Codings[i].Coder], i)
		}
		for _, list := range byCoder {
			slices.SortStableFunc(list, func(a, b int) int {
				return cmp.Compare(d.Codings[a].Passages[0].Span.Start, d.Codings[b].Passages[0].Span.Start)
			})
			var open []int
			for _, i := range list {
				ci := &d.Codings[i]
				start := ci.Passages[0].Span.Start
				kept := open[:0]
				for _, j := range open {
					if last(d.Codings[j].Passages).Span.End > start {
						kept = append(kept, j)
					}
				}
				open = kept
				for _, j := range open {
					cj := &d.Codings[j]
					if cj.Code == ci.Code || !passagesOverlap(ci.Passages, cj.Passages) {
						continue
					}
					p := pair{ci.Code, cj.Code}
					if d.Codes[p.b].Path < d.Codes[p.a].Path {
						p.a, p.b = p.b, p.a
					}
					counts[p]++
					if sources[p] == nil {
						sources[p] = map[int]bool{}
					}
					sources[p][ci.Source] = true
				}
				open = append(open, i)
			}
		}
		lo = hi
	}
	out := make([]CoOccurrence, 0, len(counts))
	for p, n := range counts {
		out = append(out, CoOccurrence{A: p.a, B: p.b, Overlaps: n, Sources: len(sources[p])})
	}
	slices.SortFunc(out, func(x, y CoOccurrence) int {
		if c := cmp.Compare(y.Overlaps, x.Overlaps); c != 0 {
			return c
		}
		if c := cmp.Compare(d.Codes[x.A].Path, d.Codes[y.A].Path); c != 0 {
			return c
		}
		return cmp.Compare(d.Codes[x.B].Path, d.Codes[y.B].Path)
	})
	return out
}

func last(ps []Passage) Passage { return ps[len(ps)-1] }

func passagesOverlap(a, b []Passage) bool {
	for _, p := range a {
		for _, q := range b {
			if p.Span.Overlaps(q.Span) {
				return true
			}
		}
	}
	return false
}

// Quote is a distinct passage as it appears in a framework cell or a
// report: the words once, with every code and coder that marked them (see
// ThemePassages).
type Quote struct {
	Source int
	Turn   int // index into Source.Turns
	Voice  int
	// Span covers the passage: the union of the overlapping codings' words.
	Span corpus.Span
	Text string
	// Codes (by path) and Coders marked the passage; Codings counts their
	// codings in it.
	Codes   []int
	Coders  []string
	Codings int
	// Of is the number of coders of the source when it is read from
	// several coders' codings (no consensus), 0 otherwise: the passage is
	// "coded by len(Coders) of Of coders".
	Of int
	// joined is set when the passage's words join several codings'.
	joined bool
}

// Framework gathers, per voice and theme, the voice's distinct passages
// of the theme (ThemePassages) in transcript order: words marked by several
// codes or coders appear once.
func (d *Dataset) Framework() [][][]Quote {
	out := make([][][]Quote, len(d.Voices))
	for v := range out {
		out[v] = make([][]Quote, len(d.Themes))
	}
	for th, qs := range d.themePassages {
		for _, q := range qs {
			if q.Voice >= 0 {
				out[q.Voice][th] = append(out[q.Voice][th], q)
			}
		}
	}
	return out
}

// Exemplars chooses up to n quotes for a theme: from as many different
// voices and groups as there are, preferring quotes of a readable length
// (between 60 and 400 characters) and those more coders agreed on. The
// choice is deterministic.
func (d *Dataset) Exemplars(theme, n int) []Quote {
	type candidate struct {
		q        *Quote
		i, score int
	}
	qs := d.themePassages[theme]
	cands := make([]candidate, 0, len(qs))
	for i := range qs {
		q := &qs[i]
		c := candidate{q: q, i: i}
		length := q.Span.Len()
		switch {
		case length >= 60 && length <= 400:
			c.score = 100
		case length > 400:
			c.score = 50
		default:
			c.score = length / 2
		}
		c.score += 10 * len(q.Coders)
		if slices.Contains(q.Coders, Consensus) {
			c.score += 40
		}
		cands = append(cands, c)
	}
	// Highest score first; equal scores in transcript order.
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	var chosen []Quote
	usedVoice, usedGroup := map[int]bool{}, map[string]bool{}
	// Pass 1: new voice and new group; pass 2: new voice; pass 3: anything.
	for pass := range 3 {
		for _, c := range cands {
			if len(chosen) == n {
				break
			}
			group := d.Sources[c.q.Source].Group
			if slices.ContainsFunc(chosen, func(q Quote) bool { return q.Source == c.q.Source && q.Span == c.q.Span }) {
				continue
			}
			if pass < 2 && c.q.Voice >= 0 && usedVoice[c.q.Voice] {
				continue
			}
			if pass < 1 && usedGroup[group] {
				continue
			}
			chosen = append(chosen, *c.q)
			usedVoice[c.q.Voice], usedGroup[group] = true, true
		}
	}
	slices.SortStableFunc(chosen, func(a, b Quote) int {
		if c := cmp.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		return cmp.Compare(a.Span.Start, b.Span.Start)
	})
	return chosen
}

// PresenceRow is one unit of a code-presence matrix: Codes[i] tells
// whether code i (an index into Dataset.Codes) was applied in the unit.
type PresenceRow struct {
	Source int // -1 for a participant unit
	Turn   int // index into Source.Turns; -1 for a participant unit
	Voice  int
	Codes  []bool
}

// PresenceByTurn calls fn for every admitted turn of the selected sources,
// in order, with the codes applied to it (by any coder of the layer).
// The row's Codes slice is reused between calls.
func (d *Dataset) PresenceByTurn(fn func(PresenceRow) error) error {
	applied := make(map[[2]int][]int) // (source, turn) → codes
	for _, c := range d.Codings {
		for _, p := range c.Passages {
			k := [2]int{c.Source, p.Turn}
			applied[k] = append(applied[k], c.Code)
		}
	}
	row := PresenceRow{Codes: make([]bool, len(d.Codes))}
	voices := d.voiceIndex()
	for s := range d.Sources {
		src := &d.Sources[s]
		for t := range src.Turns {
			turn := &src.Turns[t]
			if !d.Policy.Admit(src, turn, turn.Utterance) {
				continue
			}
			clear(row.Codes)
			for _, code := range applied[[2]int{s, t}] {
				row.Codes[code] = true
			}
			row.Source, row.Turn, row.Voice = s, t, voices.of(src, turn)
			if err := fn(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// PresenceByVoice calls fn for every voice, in order, with the codes
// applied to any of their passages.
func (d *Dataset) PresenceByVoice(fn func(PresenceRow) error) error {
	applied := make([][]bool, len(d.Voices))
	for v := range applied {
		applied[v] = make([]bool, len(d.Codes))
	}
	for _, c := range d.Codings {
		for _, p := range c.Passages {
			if p.Voice >= 0 {
				applied[p.Voice][c.Code] = true
			}
		}
	}
	for v := range d.Voices {
		if err := fn(PresenceRow{Source: -1, Turn: -1, Voice: v, Codes: applied[v]}); err != nil {
			return err
		}
	}
	return nil
}

// voiceIndex finds the voice of a turn after Build.
type voiceIndex map[voiceKey]int

func (d *Dataset) voiceIndex() voiceIndex {
	vi := voiceIndex{}
	for i, v := range d.Voices {
		if v.Participant != "" {
			vi[voiceKey{participant: v.Participant}] = i
			continue
		}
		for _, s := range v.Sources {
			vi[voiceKey{source: s, speaker: v.Speaker}] = i
		}
	}
	return vi
}

func (vi voiceIndex) of(src *Source, t *Turn) int {
	if t.Participant != "" {
		if i, ok := vi[voiceKey{participant: t.Participant}]; ok {
			return i
		}
		return -1
	}
	if i, ok := vi[voiceKey{source: src.Name, speaker: t.Speaker}]; ok {
		return i
	}
	return -1
}
