package themes

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/style"
)

func TestTUIThemesCreateDefineSummariseRename(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, fixture.Coder, 100, 30, true)
	if !strings.Contains(screen(m), "no themes yet") {
		t.Fatalf("an empty board does not say how to start:\n%s", screen(m))
	}

	m = keys(t, typed(t, keys(t, m, "n"), "belonging / voice"), "enter")
	voice := themeOf(t, p, "belonging/voice")
	if th, _ := m.current(); th.ID != voice.ID {
		t.Errorf("the cursor is on %q, not on the new theme", th.Path)
	}
	if s := screen(m); !strings.Contains(s, "✓ added theme belonging/voice") || !strings.Contains(s, "none yet: e writes one") {
		t.Errorf("the board does not confirm the new theme:\n%s", s)
	}

	m = keys(t, typed(t, keys(t, m, "e"), "Being listened to by the team."), "enter")
	if got := themeOf(t, p, "belonging/voice").Definition; got != "Being listened to by the team." {
		t.Errorf("definition %q", got)
	}
	// The summary's language defaults to en; a second language adds one.
	m = keys(t, typed(t, keys(t, m, "s", "enter"), "People hear you."), "enter")
	m = keys(t, typed(t, keys(t, typed(t, keys(t, m, "s"), "es"), "enter"), "Te escuchan."), "enter")
	sums := themeOf(t, p, "belonging/voice").Summaries
	if sums["en"] != "People hear you." || sums["es"] != "Te escuchan." {
		t.Errorf("summaries %v", sums)
	}
	if s := screen(m); !strings.Contains(s, "es Te escuchan.") || strings.Contains(s, "none yet: s") {
		t.Errorf("the summaries are not shown:\n%s", s)
	}
	// Editing shows the saved text; emptying it removes that language.
	m = keys(t, typed(t, keys(t, m, "s"), "es"), "enter")
	if !strings.Contains(screen(m), "Te escuchan.") {
		t.Errorf("the summary editor does not start from the saved text:\n%s", screen(m))
	}
	m = keys(t, m, "ctrl+u", "enter")
	if sums := themeOf(t, p, "belonging/voice").Summaries; len(sums) != 1 {
		t.Errorf("emptying the es summary left %v", sums)
	}

	m = keys(t, typed(t, keys(t, m, "r", "ctrl+u"), "being heard"), "enter")
	themeOf(t, p, "belonging/being heard")
	m = keys(t, typed(t, keys(t, m, "N"), "at night"), "enter")
	themeOf(t, p, "belonging/being heard/at night")

	// The store's refusals reach the screen, and the prompt opens again
	// with what was typed, so nothing typed is lost.
	m = keys(t, typed(t, keys(t, m, "n"), "belonging"), "enter")
	if s := screen(m); !strings.Contains(s, "✗ new theme: theme \"belonging\" already exists") || m.mode != naming || m.line.Value() != "belonging" {
		t.Errorf("a duplicate name is not refused on screen with the prompt open again:\n%s", s)
	}
	m = keys(t, m, "esc")
	m = keys(t, typed(t, keys(t, typed(t, keys(t, m, "s"), "english!"), "enter"), "Night shifts."), "enter")
	if s := screen(m); !strings.Contains(s, "is not a language tag") || m.mode != summarising || m.text.Value() != "Night shifts." {
		t.Fatalf("a bad language tag is not refused with the summary kept:\n%s", s)
	}
	// tab changes the language of the summary being written.
	m = keys(t, typed(t, keys(t, m, "tab", "ctrl+u"), "en-GB"), "enter", "enter")
	if got := themeOf(t, p, "belonging/being heard/at night").Summaries["en-GB"]; got != "Night shifts." {
		t.Errorf("the en-GB summary is %q", got)
	}
	// esc leaves a prompt without saving.
	before, _ := p.Study.Store().Themes(t.Context(), store.ThemeFilter{Viewer: fixture.Coder})
	m = keys(t, typed(t, keys(t, m, "r"), "never"), "esc")
	after, _ := p.Study.Store().Themes(t.Context(), store.ThemeFilter{Viewer: fixture.Coder})
	if !reflect.DeepEqual(before, after) || m.mode != browsing {
		t.Error("esc in the rename prompt changed something")
	}
}

