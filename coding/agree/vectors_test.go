package agree

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/focalqda/focal/corpus/testenv"
)

// vectors reads the shared file of published agreement examples
// (../shared/agreement-vectors.json); without it the test skips, or under
// CI fails.
func vectors(t *testing.T) []byte {
	t.Helper()
	path := testenv.Shared(t, "agreement-vectors.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

type vector struct {
	Name             string           `json:"name"`
	Statistic        string           `json:"statistic"`
	Level            string           `json:"level"`
	Data             json.RawMessage  `json:"data"`
	Counts           [][]int          `json:"counts"`
	Q                int              `json:"q"`
	Code             string           `json:"code"`
	Pair             []string         `json:"pair"`
	Cells            map[string]int64 `json:"cells"`
	Expected         *float64         `json:"expected"`
	ExpectedDecimals int              `json:"expected_decimals"`
	Computed         *float64         `json:"computed"`
}

// textData is the "data" of the text_char_* vectors.
type textData struct {
	DocLength int                            `json:"doc_length"`
	DocText   string                         `json:"doc_text"`
	Coders    map[string]map[string][][2]int `json:"coders"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	var vs []vector
	if err := json.Unmarshal(vectors(t), &vs); err != nil {
		t.Fatalf("read the shared vectors: %v", err)
	}
	return vs
}

// ratingsFromJSON reads a units × coders matrix with null for missing.
func ratingsFromJSON(t *testing.T, raw json.RawMessage) Ratings {
	t.Helper()
	var rows [][]*float64
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatalf("data is not a units × coders matrix: %v", err)
	}
	matrix := make([][]float64, len(rows))
	for i, row := range rows {
		matrix[i] = make([]float64, len(row))
		for j, v := range row {
			if v == nil {
				matrix[i][j] = math.NaN()
			} else {
				matrix[i][j] = *v
			}
		}
	}
	return NewRatings(matrix)
}

// withQ declares q categories: those observed, then made-up larger values
// for categories nobody used.
func withQ(t *testing.T, r Ratings, q int) Ratings {
	t.Helper()
	c, err := r.CountTable()
	if err != nil {
		t.Fatal(err)
	}
	cats := slices.Clone(c.Categories)
	if len(cats) > q {
		t.Fatalf("q = %d but %d categories occur", q, len(cats))
	}
	for len(cats) < q {
		cats = append(cats, cats[len(cats)-1]+1)
	}
	r.Categories = cats
	return r
}

func mustCounts(t *testing.T, r Ratings) CountTable {
	t.Helper()
	c, err := r.CountTable()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustPair(t *testing.T, r Ratings, a, b int) Table {
	t.Helper()
	p, err := r.Pair(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// textPresence runs the interval sweep on a text_char_* vector: character
// units over the whole document, no white space left out (the published
// cells count every character, as NVivo does).
func textPresence(t *testing.T, v vector) Presence {
	t.Helper()
	var d textData
	if err := json.Unmarshal(v.Data, &d); err != nil {
		t.Fatal(err)
	}
	names := v.Pair
	if names == nil {
		for name := range d.Coders {
			names = append(names, name)
		}
		slices.Sort(names)
	}
	code := v.Code
	codings := make([][]Span, len(names))
	for c, name := range names {
		for _, s := range d.Coders[name][code] {
			codings[c] = append(codings[c], Span{s[0], s[1]})
		}
	}
	layout, err := CharacterUnits(Blanks{}, Span{0, d.DocLength})
	if err != nil {
		t.Fatal(err)
	}
	p, err := layout.Presence(codings)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// vectorValue computes the vector's statistic with this package.
func vectorValue(t *testing.T, v vector) (Value, bool) {
	t.Helper()
	switch v.Statistic {
	case "text_char_percent_agreement", "text_char_cohen_kappa":
		p := textPresence(t, v)
		counts := p.Pair(0, 1)
		if v.Cells != nil {
			want := PairCounts{Both: v.Cells["a_both"], OnlyA: v.Cells["a_only"], OnlyB: v.Cells["b_only"], Neither: v.Cells["neither"]}
			if counts != want {
				t.Errorf("2 × 2 counts %+v, published %+v", counts, want)
			}
		}
		if v.Statistic == "text_char_cohen_kappa" {
			return CohenKappa(counts.Table()), true
		}
		return ObservedAgreement(counts.Table()), true
	}
	var counts CountTable
	var ratings Ratings
	if v.Counts != nil {
		counts = CountTable{Categories: make([]float64, len(v.Counts[0]))}
		for k := range counts.Categories {
			counts.Categories[k] = float64(k + 1)
		}
		for _, row := range v.Counts {
			counts.Rows = append(counts.Rows, CountRow{ByCategory: row, Units: 1})
		}
	}
	if v.Data != nil {
		ratings = ratingsFromJSON(t, v.Data)
		if v.Q > 0 {
			ratings = withQ(t, ratings, v.Q)
		}
		fromData := mustCounts(t, ratings)
		if v.Counts != nil {
			// The published counts and the raw data must tell the same story.
			for i := range fromData.Rows {
				if !slices.Equal(fromData.Rows[i].ByCategory, counts.Rows[i].ByCategory) {
					t.Errorf("unit %d: counts from data %v, published %v", i+1, fromData.Rows[i].ByCategory, counts.Rows[i].ByCategory)
				}
			}
		}
		counts = fromData
	}
	level := Nominal
	if v.Level != "" {
		var err error
		if level, err = ParseLevel(v.Level); err != nil {
			t.Fatal(err)
		}
	}
	switch v.Statistic {
	case "krippendorff_alpha":
		return KrippendorffAlpha(counts, level).Alpha, true
	case "krippendorff_Do":
		return KrippendorffAlpha(counts, level).Observed, true
	case "krippendorff_De":
		return KrippendorffAlpha(counts, level).Expected, true
	case "percent_agreement":
		return PercentAgreement(counts), true
	case "gwet_ac1":
		return GwetAC1(counts), true
	case "fleiss_kappa":
		return FleissKappa(counts), true
	case "brennan_prediger":
		return BrennanPrediger(counts), true
	case "cohen_kappa":
		return CohenKappa(mustPair(t, ratings, 0, 1)), true
	case "scott_pi":
		return ScottPi(mustPair(t, ratings, 0, 1)), true
	}
	return Value{}, false
}

// TestPublishedVectors checks every statistic in the shared file against
// its published value, to the printed number of decimals, and against the
// file's own unrounded computation to 1e-9.
func TestPublishedVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if v.Statistic == "unitized_u_alpha" {
			continue // the continuum's alpha: TestUnitizedSharedVector checks it
		}
		t.Run(v.Name, func(t *testing.T) {
			got, ok := vectorValue(t, v)
			if !ok {
				t.Fatalf("statistic %q is checked by no test in this package", v.Statistic)
			}
			if v.Expected == nil {
				if got.Defined || got.Reason == "" {
					t.Fatalf("got %v, want undefined with a reason", got)
				}
				return
			}
			if !got.Defined {
				t.Fatalf("got %v, want %v", got, *v.Expected)
			}
			tolerance := 0.5*math.Pow(10, -float64(v.ExpectedDecimals)) + 1e-12
			if math.Abs(got.V-*v.Expected) > tolerance {
				t.Errorf("got %.10f, published %v (to %d decimals)", got.V, *v.Expected, v.ExpectedDecimals)
			}
			if v.Computed != nil && math.Abs(got.V-*v.Computed) > 1e-9 {
				t.Errorf("got %.10f, reference computation %.10f", got.V, *v.Computed)
			}
		})
	}
}
