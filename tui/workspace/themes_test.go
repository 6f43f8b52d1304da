package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"time"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestTUIThemesBoardBuildsAThemeAndGoesBack(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "T")
	if m.screen != screenThemes || !strings.Contains(screenText(m), "Themes") {
		t.Fatalf("T did not open the themes board:\n%s", screenText(m))
	}
	m = typeText(t, keys(t, m, "n"), "belonging")
	m = keys(t, m, "enter")
	m = typeText(t, keys(t, m, "a"), "isolation")
	m = keys(t, m, "enter")
	th, err := p.Study.Store().Theme(context.Background(), fixture.Coder, "belonging")
	if err != nil {
		t.Fatalf("the theme was not saved: %v\n%s", err, screenText(m))
	}
	if len(th.Codes) != 1 || th.Codes[0].Path != "belonging/isolation" {
		t.Errorf("theme codes %+v, want isolation", th.Codes)
	}
	m = keys(t, m, "enter")
	if s := screenText(m); !strings.Contains(s, "Theme belonging · quotes by participant") || !strings.Contains(s, "rests on one participant") {
		t.Errorf("the theme view:\n%s", s)
	}
	m = keys(t, m, "esc", "q")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "? help") {
		t.Errorf("esc, q did not go back to coding:\n%s", screenText(m))
	}
	// The workspace's help lists the board's keys.
	found := false
	for _, sec := range m.helpSections() {
		found = found || (sec.Title == "Themes board (T)" && len(sec.Bindings) > 5)
	}
	if !found {
		t.Error("help does not list the themes board's keys")
	}
}

func TestTUIReadOnlyThemesBoardBrowsesAndRefusesChanges(t *testing.T) {
	m := openReadOnly(t, true)
	m = keys(t, m, "T")
	if m.screen != screenThemes {
		t.Fatalf("T did not open the board in read-only mode")
	}
	for _, k := range []string{"n", "a", "e", "D"} {
		m = keys(t, m, k)
		if s := screenText(m); !strings.Contains(s, "read-only") {
			t.Errorf("%s on a read-only board:\n%s", k, s)
		}
		m = keys(t, m, "esc")
		if m.screen != screenThemes {
			m = keys(t, m, "T")
		}
	}
}

func TestProgramThemesBoard(t *testing.T) {
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddTheme(ctx, store.NewTheme{Name: "belonging", Definition: "Feeling part of the team, or apart from it."}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Study.Store().AssignCodes(ctx, "belonging", []string{"belonging/isolation", "belonging/feeling-part-of-the-team"}); err != nil {
		t.Fatal(err)
	}
	tm := startProgram(t, p, ben)
	waitFor(t, tm, "7 turns")
	waitFor(t, tm, "not done")
	sendKeys(tm, "T")
	waitFor(t, tm, "1 theme")
	sendKeys(tm, "enter")
	waitFor(t, tm, "quotes by participant")
	sendKeys(tm, "ctrl+c")
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	golden.RequireEqual(t, withProfile(t, m.View().Content, colorprofile.ANSI256))
}

func TestTUIUndoAfterTheBoardTakesBackTheBoardsChangeAndSaysSo(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "}", "t", "c")
	m = keys(t, typeText(t, m, "mentorship"), "enter")
	if !hasCoding(codingsOf(t, p, "ben"), "support/mentorship", "") {
		t.Fatalf("the coding was not saved: %s", m.message)
	}
	m = keys(t, typeText(t, keys(t, m, "T", "n"), "voice"), "enter")
	m = keys(t, m, "q", "u")
	if _, err := p.Study.Store().Theme(context.Background(), fixture.Coder, "voice"); err == nil {
		t.Errorf("u after the board did not take back the new theme: %s", m.message)
	}
	if !hasCoding(codingsOf(t, p, "ben"), "support/mentorship", "") {
		t.Error("u after the board took back the coding instead of the theme")
	}
	if !strings.Contains(m.message, "undone: added the theme voice") {
		t.Errorf("the message does not say what was undone: %q", m.message)
	}
}

func TestTUIAThemeMemoWrittenOnTheBoardIsTakenBackByU(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	m = keys(t, typeText(t, keys(t, m, "T", "n"), "voice"), "enter")
	m = keys(t, typeText(t, keys(t, m, "W"), "Who gets heard in meetings."), "enter")
	memos, err := p.Study.Memos(context.Background(), study.As(fixture.Coder), study.MemoFilter{Kind: study.MemoOnTheme})
	if err != nil || len(memos) != 1 || memos[0].Body != "Who gets heard in meetings." || memos[0].Target != "voice" {
		t.Fatalf("W on the board saved %+v (%v): %s", memos, err, m.board.View())
	}
	m = keys(t, m, "q", "u")
	if memos, _ := p.Study.Memos(context.Background(), study.As(fixture.Coder), study.MemoFilter{Kind: study.MemoOnTheme}); len(memos) != 0 {
		t.Errorf("u after the board left the memo: %+v (%s)", memos, m.message)
	}
	if _, err := p.Study.Store().Theme(context.Background(), fixture.Coder, "voice"); err != nil {
		t.Errorf("u took back the theme, not just the memo: %v", err)
	}
	if !strings.Contains(m.message, "undone:") || !strings.Contains(m.message, "memo") {
		t.Errorf("the message does not say the memo was undone: %q", m.message)
	}
}
