package cli

import (
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestCompletionOffersTheProjectsNames: on the demo, every flag that names
// a source, code, theme, coder, participant, group or codebook version
// completes the project's names on every command that has it, and so does
// a subject given as an argument (`focal tui fg01…`, `focal speaker list
// fg01…`), as a shell user presses tab. Names are the demo's, written out
// here; a flag taking several values completes the next after a comma.
func TestCompletionOffersTheProjectsNames(t *testing.T) {
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.env["FOCAL_CODER"] = "ben" // the demo codes blind: a coder is named
	want := map[string]string{
		"source": "fg01-belonging-en", "code": "belonging/isolation", "theme": "Carrying two worlds",
		"coder": "ben", "coders": "ben", "participant": "P01", "group": "Group 1 (North)", "at": "v1",
	}
	complete := func(args ...string) []string {
		out := r.ok(append([]string{"__complete"}, args...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[:len(lines)-1] // the last line is the directive
	}
	checked := 0
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
		if !cmd.Runnable() || cmd.Hidden || strings.HasPrefix(cmd.Name(), "__") || cmd.Name() == "help" {
			return
		}
		path := strings.Fields(cmd.CommandPath())[1:]
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			name, ok := want[f.Name]
			if !ok || f.Value.Type() == "bool" {
				return
			}
			checked++
			if got := complete(append(slices.Clone(path), "--"+f.Name, "")...); !slices.Contains(got, name) {
				t.Errorf("focal %s --%s <tab>: %q, want %q among them", strings.Join(path, " "), f.Name, got, name)
			}
		})
		if flag, ok := cmd.Annotations[subjectArgAnnotation]; ok && want[flag] != "" {
			checked++
			if got := complete(append(slices.Clone(path), "")...); !slices.Contains(got, want[flag]) {
				t.Errorf("focal %s <tab>: %q, want %q among them", strings.Join(path, " "), got, want[flag])
			}
		}
	}
	walk(newRootCmd(&App{}))
	if checked < 80 {
		t.Errorf("only %d completions checked: the walk missed commands", checked)
	}
	if got := complete("progress", "--as", ""); !slices.Contains(got, "amara") || slices.Contains(got, "consensus") {
		t.Errorf("--as <tab>: %q, want the coders without the consensus", got)
	}
	if got := complete("agree", "--coders", "amara,"); !slices.Equal(got, []string{"amara,ben", "amara,carmen"}) {
		t.Errorf("--coders amara,<tab>: %q", got)
	}
	if got := complete("deid", "scan", "fg01-belonging-en", ""); slices.Contains(got, "fg01-belonging-en") || len(got) != 2 {
		t.Errorf("deid scan fg01-belonging-en <tab>: %q, want the two other sources", got)
	}
	if got := complete("participant", "withdraw", ""); !slices.Contains(got, "P01") {
		t.Errorf("participant withdraw <tab>: %q", got)
	}
}

// TestCommandLinesLeaveNothingBehind: the team server runs every session's
// command lines in one process, so running one must not leave memory held
// after it. Cobra keeps flag completion functions in a map nothing
// empties; registered for every command line, they kept each command tree
// (about 17 KB a line, 34 KB per command over SSH, which builds two).
func TestCommandLinesLeaveNothingBehind(t *testing.T) {
	run := func() {
		app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		if code := app.Run([]string{"version"}); code != 0 {
			t.Fatalf("focal version: exit %d", code)
		}
	}
	run() // the first run makes what is made once (the version's build info)
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	for range 300 {
		run()
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	if grew := int64(m.HeapAlloc) - int64(before); grew > 2<<20 {
		t.Errorf("300 command lines left %d KB on the heap", grew>>10)
	}
}
