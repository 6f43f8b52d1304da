package dataset_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
)

func codingByID(t *testing.T, d *dataset.Dataset, id string) *dataset.Coding {
	t.Helper()
	for i := range d.Codings {
		if d.Codings[i].ID == id {
			return &d.Codings[i]
		}
	}
	return nil
}

func TestBuildClipsCodingsToParticipantsWords(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	if got := len(d.Sources); got != 2 {
		t.Fatalf("sources = %d, want 2", got)
	}
	// c04 spans the moderator's question and José's answer: only José's
	// words remain, without his label.
	c := codingByID(t, d, "c04")
	if c == nil || len(c.Passages) != 1 || c.Passages[0].Text != "+1 to Zoë. Peers carry us." {
		t.Fatalf("c04 passages = %+v", c)
	}
	if who := d.First(c); who.Participant != "P2" || who.Seq != 5 {
		t.Errorf("c04 starts in turn %d of %q, want turn 5 of P2", who.Seq, who.Participant)
	}
	// c05 covers only the moderator's words and is left out, and said so.
	if codingByID(t, d, "c05") != nil {
		t.Error("a coding of moderator's words only is exported")
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "1 coding covers only moderators' words") {
		t.Errorf("notes = %q", d.Notes)
	}
	// Positions are code points: the passage's span gives back its words.
	p := codingByID(t, d, "c10").Passages[0]
	if p.Text != "I felt invisible 🙂" || p.Span.Len() != len([]rune("I felt invisible 🙂")) {
		t.Errorf("c10 passage = %q %v", p.Text, p.Span)
	}
	if got := d.Sources[0].Codings; got != 4 {
		t.Errorf("fg01 exported codings = %d, want 4", got)
	}
}

func TestPolicyAdmitIsTheOneFilter(t *testing.T) {
	tests := []struct {
		name    string
		policy  dataset.Policy
		present []string
		absent  []string
	}{
		{"default", dataset.Policy{}, []string{"c01", "c10", "c15"}, []string{"c05"}},
		{"moderators included", dataset.Policy{IncludeModerators: true}, []string{"c05"}, nil},
		{"one participant", dataset.Policy{Participants: []string{"P3"}}, []string{"c10", "c11", "c12", "c13"}, []string{"c01", "c02", "c14", "c15"}},
		{"one group", dataset.Policy{Groups: []string{"West"}}, []string{"c10"}, []string{"c01"}},
		{"one source", dataset.Policy{Sources: []string{"fg01"}}, []string{"c01"}, []string{"c10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := datasettest.Build(tc.policy)
			for _, id := range tc.present {
				if codingByID(t, d, id) == nil {
					t.Errorf("%s is missing", id)
				}
			}
			for _, id := range tc.absent {
				if codingByID(t, d, id) != nil {
					t.Errorf("%s is exported", id)
				}
			}
			// Every passage of every coding passed the policy.
			for _, c := range d.Codings {
				src := &d.Sources[c.Source]
				for _, p := range c.Passages {
					if !d.Policy.Admit(src, &src.Turns[p.Turn], p.Span) {
						t.Errorf("%s has a passage the policy refuses", c.ID)
					}
				}
			}
		})
	}
	d := datasettest.Build(dataset.Policy{IncludeModerators: true})
	if got := d.Text(codingByID(t, d, "c04")); got != "Dana (fg01): Say more about that.\nP2: +1 to Zoë. Peers carry us." {
		t.Errorf("multi-turn text = %q", got)
	}
}

func TestBuildRefusesUnknownSelection(t *testing.T) {
	for _, p := range []dataset.Policy{{Groups: []string{"South"}}, {Sources: []string{"fg09"}}, {Participants: []string{"P99"}}} {
		if _, err := dataset.Build(datasettest.Input(), p); err == nil || !strings.Contains(err.Error(), "the project has") {
			t.Errorf("%+v: err = %v", p, err)
		}
	}
}

func TestLayerFor(t *testing.T) {
	tests := []struct{ status, choice, want string }{
		{dataset.ConsensusComplete, "ben", "consensus"},
		{dataset.ConsensusComplete, dataset.AllCoders, "consensus"},
		{dataset.ConsensusPartial, "ben", "coder ben"},
		{dataset.ConsensusNone, dataset.AllCoders, "all coders"},
		{dataset.ConsensusPartial, dataset.Consensus, "consensus (partial)"},
		{"", dataset.Consensus, "consensus (none)"},
	}
	for _, tc := range tests {
		if got := dataset.LayerFor(tc.status, tc.choice); got != tc.want {
			t.Errorf("LayerFor(%q, %q) = %q, want %q", tc.status, tc.choice, got, tc.want)
		}
		if got := dataset.UsesConsensus(tc.status, tc.choice); got != strings.HasPrefix(tc.want, "consensus") {
			t.Errorf("UsesConsensus(%q, %q) = %v", tc.status, tc.choice, got)
		}
	}
}

