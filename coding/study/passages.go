package study

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/corpus"
)

// PassageQuery chooses a code's passages across the study.
type PassageQuery struct {
	// Code is the code (path, name or id).
	Code string
	// Subtree includes the code's sub-codes.
	Subtree bool
	// Coder keeps one coder's codings (under blinding only the viewer's own).
	Coder string
	// Group keeps the passages of one focus group (a source's group).
	Group string
	// Attrs keeps the passages spoken by participants with all of these
	// attributes (key → value, compared ignoring case).
	Attrs map[string]string
	// Context is how many turns before and after each passage to add.
	Context int
	// Layer, when set, keeps the codings a query or an export counts (see
	// QueryOptions.Layer): the passages behind a cell of a matrix.
	Layer string
	// With keeps the passages that overlap a coding of this code by the
	// same coder: the passages behind a cell of the co-occurrence matrix.
	With string
}

// CodedPassage is a coded passage with where it comes from: its source's group,
// the participant speaking (with their pseudonym and attributes) and, when
// asked, the turns around it.
type CodedPassage struct {
	coding.Coding
	Group      string            `json:"group"`
	Pseudonym  string            `json:"pseudonym,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Before     []ContextTurn     `json:"before,omitempty"`
	After      []ContextTurn     `json:"after,omitempty"`
}

// ContextTurn is a turn shown around a passage.
type ContextTurn struct {
	Turn        int    `json:"turn"`
	Speaker     string `json:"speaker"`
	Participant string `json:"participant,omitempty"`
	Moderator   bool   `json:"moderator,omitempty"`
	Text        string `json:"text"`
}

// CodePassages lists every passage of a code (and, with Subtree, of its
// sub-codes) in every source, in transcript order (group, source,
// position), as p may see them: under blinding only p's own codings, so a
// coder never reads another coder's passages. The codebook is shared, so
// any code may be asked for.
func (st *Study) CodePassages(ctx context.Context, p Person, q PassageQuery) ([]CodedPassage, error) {
	if strings.TrimSpace(q.Code) == "" {
		return nil, errors.New("name a code (see `focal code list`)")
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, err
	}
	if q.Coder != "" && !sight.SeesCoder(q.Coder) {
		return nil, fmt.Errorf("blind coding is on: you can read only your own passages, not %s's", q.Coder)
	}
	codings, err := st.store.Codings(ctx, CodingFilter{Viewer: p.Name, Code: q.Code, Subtree: q.Subtree, Coder: q.Coder})
	if err != nil {
		return nil, err
	}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return nil, err
	}
	if err := w.checkFilters(q.Group, q.Attrs); err != nil {
		return nil, err
	}
	if q.Layer != "" || q.With != "" {
		if codings, err = st.inLayer(ctx, p, q, w, codings); err != nil {
			return nil, err
		}
	}
	out := make([]CodedPassage, 0, len(codings))
	for _, c := range codings {
		if !sight.SeesCoder(c.Coder) {
			continue
		}
		src := w.sources[c.SourceID]
		if !w.keeps(src, c.Participant, q.Group, q.Attrs) {
			continue
		}
		ps := CodedPassage{Coding: c, Group: src.Group}
		if who, ok := w.people[c.Participant]; ok && c.Participant != "" {
			ps.Pseudonym, ps.Attributes = who.Pseudonym, who.Attributes
		}
		out = append(out, ps)
	}
	if q.Context > 0 {
		if err := st.addContext(ctx, out, q.Context); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PassageContext returns up to n turns before and after a span of a
// source: the context a reader asks for around one passage.
func (st *Study) PassageContext(ctx context.Context, sourceID string, span corpus.Span, n int) (before, after []ContextTurn, err error) {
	text, err := st.store.SourceText(ctx, sourceID)
	if err != nil {
		return nil, nil, err
	}
	turns, err := st.store.Turns(ctx, sourceID)
	if err != nil {
		return nil, nil, err
	}
	before, after = contextAround(corpus.NewPositionIndex(text), turns, span, n)
	return before, after, nil
}

// addContext fills Before and After, reading each source once.
func (st *Study) addContext(ctx context.Context, ps []CodedPassage, n int) error {
	type view struct {
		idx   *corpus.PositionIndex
		turns []corpus.Turn
	}
	views := map[string]view{}
	for i := range ps {
		v, ok := views[ps[i].SourceID]
		if !ok {
			text, err := st.store.SourceText(ctx, ps[i].SourceID)
			if err != nil {
				return err
			}
			turns, err := st.store.TurnPlaces(ctx, ps[i].SourceID)
			if err != nil {
				return err
			}
			v = view{idx: corpus.NewPositionIndex(text), turns: turns}
			views[ps[i].SourceID] = v
		}
		ps[i].Before, ps[i].After = contextAround(v.idx, v.turns, corpus.Span{Start: ps[i].Start, End: ps[i].End}, n)
	}
	return nil
}

// contextAround is the n turns before the turn where span starts and the n
// turns after the turn where it ends.
func contextAround(idx *corpus.PositionIndex, turns []corpus.Turn, span corpus.Span, n int) (before, after []ContextTurn) {
	first := sort.Search(len(turns), func(k int) bool { return turns[k].End > span.Start })
	last := sort.Search(len(turns), func(k int) bool { return turns[k].End >= span.End })
	last = min(last, len(turns)-1)
	first = min(first, last)
	for k := max(0, first-n); k < first; k++ {
		before = append(before, contextTurn(idx, turns[k]))
	}
	for k := last + 1; k <= min(len(turns)-1, last+n); k++ {
		after = append(after, contextTurn(idx, turns[k]))
	}
	return before, after
}

func contextTurn(idx *corpus.PositionIndex, t corpus.Turn) ContextTurn {
	text, _ := idx.Slice(t.Utterance())
	return ContextTurn{Turn: t.Seq, Speaker: t.Speaker, Participant: t.Participant, Moderator: t.Role == "moderator", Text: text}
}

// whereabouts is what the finding reads need to say where words come
// from: sources by id, participants by name.
type whereabouts struct {
	sources map[string]corpus.Source
	list    []corpus.Source
	people  map[string]corpus.Participant
}

func (st *Study) whereabouts(ctx context.Context) (whereabouts, error) {
	w := whereabouts{sources: map[string]corpus.Source{}, people: map[string]corpus.Participant{}}
	srcs, err := st.store.Sources(ctx)
	if err != nil {
		return w, err
	}
	w.list = srcs
	for _, s := range srcs {
		w.sources[s.ID] = s
	}
	people, err := st.store.Participants(ctx)
	if err != nil {
		return w, err
	}
	for _, p := range people {
		w.people[p.Name] = p
	}
	return w, nil
}

// checkFilters refuses a group or an attribute the project does not have,
// so that a typo is not read as "no passages".
func (w whereabouts) checkFilters(group string, attrs map[string]string) error {
	if group != "" {
		var groups []string
		found := false
		seen := map[string]bool{}
		for _, s := range w.list {
			if strings.EqualFold(s.Group, group) {
				found = true
			}
			if s.Group != "" && !seen[s.Group] {
				seen[s.Group] = true
				groups = append(groups, s.Group)
			}
		}
		if !found {
			if len(groups) == 0 {
				return fmt.Errorf("no group %q: the sources have no groups (see `focal source group`)", group)
			}
			return fmt.Errorf("no group %q; the groups are %s", group, strings.Join(groups, ", "))
		}
	}
	for k := range attrs {
		found := false
		for _, p := range w.people {
			for pk := range p.Attributes {
				if strings.EqualFold(pk, k) {
					found = true
				}
			}
		}
		if !found {
			return fmt.Errorf("no participant attribute %q (see `focal participant list`)", k)
		}
	}
	return nil
}

// keeps says whether words of src spoken by participant pass the group and
// attribute filters.
func (w whereabouts) keeps(src corpus.Source, participant, group string, attrs map[string]string) bool {
	if group != "" && !strings.EqualFold(src.Group, group) {
		return false
	}
	if len(attrs) == 0 {
		return true
	}
	who, ok := w.people[participant]
	if !ok || participant == "" {
		return false
	}
	return hasAttrs(who.Attributes, attrs)
}

func hasAttrs(have, want map[string]string) bool {
	for k, v := range want {
		ok := false
		for hk, hv := range have {
			if strings.EqualFold(hk, k) && strings.EqualFold(strings.TrimSpace(hv), strings.TrimSpace(v)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// inLayer keeps the codings of the layer q names and, with q.With, those
// overlapping a coding of that code by the same coder (in the layer too).
func (st *Study) inLayer(ctx context.Context, p Person, q PassageQuery, w whereabouts, codings []coding.Coding) ([]coding.Coding, error) {
	layer, err := st.ExportLayer(ctx, p, q.Layer)
	if err != nil {
		return nil, err
	}
	keep, err := st.layerRule(ctx, p, layer)
	if err != nil {
		return nil, err
	}
	type key struct{ source, coder string }
	var with map[key][]corpus.Span
	if q.With != "" {
		others, err := st.store.Codings(ctx, CodingFilter{Viewer: p.Name, Code: q.With})
		if err != nil {
			return nil, err
		}
		with = map[key][]corpus.Span{}
		for _, c := range others {
			if keep(c, w.sources[c.SourceID]) {
				k := key{c.SourceID, c.Coder}
				with[k] = append(with[k], corpus.Span{Start: c.Start, End: c.End})
			}
		}
	}
	out := codings[:0]
	for _, c := range codings {
		if !keep(c, w.sources[c.SourceID]) {
			continue
		}
		if with != nil {
			hit := false
			for _, s := range with[key{c.SourceID, c.Coder}] {
				if s.Overlaps(corpus.Span{Start: c.Start, End: c.End}) {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
		}
		out = append(out, c)
	}
	return out, nil
}
