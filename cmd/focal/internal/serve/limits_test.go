package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/store"
)

// needLoopbackAddresses skips a test that plays several client machines
// where only 127.0.0.1 is a loopback address (Linux has all of 127/8;
// macOS needs an alias).
func needLoopbackAddresses(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not a loopback address here (%v); on macOS: sudo ifconfig lo0 alias 127.0.0.2", err)
	}
	ln.Close()
}

// dialFrom opens a TCP connection to addr from a local loopback address,
// so that a test can play several client machines (all of 127/8 is
// loopback on Linux).
func dialFrom(t testing.TB, from, addr string) (net.Conn, error) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	return d.Dial("tcp", addr)
}

// loginBound is how long a login may take during a flood of idle
// connections. The goal is 2 s and a plain build is held to it. Under the
// race detector, on busy shared cores, the same login takes several times
// longer without anything being wrong, so a race build checks only that
// the login gets through, within a wider bound.
func loginBound() time.Duration {
	if raceEnabled {
		return 15 * time.Second
	}
	return 2 * time.Second
}

// timeBound is a bound on how long something takes, as a plain build is
// held to it; under the race detector, five times as long (see loginBound).
func timeBound(plain time.Duration) time.Duration {
	if raceEnabled {
		return 5 * plain
	}
	return plain
}

// loginFrom logs in with key from a local address and reports how long the
// login took.
func (ts *testServer) loginFrom(t testing.TB, from string, key ssh.Signer) (time.Duration, error) {
	t.Helper()
	start := time.Now()
	nc, err := dialFrom(t, from, ts.addr)
	if err != nil {
		return 0, err
	}
	sc, chans, reqs, err := ssh.NewClientConn(nc, ts.addr, &ssh.ClientConfig{User: "researcher",
		Auth: []ssh.AuthMethod{ssh.PublicKeys(key)}, HostKeyCallback: ssh.FixedHostKey(ts.hostKey), Timeout: loginBound() + 3*time.Second})
	if err != nil {
		nc.Close()
		return time.Since(start), err
	}
	c := ssh.NewClient(sc, chans, reqs)
	defer c.Close()
	session, err := c.NewSession()
	if err != nil {
		return time.Since(start), err
	}
	defer session.Close()
	out, err := session.Output("focal whoami")
	var exit *ssh.ExitError
	if errors.As(err, &exit) && exit.ExitStatus() == 3 {
		err = nil
	}
	if err == nil && !strings.HasPrefix(string(out), "amara pi") {
		err = errors.New("whoami said " + string(out))
	}
	return time.Since(start), err
}

// flood opens n idle TCP connections from one address, which never say a
// word, and returns them.
func flood(t testing.TB, from, addr string, n int) []net.Conn {
	t.Helper()
	var conns []net.Conn
	for range n {
		nc, err := dialFrom(t, from, addr)
		if err != nil {
			t.Fatalf("idle connection %d: %v", len(conns)+1, err)
		}
		conns = append(conns, nc)
	}
	t.Cleanup(func() {
		for _, nc := range conns {
			nc.Close()
		}
	})
	return conns
}

