package analysis

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// tenGroups is the saturation fixture. The new codes per group, worked out
// by hand (a code is new in the first group where it is applied):
//
//	group  codes        new          cumulative
//	G1     a b c d e    a b c d e    5
//	G2     a b f g      f g          7
//	G3     c h          h            8
//	G4     a i j j      i j          10   ← the base (4 groups) holds 10 codes
//	G5     a k          k            11
//	G6     b c          –            11
//	G7     d            –            11
//	G8     e m          m            12
//	G9     a            –            12
//	G10    b            –            12
func tenGroups() []SaturationUnit {
	rows := []string{"a b c d e", "a b f g", "c h", "a i j j", "a k", "b c", "d", "e m", "a", "b"}
	units := make([]SaturationUnit, len(rows))
	for i, r := range rows {
		units[i] = SaturationUnit{Name: "G" + string(rune('1'+i)), Codes: strings.Fields(r)}
	}
	units[9].Name = "G10"
	return units
}

func TestSaturationTableIsNewCodesPerGroup(t *testing.T) {
	s, err := ComputeSaturation(tenGroups(), DefaultSaturation())
	if err != nil {
		t.Fatal(err)
	}
	wantNew := []int{5, 2, 1, 2, 1, 0, 0, 1, 0, 0}
	wantCum := []int{5, 7, 8, 10, 11, 11, 11, 12, 12, 12}
	wantCodes := []int{5, 4, 2, 3, 2, 2, 1, 2, 1, 1} // "j j" is one code in G4
	for i, st := range s.Steps {
		if len(st.New) != wantNew[i] || st.Cumulative != wantCum[i] || st.Codes != wantCodes[i] {
			t.Errorf("%s: new %v cumulative %d codes %d; want %d new, %d, %d", st.Name, st.New, st.Cumulative, st.Codes, wantNew[i], wantCum[i], wantCodes[i])
		}
	}
	if !reflect.DeepEqual(s.Steps[1].New, []string{"f", "g"}) {
		t.Errorf("G2 new = %v", s.Steps[1].New)
	}
	if s.BaseCodes != 10 {
		t.Errorf("base codes = %d, want 10", s.BaseCodes)
	}
}

func TestSaturationRollingRuns(t *testing.T) {
	// Base 4 (10 codes), runs of 2, threshold 5 %: a run may add at most
	// 0.05 × 10 = 0.5 codes, i.e. none.
	//   run G5–G6: 1 + 0 = 1 new → 1/10 = 10 % > 5 %
	//   run G6–G7: 0 + 0 = 0 new → 0 %  ≤ 5 %: saturation, reached at the
	//   5 groups before the run (G1–G5).
	s, err := ComputeSaturation(tenGroups(), DefaultSaturation())
	if err != nil {
		t.Fatal(err)
	}
	if !s.Reached || s.Point != 5 {
		t.Fatalf("reached %v at %d, want at 5; runs %+v", s.Reached, s.Point, s.Runs)
	}
	want := []SaturationRun{{First: 5, Last: 6, New: 1, Ratio: 0.1}, {First: 6, Last: 7, New: 0, Ratio: 0, Saturated: true}}
	if !reflect.DeepEqual(s.Runs, want) {
		t.Errorf("runs = %+v, want %+v", s.Runs, want)
	}
	sentence := s.Sentence("focus group", "the consensus")
	for _, part := range []string{"Guest, Namey and Chen (2020", "base size 4, run length 2, new-information threshold ≤5 %", "rolling runs",
		"across 10 focus groups", "reached at 5 focus groups", "held 10 distinct codes", "focus groups 6–7 added 0 new codes (0 % of the base)"} {
		if !strings.Contains(sentence, part) {
			t.Errorf("sentence %q lacks %q", sentence, part)
		}
	}
}

