package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// errBlindConsensus refuses consensus work while blind coding is on.
var errBlindConsensus = errors.New("blind coding is on; consensus work compares everyone's codings, so a PI must switch blinding off first (`focal blind off`)")

// Place is one stretch of a source where the compared coders' codings of a
// code differ (as `focal disagreements --unit char --scope all` lists it).
type Place struct {
	agreement.Disagreement
	CodeID string `json:"code_id"`
}

// Span is the place's stretch of text.
func (p Place) Span() corpus.Span { return corpus.Span{Start: p.Start, End: p.End} }

// Places is where a source's consensus stands: the places still open and
// how many decisions the team has recorded.
type Places struct {
	Open    []Place
	Decided int
}

// OpenPlaces lists the places of a source, for the compared coders (and
// one code, when named), on which the team has not decided yet. It is the
// one list that `consensus next`, the compare view, the dashboard and
// completion read.
//
// A place is decided when the team recorded a decision on it, or when every
// coding in it was taken into the consensus by a consensus operation (its
// provenance names it: seeded identical or overlapping codings). A
// consensus coding that merely overlaps a place does not close it: text
// that a coder coded there and that no decision took into account would be
// lost from the consensus without anyone deciding so.
func (st *Study) OpenPlaces(ctx context.Context, p Person, source string, coders []string, code string) (Places, error) {
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return Places{}, err
	}
	if sight.Blind {
		return Places{}, errBlindConsensus
	}
	src, err := st.store.Source(ctx, source)
	if err != nil {
		return Places{}, err
	}
	var places Places
	err = st.Snapshot(ctx, func(snap *Study) error {
		places, err = snap.openPlaces(ctx, src, coders, code)
		return err
	})
	return places, err
}

func (st *Study) openPlaces(ctx context.Context, src store.Source, coders []string, code string) (Places, error) {
	var out Places
	if len(coders) < 2 {
		return out, errors.New("consensus work compares at least two coders")
	}
	for _, c := range coders {
		if c == store.ConsensusCoder {
			return out, errors.New("compare coders, not the consensus layer itself")
		}
	}
	s := st.store
	codebook, err := s.CurrentCodebook(ctx)
	if err != nil {
		return out, err
	}
	pathOf := map[string]string{}
	idOf := map[string]string{}
	for _, c := range codebook.Codes {
		pathOf[c.ID] = c.Path
		idOf[c.Path] = c.ID
	}
	keep := func(string) bool { return true }
	if code != "" {
		c, err := s.Code(ctx, code)
		if err != nil {
			return out, err
		}
		keep = func(id string) bool { return id == c.ID }
	}
	used := map[string]bool{}
	as, codings, err := st.agreementSource(ctx, src, coders, keep, pathOf, used)
	if err != nil {
		return out, err
	}
	codes := make([]string, 0, len(used))
	for path := range used {
		codes = append(codes, path)
	}
	sort.Strings(codes)
	all, err := agreement.Disagreements([]agreement.Source{as}, codes, coders, agreement.Options{Unit: agreement.UnitChar, Scope: agreement.ScopeAll})
	if err != nil {
		return out, err
	}
	decided, err := s.DecidedPlaces(ctx, src.ID)
	if err != nil {
		return out, err
	}
	out.Decided = len(decided)
	consensus, err := s.ConsensusCodings(ctx, src.ID)
	if err != nil {
		return out, err
	}
	// accounted[code id] holds the codings some consensus coding of that
	// code came from.
	accounted := map[string]map[string]bool{}
	for _, c := range consensus {
		var from []struct {
			ID string `json:"id"`
		}
		json.Unmarshal(c.From, &from)
		for _, f := range from {
			if accounted[c.CodeID] == nil {
				accounted[c.CodeID] = map[string]bool{}
			}
			accounted[c.CodeID][f.ID] = true
		}
	}
	for _, x := range all {
		codeID := idOf[x.Code]
		if _, done := decided[fmt.Sprintf("%s:%d:%d", codeID, x.Start, x.End)]; done {
			continue
		}
		inPlace, taken := 0, 0
		for _, g := range codings {
			if g.CodeID == codeID && g.Span.Start < x.End && x.Start < g.Span.End {
				inPlace++
				if accounted[codeID][g.ID] {
					taken++
				}
			}
		}
		if inPlace > 0 && taken == inPlace {
			continue
		}
		out.Open = append(out.Open, Place{Disagreement: x, CodeID: codeID})
	}
	sort.SliceStable(out.Open, func(i, j int) bool {
		if out.Open[i].Start != out.Open[j].Start {
			return out.Open[i].Start < out.Open[j].Start
		}
		return out.Open[i].Code < out.Open[j].Code
	})
	return out, nil
}

// OpenConsensusError refuses to complete a consensus while places are open.
type OpenConsensusError struct {
	Source string
	Coders []string
	Open   int
}

