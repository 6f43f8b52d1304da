package cli

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestConsensusMeetingCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("demo", "demo")
	r.env["FOCAL_PROJECT"] = filepath.Join(r.dir, "demo", "study.focal")
	r.env["FOCAL_CODER"] = "amara"
	src := "fg03-pertenencia-es"
	if errOut := r.fail(1, "consensus", "seed", "--source", src, "--coders", "amara,ben"); !strings.Contains(errOut, "blind") {
		t.Errorf("seed under blinding: %s", errOut)
	}
	r.ok("blind", "off")
	if out := r.ok("consensus", "seed", "--source", src, "--coders", "amara,ben", "--overlap", "0.6"); !strings.Contains(out, "seeded") {
		t.Errorf("seed said %q", out)
	}
	places := decode[[]map[string]any](t, r.ok("consensus", "next", "--source", src, "--coders", "amara,ben", "--all", "--json"))
	if len(places) < 5 {
		t.Fatalf("only %d open places", len(places))
	}
	first := places[0]
	place := strings.Join([]string{fmtNum(first["start"]), fmtNum(first["end"])}, "-")
	applied := first["applied"].([]any)[0].(string)
	r.ok("consensus", "resolve", "--source", src, "--coders", "amara,ben", "--code", first["code"].(string), "--place", place, "take", applied)
	after := decode[[]map[string]any](t, r.ok("consensus", "next", "--source", src, "--coders", "amara,ben", "--all", "--json"))
	if len(after) != len(places)-1 {
		t.Errorf("open places %d → %d after one decision", len(places), len(after))
	}
	r.fail(2, "consensus", "resolve", "--source", src, "--coders", "amara,ben", "--code", "x", "--place", place, "maybe")
	if errOut := r.fail(1, "consensus", "complete", src); !strings.Contains(errOut, "without a decision") {
		t.Errorf("complete with open places: %s", errOut)
	}
	r.ok("consensus", "complete", src, "--force")
	states := decode[[]map[string]any](t, r.ok("consensus", "status", "--json"))
	for _, st := range states {
		if st["source"] == src && st["status"] != "complete" {
			t.Errorf("status = %v", st)
		}
	}
	list := decode[[]map[string]any](t, r.ok("consensus", "list", src, "--json"))
	if len(list) == 0 || list[0]["coder"] != "consensus" || list[0]["method"] == "" {
		t.Errorf("consensus list = %v", list)
	}
	// A complete consensus is what exports read: it is reopened before it
	// changes.
	if errOut := r.fail(1, "consensus", "rm", list[0]["id"].(string)[:8]); !strings.Contains(errOut, "consensus reopen") {
		t.Errorf("consensus rm on a complete consensus: %s", errOut)
	}
	r.ok("consensus", "reopen", src)
	if out := r.ok("consensus", "rm", list[0]["id"].(string)[:8]); !strings.Contains(out, "removed consensus coding") {
		t.Errorf("consensus rm said %q", out)
	}
	if errOut := r.fail(1, "coding", "rm", list[1]["id"].(string)[:8]); !strings.Contains(errOut, "coding rm") || !strings.Contains(errOut, "consensus") {
		t.Errorf("coding rm of a consensus coding: %s", errOut)
	}
	// Agreement of a coder against the consensus layer.
	r.ok("agree", "--coders", "ben,consensus", "--source", src, "--include-unfinished")
}

func fmtNum(v any) string {
	return strconv.Itoa(int(v.(float64)))
}
