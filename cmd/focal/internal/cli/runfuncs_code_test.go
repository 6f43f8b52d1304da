package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/study"
)

// newRunApp makes a project in a fresh directory with the coder ben, and an
// App acting as ben on it, for tests that call run functions directly.
func newRunApp(t *testing.T) (*runner, *App) {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("coder", "add", "ben")
	app := &App{Dir: r.dir, Getenv: func(string) string { return "" }, asFlag: "ben"}
	t.Cleanup(func() {
		if app.study != nil {
			app.study.Close()
		}
	})
	return r, app
}

// The codebook commands are plain functions of an App and their options.
func TestCodeRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r, app := newRunApp(t)
	ctx := t.Context()
	var out bytes.Buffer
	def := "Feeling apart from the team"
	if err := runCodeAdd(ctx, app, codeAddOptions{path: "belonging/isolation", fields: codeFields{definition: def}}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "added code belonging/isolation\n" {
		t.Errorf("code add said %q", out.String())
	}
	out.Reset()
	if err := runCodeRename(ctx, app, codeTwoOptions{code: "belonging/isolation", to: "apart"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != "renamed belonging/isolation to belonging/apart\n" {
		t.Errorf("code rename said %q", out.String())
	}
	out.Reset()
	if err := runCodeShow(ctx, app, codeShowOptions{code: "belonging/apart"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if lines[0] != "belonging/apart" || lines[1] != "  definition: "+def || !strings.HasSuffix(lines[2], " by ben") {
		t.Errorf("code show:\n%s", out.String())
	}
	// The command line sees what the run functions did.
	if got := r.ok("code", "list"); !strings.Contains(got, "apart") || strings.Contains(got, "isolation") {
		t.Errorf("code list after the rename:\n%s", got)
	}
	// A bad colour and an empty description are refused before the project is opened.
	empty := &App{Dir: t.TempDir(), Getenv: func(string) string { return "" }}
	bad := "red"
	if err := runCodeDescribe(ctx, empty, codeDescribeOptions{code: "x", set: study.CodeDescription{Color: &bad}}, &out); err == nil || !strings.Contains(err.Error(), "#rrggbb") {
		t.Errorf("code describe --color red: %v", err)
	}
	if err := runCodeDescribe(ctx, empty, codeDescribeOptions{code: "x"}, &out); err == nil || !strings.Contains(err.Error(), "say what to set") {
		t.Errorf("code describe with nothing to set: %v", err)
	}
}
