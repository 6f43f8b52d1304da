package cli

import (
	"strings"
	"testing"
)

// bensCodings lists ben's codings' codes and ids, as he sees them.
func bensCodings(t *testing.T, r *runner) (codes, ids []string) {
	t.Helper()
	for _, c := range decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "ben")) {
		codes = append(codes, c["code"].(string))
		ids = append(ids, c["id"].(string))
	}
	return codes, ids
}

func TestRecodeUndoAndRedoCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("code", "add", "belonging", "--as", "amara")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "ben")
	_, ids := bensCodings(t, r)

	out := r.ok("coding", "recode", ids[0][:8], "belonging", "--as", "ben")
	if !strings.Contains(out, "from isolation to belonging") {
		t.Errorf("recode said %q", out)
	}
	if codes, _ := bensCodings(t, r); len(codes) != 1 || codes[0] != "belonging" {
		t.Fatalf("after recode: %v", codes)
	}

	// One undo takes the whole re-coding back.
	out = r.ok("undo", "--as", "ben")
	if !strings.Contains(out, "re-coded isolation as belonging") || !strings.Contains(out, "focal redo") {
		t.Errorf("undo said %q", out)
	}
	if codes, _ := bensCodings(t, r); len(codes) != 1 || codes[0] != "isolation" {
		t.Fatalf("one undo should restore the old code: %v", codes)
	}

	out = r.ok("redo", "--as", "ben")
	if !strings.Contains(out, "redid") || !strings.Contains(out, "re-coded isolation as belonging") {
		t.Errorf("redo said %q", out)
	}
	if codes, _ := bensCodings(t, r); len(codes) != 1 || codes[0] != "belonging" {
		t.Fatalf("after redo: %v", codes)
	}
	if errOut := r.fail(1, "redo", "--as", "ben"); !strings.HasPrefix(errOut, "focal: redo: nothing to redo") {
		t.Errorf("a second redo: %q", errOut)
	}
	// The log shows the redo, and undo takes the redone action back.
	if events := decode[[]map[string]any](t, r.ok("log", "--kind", "redo", "--json", "--as", "ben")); len(events) != 1 || events[0]["actor"] != "ben" {
		t.Errorf("redo in the log: %v", events)
	}
	r.ok("undo", "--as", "ben")
	if codes, _ := bensCodings(t, r); len(codes) != 1 || codes[0] != "isolation" {
		t.Fatalf("undo after redo: %v", codes)
	}

	// Redo refuses, saying why, when the code it gives was retired since;
	// the project is unchanged.
	r.ok("code", "retire", "belonging", "--as", "amara")
	errOut := r.fail(1, "redo", "--as", "ben")
	if !strings.HasPrefix(errOut, "focal: redo: cannot redo") || !strings.Contains(errOut, "retired") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("redo onto a retired code: %q", errOut)
	}
	if codes, _ := bensCodings(t, r); len(codes) != 1 || codes[0] != "isolation" {
		t.Errorf("a refused redo changed the codings: %v", codes)
	}
}

func TestRemovingSeveralCodingsIsOneActionCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "ben")
	r.ok("coding", "add", "--source", "fg01", "--code", "belonging", "--turn", "1", "--as", "ben")
	r.ok("coding", "add", "--source", "fg01", "--code", "persistence", "--turn", "2", "--as", "amara")
	_, ids := bensCodings(t, r)
	if len(ids) != 2 {
		t.Fatalf("ben has %d codings, want 2", len(ids))
	}
	amaras := decode[[]map[string]any](t, r.ok("coding", "list", "--json", "--as", "amara", "--coder", "amara"))

	// One refused coding (amara's) refuses them all. Under blinding ben is
	// not told that the coding exists.
	errOut := r.fail(1, "coding", "rm", ids[0][:8], amaras[0]["id"].(string)[:8], "--as", "ben")
	if !strings.Contains(errOut, "of yours") || strings.Contains(errOut, "amara") || !strings.Contains(errOut, "nothing was removed") {
		t.Errorf("removing someone else's coding: %q", errOut)
	}
	if _, left := bensCodings(t, r); len(left) != 2 {
		t.Fatalf("a refused rm removed codings: %d left", len(left))
	}

	out := r.ok("coding", "rm", ids[0][:8], ids[1][:8], "--as", "ben")
	if strings.Count(out, "removed coding") != 2 {
		t.Errorf("rm said %q", out)
	}
	r.ok("undo", "--as", "ben")
	if codes, _ := bensCodings(t, r); len(codes) != 2 {
		t.Errorf("one undo should bring both codings back: %v", codes)
	}
	r.ok("redo", "--as", "ben")
	if codes, _ := bensCodings(t, r); len(codes) != 0 {
		t.Errorf("redo should remove both again: %v", codes)
	}
}