func TestSaturationConsecutiveRuns(t *testing.T) {
	// Consecutive runs of 2 after the base of 4:
	//   G5–G6: 1 new (10 %), G7–G8: 0 + 1 = 1 new (10 %), G9–G10: 0 new (0 %)
	//   → saturation at the 8 groups before G9–G10.
	o := DefaultSaturation()
	o.Consecutive = true
	s, err := ComputeSaturation(tenGroups(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Reached || s.Point != 8 || len(s.Runs) != 3 || s.Runs[1].New != 1 || s.Confirming.First != 9 {
		t.Errorf("reached %v at %d, runs %+v", s.Reached, s.Point, s.Runs)
	}
}

func TestSaturationThresholdAllowsWholeCodes(t *testing.T) {
	// 10 % of a base of 10 codes allows 1 new code: G5–G6 adds exactly 1,
	// so saturation is reached at the base itself (4 groups).
	s, _ := ComputeSaturation(tenGroups(), SaturationOptions{Base: 4, Run: 2, Threshold: 0.10})
	if !s.Reached || s.Point != 4 {
		t.Errorf("reached %v at %d, want 4", s.Reached, s.Point)
	}
	// 0.29 × 100 is 28.999…96 in floating point; 29 of 100 must still pass.
	if !atMost(29, 100, 0.29) || atMost(30, 100, 0.29) || allowedNew(100, 0.29) != 29 {
		t.Error("threshold arithmetic is off at 29 %")
	}
}

func TestSaturationNotReachedSaysHowFarOff(t *testing.T) {
	// Base 4, consecutive runs of 3, threshold 0 %: G5–G7 add 1 (10 %),
	// G8–G10 add 1 (10 %); the threshold allows 0, so 1 over.
	s, _ := ComputeSaturation(tenGroups(), SaturationOptions{Base: 4, Run: 3, Threshold: 0, Consecutive: true})
	if s.Reached || s.Point != 0 || len(s.Runs) != 2 {
		t.Fatalf("reached %v at %d runs %+v", s.Reached, s.Point, s.Runs)
	}
	if want := "the last run (units 8–10) added 1 new code, 10 % of the base's 10; the threshold of 0 % allows 0, so it is 1 over"; !strings.Contains(s.Short, want) {
		t.Errorf("short = %q, want %q", s.Short, want)
	}
	if !strings.Contains(s.Sentence("focus group", "all coders' codings"), "saturation was not reached (the last run") {
		t.Errorf("sentence: %s", s.Sentence("focus group", "x"))
	}
	// Base 6 and run 6 need 12 groups; there are 10: 2 short.
	s, _ = ComputeSaturation(tenGroups(), SaturationOptions{Base: 6, Run: 6, Threshold: 0.05})
	if s.Reached || !strings.Contains(s.Short, "needs at least 12 units, a base of 6 and a run of 6, and there are 10: 2 short") {
		t.Errorf("short = %q", s.Short)
	}
	// A base with no codes cannot be measured against.
	empty := []SaturationUnit{{Name: "1"}, {Name: "2"}, {Name: "3", Codes: []string{"a"}}}
	s, _ = ComputeSaturation(empty, SaturationOptions{Base: 2, Run: 1})
	if s.Reached || !strings.Contains(s.Short, "no code was applied in the first 2 units") {
		t.Errorf("short = %q", s.Short)
	}
}

func TestSaturationRefusesBadOptions(t *testing.T) {
	for _, o := range []SaturationOptions{{Base: 0, Run: 2}, {Base: 4, Run: 0}, {Base: 4, Run: 2, Threshold: 5}, {Base: 4, Run: 2, Threshold: -0.1}} {
		if _, err := ComputeSaturation(tenGroups(), o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func TestSpreadCountsGroupsPerCode(t *testing.T) {
	// a: G1 G2 G4 G5 G9 = 5; b: G1 G2 G6 G10 = 4; c: G1 G3 G6 = 3;
	// d: G1 G7 = 2; e: G1 G8 = 2; every other code 1 group, by first group.
	got := Spread(tenGroups())
	var b strings.Builder
	for _, c := range got {
		b.WriteString(c.Code)
		b.WriteByte(byte('0' + c.Units))
		b.WriteByte(' ')
	}
	if want := "a5 b4 c3 d2 e2 f1 g1 h1 i1 j1 k1 m1 "; b.String() != want {
		t.Errorf("spread = %q, want %q", b.String(), want)
	}
}

func TestGiniByHand(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		// |10−20|+|10−30|+|10−40|+|20−30|+|20−40|+|30−40| = 100, both ways
		// 200; 200 / (2 × 4 × 100) = 0.25.
		{[]float64{10, 20, 30, 40}, 0.25},
		{[]float64{5, 5}, 0},
		// one of three holds all: 2 × 9 × 2 = 36; 36 / (2 × 3 × 9) = 2/3.
		{[]float64{0, 0, 9}, 2.0 / 3},
	} {
		g := Gini(tc.xs)
		if !g.Defined || math.Abs(g.V-tc.want) > 1e-12 {
			t.Errorf("Gini(%v) = %+v, want %v", tc.xs, g, tc.want)
		}
	}
	if g := Gini([]float64{7}); g.Defined {
		t.Errorf("Gini of one value = %+v", g)
	}
	if g := Gini([]float64{0, 0}); g.Defined {
		t.Errorf("Gini of zeros = %+v", g)
	}
}

func TestTalkSharesGiniAndTransitions(t *testing.T) {
	m := func(w int) Turn { return Turn{Voice: "M", Moderator: true, Words: w} }
	p := func(v string, w int) Turn { return Turn{Voice: v, Words: w} }
	s1 := []Turn{m(10), p("P1", 30), p("P2", 10), {Words: 4}, m(5), p("P1", 20), p("P3", 10)}
	s2 := []Turn{m(5), p("P2", 20), p("P2", 10), p("P1", 10)}
	g := Talk("G", [][]Turn{s1, s2})
	// Participants: P1 3 turns 30+20+10 = 60 words; P2 3 turns 10+20+10 =
	// 40; P3 1 turn 10. Totals 7 turns, 110 words. The turn without a
	// speaker counts for no one.
	if g.Turns != 7 || g.Words != 110 {
		t.Fatalf("totals %d turns %d words", g.Turns, g.Words)
	}
	want := []Share{
		{Voice: "P1", Turns: 3, Words: 60, TurnShare: 3.0 / 7, WordShare: 60.0 / 110},
		{Voice: "P2", Turns: 3, Words: 40, TurnShare: 3.0 / 7, WordShare: 40.0 / 110},
		{Voice: "P3", Turns: 1, Words: 10, TurnShare: 1.0 / 7, WordShare: 10.0 / 110},
	}
	if !reflect.DeepEqual(g.Participants, want) {
		t.Errorf("participants = %+v", g.Participants)
	}
	// The moderator apart: 3 of all 10 turns, 20 of all 130 words.
	if len(g.Moderators) != 1 || g.Moderators[0].Turns != 3 || g.Moderators[0].WordShare != 20.0/130 || g.Moderators[0].TurnShare != 0.3 {
		t.Errorf("moderators = %+v", g.Moderators)
	}
	// Gini of words 60, 40, 10: |60−40| + |60−10| + |40−10| = 100, both
	// ways 200; 200 / (2 × 3 × 110) = 0.30303…
	if math.Abs(g.GiniWords.V-200.0/660) > 1e-12 {
		t.Errorf("Gini words = %v", g.GiniWords)
	}
	// Gini of turns 3, 3, 1: 0 + 2 + 2 = 4, both ways 8; 8 / (2 × 3 × 7).
	if math.Abs(g.GiniTurns.V-8.0/42) > 1e-12 {
		t.Errorf("Gini turns = %v", g.GiniTurns)
	}
	// Who speaks after whom (the turn without a speaker is skipped):
	// fg1: M→P1, P1→P2, P2→M, M→P1, P1→P3; fg2: M→P2, P2→P2, P2→P1.
	// Voices in order of first speaking: M, P1, P2, P3.
	wantTr := Transitions{Voices: []string{"M", "P1", "P2", "P3"}, Counts: [][]int{
		{0, 2, 1, 0},
		{0, 0, 1, 1},
		{1, 1, 1, 0},
		{0, 0, 0, 0},
	}}
	if !reflect.DeepEqual(g.Transitions, wantTr) {
		t.Errorf("transitions = %+v", g.Transitions)
	}
}

func TestCountWords(t *testing.T) {
	for text, want := range map[string]int{"I don't know — maybe 3 times.": 6, "": 0, "  ...  ": 0, "Sí, señora": 2, "we’re fine": 2} {
		if got := CountWords(text); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestCautionsAreOneRule(t *testing.T) {
	texts := func(cs []Caution) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Text)
		}
		return strings.Join(out, " | ")
	}
	v := func(name string, n int) VoiceCount { return VoiceCount{Voice: name, Items: n} }
	for _, tc := range []struct {
		name  string
		b     Backing
		named string
		plain string
	}{
		{"nothing", Backing{ProjectGroups: 2}, "no quote supports this theme", "no quote supports this theme"},
		{"no speaker", Backing{Items: 2, Groups: []string{"G1", "G2"}, ProjectGroups: 2},
			"this theme rests on text without a known speaker", "this theme rests on text without a known speaker"},
		{"one voice, one group of two", Backing{Items: 2, ByVoice: []VoiceCount{v("P1", 2)}, Groups: []string{"G1", "G1"}, ProjectGroups: 2},
			"this theme rests on one participant's words: P1 gives 2 of 2 quotes", "this theme rests on one participant's words"},
		{"two voices, one group of two", Backing{Items: 2, ByVoice: []VoiceCount{v("P1", 1), v("P2", 1)}, Groups: []string{"G1", "G1"}, ProjectGroups: 2},
			"this theme rests on two participants' words: P1 and P2 give 2 of 2 quotes | this theme was found in one group only: every quote is from G1 (of 2 groups)",
			"this theme rests on two participants' words | this theme was found in one group only"},
		{"several voices, one group of two", Backing{Items: 6, ByVoice: []VoiceCount{v("P1", 2), v("P2", 2), v("P3", 2)}, Groups: []string{"G2"}, ProjectGroups: 2},
			"this theme was found in one group only: every quote is from G2 (of 2 groups)", "this theme was found in one group only"},
		{"two voices", Backing{Items: 3, ByVoice: []VoiceCount{v("P1", 1), v("P2", 2)}, Groups: []string{"G1", "G2"}, ProjectGroups: 2},
			"this theme rests on two participants' words: P2 and P1 give 3 of 3 quotes", "this theme rests on two participants' words"},
		// 3 of 5 is more than half: mostly one voice.
		{"mostly one", Backing{Items: 5, ByVoice: []VoiceCount{v("P1", 3), v("P2", 1), v("P3", 1)}, Groups: []string{"G1", "G2"}, ProjectGroups: 3},
			"this theme rests mostly on one participant's words: P1 gives 3 of 5 quotes", "this theme rests mostly on one participant's words: one gives 3 of 5 quotes"},
		// 2 of 5 is not: no caution; one group of one is no caution either.
		{"balanced", Backing{Items: 5, ByVoice: []VoiceCount{v("P1", 2), v("P2", 2), v("P3", 1)}, Groups: []string{"G1"}, ProjectGroups: 1}, "", ""},
	} {
		if got := texts(tc.b.Cautions("quote", true)); got != tc.named {
			t.Errorf("%s named: %q, want %q", tc.name, got, tc.named)
		}
		if got := texts(tc.b.Cautions("quote", false)); got != tc.plain {
			t.Errorf("%s plain: %q, want %q", tc.name, got, tc.plain)
		}
	}
}
