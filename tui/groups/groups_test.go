package groups

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// fakeStudy holds two sources as Focal stores them.
type fakeStudy struct {
	sources []corpus.Source
	texts   map[string]string
	turns   map[string][]corpus.Turn
}

func (f fakeStudy) Sources(context.Context) ([]corpus.Source, error) { return f.sources, nil }
func (f fakeStudy) Turns(_ context.Context, id string) ([]corpus.Turn, error) {
	return f.turns[id], nil
}
func (f fakeStudy) SourceText(_ context.Context, id string) (string, error) { return f.texts[id], nil }

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
	m := New(context.Background(), fixture(), style.Theme{Mono: true})
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
