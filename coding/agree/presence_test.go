package agree

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// textCase is one source with its units and codings, in the raw form the
// per-character reference reads.
type textCase struct {
	length  int
	blanks  []Span
	perChar bool
	within  []Span   // character units
	units   [][]Span // span units
	codings [][]Span // per coder
}

// referencePresence walks every position: it marks each coder's coverage
// and the blank positions in plain arrays, then reads off each unit. It is
// the obvious, slow way, used only to check the sweep.
func referencePresence(tc textCase) Presence {
	lo, hi := 0, tc.length
	grow := func(s Span) {
		lo, hi = min(lo, s.Start), max(hi, s.End)
	}
	for _, spans := range append(append([][]Span{tc.blanks, tc.within}, tc.units...), tc.codings...) {
		for _, s := range spans {
			grow(s)
		}
	}
	size := hi - lo
	blank := make([]bool, size)
	for _, s := range tc.blanks {
		for x := s.Start; x < s.End; x++ {
			blank[x-lo] = true
		}
	}
	covered := make([][]bool, len(tc.codings))
	for c, spans := range tc.codings {
		covered[c] = make([]bool, size)
		for _, s := range spans {
			for x := s.Start; x < s.End; x++ {
				covered[c][x-lo] = true
			}
		}
	}
	mask := func(x int) uint64 {
		var m uint64
		for c := range covered {
			if covered[c][x-lo] {
				m |= 1 << c
			}
		}
		return m
	}
	p := Presence{Coders: len(tc.codings)}
	counts := map[uint64]int64{}
	if tc.perChar {
		inUnit := make([]bool, size)
		for _, s := range tc.within {
			for x := s.Start; x < s.End; x++ {
				inUnit[x-lo] = true
			}
		}
		for x := lo; x < hi; x++ {
			switch {
			case !inUnit[x-lo]:
			case blank[x-lo]:
				p.BlankUnits++
			default:
				p.Units++
				counts[mask(x)]++
			}
		}
	} else {
		p.PerUnit = make([]UnitPresence, len(tc.units))
		for u, spans := range tc.units {
			nonBlank := false
			var applied uint64
			for _, s := range spans {
				for x := s.Start; x < s.End; x++ {
					if !blank[x-lo] {
						nonBlank = true
						applied |= mask(x)
					}
				}
			}
			if !nonBlank {
				p.BlankUnits++
				p.PerUnit[u] = UnitPresence{Blank: true}
				continue
			}
			p.Units++
			p.PerUnit[u] = UnitPresence{Applied: applied}
			counts[applied]++
		}
	}
	for m, n := range counts {
		p.Patterns = append(p.Patterns, Pattern{Applied: m, Units: n})
	}
	slices.SortFunc(p.Patterns, func(a, b Pattern) int {
		switch {
		case a.Applied < b.Applied:
			return -1
		case a.Applied > b.Applied:
			return 1
		}
		return 0
	})
	return p
}

// sweepPresence runs the package's sweep on a case.
func sweepPresence(tc textCase) (Presence, error) {
	blanks, err := NewBlanks(tc.blanks)
	if err != nil {
		return Presence{}, err
	}
	var layout UnitLayout
	if tc.perChar {
		layout, err = CharacterUnits(blanks, tc.within...)
	} else {
		layout, err = SpanUnits(blanks, tc.units)
	}
	if err != nil {
		return Presence{}, err
	}
	return layout.Presence(tc.codings)
}

// randomSpans draws n spans inside [−2, length+2), any order, some
// overlapping, some empty.
func randomSpans(rng *rand.Rand, n, length int) []Span {
	spans := make([]Span, n)
	for i := range spans {
		start := rng.IntN(length+4) - 2
		end := start + rng.IntN(max(1, length/2)+1)
		spans[i] = Span{start, end}
	}
	return spans
}

// randomUnits cuts [0, length) into pieces; each piece is a gap, a new
// unit, or a further piece of an earlier unit (a unit with gaps).
func randomUnits(rng *rand.Rand, length int) [][]Span {
	var units [][]Span
	for x := 0; x < length; {
		end := min(length, x+1+rng.IntN(12))
		switch r := rng.IntN(10); {
		case r < 2: // gap between units
		case r < 4 && len(units) > 0:
			u := rng.IntN(len(units))
			units[u] = append(units[u], Span{x, end})
		default:
			units = append(units, []Span{{x, end}})
		}
		x = end
	}
	if rng.IntN(4) == 0 {
		units = append(units, nil) // a unit with no positions at all
	}
	return units
}

