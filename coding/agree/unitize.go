package agree

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
)

// This file holds Krippendorff's alpha family for unitizing (free
// segmentation of a continuum): coders mark stretches of a text with values
// (the codes of a domain) and leave the rest unmarked, and the coefficients
// compare where and how they marked it. The definitions follow Krippendorff
// (2019, Content Analysis, 4th ed., § 12.6) and Krippendorff, Mathet,
// Bouvry & Widlöcher (2016, Quality & Quantity 50). docs/AGREEMENT.md
// explains them in words.
//
// Notation. m coders; L positions (code points) in the continuum; a
// section is one coder's unit (a marked stretch with a value c) or one of
// their gaps (an unmarked stretch, value ∅). For values c and k:
//
//	ℓ_ck = 1/(m−1) · Σ_{i≠j} Σ_g Σ_h |S_ig(c) ∩ S_jh(k)|   observed coincidences
//	ℓ_c· = Σ_k ℓ_ck,  ℓ_·· = m·L
//	T_c  = Σ over every coder's units with value c of length²,
//	T_∅  = Σ over every coder's gaps of length (a gap is divisible),
//	T    = Σ_c T_c
//	ε_ck = ℓ_·· (ℓ_c· ℓ_·k − [c = k] T_c) / (ℓ_··² − T)   expected coincidences
//	D_o  = Σ_{c≠k} ℓ_ck / ℓ_··,  D_e = Σ_{c≠k} ε_ck / ℓ_··
//	     = (ℓ_··² − Σ_c ℓ_c·²) / (ℓ_··² − T),  alpha = 1 − D_o / D_e
//
// The T terms remove the pairs of a unit with itself from the chance
// expectation: a unit is indivisible, so it can never be paired with its
// own positions; a gap is a run of independent positions.

// Segment is a stretch [Start, End) of a source's text (in code points)
// that one coder marked with one value: Value is the index, from 0, of the
// code (or domain) among those compared.
type Segment struct {
	Start int `json:"start"`
	End   int `json:"end"`
	Value int `json:"value"`
}

// Continuum is the part of a source's text that coders unitize: one or
// more stretches (for example the utterances of the participants), taken
// in order as one continuum of L positions. Positions outside them do not
// exist for the coefficients: segments are cut to the continuum, and two
// stretches that are separated only by left-out text (a speaker label, a
// moderator's turn) are adjacent in it.
type Continuum struct {
	within []Span
	// before[i] is the number of continuum positions in within[:i].
	before []int
	length int
}

// NewContinuum makes a continuum of the given stretches of text, in any
// order. They must not overlap; stretches that touch are joined, empty ones
// dropped.
func NewContinuum(within ...Span) (Continuum, error) {
	spans := slices.Clone(within)
	for _, s := range spans {
		if s.Start > s.End {
			return Continuum{}, backwards(s, "continuum stretch")
		}
		if s.Start < 0 {
			return Continuum{}, fmt.Errorf("continuum stretch [%d, %d) starts before the text", s.Start, s.End)
		}
	}
	slices.SortFunc(spans, compareStart)
	var c Continuum
	for _, s := range spans {
		if s.Len() == 0 {
			continue
		}
		if n := len(c.within); n > 0 {
			last := &c.within[n-1]
			if s.Start < last.End {
				return Continuum{}, fmt.Errorf("continuum stretches [%d, %d) and [%d, %d) overlap", last.Start, last.End, s.Start, s.End)
			}
			if s.Start == last.End {
				last.End = s.End
				c.length += s.Len()
				continue
			}
		}
		c.within = append(c.within, s)
		c.before = append(c.before, c.length)
		c.length += s.Len()
	}
	return c, nil
}

// Len is the number of positions L in the continuum.
func (c Continuum) Len() int { return c.length }

// compress maps a position of the text to the number of continuum
// positions before it, so that a segment [s, e) of the text becomes the
// stretch [compress(s), compress(e)) of the continuum.
func (c Continuum) compress(x int) int {
	i := sort.Search(len(c.within), func(i int) bool { return c.within[i].End > x })
	if i == len(c.within) {
		return c.length
	}
	if x <= c.within[i].Start {
		return c.before[i]
	}
	return c.before[i] + x - c.within[i].Start
}

// expand maps the continuum stretch [p, q) back to the text, as one span
// per stretch of the continuum it lies in.
func (c Continuum) expand(p, q int) []Span {
	var out []Span
	i := sort.Search(len(c.within), func(i int) bool { return c.before[i]+c.within[i].Len() > p })
	for ; i < len(c.within) && c.before[i] < q; i++ {
		w := c.within[i]
		a := w.Start + max(p-c.before[i], 0)
		b := w.Start + min(q-c.before[i], w.Len())
		if a < b {
			out = append(out, Span{a, b})
		}
	}
	return out
}

