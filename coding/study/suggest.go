package study

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/suggest"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// The units a suggestion can be.
const (
	UnitSentence = "sentence"
	UnitTurn     = "turn"
)

// SuggestRequest asks for passages to code with a code.
type SuggestRequest struct {
	// Code is the code's path, name or id.
	Code string
	// Unit is "sentence" (the default) or "turn".
	Unit string
	// Source, when set, keeps the suggestions to one source.
	Source string
	// Limit is how many to return, best first; 0 means 10.
	Limit int
}

// Suggestion is one passage suggested for a code, with why.
type Suggestion struct {
	Source string `json:"source"`
	// Start and End are code points in the source's stored text.
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Turn        int    `json:"turn"`
	Speaker     string `json:"speaker"`
	Participant string `json:"participant,omitempty"`
	Text        string `json:"text"`
	// Score is the passage's BM25 score: the sum of the weights of Why.
	Score float64 `json:"score"`
	// Why lists the terms the passage shares with the code's coded
	// passages, heaviest first.
	Why []suggest.Shared `json:"why"`
}

// Suggestions answers a SuggestRequest.
type Suggestions struct {
	Code string `json:"code"`
	Unit string `json:"unit"`
	// Learned is how many codings of the code the model was built from:
	// the person's own under blinding, everyone's otherwise.
	Learned int `json:"learned_from"`
	// Layer says whose codings those are ("yours" or "everyone's").
	Layer string `json:"layer"`
	// Candidates is how many passages were ranked (uncoded with the code,
	// not rejected, not the moderator's).
	Candidates  int          `json:"candidates"`
	Suggestions []Suggestion `json:"suggestions"`
}

// passage is one unit of the project's text that may be suggested.
type passage struct {
	sourceID, source string
	span             corpus.Span
	turn             int
	speaker, partic  string
	moderator        bool
}

// passageSet is every passage of the project in one unit, with its index.
type passageSet struct {
	passages []passage
	texts    []suggest.Text
	index    *suggest.Index
	// lang and at are each source's language and stored text (as a
	// position index), by source id, for coded passages.
	lang map[string]string
	at   map[string]*corpus.PositionIndex
}

// languageSample is how much of a source's text is read to guess its
// language when the import did not record it: some 1,500 words.
const languageSample = 8000

