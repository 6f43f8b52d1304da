package study

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// The name list catches what no detector found: a participant's nickname
// in lower case ("emeka"), replaced by their pseudonym, refused by the
// gate in any case and spelling. Participants' names are matched in lower
// case, and institutions by their form.
func TestNameListAndInstitutions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, src := deidStudy(t,
		transcript.Turn{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "Who trained at Springfield General?", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Ngozi Adeyemi", Label: "Ngozi Adeyemi", Text: "Me and emeka did; ngozi always says so. Then St. Mary's Hospital.", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Chukwuemeka Eze", Label: "Chukwuemeka Eze", Text: "Yes, and the Universidad de Chile after.", StartMS: -1, EndMS: -1},
	)
	s := st.Store()
	for speaker, p := range map[string]string{"Ngozi Adeyemi": "P03", "Chukwuemeka Eze": "P04"} {
		if err := s.LinkSpeaker(ctx, src.ID, speaker, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetPseudonym(ctx, "P04", "Obi"); err != nil {
		t.Fatal(err)
	}
	byText := func() map[string]store.DeidFinding {
		t.Helper()
		if _, err := st.ScanDeid(ctx, As("amara"), DeidScanOptions{}); err != nil {
			t.Fatal(err)
		}
		fs, err := st.DeidFindings(ctx, store.DeidFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]store.DeidFinding{}
		for _, f := range fs {
			out[f.Text] = f
		}
		return out
	}

	found := byText()
	if _, ok := found["emeka"]; ok {
		t.Fatal("the nickname was found before it was listed; this test needs a name no detector knows")
	}
	for text, detector := range map[string]string{"ngozi": deid.DetectKnownName, "Springfield General": deid.DetectInstitution,
		"St. Mary's Hospital": deid.DetectInstitution, "Universidad de Chile": deid.DetectInstitution} {
		if f, ok := found[text]; !ok || f.Detector != detector {
			t.Errorf("%q: found %+v, want it by %s", text, f, detector)
		}
	}
	if f := found["Springfield General"]; f.Kind != deid.KindOrganisation || f.Replacement != "[institution]" {
		t.Errorf("Springfield General: kind %s, replacement %s", f.Kind, f.Replacement)
	}

	// Refused: names that are ids or pseudonyms, unknown participants and
	// kinds. Nothing changes.
	events := func() int {
		es, err := s.Events(ctx, "", "deid.name", 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	for _, in := range []DeidNameInput{{Name: "p04"}, {Name: "Obi"}, {Name: "Emeka", Participant: "P99"},
		{Name: "Emeka", Kind: "planet"}, {Name: "Emeka", Kind: "place", Participant: "P04"}, {Name: " … "}} {
		if _, err := st.AddDeidName(ctx, As("amara"), in); err == nil {
			t.Errorf("%+v was listed", in)
		}
	}
	if n := events(); n != 0 {
		t.Errorf("refused names wrote %d events", n)
	}

	added, err := st.AddDeidName(ctx, As("amara"), DeidNameInput{Name: "Emeka", Participant: "P04"})
	if err != nil {
		t.Fatal(err)
	}
	if n := added.Name; !added.Changed || n.Kind != deid.KindName || n.Participant != "P04" || n.Pseudonym != "Obi" || n.AddedBy != "amara" {
		t.Errorf("added %+v", added)
	}
	// The same name in another case and spelling is the same entry.
	if again, err := st.AddDeidName(ctx, As("amara"), DeidNameInput{Name: "ÉMEKA", Participant: "P04"}); err != nil || !again.Changed || again.Name.ID != added.Name.ID {
		t.Errorf("ÉMEKA: %+v, %v; want the entry of Emeka changed", again, err)
	}
	if again, err := st.AddDeidName(ctx, As("amara"), DeidNameInput{Name: "ÉMEKA", Participant: "P04"}); err != nil || again.Changed {
		t.Errorf("the same again: %+v, %v; want nothing changed", again, err)
	}
	if _, err := st.AddDeidName(ctx, As("amara"), DeidNameInput{Name: "Kelechi Road", Kind: "place"}); err != nil {
		t.Fatal(err)
	}
	names, err := st.DeidNames(ctx)
	if err != nil || len(names) != 2 {
		t.Fatalf("names %+v, %v", names, err)
	}
	if n := events(); n != 3 {
		t.Errorf("%d deid.name events, want 3 (added, changed, added)", n)
	}

	// A listed name is a real name: no pseudonym may be one.
	if v, isName, err := st.RealNameIn(ctx, "kelechi road"); err != nil || !isName || v.What != "listed name (place)" {
		t.Errorf("RealNameIn(kelechi road) = %+v, %v, %v", v, isName, err)
	}

	found = byText()
	f, ok := found["emeka"]
	if !ok || f.Detector != deid.DetectNameList || f.Kind != deid.KindName || f.Participant != "P04" || f.Replacement != "Obi" {
		t.Fatalf("emeka after listing: %+v", f)
	}
	// The replacement follows the participant's pseudonym.
	if _, err := s.SetPseudonym(ctx, "P04", "Kelechi"); err != nil {
		t.Fatal(err)
	}
	if f := byText()["emeka"]; f.Replacement != "Kelechi" {
		t.Errorf("after the pseudonym changed, the replacement is %q", f.Replacement)
	}

	d, err := st.Deidentification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"EMEKA was there", "eméka was there", "ngozi was there"} {
		if vs := d.Check("quote", text); len(vs) != 1 {
			t.Errorf("the gate let %q through: %v", text, vs)
		}
	}
	if vs := d.Check("quote", "emeka"); len(vs) != 1 || vs[0].What != "listed name of participant P04" {
		t.Errorf("the gate says %+v", vs)
	}
	text, err := s.SourceText(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Render(src.ID, text, corpus.Span{Start: 0, End: corpus.NewPositionIndex(text).Len()}); !strings.Contains(got, "Me and Kelechi did") {
		t.Errorf("rendered:\n%s", got)
	}

	// In what a participant wrote, a listed name is replaced in any case
	// and is no undecided identifier.
	if _, err := s.RecordMemberCheckAnswers(ctx, []store.MemberCheckAnswer{{Participant: "P03", Item: "theme", ThemeID: "t1",
		Answer: "yes", Comment: "EMEKA knows this too.", Via: "paper"}}); err != nil {
		t.Fatal(err)
	}
	rep, err := st.ScanDeid(ctx, As("amara"), DeidScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.AnswersScanned != 1 || len(rep.Answers) != 0 {
		t.Errorf("answers: %d scanned, undecided %+v; want 1 and none (EMEKA is listed)", rep.AnswersScanned, rep.Answers)
	}
	if d, err = st.Deidentification(ctx); err != nil {
		t.Fatal(err)
	}
	if got := d.RenderAnswer("EMEKA knows this too."); got != "Kelechi knows this too." {
		t.Errorf("the answer renders as %q", got)
	}

	removed, err := st.RemoveDeidName(ctx, As("amara"), "emeka")
	if err != nil || removed.Name != "ÉMEKA" {
		t.Fatalf("remove: %+v, %v", removed, err)
	}
	if _, err := st.RemoveDeidName(ctx, As("amara"), "emeka"); err == nil {
		t.Error("removed twice")
	}
	if d, err = st.Deidentification(ctx); err != nil {
		t.Fatal(err)
	}
	if vs := d.Check("quote", "emeka was there"); len(vs) != 0 {
		t.Errorf("a removed name is still refused: %v", vs)
	}
}