func (e *OpenConsensusError) Error() string {
	places := "disagreements"
	if e.Open == 1 {
		places = "disagreement"
	}
	return fmt.Sprintf("%s still has %d %s without a decision (see `focal consensus next --source %s --coders %s`); decide them, or complete it anyway with --force",
		e.Source, e.Open, places, e.Source, strings.Join(e.Coders, ","))
}

// CompleteConsensus marks a source's consensus complete, so that exports
// use it. It is refused while any place is open (OpenPlaces, for the
// coders the consensus compares), unless force is set; a forced completion
// records in the log how many places were left undecided. It returns that
// number.
func (st *Study) CompleteConsensus(ctx context.Context, p Person, source string, force bool) (undecided int, err error) {
	if err := st.consensusPerson(ctx, p); err != nil {
		return 0, err
	}
	src, err := st.store.Source(ctx, source)
	if err != nil {
		return 0, err
	}
	err = st.store.SetConsensusComplete(p.ctx(ctx), src.ID, true, func(coders []string) (string, error) {
		if len(coders) < 2 {
			return "", nil
		}
		places, err := st.openPlaces(ctx, src, coders, "")
		if err != nil {
			return "", err
		}
		undecided = len(places.Open)
		if undecided == 0 {
			return "", nil
		}
		if !force {
			return "", &OpenConsensusError{Source: src.Name, Coders: coders, Open: undecided}
		}
		if undecided == 1 {
			return "completed with --force: 1 disagreement without a decision", nil
		}
		return fmt.Sprintf("completed with --force: %d disagreements without a decision", undecided), nil
	})
	return undecided, err
}

// ReopenConsensus opens a completed consensus again, so the team can
// change it.
func (st *Study) ReopenConsensus(ctx context.Context, p Person, source string) error {
	if err := st.consensusPerson(ctx, p); err != nil {
		return err
	}
	src, status, err := st.consensusStatus(ctx, source)
	if err != nil {
		return err
	}
	if status != store.ConsensusComplete {
		return fmt.Errorf("the consensus of %s is not complete (%s), so there is nothing to reopen", src.Name, status)
	}
	return st.store.SetConsensusComplete(p.ctx(ctx), src.ID, false, nil)
}

// SeedConsensus starts a source's consensus from what all compared coders
// agree on (see store.SeedConsensus), as the person who decided.
func (st *Study) SeedConsensus(ctx context.Context, p Person, source string, coders []string, minOverlap float64) (store.SeedResult, error) {
	if err := st.consensusOpen(ctx, p, source); err != nil {
		return store.SeedResult{}, err
	}
	return st.store.SeedConsensus(p.ctx(ctx), source, coders, minOverlap)
}

// ResolvePlace records the team's decision on one place and writes the
// consensus codings it implies, each with its provenance and the person
// who decided.
func (st *Study) ResolvePlace(ctx context.Context, p Person, r store.Resolution) ([]corpus.Span, error) {
	if err := st.consensusOpen(ctx, p, r.Source); err != nil {
		return nil, err
	}
	return st.store.ResolvePlace(p.ctx(ctx), r)
}

// RemoveConsensusCoding takes one coding out of the consensus (the team
// changed its mind); the log keeps it with its provenance.
func (st *Study) RemoveConsensusCoding(ctx context.Context, p Person, id string) (store.Coding, error) {
	if err := st.consensusPerson(ctx, p); err != nil {
		return store.Coding{}, err
	}
	c, err := st.store.Coding(ctx, id)
	if err != nil {
		return store.Coding{}, err
	}
	if err := st.consensusOpen(ctx, p, c.SourceID); err != nil {
		return store.Coding{}, err
	}
	return st.store.RemoveConsensusCoding(p.ctx(ctx), id)
}

// consensusPerson checks that the person deciding is a named member of the
// team, not the consensus layer itself: the log and the provenance name who
// decided.
func (st *Study) consensusPerson(ctx context.Context, p Person) error {
	c, err := st.actor(ctx, p)
	if err != nil {
		return err
	}
	_ = c
	return nil
}

// consensusOpen checks that a source's consensus may still be changed:
// a complete consensus is what exports read, so it is reopened first.
func (st *Study) consensusOpen(ctx context.Context, p Person, source string) error {
	if err := st.consensusPerson(ctx, p); err != nil {
		return err
	}
	src, status, err := st.consensusStatus(ctx, source)
	if err != nil {
		return err
	}
	if status == store.ConsensusComplete {
		return fmt.Errorf("the consensus of %s is complete; reopen it first with `focal consensus reopen %s`", src.Name, src.Name)
	}
	return nil
}

// consensusStatus finds a source and its consensus status (none,
// partial, complete).
func (st *Study) consensusStatus(ctx context.Context, source string) (store.Source, string, error) {
	src, err := st.store.Source(ctx, source)
	if err != nil {
		return src, "", err
	}
	states, err := st.store.ConsensusStates(ctx)
	if err != nil {
		return src, "", err
	}
	for _, s := range states {
		if s.Source == src.Name {
			return src, s.Status, nil
		}
	}
	return src, store.ConsensusNone, nil
}
