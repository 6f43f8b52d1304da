package agree

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// missing marks a value a coder did not give.
func missing() float64 { return math.NaN() }

func wantValue(t *testing.T, what string, got Value, want float64) {
	t.Helper()
	if !got.Defined {
		t.Errorf("%s: got %v, want %v", what, got, want)
		return
	}
	if math.Abs(got.V-want) > 1e-12 {
		t.Errorf("%s: got %.15f, want %.15f", what, got.V, want)
	}
}

func wantUndefined(t *testing.T, what string, got Value) {
	t.Helper()
	if got.Defined || got.Reason == "" {
		t.Errorf("%s: got %v, want undefined with a reason", what, got)
	}
}

// TestHandWorkedTwoByTwo: ten units, code applied (1) or not (0).
//
//	        B=1  B=0
//	A=1      4    2     A applied 6
//	A=0      1    3
//	B applied 5
func TestHandWorkedTwoByTwo(t *testing.T) {
	counts := PairCounts{Both: 4, OnlyA: 2, OnlyB: 1, Neither: 3}
	table := counts.Table()
	asCounts := table.CountTable()

	// p_o = (4 + 3)/10 = 0.7.
	wantValue(t, "observed agreement", ObservedAgreement(table), 0.7)
	wantValue(t, "Gwet p_a", PercentAgreement(asCounts), 0.7)
	// Cohen: p_e = 0.6·0.5 + 0.4·0.5 = 0.5; kappa = (0.7 − 0.5)/(1 − 0.5) = 0.4.
	wantValue(t, "Cohen", CohenKappa(table), 0.4)
	// Scott: π_1 = (6 + 5)/20 = 0.55, π_0 = 0.45; p_e = 0.3025 + 0.2025 = 0.505;
	// pi = (0.7 − 0.505)/0.495 = 13/33.
	wantValue(t, "Scott", ScottPi(table), 13.0/33)
	// Fleiss (Gwet) with two coders and nothing missing equals Scott's pi:
	// π_1 = (4·1 + 3·½ + 3·0)/10 = 0.55.
	wantValue(t, "Fleiss", FleissKappa(asCounts), 13.0/33)
	// Alpha: 20 values; coincidences o_11 = 8, o_00 = 6, o_01 = o_10 = 3;
	// n_1 = 11, n_0 = 9. alpha = 1 − (n−1)·Σ o_01 δ / Σ n_c n_k δ
	// = 1 − 19·6 / (2·9·11) = 1 − 114/198 = 14/33.
	alpha := KrippendorffAlpha(asCounts, Nominal)
	wantValue(t, "alpha", alpha.Alpha, 14.0/33)
	// D_o = 6/20 = 0.3; D_e = 198/(20·19) = 0.52105….
	wantValue(t, "D_o", alpha.Observed, 0.3)
	wantValue(t, "D_e", alpha.Expected, 198.0/380)
	if alpha.Pairable != 20 {
		t.Errorf("pairable values: got %d, want 20", alpha.Pairable)
	}
	// AC1: p_e = 2·0.55·0.45/(2 − 1) = 0.495; (0.7 − 0.495)/0.505 = 41/101.
	wantValue(t, "AC1", GwetAC1(asCounts), 41.0/101)
	// Brennan–Prediger with q = 2: (0.7 − 0.5)/0.5 = 0.4.
	wantValue(t, "Brennan–Prediger", BrennanPrediger(asCounts), 0.4)
	// With two categories, all four levels of alpha agree.
	for _, level := range []Level{Ordinal, Interval, Ratio} {
		wantValue(t, "alpha "+level.String(), KrippendorffAlpha(asCounts, level).Alpha, 14.0/33)
	}
	// The summary gives the same numbers.
	s := PairStatisticsOf(counts, 0, 1)
	wantValue(t, "summary Cohen", s.CohenKappa, 0.4)
	wantValue(t, "summary alpha", s.KrippendorffAlpha, 14.0/33)
}

