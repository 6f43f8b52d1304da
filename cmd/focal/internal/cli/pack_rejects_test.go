package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A coder's rejected suggestions travel end to end: ben rejects a
// suggested passage in his copy, packs, and the PI merges; the master
// (and ben's next copy) no longer offers it to him, merging again adds
// nothing, a rejection changed after signing is refused, and carl is
// shown what he was shown before.
func TestPackCarriesRejectedSuggestionsCLI(t *testing.T) {
	t.Parallel()
	r := wardProject(t)
	master := filepath.Join(r.dir, "study.focal")
	if err := os.Mkdir(filepath.Join(r.dir, "copies"), 0o700); err != nil {
		t.Fatal(err)
	}
	r.ok("--as", "carl", "coding", "add", "--source", "ward", "--code", "ignored", "--turn", "4")
	_, carlsBefore := suggestedTurnsCLI(t, r, "carl")
	r.ok("--as", "ben", "copy", "--out", "copies/ben.focal")

	// In his copy ben rejects the first passage suggested to him.
	inCopy := func(args ...string) string {
		return r.ok(append([]string{"-p", "copies/ben.focal", "--as", "ben"}, args...)...)
	}
	s := decode[suggestedJSON](t, inCopy("suggest", "ignored", "--unit", "turn", "--json"))
	if len(s.Suggestions) == 0 {
		t.Fatal("ben's copy suggests nothing")
	}
	first := s.Suggestions[0]
	passage := fmt.Sprintf("ward:%d-%d", first.Start, first.End)
	inCopy("suggest", "reject", "ignored", passage)
	offers := func(project string) bool {
		s := decode[suggestedJSON](t, r.ok("-p", project, "--as", "ben", "suggest", "ignored", "--unit", "turn", "--json"))
		for _, x := range s.Suggestions {
			if x.Start == first.Start && x.End == first.End {
				return true
			}
		}
		return false
	}
	if offers("copies/ben.focal") {
		t.Fatal("the copy still offers ben the passage he rejected")
	}
	if !offers(master) {
		t.Fatal("the master does not offer ben the passage before the merge: the test shows nothing")
	}
	out := inCopy("pack", "--coder", "ben", "--out", "copies/ben.focalpack")
	if !strings.Contains(out, "1 suggestion rejected") {
		t.Errorf("pack said %q, want it to count the rejection", out)
	}
	signed := string(readFileIn(t, r.dir, "copies/ben.focalpack"))
	if !strings.Contains(signed, `"kind":"suggestion.rejected"`) {
		t.Fatalf("ben's pack carries no rejection:\n%s", signed)
	}

	// A rejection changed after signing is refused, and nothing changes.
	events := func() []string {
		return sqlStrings(t, master, `SELECT count(*) || ' ' || (SELECT count(*) FROM suggestion_rejects) FROM events`)
	}
	before := events()
	lines := strings.Split(signed, "\n")
	changed := false
	for i, line := range lines {
		if strings.Contains(line, `"kind":"suggestion.rejected"`) {
			lines[i] = regexp.MustCompile(`"start":(\d+)`).ReplaceAllStringFunc(line, func(m string) string {
				return fmt.Sprintf(`"start":%d`, atoi(t, strings.TrimPrefix(m, `"start":`))+1)
			})
			changed = lines[i] != line
		}
	}
	if !changed {
		t.Fatal("no span in the pack's rejection")
	}
	r.write("copies/tampered.focalpack", strings.Join(lines, "\n"))
	errOut := r.fail(1, "--as", "amara", "merge", "copies/tampered.focalpack")
	if !strings.HasPrefix(errOut, "focal: merge copies/tampered.focalpack: pack refused: ") || !strings.Contains(errOut, "does not match its signature") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("merging a tampered rejection said %q", errOut)
	}
	if after := events(); !slices.Equal(after, before) {
		t.Errorf("the refused merge changed the master: %v → %v", before, after)
	}

	// The pack as made merges, and the master stops offering the passage.
	out = r.ok("--as", "amara", "merge", "copies/ben.focalpack")
	if !strings.Contains(out, "1 suggestion rejected") {
		t.Errorf("merge said %q, want it to count the rejection", out)
	}
	if offers(master) {
		t.Error("after the merge the master still offers ben the passage he rejected in his copy")
	}
	if _, turns := suggestedTurnsCLI(t, r, "carl"); !slices.Equal(turns, carlsBefore) {
		t.Errorf("carl's suggestions changed with ben's merged rejection: %v, was %v", turns, carlsBefore)
	}
	for _, who := range []string{"carl", "amara"} {
		if out := r.ok("--as", who, "log", "--json"); strings.Contains(out, "suggestion.rejected") || strings.Contains(out, fmt.Sprintf(`"start":%d`, first.Start)) {
			t.Errorf("%s sees ben's merged rejection in the log under blinding", who)
		}
	}
	if out := r.ok("--as", "ben", "log", "--kind", "suggestion.", "--json"); !strings.Contains(out, "suggestion.rejected") {
		t.Errorf("ben does not see his merged rejection in the log: %s", out)
	}

	// Merging again adds nothing.
	merged := events()
	again := decode[[]struct {
		Applied             int `json:"applied"`
		SuggestionsRejected int `json:"suggestions_rejected"`
	}](t, r.ok("--as", "amara", "merge", "copies/ben.focalpack", "--json"))
	if len(again) != 1 || again[0].Applied != 0 || again[0].SuggestionsRejected != 0 {
		t.Errorf("the second merge reported %+v, want nothing applied", again)
	}
	if after := events(); !slices.Equal(after, merged) {
		t.Errorf("merging again changed the master: %v → %v", merged, after)
	}
	if n := sqlStrings(t, master, `SELECT count(*) FROM suggestion_rejects`); n[0] != "1" {
		t.Errorf("the master holds %s rejections after two merges, want 1", n[0])
	}

	// ben's next copy keeps it.
	r.ok("--as", "ben", "copy", "--out", "copies/ben2.focal")
	if offers("copies/ben2.focal") {
		t.Error("ben's next copy offers him the passage he rejected")
	}
}
