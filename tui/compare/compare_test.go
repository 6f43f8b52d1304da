package compare

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
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
	if _, err := p.Study.Store().AddCoder(ctx, pi, "pi"); err != nil {
		tb.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, pi), false); err != nil {
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
	m := New(ctx, p.Study, style.Theme{Mono: mono}, p.Source, pi, nil)
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
	cons, err := p.Study.Store().ConsensusCodings(t.Context(), p.Source.ID)
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
	cons, _ = p.Study.Store().ConsensusCodings(t.Context(), p.Source.ID)
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
	turns, _ := p.Study.Store().Turns(ctx, p.Source.ID)
	// carmen codes exactly what ben coded as feeling-part-of-the-team.
	if _, err := p.Study.Store().AddCoding(ctx, store.NewCoding{Source: p.Source.ID, Code: "belonging/feeling-part-of-the-team", Start: turns[1].Start, End: turns[1].Start + 57}); err != nil {
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
	if _, err := p.Study.Store().AddCoding(ctx, store.NewCoding{Source: p.Source.ID, Code: "belonging/feeling-part-of-the-team", Start: turns[1].Start, End: turns[1].Start + 20}); err != nil {
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
	m := New(store.WithActor(context.Background(), fixture.Coder), p.Study, style.Theme{Mono: true}, p.Source, fixture.Coder, nil)
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

// firstPlace is, apart from the view, the first place where ben and
// carmen differ on code in the fixture's source: agreement.Disagreements
// over all the text by character, as `focal disagreements` lists them.
func firstPlace(t *testing.T, p *fixture.Project, code string) (agreement.Disagreement, int) {
	t.Helper()
	ctx := store.WithActor(t.Context(), pi)
	book, err := p.Study.Store().CurrentCodebook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pathOf := map[string]string{}
	for _, c := range book.Codes {
		pathOf[c.ID] = c.Path
	}
	text, err := p.Study.Store().SourceText(ctx, p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	turns, err := p.Study.Store().Turns(ctx, p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	coders := []string{fixture.Coder, fixture.OtherCoder}
	spans, err := p.Study.Store().CodedSpans(ctx, p.Source.ID, coders)
	if err != nil {
		t.Fatal(err)
	}
	src := agreement.Source{Name: p.Source.Name, Text: text, Codings: map[string][][]corpus.Span{code: make([][]corpus.Span, 2)}}
	for _, tu := range turns {
		src.Turns = append(src.Turns, agreement.Turn{Seq: tu.Seq, Speaker: tu.Speaker, Moderator: tu.Role == "moderator", Label: tu.LabelSpan, Utterance: tu.Utterance()})
	}
	for _, cs := range spans {
		if pathOf[cs.CodeID] == code {
			i := slices.Index(coders, cs.Coder)
			src.Codings[code][i] = append(src.Codings[code][i], cs.Span)
		}
	}
	places, err := agreement.Disagreements([]agreement.Source{src}, []string{code}, coders, agreement.Options{Unit: agreement.UnitChar, Scope: agreement.ScopeAll})
	if err != nil {
		t.Fatal(err)
	}
	if len(places) == 0 {
		return agreement.Disagreement{}, 0
	}
	return places[0], len(places)
}

func TestFocusCodeLandsOnTheCodesFirstOpenPlace(t *testing.T) {
	const isolation, feeling = "belonging/isolation", "belonging/feeling-part-of-the-team"
	// project gives isolation a second open place, carmen's alone after
	// ben's, so that the fixture's open places are feeling (ben's alone),
	// isolation twice and mentorship; with agreed, carmen codes feeling as
	// ben did, so that feeling has none open.
	project := func(t *testing.T, agreed bool) *fixture.Project {
		p := unblinded(t)
		ctx := store.WithActor(t.Context(), fixture.OtherCoder)
		turns, err := p.Study.Store().Turns(ctx, p.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		add := []store.NewCoding{{Source: p.Source.ID, Code: isolation, Start: turns[4].Start, End: turns[4].Start + 30}}
		if agreed {
			add = append(add, store.NewCoding{Source: p.Source.ID, Code: feeling, Start: turns[1].Start, End: turns[1].Start + 57})
		}
		for _, c := range add {
			if _, err := p.Study.Store().AddCoding(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	for _, tc := range []struct {
		name      string
		code      string
		agreed    bool
		afterLoad bool
		want      string
	}{
		{"before the source is read", isolation, false, false, "first of 2 open disagreements on belonging/isolation in fg01"},
		{"after the source is read", isolation, false, true, "first of 2 open disagreements on belonging/isolation in fg01"},
		{"the only one of its code", "support/mentorship", false, false, "the one open disagreement on support/mentorship in fg01"},
		{"a code the coders agree on", feeling, true, false, "no open disagreement on belonging/feeling-part-of-the-team in fg01; ] steps through the 3 open on other codes"},
		{"a code nobody used", "support/none", false, true, "no open disagreement on support/none in fg01; ] steps through the 4 open on other codes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := project(t, tc.agreed)
			ctx := store.WithActor(t.Context(), pi)
			m := New(ctx, p.Study, style.Theme{Mono: true}, p.Source, pi, nil)
			m = run(t, m, tea.WindowSizeMsg{Width: 160, Height: 30})
			if !tc.afterLoad {
				m.FocusCode(tc.code)
			}
			m = runCmd(t, m, m.Init())
			if tc.afterLoad {
				m.FocusCode(tc.code)
			}
			if s := ansi.Strip(m.View()); !strings.Contains(s, tc.want) {
				t.Errorf("the view does not say %q:\n%s", tc.want, s)
			}
			want, n := firstPlace(t, p, tc.code)
			got, ok := m.Current()
			if n == 0 {
				// Nothing to land on: the view stays at its first open place.
				if first := m.Data().Open[0]; !ok || got.Code != first.Code || got.Start != first.Start {
					t.Errorf("on %v, want the first open place %v", got.Span(), first.Span())
				}
			} else if !ok || got.Code != tc.code || got.Start != want.Start || got.End != want.End || m.text.Cursor() != want.Start {
				t.Errorf("on %s %d–%d, cursor %d; want %s %d–%d", got.Code, got.Start, got.End, m.text.Cursor(), tc.code, want.Start, want.End)
			}
			// ] and [ still step through every open place.
			before, _ := m.Current()
			m = keys(t, m, "]")
			if after, _ := m.Current(); after.Start == before.Start && after.Code == before.Code {
				t.Errorf("] stayed on %s %d–%d", after.Code, after.Start, after.End)
			}
			m = keys(t, m, "[")
			if back, _ := m.Current(); back.Start != before.Start || back.Code != before.Code {
				t.Errorf("[ went to %s %d–%d, want back to %s %d–%d", back.Code, back.Start, back.End, before.Code, before.Start, before.End)
			}
		})
	}
}

func TestFocusCodeAppliesOnce(t *testing.T) {
	p := unblinded(t)
	m := New(store.WithActor(t.Context(), pi), p.Study, style.Theme{Mono: true}, p.Source, pi, nil)
	m = run(t, m, tea.WindowSizeMsg{Width: 160, Height: 30})
	m.FocusCode("belonging/isolation")
	m = runCmd(t, m, m.Init())
	m = keys(t, m, "]")
	moved, _ := m.Current()
	// Reading the source again keeps the place the user stepped to.
	m = keys(t, m, "ctrl+l")
	if now, _ := m.Current(); now.Code != moved.Code || now.Start != moved.Start {
		t.Errorf("after re-reading on %s %d–%d, want %s %d–%d", now.Code, now.Start, now.End, moved.Code, moved.Start, moved.End)
	}
}
