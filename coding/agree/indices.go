package agree

// The indices below read a 2 × 2 table of one code (a = both applied it,
// b = only A, c = only B, d = neither, N = a + b + c + d) beyond the
// coefficients, as methods reviewers ask for them.
//
//   - Prevalence index (Byrt, Bishop & Carlin 1993) PI = (a − d)/N: near
//     +1 or −1 when one category dominates, which depresses kappa.
//   - Bias index (Byrt, Bishop & Carlin 1993) BI = (b − c)/N: how far the
//     coders' shares of "applied" differ.
//   - PABAK, prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin
//     1993) = 2p_o − 1; with two categories it equals Brennan–Prediger.
//     Kappa = (PABAK − PI² + BI²)/(1 − PI² + BI²).
//   - Positive specific agreement PSA = 2a/(2a + b + c) and negative
//     specific agreement NSA = 2d/(2d + b + c) (Spitzer & Fleiss 1974;
//     Cicchetti & Feinstein 1990): agreement on "applied" and on "not
//     applied" separately.
//   - Maximum attainable kappa (Cohen 1960; Sim & Wright 2005) given the
//     two coders' margins: (p_max − p_e)/(1 − p_e), p_max = min(a₁, b₁) +
//     min(a₀, b₀), a₁ and b₁ the coders' shares of "applied".

// TwoByTwo holds the indices of a 2 × 2 table.
type TwoByTwo struct {
	PrevalenceIndex   Value `json:"prevalence_index"`
	BiasIndex         Value `json:"bias_index"`
	PABAK             Value `json:"pabak"`
	PositiveAgreement Value `json:"positive_specific_agreement"`
	NegativeAgreement Value `json:"negative_specific_agreement"`
	MaximumKappa      Value `json:"maximum_kappa"`
}

// Indices computes the indices of the table.
func (p PairCounts) Indices() TwoByTwo {
	a, b, c, d := float64(p.Both), float64(p.OnlyA), float64(p.OnlyB), float64(p.Neither)
	n := a + b + c + d
	if n == 0 {
		why := undefined(noSharedUnits)
		return TwoByTwo{why, why, why, why, why, why}
	}
	out := TwoByTwo{
		PrevalenceIndex: known((a - d) / n),
		BiasIndex:       known((b - c) / n),
		PABAK:           known(2*(a+d)/n - 1),
	}
	if 2*a+b+c == 0 {
		out.PositiveAgreement = undefined("no coder applied the code, so there is no positive judgement to agree on")
	} else {
		out.PositiveAgreement = known(2 * a / (2*a + b + c))
	}
	if 2*d+b+c == 0 {
		out.NegativeAgreement = undefined("every coder applied the code to every unit, so there is no negative judgement to agree on")
	} else {
		out.NegativeAgreement = known(2 * d / (2*d + b + c))
	}
	a1, b1 := (a+b)/n, (a+c)/n
	pe := a1*b1 + (1-a1)*(1-b1)
	if pe == 1 {
		out.MaximumKappa = undefined("every judgement is the same category, so agreement expected by chance is 1 and kappa is 0/0")
	} else {
		pmax := min(a1, b1) + min(1-a1, 1-b1)
		out.MaximumKappa = known((pmax - pe) / (1 - pe))
	}
	return out
}
