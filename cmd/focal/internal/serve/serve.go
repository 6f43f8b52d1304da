// Package serve is Focal's team server: an SSH server on one project that
// gives every researcher whose key is in the team the coding workspace, at
// the same time, as the coder the key belongs to. It also runs the
// read-only commands that an exec request names, through a function the
// caller supplies, and refuses everything else: passwords, unknown keys,
// shells without a terminal, forwarding, agents and X11.
//
// docs/SERVE.md describes it for the researchers who run it.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/workspace"
)

// Project is what the server needs of the project, through the
// application core: the team's keys, and the actions each session's
// workspace takes as its coder. *study.Study is one.
type Project interface {
	workspace.Study
	// TeamKey finds the key with a fingerprint, or fails with
	// study.ErrNotFound.
	TeamKey(ctx context.Context, fingerprint string) (study.TeamKey, error)
}

var _ Project = (*study.Study)(nil)

// Identity is who a connection works as: the coder its key belongs to.
// It comes from the team's keys, never from what the client says.
type Identity struct {
	Coder       string
	Role        string
	Fingerprint string
	// User is the user name the client gave; it is only logged.
	User string
	// Remote is the client's network address.
	Remote string
}

// ExecFunc runs the command line of an exec request as id, writing to
// stdout and stderr, and returns its exit status. It decides what may run:
// a non-nil refusal means nothing ran, and says why.
type ExecFunc func(ctx context.Context, id Identity, command string, stdout, stderr io.Writer) (status int, refusal error)

// Config is what a server needs.
type Config struct {
	// Project is the project through the application core.
	Project Project
	HostKey ssh.Signer
	// Log receives one line per connection, refusal and session.
	Log io.Writer
	// Exec runs exec requests; nil refuses them all.
	Exec ExecFunc
	// Refresh is how often each workspace looks for the others' changes;
	// 0 means workspace.DefaultRefresh.
	Refresh time.Duration
	// Grace is how long a shutdown waits for sessions to end before it
	// closes their connections; 0 means 5 seconds.
	Grace time.Duration
	// Now gives the time for the log; nil means time.Now.
	Now func() time.Time
	// KeyCheck is how often the server looks for keys removed from the
	// team, to end their connections; 0 means 2 seconds.
	KeyCheck time.Duration
	// LoginTimeout is how long a connection has for the SSH handshake and
	// its login together; 0 means 10 seconds.
	LoginTimeout time.Duration
}

// Limits that keep one client from exhausting the server.
const (
	// preAuthTimeout is the default Config.LoginTimeout; a key login
	// takes milliseconds.
	preAuthTimeout = 10 * time.Second
	// maxPreAuthPerAddress connections of one address (IPv6: one /64) may
	// wait for their login at once, maxPreAuth of all addresses; a newer
	// connection displaces the oldest waiting one (see doorway).
	maxPreAuthPerAddress = 8
	maxPreAuth           = 32
	// maxConnections is the number of logged-in connections at once.
	maxConnections    = 64
	maxSessionsPerCon = 8
	maxCells          = 1000 // a terminal wider or taller than this is taken as this
	maxCommandBytes   = 8192
	defaultGrace      = 5 * time.Second
	defaultKeyCheck   = 2 * time.Second
)

// Keys of the identity in ssh.Permissions.Extensions.
const (
	extCoder = "focal-coder"
	extRole  = "focal-role"
	extKey   = "focal-key"
)

// Server is a team server on one project.
type Server struct {
	cfg  Config
	log  *log.Logger
	door *doorway

	mu sync.Mutex
	// live are the logged-in connections, with the key each came in with.
	live map[*conn]struct{}
}

// New checks a configuration and returns a server.
func New(cfg Config) (*Server, error) {
	if cfg.Project == nil {
		return nil, errors.New("the team server needs a project")
	}
	if cfg.HostKey == nil {
		return nil, errors.New("the team server needs a host key")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Refresh == 0 {
		cfg.Refresh = workspace.DefaultRefresh
	}
	if cfg.Grace <= 0 {
		cfg.Grace = defaultGrace
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = preAuthTimeout
	}
	if cfg.KeyCheck <= 0 {
		cfg.KeyCheck = defaultKeyCheck
	}
	return &Server{cfg: cfg, log: log.New(cfg.Log, "", 0), door: newDoorway(maxPreAuthPerAddress, maxPreAuth),
		live: map[*conn]struct{}{}}, nil
}

// logf writes one line: time, remote address, who (coder, or "-" before
// authentication), key fingerprint, and what happened.
func (s *Server) logf(remote, who, key, format string, args ...any) {
	if who == "" {
		who = "-"
	}
	if key == "" {
		key = "-"
	}
	msg := fmt.Sprintf(format, args...)
	s.log.Printf("%s %s %s %s %s", s.cfg.Now().UTC().Format(time.RFC3339), remote, who, key, msg)
}

// Serve accepts connections on ln until ctx ends, then closes the
// listener, lets every session end (a workspace is told the server is
// shutting down; a command finishes), and returns once they have, closing
// connections still open after the grace period. It returns an error only
// when accepting fails for another reason.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go s.watchKeys(ctx)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns = map[net.Conn]struct{}{}
	)
	var serveErr error
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(50 * time.Millisecond)
				continue
			}
			serveErr = fmt.Errorf("accept connections on %s: %w", ln.Addr(), err)
			cancel()
			break
		}
		mu.Lock()
		conns[nc] = struct{}{}
		mu.Unlock()
		wg.Go(func() {
			defer func() {
				mu.Lock()
				delete(conns, nc)
				mu.Unlock()
			}()
			s.handleConn(ctx, nc)
		})
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return serveErr
	case <-time.After(s.cfg.Grace):
	}
	// Sessions that have not ended (a client that stopped reading, a long
	// export) are cut off: closing the connection unblocks their writes.
	mu.Lock()
	left := len(conns)
	for nc := range conns {
		nc.Close()
	}
	mu.Unlock()
	s.logf("-", "", "", "shutdown: closed %d connection(s) still open after %s", left, s.cfg.Grace)
	select {
	case <-done:
	case <-time.After(s.cfg.Grace):
		s.logf("-", "", "", "shutdown: some sessions did not end; leaving them")
	}
	return serveErr
}

