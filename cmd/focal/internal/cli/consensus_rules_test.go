package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// consensusCase builds, through the command line, the study a tester used:
// ben codes each sentence of Zoe's turn with c, carl the whole turn and the
// second sentence; both mark the source done; amara (PI) lifts blinding.
func consensusCase(t *testing.T) *runner {
	t.Helper()
	r := newRunner(t)
	transcript := "Dana: How did the first month feel?\nZoe: First sentence here. Second sentence here.\nDana: Say more.\n"
	if err := os.WriteFile(filepath.Join(r.dir, "fg01.txt"), []byte(transcript), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok("init", "study.focal")
	r.ok("import", "fg01.txt")
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carl")
	for _, c := range [][]string{
		{"ben", "First sentence here."}, {"ben", "Second sentence here."},
		{"carl", "First sentence here. Second sentence here."}, {"carl", "Second sentence here."},
	} {
		r.ok("coding", "add", "--as", c[0], "--source", "fg01", "--code", "c", "--quote", c[1])
	}
	r.ok("source", "done", "fg01", "--as", "ben")
	r.ok("source", "done", "fg01", "--as", "carl")
	r.ok("blind", "off", "--as", "amara")
	return r
}

func TestConsensusKeepsTextBothCodersCodedCLI(t *testing.T) {
	t.Parallel()
	r := consensusCase(t)
	r.env["FOCAL_CODER"] = "amara"
	if out := r.ok("consensus", "seed", "--source", "fg01", "--coders", "ben,carl"); !strings.Contains(out, "1 identical") {
		t.Fatalf("seed: %s", out)
	}
	places := decode[[]map[string]any](t, r.ok("consensus", "next", "--source", "fg01", "--coders", "ben,carl", "--all", "--json"))
	if len(places) != 1 || !strings.Contains(places[0]["text"].(string), "First sentence here.") {
		t.Fatalf("open places after seeding = %v; want the turn, first sentence included", places)
	}
	errOut := r.fail(1, "consensus", "complete", "fg01")
	if !strings.Contains(errOut, "1 disagreement without a decision") || !strings.Contains(errOut, "--force") {
		t.Errorf("complete with the place open: %s", errOut)
	}
	status := decode[[]map[string]any](t, r.ok("consensus", "status", "--json"))
	if status[0]["status"] == "complete" {
		t.Fatal("a refused completion marked the consensus complete")
	}
	place := fmtNum(places[0]["start"]) + "-" + fmtNum(places[0]["end"])
	r.ok("consensus", "resolve", "--source", "fg01", "--coders", "ben,carl", "--code", "c", "--place", place, "both")
	if out := r.ok("consensus", "next", "--source", "fg01", "--coders", "ben,carl"); !strings.Contains(out, "no open disagreements") {
		t.Errorf("after the decision: %s", out)
	}
	if out := r.ok("consensus", "complete", "fg01"); !strings.Contains(out, "is complete") {
		t.Errorf("complete: %s", out)
	}
	list := decode[[]map[string]any](t, r.ok("consensus", "list", "fg01", "--json"))
	var texts []string
	for _, c := range list {
		texts = append(texts, c["text"].(string))
	}
	if !strings.Contains(strings.Join(texts, "|"), "First sentence here.") {
		t.Errorf("the consensus lacks the first sentence: %q", texts)
	}
}

func TestNobodyWritesTheConsensusAsACoderCLI(t *testing.T) {
	t.Parallel()
	r := consensusCase(t)
	r.ok("consensus", "seed", "--source", "fg01", "--coders", "ben,carl", "--as", "amara")
	before := r.ok("consensus", "list", "fg01", "--json")
	errOut := r.fail(1, "coding", "add", "--as", "consensus", "--source", "fg01", "--code", "c", "--quote", "Say more.")
	if !strings.Contains(errOut, "consensus layer") || !strings.Contains(errOut, "focal consensus") {
		t.Errorf("coding add --as consensus: %s", errOut)
	}
	r.ok("consensus", "complete", "fg01", "--as", "amara", "--force")
	r.fail(1, "coding", "add", "--as", "consensus", "--source", "fg01", "--code", "c", "--quote", "Say more.")
	r.fail(1, "consensus", "resolve", "--as", "consensus", "--source", "fg01", "--coders", "ben,carl", "--code", "c", "--place", "0-5", "drop")
	r.ok("consensus", "reopen", "fg01", "--as", "amara")
	if after := r.ok("consensus", "list", "fg01", "--json"); after != before {
		t.Errorf("the consensus changed without a consensus operation:\n%s\n%s", before, after)
	}
	// The log names the person who decided, never "consensus".
	for _, e := range decode[[]map[string]any](t, r.ok("log", "--kind", "consensus.", "--json", "--as", "amara")) {
		if e["actor"] != "amara" {
			t.Errorf("consensus event by %v: %v", e["actor"], e)
		}
	}
}
