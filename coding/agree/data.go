package agree

import (
	"fmt"
	"math"
	"slices"
)

// Ratings is reliability data: units (what was judged: a turn, a sentence,
// a character) by coders. Each row gives one value per coder; math.NaN()
// marks a coder who did not rate the unit (missing). Values are category
// codes (any numbers) for nominal data and the numbers themselves for
// ordinal, interval and ratio data.
//
// A row may stand for several identical units (Units > 1), so that long
// sources need not be written out unit by unit: every statistic treats such
// a row exactly as that many separate rows.
type Ratings struct {
	// Coders is the number of columns of every row.
	Coders int
	// Categories, when not nil, declares the possible values in ascending
	// order, including those nobody used. It fixes q (the number of
	// categories) for Gwet's AC1/AC2 and Brennan–Prediger and the ranks used
	// by weighted kappa and AC2. When nil, the categories are the distinct
	// values that occur.
	Categories []float64
	// Rows holds the units.
	Rows []RatingRow
}

// RatingRow is one unit, or a run of identical units, in Ratings.
type RatingRow struct {
	// Values holds one value per coder; math.NaN() when that coder gave none.
	Values []float64
	// Units is how many units have exactly these values; at least 1.
	Units int64
}

// NewRatings builds Ratings from a units × coders matrix, one unit per
// row, with math.NaN() for missing values. All rows must have the same
// length; Ratings.CountTable and Ratings.Pair report a row that does not.
func NewRatings(rows [][]float64) Ratings {
	r := Ratings{Rows: make([]RatingRow, len(rows))}
	if len(rows) > 0 {
		r.Coders = len(rows[0])
	}
	for i, row := range rows {
		r.Rows[i] = RatingRow{Values: row, Units: 1}
	}
	return r
}

// categories checks the ratings and returns the ascending category values.
func (r Ratings) categories() ([]float64, error) {
	if r.Coders < 1 {
		return nil, fmt.Errorf("ratings need at least one coder, got %d", r.Coders)
	}
	if r.Categories != nil {
		if err := checkCategories(r.Categories); err != nil {
			return nil, err
		}
	}
	var seen []float64
	for i, row := range r.Rows {
		if len(row.Values) != r.Coders {
			return nil, fmt.Errorf("unit row %d has %d values for %d coders", i+1, len(row.Values), r.Coders)
		}
		if row.Units < 1 {
			return nil, fmt.Errorf("unit row %d stands for %d units; it must stand for at least 1", i+1, row.Units)
		}
		for c, v := range row.Values {
			if math.IsNaN(v) {
				continue
			}
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("unit row %d, coder %d: value %v is not a finite number", i+1, c+1, v)
			}
			if r.Categories != nil {
				if _, ok := slices.BinarySearch(r.Categories, v); !ok {
					return nil, fmt.Errorf("unit row %d, coder %d: value %v is not one of the declared categories %v", i+1, c+1, v, r.Categories)
				}
				continue
			}
			seen = append(seen, v)
		}
	}
	if r.Categories != nil {
		return r.Categories, nil
	}
	slices.Sort(seen)
	return slices.Compact(seen), nil
}

func checkCategories(cats []float64) error {
	for i, v := range cats {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("category %v is not a finite number", v)
		}
		if i > 0 && cats[i-1] >= v {
			return fmt.Errorf("categories must be listed once each in ascending order; %v comes after %v", v, cats[i-1])
		}
	}
	return nil
}

// CountTable turns the ratings into the values-by-units matrix that the
// multi-coder statistics use: for each unit, how many coders chose each
// category. Missing values simply do not count.
func (r Ratings) CountTable() (CountTable, error) {
	cats, err := r.categories()
	if err != nil {
		return CountTable{}, err
	}
	t := CountTable{Categories: cats, Rows: make([]CountRow, len(r.Rows))}
	for i, row := range r.Rows {
		counts := make([]int, len(cats))
		for _, v := range row.Values {
			if math.IsNaN(v) {
				continue
			}
			k, _ := slices.BinarySearch(cats, v)
			counts[k]++
		}
		t.Rows[i] = CountRow{ByCategory: counts, Units: row.Units}
	}
	return t, nil
}

