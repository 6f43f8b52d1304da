package agree

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bookExample is Krippendorff (2019, Content Analysis, 4th ed., § 12.6,
// Figure 12.11): Alex, Paul and Suzan unitize a continuum of 60 positions
// with values 1–7. Values are given here as indexes 0–6 (value "1" is 0).
var bookExample = [][]Segment{
	{{0, 7, 0}, {7, 13, 1}, {30, 32, 4}, {32, 37, 5}, {37, 44, 5}, {44, 60, 6}}, // Alex
	{{0, 7, 0}, {7, 13, 2}, {13, 21, 4}, {32, 44, 5}},                           // Paul
	{{0, 7, 0}, {7, 13, 3}, {13, 21, 4}, {32, 37, 5}, {37, 41, 5}, {41, 44, 5}}, // Suzan
}

func bookUnitizing(t *testing.T) *Unitizing {
	t.Helper()
	c, err := NewContinuum(Span{0, 60})
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewUnitizing(3, 7)
	if err != nil {
		t.Fatal(err)
	}
	if over, err := u.Add(c, bookExample); err != nil || len(over) > 0 {
		t.Fatalf("add: %v %v", over, err)
	}
	return u
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// The published example: u-alpha = 0.510 (Krippendorff 2019, p. 340; the
// value of k2019_fig12_11_u_alpha in the shared vectors, which also gives
// it as 0.5099819078). The quallmer R package's tests quote the book's
// |u-alpha = 0.413 and cu-alpha = 0.724 for the same figure; Focal gives
// 0.4136 and 0.7242.
func TestUnitizedBookExample(t *testing.T) {
	r := bookUnitizing(t).Result()
	if !near(r.U.Alpha.V, 0.5099819078, 1e-9) {
		t.Errorf("u-alpha = %v, want 0.5099819078 (published 0.510)", r.U.Alpha)
	}
	if math.Round(r.U.Alpha.V*1000) != 510 {
		t.Errorf("u-alpha %v does not round to the published 0.510", r.U.Alpha.V)
	}
	if !near(r.Binary.Alpha.V, 0.413, 0.001) {
		t.Errorf("|u-alpha = %v, want 0.413 ± 0.001", r.Binary.Alpha)
	}
	if math.Round(r.CU.Alpha.V*1000) != 724 {
		t.Errorf("cu-alpha = %v, want 0.724", r.CU.Alpha)
	}
	// Per value: 1, 5 and 6 are coded alike wherever two coders meet; 2, 3
	// and 4 never; 7 (Alex only, against gaps) never meets another mark.
	for k, want := range []float64{1, 0, 0, 0, 1, 1} {
		if got := r.PerValue[k].Alpha.Alpha; !got.Defined || !near(got.V, want, 1e-12) {
			t.Errorf("(%d)u-alpha = %v, want %v", k+1, got, want)
		}
	}
	if r.PerValue[6].Alpha.Alpha.Defined || !near(r.PerValue[6].Coverage.V, 0, 0) {
		t.Errorf("value 7: %+v", r.PerValue[6])
	}
	if !near(r.PerValue[4].Coverage.V, 8.0/18, 1e-12) || r.PerValue[4].Marked != 18 {
		t.Errorf("value 5: coverage %v of %d marked, want 8/18", r.PerValue[4].Coverage, r.PerValue[4].Marked)
	}
	if r.Length != 60 || r.JoinedSegments != 0 || r.SelfOverlaps != 0 {
		t.Errorf("length %d, joined %d, overlaps %d", r.Length, r.JoinedSegments, r.SelfOverlaps)
	}
	// The observed coincidences of the figure, as Krippendorff tabulates
	// them: ℓ_·· = mL = 180, ℓ_11 = 21, ℓ_66 = 36, ℓ_5∅ = 10, ℓ_7∅ = 16,
	// ℓ_∅∅ = 45.
	obs, squares, _ := bookUnitizing(t).Coincidences()
	var total float64
	for _, row := range obs {
		for _, x := range row {
			total += x
		}
	}
	gap := 7
	for _, c := range []struct {
		c, k int
		want float64
	}{{0, 0, 21}, {5, 5, 36}, {4, 4, 8}, {4, gap, 10}, {6, gap, 16}, {gap, gap, 45}, {1, 2, 3}} {
		if obs[c.c][c.k] != c.want {
			t.Errorf("ℓ[%d][%d] = %v, want %v", c.c, c.k, obs[c.c][c.k], c.want)
		}
	}
	if total != 180 || squares[5] != 5*5+7*7+12*12+5*5+4*4+3*3 {
		t.Errorf("ℓ_·· = %v, T_6 = %v", total, squares[5])
	}
}

// The same example from the shared vectors file, as a check that the data
// above are the published ones.
func TestUnitizedSharedVector(t *testing.T) {
	raw := vectors(t)
	type published struct {
		Name     string          `json:"name"`
		Data     json.RawMessage `json:"data"`
		Expected float64         `json:"expected"`
		Decimals int             `json:"expected_decimals"`
	}
	var vs []published
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(vs, func(v published) bool { return v.Name == "k2019_fig12_11_u_alpha" })
	if i < 0 {
		t.Fatal("k2019_fig12_11_u_alpha is not in the shared vectors")
	}
	var d struct {
		Length    int                 `json:"continuum_length"`
		Observers map[string][][3]any `json:"observers"`
	}
	if err := json.Unmarshal(vs[i].Data, &d); err != nil {
		t.Fatal(err)
	}
	values := map[string]int{}
	var coders []string
	for name := range d.Observers {
		coders = append(coders, name)
	}
	slices.Sort(coders)
	segs := make([][]Segment, len(coders))
	for c, name := range coders {
		for _, s := range d.Observers[name] {
			v := s[2].(string)
			if _, ok := values[v]; !ok {
				values[v] = len(values)
			}
			segs[c] = append(segs[c], Segment{int(s[0].(float64)), int(s[1].(float64)), values[v]})
		}
	}
	cont, err := NewContinuum(Span{0, d.Length})
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewUnitizing(len(coders), len(values))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Add(cont, segs); err != nil {
		t.Fatal(err)
	}
	got := u.Result().U.Alpha
	scale := math.Pow(10, float64(vs[i].Decimals))
	if !got.Defined || math.Round(got.V*scale) != math.Round(vs[i].Expected*scale) {
		t.Errorf("u-alpha = %v, published %v", got, vs[i].Expected)
	}
}

// naiveUnit is a unit as the set of continuum positions it covers.
type naiveUnit struct {
	pos   map[int]bool
	value int
}

func naiveIntersect(a, b map[int]bool) float64 {
	n := 0
	for p := range a {
		if b[p] {
			n++
		}
	}
	return float64(n)
}

// naiveUnitized recomputes the family from its definitions, slowly: the
// continuum is the explicit list of its positions; a unit is the set of
// positions of its segment; units of one coder and value that share a
// position are joined until none do; gaps are the runs of unmarked
// positions; ℓ_ck sums, over ordered pairs of coders, the sizes of the
// intersections of every section of one with every section of the other
// (Krippendorff 2019, eq. 32); the expected matrices ε and ε* are filled in
// cell by cell; D_o and D_e are sums over the off-diagonal cells. ok is
// false for a coefficient that is 0/0. overlap is true when a coder marked
// one position with two values.
type naiveFamily struct {
	u, binary, cu  float64
	uOK, bOK, cuOK bool
	k              []float64
	kOK            []bool
	coverage       []float64
	overlap        bool
	joined         int
	observed       [][]float64
}

func naiveUnitized(within []Span, segs [][]Segment, values int) naiveFamily {
	var positions []int
	for _, w := range within {
		for p := w.Start; p < w.End; p++ {
			positions = append(positions, p)
		}
	}
	slices.Sort(positions)
	index := map[int]int{}
	for i, p := range positions {
		index[p] = i
	}
	m, gap := len(segs), values
	var f naiveFamily
	sections := make([][]naiveUnit, m)
	marked := make([]map[int]bool, m)
	for i, list := range segs {
		var units []naiveUnit
		for _, s := range list {
			set := map[int]bool{}
			for p := s.Start; p < s.End; p++ {
				if q, ok := index[p]; ok {
					set[q] = true
				}
			}
			if len(set) > 0 {
				units = append(units, naiveUnit{set, s.Value})
			}
		}
		for changed := true; changed; {
			changed = false
		search:
			for a := range units {
				for b := a + 1; b < len(units); b++ {
					if units[a].value == units[b].value && naiveIntersect(units[a].pos, units[b].pos) > 0 {
						for p := range units[b].pos {
							units[a].pos[p] = true
						}
						units = slices.Delete(units, b, b+1)
						f.joined++
						changed = true
						break search
					}
				}
			}
		}
		marked[i] = map[int]bool{}
		for a := range units {
			for b := a + 1; b < len(units); b++ {
				if naiveIntersect(units[a].pos, units[b].pos) > 0 {
					f.overlap = true
				}
			}
			for p := range units[a].pos {
				marked[i][p] = true
			}
		}
		sections[i] = units
		var run map[int]bool
		for q := range positions {
			if marked[i][q] {
				run = nil
				continue
			}
			if run == nil {
				run = map[int]bool{}
				sections[i] = append(sections[i], naiveUnit{run, gap})
			}
			run[q] = true
		}
	}
	if f.overlap {
		return f
	}
	n := values + 1
	ell := make([][]float64, n)
	for c := range ell {
		ell[c] = make([]float64, n)
	}
	squares := make([]float64, n)
	for i := range m {
		for _, g := range sections[i] {
			if g.value == gap {
				squares[gap] += float64(len(g.pos))
			} else {
				squares[g.value] += float64(len(g.pos) * len(g.pos))
			}
			for j := range m {
				if j == i {
					continue
				}
				for _, h := range sections[j] {
					ell[g.value][h.value] += naiveIntersect(g.pos, h.pos) / float64(m-1)
				}
			}
		}
	}
	f.observed = ell
	alphaFrom := func(o [][]float64, t []float64, cats []int) (float64, bool) {
		var total, tsum float64
		row := map[int]float64{}
		col := map[int]float64{}
		for _, c := range cats {
			for _, k := range cats {
				total += o[c][k]
				row[c] += o[c][k]
				col[k] += o[c][k]
			}
			tsum += t[c]
		}
		if total == 0 {
			return 0, false
		}
		var do, de float64
		for _, c := range cats {
			for _, k := range cats {
				if c == k {
					continue
				}
				do += o[c][k] / total
				de += total * row[c] * col[k] / (total*total - tsum) / total
			}
		}
		if de < 1e-12 {
			return 0, false
		}
		return 1 - do/de, true
	}
	all := make([]int, n)
	for c := range all {
		all[c] = c
	}
	f.u, f.uOK = alphaFrom(ell, squares, all)
	// |u-alpha: the 2 × 2 collapse of ℓ and of the full ε (eq. 35).
	var total, tsum float64
	for c := range n {
		for k := range n {
			total += ell[c][k]
		}
		tsum += squares[c]
	}
	if total > 0 {
		row := make([]float64, n)
		for c := range n {
			for k := range n {
				row[c] += ell[c][k]
			}
		}
		var do, de float64
		for c := range n {
			for k := range n {
				if (c == gap) == (k == gap) {
					continue
				}
				do += ell[c][k] / total
				de += row[c] * row[k] / (total*total - tsum)
			}
		}
		if de > 1e-12 {
			f.binary, f.bOK = 1-do/de, true
		}
	}
	// cu-alpha: pairable lengths p = mean over the other coders of the
	// positions of the unit they marked.
	pairable := make([]float64, n)
	for i := range m {
		for _, g := range sections[i] {
			if g.value == gap {
				continue
			}
			var p float64
			for j := range m {
				if j != i {
					p += naiveIntersect(g.pos, marked[j])
				}
			}
			p /= float64(m - 1)
			pairable[g.value] += p * p
		}
	}
	vals := all[:values]
	f.cu, f.cuOK = alphaFrom(ell, pairable, vals)
	var ptotal, ptsum float64
	prow := make([]float64, values)
	for _, c := range vals {
		for _, k := range vals {
			ptotal += ell[c][k]
			prow[c] += ell[c][k]
		}
		ptsum += pairable[c]
	}
	eps := func(c, k int) float64 {
		x := prow[c] * prow[k]
		if c == k {
			x -= pairable[c]
		}
		return ptotal * x / (ptotal*ptotal - ptsum)
	}
	for k := range values {
		var markedK float64
		for c := range n {
			markedK += ell[c][k]
		}
		cov := 0.0
		if markedK > 0 {
			cov = prow[k] / markedK
		}
		f.coverage = append(f.coverage, cov)
		var epsK float64
		for _, c := range vals {
			epsK += eps(c, k)
		}
		if prow[k] == 0 || ptotal == 0 || epsK-eps(k, k) < 1e-12 {
			f.k, f.kOK = append(f.k, 0), append(f.kOK, false)
			continue
		}
		do := (prow[k] - ell[k][k]) / prow[k]
		de := (epsK - eps(k, k)) / epsK
		f.k, f.kOK = append(f.k, 1-do/de), append(f.kOK, true)
	}
	return f
}

// randomUnitizing makes small unitizations: 2–4 coders, up to 4 values, a
// continuum of one or more stretches with holes (left-out text), segments
// that cross the holes, touch, repeat or overlap with the same value.
func randomUnitizing(rng *rand.Rand) (within []Span, segs [][]Segment, values int) {
	m := 2 + rng.IntN(3)
	values = 1 + rng.IntN(4)
	pos := rng.IntN(3)
	for range 1 + rng.IntN(3) {
		l := 1 + rng.IntN(25)
		within = append(within, Span{pos, pos + l})
		pos += l + rng.IntN(4)
	}
	end := pos + 2
	// In about one case in five a coder also overlaps two values.
	mixed := rng.IntN(5) == 0
	segs = make([][]Segment, m)
	for i := range segs {
		at := rng.IntN(4)
		for at < end && rng.IntN(6) > 0 {
			l := 1 + rng.IntN(12)
			v := rng.IntN(values)
			segs[i] = append(segs[i], Segment{at, min(at+l, end), v})
			switch rng.IntN(4) {
			case 0: // touch
				at += l
			case 1: // the same value again (or another), overlapping
				if mixed {
					v = rng.IntN(values)
				}
				segs[i] = append(segs[i], Segment{min(at+l/2, end), min(at+l+3, end), v})
				at += l + 3
			default:
				at += l + rng.IntN(6)
			}
		}
	}
	return within, segs, values
}

func unitizedOf(t testing.TB, within []Span, segs [][]Segment, values int) (*Unitizing, []SelfOverlap) {
	t.Helper()
	c, err := NewContinuum(within...)
	if err != nil {
		t.Fatal(err)
	}
	u, err := NewUnitizing(len(segs), values)
	if err != nil {
		t.Fatal(err)
	}
	over, err := u.Add(c, segs)
	if err != nil {
		t.Fatal(err)
	}
	return u, over
}

// compareUnitizedWithNaive checks every coefficient and the coincidence matrix of
// one small unitization against the naive recomputation.
func compareUnitizedWithNaive(t testing.TB, within []Span, segs [][]Segment, values int) {
	t.Helper()
	u, over := unitizedOf(t, within, segs, values)
	r := u.Result()
	f := naiveUnitized(within, segs, values)
	if f.overlap != (len(over) > 0) || f.overlap != (r.SelfOverlaps > 0) {
		t.Fatalf("self-overlap: naive %v, found %v\nwithin %v\nsegments %v", f.overlap, over, within, segs)
	}
	if f.joined != r.JoinedSegments {
		t.Errorf("joined %d, naive %d\nsegments %v", r.JoinedSegments, f.joined, segs)
	}
	if f.overlap {
		if r.U.Alpha.Defined || r.Binary.Alpha.Defined || r.CU.Alpha.Defined {
			t.Errorf("coefficients defined despite self-overlaps: %+v", r)
		}
		return
	}
	same := func(name string, got Value, want float64, ok bool) {
		t.Helper()
		if got.Defined != ok || (ok && !near(got.V, want, 1e-9*max(1, math.Abs(want)))) {
			t.Errorf("%s = %v, naive %v (defined %v)\nwithin %v\nsegments %v", name, got, want, ok, within, segs)
		}
	}
	same("u-alpha", r.U.Alpha, f.u, f.uOK)
	same("|u-alpha", r.Binary.Alpha, f.binary, f.bOK)
	same("cu-alpha", r.CU.Alpha, f.cu, f.cuOK)
	for k := range values {
		same("(k)u-alpha", r.PerValue[k].Alpha.Alpha, f.k[k], f.kOK[k])
		if r.PerValue[k].Coverage.Defined {
			same("coverage", r.PerValue[k].Coverage, f.coverage[k], true)
		}
	}
	obs, _, _ := u.Coincidences()
	for c := range obs {
		for k := range obs[c] {
			if !near(obs[c][k], f.observed[c][k], 1e-9) {
				t.Errorf("ℓ[%d][%d] = %v, naive %v", c, k, obs[c][k], f.observed[c][k])
			}
		}
	}
}

func TestUnitizedMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 6))
	overlapping := 0
	for range 3000 {
		within, segs, values := randomUnitizing(rng)
		compareUnitizedWithNaive(t, within, segs, values)
		if naiveUnitized(within, segs, values).overlap {
			overlapping++
		}
		if t.Failed() {
			return
		}
	}
	if overlapping < 100 || overlapping > 2900 {
		t.Errorf("%d of 3000 cases had self-overlaps: the generator does not exercise both paths", overlapping)
	}
	compareUnitizedWithNaive(t, []Span{{0, 60}}, bookExample, 7)
}

