package agree

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Bootstrap sets up a percentile bootstrap confidence interval: the units
// are resampled with replacement Replicates times (each replicate draws as
// many units as the data hold), the statistic is computed on each
// replicate, and the interval runs between the (1−Confidence)/2 and
// (1+Confidence)/2 quantiles of those values. The random numbers come from
// a PCG generator seeded with Seed, so the same Seed, data and settings
// give the same interval on every machine.
//
// The statistic is called once per replicate on a table that the next
// replicate overwrites: it must not keep the table.
//
// Resampling units assumes units are independent. Neighbouring character
// or sentence units are not, so intervals for such units are too narrow;
// turn or source units suit it better.
type Bootstrap struct {
	// Replicates is the number of resamples; 0 means 1000.
	Replicates int
	// Confidence is the coverage of the interval, strictly between 0 and 1;
	// 0 means 0.95.
	Confidence float64
	// Seed makes the resampling reproducible.
	Seed uint64
}

// ConfidenceInterval is a bootstrap confidence interval around a statistic.
type ConfidenceInterval struct {
	// Estimate is the statistic on the data as they are.
	Estimate Value `json:"estimate"`
	// Lower and Upper are the percentile bounds, undefined when no replicate
	// gave a defined value.
	Lower Value `json:"lower"`
	Upper Value `json:"upper"`
	// Confidence is the nominal coverage (for example 0.95).
	Confidence float64 `json:"confidence"`
	// Replicates is the number of resamples drawn.
	Replicates int `json:"replicates"`
	// UndefinedReplicates counts resamples on which the statistic was
	// undefined (for example a resample with one category only); they are
	// left out of the quantiles, which then rest on the others.
	UndefinedReplicates int `json:"undefined_replicates"`
	// Seed is the seed used.
	Seed uint64 `json:"seed"`
}

// seedStream is the second half of the PCG state; fixed so that one number
// (Seed) is all a report needs to state.
const seedStream = 0x666f63616c616772 // "focalagr"

func (b Bootstrap) settings() (Bootstrap, error) {
	if b.Replicates == 0 {
		b.Replicates = 1000
	}
	if b.Confidence == 0 {
		b.Confidence = 0.95
	}
	if b.Replicates < 1 {
		return b, fmt.Errorf("bootstrap needs at least one replicate, got %d", b.Replicates)
	}
	if !(b.Confidence > 0 && b.Confidence < 1) {
		return b, fmt.Errorf("bootstrap confidence must lie strictly between 0 and 1, got %v", b.Confidence)
	}
	return b, nil
}

// Units computes a bootstrap interval for a multi-coder statistic (for
// example func(c CountTable) Value { return KrippendorffAlpha(c, Nominal).Alpha }).
// Each replicate draws as many units as the table holds, with replacement,
// each unit equally likely (a row with Units = 5 is five units).
func (b Bootstrap) Units(c CountTable, statistic func(CountTable) Value) (ConfidenceInterval, error) {
	b, err := b.settings()
	if err != nil {
		return ConfidenceInterval{}, err
	}
	if r := c.check(); r != "" {
		return ConfidenceInterval{}, fmt.Errorf("%s", r)
	}
	weights := make([]int64, len(c.Rows))
	for i, row := range c.Rows {
		weights[i] = row.Units
	}
	// A replicate keeps the rows drawn at least once, with their new counts.
	replicate := CountTable{Categories: c.Categories, Rows: make([]CountRow, 0, len(c.Rows))}
	return b.run(statistic(c), weights, func(counts []int64) Value {
		replicate.Rows = replicate.Rows[:0]
		for i, n := range counts {
			if n > 0 {
				replicate.Rows = append(replicate.Rows, CountRow{ByCategory: c.Rows[i].ByCategory, Units: n})
			}
		}
		return statistic(replicate)
	})
}

// Pairs computes a bootstrap interval for a two-coder statistic (for
// example CohenKappa), resampling the units of the table with replacement.
func (b Bootstrap) Pairs(t Table, statistic func(Table) Value) (ConfidenceInterval, error) {
	b, err := b.settings()
	if err != nil {
		return ConfidenceInterval{}, err
	}
	if r := t.check(); r != "" {
		return ConfidenceInterval{}, fmt.Errorf("%s", r)
	}
	q := len(t.Categories)
	weights := make([]int64, q*q)
	for i, row := range t.Cells {
		copy(weights[i*q:], row)
	}
	replicate := newTable(t.Categories)
	return b.run(statistic(t), weights, func(counts []int64) Value {
		for i := range replicate.Cells {
			copy(replicate.Cells[i], counts[i*q:(i+1)*q])
		}
		return statistic(replicate)
	})
}

