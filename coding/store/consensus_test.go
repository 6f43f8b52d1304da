package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

func TestConsensusSeedResolveStale(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	a, b := spanOf(t, s, "I was the only one.")
	h, e := spanOf(t, s, "Honestly, not me")
	// Identical: both coded "I was the only one." as isolation.
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b})
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b})
	// Overlapping: candour, ana "Honestly, not me", ben "Honestly".
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "candour", Start: h, End: e})
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "candour", Start: h, End: h + len("Honestly")})
	if _, err := s.SeedConsensus(ana, "fg01", []string{"ana", "ben"}, 0); err == nil || !strings.Contains(err.Error(), "blind") {
		t.Fatalf("seeding under blinding: %v", err)
	}
	if err := s.SetBlinding(ana, false); err != nil {
		t.Fatal(err)
	}
	res, err := s.SeedConsensus(ana, "fg01", []string{"ana", "ben"}, 0)
	if err != nil || res.Identical != 1 || res.Overlap != 0 {
		t.Fatalf("seed = %+v, %v", res, err)
	}
	// Overlap share of candour is 8/16 = 0.5: seeded at 0.5, not at 0.6.
	if res, _ := s.SeedConsensus(ana, "fg01", []string{"ana", "ben"}, 0.6); res.Overlap != 0 {
		t.Errorf("seeded below the share: %+v", res)
	}
	if res, _ := s.SeedConsensus(ana, "fg01", []string{"ana", "ben"}, 0.5); res.Overlap != 1 {
		t.Errorf("overlap seed = %+v", res)
	}
	cs, err := s.ConsensusCodings(ana, "fg01")
	if err != nil || len(cs) != 2 {
		t.Fatalf("consensus = %+v, %v", cs, err)
	}
	for _, c := range cs {
		if c.Code == "candour" && (c.Text != "Honestly" || c.Method != "seeded-overlap") {
			t.Errorf("overlap consensus = %+v", c)
		}
		if c.Code == "isolation" && (c.Method != "seeded-identical" || c.DecidedBy != "ana" || strings.Join(c.FromCoders, ",") != "ana,ben") {
			t.Errorf("identical consensus = %+v", c)
		}
		var from []codingRef
		json.Unmarshal(c.From, &from)
		if len(from) != 2 {
			t.Errorf("provenance lists %d codings", len(from))
		}
	}
	// Resolve a place only ben coded: take ben, then a span, then drop.
	q, r := spanOf(t, s, "Who felt like they belonged?")
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "belonging", Start: q, End: r})
	if _, err := s.ResolvePlace(ana, Resolution{Source: "fg01", Code: "belonging", Place: corpus.Span{Start: q, End: r}, Coders: []string{"ana", "ben"}, Decision: DecisionTake, Take: "ana"}); err == nil {
		t.Error("took codings ana does not have")
	}
	spans, err := s.ResolvePlace(ana, Resolution{Source: "fg01", Code: "belonging", Place: corpus.Span{Start: q, End: r}, Coders: []string{"ana", "ben"}, Decision: DecisionTake, Take: "ben"})
	if err != nil || len(spans) != 1 || spans[0] != (corpus.Span{Start: q, End: r}) {
		t.Fatalf("take ben = %v, %v", spans, err)
	}
	if _, err := s.ResolvePlace(ana, Resolution{Source: "fg01", Code: "belonging", Place: corpus.Span{Start: q, End: r}, Coders: []string{"ana", "ben"}, Decision: DecisionOverlap}); err == nil {
		t.Error("overlap where only one coder coded")
	}
	decided, _ := s.DecidedPlaces(ana, mustSource(t, s).ID)
	if len(decided) != 1 {
		t.Errorf("decisions = %v", decided)
	}
	// A later edit by a coder marks the consensus stale, never changes it.
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: a + 5})
	states, _ := s.ConsensusStates(ana)
	if states[0].Status != ConsensusPartial || states[0].Stale != 1 || states[0].Codings != 3 {
		t.Errorf("state = %+v", states[0])
	}
	if err := s.SetConsensusComplete(ana, "fg01", true, nil); err != nil {
		t.Fatal(err)
	}
	states, _ = s.ConsensusStates(ana)
	if states[0].Status != ConsensusComplete {
		t.Errorf("status = %+v", states[0])
	}
	// Consensus codings are not counted as a coder's work.
	coders, _ := s.Coders(ana)
	if len(coders) != 2 {
		t.Errorf("coders list shows the consensus layer: %+v", coders)
	}
	if _, err := s.RemoveCoding(ana, cs[0].ID); err == nil {
		t.Error("a coder removed a consensus coding with coding rm")
	}
	if _, err := s.RemoveConsensusCoding(ana, cs[0].ID); err != nil {
		t.Fatal(err)
	}
}

func mustSource(t *testing.T, s *Store) Source {
	t.Helper()
	src, err := s.Source(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	return src
}
