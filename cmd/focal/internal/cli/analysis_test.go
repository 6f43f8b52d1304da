package cli

import (
	"math"
	"strings"
	"testing"
)

// saturationProject imports six one-source groups in an order that is not
// their names' order, and has ben code participant turns (turn 2, Ana's):
//
//	import order  group  codes   new   cumulative
//	1             Zeta   a b c   a b c 3
//	2             Alpha  a d     d     4
//	3             Mid    e       e     5
//	4             Beta   a       –     5
//	5             Omega  f       f     6
//	6             Kappa  b       –     6
//
// Code a serves theme "Shared", code c theme "Lonely".
func saturationProject(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	groups := []struct {
		name  string
		codes []string
	}{{"Zeta", []string{"a", "b", "c"}}, {"Alpha", []string{"a", "d"}}, {"Mid", []string{"e"}}, {"Beta", []string{"a"}}, {"Omega", []string{"f"}}, {"Kappa", []string{"b"}}}
	for _, g := range groups {
		src := strings.ToLower(g.name)
		r.ok("import", r.write(src+".txt", "Mod: Tell me about "+g.name+".\nAna: I felt alone at night.\nBo: Me too.\n"), "--group", g.name)
		r.ok("speaker", "role", "Mod", "moderator", "--source", src)
		for _, c := range g.codes {
			r.ok("coding", "add", "--source", src, "--code", c, "--turn", "2", "--as", "ben")
		}
	}
	r.ok("theme", "add", "Shared", "--as", "amara")
	r.ok("theme", "assign", "Shared", "a", "--as", "amara")
	r.ok("theme", "add", "Lonely", "--as", "amara")
	r.ok("theme", "assign", "Lonely", "c", "--as", "amara")
	return r
}

type saturationOut struct {
	Order string `json:"order"`
	Units []struct {
		Name       string   `json:"name"`
		New        []string `json:"new"`
		Cumulative int      `json:"cumulative"`
	} `json:"units"`
	BaseCodes int `json:"base_codes"`
	Runs      []struct {
		First, Last, New int
		Ratio            float64
		Saturated        bool
	} `json:"run_results"`
	Reached  bool   `json:"reached"`
	Point    int    `json:"point"`
	Short    string `json:"short"`
	Sentence string `json:"sentence"`
	Spread   []struct {
		Code  string `json:"code"`
		Units int    `json:"units"`
	} `json:"spread"`
}