func voiceIndex(d *dataset.Dataset, label string) int {
	return slices.IndexFunc(d.Voices, func(v dataset.Voice) bool { return v.Label == label })
}

func TestCrosstabsCountPassagesAndPeople(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	labels := make([]string, len(d.Voices))
	for i, v := range d.Voices {
		labels[i] = v.Label
	}
	if want := []string{"P1", "P2", "P3", "P4", "Guest (fg02)"}; !slices.Equal(labels, want) {
		t.Fatalf("voices = %q, want %q (participants in natural order, then unlinked speakers)", labels, want)
	}
	x := d.ThemeByVoice()
	p1, p3 := voiceIndex(d, "P1"), voiceIndex(d, "P3")
	// P1: c01 and c03 (isolation, themes 0 and 1); c03's words lie inside
	// c01's: one passage.
	if x.Passages[p1][0] != 1 || x.Passages[p1][1] != 1 {
		t.Errorf("P1 row = %v, want one passage in themes 0 and 1", x.Passages[p1])
	}
	// P3: isolation c10 (ana) and c11 (ben) on "I felt invisible 🙂", c13
	// (ana) on "nobody answered, and -- honestly -- I felt", which shares
	// "I felt": one passage of theme 0. Theme 1 adds c12 (peer) on
	// "@channel nobody answered", which shares "nobody answered": still one.
	if x.Passages[p3][0] != 1 || x.Passages[p3][1] != 1 {
		t.Errorf("P3 row = %v, want one passage in themes 0 and 1", x.Passages[p3])
	}
	g := d.ThemeByGroup()
	if !slices.Equal(g.Rows, []string{"North", "West"}) || g.People[1] != 3 {
		t.Errorf("groups = %q, people %v", g.Rows, g.People)
	}
	// North × theme 1: P1's passage, P2's c02 (turn 3) and c04 (turn 5).
	if g.Voices[0][1] != 2 || g.Passages[0][1] != 3 {
		t.Errorf("North × theme 1: %d passages from %d voices", g.Passages[0][1], g.Voices[0][1])
	}
	a := d.ThemeByAttribute("pgy")
	if !slices.Equal(a.Rows, []string{"PGY-2", "PGY-10", dataset.NotSet}) {
		t.Errorf("pgy rows = %q (natural order, unset last)", a.Rows)
	}
	// PGY-2: P1 and P3, one passage each in theme 0.
	if a.People[0] != 2 || a.Voices[0][0] != 2 || a.Passages[0][0] != 2 {
		t.Errorf("PGY-2: %d people, %d with theme 0, %d passages", a.People[0], a.Voices[0][0], a.Passages[0][0])
	}
}

func TestSupportSaysWhenAThemeRestsOnOneVoice(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	s := d.Support()
	if s[2].Participants != 1 || !strings.Contains(d.Caution(2, false), "one participant") {
		t.Errorf("theme 2 support = %+v, warning %q", s[2], d.Caution(2, false))
	}
	if s[1].Participants != 4 || s[1].Groups != 2 || d.Caution(1, false) != "" {
		t.Errorf("theme 1 support = %+v, warning %q", s[1], d.Caution(1, false))
	}
	one := datasettest.Build(dataset.Policy{Groups: []string{"North"}})
	if w := one.Caution(2, false); !strings.Contains(w, "No passage supports this theme") {
		t.Errorf("empty theme warning = %q", w)
	}
}

// TestPassagesAndCodingsAreCountedApart works the fixture's counts out by
// hand (moderators left out): codings are each coder's marks, passages the
// distinct words they marked (overlaps in one turn counted once).
func TestPassagesAndCodingsAreCountedApart(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	want := []dataset.ThemeSupport{
		// Isolation: c01, c03 (fg01 turn 2, one passage, consensus), c10,
		// c11, c13 (fg02 turn 2, one passage by ana and ben of 2 coders).
		// c05 covers only the moderator's words.
		{Codings: 5, Passages: 2, FromCoders: 1, ByEveryCoder: 1, Participants: 2, Groups: 2, Sources: 2},
		// Isolation and peer: the above, plus c02 (fg01 turn 3), c04 (fg01
		// turn 5), c12 (joins the fg02 turn 2 passage), c14 (fg02 turn 3,
		// ben only).
		{Codings: 9, Passages: 5, FromCoders: 2, ByEveryCoder: 1, Participants: 4, Groups: 2, Sources: 2},
		// Odd: c15 (ben only), the guest speaker's words.
		{Codings: 1, Passages: 1, FromCoders: 1, ByEveryCoder: 0, Participants: 1, Groups: 1, Sources: 1},
	}
	if got := d.Support(); !slices.Equal(got, want) {
		t.Errorf("support =\n%+v\nwant\n%+v", got, want)
	}
	for _, f := range d.CodeFrequencies() {
		got := f
		got.Code = 0
		want := map[string]dataset.CodeFrequency{
			"belonging/isolation": {Codings: 5, Passages: 2, Participants: 2},
			// c02, c04, c12, c14: four turns, four passages.
			"support/peer": {Codings: 4, Passages: 4, Participants: 3},
			"=odd/[code]":  {Codings: 1, Passages: 1, Participants: 1},
		}[d.Codes[f.Code].Path]
		if got != want {
			t.Errorf("%s: %+v, want %+v", d.Codes[f.Code].Path, got, want)
		}
	}
	odd := d.ThemePassages(2)
	if len(odd) != 1 || odd[0].CodedBy() != "coded by 1 of 2 coders" {
		t.Errorf("odd passages = %+v", odd)
	}
	// fg01 is read from its complete consensus: no "coded by".
	for _, q := range d.ThemePassages(0) {
		if d.Sources[q.Source].Name == "fg01" && q.CodedBy() != "" {
			t.Errorf("consensus passage says %q", q.CodedBy())
		}
	}
	// The joined words of a passage reach the de-identification gate.
	var seen bool
	d.Texts(func(where, text string) {
		seen = seen || text == "@channel nobody answered, and -- honestly -- I felt invisible 🙂"
	})
	if !seen {
		t.Error("Texts does not show the joined passage of theme 1")
	}
}

