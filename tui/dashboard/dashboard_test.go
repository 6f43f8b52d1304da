package dashboard

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/compare"
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
	if _, err := p.Study.Store().AddCoder(ctx, pi, "pi"); err != nil {
		tb.Fatal(err)
	}
	turns, err := p.Study.Store().Turns(ctx, p.Source.ID)
	if err != nil {
		tb.Fatal(err)
	}
	add := func(coder, code string, start, end int) {
		tb.Helper()
		if _, err := p.Study.Store().AddCoding(store.WithActor(ctx, coder), store.NewCoding{Source: p.Source.ID, Code: code, Start: start, End: end}); err != nil {
			tb.Fatal(err)
		}
	}
	t2, t3 := turns[1], turns[2]
	add(fixture.OtherCoder, "belonging/feeling-part-of-the-team", t2.Start, t2.Start+57)
	add(fixture.OtherCoder, "belonging/isolation", t3.Start, t3.Start+40)
	add(fixture.Coder, "process/welcome", turns[0].Start, turns[0].End)
	add(fixture.OtherCoder, "process/welcome", turns[0].Start, turns[0].End)
	if !blind {
		if err := p.Study.Store().SetBlinding(store.WithActor(ctx, pi), false); err != nil {
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
	m := New(store.WithActor(context.Background(), pi), p.Study, style.Theme{Mono: mono}, pi)
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
	for _, want := range []string{"Cohen's kappa", "feeling-part-of-the-team", "ben–carmen", "█", "below", "threshold 0.80"} {
		if !strings.Contains(s, want) {
			t.Errorf("the dashboard lacks %q:\n%s", want, s)
		}
	}
	// By value: the exact agreement first, the undefined last.
	if m.Current() != "belonging/feeling-part-of-the-team" {
		t.Errorf("first code by value is %q", m.Current())
	}
	if !strings.Contains(s, "── threshold 0.80") {
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
	if got := m.Threshold(); got < 0.899 || got > 0.901 || !strings.Contains(screen(m), "threshold 0.90") {
		t.Errorf("threshold %v after ++", got)
	}
	m = keys(t, m, "-", "-", "-")
	if got := m.Threshold(); got < 0.749 || got > 0.751 {
		t.Errorf("threshold %v after ++---", got)
	}
	for range 30 {
		m = keys(t, m, "-")
	}
	if m.Threshold() != 0 || strings.Contains(screen(m), " below") {
		t.Errorf("threshold %v; at 0 nothing is below:\n%s", m.Threshold(), screen(m))
	}
	_, cmd := m.Update(keypress.Of("enter"))
	if msg, ok := cmd().(CompareMsg); !ok || msg.Code != "belonging/isolation" || msg.Source.Name != "fg01" {
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

func TestTUIGoldenDashboardUnitized(t *testing.T) {
	m := open(t, project(t, false), 80, 24, false)
	m = keys(t, m, "u")
	golden.RequireEqual(t, m.View())
}

func TestTUIDashboardNoColor(t *testing.T) {
	m := open(t, project(t, false), 80, 24, true)
	for mode := range modes {
		view := m.View()
		for _, sgr := range []string{"38;5;", "48;5;", "38;2;", "48;2;"} {
			if strings.Contains(view, sgr) {
				t.Fatalf("%v: NO_COLOR, yet the screen has colour %q", mode, sgr)
			}
		}
		// The numbers and the words carry the meaning.
		for _, want := range []string{"below", "1.00", "threshold"} {
			if mode == Overlap && want == "1.00" {
				want = "100.0%"
			}
			if !strings.Contains(view, want) {
				t.Errorf("%v: without colour %q is missing:\n%s", mode, want, ansi.Strip(view))
			}
		}
		if mode == Unitized && !strings.Contains(view, "! 1 place where a coder marked two codes") {
			t.Errorf("without colour the self-overlap warning is missing:\n%s", ansi.Strip(view))
		}
		m = keys(t, m, "u")
	}
}

func TestTUIDashboardResizes(t *testing.T) {
	m := open(t, project(t, false), 80, 24, false)
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {200, 3}, {30, 60}, {80, 24}} {
		m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m = keys(t, m, "j", "s", "o", "+", "u", "<")
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

// inputs builds, apart from the dashboard, what `focal agree
// --include-unfinished --coder ben --coder carmen` compares: every source,
// the codes with codings, ben and carmen.
func inputs(t *testing.T, p *fixture.Project) ([]agreement.Source, []string, []string) {
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
	sources, err := p.Study.Store().Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	coders := []string{fixture.Coder, fixture.OtherCoder}
	used := map[string]bool{}
	var out []agreement.Source
	for _, src := range sources {
		text, err := p.Study.Store().SourceText(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		turns, err := p.Study.Store().Turns(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		as := agreement.Source{Name: src.Name, Text: text, Codings: map[string][][]corpus.Span{}}
		for _, tu := range turns {
			as.Turns = append(as.Turns, agreement.Turn{Seq: tu.Seq, Speaker: tu.Speaker, Moderator: tu.Role == "moderator", Label: tu.LabelSpan, Utterance: tu.Utterance()})
		}
		spans, err := p.Study.Store().CodedSpans(ctx, src.ID, coders)
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range spans {
			path := pathOf[cs.CodeID]
			if as.Codings[path] == nil {
				as.Codings[path] = make([][]corpus.Span, len(coders))
			}
			i := slices.Index(coders, cs.Coder)
			as.Codings[path][i] = append(as.Codings[path][i], cs.Span)
			used[path] = true
		}
		out = append(out, as)
	}
	return out, slices.Sorted(maps.Keys(used)), coders
}

// twoDecimals and percentage write a value as the dashboard should.
func twoDecimals(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.2f", v.V)
}

func percentage(v agree.Value) string {
	if !v.Defined {
		return "undefined"
	}
	return fmt.Sprintf("%.1f%%", v.V*100)
}

// statusOf is the status line: the code under the cursor with its values.
func statusOf(m Model) string {
	lines := strings.Split(screen(m), "\n")
	return lines[len(lines)-2]
}

// eachCode sorts by name and calls fn with the status line of each code.
func eachCode(t *testing.T, m Model, codes []string, fn func(code, status string)) Model {
	t.Helper()
	if m.order != ByName {
		m = keys(t, m, "o")
	}
	for range codes {
		m = keys(t, m, "k")
	}
	for _, code := range codes {
		if m.Current() != code {
			t.Fatalf("by name the cursor is on %q, want %q", m.Current(), code)
		}
		fn(code, statusOf(m))
		m = keys(t, m, "j")
	}
	return m
}

// removeOwn removes the coder's codings of a code.
func removeOwn(t *testing.T, p *fixture.Project, coder, code string) {
	t.Helper()
	ctx := store.WithActor(t.Context(), coder)
	cs, err := p.Study.Store().Codings(ctx, store.CodingFilter{Viewer: coder, Source: p.Source.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Coder == coder && c.Code == code {
			if _, err := p.Study.Store().RemoveCoding(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestTUIDashboardUnitizedMode(t *testing.T) {
	for _, tc := range []struct {
		name string
		// apart changes the project: without ben's isolation coding no
		// coder marks two codes on the same text.
		apart    bool
		overlaps int
	}{
		{"a coder marked two codes at once", false, 1},
		{"no coder marked two codes at once", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := project(t, false)
			if tc.apart {
				removeOwn(t, p, fixture.Coder, "belonging/isolation")
			}
			sources, codes, coders := inputs(t, p)
			domain := agreement.Domain{Name: "every code used", Kind: "codes", Codes: codes}
			want, err := agreement.ComputeUnitized(sources, codes, []agreement.Domain{domain}, coders, agreement.ScopeParticipants)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(want.Domains[0].SelfOverlaps); n != tc.overlaps {
				t.Fatalf("the fixture has %d self-overlaps, want %d", n, tc.overlaps)
			}
			m := open(t, p, 400, 40, true)
			if _, ok := m.Unitized(); ok {
				t.Fatal("the unitizing alphas were computed before the mode was chosen")
			}
			// The mode computes in a command, not in Update.
			m2, cmd := m.Update(keypress.Of("u"))
			if _, ok := m2.Unitized(); ok || cmd == nil || !strings.Contains(screen(m2), "computing unitizing alphas") {
				t.Fatalf("u computed in Update, or said nothing:\n%s", screen(m2))
			}
			m = run(t, m2, cmd())
			got, ok := m.Unitized()
			if m.Mode() != Unitized || !ok {
				t.Fatalf("mode %v, computed %v", m.Mode(), ok)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the dashboard's report differs from agreement.ComputeUnitized's:\n got %+v\nwant %+v", got, want)
			}
			s := screen(m)
			d := want.Domains[0]
			head := fmt.Sprintf("every code used as one domain (%d codes) · u-alpha %s · |u-alpha %s · cu-alpha %s",
				len(codes), twoDecimals(d.U.Alpha), twoDecimals(d.Binary.Alpha), twoDecimals(d.CU.Alpha))
			if !strings.Contains(s, head) {
				t.Errorf("the header lacks %q:\n%s", head, s)
			}
			warned := strings.Contains(s, "1 place where a coder marked two codes on the same text")
			if warned != (tc.overlaps > 0) {
				t.Errorf("self-overlap warning shown %v, want %v:\n%s", warned, tc.overlaps > 0, s)
			}
			for _, o := range d.SelfOverlaps {
				place := fmt.Sprintf("%s turn %d (%s) · %s · %d–%d · %s", o.Source, o.Turn, o.Speaker, o.Coder, o.Start, o.End, strings.Join(o.Codes, " + "))
				if !strings.Contains(s, place) {
					t.Errorf("the place %q is not listed:\n%s", place, s)
				}
			}
			defined := 0
			eachCode(t, m, codes, func(code, status string) {
				i := slices.Index(codes, code)
				k, b := d.PerCode[i].KAlpha.Alpha, want.Codes[i].Binary.Alpha
				if k.Defined {
					defined++
				}
				for _, w := range []string{code + " · (k)u-alpha " + twoDecimals(k), "|u-alpha " + twoDecimals(b), "coverage " + percentage(d.PerCode[i].Coverage)} {
					if !strings.Contains(status, w) {
						t.Errorf("%s: the status line lacks %q: %s", code, w, status)
					}
				}
			})
			if tc.apart && defined == 0 {
				t.Errorf("without self-overlaps no (k)u-alpha is defined; the test shows nothing")
			}
		})
	}
}

// nearMiss is the project with ben's mentorship coding on 85% of the
// utterance carmen coded whole: the two segments match at an overlap
// share of 0.80, not at 0.90.
func nearMiss(t *testing.T) *fixture.Project {
	t.Helper()
	p := project(t, false)
	turns, err := p.Study.Store().Turns(t.Context(), p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	u := turns[6].Utterance()
	if _, err := p.Study.Store().AddCoding(store.WithActor(t.Context(), fixture.Coder), store.NewCoding{Source: p.Source.ID, Code: "support/mentorship",
		Start: u.Start, End: u.Start + u.Len()*85/100}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTUIDashboardOverlapMode(t *testing.T) {
	p := nearMiss(t)
	sources, codes, coders := inputs(t, p)
	at := func(share float64) agreement.OverlapReport {
		r, err := agreement.ComputeOverlap(sources, codes, coders, agreement.ScopeParticipants, share)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if reflect.DeepEqual(at(0.9).Pairs[0].PerCode, at(0.8).Pairs[0].PerCode) {
		t.Fatal("the fixture matches the same segments at 0.9 and 0.8; the test would show nothing")
	}
	m := open(t, p, 400, 40, true)
	m = keys(t, m, "u", "u")
	// check compares what the dashboard shows with the report computed
	// apart at the share.
	check := func(m Model, share float64) Model {
		t.Helper()
		want := at(share)
		got, ok := m.Overlap()
		if m.Mode() != Overlap || !ok || m.OverlapShare() != share {
			t.Fatalf("mode %v, computed %v, share %v; want segment overlap at %v", m.Mode(), ok, m.OverlapShare(), share)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("at %v the dashboard's report differs from agreement.ComputeOverlap's:\n got %+v\nwant %+v", share, got, want)
		}
		s := screen(m)
		pair := want.Pairs[0]
		for _, w := range []string{
			fmt.Sprintf("segment overlap ≥ %.0f%%", share*100),
			fmt.Sprintf("ben–carmen: %d of %d segments matched (%s) · kappa %s (Brennan–Prediger, chance 1/q over q = %d codes used)",
				pair.Total.MatchedA+pair.Total.MatchedB, pair.Total.SegmentsA+pair.Total.SegmentsB, percentage(pair.PercentAgreement), twoDecimals(pair.Kappa), pair.Codes),
		} {
			if !strings.Contains(s, w) {
				t.Errorf("at %v the screen lacks %q:\n%s", share, w, s)
			}
		}
		return eachCode(t, m, codes, func(code, status string) {
			c := pair.PerCode[slices.Index(codes, code)]
			for _, w := range []string{
				fmt.Sprintf("%s · ben–carmen %s", code, percentage(c.PercentAgreement)),
				fmt.Sprintf("(ben %d of %d segments matched, %d unmatched; carmen %d of %d, %d unmatched",
					c.MatchedA, c.SegmentsA, c.UnmatchedA, c.MatchedB, c.SegmentsB, c.UnmatchedB),
			} {
				if !strings.Contains(status, w) {
					t.Errorf("at %v the status line lacks %q: %s", share, w, status)
				}
			}
			row := fmt.Sprintf("ben–carmen %d/%d %d/%d", c.MatchedA, c.SegmentsA, c.MatchedB, c.SegmentsB)
			if !strings.Contains(screen(m), row) {
				t.Errorf("at %v no row %q", share, row)
			}
		})
	}
	m = check(m, 0.9)
	mentorship := func(m Model) string {
		m = keys(t, m, "o", "o")
		for range codes {
			m = keys(t, m, "k")
		}
		for m.Current() != "support/mentorship" {
			m = keys(t, m, "j")
		}
		return statusOf(m)
	}
	before := mentorship(m)
	m = keys(t, m, "<", "<")
	if !strings.Contains(screen(m), "overlaps it by 80% or more") {
		t.Errorf("< does not say the share:\n%s", screen(m))
	}
	m = check(m, 0.8)
	if after := mentorship(m); after == before {
		t.Errorf("lowering the share changed nothing: %s", after)
	}
	// Back to 0.9 uses what was computed; the share stops at 100%.
	m2, cmd := m.Update(keypress.Of(">"))
	m2, _ = m2.Update(keypress.Of(">"))
	if cmd != nil {
		t.Error("> to a share already computed computes again")
	}
	m = check(m2, 0.9)
	m = keys(t, m, ">", ">", ">")
	if m.OverlapShare() != 1 || !strings.Contains(screen(m), "already 100%") {
		t.Errorf("share %v after >>>:\n%s", m.OverlapShare(), screen(m))
	}
	// < and > outside the mode change nothing.
	m = keys(t, m, "u", "<")
	if m.Mode() != CodedText || m.OverlapShare() != 1 || !strings.Contains(screen(m), "u switches to it") {
		t.Errorf("< in the coded-text mode: mode %v share %v", m.Mode(), m.OverlapShare())
	}
}

func TestTUIDashboardModesKeepSortAndThreshold(t *testing.T) {
	m := open(t, project(t, false), 100, 30, true)
	m = keys(t, m, "u")
	if m.Current() != "belonging/feeling-part-of-the-team" || !strings.Contains(screen(m), "── threshold 0.80") {
		t.Errorf("unitizing mode: cursor on %q, no threshold line:\n%s", m.Current(), screen(m))
	}
	m = keys(t, m, "+")
	if !strings.Contains(screen(m), "threshold 0.85") || !strings.Contains(screen(m), " below") {
		t.Errorf("the threshold does not move in the unitizing mode:\n%s", screen(m))
	}
	m = keys(t, m, "u")
	if !strings.Contains(screen(m), "threshold 85%") || !strings.Contains(screen(m), "0.0% below") {
		t.Errorf("segment overlap does not mark percent agreement under the threshold:\n%s", screen(m))
	}
	m = keys(t, m, "j", "s")
	if m.Stat() != Kappa || !strings.Contains(screen(m), "s chooses the statistic of the coded-text mode") {
		t.Errorf("s outside the coded-text mode changed the statistic to %v", m.Stat())
	}
	code := m.Current()
	m = keys(t, m, "u")
	if m.Mode() != CodedText || m.Current() != code {
		t.Errorf("u back to coded text: mode %v, cursor %q, want %q", m.Mode(), m.Current(), code)
	}
	var helped []string
	for _, b := range m.KeyMap().FullHelp()[0] {
		helped = append(helped, b.Help().Key)
	}
	for _, k := range []string{"u", "<", ">"} {
		if !slices.Contains(helped, k) {
			t.Errorf("the help lacks %q: %v", k, helped)
		}
	}
}

func TestTUIDashboardIgnoresAnEarlierComputation(t *testing.T) {
	m := open(t, project(t, false), 100, 30, true)
	m, stale := m.Update(keypress.Of("u"))
	m = keys(t, m, "ctrl+l")
	m, _ = m.Update(stale())
	r, ok := m.Unitized()
	if !ok {
		t.Fatal("reading again did not compute the mode shown")
	}
	m, _ = m.Update(unitizedMsg{gen: m.gen - 1, report: agreement.UnitizedReport{Coders: []string{"stale"}}})
	if r2, _ := m.Unitized(); !reflect.DeepEqual(r, r2) {
		t.Errorf("a computation of earlier data replaced the current one")
	}
}

// firstOpenSource is, apart from the dashboard, where the compare view
// has an open disagreement on code first: each source in order, read as
// the compare view reads it.
func firstOpenSource(t *testing.T, p *fixture.Project, code string) string {
	t.Helper()
	ctx := store.WithActor(t.Context(), pi)
	sources, err := p.Study.Store().Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		d, err := compare.Load(ctx, p.Study, src, pi, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range d.Open {
			if pl.Code == code {
				return src.ID
			}
		}
	}
	return ""
}

// decide drops every open place of code in a source, as the team would in
// the compare view.
func decide(t *testing.T, p *fixture.Project, src store.Source, code string) {
	t.Helper()
	ctx := store.WithActor(t.Context(), pi)
	d, err := compare.Load(ctx, p.Study, src, pi, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range d.Open {
		if pl.Code == code {
			if _, err := p.Study.Store().ResolvePlace(ctx, store.Resolution{Source: src.ID, Code: code, Place: pl.Span(), Coders: d.Compared,
				Decision: store.DecisionDrop}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestTUIDashboardEnterFindsTheFirstOpenDisagreement(t *testing.T) {
	const isolation = "belonging/isolation"
	p := project(t, false)
	ctx := store.WithActor(t.Context(), pi)
	sources, err := p.Study.Store().Sources(ctx)
	if err != nil || len(sources) != 2 || sources[1].Name != "fg02" {
		t.Fatalf("sources %v (%v)", sources, err)
	}
	fg01, fg02 := sources[0], sources[1]
	// ben and carmen code isolation in fg02 too, over different stretches.
	turns, err := p.Study.Store().Turns(ctx, fg02.ID)
	if err != nil {
		t.Fatal(err)
	}
	u := turns[1].Utterance()
	for _, c := range []struct {
		coder string
		end   int
	}{{fixture.Coder, u.End}, {fixture.OtherCoder, u.End - 2}} {
		if _, err := p.Study.Store().AddCoding(store.WithActor(ctx, c.coder), store.NewCoding{Source: fg02.ID, Code: isolation, Start: u.Start, End: c.end}); err != nil {
			t.Fatal(err)
		}
	}
	m := open(t, p, 160, 30, true)
	m = keys(t, m, "o")
	for m.Current() != isolation {
		m = keys(t, m, "j")
	}
	enter := func(m Model) (Model, tea.Msg) {
		t.Helper()
		m, cmd := m.Update(keypress.Of("enter"))
		if cmd == nil {
			t.Fatal("enter on a code does nothing")
		}
		msg := cmd()
		if Owns(msg) {
			m = run(t, m, msg)
		}
		return m, msg
	}
	// Each case decides the places of one source after it.
	for _, tc := range []struct {
		name       string
		want, then store.Source
	}{
		{"open in both sources", fg01, fg01},
		{"decided in the first", fg02, fg02},
		{"decided in both", store.Source{}, store.Source{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if apart := firstOpenSource(t, p, isolation); apart != tc.want.ID {
				t.Fatalf("the compare view finds the first open place in %q, the test expects %q", apart, tc.want.ID)
			}
			var msg tea.Msg
			m, msg = enter(m)
			cm, ok := msg.(CompareMsg)
			if tc.want.ID == "" {
				if ok || !strings.Contains(screen(m), "no open disagreement on belonging/isolation in any source") {
					t.Errorf("with every place decided enter sent %#v:\n%s", msg, screen(m))
				}
				return
			}
			if !ok || cm.Code != isolation || cm.Source.ID != tc.want.ID || cm.Source.Name != tc.want.Name {
				t.Errorf("enter sent %#v, want the compare view of %s at %s", msg, tc.want.Name, isolation)
			}
		})
		if tc.then.ID != "" {
			decide(t, p, tc.then, isolation)
		}
	}
}
