package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding"
)

// codesAfterRetire lists the codes of the codings a coder has (their own view).
func codesAfterRetire(t *testing.T, p project, who string) []string {
	t.Helper()
	codings, err := p.st.Codings(t.Context(), As(who), CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range codings {
		out = append(out, c.Code)
	}
	return out
}

func isRetired(t *testing.T, p project, code string) bool {
	t.Helper()
	codes, err := p.st.Codes(t.Context(), As("amara"), CodeFilter{IncludeRetired: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if c.Path == code {
			return c.Retired
		}
	}
	t.Fatalf("no code %s, retired or not", code)
	return false
}

// Under blinding, a coder who retires a code with --remove-codings may
// delete only their own codings: when another coder has coded with it,
// the retire is refused and nothing changes.
func TestRetireUnderBlindingKeepsOtherCodersCodings(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	first, second := p.span(t, "First sentence here."), p.span(t, "Second sentence here.")
	p.code(t, "ben", "isolation", first)
	p.code(t, "carl", "isolation", second)

	_, err := p.st.RetireCode(t.Context(), As("ben"), "isolation", "", true)
	if !errors.Is(err, ErrRetireRemovesHidden) {
		t.Fatalf("ben retires isolation removing its codings under blinding: %v, want a refusal", err)
	}
	for _, want := range []string{"isolation", "--into", "blind"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
	if got := codesAfterRetire(t, p, "carl"); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("carl's codings after the refused retire: %v, want [isolation]", got)
	}
	if got := codesAfterRetire(t, p, "ben"); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("ben's codings after the refused retire: %v, want [isolation]", got)
	}
	if isRetired(t, p, "isolation") {
		t.Error("the refused retire retired the code")
	}

	// The PI sees only their own work under blinding too.
	if _, err := p.st.RetireCode(t.Context(), As("amara"), "isolation", "", true); !errors.Is(err, ErrRetireRemovesHidden) {
		t.Errorf("the PI retires isolation removing ben's and carl's codings under blinding: %v, want a refusal", err)
	}
	// Nobody named sees nobody's work.
	if _, err := p.st.RetireCode(t.Context(), Person{}, "isolation", "", true); !errors.Is(err, ErrRetireRemovesHidden) {
		t.Errorf("an unnamed person retires isolation removing codings under blinding: %v, want a refusal", err)
	}

	// Retiring into another code keeps everyone's codings: allowed.
	p.code(t, "ben", "belonging", first)
	if _, err := p.st.RetireCode(t.Context(), As("ben"), "isolation", "belonging", false); err != nil {
		t.Fatalf("ben retires isolation into belonging: %v", err)
	}
	if got := codesAfterRetire(t, p, "carl"); len(got) != 1 || got[0] != "belonging" {
		t.Errorf("carl's codings after the retire into belonging: %v, want [belonging]", got)
	}
	if !isRetired(t, p, "isolation") {
		t.Error("isolation is not retired after the retire into belonging")
	}
}

// A coder may still remove their own codings with the code under blinding.
func TestRetireUnderBlindingRemovesOwnCodings(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "routine", p.span(t, "First sentence here."))
	p.code(t, "ben", "routine", p.span(t, "Second sentence here."))
	p.code(t, "carl", "isolation", p.span(t, "Second sentence here."))

	if _, err := p.st.RetireCode(t.Context(), As("ben"), "routine", "", true); err != nil {
		t.Fatalf("ben retires routine, coded only by him, removing his codings: %v", err)
	}
	if got := codesAfterRetire(t, p, "ben"); len(got) != 0 {
		t.Errorf("ben's codings after retiring routine: %v, want none", got)
	}
	if got := codesAfterRetire(t, p, "carl"); len(got) != 1 || got[0] != "isolation" {
		t.Errorf("carl's codings after ben retired routine: %v, want [isolation]", got)
	}
	if !isRetired(t, p, "routine") {
		t.Error("routine is not retired")
	}
}

// Without blinding, retiring with --remove-codings deletes everyone's
// codings of the code, as before.
func TestRetireWithoutBlindingRemovesEveryonesCodings(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "isolation", p.span(t, "First sentence here."))
	p.code(t, "carl", "isolation", p.span(t, "Second sentence here."))
	p.unblind(t)

	c, err := p.st.RetireCode(t.Context(), As("ben"), "isolation", "", true)
	if err != nil {
		t.Fatalf("ben retires isolation without blinding: %v", err)
	}
	if !c.Retired {
		t.Errorf("retired code %+v is not marked retired", c)
	}
	all, err := p.st.Codings(t.Context(), As("ben"), CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 0 {
		t.Errorf("codings left after retiring isolation with its codings: %v", codingsNamed(all))
	}
}

func codingsNamed(cs []coding.Coding) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Coder+":"+c.Code)
	}
	return out
}

// Under blinding, a retire refused because the code is in use does not
// tell a coder how many codings others made with it: they see their own
// counts only. Their own count is still given when all are theirs.
func TestRetireRefusalUnderBlindingDoesNotCountOthersCodings(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.code(t, "ben", "isolation", p.span(t, "First sentence here."))
	p.code(t, "carl", "isolation", p.span(t, "Second sentence here."))
	p.code(t, "carl", "isolation", p.span(t, "Say more."))

	_, err := p.st.RetireCode(t.Context(), As("ben"), "isolation", "", false)
	if err == nil {
		t.Fatal("retiring isolation, in use, without --into or --remove-codings was not refused")
	}
	if strings.ContainsAny(err.Error(), "0123456789") || !strings.Contains(err.Error(), "--into") {
		t.Errorf("ben is told %q: want no count, and --into", err)
	}

	p.code(t, "ben", "routine", p.span(t, "First sentence here."))
	p.code(t, "ben", "routine", p.span(t, "Second sentence here."))
	_, err = p.st.RetireCode(t.Context(), As("ben"), "routine", "", false)
	if err == nil || !strings.Contains(err.Error(), "2 codings") {
		t.Errorf("ben retiring his own routine, in use: %v, want his count (2 codings)", err)
	}
}
