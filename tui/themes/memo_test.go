package themes

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

// openOnMemo starts a board as ben on the theme of a memo by carmen.
func openOnMemo(tb testing.TB, p *fixture.Project, body string, w, h int) Model {
	tb.Helper()
	memo, err := p.Study.Store().AddMemo(store.WithActor(context.Background(), fixture.OtherCoder),
		store.MemoTarget{Kind: store.MemoOnTheme, Ref: "workload"}, "", body)
	if err != nil {
		tb.Fatal(err)
	}
	m := New(context.Background(), p.Study, style.Theme{Mono: true}, fixture.Coder)
	m.ShowMemo(memo)
	m = run(tb, m, tea.WindowSizeMsg{Width: w, Height: h})
	return runCmd(tb, m, m.Init())
}

func TestALongMemoOnAThemeIsCutWithTheCommandThatReadsItWhole(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "access")
	addTheme(t, p, "workload")
	var body []string
	for i := range 12 {
		body = append(body, "line "+string(rune('a'+i)))
	}
	m := openOnMemo(t, p, strings.Join(body, "\n"), 100, 40)
	s := screen(m)
	if th, ok := m.current(); !ok || th.Path != "workload" {
		t.Fatalf("the board is not on the memo's theme:\n%s", s)
	}
	if !strings.Contains(s, "line a") || !strings.Contains(s, "line g") || strings.Contains(s, "line h") {
		t.Errorf("the memo's first seven lines, not more, should show:\n%s", s)
	}
	if !strings.Contains(s, "… focal memo show "+m.memo.memo.ID[:8]+" reads it whole") {
		t.Errorf("a cut memo does not say how to read it whole:\n%s", s)
	}
}

func TestOnANarrowBoardTheMemoIsOneKeyAway(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "workload")
	m := openOnMemo(t, p, "Nights weigh more.", 50, 20)
	if s := screen(m); !strings.Contains(s, "l shows carmen's memo on this theme") || strings.Contains(s, "Nights weigh more.") {
		t.Fatalf("at 50 columns the board should show the themes and say l shows the memo:\n%s", s)
	}
	m = keys(t, m, "l")
	if s := screen(m); !strings.Contains(s, "Memo by carmen") || !strings.Contains(s, "Nights weigh more.") {
		t.Errorf("l did not show the memo:\n%s", s)
	}
	// Nothing panics at the smallest sizes.
	for _, size := range [][2]int{{20, 5}, {1, 1}} {
		m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		_ = screen(m)
	}
}
