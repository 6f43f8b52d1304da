package cli

import (
	"fmt"
	"strings"
	"testing"
)

// Issue 15: with blinding on, `focal log --as ben --kind coding.` listed
// the other coders' coding.added events with their spans and memos.
func TestLogUnderBlindingShowsOnlyYourOwnCodings(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ben")
	r.ok("coder", "add", "carl")
	r.ok("--as", "ben", "coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--memo", "ben-own-memo")
	r.ok("--as", "carl", "coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Every single day.", "--memo", "carl-private-memo")
	carls := decode[[]map[string]any](t, r.ok("--as", "carl", "coding", "list", "--json"))
	if len(carls) != 1 {
		t.Fatalf("carl's codings: %v", carls)
	}
	carlID := carls[0]["id"].(string)
	carlStart := fmt.Sprintf(`"start":%v`, carls[0]["start"])

	table := r.ok("--as", "ben", "log", "--kind", "coding.")
	asJSON := r.ok("--as", "ben", "log", "--kind", "coding.", "--json")
	for name, out := range map[string]string{"table": table, "json": asJSON} {
		for _, leak := range []string{carlID, carlID[:8], "carl-private-memo", carlStart} {
			if strings.Contains(out, leak) {
				t.Errorf("ben's log (%s) shows carl's %q:\n%s", name, leak, out)
			}
		}
		if strings.Count(out, "coding.added") != 1 {
			t.Errorf("ben's log (%s) should list his one coding:\n%s", name, out)
		}
	}
	if !strings.Contains(asJSON, "ben-own-memo") {
		t.Errorf("ben's log lacks his own coding's memo:\n%s", asJSON)
	}
	if events := decode[[]map[string]any](t, asJSON); len(events) != 1 || events[0]["actor"] != "ben" {
		t.Errorf("ben's coding events = %v, want his one coding", events)
	}
	// Under blinding the log needs to know who is reading.
	if errOut := r.fail(1, "log"); !strings.Contains(errOut, "--as") {
		t.Errorf("log without --as under blinding: %s", errOut)
	}
	// With blinding off, everything is there.
	r.ok("--as", "amara", "blind", "off")
	if out := r.ok("--as", "ben", "log", "--kind", "coding.", "--json"); !strings.Contains(out, carlID) || !strings.Contains(out, "carl-private-memo") {
		t.Errorf("with blinding off, ben's log lacks carl's coding:\n%s", out)
	}
	if out := r.ok("log", "--kind", "coding."); !strings.Contains(out, "carl ") || strings.Count(out, "coding.added") != 2 {
		t.Errorf("with blinding off, the log without --as lacks carl's coding:\n%s", out)
	}
}
