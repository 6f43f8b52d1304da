package agree

import "fmt"

// Alpha is Krippendorff's alpha with the two disagreements it is made of,
// so that a reviewer can check them against a hand computation.
type Alpha struct {
	// Level is the level of measurement (metric) used.
	Level Level `json:"level"`
	// Alpha is 1 − D_o / D_e.
	Alpha Value `json:"alpha"`
	// Observed is D_o, the mean distance between values paired within units.
	Observed Value `json:"observed_disagreement"`
	// Expected is D_e, the mean distance between any two pairable values.
	Expected Value `json:"expected_disagreement"`
	// Pairable is n, the number of values in units that have two or more.
	Pairable int64 `json:"pairable_values"`
}

// CoincidenceMatrix is Krippendorff's q × q coincidence matrix o_ck: every
// unit with m ≥ 2 values contributes each ordered pair of its values (two
// different coders) with weight 1/(m − 1), so that each pairable value
// counts once in total. Units with fewer than two values contribute
// nothing. It is returned as a fresh matrix; a malformed table gives nil.
func CoincidenceMatrix(c CountTable) [][]float64 {
	if c.check() != "" {
		return nil
	}
	q := len(c.Categories)
	flat := coincidences(c, make([]float64, q*q))
	o := make([][]float64, q)
	for k := range o {
		o[k] = flat[k*q : (k+1)*q : (k+1)*q]
	}
	return o
}

// coincidences adds the coincidence matrix of c, row by row, into o (q × q,
// zeroed) and returns it.
func coincidences(c CountTable, o []float64) []float64 {
	q := len(c.Categories)
	for _, row := range c.Rows {
		m := 0
		for _, x := range row.ByCategory {
			m += x
		}
		if m < 2 {
			continue
		}
		scale := float64(row.Units) / float64(m-1)
		for k, x := range row.ByCategory {
			if x == 0 {
				continue
			}
			for l, y := range row.ByCategory {
				if y == 0 {
					continue
				}
				pairs := x * y
				if k == l {
					pairs = x * (x - 1)
				}
				o[k*q+l] += scale * float64(pairs)
			}
		}
	}
	return o
}

// KrippendorffAlpha is Krippendorff's alpha at the given level of
// measurement, computed from the coincidence matrix:
//
//	D_o = (1/n) Σ_c Σ_k o_ck δ²(c,k)
//	D_e = (1/(n(n−1))) Σ_c Σ_k n_c n_k δ²(c,k)
//	alpha = 1 − D_o / D_e
//
// where n_c = Σ_k o_ck and n = Σ_c n_c. Missing values are allowed; units
// with fewer than two values drop out. Alpha is undefined when nothing is
// pairable or when D_e = 0 (every pairable value is the same).
func KrippendorffAlpha(c CountTable, level Level) Alpha {
	a := Alpha{Level: level}
	fail := func(reason string) Alpha {
		a.Alpha, a.Observed, a.Expected = undefined(reason), undefined(reason), undefined(reason)
		return a
	}
	if r := c.check(); r != "" {
		return fail(r)
	}
	for _, row := range c.Rows {
		m := 0
		for _, x := range row.ByCategory {
			m += x
		}
		if m >= 2 {
			a.Pairable += int64(m) * row.Units
		}
	}
	switch level {
	case Nominal, Ordinal, Interval:
	case Ratio:
		for _, v := range c.Categories {
			if v < 0 {
				return fail(fmt.Sprintf("the ratio level needs values of at least 0; category %v is negative", v))
			}
		}
	default:
		return fail(fmt.Sprintf("unknown level of measurement %v", level))
	}
	if a.Pairable == 0 {
		return fail("no unit has two or more values, so there is nothing to pair")
	}
	q := len(c.Categories)
	// One block of numbers: the q × q coincidences, the q margins n_c and
	// the q + 1 running sums of the margins that the ordinal metric uses.
	var small [smallCategories * smallCategories]float64
	buf := zeroed(small[:], q*q+2*q+1)
	o := coincidences(c, buf[:q*q])
	margin, cumulative := buf[q*q:q*q+q], buf[q*q+q:]
	var n float64
	for k := range q {
		for l := range q {
			margin[k] += o[k*q+l]
		}
		n += margin[k]
		cumulative[k+1] = cumulative[k] + margin[k]
	}
	var observed, expected float64
	for k := range q {
		for l := range q {
			if k == l {
				continue // δ(c, c) = 0 at every level
			}
			d := distance(level, c.Categories, margin, cumulative, k, l)
			observed += o[k*q+l] * d
			expected += margin[k] * margin[l] * d
		}
	}
	a.Observed = known(observed / n)
	a.Expected = known(expected / (n * (n - 1)))
	if expected == 0 {
		a.Alpha = undefined("every pairable value is the same, so the expected disagreement D_e is 0 and alpha is 0/0")
		return a
	}
	a.Alpha = known(1 - (n-1)*observed/expected)
	return a
}

// distance is δ²(c, k) for the different categories at indexes k and l:
//
//	nominal:  1
//	ordinal:  (Σ_{g between k and l, both included} n_g − (n_k + n_l)/2)²
//	interval: (v_k − v_l)²
//	ratio:    ((v_k − v_l)/(v_k + v_l))²
//
// where v are the category values and n the margins of the coincidence
// matrix; cumulative[g] = n_0 + … + n_{g−1}.
func distance(level Level, values, margin, cumulative []float64, k, l int) float64 {
	switch level {
	case Ordinal:
		if k > l {
			k, l = l, k
		}
		d := cumulative[l+1] - cumulative[k] - (margin[k]+margin[l])/2
		return d * d
	case Interval:
		d := values[k] - values[l]
		return d * d
	case Ratio:
		d := (values[k] - values[l]) / (values[k] + values[l])
		return d * d
	}
	return 1
}