// attempts collects why a connection's authentication failed, for its one
// log line.
type attempts struct {
	mu      sync.Mutex
	reasons []string
}

func (a *attempts) add(reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, r := range a.reasons {
		if r == reason {
			return
		}
	}
	a.reasons = append(a.reasons, reason)
}

func (a *attempts) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.reasons) == 0 {
		return "no key offered (only the team's SSH keys are accepted)"
	}
	return strings.Join(a.reasons, "; ")
}

// errNotInTeam is what an unknown key gets; the client sees only that
// authentication failed.
var errNotInTeam = errors.New("key not in the team")

// sshConfig is one connection's server configuration: public keys of the
// team only, no passwords, no keyboard-interactive.
func (s *Server) sshConfig(ctx context.Context, tried *attempts) *ssh.ServerConfig {
	cfg := &ssh.ServerConfig{
		ServerVersion: "SSH-2.0-Focal",
		PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			fp := ssh.FingerprintSHA256(key)
			if _, isCert := key.(*ssh.Certificate); isCert {
				tried.add("certificate " + fp + " (certificates are not accepted)")
				return nil, errNotInTeam
			}
			k, err := s.cfg.Project.TeamKey(ctx, fp)
			if errors.Is(err, study.ErrNotFound) {
				tried.add("key " + fp + " not in the team")
				return nil, errNotInTeam
			}
			if err != nil {
				tried.add("key " + fp + ": cannot read the team: " + err.Error())
				return nil, err
			}
			return &ssh.Permissions{Extensions: map[string]string{extCoder: k.Coder, extRole: k.Role, extKey: fp}}, nil
		},
		AuthLogCallback: func(_ ssh.ConnMetadata, method string, err error) {
			if err != nil && method != "publickey" && method != "none" {
				tried.add(method + " refused (keys only)")
			}
		},
	}
	cfg.AddHostKey(s.cfg.HostKey)
	return cfg
}

// conn is one authenticated connection.
type conn struct {
	server *ssh.ServerConn
	id     Identity
	// serverCtx ends when the server shuts down; the session contexts also
	// end when the client goes, or with errKeyRemoved when the key is
	// removed from the team (revoke).
	serverCtx context.Context
	// ctx ends with the connection; revoke ends it with errKeyRemoved.
	ctx    context.Context
	revoke context.CancelCauseFunc
}

// errKeyRemoved ends the sessions of a key removed from the team.
var errKeyRemoved = errors.New("your key was removed from the team")

// keyRemovedMessage is what an open workspace shows when its key is
// removed from the team.
const keyRemovedMessage = "\r\nYour key was removed from the Focal team, so this session is closed. Everything you did until now is saved.\r\n"

