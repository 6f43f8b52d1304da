package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// addWard adds a source "ward" whose turns share words, and has ben code
// its first turn as belonging/isolation: the suggestions have something
// to find.
func addWard(t *testing.T, p *fixture.Project) {
	t.Helper()
	var turns []transcript.Turn
	for _, text := range []string{
		"The nurses ignored me on the ward.",
		"Lunch was good, honestly.",
		"Nobody asked my name for weeks and the nurses ignored me.",
		"The nurses never asked how I was.",
		"I felt ignored by the nurses on nights.",
		"The night shift was quiet.",
	} {
		turns = append(turns, transcript.Turn{Speaker: "P09", Label: "P09", Text: text, StartMS: transcript.NoTime, EndMS: transcript.NoTime})
	}
	d, err := corpus.Build(turns)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src, err := p.Study.ImportSource(ctx, study.As(fixture.Coder), study.NewSource{Name: "ward", Format: "txt", Language: "en", Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := p.Study.Turns(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Study.AddCoding(ctx, study.As(fixture.Coder), study.NewCoding{Source: src.ID, Code: "belonging/isolation", Start: ts[0].Start, End: ts[0].End}); err != nil {
		t.Fatal(err)
	}
}

// Issue 20: I opens the suggestions for the highlighted code; a accepts
// one (a coding of ben's, which u in the workspace takes back), r rejects
// one (never suggested again), s skips, esc goes back.
func TestTUISuggestionsAcceptRejectSkip(t *testing.T) {
	p := fixture.Small(t)
	addWard(t, p)
	m := open(t, p, 110, 32, ben)
	before := len(benCodings(t, p))
	m = keys(t, m, "I")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "highlight a code") {
		t.Fatalf("I without a code highlighted:\n%s", screenText(m))
	}
	m = toCode(t, m, "belonging/isolation")
	m = keys(t, m, "I")
	if m.screen != screenSuggest {
		t.Fatalf("I did not open the suggestions:\n%s", screenText(m))
	}
	s := screenText(m)
	if !strings.Contains(s, "Suggestions · belonging/isolation") || !strings.Contains(s, "why: ") {
		t.Fatalf("the suggestions screen:\n%s", s)
	}
	shown := m.suggest.Suggestions()
	if len(shown) < 3 {
		t.Fatalf("%d suggestions; the test needs 3", len(shown))
	}
	// Skip the first: the second comes first.
	m = keys(t, m, "s")
	if got := m.suggest.Suggestions(); got[0].Start != shown[1].Start || got[0].Source != shown[1].Source {
		t.Errorf("after skipping, first is %+v, want %+v", got[0], shown[1])
	}
	// Reject the (new) first, then accept the next.
	m = keys(t, m, "r")
	for _, x := range m.suggest.Suggestions() {
		if x.Start == shown[1].Start && x.Source == shown[1].Source {
			t.Errorf("the rejected passage is still suggested")
		}
	}
	m = keys(t, m, "a")
	if !strings.Contains(screenText(m), "coded ward") {
		t.Errorf("accept said:\n%s", screenText(m))
	}
	if n := len(benCodings(t, p)); n != before+1 {
		t.Errorf("ben has %d codings after accepting, want %d", n, before+1)
	}
	m = keys(t, m, "esc")
	if m.screen != screenCoding {
		t.Fatalf("esc did not go back:\n%s", screenText(m))
	}
	m = keys(t, m, "u")
	if n := len(benCodings(t, p)); n != before {
		t.Errorf("after u ben has %d codings, want %d", n, before)
	}
	found := false
	for _, sec := range m.helpSections() {
		found = found || (sec.Title == "Suggestions (I)" && len(sec.Bindings) == 7)
	}
	if !found {
		t.Error("the help does not list the suggestions' keys")
	}
}

func TestTUIReadOnlySuggestionsRefuseChanges(t *testing.T) {
	p := fixture.Small(t)
	addWard(t, p)
	m := open(t, p, 110, 32, Options{Coder: fixture.Coder, ReadOnly: true})
	before := len(benCodings(t, p))
	m = toCode(t, m, "belonging/isolation")
	m = keys(t, m, "I")
	if m.screen != screenSuggest || len(m.suggest.Suggestions()) == 0 {
		t.Fatalf("no suggestions in review:\n%s", screenText(m))
	}
	for _, k := range []string{"a", "r"} {
		if s := screenText(keys(t, m, k)); !strings.Contains(s, "read-only") {
			t.Errorf("%s in review:\n%s", k, s)
		}
	}
	if n := len(benCodings(t, p)); n != before {
		t.Errorf("review coded something: %d codings, was %d", n, before)
	}
}

// benCodings lists ben's codings in every source.
func benCodings(t *testing.T, p *fixture.Project) []string {
	t.Helper()
	cs, err := p.Study.Codings(context.Background(), study.As(fixture.Coder), study.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
