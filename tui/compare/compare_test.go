package compare

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

// pi decides in these tests: a PI switches blinding off first.
const pi = "amara"

// unblinded is the small fixture with a PI and blinding off.
func unblinded(tb testing.TB) *fixture.Project {
	tb.Helper()
	p := fixture.Small(tb)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Store.AddCoder(ctx, pi, "pi"); err != nil {
		tb.Fatal(err)
	}
	if err := p.Store.SetBlinding(store.WithActor(ctx, pi), false); err != nil {
		tb.Fatal(err)
	}
	return p
}

// run applies a message and the commands it returns, as the program would.
func run(tb testing.TB, m Model, msg tea.Msg) Model {
	tb.Helper()
	m, cmd := m.Update(msg)
	return runCmd(tb, m, cmd)
}

func runCmd(tb testing.TB, m Model, cmd tea.Cmd) Model {
	tb.Helper()
	if cmd == nil {
		return m
	}
	switch msg := cmd().(type) {
	case nil, CloseMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			m = runCmd(tb, m, c)
		}
	default:
		m = run(tb, m, msg)
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
	ctx := store.WithActor(context.Background(), pi)
	m := New(ctx, p.Store, style.Theme{Mono: mono}, p.Source, pi, nil)
	m = run(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	return runCmd(tb, m, m.Init())
}

func TestStepAndResolveEveryPlaceThenComplete(t *testing.T) {
	p := unblinded(t)
	m := open(t, p, 100, 30, true)
	d := m.Data()
	if strings.Join(d.Compared, ",") != "ben,carmen" || len(d.Open) != 3 {
		t.Fatalf("compared %v, %d open; want ben,carmen and 3 places", d.Compared, len(d.Open))
	}
	first, _ := m.Current()
	m = keys(t, m, "]")
	if second, _ := m.Current(); second.Start == first.Start && second.Code == first.Code {
		t.Fatalf("] stayed on %v", first)
	}
	m = keys(t, m, "[")
	if again, _ := m.Current(); again.Code != first.Code {
		t.Fatalf("[ went to %s, want %s", again.Code, first.Code)
	}
	// D is refused while places are open.
	m = keys(t, m, "D")
	if !strings.Contains(ansi.Strip(m.View()), "open disagreements left") {
		t.Fatalf("D with open places:\n%s", ansi.Strip(m.View()))
	}
	// The first place is ben's only: take A (ben).
	m = keys(t, m, "a")
	if n := len(m.Data().Open); n != 2 {
		t.Fatalf("after a: %d open, want 2\n%s", n, ansi.Strip(m.View()))
	}
	cons, err := p.Store.ConsensusCodings(t.Context(), p.Source.ID)
	if err != nil || len(cons) != 1 || cons[0].Method != store.DecisionTake || cons[0].Code != first.Code || cons[0].DecidedBy != pi {
		t.Fatalf("consensus %+v (%v), want one taken %s by %s", cons, err, first.Code, pi)
	}
	m = keys(t, m, "x")
	if n := len(m.Data().Open); n != 1 {
		t.Fatalf("after x: %d open, want 1", n)
	}
	// Adjust the boundaries: select the place, shrink it by a word, set it.
	last, _ := m.Current()
	m = keys(t, m, "e", "B", "enter")
	if n := len(m.Data().Open); n != 0 {
		t.Fatalf("after a span: %d open, want 0\n%s", n, ansi.Strip(m.View()))
	}
	cons, _ = p.Store.ConsensusCodings(t.Context(), p.Source.ID)
	var span *store.ConsensusCoding
	for i := range cons {
		if cons[i].Method == store.DecisionSpan {
			span = &cons[i]
		}
	}
	if span == nil || span.Start != last.Start || span.End >= last.End {
		t.Fatalf("span decision %+v, want inside %d–%d", span, last.Start, last.End)
	}
	m = keys(t, m, "D")
	if st := m.Data().State; st.Status != store.ConsensusComplete {
		t.Fatalf("status %s after D, want complete", st.Status)
	}
	if !strings.Contains(ansi.Strip(m.View()), "consensus complete") {
		t.Errorf("the title does not say complete:\n%s", ansi.Strip(m.View()))
	}
}

func TestSeedAndProvenanceAndStale(t *testing.T) {
	p := unblinded(t)
	ctx := store.WithActor(t.Context(), fixture.OtherCoder)
	turns, _ := p.Store.Turns(ctx, p.Source.ID)
	// carmen codes exactly what ben coded as feeling-part-of-the-team.
	if _, err := p.Store.AddCoding(ctx, store.NewCoding{Source: p.Source.ID, Code: "belonging/feeling-part-of-the-team", Start: turns[1].Start, End: turns[1].Start + 57}); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 200, 30, true)
	if n := len(m.Data().Open); n != 2 {
		t.Fatalf("%d open, want 2", n)
	}
	m = keys(t, m, "%", "S")
	if st := m.Data().State; st.Codings != 1 || st.Status != store.ConsensusPartial {
		t.Fatalf("after seeding %+v, want one coding, partial", st)
	}
	// A later edit by a coder marks the consensus coding stale.
	if _, err := p.Store.AddCoding(ctx, store.NewCoding{Source: p.Source.ID, Code: "belonging/feeling-part-of-the-team", Start: turns[1].Start, End: turns[1].Start + 20}); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+l")
	m.text.SetCursor(turns[1].Start + 2)
	screen := ansi.Strip(m.View())
	for _, want := range []string{"seeded-identical from ben+carmen by amara", "! stale", "1 stale"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
}

func TestBlindingOnRefuses(t *testing.T) {
	p := fixture.Small(t)
	m := New(store.WithActor(context.Background(), fixture.Coder), p.Store, style.Theme{Mono: true}, p.Source, fixture.Coder, nil)
	m = run(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = runCmd(t, m, m.Init())
	if !strings.Contains(ansi.Strip(m.View()), "blind coding is on") {
		t.Errorf("no refusal:\n%s", ansi.Strip(m.View()))
	}
}

func TestViewFitsEverySizeAndResize(t *testing.T) {
	p := unblinded(t)
	m := open(t, p, 80, 24, true)
	for _, size := range [][2]int{{80, 24}, {120, 40}, {40, 12}, {20, 5}, {1, 1}, {0, 0}, {80, 24}} {
		m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		view := m.View()
		if size[0] == 0 {
			continue
		}
		lines := strings.Split(view, "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w != size[0] {
				t.Errorf("%v: line %q is %d wide", size, ansi.Strip(l), w)
			}
		}
	}
	m = keys(t, m, "?")
	if !strings.Contains(ansi.Strip(m.View()), "take the first coder") {
		t.Errorf("help lacks the keys:\n%s", ansi.Strip(m.View()))
	}
}

func TestNoColorDrawsNoColours(t *testing.T) {
	p := unblinded(t)
	m := open(t, p, 80, 24, true)
	if v := m.View(); strings.Contains(v, "38;5") || strings.Contains(v, "48;5") {
		t.Errorf("mono view has colours: %q", v)
	}
}

func TestGoldenCompareView(t *testing.T) {
	p := unblinded(t)
	m := open(t, p, 80, 24, true)
	golden.RequireEqual(t, ansi.Strip(m.View()))
}
