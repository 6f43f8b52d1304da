package themes

import (
	"context"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// belonging is the unblinded fixture with a theme "belonging" of two
// codes, coded on P04's turn of fg01 by ben, and identically by carmen
// once, and by ben with the other code on words that overlap: one passage
// of three codings, one voice, one group of two. With balanced, P01 (fg01)
// and P07 (fg02, another group) are quoted too.
func belonging(tb testing.TB, balanced bool) *fixture.Project {
	tb.Helper()
	p := unblinded(tb)
	addTheme(tb, p, "belonging", "belonging/isolation", "belonging/feeling-part-of-the-team")
	ctx := store.WithActor(context.Background(), fixture.Coder)
	add := func(coder, source, code string, turn, length int) {
		tb.Helper()
		src, err := p.Study.Store().Source(ctx, source)
		if err != nil {
			tb.Fatal(err)
		}
		turns, err := p.Study.Store().Turns(ctx, src.ID)
		if err != nil {
			tb.Fatal(err)
		}
		t := turns[turn]
		if _, err := p.Study.Store().AddCoding(store.WithActor(ctx, coder), store.NewCoding{Source: source, Code: code, Start: t.Start, End: t.Start + length}); err != nil {
			tb.Fatal(err)
		}
	}
	add(fixture.OtherCoder, p.Source.ID, "belonging/feeling-part-of-the-team", 1, 57) // as ben did
	if err := p.Study.Store().LinkSpeaker(ctx, p.Source.ID, "P04", "Ana"); err != nil {
		tb.Fatal(err)
	}
	if balanced {
		add(fixture.OtherCoder, p.Source.ID, "belonging/isolation", 2, 20)
		add(fixture.Coder, "fg02", "belonging/feeling-part-of-the-team", 1, 10)
	}
	return p
}

// viewOf opens the theme view of a theme.
func viewOf(tb testing.TB, p *fixture.Project, path string, w, h int, mono bool) Model {
	tb.Helper()
	m := open(tb, p, pi, w, h, mono)
	return keys(tb, cursorOn(tb, m, path), "enter")
}

func TestTUIThemeViewGroupsQuotes(t *testing.T) {
	m := viewOf(t, belonging(t, true), "belonging", 100, 60, true)
	s := screen(m)
	for _, want := range []string{
		"Theme belonging · quotes by participant · all coders",
		"Codes: belonging/feeling-part-of-the-team (3), belonging/isolation (2)",
		// Ana's words: ben and carmen's identical codings and ben's
		// overlapping isolation are one passage; carmen's isolation on
		// P01's turn and ben's coding in fg02 are one each.
		"Rests on 3 passages (5 codings) from 3 participants in 2 groups",
		"Ana (P01) · Group 1 · 1 passage",
		// Speakers not linked to a participant are one voice per source.
		"P01 (fg01) · Group 1 · 1 passage",
		"P07 (fg02) · Group 2 · 1 passage",
		"fg01 · turn 2 · coded by 2 of 2 coders · feeling-part-of-the-team (2 coders) · isolation (ben)",
		"fg01 · turn 3 · coded by 1 of 2 coders · isolation (carmen)",
		// fg02 has one coder: nothing to count coders against.
		"fg02 · turn 2 · feeling-part-of-the-team (ben)",
		"For me it's whether people notice",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the view lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "⚠") {
		t.Errorf("a theme on three voices in two groups is flagged:\n%s", s)
	}

	m = keys(t, m, "g")
	s = screen(m)
	for _, want := range []string{"quotes by group", "Group 1 · 2 participants · 2 passages", "Group 2 · 1 participant · 1 passage", "fg02 · turn 2 · P07 (fg02)"} {
		if !strings.Contains(s, want) {
			t.Errorf("by group, the view lacks %q:\n%s", want, s)
		}
	}
	if m = keys(t, m, "esc"); m.viewing || !strings.Contains(screen(m), "codings passages needs") {
		t.Errorf("esc does not go back to the board:\n%s", screen(m))
	}
	// The board counts as the view does: 2 codes (on a narrow list, in the
	// pane beside), 5 codings, 3 passages.
	if s := screen(m); !regexp.MustCompile(`belonging\s+(2\s+)?5\s+3\s`).MatchString(s) || !strings.Contains(s, "2 codes · 5 codings") {
		t.Errorf("the board's row of belonging does not say 2 codes, 5 codings, 3 passages:\n%s", screen(m))
	}
}

func TestTUIThemeViewWarnsWhenOneVoice(t *testing.T) {
	m := viewOf(t, belonging(t, false), "belonging", 100, 40, true)
	s := screen(m)
	for _, want := range []string{
		"Rests on 1 passage (3 codings) from 1 participant in 1 group",
		"⚠ rests on one participant's words: Ana gives 1 of 1 passage",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the view lacks %q:\n%s", want, s)
		}
	}
}

