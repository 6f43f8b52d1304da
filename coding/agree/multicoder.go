package agree

import "fmt"

// unitSummary holds the pieces that Gwet's (2014) multi-coder formulas for
// data with missing values are built from.
type unitSummary struct {
	// rated is the number of units that at least one coder rated (n).
	rated float64
	// paired is the number of units that two or more coders rated (n').
	paired float64
	// agreement is Σ over paired units of Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)),
	// the numerator of p_a.
	agreement float64
	// share[k] is π_k = (1/n) Σ_i r_ik / r_i over rated units.
	share []float64
	// used is the number of categories that occur at least once.
	used int
	// usedCategory is one category that occurs (meaningful when used == 1).
	usedCategory float64
}

// summarise reads the table once. share is where π_k goes: q zeroed
// numbers, passed in so that small tables need no allocation.
func summarise(c CountTable, w Weighting, share []float64) unitSummary {
	q := len(c.Categories)
	s := unitSummary{share: share}
	for _, row := range c.Rows {
		r := 0
		for _, x := range row.ByCategory {
			r += x
		}
		if r == 0 {
			continue
		}
		units := float64(row.Units)
		s.rated += units
		for k, x := range row.ByCategory {
			if x > 0 {
				s.share[k] += units * float64(x) / float64(r)
			}
		}
		if r < 2 {
			continue
		}
		s.paired += units
		// r*_ik = Σ_l w_kl r_il: ratings of the unit that agree with k,
		// counting partial agreement.
		var sum float64
		for k, x := range row.ByCategory {
			if x == 0 {
				continue
			}
			star := float64(x)
			if w != Unweighted {
				star = 0
				for l, y := range row.ByCategory {
					star += w.weight(k, l, q) * float64(y)
				}
			}
			sum += float64(x) * (star - 1)
		}
		s.agreement += units * sum / float64(r*(r-1))
	}
	if s.rated > 0 {
		for k := range s.share {
			s.share[k] /= s.rated
		}
	}
	// A category occurs exactly when its share is positive: every rating
	// adds a positive amount to it.
	for k, pi := range s.share {
		if pi > 0 {
			s.used++
			s.usedCategory = c.Categories[k]
		}
	}
	return s
}

// smallCategories is the number of categories up to which the statistics
// keep their working numbers on the stack.
const smallCategories = 8

// zeroed returns n zeroed numbers, in buf when it is long enough.
func zeroed(buf []float64, n int) []float64 {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]float64, n)
}

const noPairedUnits = "no unit was rated by two or more coders"

// PercentAgreement is Gwet's (2014) observed agreement p_a for any number
// of coders with missing values: for each unit rated by r ≥ 2 coders, the
// share of the r(r−1) ordered pairs of its ratings that agree,
// Σ_k r_k (r_k − 1) / (r (r − 1)); then the mean over those units. Units
// rated by fewer than two coders are left out. For two coders it is the
// share of units both rated on which they agree. Like every agreement here
// it is a proportion from 0 to 1, not a percentage.
func PercentAgreement(c CountTable) Value {
	if r := c.check(); r != "" {
		return undefined(r)
	}
	var buf [smallCategories]float64
	s := summarise(c, Unweighted, zeroed(buf[:], len(c.Categories)))
	if s.paired == 0 {
		return undefined(noPairedUnits)
	}
	return known(s.agreement / s.paired)
}

// FleissKappa is Fleiss' (1971) kappa generalised by Gwet (2014) to units
// with missing ratings: (p_a − p_e) / (1 − p_e) with p_a as in
// PercentAgreement and p_e = Σ_k π_k², where π_k is the mean over rated
// units of the share r_k / r of the unit's ratings in category k. With no
// missing values it is Fleiss' original kappa.
func FleissKappa(c CountTable) Value {
	if r := c.check(); r != "" {
		return undefined(r)
	}
	var buf [smallCategories]float64
	s := summarise(c, Unweighted, zeroed(buf[:], len(c.Categories)))
	if s.paired == 0 {
		return undefined(noPairedUnits)
	}
	if s.used == 1 {
		return undefined(oneCategoryReason(s.usedCategory))
	}
	var expected float64
	for _, pi := range s.share {
		expected += pi * pi
	}
	observed := s.agreement / s.paired
	return known((observed - expected) / (1 - expected))
}

// GwetAC1 is Gwet's first-order agreement coefficient:
// (p_a − p_e) / (1 − p_e) with p_a as in PercentAgreement and
// p_e = Σ_k π_k (1 − π_k) / (q − 1), where q is the number of categories
// (len(c.Categories)) and π_k as in FleissKappa.
func GwetAC1(c CountTable) Value {
	return GwetAC2(c, Unweighted)
}

// GwetAC2 is Gwet's weighted agreement coefficient for ordered categories:
// p_a counts partial agreement, Σ_k r_k (r*_k − 1) / (r (r − 1)) with
// r*_k = Σ_l w_kl r_l, and p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k),
// where T_w is the sum of all q² weights. Unweighted gives AC1.
func GwetAC2(c CountTable, w Weighting) Value {
	if r := c.check(); r != "" {
		return undefined(r)
	}
	if !w.valid() {
		return undefined(fmt.Sprintf("unknown weighting %v", w))
	}
	q := len(c.Categories)
	var buf [smallCategories]float64
	s := summarise(c, w, zeroed(buf[:], q))
	if s.paired == 0 {
		return undefined(noPairedUnits)
	}
	if q < 2 {
		return undefined(fmt.Sprintf("fewer than two categories (q = %d), so the chance term's divisor q − 1 is not positive", q))
	}
	var totalWeight float64
	for k := range q {
		for l := range q {
			totalWeight += w.weight(k, l, q)
		}
	}
	var spread float64
	for _, pi := range s.share {
		spread += pi * (1 - pi)
	}
	expected := totalWeight / float64(q*(q-1)) * spread
	observed := s.agreement / s.paired
	return known((observed - expected) / (1 - expected))
}

// BrennanPrediger is Brennan and Prediger's (1981) coefficient (also
// Bennett's S): (p_a − 1/q) / (1 − 1/q), with p_a as in PercentAgreement
// and q = len(c.Categories). Declare Ratings.Categories to set q to the
// number of categories the coding scheme offers rather than those observed.
func BrennanPrediger(c CountTable) Value {
	if r := c.check(); r != "" {
		return undefined(r)
	}
	q := len(c.Categories)
	var buf [smallCategories]float64
	s := summarise(c, Unweighted, zeroed(buf[:], len(c.Categories)))
	if s.paired == 0 {
		return undefined(noPairedUnits)
	}
	if q < 2 {
		return undefined(fmt.Sprintf("fewer than two categories (q = %d), so chance agreement 1/q is not below 1", q))
	}
	expected := 1 / float64(q)
	observed := s.agreement / s.paired
	return known((observed - expected) / (1 - expected))
}
