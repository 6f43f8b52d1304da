package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/focalqda/focal/coding/study"
)

// A command's file names are relative to the App's directory, not to the
// process's: the project found by its *.focal, the files it reads and the
// files it writes. This is what lets the tests run in parallel.
func TestFileNamesAreRelativeToTheAppDirectory(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if wd == r.dir {
		t.Fatal("the test needs the process to be in another directory than the App")
	}
	r.write("fg01.vtt", zoomVTT)
	r.write("traits.csv", "participant,site\nZoë Lindqvist,north\n")
	r.ok("init", "study.focal")
	r.ok("import", "fg01.vtt") // relative, found in the App's directory
	r.ok("coder", "add", "ben")
	r.ok("--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.")
	r.ok("--as", "ben", "coding", "export", "--out", "codings.csv")
	r.ok("--as", "ben", "export", "qdpx", "--out", "study.qdpx")
	for _, name := range []string{"study.focal", "codings.csv", "study.qdpx"} {
		if _, err := os.Stat(filepath.Join(r.dir, name)); err != nil {
			t.Errorf("%s is not in the App's directory: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(wd, name)); err == nil {
			t.Errorf("%s was written to the process's directory %s", name, wd)
		}
	}
	// Messages name files as the user typed them.
	if out := r.ok("--as", "ben", "export", "qdc", "--out", "codebook.qdc"); strings.Contains(out, r.dir) {
		t.Errorf("the export names the App's directory instead of the file as typed:\n%s", out)
	}
	// A missing file is reported by the name the user typed.
	if errOut := r.fail(1, "coding", "import", "missing.csv"); !strings.Contains(errOut, "coding import missing.csv: no such file") {
		t.Errorf("a missing file: %s", errOut)
	}
}

// The App's clock stamps the changes a command makes.
func TestTheAppClockStampsChanges(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	var stdout, stderr bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Dir: r.dir,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return at }}
	if code := app.Run([]string{"coder", "add", "ben"}); code != ExitOK {
		t.Fatalf("coder add: exit %d: %s", code, stderr.String())
	}
	events := decode[[]map[string]any](t, r.ok("log", "--kind", "coder.", "--json"))
	if len(events) != 1 {
		t.Fatalf("coder events: %v", events)
	}
	if got, _ := events[0]["at"].(string); !strings.HasPrefix(got, "2031-05-06T07:08:09") {
		t.Errorf("the coder was added at %q, want the App's clock 2031-05-06T07:08:09", got)
	}
}

// An error is one line, "focal: <command>: <why>", naming the command once
// whether or not the command named itself.
func TestErrorsNameTheCommandOnce(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	for _, tc := range []struct {
		status int
		args   []string
		want   string
	}{
		{1, []string{"source", "list"}, "focal: source list: no project: "},
		{2, []string{"source", "list", "--bogus"}, "focal: source list: unknown flag: --bogus"},
		{2, []string{"coding", "import"}, "focal: coding import: accepts 1 arg(s), received 0"},
		{1, []string{"coding", "import", "missing.csv"}, "focal: coding import missing.csv: no such file"},
		{2, []string{"nonsense"}, `focal: unknown command "nonsense" for "focal"`},
	} {
		errOut := r.fail(tc.status, tc.args...)
		first, _, _ := strings.Cut(errOut, "\n")
		if !strings.HasPrefix(first, tc.want) {
			t.Errorf("focal %s: %q, want it to start %q", strings.Join(tc.args, " "), first, tc.want)
		}
	}
	r.ok("init", "study.focal")
	// An error from the core, which does not know the command, gets its name.
	if errOut := r.fail(1, "source", "show", "fg09"); !strings.HasPrefix(errOut, "focal: source show: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("source show of a missing source: %q", errOut)
	}
}

// Every --json is registered one way (addJSONFlag), so it is printed one
// way (writeJSON).
func TestEveryJSONFlagIsRegisteredOneWay(t *testing.T) {
	t.Parallel()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if f := c.Flags().Lookup("json"); f != nil && f.Annotations[jsonFlagAnnotation] == nil {
			t.Errorf("%s registers --json by hand; use addJSONFlag", c.CommandPath())
		}
	}
	walk(newRootCmd(&App{Getenv: func(string) string { return "" }}))
}

// An empty listing prints [], never null.
func TestWriteJSONPrintsAnEmptyListingAsBrackets(t *testing.T) {
	t.Parallel()
	var nothing []study.Person
	var b bytes.Buffer
	if err := writeJSON(&b, nothing); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(b.String()); got != "[]" {
		t.Errorf("an empty listing printed %q, want []", got)
	}
}

// The most-used commands are plain functions of an App and their options,
// which tests call without a command line.
func TestRunFunctionsWorkWithoutTheCommandLine(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.write("fg01.vtt", zoomVTT)
	r.ok("init", "study.focal")
	r.ok("import", "fg01.vtt")
	r.ok("coder", "add", "ben")
	ctx := t.Context()
	app := &App{Dir: r.dir, Getenv: func(string) string { return "" }, asFlag: "ben"}
	defer func() {
		if app.study != nil {
			app.study.Close()
		}
	}()
	var out bytes.Buffer
	if err := runCodingAdd(ctx, app, codingAddOptions{source: "fg01", code: "isolation", quote: "I was the only one.", start: -1, end: -1}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created code isolation") {
		t.Errorf("coding add said %q", out.String())
	}
	out.Reset()
	if err := runSourceList(ctx, app, sourceListOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if sources := decode[[]map[string]any](t, out.String()); len(sources) != 1 || sources[0]["name"] != "fg01" {
		t.Errorf("source list: %v", sources)
	}
	out.Reset()
	if err := runCodingList(ctx, app, codingListOptions{json: true}, &out); err != nil {
		t.Fatal(err)
	}
	if codings := decode[[]map[string]any](t, out.String()); len(codings) != 1 || codings[0]["text"] != "I was the only one." {
		t.Errorf("coding list: %v", codings)
	}
	out.Reset()
	if err := runCodeList(ctx, app, codeListOptions{}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "isolation") {
		t.Errorf("code list:\n%s", out.String())
	}
	out.Reset()
	if err := runSourceShow(ctx, app, sourceShowOptions{source: "fg01"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Every single day.") {
		t.Errorf("source show:\n%s", out.String())
	}
	// A wrong option is refused before the project is opened.
	if err := runCodeList(ctx, &App{Dir: t.TempDir(), Getenv: func(string) string { return "" }}, codeListOptions{at: "soon"}, &out); err == nil || !strings.Contains(err.Error(), "not a date") {
		t.Errorf("code list --at soon: %v", err)
	}
}
