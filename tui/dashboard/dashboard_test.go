package dashboard

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

const pi = "amara"

// project is the small fixture with blinding off and more codings by
// carmen: one code agreed exactly, one in part, one only she used, one
// coded only on the moderator's turn (undefined within participants).
func project(tb testing.TB, blind bool) *fixture.Project {
	tb.Helper()
	p := fixture.Small(tb)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Store.AddCoder(ctx, pi, "pi"); err != nil {
		tb.Fatal(err)
	}
	turns, err := p.Store.Turns(ctx, p.Source.ID)
	if err != nil {
		tb.Fatal(err)
	}
	add := func(coder, code string, start, end int) {
		tb.Helper()
		if _, err := p.Store.AddCoding(store.WithActor(ctx, coder), store.NewCoding{Source: p.Source.ID, Code: code, Start: start, End: end}); err != nil {
			tb.Fatal(err)
		}
	}
	t2, t3 := turns[1], turns[2]
	add(fixture.OtherCoder, "belonging/feeling-part-of-the-team", t2.Start, t2.Start+57)
	add(fixture.OtherCoder, "belonging/isolation", t3.Start, t3.Start+40)
	add(fixture.Coder, "process/welcome", turns[0].Start, turns[0].End)
	add(fixture.OtherCoder, "process/welcome", turns[0].Start, turns[0].End)
	if !blind {
		if err := p.Store.SetBlinding(store.WithActor(ctx, pi), false); err != nil {
			tb.Fatal(err)
		}
	}
	return p
}

func run(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	m, cmd := m.Update(msg)
	if cmd != nil {
		if next := cmd(); next != nil {
			if Owns(next) {
				m = run(tb, m, next)
			}
		}
	}
	return m
}

func keys(tb testing.TB, m Model, names ...string) Model {
	tb.Helper()
	for _, n := range names {
		m = run(tb, m, keypress.Of(n))
	}
	return m
}