// SelfOverlap is a stretch of text where one coder marked two or more
// different values at once. The unitizing coefficients with values need
// one value per position and coder, so they are not computed for data that
// hold such a stretch.
type SelfOverlap struct {
	Coder  int   `json:"coder"`
	Start  int   `json:"start"`
	End    int   `json:"end"`
	Values []int `json:"values"`
}

// unit is one coder's segment in continuum positions, with its pairable
// length q = Σ_{j≠i} |unit ∩ coder j's marked matter|, which is (m−1)
// times the pairable length used by cu-alpha.
type unit struct {
	start, end, value int
	q                 int64
}

// Unitizing gathers the coincidences of m coders' segments with a fixed
// set of values over one or more continua (sources), from which Result
// computes the alpha family. Adding several continua lays them end to end:
// the coincidences and the T terms are sums over sources, and a unit never
// runs across two sources. A Unitizing is not safe for concurrent use.
type Unitizing struct {
	coders, values int
	length         int64
	// observed is (m−1)·ℓ_ck, row c, column k, values+1 columns; the last
	// row and column are the gap ∅.
	observed []int64
	// squares is T_c: Σ length² of the units of value c, and for the gap
	// Σ length of all gaps.
	squares []int64
	// pairable is (m−1)²·T*_c: Σ q² over the units of value c.
	pairable []int64
	// units counts the units of each value.
	units    []int64
	overlaps int
	merged   int
	// scratch for the sweep
	count   []int
	touched []int
}

// NewUnitizing prepares the coincidences of coders (at least two) marking
// values (at least one) on a continuum.
func NewUnitizing(coders, values int) (*Unitizing, error) {
	if coders < 2 {
		return nil, errors.New("unitizing agreement needs at least two coders")
	}
	if values < 1 {
		return nil, errors.New("unitizing agreement needs at least one value")
	}
	n := values + 1
	return &Unitizing{coders: coders, values: values, observed: make([]int64, n*n), squares: make([]int64, n),
		pairable: make([]int64, values), units: make([]int64, values), count: make([]int, n)}, nil
}

// Add adds one continuum: segments[i] holds coder i's segments, in any
// order, in positions of the text. Segments are cut to the continuum;
// those with no position in it are ignored. Two segments of one coder with
// the same value that share a position are joined into one unit (their
// union; Result counts the joins); segments that merely touch stay separate
// units, as in Krippendorff's examples. Stretches where one coder marked
// different values at once are returned, and then nothing of this
// continuum is added: the coefficients need one value per position, and
// Result reports them undefined. Malformed input (a segment that ends
// before it starts, a value out of range) is an error.
func (u *Unitizing) Add(c Continuum, segments [][]Segment) ([]SelfOverlap, error) {
	if len(segments) != u.coders {
		return nil, fmt.Errorf("segments of %d coders, want %d", len(segments), u.coders)
	}
	per := make([][]unit, u.coders)
	merged := 0
	for i, segs := range segments {
		units := make([]unit, 0, len(segs))
		for _, s := range segs {
			if s.Start > s.End {
				return nil, backwards(Span{s.Start, s.End}, fmt.Sprintf("coder %d's segment", i))
			}
			if s.Value < 0 || s.Value >= u.values {
				return nil, fmt.Errorf("coder %d's segment [%d, %d) has value %d, want 0 to %d", i, s.Start, s.End, s.Value, u.values-1)
			}
			if a, b := c.compress(s.Start), c.compress(s.End); a < b {
				units = append(units, unit{start: a, end: b, value: s.Value})
			}
		}
		var n int
		per[i], n = joinSameValue(units)
		merged += n
	}
	u.merged += merged
	var found []SelfOverlap
	for i, units := range per {
		found = append(found, selfOverlaps(c, i, units)...)
	}
	u.length += int64(c.length)
	if len(found) > 0 {
		u.overlaps += len(found)
		return found, nil
	}
	u.sweep(c.length, per)
	return nil, nil
}

