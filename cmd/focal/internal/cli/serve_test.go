package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/cmd/focal/internal/serve"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
)

func TestRemoteArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		command string
		want    string // the arguments joined by |, or the refusal's words
		refused bool
	}{
		{"focal coding list --json", "coding|list|--json", false},
		{"  focal   progress  ", "progress", false},
		{`focal source show 'fg 01'`, "source|show|fg 01", false},
		{`focal source show "fg \"01\""`, `source|show|fg "01"`, false},
		{`focal coding list --code a\ b`, "coding|list|--code|a b", false},
		{"focal agree --json --unit turn", "agree|--json|--unit|turn", false},
		{"focal code list --help", "code|list|--help", false},
		{"focal export xlsx", "export|xlsx|--out|-", false},
		{"focal export qdpx --coder ben", "export|qdpx|--coder|ben|--out|-", false},
		{"focal export csv --what segments", "export|csv|--what|segments", false},

		{"", "only focal commands", true},
		{"rm -rf /", "only focal commands", true},
		{"ls", "only focal commands", true},
		{"focal", "not allowed", true},
		{"focal import x", "`focal import` is not allowed", true},
		{"focal coding add --source fg01 --code x --turn 1", "`focal coding add` is not allowed", true},
		{"focal coding rm abcd", "not allowed", true},
		{"focal undo", "not allowed", true},
		{"focal blind off", "not allowed", true},
		{"focal tui", "not allowed", true},
		{"focal serve", "allowed are", true},      // unknown until root.go lists it
		{"focal log --json", "log|--json", false}, // read through Sight, as every listing
		{"focal code history isolation", "code|history|isolation", false},
		{"focal agree table /etc/passwd", "`focal agree table` is not allowed", true},
		{"focal help", "not allowed", true},
		{"focal completion bash", "not allowed", true},
		{"focal nonsense", "unknown command", true},
		{"focal coding list -p other.focal", "-p is not accepted", true},
		{"focal coding list --project other.focal", "--project is not accepted", true},
		{"focal coding list --project=other.focal", "--project is not accepted", true},
		{"focal -p other.focal coding list", "-p is not accepted", true},
		{"focal coding list --as ben", "--as is not accepted", true},
		{"focal coding list --as=ben", "--as is not accepted", true},
		{"focal coding list -hp x", "-hp is not accepted", true},
		{"focal export xlsx --out /tmp/x.xlsx", "--out is not accepted", true},
		{"focal export xlsx -o /tmp/x.xlsx", "-o is not accepted", true},
		{"focal coding export --out=x.csv", "--out is not accepted", true},
		{"focal search belong --code belonging", "--code is not accepted", true},
		{"focal search belong --code=belonging", "--code is not accepted", true},
		{"focal search belong --json", "search|belong|--json", false},
		{"focal saturation --json", "saturation|--json", false},
		{"focal suggest accept belonging fg01:1-5", "not allowed over SSH", true},
		{"focal coding list | cat", "no shell runs here", true},
		{"focal coding list; rm -rf /", "no shell runs here", true},
		{"focal coding list > x", "no shell runs here", true},
		{"focal source show $(id)", "no shell runs here", true},
		{`focal source show "$HOME"`, "no shell runs here", true},
		{"focal source show `id`", "no shell runs here", true},
		{"focal source show 'fg01", "unfinished quote", true},
		{"focal coding list\nrm x", "no shell runs here", true},
	}
	for _, tc := range tests {
		t.Run(tc.command, func(t *testing.T) {
			args, err := remoteArgs(tc.command)
			switch {
			case tc.refused && err == nil:
				t.Fatalf("allowed as %q", args)
			case tc.refused && !strings.Contains(err.Error(), tc.want):
				t.Errorf("refusal %q lacks %q", err, tc.want)
			case !tc.refused && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.refused && strings.Join(args, "|") != tc.want:
				t.Errorf("args %q, want %s", args, tc.want)
			}
		})
	}
}