// randomBlanks marks runs of white space, either like words in text or
// at random.
func randomBlanks(rng *rand.Rand, length int) []Span {
	var runs []Span
	for x := 0; x < length; {
		word := 1 + rng.IntN(8)
		space := 1 + rng.IntN(2)
		x += word
		if x < length {
			runs = append(runs, Span{x, min(length, x+space)})
		}
		x += space
	}
	if rng.IntN(3) == 0 {
		runs = append(runs, randomSpans(rng, 2, length)...) // overlapping, unsorted
		for i := range runs {
			runs[i].Start = max(runs[i].Start, 0)
			runs[i].End = max(runs[i].End, runs[i].Start)
		}
	}
	return runs
}

func randomTextCase(rng *rand.Rand) textCase {
	length := rng.IntN(120)
	tc := textCase{length: length, perChar: rng.IntN(2) == 0}
	if rng.IntN(4) != 0 {
		tc.blanks = randomBlanks(rng, length)
	}
	if tc.perChar {
		if rng.IntN(2) == 0 {
			tc.within = []Span{{0, length}}
		} else {
			tc.within = randomSpans(rng, 1+rng.IntN(4), length)
		}
	} else {
		tc.units = randomUnits(rng, length)
	}
	coders := 1 + rng.IntN(5)
	if rng.IntN(10) == 0 {
		coders = smallTally + 1 + rng.IntN(4) // past the array tally
	}
	tc.codings = make([][]Span, coders)
	for c := range tc.codings {
		tc.codings[c] = randomSpans(rng, rng.IntN(6), length)
	}
	return tc
}

func checkAgainstReference(t *testing.T, tc textCase) {
	t.Helper()
	got, err := sweepPresence(tc)
	if err != nil {
		t.Fatalf("sweep failed: %v on %+v", err, tc)
	}
	want := referencePresence(tc)
	if !reflect.DeepEqual(got.Patterns, want.Patterns) && !(len(got.Patterns) == 0 && len(want.Patterns) == 0) {
		t.Fatalf("patterns %v, reference %v\ncase %+v", got.Patterns, want.Patterns, tc)
	}
	if got.Units != want.Units || got.BlankUnits != want.BlankUnits || got.Coders != want.Coders {
		t.Fatalf("units %d blank %d coders %d, reference %d %d %d\ncase %+v",
			got.Units, got.BlankUnits, got.Coders, want.Units, want.BlankUnits, want.Coders, tc)
	}
	if !reflect.DeepEqual(got.PerUnit, want.PerUnit) && !(len(got.PerUnit) == 0 && len(want.PerUnit) == 0) {
		t.Fatalf("per unit %v, reference %v\ncase %+v", got.PerUnit, want.PerUnit, tc)
	}
}

// TestPresenceMatchesReference compares the sweep with the per-character
// walk on seeded random sources: exact equality of every count.
func TestPresenceMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	for range 5000 {
		checkAgainstReference(t, randomTextCase(rng))
	}
}

// TestPresenceStatisticsMatchUnitRows checks that statistics on the
// aggregated patterns equal those on one materialised row per character.
func TestPresenceStatisticsMatchUnitRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 200 {
		tc := randomTextCase(rng)
		p, err := sweepPresence(tc)
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]float64
		for _, pat := range p.Patterns {
			for range pat.Units {
				row := make([]float64, p.Coders)
				for c := range row {
					if pat.Applied&(1<<c) != 0 {
						row[c] = 1
					}
				}
				rows = append(rows, row)
			}
		}
		if len(rows) == 0 || p.Coders < 2 {
			continue
		}
		r := NewRatings(rows)
		r.Categories = []float64{0, 1}
		perUnit := mustCounts(t, r)
		stats := p.Statistics()
		group := stats.Group
		for _, c := range []struct {
			name      string
			got, want Value
		}{
			{"p_a", group.PercentAgreement, PercentAgreement(perUnit)},
			{"Fleiss", group.FleissKappa, FleissKappa(perUnit)},
			{"AC1", group.GwetAC1, GwetAC1(perUnit)},
			{"BP", group.BrennanPrediger, BrennanPrediger(perUnit)},
			{"alpha", group.KrippendorffAlpha, KrippendorffAlpha(perUnit, Nominal).Alpha},
		} {
			checkClose(t, c.name, c.got, c.want.V, c.want.Defined)
		}
		for _, pair := range stats.Pairs {
			table := mustPair(t, r, pair.CoderA, pair.CoderB)
			v, ok := naiveCohen(rows, pair.CoderA, pair.CoderB)
			checkClose(t, "Cohen", pair.CohenKappa, v, ok)
			checkClose(t, "Scott", pair.ScottPi, ScottPi(table).V, ScottPi(table).Defined)
			if got := pair.Counts.Table(); !reflect.DeepEqual(got, table) {
				t.Fatalf("trial %d: pair table %v, per unit %v", trial, got, table)
			}
		}
		// The Ratings view of the patterns gives the same count table.
		viaRatings := mustCounts(t, p.Ratings())
		checkClose(t, "alpha via Ratings", KrippendorffAlpha(viaRatings, Nominal).Alpha, group.KrippendorffAlpha.V, group.KrippendorffAlpha.Defined)
	}
}