// run draws the replicates: each is a multinomial resample of the total
// weight over the classes of identical units.
func (b Bootstrap) run(estimate Value, weights []int64, statistic func(counts []int64) Value) (ConfidenceInterval, error) {
	out := ConfidenceInterval{Estimate: estimate, Confidence: b.Confidence, Replicates: b.Replicates, Seed: b.Seed}
	cumulative := make([]uint64, len(weights))
	var total uint64
	for i, w := range weights {
		total += uint64(w)
		cumulative[i] = total
	}
	if total == 0 {
		reason := "there are no units to resample"
		out.Lower, out.Upper = undefined(reason), undefined(reason)
		out.UndefinedReplicates = b.Replicates
		return out, nil
	}
	rng := rand.NewPCG(b.Seed, seedStream)
	counts := make([]int64, len(weights))
	values := make([]float64, 0, b.Replicates)
	for range b.Replicates {
		clear(counts)
		for range total {
			draw := below(rng, total)
			// The class whose cumulative weight first exceeds the draw.
			k, _ := slices.BinarySearch(cumulative, draw+1)
			counts[k]++
		}
		v := statistic(counts)
		if !v.Defined {
			out.UndefinedReplicates++
			continue
		}
		values = append(values, v.V)
	}
	if len(values) == 0 {
		reason := "the statistic was undefined on every bootstrap replicate"
		out.Lower, out.Upper = undefined(reason), undefined(reason)
		return out, nil
	}
	slices.Sort(values)
	tail := (1 - b.Confidence) / 2
	out.Lower = known(quantile(values, tail))
	out.Upper = known(quantile(values, 1-tail))
	return out, nil
}

// below returns a uniform integer in [0, n) by Lemire's multiply-and-reject
// method on the generator's 64-bit outputs; spelled out here so that the
// sequence depends only on PCG, not on library helpers that may change.
func below(rng *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(rng.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(rng.Uint64(), n)
		}
	}
	return hi
}

// quantile is the p-quantile of sorted values by linear interpolation
// between order statistics (Hyndman and Fan's type 7, R's default):
// h = (N−1)p, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// Settings returns the bootstrap with its defaults filled in (1000
// replicates, 0.95), or an error for settings that cannot work.
func (b Bootstrap) Settings() (Bootstrap, error) { return b.settings() }

// Clusters draws the replicates of a stratified cluster bootstrap:
// clusters (turns, or sources) are numbered 0, 1, … stratum after stratum,
// strata[s] being the number of clusters of stratum s. Each replicate
// draws, in every stratum, as many clusters as it holds, with
// replacement, each equally likely, and calls replicate with counts[j],
// the number of times cluster j was drawn (the slice is overwritten by
// the next replicate). The draws come from PCG seeded with Seed, stratum
// by stratum, so the same seed and clusters give the same replicates.
//
// Resampling whole clusters keeps the dependence between the units inside
// one (neighbouring characters, words or sentences of one turn), which
// resampling single units ignores.
func (b Bootstrap) Clusters(strata []int, replicate func(counts []int64)) error {
	b, err := b.settings()
	if err != nil {
		return err
	}
	total := 0
	for _, n := range strata {
		if n < 0 {
			return fmt.Errorf("a stratum of %d clusters", n)
		}
		total += n
	}
	rng := rand.NewPCG(b.Seed, seedStream)
	counts := make([]int64, total)
	for range b.Replicates {
		clear(counts)
		first := 0
		for _, n := range strata {
			for range n {
				counts[first+int(below(rng, uint64(n)))]++
			}
			first += n
		}
		replicate(counts)
	}
	return nil
}

// Percentile is the percentile interval of the replicate values of a
// statistic whose value on the data is estimate: undefined replicates are
// counted and left out, and the bounds are the (1−c)/2 and (1+c)/2
// quantiles of the others (type 7).
func (b Bootstrap) Percentile(estimate Value, replicates []Value) ConfidenceInterval {
	values := make([]float64, 0, len(replicates))
	undefined := 0
	for _, v := range replicates {
		if !v.Defined {
			undefined++
			continue
		}
		values = append(values, v.V)
	}
	return b.PercentileOfDefined(estimate, values, undefined)
}

// PercentileOfDefined is Percentile of replicate values given apart: the
// defined values (which it sorts in place, so that a caller can reuse one
// slice for many statistics) and the number of undefined replicates.
func (b Bootstrap) PercentileOfDefined(estimate Value, defined []float64, undefinedReplicates int) ConfidenceInterval {
	b, _ = b.settings()
	out := ConfidenceInterval{Estimate: estimate, Confidence: b.Confidence, Replicates: len(defined) + undefinedReplicates, UndefinedReplicates: undefinedReplicates, Seed: b.Seed}
	if len(defined) == 0 {
		reason := "the statistic was undefined on every bootstrap replicate"
		out.Lower, out.Upper = undefined(reason), undefined(reason)
		return out
	}
	// The two quantiles need four order statistics, not a sorted slice.
	tail := (1 - b.Confidence) / 2
	lower, upper := float64(len(defined)-1)*tail, float64(len(defined)-1)*(1-tail)
	lo, hi := int(math.Floor(lower)), int(math.Floor(upper))
	out.Lower = known(interpolate(defined, lo, lower))
	out.Upper = known(interpolate(defined[lo:], hi-lo, upper-float64(lo)))
	return out
}

// interpolate is quantile's value at h of the values (type 7), with k =
// ⌊h⌋: it puts the k-th smallest value at x[k], the smaller ones before it
// and the larger after (the order statistics quantile reads), in place.
func interpolate(x []float64, k int, h float64) float64 {
	if k >= len(x)-1 {
		k = len(x) - 1
		selectSmallest(x, k)
		return x[k]
	}
	selectSmallest(x, k)
	next := slices.Min(x[k+1:])
	return x[k] + (h-float64(k))*(next-x[k])
}

// selectSmallest rearranges x so that x[k] is the value a sort would put
// there, no value before it larger and none after it smaller (Hoare's
// selection, median of three pivots).
func selectSmallest(x []float64, k int) {
	lo, hi := 0, len(x)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for x[j] > pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
