package agree

// PairStatistics is every two-coder statistic for one code and one pair of
// coders over presence data.
type PairStatistics struct {
	// CoderA and CoderB are the 0-based coder indexes of the pair.
	CoderA int `json:"coder_a"`
	CoderB int `json:"coder_b"`
	// Counts is the 2 × 2 table the statistics are computed from.
	Counts PairCounts `json:"counts"`
	// PercentAgreement is (both + neither) / units.
	PercentAgreement Value `json:"percent_agreement"`
	CohenKappa       Value `json:"cohen_kappa"`
	ScottPi          Value `json:"scott_pi"`
	GwetAC1          Value `json:"gwet_ac1"`
	// BrennanPrediger uses q = 2 (applied, not applied).
	BrennanPrediger Value `json:"brennan_prediger"`
	// KrippendorffAlpha is the binary alpha; with two categories the
	// nominal, ordinal, interval and ratio metrics all give the same value.
	KrippendorffAlpha Value `json:"krippendorff_alpha"`
}

// GroupStatistics is every multi-coder statistic for one code over
// presence data, all coders together.
type GroupStatistics struct {
	// Coders is the number of coders compared.
	Coders int `json:"coders"`
	// Units is the number of units that count (blank units left out).
	Units             int64 `json:"units"`
	PercentAgreement  Value `json:"percent_agreement"`
	FleissKappa       Value `json:"fleiss_kappa"`
	GwetAC1           Value `json:"gwet_ac1"`
	BrennanPrediger   Value `json:"brennan_prediger"`
	KrippendorffAlpha Value `json:"krippendorff_alpha"`
}

// PresenceStatistics gathers the statistics of one code in one source (or
// of presence data pooled by the caller).
type PresenceStatistics struct {
	// Pairs holds every pair a < b, in order (0,1), (0,2), … (1,2), ….
	Pairs []PairStatistics `json:"pairs"`
	Group GroupStatistics  `json:"group"`
}

// Statistics computes every pairwise and multi-coder statistic of the
// presence data.
func (p Presence) Statistics() PresenceStatistics {
	out := PresenceStatistics{Pairs: make([]PairStatistics, 0, p.Coders*(p.Coders-1)/2)}
	for a := 0; a < p.Coders; a++ {
		for b := a + 1; b < p.Coders; b++ {
			out.Pairs = append(out.Pairs, PairStatisticsOf(p.Pair(a, b), a, b))
		}
	}
	counts := p.CountTable()
	out.Group = GroupStatistics{
		Coders:            p.Coders,
		Units:             p.Units,
		PercentAgreement:  PercentAgreement(counts),
		FleissKappa:       FleissKappa(counts),
		GwetAC1:           GwetAC1(counts),
		BrennanPrediger:   BrennanPrediger(counts),
		KrippendorffAlpha: KrippendorffAlpha(counts, Nominal).Alpha,
	}
	return out
}

// PairStatisticsOf computes every two-coder statistic from a 2 × 2 table,
// for coders a and b.
func PairStatisticsOf(counts PairCounts, a, b int) PairStatistics {
	// The same tables as counts.Table() and counts.CountTable(), built on
	// the stack because this runs for every pair of every code.
	categories := [2]float64{0, 1}
	cells := [4]int64{counts.Neither, counts.OnlyB, counts.OnlyA, counts.Both}
	rows := [2][]int64{cells[0:2:2], cells[2:4:4]}
	table := Table{Categories: categories[:], Cells: rows[:]}
	byCategory := [6]int{0, 2, 1, 1, 2, 0}
	var countRows [3]CountRow
	used := 0
	for i, units := range [3]int64{counts.Both, counts.OnlyA + counts.OnlyB, counts.Neither} {
		if units > 0 {
			countRows[used] = CountRow{ByCategory: byCategory[2*i : 2*i+2 : 2*i+2], Units: units}
			used++
		}
	}
	asCounts := CountTable{Categories: categories[:], Rows: countRows[:used]}
	return PairStatistics{
		CoderA:            a,
		CoderB:            b,
		Counts:            counts,
		PercentAgreement:  ObservedAgreement(table),
		CohenKappa:        CohenKappa(table),
		ScottPi:           ScottPi(table),
		GwetAC1:           GwetAC1(asCounts),
		BrennanPrediger:   BrennanPrediger(asCounts),
		KrippendorffAlpha: KrippendorffAlpha(asCounts, Nominal).Alpha,
	}
}