// Pair is the contingency table of coders a and b (0-based columns). Units
// that either of the two left missing are dropped: two-coder statistics are
// computed on the units both rated. The table's categories are those of the
// whole data set, so every pair is tabulated on the same categories.
func (r Ratings) Pair(a, b int) (Table, error) {
	cats, err := r.categories()
	if err != nil {
		return Table{}, err
	}
	if a < 0 || a >= r.Coders || b < 0 || b >= r.Coders || a == b {
		return Table{}, fmt.Errorf("coders %d and %d are not two different columns of %d", a, b, r.Coders)
	}
	t := newTable(cats)
	for _, row := range r.Rows {
		va, vb := row.Values[a], row.Values[b]
		if math.IsNaN(va) || math.IsNaN(vb) {
			continue
		}
		i, _ := slices.BinarySearch(cats, va)
		j, _ := slices.BinarySearch(cats, vb)
		t.Cells[i][j] += row.Units
	}
	return t, nil
}

// CountTable is the values-by-units matrix (Krippendorff) or the n_ik table
// (Fleiss, Gwet): one row per unit, or per run of units with the same
// counts, giving how many coders put the unit into each category.
type CountTable struct {
	// Categories lists the category values in ascending order; their number
	// is q.
	Categories []float64
	// Rows holds the units.
	Rows []CountRow
}

// CountRow is one unit, or a run of units with identical counts.
type CountRow struct {
	// ByCategory[k] is the number of coders who put the unit into
	// Categories[k]. Its sum is the number of coders who rated the unit.
	ByCategory []int
	// Units is how many units have exactly these counts; at least 1.
	Units int64
}

// check reports a malformed table in words, or "" when it is usable.
func (c CountTable) check() string {
	if err := checkCategories(c.Categories); err != nil {
		return "invalid count table: " + err.Error()
	}
	for i, row := range c.Rows {
		if len(row.ByCategory) != len(c.Categories) {
			return fmt.Sprintf("invalid count table: row %d has %d counts for %d categories", i+1, len(row.ByCategory), len(c.Categories))
		}
		if row.Units < 1 {
			return fmt.Sprintf("invalid count table: row %d stands for %d units", i+1, row.Units)
		}
		for _, n := range row.ByCategory {
			if n < 0 {
				return fmt.Sprintf("invalid count table: row %d has a negative count", i+1)
			}
		}
	}
	return ""
}

// Table is a two-coder contingency table: Cells[i][j] is the number of
// units that coder A put into Categories[i] and coder B into
// Categories[j]. Only units both coders rated appear in it.
type Table struct {
	// Categories lists the category values in ascending order.
	Categories []float64
	// Cells is a q × q matrix of unit counts; rows are coder A.
	Cells [][]int64
}

func newTable(cats []float64) Table {
	q := len(cats)
	cells := make([][]int64, q)
	flat := make([]int64, q*q)
	for i := range cells {
		cells[i] = flat[i*q : (i+1)*q : (i+1)*q]
	}
	return Table{Categories: cats, Cells: cells}
}

// Units is the number of units in the table (those both coders rated).
func (t Table) Units() int64 {
	var n int64
	for _, row := range t.Cells {
		for _, x := range row {
			n += x
		}
	}
	return n
}

// CountTable re-expresses the pair as a values-by-units table with two
// coders, so that the multi-coder statistics (alpha, AC1, Brennan–Prediger)
// can be computed for one pair.
func (t Table) CountTable() CountTable {
	q := len(t.Categories)
	nonzero := 0
	for _, row := range t.Cells {
		for _, x := range row {
			if x != 0 {
				nonzero++
			}
		}
	}
	c := CountTable{Categories: t.Categories, Rows: make([]CountRow, 0, nonzero)}
	flat := make([]int, nonzero*q)
	for i, row := range t.Cells {
		for j, x := range row {
			if x == 0 {
				continue
			}
			counts := flat[:q:q]
			flat = flat[q:]
			counts[i]++
			counts[j]++
			c.Rows = append(c.Rows, CountRow{ByCategory: counts, Units: x})
		}
	}
	return c
}

// check reports a malformed table in words, or "" when it is usable.
func (t Table) check() string {
	if err := checkCategories(t.Categories); err != nil {
		return "invalid table: " + err.Error()
	}
	if len(t.Cells) != len(t.Categories) {
		return fmt.Sprintf("invalid table: %d rows for %d categories", len(t.Cells), len(t.Categories))
	}
	for i, row := range t.Cells {
		if len(row) != len(t.Categories) {
			return fmt.Sprintf("invalid table: row %d has %d cells for %d categories", i+1, len(row), len(t.Categories))
		}
		for _, x := range row {
			if x < 0 {
				return fmt.Sprintf("invalid table: row %d has a negative count", i+1)
			}
		}
	}
	return ""
}

