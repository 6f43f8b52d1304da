package workspace

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/tui/internal/fixture"
)

// lockedBuffer collects a remote terminal's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Contains(b.buf.Bytes(), []byte(s))
}

func waitOutput(t *testing.T, out *lockedBuffer, s string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !out.contains(s) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never received %q", s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRunRemoteDrawsAndQuits(t *testing.T) {
	p := fixture.Small(t)
	in, keys := io.Pipe()
	defer keys.Close()
	out := &lockedBuffer{}
	resize := make(chan Size, 1)
	done := make(chan error, 1)
	go func() {
		done <- RunRemote(t.Context(), p.Study, Options{Coder: fixture.Coder},
			Terminal{In: in, Out: out, Term: "xterm-256color", Size: Size{Width: 90, Height: 26}, Resize: resize})
	}()
	waitOutput(t, out, "7 turns")
	resize <- Size{Width: 120, Height: 40}
	if _, err := io.WriteString(keys, "q"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunRemote: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the workspace did not quit")
	}
}

func TestRunRemoteEndsWithItsContext(t *testing.T) {
	p := fixture.Small(t)
	in, keys := io.Pipe()
	defer keys.Close()
	out := &lockedBuffer{}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- RunRemote(ctx, p.Study, Options{Coder: fixture.Coder}, Terminal{In: in, Out: out, Size: Size{Width: 80, Height: 24}})
	}()
	waitOutput(t, out, "7 turns")
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, tea.ErrProgramKilled) {
			t.Errorf("RunRemote = %v, want the program killed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the workspace did not end with its context")
	}
}
