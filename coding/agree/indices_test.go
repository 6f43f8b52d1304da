package agree

import (
	"math"
	"testing"
)

// A 2 × 2 table worked by hand: a = 40 both, b = 9 only A, c = 6 only B,
// d = 45 neither, N = 100.
//
//	PI = (40 − 45)/100 = −0.05;  BI = (9 − 6)/100 = 0.03
//	p_o = 0.85, PABAK = 2·0.85 − 1 = 0.70
//	PSA = 2·40/(80 + 15) = 80/95;  NSA = 2·45/(90 + 15) = 90/105
//	a₁ = 0.49, b₁ = 0.46, p_e = 0.49·0.46 + 0.51·0.54 = 0.5008
//	p_max = min(0.49, 0.46) + min(0.51, 0.54) = 0.97
//	kappa max = (0.97 − 0.5008)/(1 − 0.5008) = 0.4692/0.4992
func TestTwoByTwoIndicesHandWorked(t *testing.T) {
	p := PairCounts{Both: 40, OnlyA: 9, OnlyB: 6, Neither: 45}
	got := p.Indices()
	for _, c := range []struct {
		name string
		v    Value
		want float64
	}{
		{"prevalence index", got.PrevalenceIndex, -0.05},
		{"bias index", got.BiasIndex, 0.03},
		{"PABAK", got.PABAK, 0.70},
		{"positive specific agreement", got.PositiveAgreement, 80.0 / 95},
		{"negative specific agreement", got.NegativeAgreement, 90.0 / 105},
		{"maximum kappa", got.MaximumKappa, 0.4692 / 0.4992},
	} {
		if !c.v.Defined || math.Abs(c.v.V-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.v, c.want)
		}
	}
	// Byrt, Bishop & Carlin's identity: kappa = (PABAK − PI² + BI²)/(1 − PI² + BI²),
	// here (0.70 − 0.0025 + 0.0009)/(1 − 0.0025 + 0.0009) = 0.6984/0.9984.
	kappa := CohenKappa(p.Table())
	pi, bi := got.PrevalenceIndex.V, got.BiasIndex.V
	if want := (got.PABAK.V - pi*pi + bi*bi) / (1 - pi*pi + bi*bi); math.Abs(kappa.V-want) > 1e-12 || math.Abs(want-0.6984/0.9984) > 1e-12 {
		t.Errorf("kappa %v, from the indices %v", kappa, want)
	}
	// PABAK equals Brennan–Prediger with two categories.
	if bp := BrennanPrediger(p.CountTable()); math.Abs(bp.V-got.PABAK.V) > 1e-12 {
		t.Errorf("Brennan–Prediger %v, PABAK %v", bp, got.PABAK)
	}
}

// On random tables the identity holds and kappa never exceeds its maximum.
func TestTwoByTwoIndicesIdentity(t *testing.T) {
	for a := int64(0); a < 7; a++ {
		for b := int64(0); b < 7; b++ {
			for c := int64(0); c < 7; c++ {
				for d := int64(0); d < 7; d++ {
					p := PairCounts{a, b, c, d}
					x := p.Indices()
					k := CohenKappa(p.Table())
					if !k.Defined {
						if x.MaximumKappa.Defined {
							t.Errorf("%+v: kappa undefined, maximum %v", p, x.MaximumKappa)
						}
						continue
					}
					pi, bi := x.PrevalenceIndex.V, x.BiasIndex.V
					if want := (x.PABAK.V - pi*pi + bi*bi) / (1 - pi*pi + bi*bi); math.Abs(k.V-want) > 1e-12 {
						t.Errorf("%+v: kappa %v, from the indices %v", p, k.V, want)
					}
					if k.V > x.MaximumKappa.V+1e-12 {
						t.Errorf("%+v: kappa %v above its maximum %v", p, k.V, x.MaximumKappa.V)
					}
				}
			}
		}
	}
	none := PairCounts{Neither: 5}.Indices()
	if none.PositiveAgreement.Defined || !none.NegativeAgreement.Defined || none.NegativeAgreement.V != 1 || none.MaximumKappa.Defined {
		t.Errorf("nobody applied the code: %+v", none)
	}
	if all := (PairCounts{Both: 5}).Indices(); all.NegativeAgreement.Defined || all.PositiveAgreement.V != 1 {
		t.Errorf("everybody applied it everywhere: %+v", all)
	}
	if empty := (PairCounts{}).Indices(); empty.PABAK.Defined {
		t.Errorf("no units: %+v", empty)
	}
}