func (s *Server) handleConn(ctx context.Context, nc net.Conn) {
	remote := nc.RemoteAddr().String()
	tried := &attempts{}
	place, displaced := s.door.enter(nc)
	for _, w := range displaced {
		s.logf(w.conn.RemoteAddr().String(), "", "", "dropped: not logged in while newer connections waited (at most %d from one address, %d in all)", maxPreAuthPerAddress, maxPreAuth)
	}
	nc.SetDeadline(time.Now().Add(s.cfg.LoginTimeout))
	sc, chans, reqs, err := ssh.NewServerConn(nc, s.sshConfig(ctx, tried))
	dropped := s.door.leave(place)
	if err != nil {
		nc.Close()
		var authErr *ssh.ServerAuthError
		switch {
		case dropped:
			// Logged when it was dropped.
		case errors.As(err, &authErr):
			s.logf(remote, "", "", "refused: %s", tried)
		case errors.Is(err, os.ErrDeadlineExceeded):
			s.logf(remote, "", "", "refused: not logged in within %s", s.cfg.LoginTimeout)
		default:
			s.logf(remote, "", "", "refused: no SSH handshake (%v)", err)
		}
		return
	}
	if dropped {
		// Dropped for a newer connection as its login finished: the
		// connection is closed already.
		sc.Close()
		return
	}
	nc.SetDeadline(time.Time{})
	connCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	c := &conn{server: sc, serverCtx: ctx, ctx: connCtx, revoke: cancel, id: Identity{
		Coder: sc.Permissions.Extensions[extCoder], Role: sc.Permissions.Extensions[extRole],
		Fingerprint: sc.Permissions.Extensions[extKey], User: sc.User(), Remote: remote,
	}}
	if !s.enterLive(c) {
		s.logf(remote, c.id.Coder, c.id.Fingerprint, "refused: already %d connections", maxConnections)
		sc.Close()
		return
	}
	defer s.leaveLive(c)
	started := s.cfg.Now()
	s.logf(remote, c.id.Coder, c.id.Fingerprint, "connected as %s (%s), user %q, client %q", c.id.Coder, c.id.Role, c.id.User, sc.ClientVersion())

	go func() {
		sc.Wait()
		cancel(nil)
	}()
	go s.globalRequests(c, reqs)

	// Once the server shuts down or the client goes, no session starts,
	// and the connection closes when the last one has ended.
	var (
		sessions sync.WaitGroup
		mu       sync.Mutex
		closing  bool
		active   int
	)
	go func() {
		<-connCtx.Done()
		mu.Lock()
		closing = true
		mu.Unlock()
		sessions.Wait()
		sc.Close()
	}()
	go func() {
		// A removed key's sessions are told and end; a command still
		// running after the grace period is cut off with the connection.
		<-connCtx.Done()
		if errors.Is(context.Cause(connCtx), errKeyRemoved) {
			time.AfterFunc(s.cfg.Grace, func() { sc.Close() })
		}
	}()
	for nch := range chans {
		if t := nch.ChannelType(); t != "session" {
			s.logf(remote, c.id.Coder, c.id.Fingerprint, "refused channel %q (no forwarding)", t)
			nch.Reject(ssh.Prohibited, "Focal's team server offers the workspace and read-only commands only: no forwarding")
			continue
		}
		mu.Lock()
		switch {
		case closing:
			mu.Unlock()
			nch.Reject(ssh.ResourceShortage, "the Focal server is shutting down")
			continue
		case active >= maxSessionsPerCon:
			mu.Unlock()
			s.logf(remote, c.id.Coder, c.id.Fingerprint, "refused session: already %d on this connection", active)
			nch.Reject(ssh.ResourceShortage, fmt.Sprintf("at most %d sessions per connection", maxSessionsPerCon))
			continue
		}
		active++
		sessions.Add(1)
		mu.Unlock()
		go func() {
			defer sessions.Done()
			defer func() {
				mu.Lock()
				active--
				mu.Unlock()
			}()
			s.session(connCtx, c, nch)
		}()
	}
	cancel(nil)
	sessions.Wait()
	s.logf(remote, c.id.Coder, c.id.Fingerprint, "disconnected after %s", s.cfg.Now().Sub(started).Round(time.Second))
}

// globalRequests refuses every connection-wide request: port forwarding
// and the rest. Keep-alives get the usual "no", which clients expect.
func (s *Server) globalRequests(c *conn, reqs <-chan *ssh.Request) {
	for req := range reqs {
		if strings.Contains(req.Type, "forward") {
			s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, "refused %q (no forwarding)", req.Type)
		}
		req.Reply(false, nil)
	}
}

// enterLive counts a logged-in connection, or reports that there are
// already maxConnections.
func (s *Server) enterLive(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.live) >= maxConnections {
		return false
	}
	s.live[c] = struct{}{}
	return true
}

func (s *Server) leaveLive(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, c)
}

// watchKeys looks every Config.KeyCheck for keys that were removed from
// the team (focal team rm, in another process) and ends their
// connections: each open workspace is told why, and no new session starts.
func (s *Server) watchKeys(ctx context.Context) {
	tick := time.NewTicker(s.cfg.KeyCheck)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		s.revokeRemovedKeys(ctx)
	}
}

// revokeRemovedKeys ends the connections whose key is no longer in the
// team. A key that cannot be looked up (the project is busy) is left for
// the next look.
func (s *Server) revokeRemovedKeys(ctx context.Context) {
	s.mu.Lock()
	byKey := map[string][]*conn{}
	for c := range s.live {
		byKey[c.id.Fingerprint] = append(byKey[c.id.Fingerprint], c)
	}
	s.mu.Unlock()
	for fp, conns := range byKey {
		_, err := s.cfg.Project.TeamKey(ctx, fp)
		if !errors.Is(err, study.ErrNotFound) {
			continue
		}
		for _, c := range conns {
			if c.ctx.Err() != nil {
				continue // already ending
			}
			s.logf(c.id.Remote, c.id.Coder, fp, "key removed from the team: closing the connection")
			c.revoke(errKeyRemoved)
		}
	}
}
