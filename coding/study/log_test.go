package study

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// logProject is a project with source fg01, PI ana and coders ben and carl,
// where ben and carl each coded the same sentence with their own memo, carl
// wrote a memo on his coding, and carl merged the code "alone" (both
// coders' codings) into "isolation". It returns the study and carl's coding.
func logProject(t *testing.T) (*Study, store.Coding) {
	t.Helper()
	ctx := t.Context()
	st, err := Create(ctx, filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := st.Store()
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "Who felt like they belonged?", StartMS: 0, EndMS: 2000},
		{Speaker: "Zoë", Label: "Zoë", Text: "Honestly, not me. I was the only one.", StartMS: 2000, EndMS: 6000},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSource(ctx, store.NewSource{Name: "fg01", Format: "vtt", Draft: d}); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"ana", "pi"}, {"ben", "coder"}, {"carl", "coder"}} {
		if _, err := s.AddCoder(ctx, c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	ben, carl := As("ben").ctx(ctx), As("carl").ctx(ctx)
	if _, err := s.AddCoding(ben, store.NewCoding{Source: "fg01", Code: "alone", Start: 30, End: 48, Memo: "ben thinks so"}); err != nil {
		t.Fatal(err)
	}
	added, err := s.AddCoding(carl, store.NewCoding{Source: "fg01", Code: "alone", Start: 31, End: 47, Memo: "carl-secret-coding-memo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMemo(carl, store.MemoTarget{Kind: store.MemoOnCoding, Ref: added.Coding.ID}, "", "carl-secret-memo-on-coding"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCode(carl, store.NewCode{Path: "isolation"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeCode(carl, "alone", "isolation"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBlinding(As("ana").ctx(ctx), true); err != nil {
		t.Fatal(err)
	}
	return st, added.Coding
}

// carlsMarks are what ben may not see of carl's work under blinding.
func carlsMarks(c store.Coding) []string {
	return []string{c.ID, c.ID[:8], "carl-secret-coding-memo", "carl-secret-memo-on-coding", `"start":31`, `"end":47`}
}

func logJSON(t *testing.T, events []LoggedEvent) string {
	t.Helper()
	b, err := json.Marshal(events)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func kinds(events []LoggedEvent) map[string]int {
	out := map[string]int{}
	for _, e := range events {
		out[e.Kind+" by "+e.Actor]++
	}
	return out
}

func TestLogUnderBlindingHidesOtherCodersWork(t *testing.T) {
	t.Parallel()
	st, carls := logProject(t)
	events, err := st.Log(t.Context(), As("ben"), LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all := logJSON(t, events)
	for _, mark := range carlsMarks(carls) {
		if strings.Contains(all, mark) {
			t.Errorf("ben's log under blinding shows carl's %q:\n%s", mark, all)
		}
	}
	k := kinds(events)
	if k["coding.added by ben"] != 1 || k["coding.added by carl"] != 0 {
		t.Errorf("coding.added events seen by ben = %v, want only his own", k)
	}
	if !strings.Contains(all, "ben thinks so") {
		t.Error("ben's own coding (with its memo) is missing from his log")
	}
	// The codebook work stays: carl made and merged codes.
	if k["code.created by carl"] != 1 || k["code.merged by carl"] != 1 || k["blinding.on by ana"] != 1 {
		t.Errorf("ben's log lost events with no coding data: %v", k)
	}
	// The merge keeps ben's moved coding, not carl's.
	for _, e := range events {
		if e.Kind == "code.merged" {
			after := string(e.After)
			if !strings.Contains(after, `"coder":"ben"`) || strings.Contains(after, `"coder":"carl"`) {
				t.Errorf("code.merged as ben sees it = %s, want ben's moved coding only", after)
			}
		}
	}
	// --kind coding. and a limit read the same sight.
	codings, err := st.Log(t.Context(), As("ben"), LogFilter{Kind: "coding.", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(codings) != 1 || codings[0].Actor != "ben" {
		t.Errorf("ben's coding. events = %v, want his one coding", kinds(codings))
	}
}

func TestLogWithoutBlindingShowsEveryone(t *testing.T) {
	t.Parallel()
	st, carls := logProject(t)
	if err := st.Store().SetBlinding(As("ana").ctx(t.Context()), false); err != nil {
		t.Fatal(err)
	}
	events, err := st.Log(t.Context(), As("ben"), LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all := logJSON(t, events)
	for _, mark := range carlsMarks(carls) {
		if !strings.Contains(all, mark) {
			t.Errorf("with blinding off ben's log lacks %q", mark)
		}
	}
	if k := kinds(events); k["coding.added by carl"] != 1 {
		t.Errorf("events = %v, want carl's coding", k)
	}
	// Nobody needs to be named without blinding.
	if _, err := st.Log(t.Context(), Person{}, LogFilter{}); err != nil {
		t.Errorf("log without blinding and without a name: %v", err)
	}
}

func TestLogUnderBlindingPISeesOnlyOwnAndMustBeNamed(t *testing.T) {
	t.Parallel()
	st, carls := logProject(t)
	events, err := st.Log(t.Context(), As("ana"), LogFilter{})
	if err != nil {
		t.Fatal(err)
	}
	all := logJSON(t, events)
	for _, mark := range append(carlsMarks(carls), "ben thinks so") {
		if strings.Contains(all, mark) {
			t.Errorf("the PI's log under blinding shows %q", mark)
		}
	}
	if k := kinds(events); k["coding.added by ben"]+k["coding.added by carl"] != 0 {
		t.Errorf("the PI sees coders' codings under blinding: %v", k)
	}
	if _, err := st.Log(t.Context(), Person{}, LogFilter{}); !errors.Is(err, store.ErrNoCoder) {
		t.Errorf("log under blinding without a name = %v, want ErrNoCoder", err)
	}
}

func TestLogHidesOthersUndoDetails(t *testing.T) {
	t.Parallel()
	st, _ := logProject(t)
	carl := As("carl").ctx(t.Context())
	if _, err := st.Store().Undo(carl); err != nil { // carl's merge
		t.Fatal(err)
	}
	for _, who := range []string{"ben", "carl"} {
		events, err := st.Log(t.Context(), As(who), LogFilter{Kind: "undo"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 {
			t.Fatalf("%s sees %d undo events, want 1", who, len(events))
		}
		hiddenForBen := events[0].Hidden == HiddenUnderBlinding && events[0].After == nil
		if hiddenForBen != (who == "ben") {
			t.Errorf("undo by carl as %s sees it: hidden=%q after=%v", who, events[0].Hidden, events[0].After)
		}
	}
}

// Each kind of event that can carry coding work, as ben sees it under
// blinding when carl (or the PI) wrote it.
func TestSightOfEachEventKind(t *testing.T) {
	t.Parallel()
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	ben := Sight{Blind: true, Viewer: "ben"}
	for _, tc := range []struct {
		name string
		e    store.Event
		// want: "left out", "hidden", "whole", or the after data expected.
		want string
	}{
		{"carl's coding", store.Event{Kind: "coding.added", Actor: "ana", After: raw(`{"id":"c1","coder":"carl","start":3,"end":9}`)}, "left out"},
		{"ben's coding added by an import", store.Event{Kind: "coding.added", Actor: "ana", After: raw(`{"id":"b1","coder":"ben"}`)}, "whole"},
		{"carl's coding removed", store.Event{Kind: "coding.removed", Actor: "carl", Before: raw(`{"id":"c1","coder":"carl"}`)}, "left out"},
		{"a consensus coding", store.Event{Kind: "consensus.added", Actor: "ana", After: raw(`{"id":"k1","from":["c1","b1"]}`)}, "left out"},
		{"a consensus decision", store.Event{Kind: "consensus.decided", Actor: "ana", After: raw(`{"spans":[{"start":3,"end":9}]}`)}, "hidden"},
		{"carl's memo on his coding", store.Event{Kind: "memo.added", Actor: "carl", After: raw(`{"author":"carl","target_kind":"coding","target_id":"c1","body":"x"}`)}, "left out"},
		{"carl's memo edited", store.Event{Kind: "memo.edited", Actor: "carl", After: raw(`{"target_kind":"coding","target_id":"c1","body":"x"}`)}, "left out"},
		{"carl's memo on a code", store.Event{Kind: "memo.added", Actor: "carl", After: raw(`{"author":"carl","target_kind":"code","body":"x"}`)}, "whole"},
		{"carl's pack merged", store.Event{Kind: "pack.merged", Actor: "ana", After: raw(`{"coder":"carl","codings_added":2}`)}, "hidden"},
		{"ben's pack merged", store.Event{Kind: "pack.merged", Actor: "ana", After: raw(`{"coder":"ben","codings_added":2}`)}, "whole"},
		{"carl's undo", store.Event{Kind: "undo", Actor: "carl", After: raw(`{"kinds":["coding.added"]}`)}, "hidden"},
		{"ben's undo", store.Event{Kind: "undo", Actor: "ben", After: raw(`{"kinds":["coding.added"]}`)}, "whole"},
		{"an import", store.Event{Kind: "interchange.imported", Actor: "ana", After: raw(`{"result":{}}`)}, "hidden"},
		{"a quote cleared", store.Event{Kind: "membercheck.quote-cleared", Actor: "ana", EntityID: "c1", After: raw(`{"start":3,"end":9}`)}, "hidden"},
		{"a member-check answer", store.Event{Kind: "membercheck.answered", Actor: "ana", After: raw(`{"coding_id":"c1","start":3,"end":9}`)}, "hidden"},
		{"carl's done mark", store.Event{Kind: "source.done", Actor: "carl", After: raw(`{"source":"fg01","coder":"carl"}`)}, "whole"},
		{"a correction", store.Event{Kind: "source.corrected", Actor: "ana", After: raw(`{"codings":[{"id":"b1","coder":"ben"},{"id":"c1","coder":"carl"}],"text":"t"}`)},
			`{"codings":[{"coder":"ben","id":"b1"}],"text":"t"}`},
		{"carl's codings removed with a code", store.Event{Kind: "coding.removed-with-code", Actor: "carl", Before: raw(`[{"id":"c1","coder":"carl"}]`)}, "left out"},
	} {
		got, ok := ben.Event(tc.e)
		var is string
		switch {
		case !ok:
			is = "left out"
		case got.Hidden != "":
			is = "hidden"
			if got.Before != nil || got.After != nil || (tc.e.Kind == "membercheck.quote-cleared" && got.EntityID != "") {
				t.Errorf("%s: hidden but still carries data: %+v", tc.name, got)
			}
		case tc.want != "whole" && tc.want != "hidden" && tc.want != "left out":
			is = string(got.After)
		default:
			is = "whole"
			if fmt.Sprint(got.Event) != fmt.Sprint(tc.e) {
				t.Errorf("%s: changed: %+v", tc.name, got.Event)
			}
		}
		if is != tc.want {
			t.Errorf("%s: ben sees it %s, want %s", tc.name, is, tc.want)
		}
	}
	// Without blinding every event is whole.
	e := store.Event{Kind: "coding.added", Actor: "carl", After: raw(`{"id":"c1","coder":"carl"}`)}
	if got, ok := (Sight{Viewer: "ben"}).Event(e); !ok || got.Hidden != "" {
		t.Errorf("without blinding carl's coding is %v, %+v", ok, got)
	}
}
