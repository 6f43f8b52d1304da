package study

import (
	"context"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// QueryOptions choose what a code query counts.
type QueryOptions struct {
	// Layer is whose codings count where a source's consensus is not
	// complete, as for exports: a coder's name, "all" or "consensus"
	// (default: all, or the person's own under blinding; see ExportLayer).
	// A source whose consensus is complete counts its consensus codings.
	Layer string
	// Group and Attrs keep the codings of one focus group, and of
	// participants with these attributes.
	Group string
	Attrs map[string]string
}

// layerCodings reads the codings a query counts, by the layer rule of the
// exports, with their group and participant. The layer's name is returned
// for the report.
func (st *Study) layerCodings(ctx context.Context, p Person, o QueryOptions) (string, []coding.Coding, whereabouts, error) {
	layer, err := st.ExportLayer(ctx, p, o.Layer)
	if err != nil {
		return "", nil, whereabouts{}, err
	}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return "", nil, w, err
	}
	if err := w.checkFilters(o.Group, o.Attrs); err != nil {
		return "", nil, w, err
	}
	keep, err := st.layerRule(ctx, p, layer)
	if err != nil {
		return "", nil, w, err
	}
	all, err := st.store.Codings(ctx, CodingFilter{Viewer: p.Name})
	if err != nil {
		return "", nil, w, err
	}
	out := all[:0]
	for _, c := range all {
		src := w.sources[c.SourceID]
		if keep(c, src) && w.keeps(src, c.Participant, o.Group, o.Attrs) {
			out = append(out, c)
		}
	}
	return layer.Choice, out, w, nil
}

// layerRule says which codings of a source a query counts: under blinding
// the person's own; else the consensus where the source's consensus is
// complete (or the consensus was asked for), and elsewhere the coder asked
// for, or every coder (the consensus aside). It is the rule of the exports.
func (st *Study) layerRule(ctx context.Context, p Person, layer ExportLayer) (func(coding.Coding, corpus.Source) bool, error) {
	if layer.Blind {
		return func(c coding.Coding, _ corpus.Source) bool { return c.Coder == p.Name }, nil
	}
	states, err := st.store.ConsensusStates(ctx)
	if err != nil {
		return nil, err
	}
	complete := map[string]bool{}
	for _, s := range states {
		complete[s.Source] = s.Status == ConsensusComplete
	}
	choice := layer.Choice
	return func(c coding.Coding, src corpus.Source) bool {
		if complete[src.Name] || choice == LayerConsensus {
			return c.Coder == ConsensusCoder
		}
		if c.Coder == ConsensusCoder {
			return false
		}
		return choice == LayerAllCoders || c.Coder == choice
	}, nil
}

// CoOccurrence is how often codes are applied to overlapping text.
type CoOccurrence struct {
	// Layer is whose codings were counted (a coder, "all", "consensus").
	Layer string `json:"layer"`
	// Codes are the codes with codings, in codebook order.
	Codes []string `json:"codes"`
	// Counts[i][j] counts the pairs of overlapping codings of Codes[i] and
	// Codes[j] applied by one coder (or both in the consensus); the
	// diagonal counts each code's codings.
	Counts [][]int `json:"counts"`
}

// CodeCoOccurrence counts, for each pair of codes, the overlapping codings
// one coder gave them, in the layer the exports would read.
func (st *Study) CodeCoOccurrence(ctx context.Context, p Person, o QueryOptions) (CoOccurrence, error) {
	layer, codings, _, err := st.layerCodings(ctx, p, o)
	if err != nil {
		return CoOccurrence{}, err
	}
	res := CoOccurrence{Layer: layer}
	var index map[string]int
	if res.Codes, index, err = st.codesInOrder(ctx, p, codings); err != nil {
		return res, err
	}
	res.Counts = make([][]int, len(res.Codes))
	for i := range res.Counts {
		res.Counts[i] = make([]int, len(res.Codes))
	}
	for _, c := range codings {
		res.Counts[index[c.Code]][index[c.Code]]++
	}
	overlaps(codings, func(a, b coding.Coding) {
		if a.Code != b.Code {
			i, j := index[a.Code], index[b.Code]
			res.Counts[i][j]++
			res.Counts[j][i]++
		}
	})
	return res, nil
}