// TestRemoteCommandsExistAndOnlyRead checks that every allowed command is
// a real command, and that none of them changes the project: each is run
// on a coded project and the event log must not grow.
func TestRemoteCommandsExistAndOnlyRead(t *testing.T) {
	t.Parallel()
	r := codedProject(t)
	probe := &App{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	root := newRootCmd(probe)
	if found, _, err := root.Find([]string{"team"}); err != nil || found == root {
		root.AddCommand(newTeamCmd(probe))
	}
	before := r.ok("--as", "amara", "log", "--json")
	for path := range remoteCommands() {
		words := strings.Fields(path)[1:]
		cmd, _, err := root.Find(words)
		if err != nil || cmd.CommandPath() != path {
			t.Errorf("%s is not a command (found %v, %v)", path, cmd.CommandPath(), err)
			continue
		}
		args := append([]string{"--as", "amara"}, words...)
		if remoteCommands()[path].toStdout {
			args = append(args, "--out", "-")
		}
		r.runTeam(args...) // some need arguments and fail: that is fine here
	}
	if after := r.ok("--as", "amara", "log", "--json"); after != before {
		t.Error("an allowed command changed the project")
	}
}

// codedProject is a project with one source, two coders with a coding
// each, and their keys in the team.
func codedProject(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	newClientKey(t, r, "amara")
	newClientKey(t, r, "ben")
	r.teamOK("team", "add", "amara", "--key", "amara.pub", "--role", "pi")
	r.teamOK("team", "add", "ben", "--key", "ben.pub", "--as", "amara")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "the only one", "--as", "ben")
	r.ok("coding", "add", "--source", "fg01", "--code", "belonging", "--turn", "1", "--as", "amara")
	return r
}