// Several sources are one continuum laid end to end: adding them one by
// one gives what one source holding both (with a hole between) gives.
func TestUnitizedSourcesPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		w1, s1, v1 := randomUnitizing(rng)
		w2, s2, _ := randomUnitizing(rng)
		if len(s1) != len(s2) {
			continue
		}
		shift := w1[len(w1)-1].End + 100
		var w []Span
		w = append(w, w1...)
		for _, s := range w2 {
			w = append(w, Span{s.Start + shift, s.End + shift})
		}
		segs := make([][]Segment, len(s1))
		for i := range s1 {
			segs[i] = append(segs[i], s1[i]...)
			for _, s := range s2[i] {
				segs[i] = append(segs[i], Segment{s.Start + shift, s.End + shift, s.Value % v1})
			}
			for j := range s2[i] {
				s2[i][j].Value %= v1
			}
		}
		one, _ := unitizedOf(t, w, segs, v1)
		c1, _ := NewContinuum(w1...)
		c2, _ := NewContinuum(w2...)
		two, _ := NewUnitizing(len(s1), v1)
		o1, _ := two.Add(c1, s1)
		o2, _ := two.Add(c2, s2)
		a, b := one.Result(), two.Result()
		if a.SelfOverlaps != len(o1)+len(o2) || a.Length != b.Length {
			t.Fatalf("overlaps %d vs %d+%d, length %d vs %d", a.SelfOverlaps, len(o1), len(o2), a.Length, b.Length)
		}
		for _, pair := range [][2]Value{{a.U.Alpha, b.U.Alpha}, {a.Binary.Alpha, b.Binary.Alpha}, {a.CU.Alpha, b.CU.Alpha}} {
			if pair[0].Defined != pair[1].Defined || !near(pair[0].V, pair[1].V, 1e-9) {
				t.Fatalf("one continuum %v, two %v", pair[0], pair[1])
			}
		}
	}
}

