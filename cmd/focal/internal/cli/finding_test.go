package cli

import (
	"strings"
	"testing"
)

const findingVTT2 = `WEBVTT

1
00:00:01.000 --> 00:00:04.000
Dana Reyes: Does anyone else feel they belong here?

2
00:00:04.500 --> 00:00:08.000
Malik Johnson: I belonged on nights. Days, not at all. Nobody mentored me.
`

// findingRunner is a project with two sources in two groups, Zoë linked
// to P07 (pgy=1), blinding on, and ben's and carl's codings of one code.
func findingRunner(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT), "--group", "north")
	r.ok("import", r.write("fg02.vtt", findingVTT2), "--group", "west")
	r.ok("participant", "link", "Zoë Lindqvist", "--source", "fg01", "P07")
	r.ok("participant", "set", "P07", "pgy=1")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carl")
	r.ok("blind", "on", "--as", "amara")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "ben", "--new")
	r.ok("coding", "add", "--source", "fg02", "--code", "isolation", "--quote", "Nobody mentored me.", "--as", "carl")
	return r
}

func TestCodePassagesCLI(t *testing.T) {
	t.Parallel()
	r := findingRunner(t)

	out := r.ok("code", "passages", "isolation", "--as", "ben")
	if !strings.Contains(out, "I was the only one.") || strings.Contains(out, "Nobody mentored me") || strings.Contains(out, "carl") {
		t.Errorf("ben under blinding reads:\n%s\nwant his passage only", out)
	}
	if !strings.Contains(out, "fg01 · north · turn 2 · P07 Zoë Lindqvist · isolation · ben") || !strings.Contains(out, "1 passage in 1 source") {
		t.Errorf("passage header or count missing:\n%s", out)
	}
	if errOut := r.fail(1, "code", "passages", "isolation", "--coder", "carl", "--as", "ben"); !strings.Contains(errOut, "blind coding is on") {
		t.Errorf("ben asking for carl's passages: %q", errOut)
	}
	if errOut := r.fail(1, "code", "passages", "isolation"); !strings.Contains(errOut, "--as") {
		t.Errorf("nobody named under blinding: %q", errOut)
	}

	r.ok("blind", "off", "--as", "amara")
	ps := decode[[]map[string]any](t, r.ok("code", "passages", "isolation", "--json", "--context", "1", "--as", "amara"))
	if len(ps) != 2 || ps[0]["coder"] != "ben" || ps[1]["coder"] != "carl" || ps[1]["group"] != "west" {
		t.Fatalf("blinding off: %v", ps)
	}
	if ps[0]["attributes"].(map[string]any)["pgy"] != "1" || ps[0]["participant"] != "P07" {
		t.Errorf("participant and attributes: %v", ps[0])
	}
	before := ps[0]["before"].([]any)
	if len(before) != 1 || before[0].(map[string]any)["text"] != "Who felt like they belonged?" {
		t.Errorf("context before: %v", before)
	}
	if got := decode[[]map[string]any](t, r.ok("code", "passages", "isolation", "--json", "--group", "west", "--as", "amara")); len(got) != 1 || got[0]["coder"] != "carl" {
		t.Errorf("--group west: %v", got)
	}
	if got := decode[[]map[string]any](t, r.ok("code", "passages", "isolation", "--json", "--attr", "pgy=1", "--as", "amara")); len(got) != 1 || got[0]["coder"] != "ben" {
		t.Errorf("--attr pgy=1: %v", got)
	}
	if errOut := r.fail(1, "code", "passages", "isolation", "--group", "south", "--as", "amara"); !strings.HasPrefix(errOut, "focal: code passages: no group \"south\"; the groups are north, west") {
		t.Errorf("unknown group: %q", errOut)
	}
	if errOut := r.fail(2, "code", "passages", "isolation", "--attr", "pgy", "--as", "amara"); !strings.Contains(errOut, "KEY=VALUE") {
		t.Errorf("bad --attr: %q", errOut)
	}
}

func TestSearchCLI(t *testing.T) {
	t.Parallel()
	r := findingRunner(t)

	out := r.ok("search", "belong")
	if !strings.Contains(out, "[belong]") || strings.Contains(out, "[belonged]") || !strings.Contains(out, "1 hit in 1 source") {
		t.Errorf("search belong:\n%s", out)
	}
	out = r.ok("search", "belong", "--stem")
	if !strings.Contains(out, "they [belonged]?") || !strings.Contains(out, "I [belonged] on nights") || !strings.Contains(out, "3 hits in 2 sources") {
		t.Errorf("search belong --stem:\n%s", out)
	}
	res := decode[struct {
		Hits []map[string]any `json:"hits"`
	}](t, r.ok("search", "belong*", "--group", "west", "--json"))
	if len(res.Hits) != 2 || res.Hits[1]["match"] != "belonged" || res.Hits[1]["source"] != "fg02" || res.Hits[1]["turn"] != 2.0 {
		t.Errorf("belong* in west: %v", res.Hits)
	}
	if got := decode[struct {
		Hits []map[string]any `json:"hits"`
	}](t, r.ok("search", `only\s+\w+`, "--regexp", "--attr", "pgy=1", "--json")); len(got.Hits) != 1 || got.Hits[0]["match"] != "only one" {
		t.Errorf("regexp with --attr: %v", got.Hits)
	}
	if out := r.ok("search", "belong", "--speaker", "Malik Johnson"); !strings.Contains(out, "no match") {
		t.Errorf("--speaker: %s", out)
	}
	if errOut := r.fail(1, "search", "(", "--regexp"); !strings.HasPrefix(errOut, "focal: search: not a regular expression") {
		t.Errorf("bad regexp: %q", errOut)
	}
	if errOut := r.fail(2, "search", "x", "--extend", "turn"); !strings.Contains(errOut, "--code") {
		t.Errorf("--extend without --code: %q", errOut)
	}
}

