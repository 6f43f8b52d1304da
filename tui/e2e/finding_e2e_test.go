package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindAcrossSourcesInARealTerminal searches two transcripts from the
// workspace, codes every hit to its sentence as one action, undoes it with
// one key, then reads a code's passages across the study from the codebook
// pane (under blinding: only ben's own), with context, and jumps to one in
// its transcript. The CLI checks what was saved.
func TestFindAcrossSourcesInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	project := filepath.Join(dir, "study.focal")
	fg01 := filepath.Join(dir, "fg01.txt")
	fg02 := filepath.Join(dir, "fg02.txt")
	if err := os.WriteFile(fg01, []byte("MOD: How does the night team treat you?\n"+
		"P01: Nobody on the night team knew my name. I was the only one like me there.\n"+
		"P02: Same for me, on every rotation.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fg02, []byte("MOD: Anything else?\n"+
		"P07: Carmen's secret words stay hers. Being the only one is tiring. Really tiring.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal(t, bin, "init", project)
	focal(t, bin, "-p", project, "import", fg01, fg02, "--lang", "en")
	focal(t, bin, "-p", project, "coder", "add", "amara", "--role", "pi")
	focal(t, bin, "-p", project, "coder", "add", "ben")
	focal(t, bin, "-p", project, "coder", "add", "carmen")
	focal(t, bin, "-p", project, "--as", "amara", "blind", "on")
	focal(t, bin, "-p", project, "--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--new", "--quote", "Nobody on the night team knew my name.")
	focal(t, bin, "-p", project, "--as", "carmen", "coding", "add", "--source", "fg02", "--code", "isolation", "--quote", "Carmen's secret words stay hers.")

	term := newTerminal(t, dir)
	command := fmt.Sprintf("%s -p %s tui --as ben --source fg01; sleep 60", bin, project)
	if out, err := term.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "focal", command); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })
	term.waitFor("fg01 · 3 turns")

	// / then tab widens the search to every source.
	term.keys(true, "/", "only one")
	term.keys(false, "Tab")
	term.waitFor("Search · all sources")
	term.waitFor("1/2 hits in 2 sources")
	term.keys(true, "a", "w")
	term.waitFor("2 selected · c codes the sentence of each hit")
	term.keys(true, "c")
	term.waitFor("Code 2 hits (the sentence of each hit)")
	term.keys(true, "isolation")
	term.keys(false, "Enter")
	term.waitFor("coded 2 hits with isolation: 2 new")

	bens := func() []string {
		var cs []struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", "ben", "coding", "list", "--json")), &cs); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Text)
		}
		return out
	}
	if got := strings.Join(bens(), " | "); got != "Nobody on the night team knew my name. | I was the only one like me there. | Being the only one is tiring." {
		t.Fatalf("ben's codings after coding the hits: %s", got)
	}

	// One u in the workspace takes back both codings.
	term.keys(true, "q")
	term.waitFor("fg01 · 3 turns")
	term.keys(true, "u")
	term.waitFor("undone")
	if got := bens(); len(got) != 1 {
		t.Fatalf("after one undo ben has %d codings, want 1: %v", len(got), got)
	}

	// The codebook pane: p opens the passages of isolation across sources.
	term.keys(true, "b")
	term.waitFor("Codebook")
	term.keys(true, "p")
	term.waitFor("Passages · isolation")
	term.waitFor("1/1 passages in 1 sources")
	if s := term.screen(); strings.Contains(s, "Carmen's secret") {
		t.Fatalf("under blinding ben's passages show carmen's coding:\n%s", s)
	}
	term.keys(true, "c")
	term.waitFor("How does the night team treat you?")
	term.keys(false, "Enter")
	term.waitFor("turn 2/3") // the transcript; the passage's text was on the passages screen already
	term.waitFor("Nobody on the night team knew my name")

	// Q: the queries. Ben's own codings under blinding: isolation alone.
	term.keys(true, "Q")
	term.waitFor("Queries · code co-occurrence · codings of ben")
	term.waitFor("isolation: 1 codings")
	term.keys(false, "Enter")
	term.waitFor("Passages · isolation")
	term.keys(true, "q")
	term.waitFor("Queries · code co-occurrence")
	term.keys(true, "3")
	term.waitFor("Queries · word frequencies")
	// Stop words aside, the most frequent word is "night" (twice: MOD was
	// not marked a moderator here, so their words count too).
	term.waitFor(`"night": 2 times`)
	term.keys(false, "Enter")
	term.waitFor("Search · all sources · “night”")
	term.waitFor("1/2 hits in 1 sources")
	term.keys(true, "q")
	term.waitFor("Queries · word frequencies")
	term.keys(true, "q")
	term.waitFor("fg01 · 3 turns")
	term.keys(true, "q")
}