func open(tb testing.TB, p *fixture.Project, w, h int, mono bool) Model {
	tb.Helper()
	m := New(store.WithActor(context.Background(), pi), p.Store, style.Theme{Mono: mono}, pi)
	m = run(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	return run(tb, m, m.Init()())
}

func screen(m Model) string { return ansi.Strip(m.View()) }

func TestTUIDashboardComputesPerCode(t *testing.T) {
	m := open(t, project(t, false), 100, 30, true)
	d := m.Data()
	if strings.Join(d.Coders, ",") != "ben,carmen" || len(d.Report.PerCode) != 4 {
		t.Fatalf("coders %v, %d codes", d.Coders, len(d.Report.PerCode))
	}
	s := screen(m)
	for _, want := range []string{"Cohen's kappa", "feeling-part-of-the-team", "ben–carmen", "█", "below", "threshold 0.70"} {
		if !strings.Contains(s, want) {
			t.Errorf("the dashboard lacks %q:\n%s", want, s)
		}
	}
	// By value: the exact agreement first, the undefined last.
	if m.Current() != "belonging/feeling-part-of-the-team" {
		t.Errorf("first code by value is %q", m.Current())
	}
	if !strings.Contains(s, "── threshold 0.70") {
		t.Errorf("no threshold line:\n%s", s)
	}
}

func TestTUIDashboardKeys(t *testing.T) {
	m := open(t, project(t, false), 100, 30, true)
	m = keys(t, m, "s")
	if m.Stat() != Alpha || !strings.Contains(screen(m), "all coders") {
		t.Errorf("s did not switch to alpha:\n%s", screen(m))
	}
	m = keys(t, m, "s")
	if m.Stat() != Percent || !strings.Contains(screen(m), "%") {
		t.Errorf("s did not switch to percent agreement:\n%s", screen(m))
	}
	m = keys(t, m, "s")
	if m.Stat() != Kappa {
		t.Errorf("s does not cycle back to kappa")
	}
	m = keys(t, m, "o")
	if m.Current() != "belonging/feeling-part-of-the-team" || !strings.Contains(screen(m), "by name") {
		t.Errorf("o lost the cursor's code: %q", m.Current())
	}
	m = keys(t, m, "g", "k", "k")
	if m.Current() != "belonging/feeling-part-of-the-team" {
		t.Errorf("by name the first code is %q", m.Current())
	}
	m = keys(t, m, "j")
	if m.Current() != "belonging/isolation" {
		t.Errorf("j moved to %q", m.Current())
	}
	m = keys(t, m, "+", "+")
	if got := m.Threshold(); got < 0.799 || got > 0.801 || !strings.Contains(screen(m), "threshold 0.80") {
		t.Errorf("threshold %v after ++", got)
	}
	m = keys(t, m, "-", "-", "-")
	if got := m.Threshold(); got < 0.649 || got > 0.651 {
		t.Errorf("threshold %v after ++---", got)
	}
	for range 30 {
		m = keys(t, m, "-")
	}
	if m.Threshold() != 0 || strings.Contains(screen(m), " below") {
		t.Errorf("threshold %v; at 0 nothing is below:\n%s", m.Threshold(), screen(m))
	}
	_, cmd := m.Update(keypress.Of("enter"))
	if msg, ok := cmd().(CompareMsg); !ok || msg.Code != "belonging/isolation" {
		t.Errorf("enter asked %#v", cmd())
	}
	_, cmd = m.Update(keypress.Of("q"))
	if _, ok := cmd().(CloseMsg); !ok {
		t.Error("q does not close")
	}
}

func TestTUIDashboardRefusesUnderBlinding(t *testing.T) {
	m := open(t, project(t, true), 80, 24, true)
	if !strings.Contains(screen(m), "blind coding is on") || m.Data().Report.PerCode != nil {
		t.Errorf("the dashboard did not refuse under blinding:\n%s", screen(m))
	}
}

func TestTUIGoldenDashboard(t *testing.T) {
	// The colour theme paints with fixed 256-colour indexes, so the output
	// is the same on every terminal with the ANSI256 profile.
	m := open(t, project(t, false), 80, 24, false)
	golden.RequireEqual(t, m.View())
}

func TestTUIDashboardNoColor(t *testing.T) {
	m := open(t, project(t, false), 80, 24, true)
	view := m.View()
	for _, sgr := range []string{"38;5;", "48;5;", "38;2;", "48;2;"} {
		if strings.Contains(view, sgr) {
			t.Fatalf("NO_COLOR, yet the screen has colour %q", sgr)
		}
	}
	if !strings.Contains(view, "below") {
		t.Errorf("without colour the marks are missing:\n%s", ansi.Strip(view))
	}
}

func TestTUIDashboardResizes(t *testing.T) {
	m := open(t, project(t, false), 80, 24, false)
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {200, 3}, {30, 60}, {80, 24}} {
		m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m = keys(t, m, "j", "s", "o", "+")
		view := m.View()
		if size[0] == 0 {
			if view != "" {
				t.Errorf("%v: drew %q", size, view)
			}
			continue
		}
		lines := strings.Split(view, "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w != size[0] {
				t.Errorf("%v: a line is %d cells wide", size, w)
				break
			}
		}
	}
}

func TestTUIDashboardShowsUndefinedInWords(t *testing.T) {
	m := open(t, project(t, false), 80, 24, true)
	d := m.Data()
	d.Report.PerCode[0].Pairs[0].CohenKappa = agree.Value{Reason: "no variation: neither coder used the code"}
	m = run(t, m, loadedMsg{gen: m.gen, data: d})
	s := screen(m)
	if !strings.Contains(s, "undefined") {
		t.Errorf("an undefined kappa is not written out:\n%s", s)
	}
	// The undefined code sorts last, after the threshold line.
	lines := strings.Split(s, "\n")
	var at, line int
	for i, l := range lines {
		if strings.Contains(l, "undefined") {
			at = i
		}
		if strings.Contains(l, "── threshold") {
			line = i
		}
	}
	if at < line {
		t.Errorf("undefined above the threshold line:\n%s", s)
	}
}