func TestSearchAndCodeIsOneUndoableActionCLI(t *testing.T) {
	t.Parallel()
	r := findingRunner(t)
	before := r.ok("coding", "list", "--json", "--as", "ben")

	out := r.ok("search", "belong", "--stem", "--code", "belonging", "--new", "--extend", "sentence", "--as", "ben")
	if !strings.Contains(out, "coded the sentences holding them with belonging: 3 new") {
		t.Errorf("search --code said:\n%s", out)
	}
	got := decode[[]map[string]any](t, r.ok("coding", "list", "--code", "belonging", "--json", "--as", "ben"))
	texts := []string{}
	for _, c := range got {
		texts = append(texts, c["text"].(string))
	}
	want := "Who felt like they belonged? | Does anyone else feel they belong here? | I belonged on nights."
	if strings.Join(texts, " | ") != want {
		t.Errorf("ben's new codings: %q, want %q", strings.Join(texts, " | "), want)
	}
	// Carl, under blinding, sees none of it.
	if carl := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "carl")); len(carl) != 1 {
		t.Errorf("carl sees %d codings, want his one", len(carl))
	}

	undone := r.ok("undo", "--as", "ben")
	if strings.Count(undone, "as belonging") != 3 {
		t.Errorf("one undo should name the three codings: %q", undone)
	}
	if after := r.ok("coding", "list", "--json", "--as", "ben"); after != before {
		t.Errorf("after one undo ben's codings are\n%s\nwant as before\n%s", after, before)
	}
	if errOut := r.fail(1, "code", "show", "belonging"); !strings.Contains(errOut, "no code") {
		t.Errorf("the code made by search --code outlived the undo: %q", errOut)
	}
	r.ok("redo", "--as", "ben")
	if got := decode[[]map[string]any](t, r.ok("coding", "list", "--code", "belonging", "--json", "--as", "ben")); len(got) != 3 {
		t.Errorf("redo brought back %d codings, want 3", len(got))
	}
}

func TestQueriesCLI(t *testing.T) {
	t.Parallel()
	r := findingRunner(t)
	r.ok("coding", "add", "--source", "fg01", "--code", "night", "--new", "--quote", "I was the only one.", "--as", "ben")
	r.ok("coding", "add", "--source", "fg02", "--code", "night", "--quote", "I belonged on nights.", "--as", "carl")
	r.ok("coding", "add", "--source", "fg02", "--code", "night", "--quote", "Nobody mentored me.", "--as", "carl")

	type matrix struct {
		Layer  string   `json:"layer"`
		Codes  []string `json:"codes"`
		Counts [][]int  `json:"counts"`
	}
	bens := decode[matrix](t, r.ok("query", "cooccurrence", "--json", "--as", "ben"))
	if bens.Layer != "ben" || len(bens.Codes) != 2 || bens.Counts[0][1] != 1 || bens.Counts[1][1] != 1 {
		t.Errorf("ben under blinding: %+v, want his one pair and his one night coding", bens)
	}
	if errOut := r.fail(1, "query", "cooccurrence", "--coder", "all", "--as", "ben"); !strings.Contains(errOut, "blind coding is on") {
		t.Errorf("every coder's counts under blinding: %q", errOut)
	}
	r.ok("blind", "off", "--as", "amara")
	all := decode[matrix](t, r.ok("query", "cooccurrence", "--json", "--as", "amara"))
	if all.Layer != "all" || all.Counts[0][1] != 2 || all.Counts[1][1] != 3 {
		t.Errorf("every coder: %+v, want 2 pairs and 3 night codings", all)
	}
	out := r.ok("code", "passages", "isolation", "--with", "night", "--as", "amara")
	if !strings.Contains(out, "2 passages in 2 sources") {
		t.Errorf("passages behind the cell:\n%s", out)
	}

	byPGY := decode[struct {
		Values  []string `json:"values"`
		Codings [][]int  `json:"codings"`
	}](t, r.ok("query", "attribute", "pgy", "--json", "--as", "amara"))
	if strings.Join(byPGY.Values, ",") != "1,(none)" || byPGY.Codings[0][0] != 1 || byPGY.Codings[0][1] != 1 {
		t.Errorf("isolation by pgy: %+v, want 1 for P07 and 1 for Malik (no participant)", byPGY)
	}
	words := r.ok("query", "words", "--by", "group")
	if !strings.Contains(words, "north") || !strings.Contains(words, "west") || strings.Contains(words, "\nthe ") {
		t.Errorf("words by group:\n%s", words)
	}
	if errOut := r.fail(1, "query", "words", "--by", "site"); !strings.Contains(errOut, `no participant attribute "site"`) {
		t.Errorf("--by an unknown attribute: %q", errOut)
	}
}
