package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/tui/workspace"
)

// Payloads of session requests (RFC 4254, section 6).
type (
	ptyRequest struct {
		Term          string
		Columns, Rows uint32
		Width, Height uint32
		Modes         string
	}
	windowChange struct {
		Columns, Rows uint32
		Width, Height uint32
	}
	execRequest struct {
		Command string
	}
	subsystemRequest struct {
		Name string
	}
	exitStatus struct {
		Status uint32
	}
)

// ExitRefused is the exit status of a refused command or shell.
const ExitRefused = 126

// noShell is what a session that asks for a shell without a terminal
// reads before it is closed.
const noShell = `Focal's team server has no shell.
  For the coding workspace, connect with a terminal:  ssh -t …
  To run a read-only command:                         ssh … focal coding list --json
`

// clampSize keeps a terminal size sensible: a client may claim anything,
// and the workspace draws every cell.
func clampSize(cols, rows uint32) workspace.Size {
	size := workspace.Size{Width: int(min(cols, maxCells)), Height: int(min(rows, maxCells))}
	if size.Width <= 0 || size.Height <= 0 {
		size = workspace.Size{Width: 80, Height: 24}
	}
	return size
}

// session serves one session channel: a pty and a shell get the
// workspace, an exec runs a command through Config.Exec, anything else is
// refused. The session ends when its work ends or the client closes it.
func (s *Server) session(ctx context.Context, c *conn, nch ssh.NewChannel) {
	ch, reqs, err := nch.Accept()
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	logf := func(format string, args ...any) { s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, format, args...) }

	var (
		pty    *ptyRequest
		size   workspace.Size
		resize = make(chan workspace.Size, 1)
		done   chan struct{} // closed when the started work has ended; nil before
		ended  = ctx.Done()  // nil once work has started: the work ends itself
		closed bool          // closed before any work started
	)
	for {
		var req *ssh.Request
		var ok bool
		select {
		case req, ok = <-reqs:
		case <-done:
			// The work has ended and closed the channel; a client that does
			// not close its side must not hold the connection open.
			go ssh.DiscardRequests(reqs)
			return
		case <-ended:
			// Shut down, the key removed, or the connection went, before
			// anything started.
			ended, closed = nil, true
			if errors.Is(context.Cause(ctx), errKeyRemoved) {
				io.WriteString(ch.Stderr(), strings.TrimLeft(keyRemovedMessage, "\r\n"))
			}
			ch.Close()
			continue
		}
		if !ok {
			// The client closed the session: stop the work and wait for it.
			cancel()
			if done != nil {
				<-done
			}
			ch.Close()
			return
		}
		switch req.Type {
		case "pty-req":
			var p ptyRequest
			if done != nil || ssh.Unmarshal(req.Payload, &p) != nil {
				req.Reply(false, nil)
				continue
			}
			pty, size = &p, clampSize(p.Columns, p.Rows)
			req.Reply(true, nil)
		case "window-change":
			var w windowChange
			if ssh.Unmarshal(req.Payload, &w) != nil {
				req.Reply(false, nil)
				continue
			}
			size = clampSize(w.Columns, w.Rows)
			// The workspace only needs the latest size.
			select {
			case <-resize:
			default:
			}
			resize <- size
			req.Reply(true, nil)
		case "shell":
			if done != nil || closed {
				req.Reply(false, nil)
				continue
			}
			req.Reply(true, nil)
			ended = nil
			if pty == nil {
				logf("refused shell without a terminal")
				done = s.finish(ch, func() int {
					io.WriteString(ch.Stderr(), noShell)
					return ExitRefused
				})
				continue
			}
			// Sizes that came before the shell are in size already.
			select {
			case <-resize:
			default:
			}
			done = s.finish(ch, func() int { return s.workspace(ctx, c, ch, pty.Term, size, resize) })
		case "exec":
			var e execRequest
			if done != nil || closed || ssh.Unmarshal(req.Payload, &e) != nil {
				req.Reply(false, nil)
				continue
			}
			req.Reply(true, nil)
			ended = nil
			done = s.finish(ch, func() int { return s.exec(ctx, c, ch, e.Command, pty != nil) })
		case "subsystem":
			var sub subsystemRequest
			ssh.Unmarshal(req.Payload, &sub)
			logf("refused subsystem %q", sub.Name)
			req.Reply(false, nil)
		case "x11-req", "auth-agent-req@openssh.com":
			logf("refused %q", req.Type)
			req.Reply(false, nil)
		default:
			// env (ignored: the identity and project are the server's),
			// signal, break and the rest.
			req.Reply(false, nil)
		}
	}
}

