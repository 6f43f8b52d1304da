package agree

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The functions in this file recompute every statistic straight from its
// textbook definition on a plain units × coders matrix (NaN = missing),
// deliberately slowly and without sharing code with the package: alpha by
// listing every pairable value pair, kappa from the two columns, Gwet's
// p_a by counting agreeing pairs of coders. They return ok = false where
// the statistic is 0/0.

func present(v float64) bool { return !math.IsNaN(v) }

// naiveCategories is the ascending list of values that occur.
func naiveCategories(rows [][]float64) []float64 {
	var cats []float64
	for _, row := range rows {
		for _, v := range row {
			if present(v) && !slices.Contains(cats, v) {
				cats = append(cats, v)
			}
		}
	}
	slices.Sort(cats)
	return cats
}

func rankOf(cats []float64, v float64) int { return slices.Index(cats, v) }

// naiveAlpha enumerates, for D_o, every ordered pair of values from two
// different coders within a unit, weighted 1/(m_u − 1), and, for D_e, every
// ordered pair of two different pairable values anywhere in the data.
func naiveAlpha(rows [][]float64, level Level) (alpha, do, de float64, ok bool) {
	var pairable []float64
	var units [][]float64
	for _, row := range rows {
		var vals []float64
		for _, v := range row {
			if present(v) {
				vals = append(vals, v)
			}
		}
		if len(vals) >= 2 {
			units = append(units, vals)
			pairable = append(pairable, vals...)
		}
	}
	n := float64(len(pairable))
	if n == 0 {
		return 0, 0, 0, false
	}
	frequency := func(g float64) float64 {
		count := 0.0
		for _, v := range pairable {
			if v == g {
				count++
			}
		}
		return count
	}
	delta := func(c, k float64) float64 {
		if c == k {
			return 0
		}
		switch level {
		case Nominal:
			return 1
		case Ordinal:
			lo, hi := math.Min(c, k), math.Max(c, k)
			var between float64
			for _, g := range naiveCategories([][]float64{pairable}) {
				if g >= lo && g <= hi {
					between += frequency(g)
				}
			}
			d := between - (frequency(c)+frequency(k))/2
			return d * d
		case Interval:
			return (c - k) * (c - k)
		case Ratio:
			d := (c - k) / (c + k)
			return d * d
		}
		panic("level")
	}
	for _, vals := range units {
		m := float64(len(vals))
		for i := range vals {
			for j := range vals {
				if i != j {
					do += delta(vals[i], vals[j]) / (m - 1)
				}
			}
		}
	}
	do /= n
	for i := range pairable {
		for j := range pairable {
			if i != j {
				de += delta(pairable[i], pairable[j])
			}
		}
	}
	de /= n * (n - 1)
	if de == 0 {
		return 0, do, de, false
	}
	return 1 - do/de, do, de, true
}

// naiveBoth keeps the units both coders rated.
func naiveBoth(rows [][]float64, a, b int) (xs, ys []float64) {
	for _, row := range rows {
		if present(row[a]) && present(row[b]) {
			xs = append(xs, row[a])
			ys = append(ys, row[b])
		}
	}
	return xs, ys
}

func count(values []float64, v float64) float64 {
	n := 0.0
	for _, x := range values {
		if x == v {
			n++
		}
	}
	return n
}

// naiveCohen is kappa from the two columns: p_o the share of equal pairs,
// p_e the sum over categories of the product of the coders' proportions.
func naiveCohen(rows [][]float64, a, b int) (float64, bool) {
	xs, ys := naiveBoth(rows, a, b)
	n := float64(len(xs))
	if n == 0 {
		return 0, false
	}
	var po, pe float64
	for i := range xs {
		if xs[i] == ys[i] {
			po++
		}
	}
	po /= n
	for _, k := range naiveCategories(rows) {
		pe += count(xs, k) / n * count(ys, k) / n
	}
	if pe == 1 {
		return 0, false
	}
	return (po - pe) / (1 - pe), true
}

// naiveScott pools both coders' ratings for the chance term.
func naiveScott(rows [][]float64, a, b int) (float64, bool) {
	xs, ys := naiveBoth(rows, a, b)
	n := float64(len(xs))
	if n == 0 {
		return 0, false
	}
	var po, pe float64
	for i := range xs {
		if xs[i] == ys[i] {
			po++
		}
	}
	po /= n
	for _, k := range naiveCategories(rows) {
		pi := (count(xs, k) + count(ys, k)) / (2 * n)
		pe += pi * pi
	}
	if pe == 1 {
		return 0, false
	}
	return (po - pe) / (1 - pe), true
}