func TestCoOccurrencePairsCodesOfOneCoder(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	got := map[string]int{}
	for _, c := range d.CoOccurrences() {
		got[d.Codes[c.A].Path+" + "+d.Codes[c.B].Path] = c.Overlaps
	}
	// ana's isolation (c10, c13) overlap her peer coding (c12) once (c13);
	// ben's isolation c11 and ana's codings are not paired; consensus c01
	// and c03 are the same code.
	if len(got) != 1 || got["belonging/isolation + support/peer"] != 1 {
		t.Errorf("co-occurrences = %v", got)
	}
}

func TestFrameworkShowsEachPassageOnce(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	fw := d.Framework()
	p3 := voiceIndex(d, "P3")
	// c10 (ana), c11 (ben) and c13 (ana) overlap: one quote over their
	// union, with both coders.
	var invisible *dataset.Quote
	for i, q := range fw[p3][0] {
		if q.Text == "nobody answered, and -- honestly -- I felt invisible 🙂" {
			if invisible != nil {
				t.Fatal("the passage both coders coded appears twice")
			}
			invisible = &fw[p3][0][i]
		}
	}
	if len(fw[p3][0]) != 1 || invisible == nil || !slices.Equal(invisible.Coders, []string{"ana", "ben"}) || invisible.Codings != 3 {
		t.Fatalf("P3's quotes of theme 0 = %+v", fw[p3][0])
	}
	if got := invisible.CodedBy(); got != "coded by 2 of 2 coders" {
		t.Errorf("CodedBy = %q", got)
	}
	for _, q := range fw[p3][1] {
		if q.Span.Start < 0 {
			t.Fatal("bad span")
		}
	}
}

func TestExemplarsComeFromDifferentVoices(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	q := d.Exemplars(1, 3)
	if len(q) != 3 {
		t.Fatalf("exemplars = %d", len(q))
	}
	seen := map[int]bool{}
	for _, e := range q {
		if seen[e.Voice] {
			t.Errorf("two exemplars of voice %d", e.Voice)
		}
		seen[e.Voice] = true
	}
	again := d.Exemplars(1, 3)
	if !slices.EqualFunc(q, again, func(a, b dataset.Quote) bool { return a.Span == b.Span && a.Source == b.Source }) {
		t.Error("exemplars are not deterministic")
	}
}

func TestPresenceByTurnAndByVoice(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	iso := slices.IndexFunc(d.Codes, func(c dataset.Code) bool { return c.Path == "belonging/isolation" })
	var rows, withIso int
	err := d.PresenceByTurn(func(r dataset.PresenceRow) error {
		rows++
		if d.Sources[r.Source].Turns[r.Turn].Moderator {
			t.Error("a moderator's turn is a unit")
		}
		if r.Codes[iso] {
			withIso++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 3 participant turns in fg01, 3 speaker turns in fg02.
	if rows != 6 || withIso != 2 {
		t.Errorf("rows = %d, with isolation = %d", rows, withIso)
	}
	var voices int
	d.PresenceByVoice(func(r dataset.PresenceRow) error {
		voices++
		if d.Voices[r.Voice].Label == "P4" && r.Codes[iso] {
			t.Error("P4 never spoke of isolation")
		}
		return nil
	})
	if voices != len(d.Voices) {
		t.Errorf("voice rows = %d", voices)
	}
}

func TestFormatMS(t *testing.T) {
	for ms, want := range map[int64]string{-1: "", 0: "0:00:00", 61000: "0:01:01", 3723000: "1:02:03"} {
		if got := dataset.FormatMS(ms); got != want {
			t.Errorf("FormatMS(%d) = %q, want %q", ms, got, want)
		}
	}
}
