package store

import (
	"bytes"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// deidSource is a source with names to find: Dana moderates, Zoë speaks.
func deidSource(t *testing.T) NewSource {
	t.Helper()
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "Zoë, tell us about Dr. Kessler.", StartMS: -1, EndMS: -1},
		{Speaker: "Zoë", Label: "Zoë", Text: "Dr. Kessler 😅 never learnt my name. Call 555-0147.", StartMS: -1, EndMS: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewSource{Name: "fg09", Format: "txt", Draft: d}
}

// findAll finds every occurrence of text in the stored text as scan results
// of one turn-less kind, the way the command line's scanner would report
// them (the store does not scan).
func findAll(t *testing.T, s *Store, sourceID, text, kind string) []NewDeidFinding {
	t.Helper()
	stored, _ := s.SourceText(t.Context(), sourceID)
	turns, _ := s.Turns(t.Context(), sourceID)
	var out []NewDeidFinding
	for i := 0; ; {
		k := strings.Index(stored[i:], text)
		if k < 0 {
			break
		}
		at := i + k
		start := len([]rune(stored[:at]))
		end := start + len([]rune(text))
		f := NewDeidFinding{SourceID: sourceID, Start: start, End: end, Text: text, Kind: kind, Detector: "test", Replacement: "[" + kind + "]"}
		for _, tn := range turns {
			if tn.Start <= start && end <= tn.End {
				f.Turn = tn.Seq
			}
		}
		if f.Turn > 0 {
			out = append(out, f)
		}
		i = at + len(text)
	}
	return out
}

func TestDeidScanDecideRescanApply(t *testing.T) {
	s := newProject(t)
	ctx := WithActor(t.Context(), "ana")
	if _, err := s.AddCoder(ctx, "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	src, err := s.ImportSource(ctx, deidSource(t))
	if err != nil {
		t.Fatal(err)
	}
	scan := func() []NewDeidFinding {
		var fs []NewDeidFinding
		fs = append(fs, findAll(t, s, src.ID, "Dr. Kessler", "person")...)
		fs = append(fs, findAll(t, s, src.ID, "Zoë", "name")...)
		fs = append(fs, findAll(t, s, src.ID, "555-0147", "phone")...)
		return fs
	}
	res, err := s.SaveDeidScan(ctx, []string{src.ID}, scan())
	if err != nil || res.New != 4 {
		t.Fatalf("first scan: %+v, %v", res, err)
	}
	// Accept the titled names and the phone, reject the name.
	if _, err := s.DecideDeid(ctx, DeidDecision{Filter: DeidFilter{Kind: "person"}, Status: DeidAccepted, Replacement: "Dr. [attending]"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideDeid(ctx, DeidDecision{Filter: DeidFilter{Kind: "phone"}, Status: DeidAccepted}); err != nil {
		t.Fatal(err)
	}
	fs, _ := s.DeidFindings(ctx, DeidFilter{Kind: "name"})
	if _, err := s.DecideDeid(ctx, DeidDecision{IDs: []string{fs[0].ID[:6]}, Status: DeidRejected, Reason: "addressing her"}); err != nil {
		t.Fatal(err)
	}
	// A rescan keeps every decision.
	res, err = s.SaveDeidScan(ctx, []string{src.ID}, scan())
	if err != nil || res.New != 0 || res.Kept != 4 {
		t.Fatalf("rescan: %+v, %v", res, err)
	}
	// A correction earlier in the text moves the findings; a rescan finds
	// them at their new places with their decisions.
	text, _ := s.SourceText(ctx, src.ID)
	if _, err := s.CorrectSource(ctx, Correction{Source: src.ID, NewText: strings.Replace(text, "tell us", "please tell us", 1), Units: noUnits}); err != nil {
		t.Fatal(err)
	}
	res, err = s.SaveDeidScan(ctx, []string{src.ID}, scan())
	if err != nil || res.Moved != 3 || res.Kept != 1 || res.New != 0 {
		t.Fatalf("rescan after a correction: %+v, %v", res, err)
	}
	accepted, _ := s.DeidFindings(ctx, DeidFilter{Status: DeidAccepted})
	if len(accepted) != 3 || accepted[0].Replacement != "Dr. [attending]" {
		t.Fatalf("accepted after the move: %+v", accepted)
	}
	// A coding after the replaced words moves with the text when the
	// replacements are written into it.
	start, end := spanIn(t, s, src.ID, "never learnt my name")
	if _, err := s.AddCoding(ctx, NewCoding{Source: src.ID, Code: "names", Start: start, End: end}); err != nil {
		t.Fatal(err)
	}
	applied, err := s.ApplyDeidInText(ctx, src.ID, noUnits)
	if err != nil || applied.Replaced != 3 {
		t.Fatalf("apply: %+v, %v", applied, err)
	}
	text, _ = s.SourceText(ctx, src.ID)
	if strings.Contains(text, "Kessler") || strings.Contains(text, "555") || !strings.Contains(text, "Zoë: Dr. [attending] 😅") {
		t.Fatalf("applied text:\n%s", text)
	}
	codings, _ := s.Codings(ctx, CodingFilter{Viewer: "ana"})
	if len(codings) != 1 || codings[0].Text != "never learnt my name" {
		t.Fatalf("the coding did not move with the text: %+v", codings)
	}
	left, _ := s.DeidFindings(ctx, DeidFilter{Status: DeidApplied})
	if len(left) != 3 {
		t.Errorf("%d findings applied", len(left))
	}
	for _, f := range left {
		got, _ := corpus.NewPositionIndex(text).Slice(corpus.Span{Start: f.Start, End: f.End})
		if got != f.Replacement {
			t.Errorf("applied finding %q now covers %q, want %q", f.Text, got, f.Replacement)
		}
	}
	if _, err := s.DecideDeid(ctx, DeidDecision{IDs: []string{left[0].ID}, Status: DeidRejected}); err == nil {
		t.Error("an applied finding was decided again")
	}
	events, _ := s.Events(ctx, "", "deid.", 0)
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.Kind]++
	}
	if kinds["deid.scanned"] != 2 || kinds["deid.accepted"] != 3 || kinds["deid.rejected"] != 1 || kinds["deid.applied"] != 1 {
		t.Errorf("events: %v", kinds)
	}
}

func noUnits(string, []corpus.Span) (map[string][]corpus.Span, error) {
	return map[string][]corpus.Span{}, nil
}

func spanIn(t *testing.T, s *Store, sourceID, phrase string) (int, int) {
	t.Helper()
	text, _ := s.SourceText(t.Context(), sourceID)
	i := strings.Index(text, phrase)
	if i < 0 {
		t.Fatalf("%q not in the text", phrase)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(phrase))
}

func TestDeidListsPseudonymsWithdrawals(t *testing.T) {
	s := newProject(t)
	ctx := WithActor(t.Context(), "ana")
	if _, err := s.AddDeidWord(ctx, "Mercy General", "", ""); err == nil {
		t.Error("a word without a replacement was listed")
	}
	if _, err := s.AddDeidWord(ctx, "Mercy General", "[hospital]", "organisation"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllowDeidWord(ctx, "Hope", "", ""); err == nil {
		t.Error("an exception without a reason was recorded")
	}
	if _, err := s.AllowDeidWord(ctx, "Hope", "Hope Street", "a street"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AllowDeidWord(ctx, "Hope", "Nope", "x"); err == nil {
		t.Error("a phrase without the word was accepted")
	}
	if err := s.SetParticipantAttributes(ctx, map[string]map[string]string{"P07": {"language": "es"}, "P08": {}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPseudonym(ctx, "P07", "Rosa"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPseudonym(ctx, "P08", "Rosa"); err == nil {
		t.Error("a pseudonym was given twice")
	}
	if _, err := s.SetPseudonym(ctx, "P08", "P07"); err == nil {
		t.Error("another participant's id was accepted as pseudonym")
	}
	if already, err := s.WithdrawParticipant(ctx, "P07", "by e-mail"); err != nil || already {
		t.Fatal(already, err)
	}
	if already, _ := s.WithdrawParticipant(ctx, "P07", ""); !already {
		t.Error("a second withdrawal was not noticed")
	}
	ws, _ := s.Withdrawals(ctx)
	if len(ws) != 1 || ws[0].Pseudonym != "Rosa" {
		t.Errorf("withdrawals: %+v", ws)
	}
	key, _ := s.DeidKey(ctx)
	if len(key) != 2 || key[0].Pseudonym != "Rosa" {
		t.Errorf("key: %+v", key)
	}
}

func TestMemberCheckAnswersAreIdempotentEvents(t *testing.T) {
	s := newProject(t)
	ctx := WithActor(t.Context(), "ana")
	secret, err := s.MemberCheckSecret(ctx)
	if err != nil || len(secret) != 32 {
		t.Fatal(len(secret), err)
	}
	again, _ := s.MemberCheckSecret(ctx)
	if !bytes.Equal(secret, again) {
		t.Error("the secret changed")
	}
	if err := s.SetParticipantAttributes(ctx, map[string]map[string]string{"P07": {"language": "en"}}); err != nil {
		t.Fatal(err)
	}
	answers := []MemberCheckAnswer{
		{Participant: "P07", Item: "theme", ThemeID: "t1", Answer: "yes", Via: "workbook"},
		{Participant: "P07", Item: "quote", CodingID: "c1", SourceID: "s1", Start: 3, End: 9, Answer: "edit", Comment: "better words", Via: "workbook"},
	}
	rec, err := s.RecordMemberCheckAnswers(ctx, answers)
	if err != nil || rec.Changed != 2 {
		t.Fatal(rec, err)
	}
	rec, _ = s.RecordMemberCheckAnswers(ctx, answers)
	if rec.Changed != 0 || rec.Unchanged != 2 {
		t.Errorf("second record: %+v", rec)
	}
	answers[0].Answer = "partly"
	rec, _ = s.RecordMemberCheckAnswers(ctx, answers[:1])
	if rec.Changed != 1 {
		t.Errorf("a changed answer: %+v", rec)
	}
	for _, bad := range []MemberCheckAnswer{
		{Participant: "P07", Item: "theme", ThemeID: "t1", Answer: "maybe"},
		{Participant: "P07", Item: "quote", CodingID: "c1", SourceID: "s1", Start: 3, End: 9, Answer: "edit"},
		{Participant: "P99", Item: "theme", ThemeID: "t1", Answer: "yes"},
	} {
		if _, err := s.RecordMemberCheckAnswers(ctx, []MemberCheckAnswer{bad}); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	got, _ := s.MemberCheckAnswers(ctx)
	if len(got) != 2 || got[0].Item != "theme" || got[0].Answer != "partly" {
		t.Errorf("answers: %+v", got)
	}
	events, _ := s.Events(ctx, "", "membercheck.answered", 0)
	if len(events) != 3 {
		t.Errorf("%d answer events, want 3", len(events))
	}
	if changed, _ := s.SetMemberCheckTemplate(ctx, "es", "Hola {pseudonym}"); !changed {
		t.Error("template not set")
	}
	if text, ok, _ := s.MemberCheckTemplate(ctx, "es"); !ok || text != "Hola {pseudonym}" {
		t.Errorf("template: %q %v", text, ok)
	}
}