func TestTUIThemeViewLayerAndScroll(t *testing.T) {
	p := belonging(t, true)
	ctx := store.WithActor(context.Background(), pi)
	if _, err := p.Study.Store().SeedConsensus(ctx, p.Source.ID, []string{fixture.Coder, fixture.OtherCoder}, 0); err != nil {
		t.Fatal(err)
	}
	m := viewOf(t, p, "belonging", 100, 12, true)
	m = keys(t, m, "l")
	s := screen(m)
	if !strings.Contains(s, "consensus layer") || !strings.Contains(s, "Rests on 1 passage (1 coding) from 1 participant") ||
		!strings.Contains(s, "feeling-part-of-the-team (consensus)") {
		t.Errorf("the consensus layer shows:\n%s", s)
	}
	m = keys(t, m, "l", "G")
	if m.view.offset == 0 || !strings.Contains(screen(m), "quotes 2–3 of 3") {
		t.Fatalf("G did not scroll to the bottom:\n%s", screen(m))
	}
	bottom := m.view.offset
	m = keys(t, m, "j")
	if m.view.offset != bottom {
		t.Errorf("j scrolled past the bottom")
	}
	m = keys(t, m, "pgup", "home")
	if m.view.offset != 0 {
		t.Errorf("home left the view at line %d", m.view.offset)
	}
	// ] steps to the next row, the codes in no theme, and wraps around.
	m = keys(t, m, "]")
	if !strings.Contains(screen(m), "Codes in no theme · quotes by participant") {
		t.Errorf("] did not step on:\n%s", screen(m))
	}
	m = keys(t, m, "]")
	if th, _ := m.current(); th.Path != "belonging" {
		t.Errorf("] did not wrap around to belonging: %q", th.Path)
	}
}

func TestTUIGoldenThemes(t *testing.T) {
	// The colour theme paints with fixed 256-colour indexes, so the output
	// is the same on every terminal with the ANSI256 profile.
	p := belonging(t, false)
	addTheme(t, p, "belonging/voice")
	ctx := store.WithActor(context.Background(), pi)
	def := "Feeling part of the team, or apart from it."
	if _, _, err := p.Study.Store().DescribeTheme(ctx, "belonging", store.ThemeDescription{Definition: &def,
		Summaries: map[string]string{"en": "Whether people feel they belong.", "es": "Si sienten que pertenecen."}}); err != nil {
		t.Fatal(err)
	}
	addTheme(t, p, "support", "support/mentorship")
	t.Run("board", func(t *testing.T) {
		m := keys(t, cursorOn(t, open(t, p, pi, 80, 24, false), "belonging"), "tab")
		golden.RequireEqual(t, m.View())
	})
	t.Run("theme view", func(t *testing.T) {
		golden.RequireEqual(t, viewOf(t, p, "belonging", 80, 24, false).View())
	})
}

func TestTUIThemesResizes(t *testing.T) {
	p := belonging(t, true)
	addTheme(t, p, "a very long theme name that will not fit anywhere/and a subtheme")
	for _, setup := range [][]string{nil, {"tab"}, {"a"}, {"e"}, {"enter"}, {"?"}, {"D"}, {"n"}} {
		m := keys(t, open(t, p, pi, 80, 24, false), setup...)
		for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {200, 3}, {30, 60}, {59, 10}, {80, 24}} {
			m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			view := m.View()
			if size[0] == 0 {
				if view != "" {
					t.Errorf("%v: drew %q", size, view)
				}
				continue
			}
			lines := strings.Split(view, "\n")
			if len(lines) != size[1] {
				t.Errorf("%v after %v: %d lines", size, setup, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w != size[0] {
					t.Errorf("%v after %v: a line is %d cells wide", size, setup, w)
					break
				}
			}
		}
	}
}

func TestWeighWarnsOnMoreThanHalf(t *testing.T) {
	q := func(voice, group string) quote { return quote{voice: voice, group: group} }
	for _, tc := range []struct {
		name          string
		quotes        []quote
		projectGroups int
		want          []string
	}{
		{"no quotes", nil, 2, nil},
		{"exactly half is not one voice", []quote{q("P1", "G1"), q("P1", "G2"), q("P2", "G1"), q("P3", "G2")}, 2, nil},
		{"more than half is", []quote{q("P1", "G1"), q("P1", "G2"), q("P1", "G1"), q("P2", "G1"), q("P3", "G2")}, 2,
			[]string{"rests mostly on one participant's words: P1 gives 3 of 5 passages"}},
		{"one voice", []quote{q("P1", "G1"), q("P1", "G1")}, 2,
			[]string{"rests on one participant's words: P1 gives 2 of 2 passages"}},
		{"two voices in one group of several", []quote{q("P1", "G1"), q("P2", "G1")}, 3,
			[]string{"rests on two participants' words: P1 and P2 give 2 of 2 passages", "was found in one group only: every passage is from G1 (of 3 groups)"}},
		{"one group of several", []quote{q("P1", "G1"), q("P2", "G1"), q("P3", "G1")}, 3,
			[]string{"was found in one group only: every passage is from G1 (of 3 groups)"}},
		{"the project's only group is not flagged", []quote{q("P1", "G1"), q("P2", "G1"), q("P3", "G1")}, 1, nil},
		{"text without a speaker", []quote{q(noSpeaker, "G1")}, 1, []string{"rests on text without a known speaker"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := weigh(tc.quotes).warnings(tc.projectGroups); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("warnings %q, want %q", got, tc.want)
			}
		})
	}
}