func TestSaturationCLIByHand(t *testing.T) {
	t.Parallel()
	r := saturationProject(t)
	r.env["FOCAL_CODER"] = "ben"
	// Base 2, runs of 1, 5 %: the base (Zeta, Alpha) holds a b c d = 4
	// codes; Mid adds e: 1/4 = 25 % > 5 %; Beta adds nothing: 0 % →
	// saturation at the 3 groups before Beta.
	s := decode[saturationOut](t, r.ok("saturation", "--base", "2", "--run", "1", "--json"))
	var names []string
	for _, u := range s.Units {
		names = append(names, u.Name)
	}
	if strings.Join(names, ",") != "Zeta,Alpha,Mid,Beta,Omega,Kappa" || s.Order != "import" {
		t.Fatalf("units in %s order: %v", s.Order, names)
	}
	if s.BaseCodes != 4 || !s.Reached || s.Point != 3 || len(s.Runs) != 2 || s.Runs[0].New != 1 || s.Runs[0].Ratio != 0.25 || !s.Runs[1].Saturated {
		t.Errorf("result: %+v", s)
	}
	if strings.Join(s.Units[1].New, ",") != "d" || s.Units[5].Cumulative != 6 {
		t.Errorf("units: %+v", s.Units)
	}
	if !strings.Contains(s.Sentence, "Saturation was reached at 3 focus groups") || !strings.Contains(s.Sentence, "the codings of ben") {
		t.Errorf("sentence: %s", s.Sentence)
	}
	// The code-frequency view: a in Zeta, Alpha, Beta = 3 groups; b in
	// Zeta, Kappa = 2; every other code in one.
	if len(s.Spread) != 6 || s.Spread[0].Code != "a" || s.Spread[0].Units != 3 || s.Spread[1].Code != "b" || s.Spread[1].Units != 2 {
		t.Errorf("spread: %+v", s.Spread)
	}
	// By name: Alpha(a d) Beta(a) Kappa(b) Mid(e) Omega(f) Zeta(a b c). The
	// base holds a d = 2 codes; every later group adds one: 1/2 = 50 %.
	s = decode[saturationOut](t, r.ok("saturation", "--base", "2", "--run", "1", "--order", "name", "--json"))
	if s.Units[0].Name != "Alpha" || s.BaseCodes != 2 || s.Reached || len(s.Runs) != 4 ||
		!strings.Contains(s.Short, "the last run (unit 6) added 1 new code, 50 % of the base's 2; the threshold of 5 % allows 0, so it is 1 over") {
		t.Errorf("by name: %+v", s)
	}
	// The defaults (base 4, runs of 2): base Zeta..Beta holds a–e = 5;
	// Omega and Kappa add f: 1/5 = 20 %, not reached.
	text := r.ok("saturation")
	for _, want := range []string{"base 4, run 2, threshold ≤5 %, rolling runs", "6 groups in import order", "over the threshold", "saturation: not reached: the last run (units 5–6) added 1 new code, 20 % of the base's 5",
		"For the methods section:", "Codes by the number of groups they appear in (of 6):"} {
		if !strings.Contains(text, want) {
			t.Errorf("saturation lacks %q:\n%s", want, text)
		}
	}
	// Listed order, and its mistakes.
	s = decode[saturationOut](t, r.ok("saturation", "--order", "Kappa,Omega,Beta,Mid,Alpha,Zeta", "--base", "1", "--run", "1", "--json"))
	if s.Units[0].Name != "Kappa" || s.BaseCodes != 1 || s.Order != "listed" {
		t.Errorf("listed: %+v", s)
	}
	if e := r.fail(2, "saturation", "--order", "Kappa,Omega"); !strings.Contains(e, "focal: saturation: --order must name every group") || !strings.Contains(e, `"Zeta"`) {
		t.Errorf("incomplete order: %s", e)
	}
	if e := r.fail(2, "saturation", "--order", "Kappa,Nowhere"); !strings.Contains(e, `--order names "Nowhere"`) {
		t.Errorf("unknown group: %s", e)
	}
	if e := r.fail(2, "saturation", "--threshold", "5"); !strings.Contains(e, "0.05 for 5 %") {
		t.Errorf("threshold 5: %s", e)
	}
	// Under blinding a coder reads only their own layer.
	if e := r.fail(1, "saturation", "--layer", "all"); !strings.Contains(e, "--layer ben") {
		t.Errorf("blind --layer all: %s", e)
	}
	r.env["FOCAL_CODER"] = "amara"
	if s := decode[saturationOut](t, r.ok("saturation", "--json")); len(s.Spread) != 0 {
		t.Errorf("amara, blind, sees codes of ben: %+v", s.Spread)
	}
	r.ok("blind", "off")
	if s := decode[saturationOut](t, r.ok("saturation", "--json", "--layer", "all")); len(s.Spread) != 6 {
		t.Errorf("amara, not blind, all: %+v", s.Spread)
	}
}

