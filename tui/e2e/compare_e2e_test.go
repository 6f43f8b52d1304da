package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
)

// TestReconcileOneDisagreementInARealTerminal opens the compare view on
// the demo project, takes ben's coding at the first open disagreement
// with one key, quits, and checks the consensus layer through the CLI.
func TestReconcileOneDisagreementInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)
	focal(t, bin, "demo", dir)
	project := filepath.Join(dir, "study.focal")
	focal(t, bin, "-p", project, "blind", "off", "--as", "amara")

	term := newTerminal(t, dir)
	command := fmt.Sprintf("%s -p %s tui --as amara --source fg01-belonging-en; sleep 60", bin, project)
	if out, err := term.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "focal", command); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })

	term.waitFor("fg01-belonging-en")
	term.keys(true, "C")
	term.waitFor("≠ 1/")
	term.waitFor("b ben")
	term.keys(true, "b")
	term.waitFor("took ben's coding")
	term.keys(true, "q")
	term.waitFor("? help")
	term.keys(true, "q")
	term.gone("? help") // the workspace has quit

	var cons []struct {
		Method     string   `json:"method"`
		Coder      string   `json:"coder"`
		FromCoders []string `json:"from_coders"`
		DecidedBy  string   `json:"decided_by"`
		From       []struct {
			Coder string `json:"coder"`
		} `json:"from_codings"`
	}
	out := focal(t, bin, "-p", project, "consensus", "list", "fg01-belonging-en", "--json")
	if err := json.Unmarshal([]byte(out), &cons); err != nil {
		t.Fatalf("consensus list: %v\n%s", err, out)
	}
	if len(cons) != 1 || cons[0].Method != "take" || cons[0].DecidedBy != "amara" || len(cons[0].From) == 0 || cons[0].From[0].Coder != "ben" {
		t.Fatalf("consensus %+v, want one coding taken from ben by amara", cons)
	}
}
