package agreement

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/focalqda/focal/coding/agree"
)

// RatingsFile is reliability data read from a CSV whose header is
// unit,<coder>,<coder>,… with one row per unit and an empty cell for a
// missing value.
type RatingsFile struct {
	Coders []string
	Units  []string
	// Values holds units × coders; NaN marks a missing value.
	Values [][]float64
	// Labels maps category codes back to the words used in the file when
	// the values were not numbers (nominal data); nil for numeric files.
	Labels map[float64]string
}

// ReadRatingsCSV reads reliability data. Values are numbers, or for
// nominal data any words (each distinct word is one category). Problems are
// reported with their line.
func ReadRatingsCSV(r io.Reader) (*RatingsFile, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty; the first line must be unit,<coder>,<coder>,…")
	}
	if err != nil {
		return nil, err
	}
	if len(header) < 3 {
		return nil, errors.New("line 1: need a unit column and at least two coder columns")
	}
	f := &RatingsFile{}
	seen := map[string]bool{}
	for i, h := range header[1:] {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("line 1: coder column %d has no name", i+2)
		}
		if seen[h] {
			return nil, fmt.Errorf("line 1: coder %q appears twice", h)
		}
		seen[h] = true
		f.Coders = append(f.Coders, h)
	}
	var cells [][]string
	units := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("line %d: %d columns, but the header has %d", line, len(rec), len(header))
		}
		unit := strings.TrimSpace(rec[0])
		if unit == "" {
			return nil, fmt.Errorf("line %d: the unit is empty", line)
		}
		if prev, dup := units[unit]; dup {
			return nil, fmt.Errorf("line %d: unit %q already appeared on line %d", line, unit, prev)
		}
		units[unit] = line
		f.Units = append(f.Units, unit)
		row := make([]string, len(rec)-1)
		for i, c := range rec[1:] {
			row[i] = strings.TrimSpace(c)
		}
		cells = append(cells, row)
	}
	if len(cells) == 0 {
		return nil, errors.New("no units after the header")
	}
	numeric := true
	words := map[string]bool{}
	for _, row := range cells {
		for _, c := range row {
			if c == "" {
				continue
			}
			if _, err := strconv.ParseFloat(c, 64); err != nil || isNonFinite(c) {
				numeric = false
			}
			words[c] = true
		}
	}
	codes := map[string]float64{}
	if !numeric {
		sorted := make([]string, 0, len(words))
		for w := range words {
			sorted = append(sorted, w)
		}
		sort.Strings(sorted)
		f.Labels = map[float64]string{}
		for i, w := range sorted {
			codes[w] = float64(i)
			f.Labels[float64(i)] = w
		}
	}
	for _, row := range cells {
		values := make([]float64, len(row))
		for i, c := range row {
			switch {
			case c == "":
				values[i] = math.NaN()
			case numeric:
				values[i], _ = strconv.ParseFloat(c, 64)
			default:
				values[i] = codes[c]
			}
		}
		f.Values = append(f.Values, values)
	}
	return f, nil
}

func isNonFinite(s string) bool {
	v, err := strconv.ParseFloat(s, 64)
	return err == nil && (math.IsInf(v, 0) || math.IsNaN(v))
}

// TableResult holds every statistic that applies to reliability data;
// nil (null in JSON) where a statistic does not apply.
type TableResult struct {
	Units             int          `json:"units"`
	Coders            int          `json:"coders"`
	Level             string       `json:"level"`
	Categories        int          `json:"categories"`
	PercentAgreement  *agree.Value `json:"percent_agreement"`
	CohenKappa        *agree.Value `json:"cohen_kappa"`
	ScottPi           *agree.Value `json:"scott_pi"`
	WeightedKappaLin  *agree.Value `json:"cohen_weighted_kappa_linear"`
	WeightedKappaQuad *agree.Value `json:"cohen_weighted_kappa_quadratic"`
	FleissKappa       *agree.Value `json:"fleiss_kappa"`
	KrippendorffAlpha *agree.Value `json:"krippendorff_alpha"`
	GwetAC1           *agree.Value `json:"gwet_ac1"`
	BrennanPrediger   *agree.Value `json:"brennan_prediger"`
	// Alpha keeps D_o and D_e so a reviewer can check alpha.
	Alpha agree.Alpha `json:"krippendorff_alpha_detail"`
}