// joinSameValue joins units of the same value that share a position, and
// returns the units ordered by start with the number of joins.
func joinSameValue(units []unit) ([]unit, int) {
	slices.SortFunc(units, func(a, b unit) int {
		return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	out := units[:0]
	joined := 0
	for _, x := range units {
		if n := len(out); n > 0 && out[n-1].value == x.value && x.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, x.end)
			joined++
			continue
		}
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b unit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	return out, joined
}

// selfOverlaps finds the stretches where coder's units (ordered by start,
// same-value units already joined) overlap, in positions of the text.
func selfOverlaps(c Continuum, coder int, units []unit) []SelfOverlap {
	reach := -1
	overlapping := false
	for _, x := range units {
		if x.start < reach {
			overlapping = true
			break
		}
		reach = max(reach, x.end)
	}
	if !overlapping {
		return nil
	}
	type event struct{ pos, delta, value int }
	events := make([]event, 0, 2*len(units))
	for _, x := range units {
		events = append(events, event{x.start, 1, x.value}, event{x.end, -1, x.value})
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.delta, b.delta)) })
	var out []SelfOverlap
	var active, values []int
	inside, from := false, 0
	for i := 0; i < len(events); {
		pos := events[i].pos
		for ; i < len(events) && events[i].pos == pos; i++ {
			e := events[i]
			if e.delta > 0 {
				active = append(active, e.value)
				continue
			}
			if j := slices.Index(active, e.value); j >= 0 {
				active = slices.Delete(active, j, j+1)
			}
		}
		switch {
		case len(active) >= 2:
			if !inside {
				inside, from, values = true, pos, nil
			}
			for _, v := range active {
				if !slices.Contains(values, v) {
					values = append(values, v)
				}
			}
		case inside:
			inside = false
			slices.Sort(values)
			for _, s := range c.expand(from, pos) {
				out = append(out, SelfOverlap{Coder: coder, Start: s.Start, End: s.End, Values: values})
			}
		}
	}
	return out
}

