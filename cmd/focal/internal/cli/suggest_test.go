package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const wardTranscript = `Dana: How was the ward for you?
Zoe: The nurses ignored me on the ward.
Ana: Lunch was good, honestly.
Zoe: Nobody asked my name for weeks.
Ana: The nurses never asked how I was.
Zoe: I felt ignored by the nurses again and again.
Ana: The night shift was quiet.
Dana: Did the nurses ignore you too?
Ana: My mentor asked about my weekend.
`

type suggestedJSON struct {
	Code        string `json:"code"`
	Learned     int    `json:"learned_from"`
	Layer       string `json:"layer"`
	Suggestions []struct {
		Source string  `json:"source"`
		Start  int     `json:"start"`
		End    int     `json:"end"`
		Turn   int     `json:"turn"`
		Text   string  `json:"text"`
		Score  float64 `json:"score"`
		Why    []struct {
			Word   string  `json:"word"`
			Weight float64 `json:"weight"`
		} `json:"why"`
	} `json:"suggestions"`
}

// wardProject: the ward transcript, Dana the moderator, PI amara and
// coders ben and carl, blinding on; ben coded turn 2 as "ignored".
func wardProject(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal", "--title", "Ward")
	r.ok("import", r.write("ward.txt", wardTranscript), "--lang", "en")
	r.ok("speaker", "role", "Dana", "moderator", "--source", "ward")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carl")
	if out := r.ok("--as", "amara", "blind"); !strings.Contains(out, "on") {
		r.ok("--as", "amara", "blind", "on")
	}
	r.ok("--as", "ben", "coding", "add", "--source", "ward", "--code", "ignored", "--turn", "2")
	return r
}

func suggestedTurnsCLI(t *testing.T, r *runner, who string) (suggestedJSON, []int) {
	t.Helper()
	s := decode[suggestedJSON](t, r.ok("--as", who, "suggest", "ignored", "--unit", "turn", "--json"))
	var turns []int
	for _, x := range s.Suggestions {
		turns = append(turns, x.Turn)
	}
	return s, turns
}

