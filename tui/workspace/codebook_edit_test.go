package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// toCode opens the codebook pane and moves its cursor to a code.
func toCode(t *testing.T, m Model, path string) Model {
	t.Helper()
	if !m.showCodebook {
		m = keys(t, m, "b")
	}
	m = keys(t, m, "g")
	for i := 0; m.codebook.Current().Path != path; i++ {
		if i > len(m.codes) {
			t.Fatalf("no code %s in the pane", path)
		}
		m = keys(t, m, "j")
	}
	return m
}

// codeNamed reads a code from the project, as the CLI would.
func codeNamed(t *testing.T, p *fixture.Project, path string) (store.Code, bool) {
	t.Helper()
	codes, err := p.Study.Store().Codes(context.Background(), store.CodeFilter{Viewer: fixture.Coder})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if c.Path == path {
			return c, true
		}
	}
	return store.Code{}, false
}

func wantCode(t *testing.T, p *fixture.Project, path string, exists bool) store.Code {
	t.Helper()
	c, ok := codeNamed(t, p, path)
	if ok != exists {
		t.Fatalf("code %s exists: %v, want %v", path, ok, exists)
	}
	return c
}

func TestTUIRenameDefineAndMoveACodeFromTheTree(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	m = toCode(t, m, "belonging/isolation")

	m = keys(t, m, "r")
	if m.prompt != promptText || m.nameEdit.Value() != "isolation" {
		t.Fatalf("r: prompt %d with %q", m.prompt, m.nameEdit.Value())
	}
	m = typeText(t, keys(t, m, "ctrl+u"), "alone")
	m = keys(t, m, "enter")
	wantCode(t, p, "belonging/isolation", false)
	wantCode(t, p, "belonging/alone", true)
	if !strings.Contains(m.message, "renamed belonging/isolation to alone") {
		t.Errorf("message %q", m.message)
	}
	if !hasCoding(codingsOf(t, p, "ben"), "belonging/alone", "") || m.codebook.Current().Path != "belonging/alone" {
		t.Errorf("ben's coding or the pane does not follow the rename: pane at %s", m.codebook.Current().Path)
	}

	m = keys(t, m, "e")
	if m.prompt != promptMemo || !strings.Contains(screenText(m), "Feeling alone, apart or unseen") {
		t.Fatalf("e does not show the definition to edit:\n%s", screenText(m))
	}
	m = typeText(t, keys(t, m, "ctrl+u"), "Feeling on one's own.")
	m = keys(t, m, "enter")
	if c := wantCode(t, p, "belonging/alone", true); c.Definition != "Feeling on one's own." {
		t.Errorf("definition %q", c.Definition)
	}

	m = keys(t, m, "m")
	if m.prompt != promptPicker {
		t.Fatalf("m: prompt %d", m.prompt)
	}
	if s := screenText(m); strings.Contains(s, "┃  belonging/alone") || strings.Contains(s, "> belonging/alone") || !strings.Contains(s, "(top level)") {
		t.Errorf("the move picker offers the code itself, or not the top level:\n%s", s)
	}
	m = keys(t, typeText(t, m, "support"), "enter")
	wantCode(t, p, "support/alone", true)

	// Undo takes the move back, then the definition.
	m = keys(t, m, "u")
	wantCode(t, p, "belonging/alone", true)
	m = keys(t, m, "u")
	if c := wantCode(t, p, "belonging/alone", true); c.Definition != "Feeling alone, apart or unseen within the team." {
		t.Errorf("undo left the definition %q", c.Definition)
	}
	// esc leaves a prompt without a change.
	m = keys(t, m, "r", "x", "esc")
	wantCode(t, p, "belonging/alone", true)
	if m.prompt != promptNone {
		t.Errorf("esc left prompt %d open", m.prompt)
	}
}

// nearDuplicates turns blinding off and has carmen code ben's isolation
// text as "being-the-only-one", her own name for the same idea.
func nearDuplicates(t *testing.T, p *fixture.Project) {
	t.Helper()
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, "amara"), false); err != nil {
		t.Fatal(err)
	}
	var iso store.Coding
	for _, c := range codingsOf(t, p, fixture.Coder) {
		if c.Code == "belonging/isolation" {
			iso = c
		}
	}
	if _, err := p.Study.Store().AddCoding(store.WithActor(ctx, fixture.OtherCoder), store.NewCoding{Source: p.Source.ID,
		Code: "belonging/being-the-only-one", Start: iso.Start + 5, End: iso.End}); err != nil {
		t.Fatal(err)
	}
}