// passageSet reads every source's passages of the unit and indexes them.
// The text is the project's, the same for everyone: no coder's work is in
// it.
func (st *Study) passageSet(ctx context.Context, unit string) (*passageSet, error) {
	srcs, err := st.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	places, err := st.store.EveryTurnPlace(ctx)
	if err != nil {
		return nil, err
	}
	speakers, err := st.store.SpeakerPlaces(ctx)
	if err != nil {
		return nil, err
	}
	turnsOf := map[string][]store.TurnPlace{}
	for _, t := range places {
		turnsOf[t.SourceID] = append(turnsOf[t.SourceID], t)
	}
	ps := &passageSet{lang: map[string]string{}, at: map[string]*corpus.PositionIndex{}}
	for _, src := range srcs {
		text, err := st.store.SourceText(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		lang := src.Language
		if lang == "" {
			sample := text
			if len(sample) > languageSample {
				cut := languageSample
				for cut > 0 && sample[cut]&0xC0 == 0x80 {
					cut--
				}
				sample = sample[:cut]
			}
			lang = nlp.DetectLanguage(sample)
		}
		ps.lang[src.ID] = lang
		turns := turnsOf[src.ID]
		var spans []corpus.Span
		if unit == UnitSentence {
			spans, err = st.store.Units(ctx, src.ID, UnitSentence)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
		if spans == nil {
			// Turns, or a source stored without sentence units (made by
			// hand rather than imported): its turns are its passages.
			for _, t := range turns {
				spans = append(spans, corpus.Span{Start: t.Start, End: t.End})
			}
		}
		idx := corpus.NewPositionIndex(text)
		ps.at[src.ID] = idx
		k := 0
		for _, sp := range spans {
			s, err := idx.Slice(sp)
			if err != nil {
				return nil, err
			}
			for k < len(turns) && turns[k].End <= sp.Start {
				k++
			}
			p := passage{sourceID: src.ID, source: src.Name, span: sp}
			if k < len(turns) {
				who := speakers[turns[k].SpeakerID]
				p.turn, p.speaker, p.partic, p.moderator = turns[k].Seq, who.Name, who.Participant, who.Role == "moderator"
			}
			ps.passages = append(ps.passages, p)
			ps.texts = append(ps.texts, suggest.Text{Text: s, Lang: lang})
		}
	}
	ps.index = suggest.NewIndex(ps.texts)
	return ps, nil
}

// codedPassage is where a coding the model learns from lies.
type codedPassage struct {
	sourceID string
	span     corpus.Span
}

// Suggest ranks the passages (sentences or turns) not yet coded with a code
// by how much they resemble the passages coded with it, and says why each
// is suggested: the terms it shares with them and their weights (see
// package suggest). It codes nothing.
//
// The model is built from the codings of the code that p may see: under
// blinding p's own only (Sight), so that a colleague's coding changes
// nothing p is shown; otherwise everyone's. Passages that overlap one of
// those codings, passages p (or, without blinding, anyone) rejected for the
// code, and the moderator's turns are not suggested.
func (st *Study) Suggest(ctx context.Context, p Person, req SuggestRequest) (Suggestions, error) {
	if req.Unit == "" {
		req.Unit = UnitSentence
	}
	if req.Unit != UnitSentence && req.Unit != UnitTurn {
		return Suggestions{}, fmt.Errorf("unit %q: suggestions are sentences or turns (--unit sentence|turn)", req.Unit)
	}
	if req.Limit <= 0 {
		req.Limit = 10
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return Suggestions{}, err
	}
	code, err := st.store.Code(ctx, req.Code)
	if err != nil {
		return Suggestions{}, err
	}
	var only string
	if req.Source != "" {
		src, err := st.store.Source(ctx, req.Source)
		if err != nil {
			return Suggestions{}, err
		}
		only = src.ID
	}
	examples, err := st.visibleCodingsOf(ctx, sight, code.ID)
	if err != nil {
		return Suggestions{}, err
	}
	out := Suggestions{Code: code.Path, Unit: req.Unit, Learned: len(examples), Layer: "everyone's", Suggestions: []Suggestion{}}
	if sight.Blind {
		out.Layer = "yours"
	}
	if len(examples) == 0 {
		whose := ""
		if sight.Blind {
			whose = " of yours"
		}
		return out, fmt.Errorf("%s has no codings%s to learn from yet: code a few passages with it first", code.Path, whose)
	}
	rejects, err := st.store.SuggestionRejects(ctx, code.ID)
	if err != nil {
		return Suggestions{}, err
	}
	var seen []store.SuggestionReject
	for _, r := range rejects {
		if sight.SeesCoder(r.Coder) {
			seen = append(seen, r)
		}
	}
	ps, err := st.passageSet(ctx, req.Unit)
	if err != nil {
		return Suggestions{}, err
	}
	ranked, candidates := ps.rank(examples, seen, only, req.Limit)
	out.Candidates = candidates
	for _, r := range ranked {
		out.Suggestions = append(out.Suggestions, ps.suggestion(r))
	}
	return out, nil
}

// visibleCodingsOf lists where the codings of one code lie that p may
// see: under blinding p's own only.
func (st *Study) visibleCodingsOf(ctx context.Context, sight Sight, codeID string) ([]codedPassage, error) {
	all, err := st.store.CodeSpans(ctx, codeID)
	if err != nil {
		return nil, err
	}
	var out []codedPassage
	for _, c := range all {
		if sight.SeesCoder(c.Coder) {
			out = append(out, codedPassage{c.SourceID, corpus.Span{Start: c.Start, End: c.End}})
		}
	}
	return out, nil
}

// rank ranks the passages for a code learned from examples, leaving out
// those that overlap an example, were rejected, or are the moderator's,
// and those outside the source only (when set). It returns the limit best
// and how many passages were ranked.
func (ps *passageSet) rank(examples []codedPassage, rejects []store.SuggestionReject, only string, limit int) ([]suggest.Ranked, int) {
	texts := make([]suggest.Text, 0, len(examples))
	coded := map[string][]corpus.Span{}
	for _, c := range examples {
		idx := ps.at[c.sourceID]
		if idx == nil {
			continue
		}
		text, err := idx.Slice(c.span)
		if err != nil {
			continue // a coding outside its text: nothing to learn from
		}
		texts = append(texts, suggest.Text{Text: text, Lang: ps.lang[c.sourceID]})
		coded[c.sourceID] = append(coded[c.sourceID], c.span)
	}
	rejected := map[passageKey]bool{}
	for _, r := range rejects {
		rejected[passageKey{r.SourceID, r.Start, r.End}] = true
	}
	candidates := 0
	eligible := func(i int) bool {
		p := ps.passages[i]
		if p.moderator || (only != "" && p.sourceID != only) || rejected[passageKey{p.sourceID, p.span.Start, p.span.End}] {
			return false
		}
		if slices.ContainsFunc(coded[p.sourceID], p.span.Overlaps) {
			return false
		}
		candidates++
		return true
	}
	return ps.index.Rank(ps.index.NewQuery(texts), ps.texts, eligible, limit), candidates
}

type passageKey struct {
	source     string
	start, end int
}

func (ps *passageSet) suggestion(r suggest.Ranked) Suggestion {
	p := ps.passages[r.Passage]
	why := r.Shared
	if why == nil {
		why = []suggest.Shared{}
	}
	return Suggestion{Source: p.source, Start: p.span.Start, End: p.span.End, Turn: p.turn, Speaker: p.speaker,
		Participant: p.partic, Text: ps.texts[r.Passage].Text, Score: r.Score, Why: why}
}

// AcceptSuggestion codes a suggested passage with the code in p's own
// layer: one action, which one undo takes back. The code must exist (a
// suggestion is always for an existing code).
func (st *Study) AcceptSuggestion(ctx context.Context, p Person, code, source string, span corpus.Span) (AddCodingResult, error) {
	c, err := st.store.Code(ctx, code)
	if err != nil {
		return AddCodingResult{}, err
	}
	return st.AddCoding(ctx, p, store.NewCoding{Source: source, Code: c.ID, Start: span.Start, End: span.End})
}

// SuggestionReject is a passage a coder said is not for a code.
type SuggestionReject = store.SuggestionReject

// RejectSuggestion remembers that p does not want a passage suggested for
// a code again: one action, an event of p's, which one undo takes back.
// Under blinding nobody else sees it. existed is true when p had rejected
// it already (nothing changes).
func (st *Study) RejectSuggestion(ctx context.Context, p Person, code, source string, span corpus.Span) (r SuggestionReject, existed bool, err error) {
	if _, err := st.actor(ctx, p); err != nil {
		return r, false, err
	}
	c, err := st.store.Code(ctx, code)
	if err != nil {
		return r, false, err
	}
	src, err := st.store.Source(ctx, source)
	if err != nil {
		return r, false, err
	}
	if span.Start < 0 || span.End > src.Chars || span.Start >= span.End {
		return r, false, fmt.Errorf("%d–%d is not a passage of %s (0–%d)", span.Start, span.End, src.Name, src.Chars)
	}
	return st.store.RejectSuggestion(p.ctx(ctx), c.ID, src.ID, span.Start, span.End)
}

// SuggestionCheck is how well suggestions for one code find codings hidden
// from the model (see CheckSuggestions).
type SuggestionCheck struct {
	Code string `json:"code"`
	// Codings is how many codings of the code were split between the
	// model and the check.
	Codings int `json:"codings"`
	// Hits is how many of the top K suggestions, over both halves, overlap
	// a hidden coding; Shown how many suggestions there were (at most 2K).
	Hits  int `json:"hits"`
	Shown int `json:"shown"`
	// Precision is Hits / 2K: precision at K, averaged over the halves.
	Precision float64 `json:"precision"`
	// Baseline is the precision a random order would have: the share of
	// the ranked passages that overlap a hidden coding, averaged likewise.
	Baseline float64 `json:"baseline"`
	// Ceiling is the best precision at K possible: with fewer hidden
	// passages than K, even a perfect ranking misses.
	Ceiling float64 `json:"ceiling"`
}

// CheckSuggestions measures the suggestions against codings hidden from
// the model, for every code with at least 4 codings p may see (their own
// under blinding). A code's codings, in transcript order, are split in two
// halves (the 1st, 3rd, 5th… and the 2nd, 4th…); the model learns from one
// half and its top k passages are checked against the other: a passage is
// a hit when it overlaps a hidden coding of the code. Each half is hidden
// in turn. Rejections are not used. Nothing is written.
func (st *Study) CheckSuggestions(ctx context.Context, p Person, unit string, k int) ([]SuggestionCheck, error) {
	if unit == "" {
		unit = UnitSentence
	}
	if unit != UnitSentence && unit != UnitTurn {
		return nil, fmt.Errorf("unit %q: suggestions are sentences or turns", unit)
	}
	if k <= 0 {
		k = 10
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, err
	}
	all, err := st.store.Codings(ctx, store.CodingFilter{Viewer: p.Name})
	if err != nil {
		return nil, err
	}
	byCode := map[string][]coding.Coding{}
	var order []string
	for _, c := range all {
		if !sight.SeesCoder(c.Coder) {
			continue
		}
		if byCode[c.Code] == nil {
			order = append(order, c.Code)
		}
		byCode[c.Code] = append(byCode[c.Code], c)
	}
	slices.Sort(order)
	return st.checkSuggestions(ctx, byCode, order, unit, k)
}

// checkSuggestions checks the codes in order (those with 4 codings or
// more) against their codings by code.
func (st *Study) checkSuggestions(ctx context.Context, byCode map[string][]coding.Coding, order []string, unit string, k int) ([]SuggestionCheck, error) {
	ps, err := st.passageSet(ctx, unit)
	if err != nil {
		return nil, err
	}
	var out []SuggestionCheck
	for _, code := range order {
		cs := byCode[code]
		if len(cs) < 4 {
			continue
		}
		check := SuggestionCheck{Code: code, Codings: len(cs)}
		for half := range 2 {
			var learn []codedPassage
			var hide []coding.Coding
			for i, c := range cs {
				if i%2 == half {
					learn = append(learn, codedPassage{c.SourceID, corpus.Span{Start: c.Start, End: c.End}})
				} else {
					hide = append(hide, c)
				}
			}
			hidden := map[string][]corpus.Span{}
			for _, c := range hide {
				hidden[c.SourceID] = append(hidden[c.SourceID], corpus.Span{Start: c.Start, End: c.End})
			}
			isHit := func(i int) bool {
				p := ps.passages[i]
				return slices.ContainsFunc(hidden[p.sourceID], p.span.Overlaps)
			}
			ranked, candidates := ps.rank(learn, nil, "", 0)
			relevant := 0
			// The baseline counts every passage the ranking considered,
			// scored or not.
			coded := map[string][]corpus.Span{}
			for _, c := range learn {
				coded[c.sourceID] = append(coded[c.sourceID], c.span)
			}
			for i, p := range ps.passages {
				if !p.moderator && !slices.ContainsFunc(coded[p.sourceID], p.span.Overlaps) && isHit(i) {
					relevant++
				}
			}
			if candidates > 0 {
				check.Baseline += float64(relevant) / float64(candidates) / 2
			}
			check.Ceiling += float64(min(relevant, k)) / float64(k) / 2
			for j, r := range ranked {
				if j == k {
					break
				}
				check.Shown++
				if isHit(r.Passage) {
					check.Hits++
				}
			}
		}
		check.Precision = float64(check.Hits) / float64(2*k)
		out = append(out, check)
	}
	return out, nil
}
