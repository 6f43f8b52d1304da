package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// blindTeam is a project with blinding on: ben and carl each coded turn 2.
func blindTeam(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	if err := os.WriteFile(filepath.Join(r.dir, "fg01.txt"), []byte("Dana: How did it feel?\nZoe: Lonely at first. Then better.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carl")
	r.ok("coding", "add", "--as", "ben", "--source", "fg01", "--code", "isolation", "--quote", "Lonely at first.")
	r.ok("coding", "add", "--as", "carl", "--source", "fg01", "--code", "isolation", "--quote", "Then better.")
	return r
}

func TestCodersKeepToTheirOwnLayerCLI(t *testing.T) {
	t.Parallel()
	r := blindTeam(t)
	carls := decode[[]map[string]any](t, r.ok("coding", "list", "--as", "carl", "--json"))
	carlID := carls[0]["id"].(string)[:8]
	before := r.ok("coding", "list", "--as", "carl", "--json")

	// coding import in carl's name, by ben.
	csv := r.write("rows.csv", "source,coder,code,start,end,memo\nfg01,carl,isolation,0,4,\n")
	if errOut := r.fail(1, "coding", "import", csv, "--as", "ben"); !strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "own codings") {
		t.Errorf("import into carl's layer: %s", errOut)
	}
	// code split of carl's coding, by ben: as if it did not exist.
	if errOut := r.fail(1, "code", "split", "isolation", "isolation/later", "--coding", carlID, "--as", "ben"); !strings.Contains(errOut, "of yours") || strings.Contains(errOut, "carl") {
		t.Errorf("split of carl's coding: %s", errOut)
	}
	// source rm --force, by ben, would delete carl's work unseen.
	if errOut := r.fail(1, "source", "rm", "fg01", "--force", "--as", "ben"); !strings.Contains(errOut, "PI") {
		t.Errorf("source rm by a coder: %s", errOut)
	}
	if after := r.ok("coding", "list", "--as", "carl", "--json"); after != before {
		t.Errorf("carl's layer changed:\n%s\n%s", before, after)
	}
	r.ok("source", "rm", "fg01", "--force", "--as", "amara")
}