// TestHandWorkedWeightedKappa: three ordered categories, ten units.
//
//	      B:1  2  3   row sums
//	A:1     2  1  0   3
//	A:2     0  2  1   3
//	A:3     1  0  3   4
//	col     3  3  4
func TestHandWorkedWeightedKappa(t *testing.T) {
	table := Table{Categories: []float64{1, 2, 3}, Cells: [][]int64{{2, 1, 0}, {0, 2, 1}, {1, 0, 3}}}
	// Unweighted: p_o = 7/10; p_e = (9 + 9 + 16)/100 = 0.34;
	// kappa = 0.36/0.66 = 6/11.
	wantValue(t, "unweighted", CohenKappa(table), 6.0/11)
	// Linear weights 1, ½, 0. p_o(w) = (7 + ½·(1 + 1))/10 = 0.8.
	// p_e(w) = (34 + ½·(9 + 9 + 12 + 12))/100 = 0.55.
	// kappa = (0.8 − 0.55)/0.45 = 5/9.
	wantValue(t, "linear", WeightedKappa(table, Linear), 5.0/9)
	// Quadratic weights 1, ¾, 0. p_o(w) = (7 + ¾·2)/10 = 0.85;
	// p_e(w) = (34 + ¾·42)/100 = 0.655; kappa = 0.195/0.345 = 13/23.
	wantValue(t, "quadratic", WeightedKappa(table, Quadratic), 13.0/23)
	// Ranks, not values, set the weights: codes 1, 2, 10 weigh as 1, 2, 3.
	spaced := table
	spaced.Categories = []float64{1, 2, 10}
	wantValue(t, "linear on ranks", WeightedKappa(spaced, Linear), 5.0/9)
}

// TestHandWorkedAlphaWithMissing: two coders, three units, one missing.
//
//	unit 1: 1, 2    unit 2: 3, 3    unit 3: 2, –
func TestHandWorkedAlphaWithMissing(t *testing.T) {
	counts := mustCounts(t, NewRatings([][]float64{{1, 2}, {3, 3}, {2, missing()}}))
	// Unit 3 has one value and drops out: n = 4 pairable values 1, 2, 3, 3.
	// Coincidences: o_12 = o_21 = 1 (unit 1, weight 1/(2−1)); o_33 = 2.
	// Margins n_1 = 1, n_2 = 1, n_3 = 2.
	//
	// Interval: D_o = (1·1² + 1·1²)/4 = 0.5.
	// D_e = Σ n_c n_k (c−k)² / (4·3) = 2·(1·1·1 + 1·2·4 + 1·2·1)/12 = 22/12.
	// alpha = 1 − 0.5/(22/12) = 1 − 6/22 = 8/11.
	a := KrippendorffAlpha(counts, Interval)
	wantValue(t, "interval alpha", a.Alpha, 8.0/11)
	wantValue(t, "interval D_o", a.Observed, 0.5)
	wantValue(t, "interval D_e", a.Expected, 22.0/12)
	// Nominal: D_o = 2/4; D_e = 2·(1·1 + 1·2 + 1·2)/12 = 10/12;
	// alpha = 1 − 0.5·12/10 = 0.4.
	wantValue(t, "nominal alpha", KrippendorffAlpha(counts, Nominal).Alpha, 0.4)
	// Ordinal: δ(1,2) = (1 + 1 − (1+1)/2)² = 1, δ(2,3) = (1 + 2 − 3/2)² = 2.25,
	// δ(1,3) = (1 + 1 + 2 − 3/2)² = 6.25.
	// D_o = 2·1/4 = 0.5; D_e = 2·(1·1·1 + 1·2·2.25 + 1·2·6.25)/12 = 36/12 = 3;
	// alpha = 1 − 0.5/3 = 5/6.
	wantValue(t, "ordinal alpha", KrippendorffAlpha(counts, Ordinal).Alpha, 5.0/6)
	// Ratio: δ(1,2) = (1/3)², δ(2,3) = (1/5)², δ(1,3) = (2/4)².
	// D_o = 2·(1/9)/4 = 1/18; D_e = 2·(1/9 + 2/25 + 2/4)/12 = (2/9 + 4/25 + 1)/12.
	de := (2.0/9 + 4.0/25 + 1) / 12
	wantValue(t, "ratio alpha", KrippendorffAlpha(counts, Ratio).Alpha, 1-(1.0/18)/de)
}

