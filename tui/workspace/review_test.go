package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// withPIs adds PIs to the small fixture.
func withPIs(t *testing.T, names ...string) *fixture.Project {
	t.Helper()
	p := fixture.Small(t)
	for _, n := range names {
		if _, err := p.Study.Store().AddCoder(store.WithActor(context.Background(), fixture.Coder), n, "pi"); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// writeHints are key-line hints of keys that write.
var writeHints = []string{"c code", "x remove", "u undo", "d done", "r e m", "M merge", "S X"}

func TestReviewLandsOnTheThemesBoardAsTheProjectsPI(t *testing.T) {
	p := withPIs(t, "amara")
	m := open(t, p, 80, 24, Options{Review: true})
	if m.prompt == promptCoder || m.coder != "amara" {
		t.Fatalf("review asked who is coding (prompt %d) or is not amara (%q):\n%s", m.prompt, m.coder, screenText(m))
	}
	if m.screen != screenThemes || !strings.Contains(screenText(m), "Themes") {
		t.Fatalf("review did not open on the themes board:\n%s", screenText(m))
	}
	if !m.opts.ReadOnly || !strings.Contains(screenText(m), "read-only") {
		t.Errorf("review is not read-only:\n%s", screenText(m))
	}
	// esc goes to the transcripts, whose key line shows only keys that work.
	m = keys(t, m, "esc")
	screen := screenText(m)
	if m.screen != screenCoding || !strings.Contains(screen, "fg01") {
		t.Fatalf("esc did not go to the transcript:\n%s", screen)
	}
	for _, h := range writeHints {
		if strings.Contains(screen, h) {
			t.Errorf("the review's key line advertises %q, which does not work read-only:\n%s", h, screen)
		}
	}
	if !strings.Contains(screen, "T themes") {
		t.Errorf("the key line does not say how to get back to the themes:\n%s", screen)
	}
	m = keys(t, m, "b")
	for _, h := range writeHints {
		if strings.Contains(screenText(m), h) {
			t.Errorf("the codebook pane's key line advertises %q in a review:\n%s", h, screenText(m))
		}
	}
	m = keys(t, m, "esc", "?")
	var help strings.Builder
	for range 20 {
		help.WriteString(screenText(m))
		m = keys(t, m, "pgdown")
	}
	for _, write := range []string{"apply a code", "undo my last action", "mark the source done", "rename the code", "new theme", "remove my coding"} {
		if strings.Contains(help.String(), write) {
			t.Errorf("the review's help lists %q, which does not work read-only", write)
		}
	}
	if !strings.Contains(help.String(), "read the memo here") {
		t.Errorf("the review's help does not say m reads memos")
	}
}

func TestReviewWithSeveralPIsAsksWhichPIOnce(t *testing.T) {
	p := withPIs(t, "amara", "dana")
	m := open(t, p, 120, 24, Options{Review: true})
	screen := screenText(m)
	if m.prompt != promptCoder || !strings.Contains(screen, "Which PI are you?") {
		t.Fatalf("no question of which PI:\n%s", screen)
	}
	if strings.Contains(screen, "ben (coder)") || strings.Contains(screen, "Who is coding") {
		t.Errorf("the review offers coders, not PIs:\n%s", screen)
	}
	if strings.Contains(screen, "no sources yet") {
		t.Errorf("behind the question the screen says there are no sources:\n%s", screen)
	}
	m = keys(t, m, "2")
	if m.coder != "dana" || m.screen != screenThemes {
		t.Errorf("after choosing dana: coder %q, screen %d", m.coder, m.screen)
	}
	// --as answers it.
	m = open(t, p, 80, 24, Options{Review: true, Coder: "amara"})
	if m.prompt == promptCoder || m.coder != "amara" || m.screen != screenThemes {
		t.Errorf("--as amara: prompt %d coder %q screen %d", m.prompt, m.coder, m.screen)
	}
}

func TestEscLeavesTheWhoIsCodingQuestion(t *testing.T) {
	p := fixture.Small(t)
	m := New(context.Background(), p.Study, Options{})
	m = run(t, m, windowSize(120, 24)) // wide: the sources pane shows
	m = runCmd(t, m, m.Init())
	if m.prompt != promptCoder {
		t.Fatalf("no question:\n%s", screenText(m))
	}
	if strings.Contains(screenText(m), "no sources yet") {
		t.Errorf("behind the question the screen says there are no sources:\n%s", screenText(m))
	}
	next, cmd := m.Update(press("esc"))
	m = next.(Model)
	if cmd == nil {
		t.Fatal("esc in the question did nothing")
	}
	// The list reports the cancel; the workspace answers it by quitting.
	_, cmd = m.Update(cmd())
	if _, ok := runToQuit(cmd); !ok {
		t.Error("esc in the question did not leave the workspace")
	}
}
