package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/store"
)

// whoami is an exec function for these tests: "focal whoami" prints the
// identity and exits 3; everything else is refused.
func whoami(_ context.Context, id Identity, command string, stdout, _ io.Writer) (int, error) {
	if command == "focal crash" {
		panic("a bug in a command")
	}
	if command != "focal whoami" {
		return 0, fmt.Errorf("%q is not allowed", command)
	}
	fmt.Fprintf(stdout, "%s %s\nsecond line\n", id.Coder, id.Role)
	return 3, nil
}

func TestWorkspaceOverSSHCodesAsTheKeysCoder(t *testing.T) {
	s, src := newProject(t, 12)
	ana := addMember(t, s, "amara", "pi")
	addMember(t, s, "ben", "coder")
	ts := startServer(t, s, whoami)

	// The client gives another user name: the key decides.
	c := ts.connect(t, ana)
	term := openWorkspace(t, c, 100, 30)
	term.waitScreen(t, "12 turns")
	term.resize(t, 120, 36)
	term.press(t, "}")
	if err := term.codeTurn(2); err != nil {
		t.Fatal(err)
	}
	term.press(t, "isolation", "enter") // a new code: the picker asks for a definition
	term.waitScreen(t, "definition")
	term.press(t, "Feeling alone.", "enter")
	term.waitScreen(t, "saved")
	waitFor(t, 10*time.Second, "the coding in the project", func() bool { return len(codingsOf(t, s, "amara")) == 1 })

	turns, err := s.Turns(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := codingsOf(t, s, "amara")[0]
	if got.Code != "isolation" || got.Start < turns[1].Start || got.End > turns[1].End || got.Turn != 2 {
		t.Errorf("coding = %+v, want isolation on turn 2 %d–%d", got, turns[1].Start, turns[1].End)
	}
	if n := len(codingsOf(t, s, "ben")); n != 0 {
		t.Errorf("ben has %d codings; the session was amara's", n)
	}
	events, err := s.Events(t.Context(), "", "coding.", 0)
	if err != nil || len(events) != 1 || events[0].Actor != "amara" {
		t.Errorf("coding events = %+v, %v; want one by amara", events, err)
	}

	term.press(t, "q")
	if err := term.session.Wait(); err != nil {
		t.Errorf("quitting the workspace: %v", err)
	}
	log := ts.log.String()
	for _, want := range []string{"connected as amara (pi), user \"researcher\"", "workspace started (xterm-256color, 100x30)", "workspace ended"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

func TestRefusedLogins(t *testing.T) {
	s, _ := newProject(t, 3)
	addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)
	stranger := newKey(t)
	tests := []struct {
		name string
		auth []ssh.AuthMethod
		log  string
	}{
		{"unknown key", []ssh.AuthMethod{ssh.PublicKeys(stranger)}, "key " + ssh.FingerprintSHA256(stranger.PublicKey()) + " not in the team"},
		{"password", []ssh.AuthMethod{ssh.Password("amara")}, "refused: no key offered"},
		{"keyboard-interactive", []ssh.AuthMethod{ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"amara"}, nil
		})}, "refused: no key offered"},
	}
	t.Run("not SSH", func(t *testing.T) {
		conn, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET / HTTP/1.0\r\n\r\n")
		conn.Close()
		waitFor(t, 5*time.Second, "the refusal in the log", func() bool { return strings.Contains(ts.log.String(), "refused: no SSH handshake") })
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := strings.Count(ts.log.String(), "refused:")
			c, err := ts.dial("amara", tc.auth...)
			if err == nil {
				c.Close()
				t.Fatal("the login was accepted")
			}
			if !strings.Contains(err.Error(), "unable to authenticate") {
				t.Errorf("error = %v", err)
			}
			waitFor(t, 5*time.Second, "the refusal in the log", func() bool { return strings.Count(ts.log.String(), "refused:") > before })
			if !strings.Contains(ts.log.String(), tc.log) {
				t.Errorf("the log lacks %q:\n%s", tc.log, ts.log.String())
			}
		})
	}
}