// TestHandWorkedGwetWithMissing: three coders, categories a = 1, b = 2.
//
//	unit 1: a a a   unit 2: a a b   unit 3: a – b   unit 4: a – –
func TestHandWorkedGwetWithMissing(t *testing.T) {
	counts := mustCounts(t, NewRatings([][]float64{{1, 1, 1}, {1, 1, 2}, {1, missing(), 2}, {1, missing(), missing()}}))
	// p_a over units rated by two or more (units 1–3):
	// unit 1: 3·2/(3·2) = 1; unit 2: 2·1/(3·2) = 1/3; unit 3: 0.
	// p_a = (1 + 1/3 + 0)/3 = 4/9.
	wantValue(t, "p_a", PercentAgreement(counts), 4.0/9)
	// π_a over the four rated units: (1 + 2/3 + 1/2 + 1)/4 = 19/24; π_b = 5/24.
	// Fleiss: p_e = (19² + 5²)/24² = 386/576 = 193/288;
	// kappa = (128/288 − 193/288)/(95/288) = −65/95 = −13/19.
	wantValue(t, "Fleiss", FleissKappa(counts), -13.0/19)
	// AC1: p_e = 2·(19/24)(5/24)/(2−1) = 190/576 = 95/288;
	// AC1 = (128/288 − 95/288)/(193/288) = 33/193.
	wantValue(t, "AC1", GwetAC1(counts), 33.0/193)
	// Brennan–Prediger: (4/9 − 1/2)/(1/2) = −1/9.
	wantValue(t, "Brennan–Prediger", BrennanPrediger(counts), -1.0/9)
	// Declaring a third, unused category changes q: (4/9 − 1/3)/(2/3) = 1/6.
	r := NewRatings([][]float64{{1, 1, 1}, {1, 1, 2}, {1, missing(), 2}, {1, missing(), missing()}})
	r.Categories = []float64{1, 2, 3}
	wantValue(t, "Brennan–Prediger q=3", BrennanPrediger(mustCounts(t, r)), 1.0/6)
	// Cohen for coders 1 and 3 uses units 1–3 only (unit 4 lacks coder 3):
	// A = a a a, B = a b b; p_o = 1/3; p_e = 1·(1/3) + 0·(2/3) = 1/3; kappa = 0.
	wantValue(t, "Cohen 1–3", CohenKappa(mustPair(t, r, 0, 2)), 0)
}

// TestUndefined: one category only, one unit, all missing.
func TestUndefined(t *testing.T) {
	cases := []struct {
		name string
		rows [][]float64
		// which statistics must be undefined; the rest must be defined.
		undefined []string
	}{
		{"one category", [][]float64{{1, 1}, {1, 1}, {1, 1}},
			[]string{"alpha", "cohen", "scott", "fleiss", "ac1", "bp", "wkappa"}},
		{"one unit, one value", [][]float64{{1, missing()}},
			[]string{"alpha", "cohen", "scott", "fleiss", "ac1", "bp", "wkappa", "pa"}},
		{"one unit, agreeing", [][]float64{{2, 2}},
			[]string{"alpha", "cohen", "scott", "fleiss", "ac1", "bp", "wkappa"}},
		{"all missing", [][]float64{{missing(), missing()}, {missing(), missing()}},
			[]string{"alpha", "cohen", "scott", "fleiss", "ac1", "bp", "wkappa", "pa"}},
		{"no units", [][]float64{},
			[]string{"alpha", "cohen", "scott", "fleiss", "ac1", "bp", "wkappa", "pa"}},
		{"one unit, disagreeing", [][]float64{{1, 2}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRatings(tc.rows)
			if r.Coders == 0 {
				r.Coders = 2
			}
			counts := mustCounts(t, r)
			table := mustPair(t, r, 0, 1)
			got := map[string]Value{
				"alpha":  KrippendorffAlpha(counts, Nominal).Alpha,
				"cohen":  CohenKappa(table),
				"scott":  ScottPi(table),
				"wkappa": WeightedKappa(table, Linear),
				"fleiss": FleissKappa(counts),
				"ac1":    GwetAC1(counts),
				"bp":     BrennanPrediger(counts),
				"pa":     PercentAgreement(counts),
			}
			for name, v := range got {
				isUndefined := false
				for _, u := range tc.undefined {
					isUndefined = isUndefined || u == name
				}
				if isUndefined {
					wantUndefined(t, name, v)
				} else if !v.Defined {
					t.Errorf("%s: got %v, want a number", name, v)
				}
			}
		})
	}
	// One unit on which two coders disagree: alpha = 1 − (2−1)·2/(2·1·1) = 0,
	// and kappa = (0 − 0)/(1 − 0) = 0.
	counts := mustCounts(t, NewRatings([][]float64{{1, 2}}))
	wantValue(t, "alpha of one disagreeing unit", KrippendorffAlpha(counts, Nominal).Alpha, 0)
	// Declared but unused categories keep AC1 defined where the observed
	// ones would not: all four units absent, q = 2 → p_e = 0, AC1 = 1.
	presence := PairCounts{Neither: 4}
	wantValue(t, "AC1 on declared binary", GwetAC1(presence.Table().CountTable()), 1)
	wantUndefined(t, "Cohen on all-neither", CohenKappa(presence.Table()))
	// The ratio level refuses negative values.
	wantUndefined(t, "ratio with negatives", KrippendorffAlpha(mustCounts(t, NewRatings([][]float64{{-1, 2}, {2, 2}})), Ratio).Alpha)
}

