package agree

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func alphaNominal(c CountTable) Value { return KrippendorffAlpha(c, Nominal).Alpha }

// bootstrapExample is 200 units rated by three coders who mostly agree.
func bootstrapExample() Ratings {
	rng := rand.New(rand.NewPCG(7, 7))
	return compress(randomRatings(rng, 200, 3, []float64{1, 2, 3, 4}, 0.1))
}

func TestBootstrapReproducible(t *testing.T) {
	counts := mustCounts(t, bootstrapExample())
	b := Bootstrap{Replicates: 500, Seed: 42}
	first, err := b.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Errorf("same seed, different intervals: %+v and %+v", first, second)
	}
	other, err := Bootstrap{Replicates: 500, Seed: 43}.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	if other.Lower == first.Lower && other.Upper == first.Upper {
		t.Errorf("different seeds gave the same interval %+v", first)
	}
}

func TestBootstrapCoversEstimate(t *testing.T) {
	ratings := bootstrapExample()
	counts := mustCounts(t, ratings)
	alpha, err := Bootstrap{Seed: 1}.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	table := mustPair(t, ratings, 0, 1)
	kappa, err := Bootstrap{Seed: 1, Confidence: 0.9}.Pairs(table, CohenKappa)
	if err != nil {
		t.Fatal(err)
	}
	for name, ci := range map[string]ConfidenceInterval{"alpha": alpha, "kappa": kappa} {
		if !ci.Estimate.Defined || !ci.Lower.Defined || !ci.Upper.Defined {
			t.Fatalf("%s: undefined parts in %+v", name, ci)
		}
		if !(ci.Lower.V < ci.Estimate.V && ci.Estimate.V < ci.Upper.V) {
			t.Errorf("%s: interval [%v, %v] does not cover the estimate %v", name, ci.Lower, ci.Upper, ci.Estimate)
		}
		// 200 units: a 95 % interval some 0.1–0.3 wide, not a point.
		if width := ci.Upper.V - ci.Lower.V; width < 0.02 || width > 0.5 {
			t.Errorf("%s: implausible width %v", name, width)
		}
		if ci.Replicates != 1000 || ci.UndefinedReplicates != 0 {
			t.Errorf("%s: replicates %d, undefined %d", name, ci.Replicates, ci.UndefinedReplicates)
		}
	}
	if alpha.Confidence != 0.95 || kappa.Confidence != 0.9 {
		t.Errorf("confidence levels %v, %v", alpha.Confidence, kappa.Confidence)
	}
	// A wider confidence level gives a wider interval from the same draws.
	wide, err := Bootstrap{Seed: 1, Confidence: 0.99}.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	if wide.Lower.V > alpha.Lower.V || wide.Upper.V < alpha.Upper.V {
		t.Errorf("99 %% interval [%v, %v] inside 95 %% interval [%v, %v]", wide.Lower, wide.Upper, alpha.Lower, alpha.Upper)
	}
}

func TestBootstrapUndefined(t *testing.T) {
	// Every unit agrees on one category: every replicate is 0/0.
	counts := mustCounts(t, NewRatings([][]float64{{1, 1}, {1, 1}, {1, 1}}))
	ci, err := Bootstrap{Replicates: 20}.Units(counts, alphaNominal)
	if err != nil {
		t.Fatal(err)
	}
	if ci.Estimate.Defined || ci.Lower.Defined || ci.Upper.Defined || ci.UndefinedReplicates != 20 {
		t.Errorf("got %+v", ci)
	}
	// Nothing to resample.
	ci, err = Bootstrap{Replicates: 20}.Pairs(PairCounts{}.Table(), CohenKappa)
	if err != nil {
		t.Fatal(err)
	}
	if ci.Lower.Defined || ci.Lower.Reason == "" {
		t.Errorf("empty table: got %+v", ci)
	}
	if _, err := (Bootstrap{Confidence: 1.5}).Units(counts, alphaNominal); err == nil {
		t.Error("confidence 1.5 accepted")
	}
	if _, err := (Bootstrap{Replicates: -1}).Units(counts, alphaNominal); err == nil {
		t.Error("negative replicates accepted")
	}
}

func TestQuantile(t *testing.T) {
	values := []float64{1, 2, 3, 4}
	// Type 7: h = (4−1)·0.25 = 0.75 → 1 + 0.75·(2−1) = 1.75.
	for _, tc := range []struct{ p, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 2.5}, {1, 4}} {
		if got := quantile(values, tc.p); got != tc.want {
			t.Errorf("quantile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

// TestBelowIsUniform checks the bounded draw hits every value about
// equally often.
func TestBelowIsUniform(t *testing.T) {
	rng := rand.NewPCG(3, 4)
	var hits [5]int
	for range 50000 {
		hits[below(rng, 5)]++
	}
	for v, n := range hits {
		if n < 9500 || n > 10500 {
			t.Errorf("value %d drawn %d times of 50000", v, n)
		}
	}
}

// The quantiles taken by selection are those of the sorted values (type
// 7), with ties, any length and any confidence.
func TestPercentileOfDefinedMatchesSortedQuantiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	for trial := range 3000 {
		n := 1 + rng.IntN(60)
		values := make([]float64, n)
		for i := range values {
			values[i] = float64(rng.IntN(1 + trial%20)) // many ties when small
			if trial%3 == 0 {
				values[i] = rng.NormFloat64()
			}
		}
		c := []float64{0.5, 0.8, 0.9, 0.95, 0.99, 0.999}[trial%6]
		sorted := slices.Sorted(slices.Values(values))
		tail := (1 - c) / 2
		b := Bootstrap{Confidence: c, Seed: 9}
		got := b.PercentileOfDefined(Value{V: 1, Defined: true}, slices.Clone(values), 2)
		if got.Lower.V != quantile(sorted, tail) || got.Upper.V != quantile(sorted, 1-tail) || got.UndefinedReplicates != 2 || got.Replicates != n+2 {
			t.Fatalf("values %v at %v: got %+v, sorted quantiles %v and %v", values, c, got, quantile(sorted, tail), quantile(sorted, 1-tail))
		}
	}
}
