package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// syncBuffer is a buffer that the server and the test may use at once.
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

// waitFor polls until cond holds, failing the test after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newProject makes a project with one source of n turns (fg01), alternating
// a moderator and participants.
func newProject(t testing.TB, n int) (*store.Store, store.Source) {
	t.Helper()
	s, err := store.Create(t.Context(), filepath.Join(t.TempDir(), "study.focal"), "Team server")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var turns []transcript.Turn
	for i := range n {
		label := fmt.Sprintf("P%02d", i%5+1)
		if i%6 == 0 {
			label = "MOD"
		}
		turns = append(turns, transcript.Turn{Speaker: label, Label: label,
			Text:    fmt.Sprintf("Turn %d: we talked about rotations and who notices when you are not there.", i+1),
			StartMS: transcript.NoTime, EndMS: transcript.NoTime, Line: i + 1})
	}
	d, err := corpus.Build(turns)
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.ImportSource(t.Context(), store.NewSource{Name: "fg01", Format: "txt", Language: "en", Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

// newKey makes a client key.
func newKey(t testing.TB) ssh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// addMember lets a new key in as a coder and returns it.
func addMember(t testing.TB, s *store.Store, coder, role string) ssh.Signer {
	t.Helper()
	key := newKey(t)
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key.PublicKey()))) + " " + coder + "@laptop"
	// The first member (a PI) is added by nobody in particular; the rest by
	// the PI.
	ctx := store.WithActor(t.Context(), "amara")
	if _, err := s.AddTeamKey(ctx, store.NewTeamKey{Coder: coder, Role: role, Fingerprint: ssh.FingerprintSHA256(key.PublicKey()), PublicKey: line}); err != nil {
		t.Fatal(err)
	}
	return key
}

// testServer is a team server running on loopback for one test.
type testServer struct {
	addr    string
	hostKey ssh.PublicKey
	log     *syncBuffer
	cancel  context.CancelFunc
	done    chan error
}

// startServer runs a server on a random loopback port until the test ends.
func startServer(t testing.TB, s *store.Store, exec ExecFunc) *testServer {
	t.Helper()
	return startServerWith(t, s, exec, nil)
}

// startServerWith is startServer with a configuration changed by set.
func startServerWith(t testing.TB, s *store.Store, exec ExecFunc, set func(*Config)) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hostKey := newKey(t)
	ts := &testServer{addr: ln.Addr().String(), hostKey: hostKey.PublicKey(), log: &syncBuffer{}, done: make(chan error, 1)}
	cfg := Config{Project: study.New(s), HostKey: hostKey, Log: ts.log, Exec: exec, Grace: 3 * time.Second}
	if set != nil {
		set(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts.cancel = cancel
	go func() { ts.done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop shuts the server down and waits for it (once).
func (ts *testServer) stop(t testing.TB) {
	t.Helper()
	if ts.cancel == nil {
		return
	}
	ts.cancel()
	ts.cancel = nil
	select {
	case err := <-ts.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("the server did not stop")
	}
}

// dial connects with the given authentication methods.
func (ts *testServer) dial(user string, auth ...ssh.AuthMethod) (*ssh.Client, error) {
	return ssh.Dial("tcp", ts.addr, &ssh.ClientConfig{User: user, Auth: auth,
		HostKeyCallback: ssh.FixedHostKey(ts.hostKey), Timeout: 10 * time.Second})
}

// connect connects with a key that must be accepted.
func (ts *testServer) connect(t testing.TB, key ssh.Signer) *ssh.Client {
	t.Helper()
	c, err := ts.dial("researcher", ssh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// terminal is a workspace session seen from the client: its screen and
// its keyboard.
type terminal struct {
	session *ssh.Session
	screen  *vt
	keys    io.WriteCloser
}

// openWorkspace asks for a pty and a shell, which is the workspace.
func openWorkspace(t testing.TB, c *ssh.Client, width, height int) *terminal {
	t.Helper()
	term, err := tryWorkspace(c, width, height)
	if err != nil {
		t.Fatal(err)
	}
	return term
}

func tryWorkspace(c *ssh.Client, width, height int) (*terminal, error) {
	session, err := c.NewSession()
	if err != nil {
		return nil, err
	}
	term := &terminal{session: session, screen: newVT(width, height)}
	session.Stdout = term.screen
	session.Stderr = term.screen
	if term.keys, err = session.StdinPipe(); err != nil {
		return nil, err
	}
	if err := session.RequestPty("xterm-256color", height, width, ssh.TerminalModes{}); err != nil {
		return nil, err
	}
	return term, session.Shell()
}

// resize changes the size of the client's terminal.
func (term *terminal) resize(t testing.TB, width, height int) {
	t.Helper()
	term.screen.Resize(width, height)
	if err := term.session.WindowChange(height, width); err != nil {
		t.Fatal(err)
	}
}

// press sends keys as a terminal would: text as typed, "enter" as a
// carriage return.
func (term *terminal) press(t testing.TB, keys ...string) {
	t.Helper()
	if err := term.send(keys...); err != nil {
		t.Fatal(err)
	}
}

func (term *terminal) send(keys ...string) error {
	for _, k := range keys {
		if k == "enter" {
			k = "\r"
		}
		if _, err := io.WriteString(term.keys, k); err != nil {
			return err
		}
	}
	return nil
}

// shows waits until the screen shows text, and reports whether it did
// within timeout.
func (term *terminal) shows(text string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !strings.Contains(term.screen.Screen(), text) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// waitScreen waits until the screen shows text.
func (term *terminal) waitScreen(t testing.TB, text string) {
	t.Helper()
	if !term.shows(text, 20*time.Second) {
		t.Fatalf("the screen never showed %q; it shows:\n%s", text, term.screen.Screen())
	}
}

// codeTurn selects the turn under the cursor, which must be turn seq, and
// opens the code picker on it, waiting until it is open: keys typed
// before then would go to the text.
func (term *terminal) codeTurn(seq int) error {
	if err := term.send("t", "c"); err != nil {
		return err
	}
	// The picker's title quotes the selection.
	if want := fmt.Sprintf("“Turn %d:", seq); !term.shows(want, 20*time.Second) {
		return fmt.Errorf("the code picker did not open on turn %d; the screen shows:\n%s", seq, term.screen.Screen())
	}
	return nil
}

// codingsOf lists a coder's codings as the coder sees them.
func codingsOf(t testing.TB, s *store.Store, coder string) []store.Coding {
	t.Helper()
	codings, err := s.Codings(context.Background(), store.CodingFilter{Viewer: coder, Coder: coder})
	if err != nil {
		t.Fatal(err)
	}
	return codings
}