func TestInvalidInput(t *testing.T) {
	if _, err := NewRatings([][]float64{{1, 2}, {1}}).CountTable(); err == nil {
		t.Error("ragged rows accepted")
	}
	r := NewRatings([][]float64{{1, 4}})
	r.Categories = []float64{1, 2, 3}
	if _, err := r.CountTable(); err == nil {
		t.Error("value outside the declared categories accepted")
	}
	if _, err := NewRatings([][]float64{{1, math.Inf(1)}}).CountTable(); err == nil {
		t.Error("infinite value accepted")
	}
	if _, err := NewRatings([][]float64{{1, 2}}).Pair(0, 0); err == nil {
		t.Error("a coder paired with itself")
	}
	bad := CountTable{Categories: []float64{0, 1}, Rows: []CountRow{{ByCategory: []int{1}, Units: 1}}}
	if v := FleissKappa(bad); v.Defined || !strings.Contains(v.Reason, "invalid") {
		t.Errorf("malformed table: got %v", v)
	}
	if _, err := ParseLevel("cardinal"); err == nil {
		t.Error("unknown level accepted")
	}
}

func TestValueJSON(t *testing.T) {
	type report struct {
		Kappa Value `json:"kappa"`
		Alpha Value `json:"alpha"`
	}
	out, err := json.Marshal(report{Kappa: known(0.25), Alpha: undefined("0/0")})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"kappa":0.25,"alpha":null}` {
		t.Errorf("got %s", out)
	}
	var back report
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Kappa.Defined || back.Kappa.V != 0.25 || back.Alpha.Defined {
		t.Errorf("round trip gave %+v", back)
	}
	if s := undefined("why").String(); s != "undefined (why)" {
		t.Errorf("String: %q", s)
	}
	if s := known(0.5).String(); s != "0.5" {
		t.Errorf("String: %q", s)
	}
	level, err := json.Marshal(Ordinal)
	if err != nil || string(level) != `"ordinal"` {
		t.Errorf("level JSON %s, %v", level, err)
	}
}

// TestCoincidenceMatrix: the matrix of TestHandWorkedAlphaWithMissing, and
// a unit of three values, where each ordered pair weighs 1/(3−1).
func TestCoincidenceMatrix(t *testing.T) {
	counts := mustCounts(t, NewRatings([][]float64{{1, 2}, {3, 3}, {2, missing()}}))
	want := [][]float64{{0, 1, 0}, {1, 0, 0}, {0, 0, 2}}
	if got := CoincidenceMatrix(counts); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Unit 1, 1, 2: ordered pairs (1,1) ×2, (1,2) ×2, (2,1) ×2, each ½.
	counts = mustCounts(t, NewRatings([][]float64{{1, 1, 2}}))
	want = [][]float64{{1, 1}, {1, 0}}
	if got := CoincidenceMatrix(counts); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if CoincidenceMatrix(CountTable{Categories: []float64{2, 1}}) != nil {
		t.Error("unsorted categories accepted")
	}
}

func TestUnitTotals(t *testing.T) {
	p := PairCounts{Both: 1, OnlyA: 2, OnlyB: 3, Neither: 4}
	if p.Units() != 10 || p.Table().Units() != 10 {
		t.Errorf("units %d, table units %d", p.Units(), p.Table().Units())
	}
	var l Level
	if err := l.UnmarshalText([]byte("ratio")); err != nil || l != Ratio {
		t.Errorf("UnmarshalText: %v, %v", l, err)
	}
	if err := l.UnmarshalText([]byte("metric")); err == nil {
		t.Error("unknown level read")
	}
	layout, err := CharacterUnits(BlankRunes("a b"), Span{0, 3})
	if err != nil || layout.Units() != 2 {
		t.Errorf("character units %d, %v", layout.Units(), err)
	}
}