// PairCounts is the 2 × 2 table of one code for two coders over a set of
// units: units both applied the code to, only A, only B, and neither.
type PairCounts struct {
	Both    int64 `json:"both"`
	OnlyA   int64 `json:"only_a"`
	OnlyB   int64 `json:"only_b"`
	Neither int64 `json:"neither"`
}

// Units is the total number of units in the 2 × 2 table.
func (p PairCounts) Units() int64 { return p.Both + p.OnlyA + p.OnlyB + p.Neither }

// CountTable is the 2 × 2 table as a values-by-units table with two
// coders and categories 0 and 1: units where both coders chose the same
// category, and units where they differ (only A and only B together).
func (p PairCounts) CountTable() CountTable {
	counts := []int{0, 2, 1, 1, 2, 0}
	c := CountTable{Categories: []float64{0, 1}, Rows: make([]CountRow, 0, 3)}
	for i, units := range []int64{p.Both, p.OnlyA + p.OnlyB, p.Neither} {
		if units > 0 {
			c.Rows = append(c.Rows, CountRow{ByCategory: counts[2*i : 2*i+2 : 2*i+2], Units: units})
		}
	}
	return c
}

// Table is the 2 × 2 table as a contingency table with category 0 (code
// absent) before category 1 (code present).
func (p PairCounts) Table() Table {
	t := newTable([]float64{0, 1})
	t.Cells[0][0] = p.Neither
	t.Cells[0][1] = p.OnlyB
	t.Cells[1][0] = p.OnlyA
	t.Cells[1][1] = p.Both
	return t
}

// Level is the level of measurement of the values, which decides how far
// apart two different values are for Krippendorff's alpha.
type Level int

// The levels of measurement of Krippendorff's alpha.
const (
	// Nominal: any two different values disagree equally.
	Nominal Level = iota + 1
	// Ordinal: values are ranks; distance grows with how many values lie
	// between them in the data.
	Ordinal
	// Interval: distance is the squared difference of the values.
	Interval
	// Ratio: distance is the squared difference relative to the sum; values
	// must not be negative.
	Ratio
)

// String is the level's name in lower case.
func (l Level) String() string {
	switch l {
	case Nominal:
		return "nominal"
	case Ordinal:
		return "ordinal"
	case Interval:
		return "interval"
	case Ratio:
		return "ratio"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel reads "nominal", "ordinal", "interval" or "ratio".
func ParseLevel(s string) (Level, error) {
	for _, l := range []Level{Nominal, Ordinal, Interval, Ratio} {
		if s == l.String() {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level of measurement %q: use nominal, ordinal, interval or ratio", s)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// Weighting says how much partial credit two different ordered categories
// earn in weighted kappa and AC2. Weights depend on the categories' ranks
// (positions 0 … q−1 among the categories), not on their numeric values.
type Weighting int

// The weightings of weighted kappa and AC2.
const (
	// Unweighted: full credit for the same category, none otherwise.
	Unweighted Weighting = iota
	// Linear: w = 1 − |i−j|/(q−1).
	Linear
	// Quadratic: w = 1 − (i−j)²/(q−1)².
	Quadratic
)

// String is the weighting's name in lower case.
func (w Weighting) String() string {
	switch w {
	case Unweighted:
		return "unweighted"
	case Linear:
		return "linear"
	case Quadratic:
		return "quadratic"
	}
	return fmt.Sprintf("Weighting(%d)", int(w))
}

// weight is the agreement weight of categories at ranks i and j out of q.
// It is only called with q ≥ 2 for weighted schemes.
func (w Weighting) weight(i, j, q int) float64 {
	if i == j {
		return 1
	}
	d := float64(i - j)
	if d < 0 {
		d = -d
	}
	span := float64(q - 1)
	switch w {
	case Linear:
		return 1 - d/span
	case Quadratic:
		return 1 - (d*d)/(span*span)
	}
	return 0
}

func (w Weighting) valid() bool { return w == Unweighted || w == Linear || w == Quadratic }
