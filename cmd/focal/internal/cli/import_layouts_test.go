package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Each layout fixture of corpus/transcript/testdata/layouts imports through
// the command with the same speakers, turns and notes that --dry-run
// predicted, and the notes (every guess, with its line) are printed both
// times.
func TestImportLayoutsDryRunPredictsImport(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../../../corpus/transcript/testdata/layouts/*")
	if err != nil {
		t.Fatal(err)
	}
	r := newRunner(t)
	r.ok("init", "study.focal")
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".want") {
			continue
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		file := r.write(filepath.Base(path), string(data))
		dry := decode[[]importResult](t, r.ok("import", file, "--dry-run", "--json"))
		done := decode[[]importResult](t, r.ok("import", file, "--json"))
		if len(dry) != 1 || len(done) != 1 {
			t.Fatalf("%s: %d and %d results", path, len(dry), len(done))
		}
		d, i := dry[0], done[0]
		if d.Turns != i.Turns || !reflect.DeepEqual(d.Speakers, i.Speakers) || !reflect.DeepEqual(d.Notes, i.Notes) || d.Chars != i.Chars {
			t.Errorf("%s: dry run said %d turns, speakers %v, notes %q; the import %d, %v, %q",
				filepath.Base(path), d.Turns, d.Speakers, d.Notes, i.Turns, i.Speakers, i.Notes)
		}
		if want, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".want"); err == nil {
			for _, line := range strings.Split(string(want), "\n") {
				if frag, ok := strings.CutPrefix(line, "note: "); ok && !strings.Contains(strings.Join(i.Notes, "\n"), frag) {
					t.Errorf("%s: the import printed no note %q", filepath.Base(path), frag)
				}
			}
		}
		// Imported once, the same file is refused, at --dry-run too.
		for _, args := range [][]string{{"import", file, "--name", "again"}, {"import", file, "--name", "again", "--dry-run"}} {
			if errOut := r.fail(1, args...); !strings.Contains(errOut, "is already in the project") {
				t.Errorf("%s again: %s", filepath.Base(path), errOut)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d fixtures", n)
	}
}