// sweep adds the coincidences of one continuum of length positions whose
// coders' units (ordered, not overlapping) are per. It walks the stretches
// between consecutive unit boundaries: within one stretch every coder has
// one value (or the gap), so each stretch adds its length times the number
// of ordered coder pairs with values c and k to (m−1)·ℓ_ck.
func (u *Unitizing) sweep(length int, per [][]unit) {
	gap, stride := u.values, u.values+1
	bounds := []int{0, length}
	for _, units := range per {
		for _, x := range units {
			bounds = append(bounds, x.start, x.end)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	next := make([]int, len(per))
	current := make([]int, len(per))
	for b := 0; b+1 < len(bounds); b++ {
		x, n := bounds[b], int64(bounds[b+1]-bounds[b])
		u.touched = u.touched[:0]
		marked := 0
		for i, units := range per {
			p := next[i]
			for p < len(units) && units[p].end <= x {
				p++
			}
			next[i] = p
			v := gap
			current[i] = -1
			if p < len(units) && units[p].start <= x {
				v, current[i] = units[p].value, p
				marked++
			}
			if u.count[v] == 0 {
				u.touched = append(u.touched, v)
			}
			u.count[v]++
		}
		for _, c := range u.touched {
			for _, k := range u.touched {
				pairs := u.count[c] * u.count[k]
				if c == k {
					pairs = u.count[c] * (u.count[c] - 1)
				}
				u.observed[c*stride+k] += n * int64(pairs)
			}
		}
		if marked >= 2 {
			for i, p := range current {
				if p >= 0 {
					per[i][p].q += n * int64(marked-1)
				}
			}
		}
		for _, c := range u.touched {
			u.count[c] = 0
		}
	}
	for _, units := range per {
		covered := int64(0)
		for _, x := range units {
			l := int64(x.end - x.start)
			covered += l
			u.squares[x.value] += l * l
			u.pairable[x.value] += x.q * x.q
			u.units[x.value]++
		}
		u.squares[gap] += int64(length) - covered
	}
}

// UnitizedAlpha is one coefficient of the unitizing family with the two
// disagreements it is made of: alpha = 1 − Observed/Expected.
type UnitizedAlpha struct {
	Alpha    Value `json:"alpha"`
	Observed Value `json:"observed_disagreement"`
	Expected Value `json:"expected_disagreement"`
}

// ValueAlpha is one value's (k)u-alpha with what it rests on.
type ValueAlpha struct {
	// Value is the value's index.
	Value int `json:"value"`
	// Units is the number of units of this value, all coders together.
	Units int64 `json:"units"`
	// Marked is ℓ_k·: positions marked with the value, summed over coders.
	Marked int64 `json:"marked"`
	// Paired is ℓ*_k·: the part of Marked that other coders also marked
	// with some value (averaged over the other coders).
	Paired float64 `json:"paired"`
	// Coverage is Paired/Marked: how much of the value's matter enters
	// cu-alpha and (k)u-alpha at all.
	Coverage Value `json:"coverage"`
	// Alpha is (k)u-alpha: within the matter two coders both marked, how
	// reliably the value is told apart from the other values.
	Alpha UnitizedAlpha `json:"k_u_alpha"`
}

// UnitizedAlphas is the unitizing alpha family of one domain.
type UnitizedAlphas struct {
	Coders int `json:"coders"`
	// Length is L, the positions of all continua added.
	Length int64 `json:"length"`
	// SelfOverlaps is the number of stretches where a coder marked two
	// values at once; when it is not 0 every coefficient is undefined.
	SelfOverlaps int `json:"self_overlaps"`
	// JoinedSegments is the number of segments joined into another of the
	// same coder and value because they shared positions.
	JoinedSegments int `json:"joined_segments"`
	// Binary is |u-alpha: marked (any value) against unmarked.
	Binary UnitizedAlpha `json:"binary_u_alpha"`
	// U is u-alpha: the values and the gap as categories.
	U UnitizedAlpha `json:"u_alpha"`
	// CU is cu-alpha: the values only, within the matter two coders both
	// marked.
	CU UnitizedAlpha `json:"cu_alpha"`
	// PerValue holds each value's (k)u-alpha, in the order of the values.
	PerValue []ValueAlpha `json:"per_value"`
}

// Coincidences returns the observed coincidence matrix ℓ_ck (values first,
// the gap ∅ last), the T_c terms (the gap's last) and the T*_c terms of
// cu-alpha, for checking by hand.
func (u *Unitizing) Coincidences() (observed [][]float64, squares, pairableSquares []float64) {
	s := float64(u.coders - 1)
	n := u.values + 1
	observed = make([][]float64, n)
	for c := range observed {
		observed[c] = make([]float64, n)
		for k := range observed[c] {
			observed[c][k] = float64(u.observed[c*n+k]) / s
		}
	}
	squares = make([]float64, n)
	for c, t := range u.squares {
		squares[c] = float64(t)
	}
	pairableSquares = make([]float64, u.values)
	for c, t := range u.pairable {
		pairableSquares[c] = float64(t) / (s * s)
	}
	return observed, squares, pairableSquares
}

// Result computes the family from the continua added so far:
//
//   - u-alpha (nominal): the values of the domain and the gap ∅ as the
//     categories of the coincidence matrix ℓ, with D_o and D_e as above.
//   - |u-alpha (binary): the same matrix collapsed to two categories,
//     marked (any value) and unmarked; each unit keeps its own T term.
//   - cu-alpha: the submatrix ℓ*_ck of the values (gap row and column
//     left out), that is the matter that two coders both marked, with
//     expected coincidences ε*_ck = ℓ*_·· (ℓ*_c· ℓ*_·k − [c = k] T*_c) /
//     (ℓ*_··² − T*). T*_c sums the squared pairable lengths p² of the units
//     of value c, where a unit's pairable length is the mean, over the
//     other m−1 coders, of how many of its positions that coder marked
//     (with any value): p_ig = 1/(m−1) Σ_{j≠i} |S_ig ∩ marked_j|. With two
//     coders this is the part of the unit the other coder marked; with
//     more it makes Σ p over a value's units equal ℓ*_c·, as Σ length does
//     for u-alpha, and it gives cu-alpha = 0.724 on Krippendorff's (2019)
//     three-coder example, the value the quallmer R package's tests quote
//     from the book (the part of the unit any other coder marked would
//     give 0.728). The literature leaves this choice open.
//   - (k)u-alpha for each value k, in the same submatrix (eq. 38 as the
//     quallmer package reads it): 1 − [(ℓ*_·k − ℓ*_kk)/ℓ*_·k] / [(ε*_·k −
//     ε*_kk)/ε*_·k], with the coverage ℓ*_·k/ℓ_·k.
//
// A coefficient is undefined when the data do not determine it: an empty
// continuum, only one category in its matrix (D_e = 0), nothing marked by
// two coders (cu, (k)u), or self-overlaps.
func (u *Unitizing) Result() UnitizedAlphas {
	r := UnitizedAlphas{Coders: u.coders, Length: u.length, SelfOverlaps: u.overlaps, JoinedSegments: u.merged}
	if u.overlaps > 0 {
		places := "places"
		if u.overlaps == 1 {
			places = "place"
		}
		why := undefinedAlpha(fmt.Sprintf("a coder marked different values on the same text in %d %s; these coefficients need one value per position, so resolve the overlaps or compare the codes separately", u.overlaps, places))
		r.Binary, r.U, r.CU = why, why, why
		for k := range u.values {
			r.PerValue = append(r.PerValue, ValueAlpha{Value: k, Coverage: why.Alpha, Alpha: why})
		}
		return r
	}
	s := float64(u.coders - 1)
	stride, gap := u.values+1, u.values
	ell := func(c, k int) float64 { return float64(u.observed[c*stride+k]) / s }
	// Row sums: ℓ_c· is the positions every coder marked with c, an
	// integer; the same for the gap.
	rows := make([]int64, stride)
	for c := range stride {
		var sum int64
		for k := range stride {
			sum += u.observed[c*stride+k]
		}
		rows[c] = sum / int64(u.coders-1)
	}
	total := float64(u.coders) * float64(u.length)
	var squares float64
	for _, t := range u.squares {
		squares += float64(t)
	}
	// u-alpha
	if u.length == 0 {
		why := undefinedAlpha("the continuum is empty")
		r.Binary, r.U, r.CU = why, why, why
	} else {
		var agreeing, rowSquares float64
		distinct := 0
		for c := range stride {
			agreeing += ell(c, c)
			rowSquares += float64(rows[c]) * float64(rows[c])
			if rows[c] > 0 {
				distinct++
			}
		}
		if distinct < 2 {
			reason := "no coder marked anything"
			if rows[gap] == 0 {
				reason = "every coder marked all of the continuum with one and the same value"
			}
			r.U = undefinedAlpha(reason)
		} else {
			r.U = alphaOf((total-agreeing)/total, (total*total-rowSquares)/(total*total-squares))
		}
		// |u-alpha: marked against unmarked.
		marked := total - float64(rows[gap])
		switch {
		case rows[gap] == int64(u.coders)*u.length:
			r.Binary = undefinedAlpha("no coder marked anything")
		case rows[gap] == 0:
			r.Binary = undefinedAlpha("every coder marked all of the continuum")
		default:
			var across float64
			for c := range u.values {
				across += ell(c, gap)
			}
			unmarked := float64(rows[gap])
			r.Binary = alphaOf(2*across/total, (total*total-marked*marked-unmarked*unmarked)/(total*total-squares))
		}
	}
	// cu-alpha and (k)u-alpha on the submatrix of the values.
	paired := make([]float64, u.values)
	var pairedTotal, pairedAgreeing, pairedRowSquares, pairableSquares float64
	distinct := 0
	for c := range u.values {
		var sum int64
		for k := range u.values {
			sum += u.observed[c*stride+k]
		}
		paired[c] = float64(sum) / s
		pairedTotal += paired[c]
		pairedAgreeing += ell(c, c)
		pairedRowSquares += paired[c] * paired[c]
		pairableSquares += float64(u.pairable[c]) / (s * s)
		if sum > 0 {
			distinct++
		}
	}
	if u.length > 0 {
		switch {
		case pairedTotal == 0:
			r.CU = undefinedAlpha("no stretch was marked by two coders, so there is nothing on which to compare their values")
		case distinct < 2:
			r.CU = undefinedAlpha("only one value occurs where the coders' marks meet")
		default:
			r.CU = alphaOf((pairedTotal-pairedAgreeing)/pairedTotal,
				(pairedTotal*pairedTotal-pairedRowSquares)/(pairedTotal*pairedTotal-pairableSquares))
		}
	}
	for k := range u.values {
		va := ValueAlpha{Value: k, Units: u.units[k], Marked: rows[k], Paired: paired[k]}
		switch {
		case rows[k] == 0:
			va.Coverage = undefined("no coder marked this value")
			va.Alpha = undefinedAlpha("no coder marked this value")
		case paired[k] == 0:
			va.Coverage = known(0)
			va.Alpha = undefinedAlpha("no stretch marked with this value was also marked by another coder")
		case distinct < 2:
			va.Coverage = known(paired[k] / float64(rows[k]))
			va.Alpha = undefinedAlpha("it is the only value where the coders' marks meet")
		default:
			va.Coverage = known(paired[k] / float64(rows[k]))
			tk := float64(u.pairable[k]) / (s * s)
			do := (paired[k] - ell(k, k)) / paired[k]
			de := paired[k] * (pairedTotal - paired[k]) / (paired[k]*pairedTotal - tk)
			va.Alpha = alphaOf(do, de)
		}
		r.PerValue = append(r.PerValue, va)
	}
	return r
}

// alphaOf is 1 − do/de with both disagreements; de must be positive.
func alphaOf(do, de float64) UnitizedAlpha {
	if !(de > 0) {
		return undefinedAlpha("the expected disagreement is 0")
	}
	return UnitizedAlpha{Alpha: known(1 - do/de), Observed: known(do), Expected: known(de)}
}

func undefinedAlpha(reason string) UnitizedAlpha {
	v := undefined(reason)
	return UnitizedAlpha{Alpha: v, Observed: v, Expected: v}
}
