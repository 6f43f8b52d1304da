// Package e2e drives the real focal binary's coding workspace in a real
// terminal (tmux), then checks what it saved through the CLI.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/focalqda/focal/corpus/testenv"
)

// moduleRoot is the folder of go.mod, where the binary is built from.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("cannot find the module: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// built is the focal binary, built once for every test of the package.
var built struct {
	sync.Once
	path string
	err  error
	out  []byte
}

// TestMain removes the built binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// focalBinary skips the test without tmux (fails it under CI), builds focal
// once, and returns a fresh folder for the test with the binary's path.
func focalBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	testenv.Program(t, "tmux")
	built.Do(func() {
		tmp, err := os.MkdirTemp("", "focal-e2e-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(tmp, "focal")
		build := exec.Command("go", "build", "-o", built.path, "./cmd/focal")
		build.Dir = moduleRoot(t)
		built.out, built.err = build.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return t.TempDir(), built.path
}

// focal runs the built binary and returns its standard output.
func focal(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("focal %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// terminal is one tmux server of our own (its own socket), so the test
// never touches a tmux the developer is running.
type terminal struct {
	t      *testing.T
	socket string
	// before is the screen just before the last keys were sent; settled
	// says whether a wait since then has seen a change the keys made.
	before  string
	settled bool
}

// newTerminal is a terminal on the socket tmux.sock in dir.
func newTerminal(t *testing.T, dir string) *terminal {
	return &terminal{t: t, socket: filepath.Join(dir, "tmux.sock"), settled: true}
}

func (term *terminal) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...).CombinedOutput()
	return string(out), err
}

func (term *terminal) screen() string {
	out, _ := term.tmux("capture-pane", "-p", "-t", "focal")
	return out
}

// patience is how long a test waits for the screen to change. It is
// generous: under the race detector on a busy 2-core machine a step (an
// fsync'd write, a redraw) has been seen to take many seconds; it is a
// bound on waiting, polled every 50 ms, not a timing assertion.
const patience = 60 * time.Second

// waitFor waits until the screen shows text. The first wait after keys
// must be for text the screen did not show before them: otherwise it
// could return before the keys took effect, and the next keys would reach
// the old screen (seen under load). Wait first for text only the new
// screen shows; later waits may then check what stays. The check cannot
// see a screen that shows before it takes keys (the themes board while it
// reads): there, wait for text that shows only once it is ready.
func (term *terminal) waitFor(text string) {
	term.t.Helper()
	if !term.settled && strings.Contains(term.before, text) {
		term.t.Fatalf("waitFor(%q) right after keys: the screen showed it before the keys, so it proves nothing; wait for text only the new screen shows:\n%s", text, term.before)
	}
	term.settled = true
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if strings.Contains(term.screen(), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	term.t.Fatalf("the screen never showed %q; it shows:\n%s", text, term.screen())
}

// gone waits until the screen no longer shows text. Right after keys,
// the text must have been on the screen before them (see waitFor).
func (term *terminal) gone(text string) {
	term.t.Helper()
	if !term.settled && !strings.Contains(term.before, text) {
		term.t.Fatalf("gone(%q) right after keys: the screen did not show it before the keys, so it proves nothing:\n%s", text, term.before)
	}
	term.settled = true
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if !strings.Contains(term.screen(), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	term.t.Fatalf("the screen still shows %q:\n%s", text, term.screen())
}

// keys sends tmux key names (Enter, Escape) or, with literal, text.
func (term *terminal) keys(literal bool, keys ...string) {
	term.t.Helper()
	if term.settled {
		term.before, term.settled = term.screen(), false
	}
	args := []string{"send-keys", "-t", "focal"}
	if literal {
		args = append(args, "-l")
	}
	if out, err := term.tmux(append(args, keys...)...); err != nil {
		term.t.Fatalf("send-keys %q: %v %s", keys, err, out)
	}
}

func TestCodeATurnFromTheKeyboardInARealTerminal(t *testing.T) {
	dir, bin := focalBinary(t)

	project := filepath.Join(dir, "study.focal")
	transcript := filepath.Join(dir, "fg01.txt")
	if err := os.WriteFile(transcript, []byte("MOD: Welcome, everyone. What comes to mind first?\n"+
		"P01: Nobody on the night team knew my name.\n"+
		"P02: Same for me, on every rotation.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	focal(t, bin, "init", project)
	focal(t, bin, "-p", project, "import", transcript, "--lang", "en")
	focal(t, bin, "-p", project, "coder", "add", "ben")
	focal(t, bin, "-p", project, "coder", "add", "carmen")

	term := newTerminal(t, dir)
	command := fmt.Sprintf("%s -p %s tui --as ben; sleep 60", bin, project)
	if out, err := term.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "focal", command); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	t.Cleanup(func() { term.tmux("kill-server") })

	term.waitFor("fg01 · 3 turns")
	term.keys(true, "}", "t")
	term.waitFor("selected")
	term.keys(true, "c")
	term.waitFor("type to filter")
	term.keys(true, "not known")
	term.waitFor(`+ new code “not known”`)
	term.keys(false, "Enter")
	term.waitFor("A definition helps")
	term.keys(true, "Nobody knows who you are.")
	term.keys(false, "Enter")
	term.waitFor("saved: coded")
	term.keys(true, "q")
	term.gone("fg01 · 3 turns") // the workspace has quit (any key clears "saved: coded")

	var codings []struct {
		Code  string `json:"code"`
		Coder string `json:"coder"`
		Text  string `json:"text"`
		Turn  int    `json:"turn"`
	}
	out := focal(t, bin, "-p", project, "coding", "list", "--json", "--as", "ben")
	if err := json.Unmarshal([]byte(out), &codings); err != nil {
		t.Fatalf("coding list: %v\n%s", err, out)
	}
	if len(codings) != 1 || codings[0].Code != "not known" || codings[0].Coder != "ben" || codings[0].Turn != 2 ||
		codings[0].Text != "Nobody on the night team knew my name." {
		t.Errorf("codings %+v, want ben's “not known” on turn 2", codings)
	}
	codes := focal(t, bin, "-p", project, "code", "list", "--as", "ben")
	if !strings.Contains(codes, "Nobody knows who you are.") {
		t.Errorf("the new code lacks its definition:\n%s", codes)
	}
}
