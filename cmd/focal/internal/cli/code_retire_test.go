package cli

import (
	"strings"
	"testing"
)

// codesCodedBy lists the codes of a coder's codings, as they see them.
func codesCodedBy(t *testing.T, r *runner, who string) []string {
	t.Helper()
	var out []string
	for _, c := range decode[[]struct {
		Code string `json:"code"`
	}](t, r.ok("coding", "list", "--json", "--as", who)) {
		out = append(out, c.Code)
	}
	return out
}

// codeRetired says whether the codebook lists the code as retired.
func codeRetired(t *testing.T, r *runner, path string) bool {
	t.Helper()
	for _, c := range decode[[]struct {
		Path    string `json:"path"`
		Retired bool   `json:"retired"`
	}](t, r.ok("code", "list", "--retired", "--json", "--as", "amara")) {
		if c.Path == path {
			return c.Retired
		}
	}
	t.Fatalf("code list --retired has no %s", path)
	return false
}

// Under blinding, `code retire X --remove-codings` by one coder must not
// delete another coder's codings: it is refused, saying what to do, and
// nothing changes. Retiring into another code, removing only one's own
// codings, and removing everyone's once blinding is off still work.
func TestRetireUnderBlindingKeepsOtherCodersCodingsCLI(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "amara", "--role", "pi")
	r.ok("coder", "add", "ann")
	r.ok("coder", "add", "bob")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "I was the only one.", "--as", "ann")
	r.ok("coding", "add", "--source", "fg01", "--code", "isolation", "--quote", "Every single day.", "--as", "bob")
	r.ok("coding", "add", "--source", "fg01", "--code", "routine", "--quote", "Honestly, not me.", "--as", "ann")

	errOut := r.fail(1, "code", "retire", "isolation", "--remove-codings", "--as", "ann")
	if !strings.HasPrefix(errOut, "focal: code retire: isolation has codings by other coders") ||
		!strings.Contains(errOut, "--into") || !strings.Contains(errOut, "focal blind off") {
		t.Errorf("ann retiring isolation with everyone's codings under blinding: %q", errOut)
	}
	if strings.Contains(errOut, "bob") {
		t.Errorf("the refusal names the coder ann may not see: %q", errOut)
	}
	if got := codesCodedBy(t, r, "bob"); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("bob's codings after ann's refused retire: %v, want [isolation]", got)
	}
	if got := codesCodedBy(t, r, "ann"); len(got) != 2 {
		t.Errorf("ann's codings after her refused retire: %v, want isolation and routine", got)
	}
	if codeRetired(t, r, "isolation") {
		t.Error("the refused retire retired isolation")
	}
	// Nor is ann told how many codings bob made with it.
	errOut = r.fail(1, "code", "retire", "isolation", "--as", "ann")
	if strings.Contains(errOut, "2 codings") || !strings.Contains(errOut, "--into") {
		t.Errorf("ann retiring isolation, in use, without --into: %q", errOut)
	}
	// The PI is blind too while blinding is on.
	r.fail(1, "code", "retire", "isolation", "--remove-codings", "--as", "amara")

	// ann's own code goes with her codings.
	if out := r.ok("code", "retire", "routine", "--remove-codings", "--as", "ann"); out != "retired routine\n" {
		t.Errorf("ann retiring her own routine said %q", out)
	}
	if got := codesCodedBy(t, r, "ann"); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("ann's codings after retiring routine: %v, want [isolation]", got)
	}

	// Retiring into another code keeps bob's coding, under the new code.
	r.ok("code", "add", "belonging", "--as", "ann")
	r.ok("code", "retire", "isolation", "--into", "belonging", "--as", "ann")
	if got := codesCodedBy(t, r, "bob"); len(got) != 1 || got[0] != "belonging" {
		t.Errorf("bob's codings after isolation was retired into belonging: %v, want [belonging]", got)
	}

	// Without blinding, removing everyone's codings with the code is allowed.
	r.ok("blind", "off", "--as", "amara")
	r.ok("code", "retire", "belonging", "--remove-codings", "--as", "ann")
	if got := codesCodedBy(t, r, "bob"); len(got) != 0 {
		t.Errorf("bob's codings after belonging was retired with its codings, blinding off: %v, want none", got)
	}
}
