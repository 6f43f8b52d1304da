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
	Coders            int   `json:"coders"`
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
	table := counts.Table()
	asCounts := counts.CountTable()
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
