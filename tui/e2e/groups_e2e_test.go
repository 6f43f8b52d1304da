package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestGroupViewInARealTerminal opens the dashboard, then the group view,
// in tmux: the shares, the Gini coefficient worked out by hand and the
// turn-transition table are on the screen, s shows saturation and back,
// and esc goes back.
func TestGroupViewInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	project := filepath.Join(dir, "study.focal")
	transcript := filepath.Join(dir, "fg01.txt")
	// P01 says 3 + 4 = 7 words in 2 turns, P02 3 words, P03 1 word: 11
	// words; Gini of words 7, 3, 1 = 24 / (2 × 3 × 11) = 0.36.
	if err := os.WriteFile(transcript, []byte("MOD: Welcome everyone.\nP01: I felt alone.\nP02: Me too, often.\nP01: Every single night, really.\nMOD: Thanks.\nP03: Yes.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal(t, bin, "init", project)
	focal(t, bin, "-p", project, "import", transcript, "--lang", "en", "--group", "North")
	focal(t, bin, "-p", project, "speaker", "role", "MOD", "moderator", "--source", "fg01")
	focal(t, bin, "-p", project, "coder", "add", "amara", "--role", "pi")
	focal(t, bin, "-p", project, "coder", "add", "ben")
	focal(t, bin, "-p", project, "--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--turn", "2")
	focal(t, bin, "-p", project, "--as", "amara", "coding", "add", "--source", "fg01", "--code", "isolation", "--turn", "2")
	focal(t, bin, "-p", project, "--as", "amara", "blind", "off")

	term := newTerminal(t, dir)
	command := fmt.Sprintf("%s -p %s tui --as amara; sleep 60", bin, project)
	if out, err := term.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "focal", command); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })

	term.waitFor("fg01 · North · 6 turns")
	term.keys(true, "A")
	term.waitFor("Agreement")
	term.keys(true, "v")
	term.waitFor("Groups · how they talked · North (1 of 1)")
	term.waitFor("3 participants, 4 turns, 11 words · Gini of words 0.36, of turns 0.17")
	term.waitFor("moderator MOD: 2 turns (33.3 % of all)")
	term.waitFor("Who spoke after whom")
	// s: thematic saturation of the one group, from both coders' codings
	// (isolation); the method needs 6 groups.
	term.keys(true, "s")
	term.waitFor("Groups · thematic saturation (Guest, Namey & Chen 2020)")
	term.waitFor("codings: all coders' codings")
	term.waitFor("there are 1: 5 short")
	term.keys(true, "s")
	term.waitFor("Groups · how they talked · North (1 of 1)")
	term.keys(false, "Escape")
	term.waitFor("Agreement")
	term.keys(true, "q")
}