// stillOpen counts the connections the server has not closed: a read
// that times out means the server neither wrote nor closed.
func stillOpen(conns []net.Conn) int {
	var (
		mu   sync.Mutex
		open int
		wg   sync.WaitGroup
	)
	for _, nc := range conns {
		wg.Go(func() {
			nc.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
			// The server sends its version line first; read past it.
			buf := make([]byte, 4096)
			for {
				_, err := nc.Read(buf)
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					mu.Lock()
					open++
					mu.Unlock()
					return
				}
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return open
}

func TestIdleFloodDoesNotLockOutTheTeam(t *testing.T) {
	needLoopbackAddresses(t)
	s, _ := newProject(t, 3)
	ana := addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)

	// 100 idle connections from one machine: more than the 64 logged-in
	// connections the server takes, and the old limit on all connections.
	conns := flood(t, "127.0.0.2", ts.addr, 100)
	waitFor(t, 5*time.Second, "the server to take every connection", func() bool {
		return strings.Count(ts.log.String(), "dropped: not logged in") >= 100-maxPreAuthPerAddress
	})
	if open := stillOpen(conns); open > maxPreAuthPerAddress {
		t.Errorf("%d idle connections from one address are held open, want at most %d", open, maxPreAuthPerAddress)
	}
	// A researcher on another machine logs in at once, and so does one
	// behind the same address as the flood (a shared NAT).
	for _, from := range []string{"127.0.0.1", "127.0.0.2"} {
		took, err := ts.loginFrom(t, from, ana)
		if err != nil {
			t.Fatalf("login from %s during the flood: %v\n%s", from, err, ts.log.String())
		}
		if took > loginBound() {
			t.Errorf("login from %s took %s during the flood, want under %s", from, took, loginBound())
		}
	}
	// Renewing the flood changes nothing.
	flood(t, "127.0.0.2", ts.addr, 100)
	if took, err := ts.loginFrom(t, "127.0.0.1", ana); err != nil || took > loginBound() {
		t.Errorf("login after a renewed flood: %s, %v", took, err)
	}
}

func TestFloodsFromManyAddressesKeepTheTotalBounded(t *testing.T) {
	needLoopbackAddresses(t)
	s, _ := newProject(t, 3)
	ana := addMember(t, s, "amara", "pi")
	ts := startServer(t, s, whoami)
	var all []net.Conn
	for i := range 10 {
		all = append(all, flood(t, fmt.Sprintf("127.0.1.%d", i+1), ts.addr, 6)...)
	}
	waitFor(t, 5*time.Second, "the server to take every connection", func() bool {
		return strings.Count(ts.log.String(), "dropped: not logged in") >= 60-maxPreAuth
	})
	if open := stillOpen(all); open > maxPreAuth {
		t.Errorf("%d idle connections held open, want at most %d", open, maxPreAuth)
	}
	if took, err := ts.loginFrom(t, "127.0.0.1", ana); err != nil || took > loginBound() {
		t.Errorf("login during the flood: %s, %v", took, err)
	}
}

func TestIdleConnectionsAreClosedAfterTheLoginTimeout(t *testing.T) {
	s, _ := newProject(t, 3)
	addMember(t, s, "amara", "pi")
	ts := startServerWith(t, s, whoami, func(c *Config) { c.LoginTimeout = 300 * time.Millisecond })
	nc, err := dialFrom(t, "127.0.0.1", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	start := time.Now()
	nc.SetReadDeadline(time.Now().Add(timeBound(5 * time.Second)))
	if _, err := io.Copy(io.Discard, nc); err != nil {
		t.Fatalf("the idle connection was not closed: %v", err)
	}
	if took := time.Since(start); took > timeBound(2*time.Second) {
		t.Errorf("closed after %s, want about 300ms", took)
	}
	waitFor(t, 5*time.Second, "the log line", func() bool {
		return strings.Contains(ts.log.String(), "refused: not logged in within 300ms")
	})
	if preAuthTimeout > 10*time.Second {
		t.Errorf("the default login timeout is %s; a flood renews itself at that pace", preAuthTimeout)
	}
}

func TestRemovingAKeyEndsItsSessions(t *testing.T) {
	s, _ := newProject(t, 5)
	ana := addMember(t, s, "amara", "pi")
	ben := addMember(t, s, "ben", "coder")
	ts := startServerWith(t, s, whoami, func(c *Config) { c.KeyCheck = 100 * time.Millisecond })

	benClient := ts.connect(t, ben)
	benTerm := openWorkspace(t, benClient, 80, 24)
	benTerm.waitScreen(t, "5 turns")
	idle, err := benClient.NewSession() // a session that asked for nothing yet
	if err != nil {
		t.Fatal(err)
	}
	idleErr, err := idle.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	anaTerm := openWorkspace(t, ts.connect(t, ana), 80, 24)
	anaTerm.waitScreen(t, "5 turns")

	if _, err := s.RemoveTeamKeys(store.WithActor(t.Context(), "amara"), "ben", ""); err != nil {
		t.Fatal(err)
	}
	benTerm.waitScreen(t, "Your key was removed from the Focal team")
	ended := make(chan error, 1)
	go func() { ended <- benTerm.session.Wait() }()
	select {
	case err := <-ended:
		var exit *ssh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() != ExitRefused {
			t.Errorf("ben's workspace ended with %v, want exit status %d", err, ExitRefused)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ben's workspace is still open after his key was removed")
	}
	if told, _ := io.ReadAll(idleErr); !strings.Contains(string(told), "Your key was removed") {
		t.Errorf("the idle session was told %q", told)
	}
	waitFor(t, 5*time.Second, "ben's connection to close", func() bool {
		_, err := benClient.NewSession()
		return err != nil
	})
	if _, err := ts.dial("ben", ssh.PublicKeys(ben)); err == nil {
		t.Error("ben's removed key logged in again")
	}
	// Amara's workspace is untouched.
	anaTerm.press(t, "}")
	if err := anaTerm.codeTurn(2); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(anaTerm.screen.Screen(), "removed") {
		t.Errorf("amara's screen speaks of a removal:\n%s", anaTerm.screen.Screen())
	}
	if log := ts.log.String(); !strings.Contains(log, "key removed from the team: closing the connection") ||
		!strings.Contains(log, "the key was removed from the team") {
		t.Errorf("the log lacks the removal:\n%s", log)
	}
}

func TestDoorwayDisplacesTheBusiestAddress(t *testing.T) {
	d := newDoorway(3, 5)
	var conns []*fakeConn
	enter := func(addr string) []*waiter {
		c := &fakeConn{addr: &net.TCPAddr{IP: net.ParseIP(addr), Port: 1000 + len(conns)}}
		conns = append(conns, c)
		_, dropped := d.enter(c)
		return dropped
	}
	for range 3 {
		enter("192.0.2.1")
	}
	if dropped := enter("192.0.2.1"); len(dropped) != 1 || dropped[0].conn != conns[0] || !conns[0].closed {
		t.Errorf("the fourth from one address dropped %v, want the first", dropped)
	}
	enter("192.0.2.2")
	enter("192.0.2.3")
	// Five wait (three of .1); the next, from a fourth address, displaces
	// the oldest of .1.
	if dropped := enter("192.0.2.4"); len(dropped) != 1 || dropped[0].conn != conns[1] {
		t.Errorf("the total limit dropped %v, want the oldest of the busiest address", dropped)
	}
	if all, one := d.size("192.0.2.1"); all != 5 || one != 2 {
		t.Errorf("waiting: %d in all, %d from .1; want 5 and 2", all, one)
	}
	// IPv6 clients are counted by /64.
	if a, b := addressOf(&net.TCPAddr{IP: net.ParseIP("2001:db8::1")}), addressOf(&net.TCPAddr{IP: net.ParseIP("2001:db8::ffff:1")}); a != b {
		t.Errorf("one /64 counted as %s and %s", a, b)
	}
}

// fakeConn is a connection the doorway can name and close.
type fakeConn struct {
	net.Conn
	addr   net.Addr
	closed bool
}

func (c *fakeConn) RemoteAddr() net.Addr { return c.addr }
func (c *fakeConn) Close() error         { c.closed = true; return nil }
