package agree

import (
	"fmt"
	"strconv"
)

// margins returns the row sums (coder A), column sums (coder B) and total.
func (t Table) margins() (rows, cols []float64, n float64) {
	q := len(t.Categories)
	rows = make([]float64, q)
	cols = make([]float64, q)
	for i, row := range t.Cells {
		for j, x := range row {
			rows[i] += float64(x)
			cols[j] += float64(x)
			n += float64(x)
		}
	}
	return rows, cols, n
}

// onlyCategory reports the single category used by both coders, if the
// margins use one category and the same one: then chance agreement is 1.
func onlyCategory(cats, rows, cols []float64) (float64, bool) {
	used := -1
	for k := range cats {
		if rows[k] == 0 && cols[k] == 0 {
			continue
		}
		if used >= 0 {
			return 0, false
		}
		used = k
	}
	if used < 0 {
		return 0, false
	}
	return cats[used], true
}

const noSharedUnits = "no unit was rated by both coders"

func oneCategoryReason(cat float64) string {
	return "every rating is the same category (" + strconv.FormatFloat(cat, 'g', -1, 64) +
		"), so agreement expected by chance is 1 and the coefficient is 0/0"
}

// ObservedAgreement is p_o, the share of units, among those both coders
// rated, that the two coders put into the same category (percent agreement
// as a proportion from 0 to 1).
func ObservedAgreement(t Table) Value {
	if r := t.check(); r != "" {
		return undefined(r)
	}
	_, _, n := t.margins()
	if n == 0 {
		return undefined(noSharedUnits)
	}
	var same float64
	for i := range t.Cells {
		same += float64(t.Cells[i][i])
	}
	return known(same / n)
}

// CohenKappa is Cohen's (1960) kappa for two coders:
// (p_o − p_e) / (1 − p_e), where p_o is the observed agreement and
// p_e = Σ_k p_A(k)·p_B(k) uses each coder's own category proportions.
// Units that either coder left missing are not in the table.
func CohenKappa(t Table) Value {
	return WeightedKappa(t, Unweighted)
}

// WeightedKappa is Cohen's (1968) weighted kappa for ordered categories:
// (p_o(w) − p_e(w)) / (1 − p_e(w)), with p_o(w) = Σ w_ij p_ij and
// p_e(w) = Σ w_ij p_A(i) p_B(j). Weights come from the categories' ranks
// (see Weighting). Unweighted gives Cohen's kappa.
func WeightedKappa(t Table, w Weighting) Value {
	if r := t.check(); r != "" {
		return undefined(r)
	}
	if !w.valid() {
		return undefined(fmt.Sprintf("unknown weighting %v", w))
	}
	rows, cols, n := t.margins()
	if n == 0 {
		return undefined(noSharedUnits)
	}
	if cat, ok := onlyCategory(t.Categories, rows, cols); ok {
		return undefined(oneCategoryReason(cat))
	}
	q := len(t.Categories)
	var observed, expected float64
	for i, row := range t.Cells {
		for j, x := range row {
			wij := w.weight(i, j, q)
			observed += wij * float64(x)
			expected += wij * rows[i] * cols[j]
		}
	}
	observed /= n
	expected /= n * n
	return known((observed - expected) / (1 - expected))
}

// ScottPi is Scott's (1955) pi for two coders: (p_o − p_e) / (1 − p_e)
// with p_e = Σ_k π_k², where π_k is the share of category k among all
// 2N ratings of both coders pooled. Units either coder left missing are not
// in the table.
func ScottPi(t Table) Value {
	if r := t.check(); r != "" {
		return undefined(r)
	}
	rows, cols, n := t.margins()
	if n == 0 {
		return undefined(noSharedUnits)
	}
	if cat, ok := onlyCategory(t.Categories, rows, cols); ok {
		return undefined(oneCategoryReason(cat))
	}
	var same, expected float64
	for k := range t.Categories {
		same += float64(t.Cells[k][k])
		pi := (rows[k] + cols[k]) / (2 * n)
		expected += pi * pi
	}
	observed := same / n
	return known((observed - expected) / (1 - expected))
}
