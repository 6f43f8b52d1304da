package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// themesWithMemo adds three themes and a memo by author on the middle one,
// belonging, so that the board opening on its first theme would miss it.
func themesWithMemo(t *testing.T, p *fixture.Project, author, body string) {
	t.Helper()
	ctx := store.WithActor(context.Background(), fixture.Coder)
	for _, name := range []string{"access", "belonging", "workload"} {
		if _, err := p.Study.Store().AddTheme(ctx, store.NewTheme{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	actx := store.WithActor(context.Background(), author)
	if _, err := p.Study.Store().AddMemo(actx, store.MemoTarget{Kind: store.MemoOnTheme, Ref: "belonging"}, "", body); err != nil {
		t.Fatal(err)
	}
}

// statusOf is the board's status line (the one above the key line), which
// names the highlighted theme.
func statusOf(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

func TestTheMemoBrowserOpensAThemeMemoOnTheThemesBoardAtTheTheme(t *testing.T) {
	p := fixture.Small(t)
	// carmen's memo on a theme: blinding hides codings, not theme memos.
	themesWithMemo(t, p, fixture.OtherCoder, "Belonging rests on the mentors named.")
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "M")
	if !strings.Contains(screenText(m), "theme belonging · carmen") {
		t.Fatalf("the browser does not list the theme memo:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	screen := screenText(m)
	if m.screen != screenThemes {
		t.Fatalf("enter on a theme memo did not open the themes board:\n%s", screen)
	}
	if !strings.Contains(screen, "▶ belonging") || !strings.HasPrefix(statusOf(screen), " belonging ") {
		t.Errorf("the board is not on the theme belonging:\n%s", screen)
	}
	if !strings.Contains(screen, "Memo by carmen") || !strings.Contains(flat(screen), "Belonging rests on the mentors named.") {
		t.Errorf("the theme's memo is not shown on the board:\n%s", screen)
	}
	if !strings.Contains(screen, "carmen's memo on this theme is shown under its summaries") {
		t.Errorf("the board does not say where the memo is:\n%s", screen)
	}
	// The memo goes with its theme: on another theme it is not shown.
	m = keys(t, m, "j")
	if screen := screenText(m); !strings.Contains(screen, "▶ workload") || strings.Contains(screen, "Memo by carmen") {
		t.Errorf("on the next theme, the board still shows belonging's memo:\n%s", screen)
	}
	m = keys(t, m, "k")
	if !strings.Contains(screenText(m), "Memo by carmen") {
		t.Errorf("back on belonging, its memo is not shown:\n%s", screenText(m))
	}
	m = keys(t, m, "q")
	if m.screen != screenCoding {
		t.Errorf("q did not close the board (screen %d)", m.screen)
	}
}

func TestAThemeMemoWhoseThemeWasDeletedSaysSoOnTheBoard(t *testing.T) {
	p := fixture.Small(t)
	themesWithMemo(t, p, fixture.Coder, "Gone soon.")
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "M")
	// The theme is deleted (with its memo) while the list is open.
	if _, err := p.Study.Store().RemoveTheme(store.WithActor(context.Background(), fixture.OtherCoder), "belonging", true); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "enter")
	screen := screenText(m)
	if m.screen != screenThemes {
		t.Fatalf("the board did not open:\n%s", screen)
	}
	if !strings.Contains(flat(screen), "theme belonging, which ben's memo is on, is no longer on the board") {
		t.Errorf("the board does not say the memo's theme is gone:\n%s", screen)
	}
	if strings.Contains(screen, "Gone soon.") || strings.Contains(screen, "▶ belonging") {
		t.Errorf("the board shows a deleted theme or its memo:\n%s", screen)
	}
	// The board works on: moving and closing.
	m = keys(t, m, "j", "q")
	if m.screen != screenCoding {
		t.Errorf("q did not close the board (screen %d)", m.screen)
	}
}

func TestInAReviewAThemeMemoOpensTheBoardReadOnly(t *testing.T) {
	p := withPIs(t, "amara")
	themesWithMemo(t, p, fixture.Coder, "Ask the PI about belonging.")
	m := open(t, p, 100, 30, Options{Review: true})
	m = keys(t, m, "esc", "M")
	if !strings.Contains(screenText(m), "theme belonging · ben") {
		t.Fatalf("the review's browser does not list the theme memo:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	screen := screenText(m)
	if m.screen != screenThemes || !strings.Contains(screen, "▶ belonging") || !strings.Contains(flat(screen), "Ask the PI about belonging.") {
		t.Fatalf("the review did not open the board on the memo's theme:\n%s", screen)
	}
	if !strings.Contains(screen, "read-only") {
		t.Errorf("the board opened from a review memo is not read-only:\n%s", screen)
	}
	m = keys(t, m, "e")
	if !strings.Contains(screenText(m), "read-only review") {
		t.Errorf("e on the board opened from a memo was not refused in a review:\n%s", screenText(m))
	}
}
