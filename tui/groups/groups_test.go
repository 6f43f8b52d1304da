package groups

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// fakeStudy holds two sources as Focal stores them.
type fakeStudy struct {
	sources []corpus.Source
	texts   map[string]string
	turns   map[string][]corpus.Turn
	units   study.SaturationUnits
	asked   []study.Person
}

func (f fakeStudy) Sources(context.Context) ([]corpus.Source, error) { return f.sources, nil }
func (f fakeStudy) Turns(_ context.Context, id string) ([]corpus.Turn, error) {
	return f.turns[id], nil
}
func (f fakeStudy) SourceText(_ context.Context, id string) (string, error) { return f.texts[id], nil }
func (f *fakeStudy) SaturationUnitsOf(_ context.Context, p study.Person) (study.SaturationUnits, error) {
	f.asked = append(f.asked, p)
	return f.units, nil
}

// source lays out "Label: words" lines and their turns; a label "Mod" is
// the moderator, others are participants named by their label.
func (f *fakeStudy) source(id, group string, lines ...string) {
	var b strings.Builder
	var turns []corpus.Turn
	for i, l := range lines {
		label, words, _ := strings.Cut(l, ": ")
		start := len([]rune(b.String())) + len([]rune(label)) + 2
		b.WriteString(l + "\n")
		t := corpus.Turn{Seq: i + 1, Speaker: label, Start: start, End: start + len([]rune(words))}
		if label == "Mod" {
			t.Role = "moderator"
		} else {
			t.Participant = "P-" + label
		}
		turns = append(turns, t)
	}
	f.sources = append(f.sources, corpus.Source{ID: id, Name: id, Group: group})
	f.texts[id], f.turns[id] = b.String(), turns
}

func fixture() fakeStudy {
	f := fakeStudy{texts: map[string]string{}, turns: map[string][]corpus.Turn{}}
	// Ana 2 turns (3 + 4 = 7 words), Ben 1 turn (3), Cy 1 turn (1): 4
	// turns, 11 words. Gini of words 7, 3, 1: 24 / (2 × 3 × 11) = 0.36;
	// of turns 2, 1, 1: 4 / (2 × 3 × 4) = 0.17.
	f.source("s1", "North", "Mod: Welcome everyone.", "Ana: I felt alone.", "Ben: Me too, often.", "Ana: Every single night, really.", "Mod: Thanks.", "Cy: Yes.")
	f.source("s2", "", "Mod: Hello.", "Dee: Hi there.")
	return f
}

func TestGroupViewShowsSharesGiniAndTransitions(t *testing.T) {
	f := fixture()
	m := New(context.Background(), &f, study.As("amara"), style.Theme{Mono: true})
	m.SetSize(100, 30)
	m, _ = m.Update(m.Init()())
	if len(m.Groups()) != 2 || m.Groups()[0].Name != "North" || m.Groups()[1].Name != "s2" {
		t.Fatalf("groups = %+v", m.Groups())
	}
	g := m.Groups()[0]
	if g.Words != 11 || g.Turns != 4 || g.Participants[0].Voice != "P-Ana" || g.Participants[0].Words != 7 {
		t.Errorf("North = %+v", g)
	}
	view := ansi.Strip(m.View())
	for _, want := range []string{"North (1 of 2)", "3 participants, 4 turns, 11 words · Gini of words 0.36, of turns 0.17",
		"P-Ana", "63.6 %", "moderator Mod: 2 turns (33.3 % of all)", "Who spoke after whom"} {
		if !strings.Contains(view, want) {
			t.Errorf("the view lacks %q:\n%s", want, view)
		}
	}
	// A source without a group is a group of its own; one participant has
	// no Gini.
	m, _ = m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "s2 (2 of 2)") || !strings.Contains(view, "fewer than two participants spoke") {
		t.Errorf("the second group:\n%s", view)
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if cmd == nil {
		t.Fatal("esc did nothing")
	}
	if _, ok := cmd().(CloseMsg); !ok {
		t.Error("esc did not ask to close")
	}
	for _, size := range [][2]int{{0, 0}, {1, 1}, {20, 4}} {
		m.SetSize(size[0], size[1])
		for i, l := range strings.Split(m.View(), "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%v: line %d is %d wide", size, i, w)
			}
		}
	}
}