func TestTUIMergeOffersTheCodeSharingTextFirstAndUndoTakesItBack(t *testing.T) {
	p := fixture.Small(t)
	nearDuplicates(t, p)
	m := open(t, p, 110, 32, ben)
	m = toCode(t, m, "belonging/being-the-only-one")
	m = keys(t, m, "M")
	if m.prompt != promptPicker {
		t.Fatalf("M: prompt %d, message %q", m.prompt, m.message)
	}
	screen := screenText(m)
	first := strings.Index(screen, "> belonging/isolation")
	if first < 0 || !strings.Contains(screen, "100% same text") {
		t.Fatalf("isolation is not offered first, with its shared text:\n%s", screen)
	}
	if strings.Contains(screen, "┃  belonging/being-the-only-one") || strings.Contains(screen, "> belonging/being-the-only-one") {
		t.Errorf("the code is offered as its own merge target:\n%s", screen)
	}
	m = keys(t, m, "enter")
	if m.prompt != promptChoice || !strings.Contains(screenText(m), "Merge belonging/being-the-only-one (1 coding) into belonging/isolation (1 coding)?") {
		t.Fatalf("no confirmation:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	wantCode(t, p, "belonging/being-the-only-one", false)
	carmen := codingsOf(t, p, fixture.OtherCoder)
	if !hasCoding(carmen, "belonging/isolation", "") || hasCoding(carmen, "belonging/being-the-only-one", "") {
		t.Errorf("carmen's coding was not moved to isolation: %+v", carmen)
	}
	m = keys(t, m, "u")
	if m.messageBad {
		t.Fatalf("undo of the merge: %s", m.message)
	}
	wantCode(t, p, "belonging/being-the-only-one", true)
	if carmen := codingsOf(t, p, fixture.OtherCoder); !hasCoding(carmen, "belonging/being-the-only-one", "") {
		t.Errorf("undo did not give carmen's coding its code back: %+v", carmen)
	}
}

func TestTUISplitMovesTheTickedCodingsToANewCode(t *testing.T) {
	p := fixture.Small(t)
	nearDuplicates(t, p)
	// A second isolation coding of ben's, in another turn.
	turns, err := p.Study.Store().Turns(context.Background(), p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoding(ctx, store.NewCoding{Source: p.Source.ID, Code: "belonging/isolation", Start: turns[4].Start, End: turns[4].End}); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 110, 32, ben)
	m = toCode(t, m, "belonging/isolation")
	m = typeText(t, keys(t, m, "S"), "hierarchy-fear")
	m = keys(t, m, "enter")
	if m.prompt != promptChoice || !m.chooser.Many() {
		t.Fatalf("no list of codings to tick:\n%s", screenText(m))
	}
	if s := screenText(m); !strings.Contains(s, "[ ] fg01 t2 P04 (ben)") || !strings.Contains(s, "[ ] fg01 t5 P03 (ben)") {
		t.Fatalf("the codings are not listed by source, turn, speaker and coder:\n%s", s)
	}
	m = keys(t, m, "down", "space", "enter")
	c := wantCode(t, p, "belonging/hierarchy-fear", true)
	moved, err := p.Study.Store().Codings(context.Background(), store.CodingFilter{Code: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(moved) != 1 || moved[0].Turn != 5 {
		t.Errorf("split moved %+v, want the coding of turn 5", moved)
	}
	if !hasCoding(codingsOf(t, p, "ben"), "belonging/isolation", "") {
		t.Error("the unticked coding left isolation")
	}
}

func TestTUIRetireRefusesToDropCodingsOthersMade(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 110, 32, ben)
	// Blinding is on: carmen's mentorship coding is hidden from ben.
	m = toCode(t, m, "support/mentorship")
	m = keys(t, m, "X")
	if m.prompt != promptChoice || !strings.Contains(screenText(m), "Retire support/mentorship?") {
		t.Fatalf("X:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	// The refusal says others coded with it, without counting their
	// codings (a count would tell ben what carmen did).
	if !m.messageBad || !strings.Contains(m.message, "other coders") || strings.Contains(m.message, "1 codings") {
		t.Errorf("retiring a code with hidden codings: %q", m.message)
	}
	wantCode(t, p, "support/mentorship", true)

	// A code ben uses: removing its codings is not offered under blinding.
	m = toCode(t, m, "belonging/isolation")
	m = keys(t, m, "X")
	if s := screenText(m); strings.Contains(s, "Remove its") || !strings.Contains(s, "not offered under blinding") {
		t.Errorf("retire offers removal under blinding:\n%s", s)
	}
	m = keys(t, m, "esc")

	// An unused code retires, and undo brings it back.
	if _, err := p.Study.Store().AddCode(store.WithActor(context.Background(), fixture.Coder), store.NewCode{Path: "support/peers"}); err != nil {
		t.Fatal(err)
	}
	m = toCode(t, keys(t, m, "ctrl+l"), "support/peers")
	m = keys(t, m, "X", "enter")
	wantCode(t, p, "support/peers", false)
	m = keys(t, m, "u")
	wantCode(t, p, "support/peers", true)
}

func TestTUICodeHistoryIsOneKeyAway(t *testing.T) {
	p := fixture.Small(t)
	nearDuplicates(t, p)
	m := open(t, p, 110, 32, ben)
	m = toCode(t, m, "belonging/isolation")
	m = typeText(t, keys(t, m, "r", "ctrl+u"), "alone")
	m = keys(t, m, "enter")
	m = toCode(t, m, "belonging/being-the-only-one")
	m = keys(t, m, "M", "enter", "enter")
	m = toCode(t, m, "belonging/alone")
	m = keys(t, m, "h")
	if m.prompt != promptPager {
		t.Fatalf("h: prompt %d, message %q", m.prompt, m.message)
	}
	s := screenText(m)
	for _, want := range []string{"History of belonging/alone", "created belonging/isolation: Feeling alone",
		"renamed belonging/alone: was isolation", "belonging/being-the-only-one merged into belonging/alone"} {
		if !strings.Contains(s, want) {
			t.Errorf("history lacks %q:\n%s", want, s)
		}
	}
	m = keys(t, m, "esc")
	if m.prompt != promptNone || !m.showCodebook {
		t.Errorf("esc: prompt %d, codebook shown %v", m.prompt, m.showCodebook)
	}
}

// TestTUICodeHistoryUnderBlindingKeepsOthersCodingsOut: a code's history
// is read from the log as the coder may see it. Under blinding ben sees
// that carmen split a code (the codebook is shared) but not her codings:
// neither her coding events nor the codings her split moved.
func TestTUICodeHistoryUnderBlindingKeepsOthersCodingsOut(t *testing.T) {
	p := fixture.Small(t)
	ctx := context.Background()
	carmens, err := p.Study.Store().Codings(ctx, store.CodingFilter{Viewer: fixture.OtherCoder, Coder: fixture.OtherCoder})
	if err != nil || len(carmens) != 1 {
		t.Fatalf("carmen's codings: %v %v", carmens, err)
	}
	hers := carmens[0].ID
	if _, err := p.Study.SplitCode(ctx, study.As(fixture.OtherCoder), "support/mentorship", "support/peer-mentoring", []string{hers}); err != nil {
		t.Fatal(err)
	}
	// The project's log itself holds her coding in the split's record.
	raw, err := p.Study.Store().Events(ctx, "", "code.split", 0)
	if err != nil || len(raw) != 1 || !strings.Contains(string(rawJSON(raw[0].After)), hers) {
		t.Fatalf("the split's record does not list carmen's coding: %+v %v", raw, err)
	}

	m := open(t, p, 110, 32, ben)
	if !m.blinding.On {
		t.Fatal("the fixture should be blinded")
	}
	m = toCode(t, m, "support/peer-mentoring")
	m = keys(t, m, "h")
	s := screenText(m)
	for _, want := range []string{"History of support/peer-mentoring", "split from support/mentorship"} {
		if !strings.Contains(s, want) {
			t.Errorf("history lacks %q:\n%s", want, s)
		}
	}
	for _, code := range []string{"support/mentorship", "support/peer-mentoring"} {
		c := m.codeByID[wantCode(t, p, code, true).ID]
		msg, ok := m.loadHistory(c)().(historyMsg)
		if !ok || msg.err != nil {
			t.Fatalf("history of %s: %+v", code, msg)
		}
		if len(msg.events) == 0 {
			t.Fatalf("history of %s is empty", code)
		}
		for _, e := range msg.events {
			if strings.HasPrefix(e.Kind, "coding.") {
				t.Errorf("history of %s shows a coding event: %+v", code, e)
			}
			if data := string(rawJSON(e.Before)) + string(rawJSON(e.After)); strings.Contains(data, hers) || strings.Contains(data, `"coder":"carmen"`) {
				t.Errorf("history of %s carries carmen's coding in %s: %s", code, e.Kind, data)
			}
		}
	}
}
