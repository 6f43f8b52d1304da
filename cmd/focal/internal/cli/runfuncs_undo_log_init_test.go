package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/study"
)

// Undo and redo are plain functions of an App.
func TestUndoRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.ok("code", "add", "belonging", "--as", "ben")
	ctx := t.Context()
	var out bytes.Buffer
	if err := runUndo(ctx, app, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^undid your action of \S+: .*belonging.* \(focal redo brings it back\)\n$`).MatchString(out.String()) {
		t.Errorf("undo said %q", out.String())
	}
	if got := r.ok("code", "list"); strings.Contains(got, "belonging") {
		t.Errorf("the code is still there after undo:\n%s", got)
	}
	out.Reset()
	if err := runRedo(ctx, app, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^redid your action of \S+: .*belonging.*\n$`).MatchString(out.String()) {
		t.Errorf("redo said %q", out.String())
	}
	if got := r.ok("code", "list"); !strings.Contains(got, "belonging") {
		t.Errorf("the code is not back after redo:\n%s", got)
	}
	if err := runRedo(ctx, app, &out); err == nil || !strings.HasPrefix(err.Error(), "redo: ") {
		t.Errorf("a redo with nothing to redo: %v", err)
	}
}

// The event log is a plain function of an App and its options.
func TestLogRunFunctionWorksWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	r.ok("code", "add", "belonging", "--as", "ben")
	var out bytes.Buffer
	if err := runLog(t.Context(), app, logOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	events := decode[[]map[string]any](t, out.String())
	last := events[len(events)-1]
	if last["kind"] != "code.created" || last["actor"] != "ben" || last["after"].(map[string]any)["path"] != "belonging" {
		t.Errorf("the last event: %v", last)
	}
	out.Reset()
	if err := runLog(t.Context(), app, logOptions{filter: study.LogFilter{Kind: "coder."}, json: true}, &out); err != nil {
		t.Fatal(err)
	}
	coderEvents := decode[[]map[string]any](t, out.String())
	if len(coderEvents) == 0 || len(coderEvents) >= len(events) {
		t.Errorf("log --kind coder. listed %d of %d events", len(coderEvents), len(events))
	}
	for _, e := range coderEvents {
		if !strings.HasPrefix(e["kind"].(string), "coder.") {
			t.Errorf("log --kind coder. listed a %v event", e["kind"])
		}
	}
}

// init is a plain function of an App and its options.
func TestInitRunFunctionWorksWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := &App{Dir: dir, Getenv: func(string) string { return "" }}
	var out bytes.Buffer
	if err := runInit(t.Context(), app, initOptions{file: "s.focal", title: "Belonging"}, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^created s\.focal \(project \S+\)\nnext: focal import TRANSCRIPT… -p s\.focal\n$`).MatchString(out.String()) {
		t.Errorf("init said %q", out.String())
	}
	fi, err := os.Stat(filepath.Join(dir, "s.focal"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the project file in the App's directory: %v %v", fi, err)
	}
	if err := runInit(t.Context(), app, initOptions{file: "s.focal"}, &out); err == nil || !strings.HasPrefix(err.Error(), "init: ") {
		t.Errorf("init over an existing project: %v", err)
	}
}