// Issue 20: s turns the group view to thematic saturation over the groups
// in import order, with the paper's default parameters (base 4, runs of 2,
// ≤5 %). Worked by hand: the base (groups 1–4) holds a, b, c, d, e: 5
// codes, so 5 % allows 0 new codes; run 5–6 adds f (1 of 5, 20 %, over);
// run 6–7 adds nothing (0 %): saturation reached at 5 groups, confirmed
// by groups 6–7.
func TestSaturationPage(t *testing.T) {
	f := fixture()
	f.units = study.SaturationUnits{Layer: "all coders' codings", Units: []analysis.SaturationUnit{
		{Name: "G1", Codes: []string{"a", "b", "c", "a"}}, {Name: "G2", Codes: []string{"b", "d"}},
		{Name: "G3", Codes: []string{"e"}}, {Name: "G4", Codes: []string{"a"}},
		{Name: "G5", Codes: []string{"f"}}, {Name: "G6", Codes: []string{"a"}}, {Name: "G7", Codes: []string{"b"}},
	}}
	m := New(context.Background(), &f, study.As("amara"), style.Theme{Mono: true})
	m.SetSize(120, 40)
	m, _ = m.Update(m.Init()())
	if len(f.asked) != 1 || f.asked[0].Name != "amara" {
		t.Errorf("the units were asked for %+v, want amara once", f.asked)
	}
	if m.OnSaturation() || !strings.Contains(ansi.Strip(m.View()), "how they talked") {
		t.Fatal("the view does not open on the talk page")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if !m.OnSaturation() {
		t.Fatal("s did not turn to the saturation page")
	}
	s := m.Saturation().Result
	if s.BaseCodes != 5 || !s.Reached || s.Point != 5 || s.Confirming.First != 6 || s.Confirming.Last != 7 || len(s.Runs) != 2 {
		t.Errorf("saturation = %+v; want base 5 codes, reached at 5, confirmed by 6–7 after 2 runs", s)
	}
	view := ansi.Strip(m.View())
	// Each group's row: position, name, codes, new, cumulative (then the
	// bar of new codes, and the base's mark).
	rows := map[string]string{
		"G1": "1 G1 3 3 3", "G2": "2 G2 2 1 4", "G3": "3 G3 1 1 5", "G4": "4 G4 1 0 5 ← base",
		"G5": "5 G5 1 1 6", "G6": "6 G6 1 0 6", "G7": "7 G7 1 0 6",
	}
	for name, want := range rows {
		found := false
		for _, l := range strings.Split(view, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[1] == name {
				found = strings.Join(slices.DeleteFunc(f, func(s string) bool { return strings.HasPrefix(s, "█") }), " ") == want
			}
		}
		if !found {
			t.Errorf("the row of %s is not %q:\n%s", name, want, view)
		}
	}
	for _, want := range []string{"thematic saturation (Guest, Namey & Chen 2020)",
		"base 4, run 2, threshold ≤5 %, rolling runs · 7 focus groups in import order", "codings: all coders' codings",
		"base: focus groups 1–4, 5 codes",
		" 5–6               1     20 %  over the threshold",
		" 6–7               0      0 %  at or under the threshold: saturation",
		"saturation: reached at 5 focus groups (confirmed by focus groups 6–7)",
		"For the methods section:", "Guest, Namey and Chen (2020; base size 4"} {
		if !strings.Contains(view, want) {
			t.Errorf("the saturation page lacks %q:\n%s", want, view)
		}
	}
	// j does not move between groups here; s goes back to the talk page.
	m, _ = m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	if m.Current() != 0 {
		t.Error("j moved to another group on the saturation page")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if m.OnSaturation() || !strings.Contains(ansi.Strip(m.View()), "North (1 of 2)") {
		t.Errorf("s did not go back to the talk page:\n%s", ansi.Strip(m.View()))
	}
	// Too few groups: how many are missing.
	f.units.Units = f.units.Units[:3]
	m, _ = m.Update(m.Init()())
	m, _ = m.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "there are 3: 3 short") {
		t.Errorf("with 3 groups the page does not say how far off:\n%s", view)
	}
	for _, size := range [][2]int{{1, 1}, {20, 6}, {60, 12}} {
		m.SetSize(size[0], size[1])
		for i, l := range strings.Split(m.View(), "\n") {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%v: line %d is %d wide", size, i, w)
			}
		}
	}
}