// naiveWeight is the agreement weight of the values at ranks i and j.
func naiveWeight(w Weighting, i, j, q int) float64 {
	switch w {
	case Linear:
		return 1 - math.Abs(float64(i-j))/float64(q-1)
	case Quadratic:
		return 1 - math.Pow(float64(i-j)/float64(q-1), 2)
	}
	if i == j {
		return 1
	}
	return 0
}

// naiveWeightedKappa uses the disagreement form
// kappa_w = 1 − Σ v_ij p_ij / Σ v_ij p_i. p_.j with v = 1 − w.
func naiveWeightedKappa(rows [][]float64, cats []float64, a, b int, w Weighting) (float64, bool) {
	xs, ys := naiveBoth(rows, a, b)
	n := float64(len(xs))
	q := len(cats)
	if n == 0 || q < 2 {
		return 0, false
	}
	var observed, expected float64
	for i := range xs {
		observed += 1 - naiveWeight(w, rankOf(cats, xs[i]), rankOf(cats, ys[i]), q)
	}
	observed /= n
	for i, ci := range cats {
		for j, cj := range cats {
			expected += (1 - naiveWeight(w, i, j, q)) * count(xs, ci) / n * count(ys, cj) / n
		}
	}
	if expected == 0 {
		return 0, false
	}
	return 1 - observed/expected, true
}

