package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestCompareOpensOnlyWithBlindingOffAndGoesBack(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "C")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "blind coding is on") {
		t.Fatalf("C under blinding:\n%s", screenText(m))
	}
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, "amara"), false); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+l", "C")
	if m.screen != screenCompare || !strings.Contains(screenText(m), "Compare fg01 · ben | carmen") {
		t.Fatalf("C with blinding off:\n%s", screenText(m))
	}
	m = keys(t, m, "q")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "? help") {
		t.Fatalf("q did not go back:\n%s", screenText(m))
	}
}

// Every review screen has its component and its router, each its own.
func TestEveryReviewScreenHasItsOwnComponent(t *testing.T) {
	var m Model
	if _, ok := screenOf(screenCoding); ok {
		t.Fatal("the coding workspace is not a review screen")
	}
	seen := map[fullScreen]screenKind{}
	for k := screenCompare; k <= screenGroups; k++ {
		s, ok := screenOf(k)
		if !ok || s.of == nil || s.route == nil {
			t.Fatalf("screen %d has no component or router", k)
		}
		c := s.of(&m)
		if prev, dup := seen[c]; dup {
			t.Fatalf("screens %d and %d share a component", prev, k)
		}
		seen[c] = k
	}
}

// A review screen open when the terminal is resized is drawn at the new
// size, and its keys still reach it.
func TestAReviewScreenFollowsTheTerminalSize(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "T")
	if m.screen != screenThemes {
		t.Fatalf("T did not open the themes board:\n%s", screenText(m))
	}
	m = run(t, m, windowSize(50, 12))
	lines := strings.Split(screenText(m), "\n")
	if len(lines) != 12 {
		t.Fatalf("the board is drawn in %d lines at 50×12:\n%s", len(lines), screenText(m))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 50 {
			t.Fatalf("a line of %d cells at 50 wide: %q", w, l)
		}
	}
	m = keys(t, m, "q")
	if m.screen != screenCoding {
		t.Fatalf("q did not close the board:\n%s", screenText(m))
	}
}