func TestTUIThemesAssignUnassignMove(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "belonging")
	addTheme(t, p, "support")
	m := open(t, p, fixture.Coder, 100, 30, true)
	m = cursorOn(t, m, "belonging")

	m = keys(t, typed(t, keys(t, m, "a"), "isolation"), "enter")
	m = keys(t, typed(t, keys(t, m, "a"), "feeling"), "enter")
	if got := codePaths(themeOf(t, p, "belonging")); !slices.Equal(got, []string{"belonging/feeling-part-of-the-team", "belonging/isolation"}) {
		t.Fatalf("belonging has %v", got)
	}
	if s := screen(m); !strings.Contains(s, "✓ assigned belonging/feeling-part-of-the-team to belonging") {
		t.Errorf("no confirmation:\n%s", s)
	}

	// x takes out the highlighted code: the first, by path.
	m = keys(t, m, "tab", "x")
	if got := codePaths(themeOf(t, p, "belonging")); !slices.Equal(got, []string{"belonging/isolation"}) {
		t.Fatalf("after x belonging has %v", got)
	}
	// m moves it to another theme chosen by typing.
	m = keys(t, typed(t, keys(t, m, "m"), "supp"), "enter")
	if got := codePaths(themeOf(t, p, "belonging")); len(got) != 0 {
		t.Errorf("after the move belonging still has %v", got)
	}
	if got := codePaths(themeOf(t, p, "support")); !slices.Equal(got, []string{"belonging/isolation"}) {
		t.Errorf("after the move support has %v", got)
	}
	if s := screen(m); !strings.Contains(s, "moved belonging/isolation from belonging to support") {
		t.Errorf("the move is not confirmed:\n%s", s)
	}

	// The last row lists the codes in no theme; m there assigns.
	m = keys(t, m, "h", "j", "j", "j")
	if _, isTheme := m.current(); isTheme || !strings.Contains(screen(m), "Codes in no theme") {
		t.Fatalf("the codes in no theme are not listed:\n%s", screen(m))
	}
	free := len(m.board.unassigned())
	m = keys(t, typed(t, keys(t, m, "l", "m"), "belonging"), "enter")
	if got := themeOf(t, p, "belonging"); len(got.Codes) != 1 || len(m.board.unassigned()) != free-1 {
		t.Errorf("m on a code in no theme: belonging has %v, %d left", codePaths(got), len(m.board.unassigned()))
	}
}

func TestTUIThemesDeleteAsksFirst(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "belonging", "belonging/isolation")
	addTheme(t, p, "belonging/voice")
	addTheme(t, p, "power")
	m := open(t, p, fixture.Coder, 100, 30, true)

	m = cursorOn(t, m, "power")
	m = keys(t, m, "D")
	if s := screen(m); !strings.Contains(s, "delete theme power? its codes and their codings stay y/n") {
		t.Fatalf("D does not ask:\n%s", s)
	}
	m = keys(t, m, "n")
	themeOf(t, p, "power")
	m = keys(t, m, "D", "y")
	if _, err := p.Study.Store().Theme(t.Context(), fixture.Coder, "power"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("power is still there: %v", err)
	}

	// The store keeps a theme with subthemes; the board shows why and asks
	// whether to delete them too.
	m = cursorOn(t, m, "belonging")
	m = keys(t, m, "D", "y")
	if s := screen(m); !strings.Contains(s, "has 1 subtheme") || !strings.Contains(s, "with them anyway?") {
		t.Fatalf("the refusal is not shown:\n%s", s)
	}
	themeOf(t, p, "belonging/voice")
	m = keys(t, m, "y")
	if themes, _ := p.Study.Store().Themes(t.Context(), store.ThemeFilter{Viewer: fixture.Coder}); len(themes) != 0 {
		t.Errorf("forced delete left %d themes", len(themes))
	}
	if codes, _ := p.Study.Store().Codes(t.Context(), store.CodeFilter{Viewer: fixture.Coder}); len(codes) != 5 {
		t.Errorf("deleting themes changed the codebook: %d codes", len(codes))
	}
	if s := screen(m); !strings.Contains(s, "deleted belonging/voice, belonging") {
		t.Errorf("the delete is not confirmed:\n%s", s)
	}
}