// TestHandWorkedPresence: text "ab cd\nef" (positions a0 b1 ␣2 c3 d4 ⏎5 e6 f7).
func TestHandWorkedPresence(t *testing.T) {
	blanks := BlankRunes("ab cd\nef")
	if got := blanks.NonBlank(Span{0, 8}); got != 6 {
		t.Fatalf("non-blank positions %d, want 6", got)
	}
	codings := [][]Span{
		{{0, 3}, {2, 5}}, // A: overlapping codings, union [0, 5) = a b ␣ c d
		{{4, 8}},         // B: d ⏎ e f
		{{2, 3}, {5, 6}}, // C: only white space
	}
	chars, err := CharacterUnits(blanks, Span{0, 8})
	if err != nil {
		t.Fatal(err)
	}
	p, err := chars.Presence(codings)
	if err != nil {
		t.Fatal(err)
	}
	// Characters: a, b, c → A only (mask 1); d → A and B (3); e, f → B (2).
	// The two blanks are left out; C applied the code nowhere.
	want := []Pattern{{Applied: 1, Units: 3}, {Applied: 2, Units: 2}, {Applied: 3, Units: 1}}
	if !reflect.DeepEqual(p.Patterns, want) || p.Units != 6 || p.BlankUnits != 2 {
		t.Errorf("characters: %+v", p)
	}
	if got := p.Pair(0, 1); got != (PairCounts{Both: 1, OnlyA: 3, OnlyB: 2}) {
		t.Errorf("pair A–B %+v", got)
	}
	if got := p.Pair(0, 2); got != (PairCounts{OnlyA: 4, Neither: 2}) {
		t.Errorf("pair A–C %+v", got)
	}

	// Units: U0 = "ab"; U1 = "␣" (blank); U2 = "c" + "f" (with a gap);
	// U3 = "d⏎e".
	units := [][]Span{{{0, 2}}, {{2, 3}}, {{3, 4}, {7, 8}}, {{4, 7}}}
	layout, err := SpanUnits(blanks, units)
	if err != nil {
		t.Fatal(err)
	}
	p, err = layout.Presence(codings)
	if err != nil {
		t.Fatal(err)
	}
	// U0: A. U2: A (c) and B (f). U3: A (d) and B (d, e).
	wantUnits := []UnitPresence{{Applied: 1}, {Blank: true}, {Applied: 3}, {Applied: 3}}
	if !reflect.DeepEqual(p.PerUnit, wantUnits) {
		t.Errorf("per unit %+v, want %+v", p.PerUnit, wantUnits)
	}
	if p.Units != 3 || p.BlankUnits != 1 || !reflect.DeepEqual(p.Patterns, []Pattern{{1, 1}, {3, 2}}) {
		t.Errorf("units: %+v", p)
	}
	// Counts by number of coders applying: U0 one coder, U2 and U3 two.
	c := p.CountTable()
	wantRows := []CountRow{{ByCategory: []int{2, 1}, Units: 1}, {ByCategory: []int{1, 2}, Units: 2}}
	if !reflect.DeepEqual(c.Rows, wantRows) {
		t.Errorf("count table %+v", c.Rows)
	}
}

