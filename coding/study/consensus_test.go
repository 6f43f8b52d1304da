package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
)

// twoReadings is the case a tester found: in turn 2, "First sentence here.
// Second sentence here.", ben codes each sentence with c; carl codes the
// whole turn and the second sentence with c. Both coded the first
// sentence; seeding takes only the identical second sentence.
func twoReadings(t *testing.T) (project, corpus.Span, corpus.Span, corpus.Span) {
	p := newProject(t)
	first := p.span(t, "First sentence here.")
	second := p.span(t, "Second sentence here.")
	whole := corpus.Span{Start: first.Start, End: second.End}
	p.code(t, "ben", "c", first)
	p.code(t, "ben", "c", second)
	p.code(t, "carl", "c", whole)
	p.code(t, "carl", "c", second)
	p.done(t, "ben", "carl")
	p.unblind(t)
	return p, first, second, whole
}

func TestSeedLeavesPlaceOpenWhereTextBothCodedIsMissing(t *testing.T) {
	t.Parallel()
	p, first, second, whole := twoReadings(t)
	ctx := t.Context()
	amara := As("amara")
	coders := []string{"ben", "carl"}
	res, err := p.st.SeedConsensus(ctx, amara, "fg01", coders, 0)
	if err != nil || res.Identical != 1 {
		t.Fatalf("seed = %+v, %v; want the identical second sentence", res, err)
	}
	places, err := p.st.OpenPlaces(ctx, amara, "fg01", coders, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(places.Open) != 1 {
		t.Fatalf("open places = %+v; want the one place of the turn", places.Open)
	}
	if got := places.Open[0].Span(); got.Start > first.Start || got.End < first.End {
		t.Errorf("open place %v does not hold the first sentence %v", got, first)
	}
	// Completion reads the same list: refused, naming the open place.
	_, err = p.st.CompleteConsensus(ctx, amara, "fg01", false)
	var open *OpenConsensusError
	if !errors.As(err, &open) || open.Open != 1 {
		t.Fatalf("complete with an open place: %v", err)
	}
	if st := statusOf(t, p, "fg01"); st.Status == store.ConsensusComplete {
		t.Fatal("a refused completion changed the status")
	}
	// Deciding the place ("both") closes it and keeps the first sentence.
	if _, err := p.st.ResolvePlace(ctx, amara, store.Resolution{Source: "fg01", Code: "c", Place: places.Open[0].Span(), Coders: coders, Decision: store.DecisionBoth}); err != nil {
		t.Fatal(err)
	}
	places, err = p.st.OpenPlaces(ctx, amara, "fg01", coders, "")
	if err != nil || len(places.Open) != 0 {
		t.Fatalf("after deciding: %+v, %v", places.Open, err)
	}
	if n, err := p.st.CompleteConsensus(ctx, amara, "fg01", false); err != nil || n != 0 {
		t.Fatalf("complete = %d, %v", n, err)
	}
	cs, err := p.st.Store().ConsensusCodings(ctx, "fg01")
	if err != nil {
		t.Fatal(err)
	}
	if !covers(cs, first) || !covers(cs, second) || !covers(cs, whole) {
		t.Errorf("the consensus %v lacks text both coders coded (%v)", spans(cs), whole)
	}
}

func TestSeededOverlapClosesItsPlace(t *testing.T) {
	t.Parallel()
	// A seed by overlap is the team's decision for the codings it took:
	// ben 0–20, carl 0–15 of the same turn, seeded at share 0.7.
	p := newProject(t)
	turn := p.span(t, "First sentence here. Second sentence here.")
	p.code(t, "ben", "c", corpus.Span{Start: turn.Start, End: turn.Start + 20})
	p.code(t, "carl", "c", corpus.Span{Start: turn.Start, End: turn.Start + 15})
	p.unblind(t)
	ctx, amara, coders := t.Context(), As("amara"), []string{"ben", "carl"}
	if res, err := p.st.SeedConsensus(ctx, amara, "fg01", coders, 0.7); err != nil || res.Overlap != 1 {
		t.Fatalf("seed = %+v, %v", res, err)
	}
	places, err := p.st.OpenPlaces(ctx, amara, "fg01", coders, "")
	if err != nil || len(places.Open) != 0 {
		t.Fatalf("open after an overlap seed: %+v, %v", places.Open, err)
	}
	// A coder's later coding in the place is not taken into account by
	// any decision: the place opens again.
	p.code(t, "ben", "c", corpus.Span{Start: turn.Start + 21, End: turn.End})
	places, err = p.st.OpenPlaces(ctx, amara, "fg01", coders, "")
	if err != nil || len(places.Open) != 1 {
		t.Fatalf("open after ben's new coding: %+v, %v", places.Open, err)
	}
}

func TestForcedCompletionIsLogged(t *testing.T) {
	t.Parallel()
	p, _, _, _ := twoReadings(t)
	ctx, amara := t.Context(), As("amara")
	if _, err := p.st.SeedConsensus(ctx, amara, "fg01", []string{"ben", "carl"}, 0); err != nil {
		t.Fatal(err)
	}
	n, err := p.st.CompleteConsensus(ctx, amara, "fg01", true)
	if err != nil || n != 1 {
		t.Fatalf("forced complete = %d, %v", n, err)
	}
	events, err := p.st.Store().Events(ctx, "", "consensus.complete", 0)
	if err != nil || len(events) != 1 {
		t.Fatalf("events = %+v, %v", events, err)
	}
	if e := events[0]; e.Actor != "amara" || !strings.Contains(e.Reason, "1 disagreement without a decision") {
		t.Errorf("completion event = %+v", e)
	}
	// A complete consensus is not changed until it is reopened.
	if _, err := p.st.SeedConsensus(ctx, amara, "fg01", []string{"ben", "carl"}, 0); err == nil || !strings.Contains(err.Error(), "reopen") {
		t.Errorf("seeding a complete consensus: %v", err)
	}
}

func TestOnlyConsensusOperationsWriteTheConsensus(t *testing.T) {
	t.Parallel()
	p, first, _, _ := twoReadings(t)
	ctx := t.Context()
	// Seeding creates the reserved consensus coder.
	if _, err := p.st.SeedConsensus(ctx, As("amara"), "fg01", []string{"ben", "carl"}, 0); err != nil {
		t.Fatal(err)
	}
	before := consensusCount(t, p)
	for _, name := range []string{"consensus", "Consensus"} {
		_, err := p.st.AddCoding(ctx, As(name), store.NewCoding{Source: "fg01", Code: "c", Start: first.Start, End: first.End})
		if !errors.Is(err, ErrReservedPerson) {
			t.Errorf("AddCoding as %q: %v", name, err)
		}
		if _, err := p.st.SeedConsensus(ctx, As(name), "fg01", []string{"ben", "carl"}, 0); !errors.Is(err, ErrReservedPerson) {
			t.Errorf("SeedConsensus as %q: %v", name, err)
		}
	}
	// The store below the core refuses it too, for any path that reaches
	// it directly.
	if _, err := p.st.Store().AddCoding(store.WithActor(ctx, "consensus"), store.NewCoding{Source: "fg01", Code: "c", Start: first.Start, End: first.End}); err == nil {
		t.Error("the store let the consensus layer act")
	}
	// A coder's coding lands in their own layer only.
	c := p.code(t, "ben", "c", corpus.Span{Start: first.Start, End: first.Start + 5})
	if c.Coder != "ben" {
		t.Errorf("ben's coding is %s's", c.Coder)
	}
	// A consensus coding is not removed with coding rm.
	cs, _ := p.st.Store().ConsensusCodings(ctx, "fg01")
	if _, err := p.st.RemoveCoding(ctx, As("ben"), cs[0].ID); err == nil {
		t.Error("a coder removed a consensus coding")
	}
	if got := consensusCount(t, p); got != before {
		t.Errorf("consensus codings %d → %d without a consensus operation", before, got)
	}
	// Every consensus coding names who decided and where it came from.
	cs, _ = p.st.Store().ConsensusCodings(ctx, "fg01")
	for _, c := range cs {
		if c.DecidedBy != "amara" || c.Method == "" || len(c.From) < 3 {
			t.Errorf("consensus coding without provenance: %+v", c)
		}
	}
}

func TestConsensusWorkRefusedUnderBlinding(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "c", p.span(t, "Say more."))
	if _, err := p.st.OpenPlaces(t.Context(), As("amara"), "fg01", []string{"ben", "carl"}, ""); err == nil || !strings.Contains(err.Error(), "blind") {
		t.Errorf("open places under blinding: %v", err)
	}
}

func statusOf(t *testing.T, p project, source string) store.ConsensusState {
	t.Helper()
	states, err := p.st.Store().ConsensusStates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.Source == source {
			return s
		}
	}
	t.Fatalf("no state for %s", source)
	return store.ConsensusState{}
}

func consensusCount(t *testing.T, p project) int {
	t.Helper()
	cs, err := p.st.Store().ConsensusCodings(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

// covers reports whether the consensus codings together cover sp.
func covers(cs []store.ConsensusCoding, sp corpus.Span) bool {
	var all []corpus.Span
	for _, c := range cs {
		all = append(all, corpus.Span{Start: c.Start, End: c.End})
	}
	for _, u := range corpus.Union(all) {
		if u.Start <= sp.Start && sp.End <= u.End {
			return true
		}
	}
	return false
}

func spans(cs []store.ConsensusCoding) []corpus.Span {
	var out []corpus.Span
	for _, c := range cs {
		out = append(out, corpus.Span{Start: c.Start, End: c.End})
	}
	return out
}
