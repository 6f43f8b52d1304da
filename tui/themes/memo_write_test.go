package themes

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

// themeMemos lists the memos on a theme as `focal memo list --theme`
// answers viewer: the core's listing.
func themeMemos(tb testing.TB, p *fixture.Project, viewer, theme string) []coding.Memo {
	tb.Helper()
	memos, err := p.Study.Memos(context.Background(), study.As(viewer),
		study.MemoFilter{Target: &study.MemoTarget{Kind: study.MemoOnTheme, Ref: theme}})
	if err != nil {
		tb.Fatalf("memos on %s: %v", theme, err)
	}
	return memos
}

// writeMemo saves a memo on a theme through the core, as another session
// or `focal memo add --theme` would.
func writeMemo(tb testing.TB, p *fixture.Project, author, theme, body string) coding.Memo {
	tb.Helper()
	memo, err := p.Study.AddMemo(context.Background(), study.As(author),
		study.MemoTarget{Kind: study.MemoOnTheme, Ref: theme}, "", body)
	if err != nil {
		tb.Fatal(err)
	}
	return memo
}

// themeLine is the board's line of a theme in the left pane.
func themeLine(tb testing.TB, m Model, name string) string {
	tb.Helper()
	for _, l := range strings.Split(screen(m), "\n") {
		left, _, _ := strings.Cut(l, "│")
		if f := strings.Fields(left); len(f) > 0 && (f[0] == name || len(f) > 1 && f[0] == "▶" && f[1] == name) {
			return left
		}
	}
	tb.Fatalf("no line for theme %s:\n%s", name, screen(m))
	return ""
}

func TestWWritesAMemoOnTheHighlightedThemeAsOneUndoableAction(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "access")
	addTheme(t, p, "workload")
	m := cursorOn(t, open(t, p, fixture.Coder, 100, 40, true), "workload")
	if s := screen(m); !strings.Contains(s, "none yet: W writes one") {
		t.Fatalf("a theme with no memo should say which key writes one:\n%s", s)
	}

	m = keys(t, m, "W")
	if s := screen(m); !strings.Contains(s, "Memo on theme workload") {
		t.Fatalf("W did not open the memo editor on the theme:\n%s", s)
	}
	m = typed(t, m, "Nights weigh more than shifts.")
	m = keys(t, m, "ctrl+j")
	m = typed(t, m, "Check with carmen: is this access?")
	m = keys(t, m, "enter")

	memos := themeMemos(t, p, fixture.Coder, "workload")
	if len(memos) != 1 || memos[0].Author != fixture.Coder || memos[0].Body != "Nights weigh more than shifts.\nCheck with carmen: is this access?" {
		t.Fatalf("memos on workload after W: %+v", memos)
	}
	if other := themeMemos(t, p, fixture.Coder, "access"); len(other) != 0 {
		t.Errorf("the memo landed on another theme too: %+v", other)
	}
	s := screen(m)
	for _, want := range []string{"saved your memo on workload", "Memo by ben", "Nights weigh more than shifts.", "Check with carmen: is this access?"} {
		if !strings.Contains(s, want) {
			t.Errorf("after saving, the board does not show %q:\n%s", want, s)
		}
	}
	if !strings.Contains(themeLine(t, m, "workload"), "workload ✎") || strings.Contains(themeLine(t, m, "access"), "✎") {
		t.Errorf("only workload should carry the memo mark:\n%s", s)
	}

	// One undo takes the whole memo back.
	if _, err := p.Study.Undo(context.Background(), study.As(fixture.Coder)); err != nil {
		t.Fatal(err)
	}
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 0 {
		t.Errorf("one undo left memos on workload: %+v", memos)
	}
}

func TestWEditsYourMemoOnTheThemeAndLeavesAColleaguesAlone(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "workload")
	theirs := writeMemo(t, p, fixture.OtherCoder, "workload", "Distinct from burnout?")
	mine := writeMemo(t, p, fixture.Coder, "workload", "Nights weigh more.")

	// Opened with T, not from the memo browser: both memos show.
	m := cursorOn(t, open(t, p, fixture.Coder, 100, 40, true), "workload")
	s := screen(m)
	for _, want := range []string{"Memo by carmen", "Distinct from burnout?", "Memo by ben", "Nights weigh more."} {
		if !strings.Contains(s, want) {
			t.Errorf("the theme's details do not show %q:\n%s", want, s)
		}
	}

	m = keys(t, m, "W")
	if s := screen(m); !strings.Contains(s, "Your memo on theme workload") || !strings.Contains(s, "Nights weigh more.") {
		t.Fatalf("W should open ben's memo to edit:\n%s", s)
	}
	m = typed(t, m, " Ask Ana's group.")
	m = keys(t, m, "enter")

	memos := themeMemos(t, p, fixture.Coder, "workload")
	if len(memos) != 2 {
		t.Fatalf("editing added or lost a memo: %+v", memos)
	}
	for _, memo := range memos {
		switch memo.ID {
		case mine.ID:
			if memo.Body != "Nights weigh more. Ask Ana's group." {
				t.Errorf("ben's memo reads %q", memo.Body)
			}
		case theirs.ID:
			if memo.Body != "Distinct from burnout?" {
				t.Errorf("carmen's memo changed: %q", memo.Body)
			}
		}
	}
	if s := screen(m); !strings.Contains(s, "Nights weigh more. Ask Ana's group.") {
		t.Errorf("the board does not show the edited memo:\n%s", s)
	}

	// The edit is one action: one undo restores the text.
	if _, err := p.Study.Undo(context.Background(), study.As(fixture.Coder)); err != nil {
		t.Fatal(err)
	}
	for _, memo := range themeMemos(t, p, fixture.Coder, "workload") {
		if memo.ID == mine.ID && memo.Body != "Nights weigh more." {
			t.Errorf("after one undo ben's memo reads %q", memo.Body)
		}
	}
}