func loadSigner(t *testing.T, r *runner, name string) ssh.Signer {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func TestServeRunsAllowedCommandsAsTheKeysCoder(t *testing.T) {
	t.Parallel()
	r := codedProject(t)
	path := filepath.Join(r.dir, "study.focal")
	s, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hostKey, _, err := serve.LoadOrCreateHostKey(filepath.Join(r.dir, "host"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, &App{}, study.New(s), path, hostKey, ln, &stdout, &stderr) }()
	stop := sync.OnceValue(func() error {
		cancel()
		return <-done
	})
	defer stop()

	client, err := ssh.Dial("tcp", ln.Addr().String(), &ssh.ClientConfig{User: "ben", Auth: []ssh.AuthMethod{ssh.PublicKeys(loadSigner(t, r, "amara"))},
		HostKeyCallback: ssh.FixedHostKey(hostKey.PublicKey()), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	run := func(t *testing.T, command string) (string, string, int) {
		t.Helper()
		session, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer session.Close()
		var out, errOut bytes.Buffer
		session.Stdout, session.Stderr = &out, &errOut
		err = session.Run(command)
		var exit *ssh.ExitError
		status := 0
		if errors.As(err, &exit) {
			status = exit.ExitStatus()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), status
	}

	t.Run("blinding follows the key, not the user name", func(t *testing.T) {
		out, errOut, status := run(t, "focal coding list --json")
		if status != 0 {
			t.Fatalf("exit %d: %s", status, errOut)
		}
		var codings []map[string]any
		if err := json.Unmarshal([]byte(out), &codings); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(codings) != 1 || codings[0]["coder"] != "amara" || codings[0]["code"] != "belonging" {
			t.Errorf("amara sees %v; blinding is on, so only her own coding", codings)
		}
	})
	t.Run("source list", func(t *testing.T) {
		out, _, status := run(t, "focal source list")
		if status != 0 || !strings.Contains(out, "fg01") {
			t.Errorf("exit %d: %s", status, out)
		}
	})
	t.Run("a file export comes back as output", func(t *testing.T) {
		out, errOut, status := run(t, "focal export qdc")
		if status != 0 || !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, "belonging") {
			t.Errorf("exit %d: %.200s %s", status, out, errOut)
		}
		if matches, _ := filepath.Glob(filepath.Join(r.dir, "*.qdc")); len(matches) > 0 {
			t.Errorf("the export wrote %v on the server", matches)
		}
	})
	// Issue 22: agreement would tell amara what ben coded; refused over
	// SSH as on the command line.
	t.Run("agreement is refused under blinding", func(t *testing.T) {
		for _, command := range []string{"focal agree --include-unfinished", "focal agree --explain --code isolation --source fg01 --include-unfinished",
			"focal agree --overlap 0.9 --include-unfinished --json"} {
			out, errOut, status := run(t, command)
			if status != ExitError || out != "" || !strings.HasPrefix(errOut, "focal: agree: blind coding is on") {
				t.Errorf("%s: exit %d, stdout %q, stderr %q", command, status, out, errOut)
			}
		}
	})
	t.Run("a failing command returns its status", func(t *testing.T) {
		_, errOut, status := run(t, "focal source show nowhere")
		if status != ExitError || !strings.HasPrefix(errOut, "focal: ") {
			t.Errorf("exit %d: %s", status, errOut)
		}
		_, _, status = run(t, "focal coding list --bogus")
		if status != ExitUsage {
			t.Errorf("exit %d for a bad flag", status)
		}
	})
	for _, command := range []string{"focal import x", "rm -rf /", "focal coding add --source fg01 --code x --turn 1",
		"focal coding list --as ben", "focal undo", "focal coding list | cat"} {
		t.Run("refused "+command, func(t *testing.T) {
			out, errOut, status := run(t, command)
			if status != serve.ExitRefused || out != "" || !strings.HasPrefix(errOut, "focal: ") {
				t.Errorf("exit %d, stdout %q, stderr %q", status, out, errOut)
			}
		})
	}
	if codings := decode[[]map[string]any](t, r.ok("coding", "list", "--as", "ben", "--json")); len(codings) != 1 {
		t.Errorf("ben's codings changed: %v", codings)
	}
	if err := stop(); err != nil {
		t.Errorf("serveOn: %v", err)
	}
	log := stderr.String()
	for _, want := range []string{"connected as amara (pi), user \"ben\"", `exec "focal coding list --json": exit 0`, `refused exec "focal undo"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

func TestServeCommandMakesAHostKeyOnceAndStops(t *testing.T) {
	t.Parallel()
	r := codedProject(t)
	start := func() (fingerprint string) {
		t.Helper()
		var stdout, stderr syncBuffer
		app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" },
			projectFlag: filepath.Join(r.dir, "study.focal")}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- runServe(ctx, app, serveOptions{listen: "127.0.0.1:0"}, &stdout, &stderr) }()
		addr := regexp.MustCompile(`listening on (\S+)`)
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(stdout.String(), "Ctrl+C") {
			if time.Now().After(deadline) {
				t.Fatalf("the server did not start:\n%s%s", stdout.String(), stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		m := addr.FindStringSubmatch(stdout.String())
		if m == nil {
			t.Fatalf("no address in:\n%s", stdout.String())
		}
		var hostKey ssh.PublicKey
		client, err := ssh.Dial("tcp", m[1], &ssh.ClientConfig{User: "amara", Auth: []ssh.AuthMethod{ssh.PublicKeys(loadSigner(t, r, "amara"))},
			HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error { hostKey = key; return nil }, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		client.Close()
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("runServe: %v", err)
		}
		out := stdout.String()
		fingerprint = ssh.FingerprintSHA256(hostKey)
		for _, want := range []string{"host key " + fingerprint + " (ssh-ed25519", "team: 2 key(s): amara (pi), ben (coder)", "stopped; the project is closed"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if app.study != nil {
			t.Error("the project is still open")
		}
		return fingerprint
	}
	first := start()
	fi, err := os.Stat(filepath.Join(r.dir, "study.focal.hostkey"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v", fi.Mode().Perm())
	}
	if second := start(); second != first {
		t.Errorf("the host key changed: %s then %s", first, second)
	}
}

// syncBuffer is a buffer written by a server and read by a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
