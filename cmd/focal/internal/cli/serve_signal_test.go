//go:build unix

package cli

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// TestServeStopsOnSIGTERM stops a running server the way a service
// manager does, with a researcher in the workspace: the workspace is told,
// the server returns without an error, and the project is closed.
func TestServeStopsOnSIGTERM(t *testing.T) {
	// Not parallel: it sends SIGTERM to the whole test process, which
	// only this test's server may be listening for.
	r := codedProject(t)
	var stdout, stderr syncBuffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" },
		projectFlag: filepath.Join(r.dir, "study.focal")}
	done := make(chan error, 1)
	go func() {
		done <- runServe(context.Background(), app, serveOptions{listen: "127.0.0.1:0"}, &stdout, &stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	// The signal handler is in place once the server says how to stop it.
	for !strings.Contains(stdout.String(), "Ctrl+C") {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	addr := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(stdout.String())[1]
	client, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "amara", Auth: []ssh.AuthMethod{ssh.PublicKeys(loadSigner(t, r, "amara"))},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var screen syncBuffer
	session.Stdout = &screen
	if _, err := session.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := session.RequestPty("xterm", 24, 80, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := session.Shell(); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(stderr.String(), "workspace started") {
		if time.Now().After(deadline) {
			t.Fatalf("the workspace did not start:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("runServe: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
	if err := session.Wait(); err != nil {
		t.Errorf("the workspace session: %v", err)
	}
	if !strings.Contains(screen.String(), "shutting down") {
		t.Errorf("the researcher was not told; the screen got %q", screen.String())
	}
	if !strings.Contains(stdout.String(), "stopped; the project is closed") || app.study != nil {
		t.Errorf("output:\n%s", stdout.String())
	}
}
