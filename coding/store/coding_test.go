package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

// projectWithCoders has source fg01 and coders ana (pi) and ben.
func projectWithCoders(t *testing.T) (*Store, context.Context, context.Context) {
	t.Helper()
	s := newProject(t)
	if _, err := s.ImportSource(t.Context(), sampleSource(t, "fg01")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(t.Context(), "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCoder(t.Context(), "ben", "coder"); err != nil {
		t.Fatal(err)
	}
	return s, WithActor(t.Context(), "ana"), WithActor(t.Context(), "ben")
}

// spanOf finds the code-point span of a phrase in fg01's stored text.
func spanOf(t *testing.T, s *Store, phrase string) (int, int) {
	t.Helper()
	src, err := s.Source(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := s.SourceText(t.Context(), src.ID)
	i := strings.Index(text, phrase)
	if i < 0 {
		t.Fatalf("%q not in the text", phrase)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(phrase))
}

func TestCodersAndReservedName(t *testing.T) {
	s := newProject(t)
	for _, name := range []string{"consensus", "Consensus"} {
		if _, err := s.AddCoder(t.Context(), name, "coder"); err == nil || !strings.Contains(err.Error(), "reserved") {
			t.Errorf("AddCoder(%q) = %v, want reserved", name, err)
		}
	}
	if _, err := s.AddCoder(t.Context(), "ana", "boss"); err == nil {
		t.Error("unknown role accepted")
	}
	if _, err := s.AddCoding(t.Context(), NewCoding{Source: "x", Code: "y", Start: 0, End: 1}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("coding without a coder: %v", err)
	}
}

func TestBlindingDefaultsAndSwitch(t *testing.T) {
	s := newProject(t)
	ctx := t.Context()
	b, _ := s.Blinding(ctx)
	if b.On {
		t.Error("blinding on with no coders")
	}
	s.AddCoder(ctx, "ana", "pi")
	if b, _ = s.Blinding(ctx); b.On {
		t.Error("blinding on with one coder")
	}
	s.AddCoder(ctx, "ben", "coder")
	if b, _ = s.Blinding(ctx); !b.On {
		t.Error("blinding should be on with two coders")
	}
	if err := s.SetBlinding(WithActor(ctx, "ben"), false); err == nil || !strings.Contains(err.Error(), "only a PI") {
		t.Errorf("coder switched blinding: %v", err)
	}
	if err := s.SetBlinding(WithActor(ctx, "ana"), false); err != nil {
		t.Fatal(err)
	}
	if b, _ = s.Blinding(ctx); b.On {
		t.Error("blinding still on after PI switched it off")
	}
	events, _ := s.Events(ctx, "", "blinding.", 0)
	if len(events) != 1 || events[0].Actor != "ana" {
		t.Errorf("blinding events = %+v", events)
	}
}

func TestCodingAddListBlindAndIdempotent(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	a, b := spanOf(t, s, "I was the only one.")
	res, err := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "belonging/isolation", Start: a, End: b})
	if err != nil {
		t.Fatal(err)
	}
	if !res.CreatedCode || res.Coding.Code != "belonging/isolation" {
		t.Errorf("inductive code: %+v", res)
	}
	again, err := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b})
	if err != nil || !again.Existed || again.Coding.ID != res.Coding.ID {
		t.Errorf("identical coding twice: %+v, %v", again, err)
	}
	if _, err := s.AddCoding(ben, NewCoding{Source: "fg01", Code: "isolation", Start: a - 5, End: b}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []NewCoding{{Source: "fg01", Code: "x", Start: 5, End: 5}, {Source: "fg01", Code: "x", Start: 90, End: 200}, {Source: "nope", Code: "x", Start: 0, End: 1}} {
		if _, err := s.AddCoding(ana, bad); err == nil {
			t.Errorf("AddCoding(%+v) should fail", bad)
		}
	}
	mine, err := s.Codings(ana, CodingFilter{Viewer: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 || mine[0].Text != "I was the only one." || mine[0].Turn != 2 || mine[0].Speaker != "Zoë" {
		t.Errorf("ana sees %+v", mine)
	}
	if _, err := s.Codings(ana, CodingFilter{}); !errors.Is(err, ErrNoCoder) {
		t.Errorf("listing without identity under blinding: %v", err)
	}
	if _, err := s.Codings(ana, CodingFilter{Viewer: "ana", Coder: "ben"}); err == nil {
		t.Error("ana listed ben's codings while blind")
	}
	s.SetBlinding(ana, false)
	all, _ := s.Codings(ana, CodingFilter{})
	if len(all) != 2 {
		t.Errorf("unblinded listing has %d codings, want 2", len(all))
	}
	var codes int
	s.db.QueryRow(`SELECT count(*) FROM codes`).Scan(&codes)
	if codes != 2 { // belonging and belonging/isolation
		t.Errorf("codes = %d, want 2", codes)
	}
}

func TestCodebookOperations(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "belonging/isolation", Start: 41, End: 61})
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "belonging/being the only one", Start: 41, End: 61})
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "belonging/being the only one", Start: 6, End: 20})
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "belonging/being the only one", Start: 41, End: 61})

	if _, err := s.AddCode(ana, NewCode{Path: "belonging/isolation"}); err == nil {
		t.Error("duplicate sibling name accepted")
	}
	if _, err := s.AddCode(ana, NewCode{Path: "other/isolation"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Code(ana, "isolation"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("bare ambiguous name: %v", err)
	}
	if _, err := s.RenameCode(ana, "other/isolation", "solitude"); err != nil {
		t.Fatal(err)
	}
	def := "Feeling apart from the team"
	if c, err := s.DescribeCode(ana, "belonging/isolation", CodeDescription{Definition: &def}); err != nil || c.Definition != def {
		t.Fatalf("describe: %+v %v", c, err)
	}
	if _, err := s.FreezeCodebook(ana, "v1", "after harmonising"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FreezeCodebook(ana, "v1", ""); err == nil {
		t.Error("a version name was reused")
	}
	// Merge keeps who coded what; ana's identical coding under both becomes one.
	if _, err := s.MergeCode(ana, "belonging/being the only one", "belonging/isolation"); err != nil {
		t.Fatal(err)
	}
	s.SetBlinding(ana, false)
	codings, _ := s.Codings(ana, CodingFilter{Code: "belonging/isolation"})
	byCoder := map[string]int{}
	for _, c := range codings {
		byCoder[c.Coder]++
	}
	if byCoder["ana"] != 1 || byCoder["ben"] != 2 {
		t.Errorf("after merge: %v", byCoder)
	}
	if _, err := s.Code(ana, "belonging/being the only one"); err == nil || !strings.Contains(err.Error(), "merged into belonging/isolation") {
		t.Errorf("merged code lookup: %v", err)
	}
	// Retire refuses a code in use.
	if _, err := s.RetireCode(ana, "belonging/isolation", "", false); err == nil || !strings.Contains(err.Error(), "has 3 codings") {
		t.Errorf("retire in use: %v", err)
	}
	// Split moves chosen codings to a new sibling.
	benCodings, _ := s.Codings(ana, CodingFilter{Coder: "ben"})
	split, err := s.SplitCode(ana, "belonging/isolation", "loneliness", []string{benCodings[0].ID[:8]})
	if err != nil {
		t.Fatal(err)
	}
	if split.Path != "belonging/loneliness" || split.SplitFrom == "" {
		t.Errorf("split code = %+v", split)
	}
	v1, err := s.CodebookVersion(ana, "v1")
	if err != nil {
		t.Fatal(err)
	}
	// v1: belonging, belonging/isolation, belonging/being the only one, other, other/solitude.
	if v1.Codes != 5 {
		t.Errorf("v1 has %d codes, want 5", v1.Codes)
	}
	now, _ := s.CurrentCodebook(ana)
	at, err := s.CodebookAt(ana, "9999-12-31T00:00:00.000Z")
	if err != nil {
		t.Fatal(err)
	}
	if len(at.Codes) != len(now.Codes) {
		t.Errorf("replayed codebook has %d codes, the current one %d", len(at.Codes), len(now.Codes))
	}
	for i := range now.Codes {
		a, b := at.Codes[i], now.Codes[i]
		if a.ID != b.ID || a.Path != b.Path || a.Retired != b.Retired || a.Definition != b.Definition {
			t.Errorf("replayed %+v, current %+v", a, b)
		}
	}
}

func TestUndoOwnLastAction(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	res, _ := s.AddCoding(ben, NewCoding{Source: "fg01", Code: "isolation", Start: 41, End: 61})
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "isolation", Start: 30, End: 61})
	// ben's undo removes ben's coding, not ana's later one.
	u, err := s.Undo(ben)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(u.Kinds, ",") != "coding.added" {
		t.Errorf("undone kinds = %v", u.Kinds)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM codings WHERE id = ?`, res.Coding.ID).Scan(&n)
	if n != 0 {
		t.Error("ben's coding is still there")
	}
	// ben's action also created the code, but ana has coded with it since:
	// the code stays and only ben's coding goes.
	s.db.QueryRow(`SELECT count(*) FROM codings`).Scan(&n)
	if n != 1 {
		t.Errorf("%d codings left, want ana's 1", n)
	}
	if _, err := s.Undo(ben); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("second undo: %v", err)
	}
	// Removing and undoing the removal restores the same coding.
	mine, _ := s.Codings(ana, CodingFilter{Viewer: "ana"})
	if _, err := s.RemoveCoding(ana, mine[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(ana); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Codings(ana, CodingFilter{Viewer: "ana"})
	if len(again) != 1 || again[0].ID != mine[0].ID {
		t.Errorf("after undoing rm: %+v", again)
	}
	// ben may not remove ana's coding.
	if _, err := s.RemoveCoding(ben, mine[0].ID); err == nil {
		t.Error("ben removed ana's coding")
	}
}

func TestUndoRefusesWhenOthersDependOnIt(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	if _, err := s.AddCode(ben, NewCode{Path: "mentorship"}); err != nil {
		t.Fatal(err)
	}
	s.AddCoding(ana, NewCoding{Source: "fg01", Code: "mentorship", Start: 6, End: 20})
	if _, err := s.Undo(ben); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("undo of a code someone coded with: %v", err)
	}
}

func TestCorrectionReanchorsAndFlags(t *testing.T) {
	s, ana, _ := projectWithCoders(t)
	src, _ := s.Source(ana, "fg01")
	old, _ := s.SourceText(ana, src.ID)
	a, b := spanOf(t, s, "I was the only one.")
	only, _ := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b})
	a, b = spanOf(t, s, "Honestly")
	honest, _ := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "candour", Start: a, End: b})
	// Fix a word before the first coding and one inside the second.
	edited := strings.Replace(old, "Who felt", "Who here felt", 1)
	edited = strings.Replace(edited, "Honestly", "Honestely", 1) // a typo inside the coded word
	units := func(string, []corpus.Span) (map[string][]corpus.Span, error) { return nil, nil }
	res, err := s.CorrectSource(ana, Correction{Source: "fg01", NewText: edited, Units: units, Reason: "typo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Flagged) != 1 || res.Flagged[0].ID != honest.Coding.ID {
		t.Errorf("flagged = %+v", res.Flagged)
	}
	codings, _ := s.Codings(ana, CodingFilter{Viewer: "ana"})
	texts := map[string]string{}
	for _, c := range codings {
		texts[c.ID] = c.Text
	}
	if texts[only.Coding.ID] != "I was the only one." {
		t.Errorf("unchanged coding now reads %q", texts[only.Coding.ID])
	}
	flagged, _ := s.Codings(ana, CodingFilter{Viewer: "ana", Flagged: true})
	if len(flagged) != 1 || flagged[0].ID != honest.Coding.ID {
		t.Errorf("flagged listing = %+v", flagged)
	}
	turns, _ := s.Turns(ana, src.ID)
	now, _ := s.SourceText(ana, src.ID)
	idx := corpus.NewPositionIndex(now)
	if u, _ := idx.Slice(turns[1].Utterance()); !strings.HasPrefix(u, "Honestely,") {
		t.Errorf("turn 2 now reads %q", u)
	}
	// Breaking the line layout is refused and changes nothing.
	broken := strings.Replace(now, "\nZoë: ", " ", 1)
	if _, err := s.CorrectSource(ana, Correction{Source: "fg01", NewText: broken, Units: units}); err == nil {
		t.Error("a correction that merges two turns' lines was accepted")
	}
	if after, _ := s.SourceText(ana, src.ID); after != now {
		t.Error("a refused correction changed the text")
	}
}

func TestSetTurnSpeaker(t *testing.T) {
	s, ana, _ := projectWithCoders(t)
	a, b := spanOf(t, s, "I was the only one.")
	only, _ := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "isolation", Start: a, End: b})
	units := func(string, []corpus.Span) (map[string][]corpus.Span, error) { return nil, nil }
	if _, err := s.SetTurnSpeaker(ana, "fg01", 2, "Priya Raman", units); err != nil {
		t.Fatal(err)
	}
	src, _ := s.Source(ana, "fg01")
	turns, _ := s.Turns(ana, src.ID)
	if turns[1].Speaker != "Priya Raman" || turns[1].Label != "Priya Raman" {
		t.Errorf("turn 2 = %+v", turns[1])
	}
	codings, _ := s.Codings(ana, CodingFilter{Viewer: "ana"})
	if codings[0].ID != only.Coding.ID || codings[0].Text != "I was the only one." || codings[0].Flagged != "" {
		t.Errorf("coding after relabel = %+v", codings[0])
	}
	speakers, _ := s.Speakers(ana, src.ID)
	for _, k := range speakers {
		if k.Name == "Zoë" {
			t.Error("a speaker without turns was kept")
		}
	}
}

func TestProgressCountsTouchedTurns(t *testing.T) {
	s, ana, ben := projectWithCoders(t)
	q, _ := spanOf(t, s, "Who felt")
	_, e := spanOf(t, s, "Honestly")
	// One coding across turns 1 and 2, one inside turn 2: two turns touched.
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "x", Start: q, End: e})
	s.AddCoding(ben, NewCoding{Source: "fg01", Code: "y", Start: e - 3, End: e})
	s.SetSourceDone(ben, "fg01", true)
	rows, err := s.Progress(ana, "ben")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rows {
		switch p.Coder {
		case "ben":
			if p.Codings != 2 || p.TurnsTouched != 2 || p.Turns != 3 || !p.Done {
				t.Errorf("ben = %+v", p)
			}
		case "ana":
			if p.Codings != -1 || p.Done {
				t.Errorf("ana under blinding = %+v", p)
			}
		}
	}
}