func TestPresenceInvalid(t *testing.T) {
	if _, err := SpanUnits(Blanks{}, [][]Span{{{0, 5}}, {{4, 8}}}); err == nil {
		t.Error("overlapping units accepted")
	}
	if _, err := SpanUnits(Blanks{}, [][]Span{{{5, 4}}}); err == nil {
		t.Error("backwards unit span accepted")
	}
	if _, err := NewBlanks([]Span{{3, 1}}); err == nil {
		t.Error("backwards blank run accepted")
	}
	layout, err := CharacterUnits(Blanks{}, Span{0, 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := layout.Presence(nil); err == nil {
		t.Error("no coders accepted")
	}
	if _, err := layout.Presence([][]Span{{{4, 2}}}); err == nil {
		t.Error("backwards coding accepted")
	}
	if _, err := layout.Presence(make([][]Span, 65)); err == nil {
		t.Error("65 coders accepted")
	}
}

// fuzzReader hands out bytes of the fuzz input, then zeros.
type fuzzReader struct{ data []byte }

func (r *fuzzReader) next(limit int) int {
	if limit <= 0 {
		return 0
	}
	if len(r.data) == 0 {
		return 0
	}
	b := int(r.data[0])
	r.data = r.data[1:]
	return b % limit
}

func (r *fuzzReader) spans(limit, length int) []Span {
	n := r.next(limit)
	spans := make([]Span, n)
	for i := range spans {
		start := r.next(length+4) - 2
		spans[i] = Span{start, start + r.next(length+1)}
	}
	return spans
}

// decodeTextCase builds a source, units and codings from fuzz bytes.
func decodeTextCase(data []byte) textCase {
	r := &fuzzReader{data: data}
	length := r.next(100)
	tc := textCase{length: length, perChar: r.next(2) == 0}
	for _, s := range r.spans(12, length) {
		tc.blanks = append(tc.blanks, Span{max(s.Start, 0), max(s.End, s.Start, 0)})
	}
	if tc.perChar {
		tc.within = r.spans(4, length)
	} else {
		// Consecutive pieces: each is a gap, a new unit, or part of an
		// earlier unit.
		for x := 0; x < length; {
			end := min(length, x+1+r.next(10))
			switch k := r.next(4); {
			case k == 0:
			case k == 1 && len(tc.units) > 0:
				u := r.next(len(tc.units))
				tc.units[u] = append(tc.units[u], Span{x, end})
			default:
				tc.units = append(tc.units, []Span{{x, end}})
			}
			x = end
		}
	}
	tc.codings = make([][]Span, 1+r.next(smallTally+4))
	for c := range tc.codings {
		tc.codings[c] = r.spans(8, length)
	}
	return tc
}

// FuzzPresence checks the sweep against the per-character reference on
// arbitrary sources, units and codings.
func FuzzPresence(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{50, 0, 3, 5, 2, 20, 1, 40, 3, 2, 10, 30, 2, 1, 5, 20, 15, 40})
	f.Add([]byte{80, 1, 4, 3, 1, 9, 2, 30, 1, 50, 5, 1, 2, 3, 0, 4, 1, 2, 3, 3, 3, 60, 20, 1, 70, 10})
	rng := rand.New(rand.NewPCG(21, 34))
	for range 8 {
		seed := make([]byte, 64)
		for i := range seed {
			seed[i] = byte(rng.Uint32())
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstReference(t, decodeTextCase(data))
	})
}

// TestBlankRunesCountsCodePoints: positions are code points, so "é" and
// "😀" are one position each; tabs, line ends and no-break spaces are blank.
func TestBlankRunesCountsCodePoints(t *testing.T) {
	b := BlankRunes("é 😀\u00a0x\t\ny")
	// Positions: é0 ␣1 😀2 NBSP3 x4 tab5 ⏎6 y7.
	want := []Span{{1, 2}, {3, 4}, {5, 7}}
	if !reflect.DeepEqual(b.runs, want) {
		t.Errorf("runs %v, want %v", b.runs, want)
	}
	for _, tc := range []struct {
		span Span
		want int
	}{{Span{0, 8}, 4}, {Span{1, 2}, 0}, {Span{5, 7}, 0}, {Span{4, 8}, 2}, {Span{6, 6}, 0}, {Span{-3, 1}, 4}} {
		if got := b.NonBlank(tc.span); got != tc.want {
			t.Errorf("NonBlank(%v) = %d, want %d", tc.span, got, tc.want)
		}
	}
}