// finish runs work in its own goroutine, then ends the session the way
// sshd does: end of output, exit status, close.
func (s *Server) finish(ch ssh.Channel, work func() int) chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		status := work()
		ch.CloseWrite()
		ch.SendRequest("exit-status", false, ssh.Marshal(exitStatus{Status: uint32(status)}))
		ch.Close()
	}()
	return done
}

// workspace runs the coding workspace on the session's terminal as the
// key's coder, and returns the exit status.
func (s *Server) workspace(ctx context.Context, c *conn, ch ssh.Channel, term string, size workspace.Size, resize <-chan workspace.Size) int {
	logf := func(format string, args ...any) { s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, format, args...) }
	logf("workspace started (%s, %dx%d)", term, size.Width, size.Height)
	started := s.cfg.Now()
	opts := workspace.Options{Coder: c.id.Coder, Refresh: s.cfg.Refresh}
	err := workspace.RunRemote(ctx, coderOnly{Study: s.cfg.Project, coder: c.id.Coder}, opts,
		// There is no pty here to turn line feeds into new lines (ONLCR),
		// and the client's terminal is in raw mode: do it as a pty would.
		workspace.Terminal{In: ch, Out: crlfWriter{ch}, Term: term, Size: size, Resize: resize})
	took := s.cfg.Now().Sub(started).Round(time.Second)
	switch {
	case c.serverCtx.Err() != nil:
		io.WriteString(ch, "\r\nThe Focal server is shutting down. Everything you did is saved.\r\n")
		logf("workspace closed by the shutdown after %s", took)
		return 0
	case errors.Is(context.Cause(ctx), errKeyRemoved):
		io.WriteString(ch, keyRemovedMessage)
		logf("workspace closed after %s: the key was removed from the team", took)
		return ExitRefused
	case ctx.Err() != nil:
		logf("workspace ended after %s: the client went", took)
		return 0
	case err != nil:
		fmt.Fprintf(ch.Stderr(), "focal: %s\r\n", err)
		logf("workspace ended after %s: %v", took, err)
		return 1
	}
	logf("workspace ended after %s", took)
	return 0
}

// exec runs an exec request through Config.Exec as the key's coder.
func (s *Server) exec(ctx context.Context, c *conn, ch ssh.Channel, command string, terminal bool) int {
	var stdout, stderr io.Writer = ch, ch.Stderr()
	if terminal {
		// No real terminal turns line feeds into new lines on this side.
		stdout, stderr = crlfWriter{ch}, crlfWriter{ch.Stderr()}
	}
	var status int
	refusal := errors.New("commands are not offered by this server")
	switch {
	case len(command) > maxCommandBytes:
		refusal = fmt.Errorf("the command is longer than %d bytes", maxCommandBytes)
	case s.cfg.Exec != nil:
		status, refusal = s.runExec(ctx, c, command, stdout, stderr)
	}
	if len(command) > 200 {
		command = command[:200] + "…"
	}
	if refusal != nil {
		fmt.Fprintf(stderr, "focal: %v\n", refusal)
		why := refusal.Error()
		if r := []rune(why); len(r) > 100 {
			why = string(r[:100]) + "…"
		}
		s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, "refused exec %q: %s", command, why)
		return ExitRefused
	}
	s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, "exec %q: exit %d", command, status)
	return status
}

// runExec calls Config.Exec; a command that panics fails alone instead of
// taking every researcher's session down with the server.
func (s *Server) runExec(ctx context.Context, c *conn, command string, stdout, stderr io.Writer) (status int, refusal error) {
	defer func() {
		if p := recover(); p != nil {
			s.logf(c.id.Remote, c.id.Coder, c.id.Fingerprint, "exec %q failed: panic: %v", command, p)
			fmt.Fprintln(stderr, "focal: the command failed on the server (an internal error); the server log has the details")
			status, refusal = 1, nil
		}
	}()
	return s.cfg.Exec(ctx, c.id, command, stdout, stderr)
}

// crlfWriter writes \r\n for \n, as a terminal's line discipline would.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// coderOnly is the project as one session's workspace sees it: its list
// of coders holds only the key's coder, so that the workspace can never
// offer to work as someone else.
type coderOnly struct {
	workspace.Study
	coder string
}

// Coders returns the session's own coder.
func (p coderOnly) Coders(ctx context.Context) ([]coding.Coder, error) {
	all, err := p.Study.Coders(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.Name == p.coder {
			return []coding.Coder{c}, nil
		}
	}
	return nil, fmt.Errorf("your key belongs to coder %q, who is not in this project", p.coder)
}
