package study

import (
	"cmp"
	"context"
	"slices"

	"github.com/focalqda/focal/coding"
)

// SuggestionChecks are the suggestions measured on the codings of the
// layer an export reads (see CheckSuggestionsInLayer).
type SuggestionChecks struct {
	// Layer is whose codings were read where a source's consensus is not
	// complete: a coder's name, "all" or "consensus".
	Layer string
	// Unit and K are what a passage is and how many suggestions per half
	// were checked.
	Unit string
	K    int
	// Eligible counts the codes with at least 4 codings in the layer;
	// Checks holds the Most most used of them (all when Most is 0), by
	// code path.
	Eligible int
	Checks   []SuggestionCheck
}

// CheckSuggestionsInLayer measures the suggestions as CheckSuggestions
// does (sentences, precision at 10), on the codings an export by p reads
// with the layer asked for (ExportLayer; "" for the default): under
// blinding p's own; otherwise the consensus where a source's consensus is
// complete and the layer elsewhere. With most > 0, only the most codes
// with the most codings in the layer are checked (ties by path): checking
// one code on a 100,000-coding project takes about a quarter of a second.
func (st *Study) CheckSuggestionsInLayer(ctx context.Context, p Person, layerAsked string, most int) (SuggestionChecks, error) {
	layer, err := st.ExportLayer(ctx, p, layerAsked)
	if err != nil {
		return SuggestionChecks{}, err
	}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return SuggestionChecks{}, err
	}
	keep, err := st.layerRule(ctx, p, layer)
	if err != nil {
		return SuggestionChecks{}, err
	}
	all, err := st.store.Codings(ctx, CodingFilter{Viewer: p.Name})
	if err != nil {
		return SuggestionChecks{}, err
	}
	byCode := map[string][]coding.Coding{}
	var order []string
	for _, c := range all {
		if !keep(c, w.sources[c.SourceID]) {
			continue
		}
		if byCode[c.Code] == nil {
			order = append(order, c.Code)
		}
		byCode[c.Code] = append(byCode[c.Code], c)
	}
	order = slices.DeleteFunc(order, func(code string) bool { return len(byCode[code]) < 4 })
	res := SuggestionChecks{Layer: layer.Choice, Unit: UnitSentence, K: 10, Eligible: len(order)}
	if most > 0 && len(order) > most {
		slices.SortFunc(order, func(a, b string) int {
			if c := cmp.Compare(len(byCode[b]), len(byCode[a])); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		order = order[:most]
	}
	slices.Sort(order)
	if res.Checks, err = st.checkSuggestions(ctx, byCode, order, res.Unit, res.K); err != nil {
		return SuggestionChecks{}, err
	}
	return res, nil
}
