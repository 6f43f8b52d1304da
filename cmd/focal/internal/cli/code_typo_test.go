package cli

import (
	"strings"
	"testing"
)

// A typo in a code name used to create a new code silently (exit 0).
func TestCodingAddRefusesALikelyTypoCLI(t *testing.T) {
	t.Parallel()
	r := consensusCase(t)
	r.env["FOCAL_CODER"] = "ben"
	r.ok("coding", "add", "--source", "fg01", "--code", "belonging/isolation", "--quote", "Say more.")
	before := r.ok("code", "list", "--json")
	for _, name := range []string{"belonging/isolaton", "Belonging/Isolation", "belonging/isolations", "isolaton"} {
		errOut := r.fail(1, "coding", "add", "--source", "fg01", "--code", name, "--quote", "How did the first month feel?")
		if !strings.Contains(errOut, `"belonging/isolation"`) || !strings.Contains(errOut, "--new") {
			t.Errorf("coding add --code %s: %s", name, errOut)
		}
	}
	if after := r.ok("code", "list", "--json"); after != before {
		t.Errorf("a refused coding changed the codebook:\n%s\n%s", before, after)
	}
	// Meant as new: --new creates it.
	if out := r.ok("coding", "add", "--source", "fg01", "--code", "belonging/isolations", "--new", "--quote", "How did the first month feel?"); !strings.Contains(out, "created code belonging/isolations") {
		t.Errorf("--new: %s", out)
	}
	// A name unlike any code is created as always.
	if out := r.ok("coding", "add", "--source", "fg01", "--code", "workload", "--quote", "Say more."); !strings.Contains(out, "created code workload") {
		t.Errorf("a new idea: %s", out)
	}
}

func TestCodingRecodeRefusesALikelyTypoCLI(t *testing.T) {
	r := consensusCase(t)
	r.env["FOCAL_CODER"] = "ben"
	r.ok("coding", "add", "--source", "fg01", "--code", "belonging/isolation", "--quote", "Say more.")
	mine := decode[[]map[string]any](t, r.ok("coding", "list", "--code", "c", "--json"))
	id := mine[0]["id"].(string)[:8]
	if errOut := r.fail(1, "coding", "recode", id, "belonging/isolaton"); !strings.Contains(errOut, `"belonging/isolation"`) || !strings.Contains(errOut, "--new") {
		t.Errorf("recode to a likely typo: %s", errOut)
	}
	if out := r.ok("coding", "recode", id, "belonging/isolaton", "--new"); !strings.Contains(out, "created code belonging/isolaton") {
		t.Errorf("recode --new: %s", out)
	}
}