type voicesOut struct {
	Groups []struct {
		Group        string `json:"group"`
		Participants []struct {
			Voice     string  `json:"voice"`
			Turns     int     `json:"turns"`
			Words     int     `json:"words"`
			WordShare float64 `json:"word_share"`
		} `json:"participants"`
		Moderators []struct {
			Voice     string  `json:"voice"`
			Turns     int     `json:"turns"`
			TurnShare float64 `json:"turn_share"`
		} `json:"moderators"`
		Turns       int      `json:"turns"`
		Words       int      `json:"words"`
		GiniWords   *float64 `json:"gini_words"`
		GiniTurns   *float64 `json:"gini_turns"`
		Transitions struct {
			Voices []string `json:"voices"`
			Counts [][]int  `json:"counts"`
		} `json:"transitions"`
	} `json:"groups"`
	Themes []struct {
		Name     string `json:"name"`
		Passages int    `json:"passages"`
		Cautions []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"cautions"`
	} `json:"themes"`
}

func TestVoicesCLIByHand(t *testing.T) {
	t.Parallel()
	r := saturationProject(t)
	r.ok("import", r.write("talk.txt", "Mod: Welcome everyone.\nAna: I felt alone.\nBen: Me too, often.\nAna: Every single night, really.\nMod: Thanks.\nCy: Yes.\n"), "--group", "Talk")
	r.ok("speaker", "role", "Mod", "moderator", "--source", "talk")
	r.env["FOCAL_CODER"] = "amara"
	r.ok("blind", "off")
	v := decode[voicesOut](t, r.ok("voices", "--group", "Talk", "--json"))
	if len(v.Groups) != 1 {
		t.Fatalf("groups: %+v", v.Groups)
	}
	g := v.Groups[0]
	// Participants: Ana 2 turns, 3 + 4 = 7 words; Ben 1 turn, 3 words; Cy
	// 1 turn, 1 word: 4 turns, 11 words.
	if g.Turns != 4 || g.Words != 11 || len(g.Participants) != 3 || g.Participants[0].Voice != "Ana" || g.Participants[0].Words != 7 ||
		math.Abs(g.Participants[0].WordShare-7.0/11) > 1e-9 {
		t.Errorf("shares: %+v", g)
	}
	// Gini of words 7, 3, 1: |7−3| + |7−1| + |3−1| = 12, both ways 24;
	// 24 / (2 × 3 × 11) = 0.3636…; of turns 2, 1, 1: 4 / (2 × 3 × 4) = 1/6.
	if g.GiniWords == nil || math.Abs(*g.GiniWords-24.0/66) > 1e-9 || math.Abs(*g.GiniTurns-4.0/24) > 1e-9 {
		t.Errorf("Gini: %v %v", g.GiniWords, g.GiniTurns)
	}
	// The moderator apart: 2 of all 6 turns.
	if len(g.Moderators) != 1 || g.Moderators[0].Voice != "Mod" || math.Abs(g.Moderators[0].TurnShare-2.0/6) > 1e-9 {
		t.Errorf("moderators: %+v", g.Moderators)
	}
	// Mod→Ana, Ana→Ben, Ben→Ana, Ana→Mod, Mod→Cy; voices in order of
	// first speaking: Mod, Ana, Ben, Cy.
	want := [][]int{{0, 1, 0, 1}, {1, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}}
	if strings.Join(g.Transitions.Voices, ",") != "Mod,Ana,Ben,Cy" || !equalGrid(g.Transitions.Counts, want) {
		t.Errorf("transitions: %+v", g.Transitions)
	}
	// Who carried each theme, by the one rule: "Lonely" (code c) rests on
	// Ana of Zeta alone; "Shared" (code a) on three voices in three groups.
	v = decode[voicesOut](t, r.ok("voices", "--json"))
	cautions := map[string]string{}
	for _, th := range v.Themes {
		for _, c := range th.Cautions {
			cautions[th.Name] += c.Kind + ": " + c.Text
		}
	}
	if !strings.Contains(cautions["Lonely"], "one-voice: this theme rests on one participant's words: Ana (zeta) gives 1 of 1 passage") || cautions["Shared"] != "" {
		t.Errorf("cautions: %q", cautions)
	}
	// theme show applies the same rule, counting quotes as the board does:
	// code c's one quote is Ana's (the turn's speaker, not linked to a
	// participant, so one voice per source) in Zeta; code a's three quotes
	// are three voices in three groups.
	if out := r.ok("theme", "show", "Lonely"); !strings.Contains(out, "caution:     this theme rests on one participant's words: Ana (zeta) gives 1 of 1 passage") {
		t.Errorf("theme show Lonely:\n%s", out)
	}
	shown := decode[struct {
		Path     string `json:"path"`
		Cautions []struct {
			Kind string `json:"kind"`
		} `json:"cautions"`
	}](t, r.ok("theme", "show", "Shared", "--json"))
	if shown.Path != "Shared" || len(shown.Cautions) != 0 {
		t.Errorf("theme show Shared --json: %+v", shown)
	}
	text := r.ok("voices", "--group", "Talk")
	for _, want := range []string{"Talk: 3 participants, 4 turns, 11 words; Gini of words 0.36, of turns 0.17", "moderator Mod: 2 turns (33.3 % of all turns)", "who speaks after whom"} {
		if !strings.Contains(text, want) {
			t.Errorf("voices lacks %q:\n%s", want, text)
		}
	}
	if e := r.fail(1, "voices", "--group", "Nowhere"); !strings.Contains(e, `no group "Nowhere"`) {
		t.Errorf("unknown group: %s", e)
	}
}

func equalGrid(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