// Issue 20 end to end: suggestions with why, accept as one undoable
// coding, reject remembered, and under blinding a colleague's work changes
// nothing a coder is shown nor appears in what they see.
func TestSuggestCLI(t *testing.T) {
	t.Parallel()
	r := wardProject(t)
	s, turns := suggestedTurnsCLI(t, r, "ben")
	if !slices.Equal(turns, []int{6, 5}) || s.Learned != 1 || s.Layer != "yours" {
		t.Fatalf("ben's suggestions: turns %v, learned %d (%s)", turns, s.Learned, s.Layer)
	}
	var why []string
	for _, w := range s.Suggestions[0].Why {
		why = append(why, w.Word)
	}
	slices.Sort(why)
	if !slices.Equal(why, []string{"ignored", "nurses"}) {
		t.Errorf("why turn 6: %v", why)
	}
	text := r.ok("--as", "ben", "suggest", "ignored", "--unit", "turn")
	first := fmt.Sprintf("ward:%d-%d", s.Suggestions[0].Start, s.Suggestions[0].End)
	for _, want := range []string{first, "I felt ignored by the nurses again and again.", "why: ", "learned from 1 coding (yours)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the listing lacks %q:\n%s", want, text)
		}
	}

	// Blinding: carl codes and rejects; ben is shown exactly the same.
	before := r.ok("--as", "ben", "suggest", "ignored", "--unit", "turn", "--json")
	r.ok("--as", "carl", "coding", "add", "--source", "ward", "--code", "ignored", "--turn", "4")
	r.ok("--as", "carl", "coding", "add", "--source", "ward", "--code", "ignored", "--turn", "6")
	carls, _ := suggestedTurnsCLI(t, r, "carl")
	carlFirst := fmt.Sprintf("ward:%d-%d", carls.Suggestions[0].Start, carls.Suggestions[0].End)
	r.ok("--as", "carl", "suggest", "reject", "ignored", carlFirst)
	if after := r.ok("--as", "ben", "suggest", "ignored", "--unit", "turn", "--json"); after != before {
		t.Errorf("ben's suggestions changed when carl coded and rejected:\n%s\n%s", before, after)
	}
	for _, who := range []string{"ben", "amara"} {
		if out := r.ok("--as", who, "log", "--json"); strings.Contains(out, "suggestion.rejected") {
			t.Errorf("%s sees carl's rejection in the log", who)
		}
	}
	r.fail(1, "--as", "amara", "suggest", "ignored") // the PI coded nothing with it

	// Accept: one coding in ben's layer, which one undo takes back.
	out := r.ok("--as", "ben", "suggest", "accept", "ignored", first)
	if !strings.Contains(out, "coded ward") {
		t.Errorf("accept said %q", out)
	}
	if _, turns := suggestedTurnsCLI(t, r, "ben"); slices.Contains(turns, 6) {
		t.Errorf("accepted turn 6 still suggested: %v", turns)
	}
	codings := decode[[]map[string]any](t, r.ok("--as", "ben", "coding", "list", "--json"))
	if len(codings) != 2 {
		t.Fatalf("ben has %d codings after accepting, want 2", len(codings))
	}
	r.ok("--as", "ben", "undo")
	if codings := decode[[]map[string]any](t, r.ok("--as", "ben", "coding", "list", "--json")); len(codings) != 1 {
		t.Errorf("after undo ben has %d codings, want 1", len(codings))
	}

	// Reject: remembered, never suggested again to ben for the code.
	out = r.ok("--as", "ben", "suggest", "reject", "ignored", first)
	if !strings.Contains(out, "will not be suggested to you again") {
		t.Errorf("reject said %q", out)
	}
	if _, turns := suggestedTurnsCLI(t, r, "ben"); slices.Contains(turns, 6) {
		t.Errorf("rejected turn 6 still suggested: %v", turns)
	}
	if out := r.ok("--as", "ben", "log", "--kind", "suggestion.", "--json"); !strings.Contains(out, "suggestion.rejected") {
		t.Errorf("ben's rejection is not in his log: %s", out)
	}

	// Bad input: one line, non-zero status, nothing changed.
	log := r.ok("--as", "ben", "log", "--json")
	for _, c := range []struct {
		status int
		args   []string
		want   string
	}{
		{2, []string{"suggest", "ignored", "--unit", "word"}, "focal: suggest: --unit"},
		{2, []string{"suggest", "ignored", "--limit", "0"}, "focal: suggest: --limit"},
		{2, []string{"suggest", "accept", "ignored", "ward"}, "SOURCE:START-END"},
		{2, []string{"suggest", "reject", "ignored", "ward:9-3"}, "SOURCE:START-END"},
		{1, []string{"suggest", "nosuchcode"}, "focal: suggest:"},
		{1, []string{"suggest", "accept", "nosuchcode", first}, "focal: suggest accept:"},
		{1, []string{"suggest", "reject", "ignored", "ward:0-99999"}, "focal: suggest reject:"},
		{1, []string{"suggest", "reject", "ignored", "nowhere:1-5"}, "focal: suggest reject:"},
	} {
		_, errOut, status := r.run(append([]string{"--as", "ben"}, c.args...)...)
		if status != c.status || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
			t.Errorf("focal %s: status %d, %q; want %d and %q", strings.Join(c.args, " "), status, errOut, c.status, c.want)
		}
	}
	if after := r.ok("--as", "ben", "log", "--json"); after != log {
		t.Error("a refused command changed the project")
	}
}

// Issue 20: suggest check measures precision at K against codings hidden
// from the model.
func TestSuggestCheckCLI(t *testing.T) {
	t.Parallel()
	r := wardProject(t)
	for _, turn := range []string{"4", "5", "6"} {
		r.ok("--as", "ben", "coding", "add", "--source", "ward", "--code", "ignored", "--turn", turn)
	}
	checks := decode[[]struct {
		Code      string  `json:"code"`
		Codings   int     `json:"codings"`
		Hits      int     `json:"hits"`
		Precision float64 `json:"precision"`
	}](t, r.ok("--as", "ben", "suggest", "check", "--unit", "turn", "--k", "1", "--json"))
	// Codings on turns 2, 4, 5, 6: the model learns from 2 and 5 and
	// ranks 6 (ignored, nurses) first, a hidden coding; then from 4 and 6
	// and ranks 2 (nurses, ignored... on the ward) or 5 first, hidden too.
	if len(checks) != 1 || checks[0].Codings != 4 || checks[0].Hits != 2 || checks[0].Precision != 1 {
		t.Errorf("check: %+v", checks)
	}
	if out := r.ok("--as", "carl", "suggest", "check"); !strings.Contains(out, "no code has 4 codings") {
		t.Errorf("carl, who coded nothing, is told %q", out)
	}
}

// A code named like a subcommand is reached with a leading slash.
func TestSuggestCodeNamedLikeASubcommand(t *testing.T) {
	t.Parallel()
	r := wardProject(t)
	r.ok("--as", "ben", "coding", "add", "--source", "ward", "--code", "check", "--turn", "2", "--new")
	out := r.ok("--as", "ben", "suggest", "/check", "--unit", "turn")
	if !strings.HasPrefix(out, "check: 2 turns suggested") {
		t.Errorf("suggest /check: %s", out)
	}
}