// overlaps calls fn for each pair of codings by one coder in one source
// whose spans overlap.
func overlaps(codings []coding.Coding, fn func(a, b coding.Coding)) {
	type key struct{ source, coder string }
	groups := map[key][]coding.Coding{}
	for _, c := range codings {
		k := key{c.SourceID, c.Coder}
		groups[k] = append(groups[k], c)
	}
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool { return g[i].Start < g[j].Start })
		for i := range g {
			for j := i + 1; j < len(g) && g[j].Start < g[i].End; j++ {
				fn(g[i], g[j])
			}
		}
	}
}

// codesInOrder lists the codes of codings in codebook order (any code not
// in the listing, last).
func (st *Study) codesInOrder(ctx context.Context, p Person, codings []coding.Coding) ([]string, map[string]int, error) {
	codes, err := st.store.Codes(ctx, CodeFilter{Viewer: p.Name})
	if err != nil {
		return nil, nil, err
	}
	used := map[string]bool{}
	for _, c := range codings {
		used[c.Code] = true
	}
	var out []string
	index := map[string]int{}
	add := func(path string) {
		if _, ok := index[path]; !ok && used[path] {
			index[path] = len(out)
			out = append(out, path)
		}
	}
	for _, c := range codes {
		add(c.Path)
	}
	for _, c := range codings {
		add(c.Code)
	}
	return out, index, nil
}

// CodeByAttribute counts each code's codings by the value of one
// participant attribute of whoever speaks where the coding starts.
type CodeByAttribute struct {
	Layer     string   `json:"layer"`
	Attribute string   `json:"attribute"`
	Codes     []string `json:"codes"`
	// Values are the attribute's values, in order; "(none)" gathers the
	// codings of speakers who are no participant or lack the attribute.
	Values []string `json:"values"`
	// Codings[i][j] counts the codings of Codes[i] on words of a speaker
	// with Values[j]; Participants[i][j] how many participants those are.
	Codings      [][]int `json:"codings"`
	Participants [][]int `json:"participants"`
}

// NoValue is the column of codings on words of speakers without the
// attribute.
const NoValue = "(none)"

// CodesByAttribute counts the codings of each code by a participant
// attribute's values, in the layer the exports would read.
func (st *Study) CodesByAttribute(ctx context.Context, p Person, attr string, o QueryOptions) (CodeByAttribute, error) {
	layer, codings, w, err := st.layerCodings(ctx, p, o)
	if err != nil {
		return CodeByAttribute{}, err
	}
	if err := w.checkFilters("", map[string]string{attr: ""}); err != nil {
		return CodeByAttribute{}, err
	}
	res := CodeByAttribute{Layer: layer, Attribute: attr}
	valueOf := func(participant string) string {
		if who, ok := w.people[participant]; ok && participant != "" {
			for k, v := range who.Attributes {
				if strings.EqualFold(k, attr) && strings.TrimSpace(v) != "" {
					return strings.TrimSpace(v)
				}
			}
		}
		return NoValue
	}
	values := map[string]bool{}
	for _, c := range codings {
		values[valueOf(c.Participant)] = true
	}
	for v := range values {
		if v != NoValue {
			res.Values = append(res.Values, v)
		}
	}
	sort.Strings(res.Values)
	if values[NoValue] {
		res.Values = append(res.Values, NoValue)
	}
	col := map[string]int{}
	for j, v := range res.Values {
		col[v] = j
	}
	var row map[string]int
	if res.Codes, row, err = st.codesInOrder(ctx, p, codings); err != nil {
		return res, err
	}
	res.Codings = make([][]int, len(res.Codes))
	res.Participants = make([][]int, len(res.Codes))
	people := make([][]map[string]bool, len(res.Codes))
	for i := range res.Codes {
		res.Codings[i] = make([]int, len(res.Values))
		res.Participants[i] = make([]int, len(res.Values))
		people[i] = make([]map[string]bool, len(res.Values))
	}
	for _, c := range codings {
		i, j := row[c.Code], col[valueOf(c.Participant)]
		res.Codings[i][j]++
		if c.Participant != "" {
			if people[i][j] == nil {
				people[i][j] = map[string]bool{}
			}
			if !people[i][j][c.Participant] {
				people[i][j][c.Participant] = true
				res.Participants[i][j]++
			}
		}
	}
	return res, nil
}

