package kwic

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/codepicker"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

// settle runs a command and gives its messages back to the model until
// nothing is left; it returns the first message the model does not own.
func settle(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Msg) {
	t.Helper()
	for cmd != nil {
		msg := cmd()
		if !Owns(msg) {
			return m, msg
		}
		m, cmd = m.Update(msg)
	}
	return m, nil
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func open(t *testing.T, p *fixture.Project, pattern string, here corpus.Source) Model {
	t.Helper()
	m := New(context.Background(), p.Study, style.Theme{Mono: true}, fixture.Coder, here, pattern)
	m.SetSize(100, 20)
	m, _ = settle(t, m, m.Init())
	return m
}

func TestSearchListsHitsInContextAndCodesThemAsOneAction(t *testing.T) {
	p := fixture.Small(t)
	ctx := context.Background()
	m := open(t, p, "test", corpus.Source{})
	v := plain(m)
	if !strings.Contains(v, "Search · all sources · “test”") || !strings.Contains(v, "1/2 hits in 1 sources") ||
		!strings.Contains(v, "That's my test.") || !strings.Contains(v, "That's a good test.") {
		t.Fatalf("view:\n%s", v)
	}
	before, err := p.Study.Codings(ctx, study.As(fixture.Coder), study.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = m.Update(press("a"))
	m, _ = m.Update(press("w"))
	m, cmd := m.Update(press("c"))
	m, _ = settle(t, m, cmd)
	if m.mode != picking || !strings.Contains(plain(m), "Code 2 hits (the sentence of each hit) with…") {
		t.Fatalf("c did not open the picker for 2 hits:\n%s", plain(m))
	}
	m, cmd = m.Update(childMsg{codepicker.PickedMsg{Code: codepicker.Code{Path: "support/mentorship"}}})
	m, asked := settle(t, m, cmd)
	coded, ok := asked.(CodedMsg)
	if !ok || !strings.Contains(coded.Label, "coded 2 hits with support/mentorship: 2 new") {
		t.Fatalf("after picking: %#v\n%s", asked, plain(m))
	}
	after, _ := p.Study.Codings(ctx, study.As(fixture.Coder), study.CodingFilter{Code: "support/mentorship"})
	var texts []string
	for _, c := range after {
		texts = append(texts, c.Text)
	}
	if strings.Join(texts, " | ") != "That's my test. | That's a good test." {
		t.Errorf("ben's new codings: %q, want the two sentences", texts)
	}
	if _, err := p.Study.Undo(ctx, study.As(fixture.Coder)); err != nil {
		t.Fatal(err)
	}
	if now, _ := p.Study.Codings(ctx, study.As(fixture.Coder), study.CodingFilter{}); len(now) != len(before) {
		t.Errorf("one undo left %d codings, want the %d from before", len(now), len(before))
	}
}

func TestSearchScopeLimitsReadOnlyAndSmallSizes(t *testing.T) {
	p := fixture.Small(t)
	fg02, err := p.Study.Source(context.Background(), "fg02")
	if err != nil {
		t.Fatal(err)
	}
	// Opened on fg02 (not widened), "test" is not there; A widens it.
	m := open(t, p, "test", fg02)
	if v := plain(m); !strings.Contains(v, "Search · fg02") || !strings.Contains(v, "no match in 1 sources") {
		t.Fatalf("fg02 only:\n%s", v)
	}
	m, cmd := m.Update(press("A"))
	m, _ = settle(t, m, cmd)
	if len(m.Result().Hits) != 2 {
		t.Errorf("A: %d hits, want 2", len(m.Result().Hits))
	}
	if err := m.SetLimits("speaker=P01"); err != nil {
		t.Fatal(err)
	}
	m, _ = settle(t, m, m.run())
	if hits := m.Result().Hits; len(hits) != 1 || hits[0].Speaker != "P01" {
		t.Errorf("speaker=P01: %+v", hits)
	}
	m.SetReadOnly(true)
	m, cmd = m.Update(press("c"))
	if cmd != nil || !strings.Contains(plain(m), "read-only") {
		t.Errorf("c in read-only:\n%s", plain(m))
	}
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {80, 24}} {
		m.SetSize(size[0], size[1])
		_ = m.View()
	}
}

// plain is the screen without its escape sequences.
func plain(m Model) string { return ansi.Strip(m.View()) }