// ComputeTable computes every applicable statistic. categories, when above
// zero, declares the number of possible categories (q), which matters for
// Gwet's AC1 and Brennan–Prediger whatever the categories are called: for
// numeric codes they are 1…q (or 0…q−1 when a 0 occurs); for words, the
// words in the file and q minus their number categories nobody used.
// Reasons for undefined values name the categories as the file does.
func ComputeTable(f *RatingsFile, level agree.Level, categories int) (TableResult, error) {
	if level != agree.Nominal && f.Labels != nil {
		return TableResult{}, fmt.Errorf("%s data need numeric values; the file has words (use --level nominal)", level)
	}
	if categories < 0 || categories == 1 {
		return TableResult{}, fmt.Errorf("--categories %d: a variable needs at least two possible categories", categories)
	}
	ratings := agree.NewRatings(f.Values)
	if categories > 0 {
		declared, err := declaredCategories(f, categories)
		if err != nil {
			return TableResult{}, err
		}
		ratings.Categories = declared
	}
	ct, err := ratings.CountTable()
	if err != nil {
		return TableResult{}, err
	}
	v := func(x agree.Value) *agree.Value {
		relabel(&x, f.Labels)
		return &x
	}
	res := TableResult{Units: len(f.Values), Coders: len(f.Coders), Level: level.String(), Categories: len(ct.Categories)}
	res.Alpha = agree.KrippendorffAlpha(ct, level)
	res.KrippendorffAlpha = v(res.Alpha.Alpha)
	res.PercentAgreement = v(agree.PercentAgreement(ct))
	if level == agree.Nominal {
		res.FleissKappa = v(agree.FleissKappa(ct))
		res.GwetAC1 = v(agree.GwetAC1(ct))
		res.BrennanPrediger = v(agree.BrennanPrediger(ct))
	}
	if len(f.Coders) == 2 {
		t, err := ratings.Pair(0, 1)
		if err != nil {
			return TableResult{}, err
		}
		res.CohenKappa = v(agree.CohenKappa(t))
		res.ScottPi = v(agree.ScottPi(t))
		if level != agree.Nominal {
			res.WeightedKappaLin = v(agree.WeightedKappa(t, agree.Linear))
			res.WeightedKappaQuad = v(agree.WeightedKappa(t, agree.Quadratic))
		}
	}
	return res, nil
}

// relabel rewrites a reason that names a category by its internal code
// ("the same category (0)") with the file's word for it.
func relabel(v *agree.Value, labels map[float64]string) {
	if v.Defined || labels == nil {
		return
	}
	for code, word := range labels {
		v.Reason = strings.ReplaceAll(v.Reason, "category ("+strconv.FormatFloat(code, 'g', -1, 64)+")", "category ("+strconv.Quote(word)+")")
	}
}

func declaredCategories(f *RatingsFile, q int) ([]float64, error) {
	if f.Labels != nil {
		if q < len(f.Labels) {
			return nil, fmt.Errorf("--categories %d, but the file uses %d different words", q, len(f.Labels))
		}
		// The words are coded 0…w−1; the categories nobody used follow.
		out := make([]float64, q)
		for i := range out {
			out[i] = float64(i)
		}
		return out, nil
	}
	low := 1.0
	for _, row := range f.Values {
		for _, x := range row {
			if x == 0 {
				low = 0
			}
		}
	}
	var out []float64
	for i := 0; i < q; i++ {
		out = append(out, low+float64(i))
	}
	allowed := map[float64]bool{}
	for _, c := range out {
		allowed[c] = true
	}
	for u, row := range f.Values {
		for _, x := range row {
			if !math.IsNaN(x) && !allowed[x] {
				return nil, fmt.Errorf("unit %s has value %v, outside the %d declared categories %v…%v", f.Units[u], x, q, out[0], out[len(out)-1])
			}
		}
	}
	return out, nil
}