func TestTUIThemesReadOnlyWritesNothing(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "belonging", "belonging/isolation")
	addTheme(t, p, "support")
	ctx := context.Background()
	themesBefore, _ := p.Study.Store().Themes(ctx, store.ThemeFilter{Viewer: fixture.Coder})
	eventsBefore, _ := p.Study.Store().Events(ctx, "", "", 0)

	m := open(t, p, fixture.Coder, 100, 30, true)
	m.SetReadOnly(true)
	m = cursorOn(t, m, "belonging")
	for _, k := range []string{"n", "N", "r", "e", "s", "a", "x", "m", "D"} {
		m = keys(t, m, k)
		if !strings.Contains(screen(m), "✗ read-only") || m.mode != browsing {
			t.Errorf("%s does not say read-only, or opened a prompt:\n%s", k, screen(m))
		}
	}
	// Even a change that got as far as a command saves nothing.
	m = runCmd(t, m, m.create("sneaked in", ""))
	themesAfter, _ := p.Study.Store().Themes(ctx, store.ThemeFilter{Viewer: fixture.Coder})
	eventsAfter, _ := p.Study.Store().Events(ctx, "", "", 0)
	if !reflect.DeepEqual(themesBefore, themesAfter) || len(eventsAfter) != len(eventsBefore) {
		t.Errorf("a read-only board changed the project: %d events before, %d after", len(eventsBefore), len(eventsAfter))
	}
	// Browsing still works.
	m = keys(t, m, "enter")
	if !m.viewing || !strings.Contains(screen(m), "belonging/isolation") {
		t.Errorf("the theme view does not open read-only:\n%s", screen(m))
	}
}

// failingMove is the core with a move between themes that fails.
type failingMove struct{ *study.Study }

func (failingMove) MoveCodeBetweenThemes(context.Context, study.Person, string, string, string) (study.ThemeCodeMove, error) {
	return study.ThemeCodeMove{}, errors.New("disk full")
}

func TestTUIThemesMoveThatFailsChangesNothing(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "belonging", "belonging/isolation")
	addTheme(t, p, "support")
	m := New(context.Background(), failingMove{p.Study}, style.Theme{Mono: true}, fixture.Coder)
	m.SetSize(120, 30)
	m = runCmd(t, m, m.Init())
	m = cursorOn(t, m, "belonging")
	m = keys(t, typed(t, keys(t, m, "tab", "m"), "support"), "enter")
	s := screen(m)
	if !strings.Contains(s, "✗ move belonging/isolation to support: disk full; nothing changed") {
		t.Errorf("a failed move is not reported:\n%s", s)
	}
	if got := codePaths(themeOf(t, p, "support")); len(got) != 0 {
		t.Errorf("a failed move left support with %v", got)
	}
	if got := codePaths(themeOf(t, p, "belonging")); !slices.Equal(got, []string{"belonging/isolation"}) {
		t.Errorf("a failed move left belonging with %v", got)
	}
}

func TestTUIThemesMoveIsOneActionThatOneUndoTakesBack(t *testing.T) {
	p := fixture.Small(t)
	addTheme(t, p, "belonging", "belonging/isolation")
	addTheme(t, p, "support")
	m := open(t, p, fixture.Coder, 120, 30, true)
	m = cursorOn(t, m, "belonging")
	m = keys(t, typed(t, keys(t, m, "tab", "m"), "support"), "enter")
	if got := codePaths(themeOf(t, p, "support")); !slices.Equal(got, []string{"belonging/isolation"}) {
		t.Fatalf("after the move support has %v (%s)", got, m.message)
	}
	if _, err := p.Study.Store().Undo(store.WithActor(context.Background(), fixture.Coder)); err != nil {
		t.Fatal(err)
	}
	if got := codePaths(themeOf(t, p, "belonging")); !slices.Equal(got, []string{"belonging/isolation"}) {
		t.Errorf("one undo should put the code back in belonging: %v", got)
	}
	if got := codePaths(themeOf(t, p, "support")); len(got) != 0 {
		t.Errorf("one undo should take the code out of support: %v", got)
	}
}

func TestTUIThemesShowsStoreErrors(t *testing.T) {
	// Blinding is on in the fixture, and nobody is named: the store refuses.
	m := open(t, fixture.Small(t), "", 80, 24, true)
	if s := screen(m); !strings.Contains(s, "✗ blind coding is on") {
		t.Errorf("the store's refusal is not on screen:\n%s", s)
	}
	m = keys(t, m, "n", "j", "enter", "D")
	if len(screen(m)) == 0 {
		t.Error("no screen after keys on an unread board")
	}
}