// naiveGwetParts counts, per unit, the ordered pairs of two different
// coders who both rated it and the (weighted) agreement among them, and
// the category shares π_k over units rated by anyone.
func naiveGwetParts(rows [][]float64, cats []float64, w Weighting) (pa float64, pi []float64, ok bool) {
	q := len(cats)
	pi = make([]float64, q)
	var paired, rated float64
	for _, row := range rows {
		var vals []float64
		for _, v := range row {
			if present(v) {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			continue
		}
		rated++
		for k, c := range cats {
			pi[k] += count(vals, c) / float64(len(vals))
		}
		if len(vals) < 2 {
			continue
		}
		var agree, pairs float64
		for i := range vals {
			for j := range vals {
				if i != j {
					pairs++
					agree += naiveWeight(w, rankOf(cats, vals[i]), rankOf(cats, vals[j]), q)
				}
			}
		}
		paired++
		pa += agree / pairs
	}
	if paired == 0 {
		return 0, nil, false
	}
	for k := range pi {
		pi[k] /= rated
	}
	return pa / paired, pi, true
}

func naivePercent(rows [][]float64) (float64, bool) {
	pa, _, ok := naiveGwetParts(rows, naiveCategories(rows), Unweighted)
	return pa, ok
}

func naiveFleiss(rows [][]float64) (float64, bool) {
	pa, pi, ok := naiveGwetParts(rows, naiveCategories(rows), Unweighted)
	if !ok {
		return 0, false
	}
	var pe float64
	for _, p := range pi {
		pe += p * p
	}
	if pe == 1 {
		return 0, false
	}
	return (pa - pe) / (1 - pe), true
}

func naiveAC2(rows [][]float64, cats []float64, w Weighting) (float64, bool) {
	pa, pi, ok := naiveGwetParts(rows, cats, w)
	q := len(cats)
	if !ok || q < 2 {
		return 0, false
	}
	var tw, spread float64
	for i := range q {
		for j := range q {
			tw += naiveWeight(w, i, j, q)
		}
	}
	for _, p := range pi {
		spread += p * (1 - p)
	}
	pe := tw / float64(q*(q-1)) * spread
	return (pa - pe) / (1 - pe), true
}

func naiveBP(rows [][]float64, q int) (float64, bool) {
	pa, ok := naivePercent(rows)
	if !ok || q < 2 {
		return 0, false
	}
	return (pa - 1/float64(q)) / (1 - 1/float64(q)), true
}

// randomRatings makes units × coders data with values drawn from values
// (not evenly spaced, so ranks and values differ), some missing.
func randomRatings(rng *rand.Rand, units, coders int, values []float64, missingShare float64) [][]float64 {
	rows := make([][]float64, units)
	for u := range rows {
		rows[u] = make([]float64, coders)
		// A "true" value that coders often agree on, so statistics vary.
		truth := values[rng.IntN(len(values))]
		for c := range rows[u] {
			switch {
			case rng.Float64() < missingShare:
				rows[u][c] = math.NaN()
			case rng.Float64() < 0.6:
				rows[u][c] = truth
			default:
				rows[u][c] = values[rng.IntN(len(values))]
			}
		}
	}
	return rows
}

// compress merges identical rows into weighted rows, the way long
// sources are passed to the package.
func compress(rows [][]float64) Ratings {
	r := Ratings{Coders: len(rows[0])}
	for _, row := range rows {
		found := false
		for i := range r.Rows {
			if slices.EqualFunc(r.Rows[i].Values, row, func(x, y float64) bool {
				return x == y || (math.IsNaN(x) && math.IsNaN(y))
			}) {
				r.Rows[i].Units++
				found = true
				break
			}
		}
		if !found {
			r.Rows = append(r.Rows, RatingRow{Values: row, Units: 1})
		}
	}
	return r
}

func checkClose(t *testing.T, what string, got Value, want float64, wantOK bool) {
	t.Helper()
	if got.Defined != wantOK {
		t.Errorf("%s: got %v, naive defined = %v (%v)", what, got, wantOK, want)
		return
	}
	if !wantOK {
		if got.Reason == "" {
			t.Errorf("%s: undefined without a reason", what)
		}
		return
	}
	if math.Abs(got.V-want) > 1e-9 {
		t.Errorf("%s: got %.12f, naive %.12f", what, got.V, want)
	}
}

// compareWithNaive checks every statistic of the package against the
// naive computations on one data set, both unit by unit and with identical
// units merged into weighted rows.
func compareWithNaive(t *testing.T, rows [][]float64) {
	t.Helper()
	cats := naiveCategories(rows)
	for _, form := range []struct {
		name    string
		ratings Ratings
	}{{"rows", NewRatings(rows)}, {"weighted", compress(rows)}} {
		counts, err := form.ratings.CountTable()
		if err != nil {
			t.Fatal(err)
		}
		for _, level := range []Level{Nominal, Ordinal, Interval, Ratio} {
			alpha, do, de, ok := naiveAlpha(rows, level)
			got := KrippendorffAlpha(counts, level)
			checkClose(t, form.name+" alpha "+level.String(), got.Alpha, alpha, ok)
			if got.Observed.Defined && got.Expected.Defined {
				checkClose(t, form.name+" D_o "+level.String(), got.Observed, do, true)
				checkClose(t, form.name+" D_e "+level.String(), got.Expected, de, true)
			}
		}
		v, ok := naivePercent(rows)
		checkClose(t, form.name+" percent agreement", PercentAgreement(counts), v, ok)
		v, ok = naiveFleiss(rows)
		checkClose(t, form.name+" Fleiss", FleissKappa(counts), v, ok)
		v, ok = naiveAC2(rows, cats, Unweighted)
		checkClose(t, form.name+" AC1", GwetAC1(counts), v, ok)
		for _, w := range []Weighting{Linear, Quadratic} {
			v, ok = naiveAC2(rows, cats, w)
			checkClose(t, form.name+" AC2 "+w.String(), GwetAC2(counts, w), v, ok)
		}
		v, ok = naiveBP(rows, len(cats))
		checkClose(t, form.name+" Brennan–Prediger", BrennanPrediger(counts), v, ok)
		coders := len(rows[0])
		for a := range coders {
			for b := a + 1; b < coders; b++ {
				table, err := form.ratings.Pair(a, b)
				if err != nil {
					t.Fatal(err)
				}
				v, ok = naiveCohen(rows, a, b)
				checkClose(t, form.name+" Cohen", CohenKappa(table), v, ok)
				v, ok = naiveScott(rows, a, b)
				checkClose(t, form.name+" Scott", ScottPi(table), v, ok)
				for _, w := range []Weighting{Linear, Quadratic} {
					v, ok = naiveWeightedKappa(rows, cats, a, b, w)
					checkClose(t, form.name+" weighted kappa "+w.String(), WeightedKappa(table, w), v, ok)
				}
			}
		}
	}
}

// TestNaiveOnVectors compares with the naive formulas on the published
// data sets.
func TestNaiveOnVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if v.Data == nil || v.Data[0] != '[' {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			compareWithNaive(t, ratingsMatrix(t, v))
		})
	}
}

func ratingsMatrix(t *testing.T, v vector) [][]float64 {
	r := ratingsFromJSON(t, v.Data)
	rows := make([][]float64, len(r.Rows))
	for i, row := range r.Rows {
		rows[i] = row.Values
	}
	return rows
}

// TestNaiveOnRandomData compares with the naive formulas on seeded random
// data of many shapes, including missing values and single categories.
func TestNaiveOnRandomData(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	valueSets := [][]float64{{1}, {0, 1}, {1, 2, 3}, {1, 2, 5, 8}, {0.5, 1, 3, 7, 10, 20}}
	for trial := range 300 {
		units := 1 + rng.IntN(25)
		coders := 2 + rng.IntN(4)
		values := valueSets[rng.IntN(len(valueSets))]
		missingShare := []float64{0, 0.2, 0.5}[rng.IntN(3)]
		rows := randomRatings(rng, units, coders, values, missingShare)
		t.Run(fmt.Sprintf("trial%03d", trial), func(t *testing.T) {
			compareWithNaive(t, rows)
		})
	}
}
