package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
