package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 15: `focal copy` under blinding writes a file holding only what
// its maker and its coder may both see, and the coder's pack from it
// merges back; with blinding off the copy is whole.
func TestCopyUnderBlinding(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal", "--title", "Copies")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ann")
	r.ok("coder", "add", "bob")
	if out := r.ok("--as", "amara", "blind"); !strings.Contains(out, "on") {
		r.ok("--as", "amara", "blind", "on")
	}
	r.ok("--as", "ann", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--memo", "ANNMEMO")
	r.ok("--as", "bob", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Every single day.", "--memo", "BOBMEMO")
	type coding struct {
		ID string `json:"id"`
	}
	idOf := func(who string) string {
		cs := decode[[]coding](t, r.ok("--as", who, "coding", "list", "--json"))
		if len(cs) != 1 {
			t.Fatalf("set-up: %s has %d codings", who, len(cs))
		}
		return cs[0].ID
	}
	ann, bob := idOf("ann"), idOf("bob")
	// Copies go into a folder of their own: the project is the only
	// *.focal file here.
	if err := os.Mkdir(filepath.Join(r.dir, "copies"), 0o700); err != nil {
		t.Fatal(err)
	}
	file := func(name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	holds := func(name string, words ...string) (in []string) {
		data := file(name)
		for _, w := range words {
			if bytes.Contains(data, []byte(w)) {
				in = append(in, w)
			}
		}
		return in
	}

	// ann's own copy: her work, none of bob's.
	out := r.ok("--as", "ann", "copy", "--out", "copies/ann.focal")
	if !strings.Contains(out, "holds only ann's codings") {
		t.Errorf("ann's copy said:\n%s", out)
	}
	if got := holds("copies/ann.focal", ann, "ANNMEMO", bob, "BOBMEMO"); strings.Join(got, " ") != ann+" ANNMEMO" {
		t.Errorf("ann's copy holds %v, want only her coding and memo", got)
	}

	// The PI's copy for bob: neither may see the other's work, so it holds
	// no coder's.
	out = r.ok("--as", "amara", "copy", "--out", "copies/bob.focal", "--coder", "bob")
	if !strings.Contains(out, "holds no coder's work") {
		t.Errorf("the copy for bob said:\n%s", out)
	}
	if got := holds("copies/bob.focal", ann, "ANNMEMO", bob, "BOBMEMO"); len(got) > 0 {
		t.Errorf("the PI's copy for bob holds %v", got)
	}
	// bob codes in it; his pack merges into the master.
	r.ok("-p", "copies/bob.focal", "--as", "bob", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Honestly, not me.")
	r.ok("-p", "copies/bob.focal", "--as", "bob", "pack", "--coder", "bob", "--out", "copies/bob.focalpack")
	if out := r.ok("--as", "amara", "merge", "copies/bob.focalpack"); !strings.Contains(out, "1 coding added") {
		t.Errorf("merging bob's pack said:\n%s", out)
	}
	if n := len(decode[[]coding](t, r.ok("--as", "bob", "coding", "list", "--json"))); n != 2 {
		t.Errorf("bob has %d codings in the master after the merge, want 2", n)
	}

	// Without blinding a copy is the whole project, as before.
	r.ok("--as", "amara", "blind", "off")
	out = r.ok("--as", "amara", "copy", "--out", "copies/whole.focal", "--coder", "bob")
	if strings.Contains(out, "blind") {
		t.Errorf("a copy without blinding said:\n%s", out)
	}
	if got := holds("copies/whole.focal", ann, "ANNMEMO", bob, "BOBMEMO"); len(got) != 4 {
		t.Errorf("the whole copy holds only %v", got)
	}
}