// WordQuery chooses the words counted by WordFrequencies.
type WordQuery struct {
	// By splits the counts: "group" (focus groups), a participant
	// attribute's key, or "" (no split).
	By string
	// Top is how many words to list (30 when 0).
	Top int
	// Moderators counts the moderators' words too (by default only the
	// participants' and other speakers').
	Moderators bool
	// Group and Attrs limit the turns counted.
	Group string
	Attrs map[string]string
}

// WordFrequencies counts the most frequent words, stop words of each
// source's language left out.
type WordFrequencies struct {
	By      string      `json:"by"`
	Columns []string    `json:"columns"`
	Words   []WordCount `json:"words"`
	// Total is how many words were counted (stop words aside).
	Total int `json:"total"`
}

// WordCount is one word with its count in each column.
type WordCount struct {
	Word   string `json:"word"`
	Total  int    `json:"total"`
	Counts []int  `json:"counts"`
}

// WordFrequencies counts words in the transcripts (folded: case and
// accents aside), leaving out each language's stop words, numbers and
// one-letter words, split by focus group or by a participant attribute.
// It reads the shared text only.
func (st *Study) WordFrequencies(ctx context.Context, q WordQuery) (WordFrequencies, error) {
	res := WordFrequencies{By: q.By}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return res, err
	}
	if err := w.checkFilters(q.Group, q.Attrs); err != nil {
		return res, err
	}
	if q.By != "" && q.By != "group" {
		if err := w.checkFilters("", map[string]string{q.By: ""}); err != nil {
			return res, err
		}
	}
	top := q.Top
	if top <= 0 {
		top = 30
	}
	columnOf := func(src corpus.Source, t corpus.Turn) string {
		switch q.By {
		case "":
			return "all"
		case "group":
			if src.Group == "" {
				return "(no group)"
			}
			return src.Group
		}
		if who, ok := w.people[t.Participant]; ok && t.Participant != "" {
			for k, v := range who.Attributes {
				if strings.EqualFold(k, q.By) && strings.TrimSpace(v) != "" {
					return strings.TrimSpace(v)
				}
			}
		}
		return NoValue
	}
	counts := map[string]map[string]int{} // word → column → count
	totals := map[string]int{}
	columns := map[string]bool{}
	m := &matcher{fold: map[rune]rune{}}
	var runes []rune
	for _, src := range w.list {
		if q.Group != "" && !strings.EqualFold(src.Group, q.Group) {
			continue
		}
		turns, err := st.store.TurnPlaces(ctx, src.ID)
		if err != nil {
			return res, err
		}
		text, err := st.store.SourceText(ctx, src.ID)
		if err != nil {
			return res, err
		}
		runes = appendRunes(runes[:0], text)
		for _, t := range turns {
			if (!q.Moderators && t.Role == "moderator") || !w.keeps(src, t.Participant, "", q.Attrs) {
				continue
			}
			if t.Start < 0 || t.End > len(runes) || t.Start >= t.End {
				continue
			}
			col := columnOf(src, t)
			columns[col] = true
			folded := m.foldAll(runes[t.Start:t.End])
			for _, tok := range m.tokens(folded) {
				if tok.End-tok.Start < 2 {
					continue
				}
				word := string(folded[tok.Start:tok.End])
				if nlp.IsStopWord(src.Language, word) || isNumber(word) {
					continue
				}
				byCol := counts[word]
				if byCol == nil {
					byCol = map[string]int{}
					counts[word] = byCol
				}
				byCol[col]++
				totals[word]++
				res.Total++
			}
		}
	}
	for c := range columns {
		res.Columns = append(res.Columns, c)
	}
	sort.Strings(res.Columns)
	words := make([]string, 0, len(totals))
	for word := range totals {
		words = append(words, word)
	}
	sort.Slice(words, func(i, j int) bool {
		if totals[words[i]] != totals[words[j]] {
			return totals[words[i]] > totals[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > top {
		words = words[:top]
	}
	for _, word := range words {
		wc := WordCount{Word: word, Total: totals[word], Counts: make([]int, len(res.Columns))}
		for j, c := range res.Columns {
			wc.Counts[j] = counts[word][c]
		}
		res.Words = append(res.Words, wc)
	}
	return res, nil
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