func TestUnitizedEdgeCases(t *testing.T) {
	whole := []Span{{0, 30}}
	// Identical unitizations agree perfectly on every coefficient.
	same := []Segment{{0, 10, 0}, {10, 20, 1}, {25, 30, 0}}
	u, _ := unitizedOf(t, whole, [][]Segment{same, same, same}, 2)
	r := u.Result()
	for name, v := range map[string]Value{"u": r.U.Alpha, "binary": r.Binary.Alpha, "cu": r.CU.Alpha, "k0": r.PerValue[0].Alpha.Alpha, "k1": r.PerValue[1].Alpha.Alpha} {
		if !v.Defined || v.V != 1 {
			t.Errorf("identical: %s = %v", name, v)
		}
	}
	// Nothing marked: undefined, with a reason.
	u, _ = unitizedOf(t, whole, [][]Segment{nil, nil}, 1)
	r = u.Result()
	if r.U.Alpha.Defined || r.Binary.Alpha.Defined || r.CU.Alpha.Defined || r.Binary.Alpha.Reason != "no coder marked anything" {
		t.Errorf("nothing marked: %+v", r)
	}
	// Everything marked with one value by everyone: nothing to tell apart.
	all := []Segment{{0, 30, 0}}
	u, _ = unitizedOf(t, whole, [][]Segment{all, all}, 1)
	if r = u.Result(); r.U.Alpha.Defined || r.Binary.Alpha.Defined || r.CU.Alpha.Defined {
		t.Errorf("all marked: %+v", r)
	}
	// Empty continuum.
	u, _ = unitizedOf(t, nil, [][]Segment{all, all}, 1)
	if r = u.Result(); r.U.Alpha.Defined || r.U.Alpha.Reason != "the continuum is empty" {
		t.Errorf("empty: %+v", r.U)
	}
	// One coder marks two values on the same text: reported in text
	// positions, split at the left-out text, and no coefficient computed.
	within := []Span{{0, 10}, {20, 30}}
	u, over := unitizedOf(t, within, [][]Segment{{{5, 25, 0}, {8, 22, 1}}, {{0, 5, 0}}}, 2)
	want := []SelfOverlap{{Coder: 0, Start: 8, End: 10, Values: []int{0, 1}}, {Coder: 0, Start: 20, End: 22, Values: []int{0, 1}}}
	if !slices.EqualFunc(over, want, func(a, b SelfOverlap) bool {
		return a.Coder == b.Coder && a.Start == b.Start && a.End == b.End && slices.Equal(a.Values, b.Values)
	}) {
		t.Errorf("overlaps = %+v, want %+v", over, want)
	}
	if r = u.Result(); r.SelfOverlaps != 2 || r.U.Alpha.Defined || r.PerValue[0].Alpha.Alpha.Defined {
		t.Errorf("with overlaps: %+v", r)
	}
	// Overlapping segments of the same value are one unit; touching ones
	// stay two (T counts 10² + 10² rather than 20²).
	u, _ = unitizedOf(t, whole, [][]Segment{{{0, 10, 0}, {10, 20, 0}}, {{0, 12, 0}, {5, 20, 0}}}, 1)
	_, squares, _ := u.Coincidences()
	if squares[0] != 10*10+10*10+20*20 || u.Result().JoinedSegments != 1 {
		t.Errorf("T = %v, joined %d", squares[0], u.Result().JoinedSegments)
	}
	// A segment that crosses left-out text is one unit of its continuum
	// positions: [5, 25) over [0, 10) and [20, 30) is 10 long.
	u, _ = unitizedOf(t, within, [][]Segment{{{5, 25, 0}}, {{5, 25, 0}}}, 1)
	_, squares, _ = u.Coincidences()
	if squares[0] != 2*10*10 || u.Result().Length != 20 {
		t.Errorf("T = %v, L = %d", squares[0], u.Result().Length)
	}
	// Malformed input.
	c, _ := NewContinuum(whole...)
	x, _ := NewUnitizing(2, 1)
	if _, err := x.Add(c, [][]Segment{{{5, 3, 0}}, nil}); err == nil {
		t.Error("a backwards segment was accepted")
	}
	if _, err := x.Add(c, [][]Segment{{{1, 3, 1}}, nil}); err == nil {
		t.Error("a value out of range was accepted")
	}
	if _, err := x.Add(c, [][]Segment{nil}); err == nil {
		t.Error("one coder's segments for two coders were accepted")
	}
	if _, err := NewContinuum(Span{0, 10}, Span{5, 15}); err == nil {
		t.Error("overlapping continuum stretches were accepted")
	}
	if _, err := NewUnitizing(1, 1); err == nil {
		t.Error("one coder was accepted")
	}
}

