package agree

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open range [Start, End) of positions (code points) in a
// source's text. It has the same fields as corpus.Span and converts to and
// from it directly.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of positions in the span.
func (s Span) Len() int { return s.End - s.Start }

// backwards is the error for a span that ends before it starts; what says
// whose span it is.
func backwards(s Span, what string) error {
	return fmt.Errorf("%s [%d, %d) ends before it starts", what, s.Start, s.End)
}

// normalise sorts spans and merges those that overlap or touch, dropping
// empty ones. It works in place and returns the shortened slice.
func normalise(spans []Span) []Span {
	if !slices.IsSortedFunc(spans, compareStart) {
		slices.SortFunc(spans, compareStart)
	}
	out := spans[:0]
	for _, s := range spans {
		if s.Start >= s.End {
			continue
		}
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

func compareStart(a, b Span) int { return cmp.Compare(a.Start, b.Start) }

// Blanks records which positions of a source are white space, as a sorted
// list of runs, so that "does this range hold any non-space character?" is
// answered by two binary searches instead of a walk over the text. The zero
// value means no position is blank.
type Blanks struct {
	runs []Span
	// before[i] is the number of blank positions in runs[:i].
	before []int
}

// NewBlanks records the given runs of blank positions, in any order;
// overlapping or touching runs are merged.
func NewBlanks(runs []Span) (Blanks, error) {
	for _, s := range runs {
		if s.Start > s.End {
			return Blanks{}, backwards(s, "blank run")
		}
	}
	merged := normalise(slices.Clone(runs))
	b := Blanks{runs: merged, before: make([]int, len(merged))}
	total := 0
	for i, s := range merged {
		b.before[i] = total
		total += s.Len()
	}
	return b, nil
}

// BlankRunes records the white space (unicode.IsSpace) of text, with
// positions counted in code points as everywhere in Focal.
func BlankRunes(text string) Blanks {
	// Count the runs first, so that the two slices are allocated once.
	runs, inRun := 0, false
	for i := 0; i < len(text); {
		// ASCII, most of a transcript, is told here rather than in a call
		// for every byte.
		c, space, size := text[i], false, 1
		if c < utf8.RuneSelf {
			space = c == ' ' || c-'\t' <= '\r'-'\t'
		} else {
			space, size = blankAt(text, i)
		}
		if space && !inRun {
			runs++
		}
		inRun = space
		i += size
	}
	b := Blanks{runs: make([]Span, 0, runs), before: make([]int, 0, runs)}
	position, total := 0, 0
	inRun = false
	for i := 0; i < len(text); {
		c, space, size := text[i], false, 1
		if c < utf8.RuneSelf {
			space = c == ' ' || c-'\t' <= '\r'-'\t'
		} else {
			space, size = blankAt(text, i)
		}
		if space {
			if inRun {
				b.runs[len(b.runs)-1].End++
			} else {
				b.runs = append(b.runs, Span{position, position + 1})
				b.before = append(b.before, total)
			}
			total++
			inRun = true
		} else {
			inRun = false
		}
		position++
		i += size
	}
	return b
}

// blankAt reports whether the code point at byte i of text is white space
// (unicode.IsSpace) and how many bytes it takes. ASCII, most of a
// transcript, is told without decoding; a byte that is not UTF-8 counts as
// one position, as ranging over a string counts it.
func blankAt(text string, i int) (space bool, size int) {
	if c := text[i]; c < utf8.RuneSelf {
		return c == ' ' || c-'\t' <= '\r'-'\t', 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	return unicode.IsSpace(r), size
}

// blankBefore is the number of blank positions less than x.
func (b Blanks) blankBefore(x int) int {
	// lo becomes the number of runs that start before x.
	lo, hi := 0, len(b.runs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if b.runs[mid].Start < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return 0
	}
	r := b.runs[lo-1]
	return b.before[lo-1] + min(x, r.End) - r.Start
}

// NonBlank is the number of positions in s that are not blank.
func (b Blanks) NonBlank(s Span) int {
	if s.End <= s.Start {
		return 0
	}
	return s.Len() - (b.blankBefore(s.End) - b.blankBefore(s.Start))
}

// UnitLayout is how one source is divided into units of analysis, together
// with its white space. Build it once per source and unit kind, then call
// Presence once per code.
type UnitLayout struct {
	blanks Blanks
	// perCharacter: every non-blank position in within is a unit.
	perCharacter bool
	within       []Span
	// Span units: pieces of units sorted by position, and per unit whether
	// it holds no non-blank position.
	pieces    []unitPiece
	unitBlank []bool
	// counted and blank are the numbers of units that count and of units
	// left out for holding only white space.
	counted, blank int64
}

type unitPiece struct {
	Span
	unit int
}

// CharacterUnits makes every position inside the within spans a unit of
// its own (character units), without listing them: Presence counts runs of
// characters in bulk. Blank positions are left out of the units (a space
// carries no judgement), as are positions outside within (for example
// speaker labels).
func CharacterUnits(blanks Blanks, within ...Span) (UnitLayout, error) {
	for _, s := range within {
		if s.Start > s.End {
			return UnitLayout{}, backwards(s, "character range")
		}
	}
	l := UnitLayout{blanks: blanks, perCharacter: true, within: normalise(slices.Clone(within))}
	for _, s := range l.within {
		n := int64(blanks.NonBlank(s))
		l.counted += n
		l.blank += int64(s.Len()) - n
	}
	return l, nil
}

// SpanUnits makes each entry of units one unit (a word, sentence or turn):
// the union of its spans, which need not be contiguous (a turn without its
// speaker label, say). Units must not share positions; positions in no unit
// are ignored. A unit that holds only white space is left out of the
// statistics and counted as blank.
func SpanUnits(blanks Blanks, units [][]Span) (UnitLayout, error) {
	l := UnitLayout{blanks: blanks, unitBlank: make([]bool, len(units))}
	for u, spans := range units {
		for _, s := range spans {
			if s.Start > s.End {
				return UnitLayout{}, backwards(s, fmt.Sprintf("unit %d's span", u+1))
			}
		}
		own := normalise(slices.Clone(spans))
		nonBlank := 0
		for _, s := range own {
			l.pieces = append(l.pieces, unitPiece{s, u})
			nonBlank += blanks.NonBlank(s)
		}
		l.unitBlank[u] = nonBlank == 0
		if nonBlank == 0 {
			l.blank++
		} else {
			l.counted++
		}
	}
	if !slices.IsSortedFunc(l.pieces, comparePiece) {
		slices.SortFunc(l.pieces, comparePiece)
	}
	for i := 1; i < len(l.pieces); i++ {
		a, b := l.pieces[i-1], l.pieces[i]
		if b.Start < a.End {
			return UnitLayout{}, fmt.Errorf("units %d and %d share positions [%d, %d): units must not overlap", a.unit+1, b.unit+1, b.Start, min(a.End, b.End))
		}
	}
	return l, nil
}

func comparePiece(a, b unitPiece) int { return cmp.Compare(a.Start, b.Start) }

// Units is the number of units that count (those with a non-blank position).
func (l UnitLayout) Units() int64 { return l.counted }

// BlankUnits is the number of units left out for holding only white space
// (for character units: the white space characters in the ranges).
func (l UnitLayout) BlankUnits() int64 { return l.blank }

// Presence says, for one code in one source, which coders applied the code
// to which units. A coder applied the code to a unit when the union of the
// coder's codings covers at least one non-blank position of the unit;
// several overlapping codings by one coder count once.
type Presence struct {
	// Coders is the number of coders compared (bit c of a mask is coder c).
	Coders int `json:"coders"`
	// Units is the number of units that count.
	Units int64 `json:"units"`
	// BlankUnits is the number of units left out for holding only white
	// space.
	BlankUnits int64 `json:"blank_units"`
	// Patterns gives, for each set of coders that occurs, how many units
	// exactly those coders applied the code to. Sorted by mask; their Units
	// add up to Units.
	Patterns []Pattern `json:"patterns"`
	// PerUnit is, for span units only, each unit's presence in the order the
	// units were given; nil for character units.
	PerUnit []UnitPresence `json:"per_unit,omitempty"`
}

// Pattern is one set of coders (bit c for coder c) and how many units
// exactly those coders applied the code to.
type Pattern struct {
	Applied uint64 `json:"applied"`
	Units   int64  `json:"units"`
}

// UnitPresence is one unit's presence: bit c of Applied is set when coder
// c applied the code; Blank units hold only white space and do not count.
type UnitPresence struct {
	Applied uint64 `json:"applied"`
	Blank   bool   `json:"blank,omitempty"`
}

// maxCoders is the number of coders a presence mask can hold.
const maxCoders = 64

// Presence computes which coders applied one code to which units, from
// codings[c], the spans coder c coded with that code in this source (in
// any order, possibly overlapping). The work grows with the number of
// codings and units, not with the length of the text.
func (l UnitLayout) Presence(codings [][]Span) (Presence, error) {
	coders := len(codings)
	if coders < 1 || coders > maxCoders {
		return Presence{}, fmt.Errorf("presence needs between 1 and %d coders, got %d", maxCoders, coders)
	}
	coverage := make([][]Span, coders)
	for c, spans := range codings {
		for _, s := range spans {
			if s.Start > s.End {
				return Presence{}, backwards(s, fmt.Sprintf("coder %d's coding", c+1))
			}
		}
		coverage[c] = normalise(slices.Clone(spans))
	}
	p := Presence{Coders: coders, Units: l.counted, BlankUnits: l.blank}
	if l.perCharacter {
		p.Patterns = l.characterPatterns(coverage)
	} else {
		p.PerUnit, p.Patterns = l.spanPresence(coverage)
	}
	return p, nil
}

// characterPatterns sweeps the elementary intervals between consecutive
// ends of the coders' coverage: inside one, every position is covered by
// the same coders, so all its non-blank positions inside the character
// ranges are units with the same pattern, counted at once. Positions no
// coder covered are not visited: they are the remaining units.
func (l UnitLayout) characterPatterns(coverage [][]Span) []Pattern {
	t := tally{coders: len(coverage)}
	covered := l.sweepCoverage(coverage, 0, &t)
	t.add(0, l.counted-covered)
	return t.patterns()
}

// sweepCoverage walks the elementary intervals between consecutive ends
// of the coders' coverage (each coder's spans sorted and disjoint). Inside
// one interval every position is covered by the same coders, so its
// non-blank positions inside the character ranges (l.within, from range w
// on) are units with that coverage mask, added to t at once. Intervals no
// coder covered are skipped. It returns the number of units added.
func (l UnitLayout) sweepCoverage(coverage [][]Span, w int, t *tally) int64 {
	size := 0
	for _, spans := range coverage {
		size += 2 * len(spans)
	}
	boundaries := make([]int, 0, size)
	for _, spans := range coverage {
		for _, s := range spans {
			boundaries = append(boundaries, s.Start, s.End)
		}
	}
	slices.Sort(boundaries)
	boundaries = slices.Compact(boundaries)

	next := make([]int, len(coverage)) // per coder: first span not yet passed
	var covered int64
	for i := 0; i+1 < len(boundaries); i++ {
		x, y := boundaries[i], boundaries[i+1]
		var mask uint64
		for c, spans := range coverage {
			k := next[c]
			for k < len(spans) && spans[k].End <= x {
				k++
			}
			next[c] = k
			if k < len(spans) && spans[k].Start <= x {
				mask |= 1 << c
			}
		}
		if mask == 0 {
			continue
		}
		for w < len(l.within) && l.within[w].End <= x {
			w++
		}
		var n int64
		for k := w; k < len(l.within) && l.within[k].Start < y; k++ {
			n += int64(l.blanks.NonBlank(Span{max(x, l.within[k].Start), min(y, l.within[k].End)}))
		}
		t.add(mask, n)
		covered += n
	}
	return covered
}

// spanPresence marks, for each coder and each span of the coder's
// coverage, the units whose pieces it meets at a non-blank position. Only
// pieces that overlap coverage are looked at.
func (l UnitLayout) spanPresence(coverage [][]Span) ([]UnitPresence, []Pattern) {
	per := make([]UnitPresence, len(l.unitBlank))
	for c, spans := range coverage {
		bit := uint64(1) << c
		for _, s := range spans {
			// First piece that ends after the span starts.
			i, _ := slices.BinarySearchFunc(l.pieces, s.Start, func(p unitPiece, x int) int {
				if p.End <= x {
					return -1
				}
				return 1
			})
			for ; i < len(l.pieces) && l.pieces[i].Start < s.End; i++ {
				piece := l.pieces[i]
				if per[piece.unit].Applied&bit != 0 || l.unitBlank[piece.unit] {
					continue
				}
				shared := Span{max(s.Start, piece.Start), min(s.End, piece.End)}
				if l.blanks.NonBlank(shared) > 0 {
					per[piece.unit].Applied |= bit
				}
			}
		}
	}
	t := tally{coders: len(coverage)}
	for u := range per {
		if l.unitBlank[u] {
			per[u].Blank = true
			continue
		}
		t.add(per[u].Applied, 1)
	}
	return per, t.patterns()
}

// smallTally is the number of coders up to which units are tallied in an
// array indexed by pattern rather than by sorting.
const smallTally = 8

// tally adds up units per coverage pattern.
type tally struct {
	coders int
	small  [1 << smallTally]int64
	large  []Pattern
}

func (t *tally) add(mask uint64, units int64) {
	if units == 0 {
		return
	}
	if t.coders <= smallTally {
		t.small[mask] += units
		return
	}
	t.large = append(t.large, Pattern{Applied: mask, Units: units})
}

// patterns lists the tallied patterns by ascending mask.
func (t *tally) patterns() []Pattern {
	if t.coders <= smallTally {
		var out []Pattern
		for mask, units := range t.small[:1<<t.coders] {
			if units > 0 {
				out = append(out, Pattern{Applied: uint64(mask), Units: units})
			}
		}
		return out
	}
	slices.SortFunc(t.large, func(a, b Pattern) int { return cmp.Compare(a.Applied, b.Applied) })
	out := t.large[:0]
	for _, f := range t.large {
		if n := len(out); n > 0 && out[n-1].Applied == f.Applied {
			out[n-1].Units += f.Units
			continue
		}
		out = append(out, f)
	}
	return slices.Clip(out)
}

// Pair is the 2 × 2 table of coders a and b (0-based, below Coders) over
// the units.
func (p Presence) Pair(a, b int) PairCounts {
	var pc PairCounts
	for _, pat := range p.Patterns {
		inA, inB := pat.Applied&(1<<a) != 0, pat.Applied&(1<<b) != 0
		switch {
		case inA && inB:
			pc.Both += pat.Units
		case inA:
			pc.OnlyA += pat.Units
		case inB:
			pc.OnlyB += pat.Units
		default:
			pc.Neither += pat.Units
		}
	}
	return pc
}

// CountTable is the values-by-units table of the presence data with
// categories 0 (not applied) and 1 (applied): units are grouped by how many
// coders applied the code, which is all that the multi-coder statistics
// need. Every coder rates every unit, so nothing is missing.
func (p Presence) CountTable() CountTable {
	byApplied := make([]int64, p.Coders+1)
	for _, pat := range p.Patterns {
		byApplied[bits.OnesCount64(pat.Applied)] += pat.Units
	}
	c := CountTable{Categories: []float64{0, 1}, Rows: make([]CountRow, 0, len(byApplied))}
	flat := make([]int, 2*len(byApplied))
	for m, units := range byApplied {
		if units > 0 {
			counts := flat[2*m : 2*m+2 : 2*m+2]
			counts[0], counts[1] = p.Coders-m, m
			c.Rows = append(c.Rows, CountRow{ByCategory: counts, Units: units})
		}
	}
	return c
}

// Ratings is the presence data as reliability data: one row per pattern,
// value 1 for the coders who applied the code and 0 for the others, with
// declared categories 0 and 1.
func (p Presence) Ratings() Ratings {
	r := Ratings{Coders: p.Coders, Categories: []float64{0, 1}, Rows: make([]RatingRow, len(p.Patterns))}
	for i, pat := range p.Patterns {
		values := make([]float64, p.Coders)
		for c := range values {
			if pat.Applied&(1<<c) != 0 {
				values[c] = 1
			}
		}
		r.Rows[i] = RatingRow{Values: values, Units: pat.Units}
	}
	return r
}

// PresenceByPart is Presence split into parts: parts are sorted spans that
// do not overlap (the turns of a source, say), and the result holds one
// Presence per part with the units of the layout inside it: for character
// units the positions inside the part, for span units those whose first
// piece starts inside it (a unit starting in no part is not counted). The
// cluster bootstrap resamples such parts. PerUnit is not filled in.
func (l UnitLayout) PresenceByPart(codings [][]Span, parts []Span) ([]Presence, error) {
	coders := len(codings)
	if coders < 1 || coders > maxCoders {
		return nil, fmt.Errorf("presence needs between 1 and %d coders, got %d", maxCoders, coders)
	}
	for i := 1; i < len(parts); i++ {
		if parts[i].Start < parts[i-1].End {
			return nil, fmt.Errorf("parts [%d, %d) and [%d, %d) overlap or are out of order", parts[i-1].Start, parts[i-1].End, parts[i].Start, parts[i].End)
		}
	}
	coverage := make([][]Span, coders)
	for c, spans := range codings {
		for _, s := range spans {
			if s.Start > s.End {
				return nil, backwards(s, fmt.Sprintf("coder %d's coding", c+1))
			}
		}
		coverage[c] = normalise(slices.Clone(spans))
	}
	out := make([]Presence, len(parts))
	if !l.perCharacter {
		per, _ := l.spanPresence(coverage)
		// first[u] is where unit u starts (pieces are sorted by start);
		// placed[u] is false for a unit with no positions at all.
		first := make([]int, len(per))
		placed := make([]bool, len(per))
		for _, piece := range l.pieces {
			if !placed[piece.unit] {
				first[piece.unit], placed[piece.unit] = piece.Start, true
			}
		}
		type applied struct {
			part int
			mask uint64
		}
		var found []applied
		for u, up := range per {
			k, ok := partOf(parts, first[u])
			if !ok || !placed[u] {
				continue // in no part, or no positions at all
			}
			if up.Blank {
				out[k].BlankUnits++
				continue
			}
			out[k].Units++
			if up.Applied != 0 {
				found = append(found, applied{k, up.Applied})
			}
		}
		slices.SortFunc(found, func(a, b applied) int { return cmp.Or(cmp.Compare(a.part, b.part), cmp.Compare(a.mask, b.mask)) })
		for k := range out {
			out[k].Coders = coders
		}
		for i := 0; i < len(found); {
			k := found[i].part
			var patterns []Pattern
			var appliedUnits int64
			for ; i < len(found) && found[i].part == k; i++ {
				if n := len(patterns); n > 0 && patterns[n-1].Applied == found[i].mask {
					patterns[n-1].Units++
				} else {
					patterns = append(patterns, Pattern{Applied: found[i].mask, Units: 1})
				}
				appliedUnits++
			}
			if rest := out[k].Units - appliedUnits; rest > 0 {
				patterns = append([]Pattern{{Applied: 0, Units: rest}}, patterns...)
			}
			out[k].Patterns = patterns
		}
		for k := range out {
			if out[k].Patterns == nil && out[k].Units > 0 {
				out[k].Patterns = []Pattern{{Applied: 0, Units: out[k].Units}}
			}
		}
		return out, nil
	}
	clipped := make([][]Span, coders)
	for k, part := range parts {
		for c, spans := range coverage {
			i, _ := slices.BinarySearchFunc(spans, part.Start, func(s Span, x int) int {
				if s.End <= x {
					return -1
				}
				return 1
			})
			clipped[c] = clipped[c][:0]
			for ; i < len(spans) && spans[i].Start < part.End; i++ {
				clipped[c] = append(clipped[c], Span{max(spans[i].Start, part.Start), min(spans[i].End, part.End)})
			}
		}
		out[k] = l.windowPresence(clipped, part)
	}
	return out, nil
}

// partOf finds the part that holds position x.
func partOf(parts []Span, x int) (int, bool) {
	i, _ := slices.BinarySearchFunc(parts, x, func(s Span, x int) int {
		if s.End <= x {
			return -1
		}
		return 1
	})
	return i, i < len(parts) && parts[i].Start <= x && x < parts[i].End
}

// windowPresence is the character presence of the positions inside
// window, from coverage already clipped to it: the sweep of
// sweepCoverage over one window.
func (l UnitLayout) windowPresence(coverage [][]Span, window Span) Presence {
	p := Presence{Coders: len(coverage)}
	w, _ := slices.BinarySearchFunc(l.within, window.Start, func(s Span, x int) int {
		if s.End <= x {
			return -1
		}
		return 1
	})
	for k := w; k < len(l.within) && l.within[k].Start < window.End; k++ {
		s := Span{max(window.Start, l.within[k].Start), min(window.End, l.within[k].End)}
		n := int64(l.blanks.NonBlank(s))
		p.Units += n
		p.BlankUnits += int64(s.Len()) - n
	}
	t := tally{coders: len(coverage)}
	covered := l.sweepCoverage(coverage, w, &t)
	t.add(0, p.Units-covered)
	p.Patterns = t.patterns()
	return p
}

// Counts is Presence without PerUnit: the same Patterns, Units and
// BlankUnits, with memory in proportion to the codings rather than to the
// units (for span units Presence keeps one entry per unit).
func (l UnitLayout) Counts(codings [][]Span) (Presence, error) {
	if l.perCharacter {
		return l.Presence(codings)
	}
	coders := len(codings)
	if coders < 1 || coders > maxCoders {
		return Presence{}, fmt.Errorf("presence needs between 1 and %d coders, got %d", maxCoders, coders)
	}
	type mark struct {
		unit int
		bit  uint64
	}
	var marks []mark
	for c, spans := range codings {
		for _, s := range spans {
			if s.Start > s.End {
				return Presence{}, backwards(s, fmt.Sprintf("coder %d's coding", c+1))
			}
		}
		bit := uint64(1) << c
		var spansSorted []Span
		if slices.IsSortedFunc(spans, compareStart) {
			spansSorted = spans
		} else {
			spansSorted = slices.SortedFunc(slices.Values(spans), compareStart)
		}
		// Walk the coder's codings (overlapping ones included) against the
		// pieces; a unit met twice is marked twice and merged below.
		for _, s := range spansSorted {
			if s.Start >= s.End {
				continue
			}
			i, _ := slices.BinarySearchFunc(l.pieces, s.Start, func(p unitPiece, x int) int {
				if p.End <= x {
					return -1
				}
				return 1
			})
			for ; i < len(l.pieces) && l.pieces[i].Start < s.End; i++ {
				piece := l.pieces[i]
				if l.unitBlank[piece.unit] {
					continue
				}
				if l.blanks.NonBlank(Span{max(s.Start, piece.Start), min(s.End, piece.End)}) > 0 {
					marks = append(marks, mark{piece.unit, bit})
				}
			}
		}
	}
	slices.SortFunc(marks, func(a, b mark) int { return cmp.Compare(a.unit, b.unit) })
	t := tally{coders: coders}
	var applied int64
	for i := 0; i < len(marks); {
		u := marks[i].unit
		var mask uint64
		for ; i < len(marks) && marks[i].unit == u; i++ {
			mask |= marks[i].bit
		}
		t.add(mask, 1)
		applied++
	}
	t.add(0, l.counted-applied)
	return Presence{Coders: coders, Units: l.counted, BlankUnits: l.blank, Patterns: t.patterns()}, nil
}
