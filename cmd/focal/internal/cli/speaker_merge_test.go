package cli

import (
	"fmt"
	"strings"
	"testing"
)

// focal speaker merge: after an import that noted two spellings of one
// person, the merge makes them one speaker, is in the log, and undo takes
// it back; the text stays as written.
func TestSpeakerMergeEndToEnd(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("coder", "add", "ana")
	file := r.write("fg04.txt", "Interviewer1: What brought you here?\nP1: My sister did.\nInterviewer 1: And why stay?\nP1: The people.\n")
	out := r.ok("import", file)
	if !strings.Contains(out, `speakers "Interviewer1" (line 1) and "Interviewer 1" may be one person`) {
		t.Fatalf("import did not note the two spellings:\n%s", out)
	}
	sha := func() string {
		sources := decode[[]map[string]any](t, r.ok("source", "list", "--json", "--as", "ana"))
		if len(sources) != 1 {
			t.Fatalf("sources: %v", sources)
		}
		return fmt.Sprint(sources[0]["sha256"])
	}
	before := sha()
	out = r.ok("speaker", "merge", "Interviewer 1", "Interviewer1", "--source", "fg04", "--as", "ana")
	if !strings.HasPrefix(out, "Interviewer 1 merged into Interviewer1 in fg04: 1 turn") {
		t.Errorf("merge said %q", out)
	}
	list := r.ok("speaker", "list", "--source", "fg04", "--as", "ana")
	if strings.Contains(list, "Interviewer 1 ") || !strings.Contains(list, "Interviewer1") {
		t.Errorf("speakers after the merge:\n%s", list)
	}
	if after := sha(); after != before || before == "" || before == "<nil>" {
		t.Errorf("the merge changed the stored text: sha256 %s, before %s", after, before)
	}
	if log := r.ok("log", "--kind", "speaker.", "--as", "ana"); !strings.Contains(log, "speaker.merged") {
		t.Errorf("the log has no speaker.merged:\n%s", log)
	}
	r.ok("undo", "--as", "ana")
	if list := r.ok("speaker", "list", "--source", "fg04", "--as", "ana"); !strings.Contains(list, "Interviewer 1 ") {
		t.Errorf("undo did not bring the speaker back:\n%s", list)
	}
	errOut := r.fail(2, "speaker", "merge", "A", "B")
	if !strings.Contains(errOut, "--source is required") {
		t.Errorf("without --source: %s", errOut)
	}
	errOut = r.fail(1, "speaker", "merge", "Nobody", "Interviewer1", "--source", "fg04", "--as", "ana")
	if !strings.HasPrefix(errOut, `focal: speaker merge: no speaker "Nobody"`) {
		t.Errorf("unknown speaker: %s", errOut)
	}
}
