package study

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/corpus"
)

// SaturationUnits are the focus groups of a study with the codes applied in
// each, in the order they were held, ready for analysis.ComputeSaturation.
type SaturationUnits struct {
	// Layer names whose codings were counted, in the words of a methods
	// section ("all coders' codings", "the consensus coding", "the codings
	// of ana", or the consensus where complete and a layer elsewhere).
	Layer string
	// Units has one entry per focus group (a source without a group is in
	// "(no group)"), in the order its first source was imported.
	Units []analysis.SaturationUnit
}

// NoGroup names the group of the sources that have none, as the exports
// and `focal saturation` do.
const NoGroup = "(no group)"

// SaturationUnitsOf gives the saturation units p may compute: each focus
// group, in import order, with the codes applied in it. It reads codings by
// the layer rule of the exports with their default layer (ExportLayer with
// no layer asked for): under blinding p's own codings only; otherwise the
// consensus where a source's consensus is complete, and every coder's
// elsewhere. A code is applied in a group when one of its codings holds
// participants' words there: words of a moderator, of a participant who
// withdrew, or of a quote a participant asked in member checking to remove
// do not count. It is what `focal saturation` computes with its defaults.
func (st *Study) SaturationUnitsOf(ctx context.Context, p Person) (SaturationUnits, error) {
	layer, err := st.ExportLayer(ctx, p, "")
	if err != nil {
		return SaturationUnits{}, err
	}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return SaturationUnits{}, err
	}
	keep, err := st.layerRule(ctx, p, layer)
	if err != nil {
		return SaturationUnits{}, err
	}
	all, err := st.store.Codings(ctx, CodingFilter{Viewer: p.Name})
	if err != nil {
		return SaturationUnits{}, err
	}
	withdrawn, removed, err := st.withdrawnWords(ctx)
	if err != nil {
		return SaturationUnits{}, err
	}
	states, err := st.store.ConsensusStates(ctx)
	if err != nil {
		return SaturationUnits{}, err
	}
	complete := map[string]bool{}
	for _, s := range states {
		complete[s.Source] = s.Status == ConsensusComplete
	}
	bySource := map[string][]int{}
	for i, c := range all {
		if keep(c, w.sources[c.SourceID]) {
			bySource[c.SourceID] = append(bySource[c.SourceID], i)
		}
	}
	type unit struct {
		name, imported string
		codes          []string
	}
	var units []unit
	at := map[string]int{}
	layers := map[string]bool{}
	for _, src := range w.list {
		name := src.Group
		if name == "" {
			name = NoGroup
		}
		i, ok := at[name]
		if !ok {
			i = len(units)
			at[name] = i
			units = append(units, unit{name: name, imported: src.ImportedAt})
		}
		if src.ImportedAt != "" && (units[i].imported == "" || src.ImportedAt < units[i].imported) {
			units[i].imported = src.ImportedAt
		}
		switch {
		case layer.Blind:
			layers["the codings of "+layer.Choice] = true
		case complete[src.Name] && layer.Choice == LayerAllCoders:
			layers["the consensus coding"] = true
		default:
			layers["all coders' codings"] = true
		}
		idx := bySource[src.ID]
		if len(idx) == 0 {
			continue
		}
		text, err := st.store.SourceText(ctx, src.ID)
		if err != nil {
			return SaturationUnits{}, err
		}
		turns, err := st.store.Turns(ctx, src.ID)
		if err != nil {
			return SaturationUnits{}, err
		}
		words := participantWords{idx: corpus.NewPositionIndex(text), text: text, turns: turns,
			withdrawn: withdrawn, removed: removed[src.ID]}
		for _, k := range idx {
			c := all[k]
			if words.holds(corpus.Span{Start: c.Start, End: c.End}) {
				units[i].codes = append(units[i].codes, c.Code)
			}
		}
	}
	slices.SortStableFunc(units, func(a, b unit) int { return cmp.Compare(a.imported, b.imported) })
	out := SaturationUnits{Units: make([]analysis.SaturationUnit, len(units))}
	for i, u := range units {
		out.Units[i] = analysis.SaturationUnit{Name: u.name, Codes: u.codes}
	}
	switch {
	case len(layers) == 1:
		for l := range layers {
			out.Layer = l
		}
	default:
		out.Layer = "the consensus where a source's was complete and all coders' codings elsewhere"
	}
	return out, nil
}

// withdrawnWords reads the participants who withdrew and, by source, the
// quotes participants asked to remove in member checking (as written in
// their packet).
func (st *Study) withdrawnWords(ctx context.Context) (map[string]bool, map[string][]corpus.Span, error) {
	ws, err := st.store.Withdrawals(ctx)
	if err != nil {
		return nil, nil, err
	}
	withdrawn := map[string]bool{}
	for _, w := range ws {
		withdrawn[w.Participant] = true
	}
	answers, err := st.store.MemberCheckAnswers(ctx)
	if err != nil {
		return nil, nil, err
	}
	removed := map[string][]corpus.Span{}
	for _, a := range answers {
		if a.Item == "quote" && a.Answer == "remove" {
			removed[a.SourceID] = append(removed[a.SourceID], corpus.Span{Start: a.Start, End: a.End})
		}
	}
	return withdrawn, removed, nil
}

// participantWords says whether a span of a source holds words the
// analyses count: a participant's (not a moderator's) words, not
// withdrawn.
type participantWords struct {
	idx       *corpus.PositionIndex
	text      string
	turns     []corpus.Turn
	withdrawn map[string]bool
	removed   []corpus.Span
}

func (pw participantWords) holds(span corpus.Span) bool {
	turns := pw.turns
	k := sort.Search(len(turns), func(k int) bool { return turns[k].End > span.Start })
	for ; k < len(turns) && turns[k].Start < span.End; k++ {
		t := turns[k]
		part := corpus.Span{Start: max(span.Start, t.Start), End: min(span.End, t.End)}
		if part.Len() <= 0 || t.Role == "moderator" || (t.Participant != "" && pw.withdrawn[t.Participant]) {
			continue
		}
		s, err := pw.idx.Slice(part)
		if err != nil || strings.TrimFunc(s, unicode.IsSpace) == "" {
			continue
		}
		trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
		part.Start += len([]rune(s)) - len([]rune(trimmed))
		part.End -= len([]rune(trimmed)) - len([]rune(strings.TrimRightFunc(trimmed, unicode.IsSpace)))
		if slices.ContainsFunc(pw.removed, part.Overlaps) {
			continue
		}
		return true
	}
	return false
}