func TestOnlyTheWorkspaceAndAllowedCommands(t *testing.T) {
	s, _ := newProject(t, 3)
	ana := addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)
	c := ts.connect(t, ana)

	run := func(t *testing.T, pty bool, start func(*ssh.Session) error) (stdout, stderr string, status int) {
		t.Helper()
		session, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer session.Close()
		var out, errOut bytes.Buffer
		session.Stdout, session.Stderr = &out, &errOut
		if pty {
			if err := session.RequestPty("xterm", 24, 80, ssh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := start(session); err != nil {
			t.Fatal(err)
		}
		err = session.Wait()
		var exit *ssh.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exit):
			status = exit.ExitStatus()
		default:
			t.Fatal(err)
		}
		return out.String(), errOut.String(), status
	}

	t.Run("shell without a terminal", func(t *testing.T) {
		_, stderr, status := run(t, false, (*ssh.Session).Shell)
		if status != ExitRefused || !strings.Contains(stderr, "no shell") || !strings.Contains(stderr, "ssh -t") {
			t.Errorf("status %d, stderr %q", status, stderr)
		}
	})
	t.Run("allowed command", func(t *testing.T) {
		stdout, _, status := run(t, false, func(s *ssh.Session) error { return s.Start("focal whoami") })
		if status != 3 || stdout != "amara pi\nsecond line\n" {
			t.Errorf("status %d, stdout %q", status, stdout)
		}
	})
	t.Run("allowed command on a terminal", func(t *testing.T) {
		stdout, _, status := run(t, true, func(s *ssh.Session) error { return s.Start("focal whoami") })
		if status != 3 || stdout != "amara pi\r\nsecond line\r\n" {
			t.Errorf("status %d, stdout %q", status, stdout)
		}
	})
	t.Run("a command that panics fails alone", func(t *testing.T) {
		_, stderr, status := run(t, false, func(s *ssh.Session) error { return s.Start("focal crash") })
		if status != 1 || !strings.Contains(stderr, "internal error") {
			t.Errorf("status %d, stderr %q", status, stderr)
		}
	})
	for _, command := range []string{"focal import x", "rm -rf /", "focal coding add --source fg01 --code x --turn 1"} {
		t.Run("refused "+command, func(t *testing.T) {
			stdout, stderr, status := run(t, false, func(s *ssh.Session) error { return s.Start(command) })
			if status != ExitRefused || stdout != "" || !strings.Contains(stderr, "not allowed") {
				t.Errorf("status %d, stdout %q, stderr %q", status, stdout, stderr)
			}
		})
	}
	t.Run("no forwarding, agent, X11 or subsystem", func(t *testing.T) {
		if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			ln.Close()
			t.Error("remote forwarding was accepted")
		}
		if conn, err := c.Dial("tcp", ts.addr); err == nil {
			conn.Close()
			t.Error("local forwarding (direct-tcpip) was accepted")
		}
		session, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer session.Close()
		for _, req := range []string{"auth-agent-req@openssh.com", "x11-req"} {
			if ok, err := session.SendRequest(req, true, nil); ok || err != nil {
				t.Errorf("%s: ok %v, err %v", req, ok, err)
			}
		}
		if err := session.Setenv("FOCAL_PROJECT", "/etc/passwd"); err == nil {
			t.Error("env was accepted")
		}
		if err := session.RequestSubsystem("sftp"); err == nil {
			t.Error("sftp was accepted")
		}
	})
	waitFor(t, 5*time.Second, "the refusals in the log", func() bool {
		return strings.Contains(ts.log.String(), `refused subsystem "sftp"`)
	})
	log := ts.log.String()
	for _, want := range []string{
		"refused shell without a terminal", `exec "focal whoami": exit 3`, `exec "focal crash" failed: panic`, `refused exec "rm -rf /"`,
		`refused "tcpip-forward"`, `refused channel "direct-tcpip"`, `refused "auth-agent-req@openssh.com"`, `refused "x11-req"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
}

// TestEightSessionsCodeAtOnce has eight researchers code through their
// workspaces at the same time for a bounded time; afterwards the project
// holds exactly the codings each of them made, and nothing else.
func TestEightSessionsCodeAtOnce(t *testing.T) {
	const sessions = 8
	duration := 3 * time.Second
	if testing.Short() {
		duration = time.Second
	}
	s, src := newProject(t, 300)
	addMember(t, s, "amara", "pi")
	keys := make([]ssh.Signer, sessions)
	for i := range keys {
		keys[i] = addMember(t, s, coderName(i), "coder")
		// Existing codes, so that each pick is one enter.
		if _, err := s.AddCode(store.WithActor(t.Context(), "amara"), store.NewCode{Path: codeName(i)}); err != nil {
			t.Fatal(err)
		}
	}
	ts := startServer(t, s, whoami)

	sent := make([]int, sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Go(func() {
			sent[i] = codeFor(t, ts, s, keys[i], i, duration)
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	turns, err := s.Turns(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i := range sessions {
		got := codingsOf(t, s, coderName(i))
		if len(got) != sent[i] || sent[i] == 0 {
			t.Errorf("%s sent %d codings; the project holds %d", coderName(i), sent[i], len(got))
		}
		for j, c := range got {
			// Session i coded turns 2, 3, … in order, each with its code.
			want := turns[j+1]
			if c.Code != codeName(i) || c.Start < want.Start || c.End > want.End {
				t.Errorf("%s coding %d = %s %d–%d, want %s within turn %d", coderName(i), j, c.Code, c.Start, c.End, codeName(i), want.Seq)
			}
		}
		total += len(got)
	}
	events, err := s.Events(t.Context(), "", "coding.", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != total {
		t.Errorf("%d coding events for %d codings", len(events), total)
	}
	t.Logf("%d sessions made %d codings in %s (%v each)", sessions, total, duration, sent)
}

func coderName(i int) string { return fmt.Sprintf("coder%d", i) }
func codeName(i int) string  { return fmt.Sprintf("load-%d", i) }

// codeFor codes one turn after another in a workspace for about d, each
// time waiting until the project holds the coding, then quits. It returns
// how many codings it made.
func codeFor(t *testing.T, ts *testServer, s *store.Store, key ssh.Signer, i int, d time.Duration) int {
	n, err := tryCodeFor(ts, s, key, i, d)
	if err != nil {
		t.Errorf("session %d, after %d codings: %v", i, n, err)
	}
	return n
}

func tryCodeFor(ts *testServer, s *store.Store, key ssh.Signer, i int, d time.Duration) (int, error) {
	c, err := ts.dial("load", ssh.PublicKeys(key))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	term, err := tryWorkspace(c, 100, 30)
	if err != nil {
		return 0, err
	}
	if !term.shows("300 turns", 20*time.Second) {
		return 0, errors.New("the workspace did not open")
	}
	n := 0
	for stop := time.Now().Add(d); time.Now().Before(stop); {
		if err := term.send("}"); err != nil {
			return n, err
		}
		if err := term.codeTurn(n + 2); err != nil {
			return n, err
		}
		if err := term.send(codeName(i), "enter"); err != nil {
			return n, err
		}
		n++
		deadline := time.Now().Add(15 * time.Second)
		for {
			codings, err := s.Codings(context.Background(), store.CodingFilter{Viewer: coderName(i), Coder: coderName(i)})
			if err != nil {
				return n, err
			}
			if len(codings) >= n {
				break
			}
			if time.Now().After(deadline) {
				return n, fmt.Errorf("coding %d never reached the project", n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if err := term.send("q"); err != nil {
		return n, err
	}
	return n, term.session.Wait()
}

func TestShutdownEndsSessionsAndKeepsWork(t *testing.T) {
	s, _ := newProject(t, 5)
	ana := addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)
	c := ts.connect(t, ana)
	term := openWorkspace(t, c, 80, 24)
	term.waitScreen(t, "5 turns")
	if err := term.codeTurn(1); err != nil {
		t.Fatal(err)
	}
	term.press(t, "belonging", "enter")
	term.waitScreen(t, "definition")
	term.press(t, "enter")
	waitFor(t, 10*time.Second, "the coding", func() bool { return len(codingsOf(t, s, "amara")) == 1 })

	idle, err := c.NewSession() // a session that never asked for anything
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ts.stop(t)
	if took := time.Since(start); took > timeBound(3*time.Second) {
		t.Errorf("the shutdown took %s", took)
	}
	if err := term.session.Wait(); err != nil {
		t.Errorf("the workspace session: %v", err)
	}
	term.waitScreen(t, "shutting down")
	idle.Close()
	if _, err := c.NewSession(); err == nil {
		t.Error("a session opened after the shutdown")
	}
	if n := len(codingsOf(t, s, "amara")); n != 1 {
		t.Errorf("%d codings after the shutdown, want 1", n)
	}
	if !strings.Contains(ts.log.String(), "workspace closed by the shutdown") {
		t.Errorf("log:\n%s", ts.log.String())
	}
}

func TestDroppedConnectionLosesNothing(t *testing.T) {
	s, _ := newProject(t, 5)
	ana := addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)
	c := ts.connect(t, ana)
	term := openWorkspace(t, c, 80, 24)
	term.waitScreen(t, "5 turns")
	if err := term.codeTurn(1); err != nil {
		t.Fatal(err)
	}
	term.press(t, "belonging", "enter")
	term.waitScreen(t, "definition")
	term.press(t, "enter")
	waitFor(t, 10*time.Second, "the coding", func() bool { return len(codingsOf(t, s, "amara")) == 1 })
	c.Close() // the laptop lid closes
	waitFor(t, 10*time.Second, "the server to notice", func() bool {
		return strings.Contains(ts.log.String(), "the client went")
	})
	// The coder comes back and carries on where they were.
	c = ts.connect(t, ana)
	term = openWorkspace(t, c, 80, 24)
	term.waitScreen(t, "5 turns")
	term.press(t, "}")
	if err := term.codeTurn(2); err != nil {
		t.Fatal(err)
	}
	term.press(t, "belonging", "enter")
	waitFor(t, 10*time.Second, "the second coding", func() bool {
		return len(codingsOf(t, s, "amara")) == 2
	})
	term.press(t, "q")
	if err := term.session.Wait(); err != nil {
		t.Error(err)
	}
}

func TestHostKeyIsMadeOnceAndKeptPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "study.focal.hostkey")
	first, created, err := LoadOrCreateHostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: created %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if first.PublicKey().Type() != ssh.KeyAlgoED25519 {
		t.Errorf("key type %s", first.PublicKey().Type())
	}
	again, created, err := LoadOrCreateHostKey(path)
	if err != nil || created {
		t.Fatalf("second start: created %v, %v", created, err)
	}
	if ssh.FingerprintSHA256(again.PublicKey()) != ssh.FingerprintSHA256(first.PublicKey()) {
		t.Error("the host key changed between starts")
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateHostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a readable key: %v", err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage")
	if err := os.WriteFile(garbage, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateHostKey(garbage); err == nil {
		t.Error("a file that is not a key was accepted")
	}
}

func TestClampSize(t *testing.T) {
	tests := []struct {
		name       string
		cols, rows uint32
		want       string
	}{
		{"usual", 120, 40, "120x40"},
		{"zero", 0, 0, "80x24"},
		{"huge", 1 << 31, 70000, "1000x1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := clampSize(tc.cols, tc.rows)
			if got := fmt.Sprintf("%dx%d", s.Width, s.Height); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
