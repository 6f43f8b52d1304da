package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestHarmoniseAndBuildAThemeInARealTerminal merges two coders' names for
// one idea from the codebook pane, builds a theme on the board, reads its
// quotes, then opens the project for review, as a team would after blind
// coding; the CLI checks what was saved.
func TestHarmoniseAndBuildAThemeInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	project := filepath.Join(dir, "study.focal")
	transcript := filepath.Join(dir, "fg01.txt")
	if err := os.WriteFile(transcript, []byte("MOD: How does the night team treat you?\n"+
		"P01: Nobody on the night team knew my name. I was the only one like me there.\n"+
		"P02: Same for me, on every rotation.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal(t, bin, "init", project)
	focal(t, bin, "-p", project, "import", transcript, "--lang", "en")
	focal(t, bin, "-p", project, "coder", "add", "amara", "--role", "pi")
	focal(t, bin, "-p", project, "coder", "add", "ben")
	focal(t, bin, "-p", project, "coder", "add", "carmen")
	focal(t, bin, "-p", project, "--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--turn", "2")
	focal(t, bin, "-p", project, "--as", "carmen", "coding", "add", "--source", "fg01", "--code", "the only one", "--quote", "I was the only one like me there.")
	focal(t, bin, "-p", project, "--as", "amara", "blind", "off")

	term := newTerminal(t, dir)
	command := fmt.Sprintf("%s -p %s tui --as amara; sleep 60", bin, project)
	if out, err := term.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "focal", command); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })

	term.waitFor("fg01 · 3 turns")
	// The codebook pane: "the only one" is second; merging it offers
	// isolation first, as it covers the same words.
	term.keys(true, "b")
	term.waitFor("Codebook")
	term.keys(true, "G", "M")
	term.waitFor("100% same text")
	term.keys(false, "Enter")
	term.waitFor("Merge the only one (1 coding) into") // the question, not the picker's title "Merge the only one into…"
	term.keys(false, "Enter")
	term.waitFor("merged the only one into isolation")

	// The themes board: a new theme with isolation in it, then its quotes.
	// The board drops keys until it has read the project ("Themes ·
	// reading…"), and shows a change's message before it reads the board
	// again: each key waits for the board that holds the change before.
	term.keys(true, "T")
	term.waitFor("no themes yet: n creates one")
	term.keys(true, "n", "belonging")
	term.keys(false, "Enter")
	term.waitFor("added theme belonging")
	term.waitFor("Themes · 1 theme · 0 of 1 code in a theme")
	term.keys(true, "a", "isolation")
	term.keys(false, "Enter")
	term.waitFor("assigned isolation to belonging")
	term.waitFor("Themes · 1 theme · 1 of 1 code in a theme")
	term.keys(false, "Enter")
	term.waitFor("rests on one participant")
	term.keys(true, "q")
	term.waitFor("a assign")
	// A memo on the theme, in the memo editor; it shows under the theme's
	// summaries, and again when the board is opened anew.
	term.keys(true, "W")
	term.waitFor("Memo on theme belonging")
	term.keys(true, "Apart from the team, not from the work.")
	term.keys(false, "Enter")
	term.waitFor("saved your memo on belonging")
	term.waitFor("Memo by amara")
	term.keys(true, "q")
	term.waitFor("Codebook · here/all")
	term.keys(true, "T")
	term.waitFor("Apart from the team, not from the work.")
	term.waitFor("belonging ✎")
	term.keys(true, "q")
	term.waitFor("Codebook · here/all")
	term.keys(true, "q")
	term.gone("Codebook · here/all") // the workspace has quit

	var codes []struct {
		Path    string `json:"path"`
		Codings int    `json:"codings"`
	}
	if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", "amara", "code", "list", "--json")), &codes); err != nil {
		t.Fatal(err)
	}
	if len(codes) != 1 || codes[0].Path != "isolation" || codes[0].Codings != 2 {
		t.Fatalf("codebook after the merge: %+v, want isolation alone with both coders' codings", codes)
	}
	var theme struct {
		Codes []struct {
			Path string `json:"path"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", "amara", "theme", "show", "belonging", "--json")), &theme); err != nil {
		t.Fatal(err)
	}
	if len(theme.Codes) != 1 || theme.Codes[0].Path != "isolation" {
		t.Fatalf("theme belonging: %+v, want isolation", theme)
	}
	// The memo written on the board is the CLI's too, for the team.
	for _, who := range []string{"amara", "ben"} {
		var memos []struct {
			Kind   string `json:"target_kind"`
			Target string `json:"target"`
			Author string `json:"author"`
			Body   string `json:"body"`
		}
		if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", who, "memo", "list", "--theme", "belonging", "--json")), &memos); err != nil {
			t.Fatal(err)
		}
		if len(memos) != 1 || memos[0].Kind != "theme" || memos[0].Target != "belonging" || memos[0].Author != "amara" ||
			memos[0].Body != "Apart from the team, not from the work." {
			t.Fatalf("focal memo list --theme belonging as %s: %+v, want amara's memo from the board", who, memos)
		}
	}

	// A PI's review lands on the board; a change is refused.
	if out, err := term.tmux("respawn-pane", "-k", "-t", "focal", fmt.Sprintf("%s -p %s review --as amara; sleep 60", bin, project)); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	term.waitFor("read-only")
	term.waitFor("belonging")
	term.waitFor("Memo by amara") // the theme's memo, to read
	term.keys(true, "W")
	term.waitFor("read-only review")
	term.keys(true, "j")
	term.gone("read-only review")
	term.keys(true, "n")
	term.waitFor("read-only review")
	term.keys(true, "q", "q")
	var after []struct {
		Body string `json:"body"`
	}
	if err := json.Unmarshal([]byte(focal(t, bin, "-p", project, "--as", "amara", "memo", "list", "--kind", "theme", "--json")), &after); err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 {
		t.Fatalf("the review changed the memos on themes: %+v", after)
	}
	if out := focal(t, bin, "-p", project, "--as", "amara", "theme", "list", "--json"); len(out) == 0 {
		t.Fatal("no theme list")
	}
}
