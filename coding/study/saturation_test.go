package study

import (
	"slices"
	"testing"
)

// Issue 20: the saturation units the workspace computes from read the
// exports' default layer: under blinding the person's own codings only,
// otherwise every coder's; a moderator's words, and a participant's who
// withdrew, never make a code applied.
func TestSaturationUnitsReadTheExportLayer(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	ctx := t.Context()
	if err := p.st.SetSpeakerRole(ctx, As("amara"), mustSourceID(t, p), "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	p.code(t, "ben", "belonging", p.span(t, "First sentence here."))
	p.code(t, "ben", "probe", p.span(t, "Say more."))
	p.code(t, "carl", "isolation", p.span(t, "Second sentence here."))
	codes := func(who string) (string, []string) {
		t.Helper()
		u, err := p.st.SaturationUnitsOf(ctx, As(who))
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		if len(u.Units) != 1 || u.Units[0].Name != "(no group)" {
			t.Fatalf("%s: units %+v, want the one source in (no group)", who, u.Units)
		}
		got := slices.Clone(u.Units[0].Codes)
		slices.Sort(got)
		return u.Layer, got
	}
	// Blinded, ben counts his own codings, and not the moderator's words.
	if layer, got := codes("ben"); !slices.Equal(got, []string{"belonging"}) || layer != "the codings of ben" {
		t.Errorf("ben, blinded: %q %v; want the codings of ben [belonging]", layer, got)
	}
	if layer, got := codes("carl"); !slices.Equal(got, []string{"isolation"}) || layer != "the codings of carl" {
		t.Errorf("carl, blinded: %q %v; want the codings of carl [isolation]", layer, got)
	}
	if _, err := p.st.SaturationUnitsOf(ctx, Person{}); err == nil {
		t.Error("an unnamed person read saturation units under blinding")
	}
	p.unblind(t)
	if layer, got := codes("amara"); !slices.Equal(got, []string{"belonging", "isolation"}) || layer != "all coders' codings" {
		t.Errorf("amara, not blind: %q %v; want all coders' codings [belonging isolation]", layer, got)
	}
	// Zoe's words are the only coded participant's words: once she
	// withdraws, no code is applied.
	if err := p.st.Store().LinkSpeaker(ctx, mustSourceID(t, p), "Zoe", "P01"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.st.WithdrawParticipant(ctx, As("amara"), "P01", "asked by e-mail"); err != nil {
		t.Fatal(err)
	}
	if _, got := codes("amara"); len(got) != 0 {
		t.Errorf("after Zoe withdrew: %v; want no code applied", got)
	}
}
