package study

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// suggestTurns is a small focus group on a hospital ward: a moderator and
// two participants.
var suggestTurns = []string{
	"Dana|How was the ward for you?",
	"Zoe|The nurses ignored me on the ward.",
	"Ana|Lunch was good, honestly.",
	"Zoe|Nobody asked my name for weeks.",
	"Ana|The nurses never asked how I was.",
	"Zoe|I felt ignored by the nurses again and again.",
	"Ana|The night shift was quiet.",
	"Dana|Did the nurses ignore you too?",
	"Ana|My mentor asked about my weekend.",
}

// suggestProject is a study with the source "ward" of suggestTurns (Dana
// the moderator), PI amara and coders ben and carl, blinding on.
func suggestProject(t *testing.T) (*Study, string) {
	t.Helper()
	st, err := Create(t.Context(), filepath.Join(t.TempDir(), "study.focal"), "Ward")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var turns []transcript.Turn
	for _, line := range suggestTurns {
		who, text, _ := strings.Cut(line, "|")
		turns = append(turns, transcript.Turn{Speaker: who, Label: who, Text: text, StartMS: -1, EndMS: -1})
	}
	d, err := corpus.Build(turns)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	src, err := st.Store().ImportSource(ctx, store.NewSource{Name: "ward", Format: "txt", Language: "en", Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Store().SetSpeakerRole(ctx, src.ID, "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"amara", "pi"}, {"ben", "coder"}, {"carl", "coder"}} {
		if _, err := st.Store().AddCoder(ctx, c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := st.Store().Blinding(ctx); err != nil || !b.On {
		if err := st.Store().SetBlinding(store.WithActor(ctx, "amara"), true); err != nil {
			t.Fatal(err)
		}
	}
	text, err := st.Store().SourceText(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st, text
}

// turnSpan is the utterance of turn k (1-based) of the ward source.
func turnSpan(t *testing.T, st *Study, k int) corpus.Span {
	t.Helper()
	turns, err := st.Turns(t.Context(), mustSource(t, st, "ward").ID)
	if err != nil {
		t.Fatal(err)
	}
	return turns[k-1].Utterance()
}

func mustSource(t *testing.T, st *Study, name string) corpus.Source {
	t.Helper()
	src, err := st.Source(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func codeTurn(t *testing.T, st *Study, who, code string, k int) {
	t.Helper()
	sp := turnSpan(t, st, k)
	if _, err := st.AddCoding(t.Context(), As(who), store.NewCoding{Source: "ward", Code: code, Start: sp.Start, End: sp.End, NewCode: true}); err != nil {
		t.Fatalf("%s codes turn %d: %v", who, k, err)
	}
}

func suggestedTurns(t *testing.T, st *Study, who, code string) []int {
	t.Helper()
	s, err := st.Suggest(t.Context(), As(who), SuggestRequest{Code: code, Unit: UnitTurn})
	if err != nil {
		t.Fatalf("suggestions for %s: %v", who, err)
	}
	var out []int
	for _, x := range s.Suggestions {
		out = append(out, x.Turn)
	}
	return out
}

// Issue 20: suggestions rank the uncoded turns like the coded ones, leave
// out the moderator, and say why.
func TestSuggestRanksUncodedTurnsAndSaysWhy(t *testing.T) {
	t.Parallel()
	st, _ := suggestProject(t)
	codeTurn(t, st, "ben", "ignored", 2) // "The nurses ignored me on the ward."
	s, err := st.Suggest(t.Context(), As("ben"), SuggestRequest{Code: "ignored", Unit: UnitTurn})
	if err != nil {
		t.Fatal(err)
	}
	// Turn 6 shares "ignored" and "nurses"; turn 5 only "nurses"; turn 7
	// and others share nothing; turn 8 (the moderator's) is never
	// suggested; turn 2 is coded already.
	var got []int
	for _, x := range s.Suggestions {
		got = append(got, x.Turn)
	}
	if !slices.Equal(got, []int{6, 5}) {
		t.Fatalf("suggested turns %v, want [6 5]", got)
	}
	if s.Learned != 1 || s.Layer != "yours" || s.Candidates != 6 {
		t.Errorf("learned %d (%s), %d candidates; want 1 (yours), 6", s.Learned, s.Layer, s.Candidates)
	}
	var why []string
	for _, w := range s.Suggestions[0].Why {
		why = append(why, w.Word)
	}
	if !slices.Equal(why, []string{"ignored", "nurses"}) && !slices.Equal(why, []string{"nurses", "ignored"}) {
		t.Errorf("why turn 6: %v", why)
	}
	if s.Suggestions[0].Text != "I felt ignored by the nurses again and again." || s.Suggestions[0].Speaker != "Zoe" {
		t.Errorf("first suggestion %+v", s.Suggestions[0])
	}
	// Nothing was coded by asking.
	if cs, _ := st.Codings(t.Context(), As("ben"), store.CodingFilter{}); len(cs) != 1 {
		t.Errorf("ben has %d codings after asking for suggestions", len(cs))
	}
	if _, err := st.Suggest(t.Context(), As("carl"), SuggestRequest{Code: "ignored"}); err == nil || !strings.Contains(err.Error(), "no codings of yours") {
		t.Errorf("carl, who coded nothing with it: %v", err)
	}
	if _, err := st.Suggest(t.Context(), As("ben"), SuggestRequest{Code: "ignored", Unit: "word"}); err == nil {
		t.Error("words as the unit were accepted")
	}
}

// Issue 20: under blinding a coder's suggestions are built from their own
// codings only: a colleague coding (or rejecting) changes nothing they
// are shown. Without blinding the team's codings count.
func TestSuggestionsUnderBlindingIgnoreColleagues(t *testing.T) {
	t.Parallel()
	st, _ := suggestProject(t)
	codeTurn(t, st, "ben", "ignored", 2)
	before, err := st.Suggest(t.Context(), As("ben"), SuggestRequest{Code: "ignored", Unit: UnitTurn})
	if err != nil {
		t.Fatal(err)
	}
	// carl codes three other turns with the same code and rejects one.
	codeTurn(t, st, "carl", "ignored", 4)
	codeTurn(t, st, "carl", "ignored", 6)
	codeTurn(t, st, "carl", "ignored", 9)
	if _, _, err := st.RejectSuggestion(t.Context(), As("carl"), "ignored", "ward", turnSpan(t, st, 5)); err != nil {
		t.Fatal(err)
	}
	after, err := st.Suggest(t.Context(), As("ben"), SuggestRequest{Code: "ignored", Unit: UnitTurn})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("ben's suggestions changed when carl coded:\nbefore %+v\nafter  %+v", before, after)
	}
	// The PI, under blinding, sees only her own: she coded nothing.
	if _, err := st.Suggest(t.Context(), As("amara"), SuggestRequest{Code: "ignored", Unit: UnitTurn}); err == nil {
		t.Error("the PI got suggestions from the coders' codings under blinding")
	}
	// Without blinding everyone's codings and rejections count: turns 4, 6
	// and 9 are coded, 5 is rejected.
	if err := st.Store().SetBlinding(store.WithActor(t.Context(), "amara"), false); err != nil {
		t.Fatal(err)
	}
	unblind, err := st.Suggest(t.Context(), As("ben"), SuggestRequest{Code: "ignored", Unit: UnitTurn})
	if err != nil {
		t.Fatal(err)
	}
	if unblind.Learned != 4 || unblind.Layer != "everyone's" {
		t.Errorf("without blinding: learned from %d (%s), want 4 (everyone's)", unblind.Learned, unblind.Layer)
	}
	for _, x := range unblind.Suggestions {
		if slices.Contains([]int{2, 4, 5, 6, 9}, x.Turn) {
			t.Errorf("without blinding, turn %d (coded or rejected) is suggested", x.Turn)
		}
	}
}

// Issue 20: accepting codes the passage in one's own layer as one action
// that one undo takes back.
func TestAcceptingASuggestionIsOneUndoableAction(t *testing.T) {
	t.Parallel()
	st, _ := suggestProject(t)
	codeTurn(t, st, "ben", "ignored", 2)
	sp := turnSpan(t, st, 6)
	res, err := st.AcceptSuggestion(t.Context(), As("ben"), "ignored", "ward", sp)
	if err != nil {
		t.Fatal(err)
	}
	if res.Coding.Coder != "ben" || res.Coding.Start != sp.Start || res.Coding.End != sp.End || res.Coding.Code != "ignored" {
		t.Errorf("accepted as %+v", res.Coding)
	}
	if got := suggestedTurns(t, st, "ben", "ignored"); slices.Contains(got, 6) {
		t.Errorf("turn 6, now coded, is still suggested: %v", got)
	}
	ch, err := st.Undo(t.Context(), As("ben"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ch.Kinds, []event.Kind{event.CodingAdded}) {
		t.Errorf("undo took back %v", ch.Kinds)
	}
	if cs, _ := st.Codings(t.Context(), As("ben"), store.CodingFilter{}); len(cs) != 1 {
		t.Errorf("after undo ben has %d codings, want 1", len(cs))
	}
	if got := suggestedTurns(t, st, "ben", "ignored"); !slices.Contains(got, 6) {
		t.Errorf("after undo turn 6 is not suggested again: %v", got)
	}
	// Accepting never creates a code.
	if _, err := st.AcceptSuggestion(t.Context(), As("ben"), "no-such-code", "ward", sp); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("accept with an unknown code: %v", err)
	}
}

// Issue 20: a rejected passage is remembered (in the project) and never
// suggested again to that coder for that code; it is an event of theirs,
// which undo takes back and others do not see under blinding.
func TestRejectedSuggestionIsRememberedAndPrivate(t *testing.T) {
	t.Parallel()
	st, _ := suggestProject(t)
	codeTurn(t, st, "ben", "ignored", 2)
	codeTurn(t, st, "carl", "ignored", 2)
	sp := turnSpan(t, st, 6)
	r, existed, err := st.RejectSuggestion(t.Context(), As("ben"), "ignored", "ward", sp)
	if err != nil || existed {
		t.Fatalf("reject: %v (existed %v)", err, existed)
	}
	if _, existed, err := st.RejectSuggestion(t.Context(), As("ben"), "ignored", "ward", sp); err != nil || !existed {
		t.Errorf("rejecting again: existed %v, %v", existed, err)
	}
	if got := suggestedTurns(t, st, "ben", "ignored"); slices.Contains(got, 6) {
		t.Errorf("ben's rejected turn 6 is suggested: %v", got)
	}
	// Remembered in the project file, as ben's.
	if rs, err := st.Store().SuggestionRejects(t.Context(), r.CodeID); err != nil || len(rs) != 1 || rs[0].Coder != "ben" || rs[0].Start != sp.Start {
		t.Errorf("stored rejections: %+v, %v", rs, err)
	}
	// carl's own suggestions still hold it, and his log does not show ben's rejection.
	if got := suggestedTurns(t, st, "carl", "ignored"); !slices.Contains(got, 6) {
		t.Errorf("carl is not offered turn 6, which only ben rejected: %v", got)
	}
	for _, who := range []string{"carl", "amara"} {
		log, err := st.Log(t.Context(), As(who), LogFilter{Kind: "suggestion."})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 0 {
			t.Errorf("%s sees ben's rejection in the log: %+v", who, log)
		}
	}
	if log, _ := st.Log(t.Context(), As("ben"), LogFilter{Kind: "suggestion."}); len(log) != 1 || log[0].EntityID != r.ID {
		t.Errorf("ben's own log: %+v", log)
	}
	ch, err := st.Undo(t.Context(), As("ben"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ch.Kinds, []event.Kind{event.SuggestionRejected}) || ch.What != fmt.Sprintf("rejected %d–%d of ward for ignored", sp.Start, sp.End) {
		t.Errorf("undo took back %v: %q", ch.Kinds, ch.What)
	}
	if got := suggestedTurns(t, st, "ben", "ignored"); !slices.Contains(got, 6) {
		t.Errorf("after undoing the rejection turn 6 is not suggested: %v", got)
	}
	if _, err := st.Redo(t.Context(), As("ben")); err != nil {
		t.Fatalf("redo the rejection: %v", err)
	}
	if got := suggestedTurns(t, st, "ben", "ignored"); slices.Contains(got, 6) {
		t.Errorf("after redo turn 6 is suggested: %v", got)
	}
	if _, _, err := st.RejectSuggestion(t.Context(), As("ben"), "ignored", "ward", corpus.Span{Start: 5, End: 5}); err == nil {
		t.Error("an empty passage was rejected")
	}
}

// Issue 20: the measurement of suggestions, like the suggestions, uses
// only the viewer's own codings under blinding.
func TestCheckSuggestionsUnderBlinding(t *testing.T) {
	t.Parallel()
	st, _ := suggestProject(t)
	for _, k := range []int{2, 4, 5, 6} {
		codeTurn(t, st, "ben", "ignored", k)
	}
	before, err := st.CheckSuggestions(t.Context(), As("ben"), UnitTurn, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Learning from turns 2 and 5, the best turn is 6 (ignored, nurses),
	// hidden; from 4 and 6, turn 2 or 5, both hidden: 2 hits of 2.
	if len(before) != 1 || before[0].Hits != 2 || before[0].Precision != 1 || before[0].Codings != 4 {
		t.Fatalf("ben's check: %+v", before)
	}
	for _, k := range []int{3, 7, 9, 4} {
		codeTurn(t, st, "carl", "ignored", k)
	}
	after, err := st.CheckSuggestions(t.Context(), As("ben"), UnitTurn, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("ben's check changed when carl coded: %+v, then %+v", before, after)
	}
	if carl, err := st.CheckSuggestions(t.Context(), As("carl"), UnitTurn, 1); err != nil || len(carl) != 1 || carl[0].Codings != 4 {
		t.Errorf("carl's check: %+v, %v", carl, err)
	}
}