func TestEscClosesTheMemoEditorWithoutSaving(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "workload")
	m := cursorOn(t, open(t, p, fixture.Coder, 100, 40, true), "workload")
	m = typed(t, keys(t, m, "W"), "half a thought")
	m = keys(t, m, "esc")
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 0 {
		t.Fatalf("esc saved a memo: %+v", memos)
	}
	s := screen(m)
	if strings.Contains(s, "half a thought") || !strings.Contains(s, "without saving") {
		t.Errorf("esc should close the editor and say nothing was saved:\n%s", s)
	}

	// On a memo of yours, esc keeps it as it was.
	writeMemo(t, p, fixture.Coder, "workload", "As written.")
	m = keys(t, m, "ctrl+l")
	m = typed(t, keys(t, m, "W"), " and more")
	if s := screen(m); !strings.Contains(s, "Your memo on theme workload") || !strings.Contains(s, "As written. and more") {
		t.Fatalf("W should open ben's memo to edit:\n%s", s)
	}
	m = keys(t, m, "esc")
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 1 || memos[0].Body != "As written." {
		t.Errorf("esc on an edit changed the memo: %+v", memos)
	}
	if s := screen(m); m.mode != browsing || strings.Contains(s, "and more") {
		t.Errorf("esc should close the editor and show the memo as it was:\n%s", s)
	}
}

func TestEmptyingYourMemoIsRefusedAndKeepsIt(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "workload")
	writeMemo(t, p, fixture.Coder, "workload", "As written.")
	m := cursorOn(t, open(t, p, fixture.Coder, 100, 40, true), "workload")
	m = keys(t, m, "W", "ctrl+u", "enter")
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 1 || memos[0].Body != "As written." {
		t.Fatalf("an emptied memo was saved: %+v", memos)
	}
	if s := screen(m); !strings.Contains(s, "a memo needs some text") || !strings.Contains(s, "Your memo on theme workload") {
		t.Errorf("the refusal should show with the editor still open:\n%s", s)
	}
}

func TestAReadOnlyBoardOffersNoMemoWriting(t *testing.T) {
	p := unblinded(t) // the PI reviews, as `focal review` opens the board
	addTheme(t, p, "workload")
	writeMemo(t, p, fixture.Coder, "workload", "Nights weigh more.")
	m := New(context.Background(), p.Study, style.Theme{Mono: true}, pi)
	m.SetReadOnly(true)
	m = run(t, m, tea.WindowSizeMsg{Width: 100, Height: 40})
	m = runCmd(t, m, m.Init())
	m = cursorOn(t, m, "workload")
	s := screen(m)
	if !strings.Contains(s, "Memo by ben") || !strings.Contains(s, "Nights weigh more.") {
		t.Errorf("a review should still show the theme's memos:\n%s", s)
	}
	if strings.Contains(s, "W writes") {
		t.Errorf("a review should not offer to write a memo:\n%s", s)
	}
	m = keys(t, m, "W")
	if m.mode != browsing || !strings.Contains(screen(m), "read-only review") {
		t.Fatalf("W on a read-only board should be refused on the status line:\n%s", screen(m))
	}
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 1 {
		t.Errorf("a read-only board changed the memos: %+v", memos)
	}
	m = keys(t, m, "?")
	if s := screen(m); strings.Contains(s, "write a memo") {
		t.Errorf("the help of a review lists W:\n%s", s)
	}
}

func TestAMemoTheCoreRefusesStaysInTheEditor(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "access")
	addTheme(t, p, "workload")
	m := cursorOn(t, open(t, p, fixture.Coder, 100, 40, true), "workload")
	m = typed(t, keys(t, m, "W"), "Nights weigh more.")
	// Meanwhile carmen deletes the theme in another session.
	if _, err := p.Study.RemoveTheme(context.Background(), study.As(fixture.OtherCoder), "workload", false); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "enter")
	s := screen(m)
	if !strings.Contains(s, "✗ memo on workload not saved: the theme was deleted") {
		t.Errorf("the core's refusal should show on the status line:\n%s", s)
	}
	if m.mode != memoing || !strings.Contains(s, "Nights weigh more.") {
		t.Errorf("the text typed should stay in the editor:\n%s", s)
	}
	if memos, err := p.Study.Memos(context.Background(), study.As(fixture.Coder), study.MemoFilter{Kind: study.MemoOnTheme}); err != nil || len(memos) != 0 {
		t.Errorf("memos on themes after the refusal: %+v, %v", memos, err)
	}
}

func TestTheMemoEditorFitsNarrowAndTinyBoards(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "workload")
	m := cursorOn(t, open(t, p, fixture.Coder, 50, 20, true), "workload")
	m = typed(t, keys(t, m, "W"), "Nights weigh more.")
	if s := screen(m); !strings.Contains(s, "Memo on theme workload") || !strings.Contains(s, "Nights weigh more.") {
		t.Errorf("at 50 columns the editor should have the screen:\n%s", s)
	}
	for _, size := range [][2]int{{20, 5}, {1, 1}, {100, 40}} {
		m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		_ = screen(m)
	}
	m = keys(t, m, "enter")
	if memos := themeMemos(t, p, fixture.Coder, "workload"); len(memos) != 1 || memos[0].Body != "Nights weigh more." {
		t.Errorf("resizing lost the memo: %+v", memos)
	}
	if s := screen(m); !strings.Contains(s, "Memo by ben") {
		t.Errorf("the saved memo does not show:\n%s", s)
	}
}