// The coefficients do not depend on the order of the coders.
func TestUnitizedCoderOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 300 {
		within, segs, values := randomUnitizing(rng)
		a, _ := unitizedOf(t, within, segs, values)
		rev := slices.Clone(segs)
		slices.Reverse(rev)
		b, _ := unitizedOf(t, within, rev, values)
		ra, rb := a.Result(), b.Result()
		for _, pair := range [][2]Value{{ra.U.Alpha, rb.U.Alpha}, {ra.Binary.Alpha, rb.Binary.Alpha}, {ra.CU.Alpha, rb.CU.Alpha}} {
			if pair[0].Defined != pair[1].Defined || !near(pair[0].V, pair[1].V, 1e-9) {
				t.Fatalf("coders in order %v, reversed %v", pair[0], pair[1])
			}
		}
	}
}

// FuzzUnitizedAlpha: any small unitization gives no panic, disagreements
// between 0 and 1, alphas at most 1 (or undefined with a reason), and the
// naive recomputation's values.
func FuzzUnitizedAlpha(f *testing.F) {
	f.Add([]byte{1, 30, 0, 2, 0, 7, 0, 0, 7, 6, 1, 1, 0, 7, 0})
	f.Add([]byte{2, 60, 1, 3, 5, 9, 1, 20, 4, 2, 2, 3, 3, 40, 9, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 {
			return
		}
		m := 2 + int(data[0])%3
		length := 1 + int(data[1])%40
		values := 1 + int(data[3])%3
		within := []Span{{0, length}}
		if data[2]%2 == 1 && length > 4 {
			// a hole of left-out text in the middle
			within = []Span{{0, length / 3}, {length/3 + 2, length}}
		}
		segs := make([][]Segment, m)
		// At most 40 segments, so that the naive recomputation stays quick.
		for i := 4; i+2 < len(data) && i < 4+3*40; i += 3 {
			coder := int(data[i]) % m
			start := int(data[i+1]) % (length + 2)
			end := start + int(data[i+2])%12
			segs[coder] = append(segs[coder], Segment{start, end, int(data[i]/4) % values})
		}
		u, _ := unitizedOf(t, within, segs, values)
		r := u.Result()
		for _, a := range []UnitizedAlpha{r.U, r.Binary, r.CU} {
			checkAlphaRange(t, a)
		}
		for _, v := range r.PerValue {
			checkAlphaRange(t, v.Alpha)
			if v.Coverage.Defined && (v.Coverage.V < 0 || v.Coverage.V > 1+1e-12) {
				t.Fatalf("coverage %v", v.Coverage)
			}
		}
		compareUnitizedWithNaive(t, within, segs, values)
	})
}

func checkAlphaRange(t *testing.T, a UnitizedAlpha) {
	t.Helper()
	if !a.Alpha.Defined {
		if a.Alpha.Reason == "" {
			t.Fatal("undefined without a reason")
		}
		return
	}
	if a.Alpha.V > 1+1e-12 || math.IsNaN(a.Alpha.V) {
		t.Fatalf("alpha %v", a.Alpha)
	}
	if a.Observed.V < -1e-12 || a.Observed.V > 1+1e-12 || a.Expected.V <= 0 || a.Expected.V > 1+1e-12 {
		t.Fatalf("D_o %v, D_e %v", a.Observed, a.Expected)
	}
}
