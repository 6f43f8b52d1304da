package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readingProject is a project of one source with ben's coding on turn 2,
// the PIs named and blinding on.
func readingProject(t *testing.T, bin, dir string, pis ...string) string {
	t.Helper()
	project := filepath.Join(dir, "study.focal")
	transcript := filepath.Join(dir, "fg01.txt")
	if err := os.WriteFile(transcript, []byte("MOD: How does the night team treat you?\n"+
		"P01: Nobody on the night team knew my name.\n"+
		"MOD: And the others?\n"+
		"P02: Same for me, on every rotation.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal(t, bin, "init", project)
	focal(t, bin, "-p", project, "import", transcript, "--lang", "en")
	focal(t, bin, "-p", project, "speaker", "role", "MOD", "moderator", "--source", "fg01")
	for _, pi := range pis {
		focal(t, bin, "-p", project, "coder", "add", pi, "--role", "pi")
	}
	focal(t, bin, "-p", project, "coder", "add", "ben")
	focal(t, bin, "-p", project, "coder", "add", "carmen")
	focal(t, bin, "-p", project, "--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--turn", "2")
	focal(t, bin, "-p", project, "--as", "ben", "theme", "add", "Carrying two worlds between home and the ward")
	return project
}

// start runs a focal command in a fresh tmux session of 80×24, without
// $FOCAL_CODER.
func start(t *testing.T, dir, command string) *terminal {
	t.Helper()
	term := newTerminal(t, dir)
	if out, err := term.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "focal", "env -u FOCAL_CODER "+command+"; sleep 60"); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })
	return term
}

func TestMemosAreMarkedReopenedAndBrowsedInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	project := readingProject(t, bin, dir)
	// carmen's memo on the theme: under blinding ben sees memos on themes.
	focal(t, bin, "-p", project, "--as", "carmen", "memo", "add", "--theme", "Carrying two worlds between home and the ward",
		"--text", "Keep both languages in the quotes.")
	term := start(t, dir, fmt.Sprintf("%s -p %s tui --as ben", bin, project))

	term.waitFor("fg01 · 4 turns")
	// > passes over the moderator's turns: from turn 1 to P02's turn 4
	// (turn 2 is coded, turn 3 is the moderator's).
	term.keys(true, ">")
	term.waitFor("turn 4/4")
	// A memo on ben's coding of turn 2.
	term.keys(true, "g", "}", "m")
	term.waitFor("new memo on my coding isolation")
	term.keys(true, "1")
	term.waitFor("Memo on my coding")
	term.keys(true, "Nobody learns names on nights.")
	term.keys(false, "Enter")
	term.waitFor("saved: memo on")
	term.waitFor("✎isolation")
	// m again opens it, with its text.
	term.keys(true, "m")
	term.waitFor("Your memo on")
	term.waitFor("Nobody learns names on nights.")
	term.keys(false, "Escape")
	term.gone("Your memo on")
	// The browser lists it with its place, and goes there.
	term.keys(true, "g", "M")
	term.waitFor("Memos you can see (2)")
	term.waitFor("ben's coding isolation, fg01 turn 2")
	term.keys(false, "Enter")
	term.waitFor("turn 2/4")
	term.waitFor("Your memo on")
	term.keys(false, "Escape")
	term.gone("Your memo on")
	// A memo on a theme opens the themes board on that theme, showing it.
	term.keys(true, "M")
	term.waitFor("Memos you can see (2)")
	term.waitFor("theme Carrying two worlds between home and the ward · carmen")
	term.keys(true, "2")
	term.waitFor("Memo by carmen")
	term.waitFor("▶ Carrying two ")
	term.waitFor("Keep both languages in the quotes.")
	term.keys(true, "q")
	term.gone("Memo by carmen")
	term.waitFor("fg01 · 4 turns")
	term.keys(true, "q")
	term.gone("fg01 · 4 turns")

	var memos []struct {
		TargetKind string `json:"target_kind"`
		Body       string `json:"body"`
		Author     string `json:"author"`
	}
	if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", "ben", "memo", "list", "--kind", "coding", "--json")), &memos); err != nil {
		t.Fatal(err)
	}
	if len(memos) != 1 || memos[0].TargetKind != "coding" || memos[0].Body != "Nobody learns names on nights." || memos[0].Author != "ben" {
		t.Errorf("memos %+v, want ben's one memo on his coding", memos)
	}
	// Under blinding carmen sees no memo of ben's on his coding.
	carmen := focal(t, bin, "-p", project, "--as", "carmen", "memo", "list")
	if strings.Contains(carmen, "Nobody learns names") {
		t.Errorf("carmen sees ben's coding memo under blinding:\n%s", carmen)
	}
}

func TestAPIsReviewLandsOnTheThemesInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	project := readingProject(t, bin, dir, "amara")
	term := start(t, dir, fmt.Sprintf("%s -p %s review", bin, project))

	term.waitFor("Themes · 1 theme")
	screen := term.screen()
	if strings.Contains(screen, "Who is coding") {
		t.Fatalf("the review asked who is coding:\n%s", screen)
	}
	if !strings.Contains(screen, "amara · read-only") {
		t.Errorf("the review is not amara's, read-only:\n%s", screen)
	}
	if strings.Contains(screen, "Carrying tw…") {
		t.Errorf("the theme's name is cut mid-word at 80 columns:\n%s", screen)
	}
	// esc goes to the transcript; its key line offers only what works.
	term.keys(false, "Escape")
	term.waitFor("fg01 · 4 turns")
	term.waitFor("T themes")
	screen = term.screen()
	for _, write := range []string{"c code", "x remove", "u undo"} {
		if strings.Contains(screen, write) {
			t.Errorf("the review advertises %q:\n%s", write, screen)
		}
	}
	term.keys(true, "q")
	term.gone("T themes")
}

func TestAReviewWithTwoPIsAsksWhichAndEscLeaves(t *testing.T) {
	dir, bin := focalBinary(t)
	project := readingProject(t, bin, dir, "amara", "dana")
	term := start(t, dir, fmt.Sprintf("%s -p %s review", bin, project))

	term.waitFor("Which PI are you?")
	screen := term.screen()
	if strings.Contains(screen, "ben (coder)") || strings.Contains(screen, "no sources yet") {
		t.Errorf("the question offers coders or says there are no sources:\n%s", screen)
	}
	term.keys(false, "Escape")
	term.gone("Which PI are you?")
}
