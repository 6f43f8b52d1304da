package study

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// privacyStudy is a focus group moderated by Dana Reyes with Luz Moreno
// (P25, pseudonym Rosa) and Tom Ash (P26, pseudonym Kit). Tom withdrew;
// Luz asked to remove "I miss home." and answered on a theme, as did Tom
// before withdrawing. amara coded Tom's words and Luz's quote.
func privacyStudy(t *testing.T) (*Study, store.Source) {
	t.Helper()
	ctx := t.Context()
	st, src := deidStudy(t,
		transcript.Turn{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "How are the nights?", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Luz Moreno", Label: "Luz Moreno", Text: "The nights are lonely. I miss home.", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "Tom Ash", Label: "Tom Ash", Text: "I sleep badly here.", StartMS: -1, EndMS: -1},
	)
	s := st.Store()
	if _, err := s.AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	amara := As("amara")
	if err := st.SetSpeakerRole(ctx, amara, src.ID, "Dana Reyes", "moderator"); err != nil {
		t.Fatal(err)
	}
	for speaker, p := range map[string][2]string{"Luz Moreno": {"P25", "Rosa"}, "Tom Ash": {"P26", "Kit"}} {
		if err := st.LinkSpeaker(ctx, amara, src.ID, speaker, p[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SetPseudonym(ctx, amara, p[0], p[1]); err != nil {
			t.Fatal(err)
		}
	}
	toms := passageOf(t, st, src, "I sleep badly here.").Span
	if _, err := st.AddCoding(ctx, amara, store.NewCoding{Source: "fg01", Code: "sleep", Start: toms.Start, End: toms.End}); err != nil {
		t.Fatal(err)
	}
	home := passageOf(t, st, src, "I miss home.").Span
	quoted, err := st.AddCoding(ctx, amara, store.NewCoding{Source: "fg01", Code: "longing", Start: home.Start, End: home.End})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordMemberCheckAnswers(ctx, []store.MemberCheckAnswer{
		{Participant: "P25", Item: "quote", CodingID: quoted.Coding.ID, SourceID: src.ID, Source: "fg01", Start: home.Start, End: home.End, Quote: "I miss home.", Answer: "remove", Via: "paper"},
		{Participant: "P25", Item: "theme", ThemeID: "t1", Answer: "yes", Via: "paper"},
		{Participant: "P26", Item: "theme", ThemeID: "t1", Answer: "no", Comment: "I sleep badly.", Via: "paper"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.WithdrawParticipant(ctx, amara, "P26", "asked by email"); err != nil {
		t.Fatal(err)
	}
	return st, src
}

// The export's privacy is decided once, in the core: a participant who
// withdrew is listed as withdrawn and none of their answers goes out,
// whatever the export; a quote a participant asked to remove is given
// back to every writer; a de-identified export names speakers by
// pseudonym or role.
func TestExportPrivacyKeepsWithdrawnParticipantsOut(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, src := privacyStudy(t)
	for _, kind := range []ExportKind{ExportDataset, ExportPackets, ExportInterchange} {
		for _, deidentified := range []bool{false, true} {
			req := ExportRequest{Kind: kind, Deidentified: deidentified}
			if kind == ExportInterchange {
				ex, err := st.ExportProject(ctx, ExportOptions{Viewer: "amara"})
				if err != nil {
					t.Fatal(err)
				}
				req.Project = ex
			}
			priv, err := st.ExportPrivacy(ctx, As("amara"), req)
			if deidentified && kind == ExportInterchange {
				// No scan has run: the review refuses it.
				var re *ReviewError
				if !errors.As(err, &re) {
					t.Errorf("a de-identified REFI-QDA export before any scan: %v, want it refused by the review", err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s (deidentified %v): %v", kind, deidentified, err)
			}
			if !slices.Equal(priv.Withdrawn, []string{"P26"}) || !priv.IsWithdrawn("P26") || priv.IsWithdrawn("P25") {
				t.Errorf("%s: withdrawn %v", kind, priv.Withdrawn)
			}
			var who []string
			for _, a := range priv.Answers {
				who = append(who, a.Participant+"/"+a.Pseudonym+"/"+a.Item+"/"+a.Theme)
			}
			slices.Sort(who)
			if want := []string{"P25/Rosa/quote/", "P25/Rosa/theme/t1"}; !slices.Equal(who, want) {
				t.Errorf("%s: answers %v, want %v (none of P26's)", kind, who, want)
			}
		}
	}

	priv, err := st.ExportPrivacy(ctx, As("amara"), ExportRequest{Kind: ExportDataset, Deidentified: true})
	if err != nil {
		t.Fatal(err)
	}
	text, err := st.SourceText(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.Turns(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	var turns []ExportTurn
	for _, tn := range stored {
		turns = append(turns, ExportTurn{Speaker: tn.Speaker, Participant: tn.Participant, Moderator: tn.Role == "moderator", Utterance: tn.Utterance()})
	}
	if !priv.AnsweredOn(src.ID) || priv.AnsweredOn("elsewhere") {
		t.Error("AnsweredOn does not follow the quote answers")
	}
	removed, reworded := priv.Quotes(src.ID, text, turns)
	if want := passageOf(t, st, src, "I miss home.").Span; !slices.Equal(removed, []corpus.Span{want}) || len(reworded) != 0 {
		t.Errorf("quotes removed %v, reworded %v; want %v removed", removed, reworded, want)
	}
	if got, want := priv.SpeakerNames(turns, "en"), []string{"[moderator]", "Rosa", "Kit"}; !slices.Equal(got, want) {
		t.Errorf("speaker names %v, want %v", got, want)
	}
}

// A REFI-QDA file carries whole texts: withdrawn words are replaced by a
// marker in the text itself, the participant who withdrew is not among the
// cases, and codings wholly inside withdrawn words are left out.
func TestExportPrivacyRewritesInterchangeTexts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := privacyStudy(t)
	ex, err := st.ExportProject(ctx, ExportOptions{Viewer: "amara"})
	if err != nil {
		t.Fatal(err)
	}
	priv, err := st.ExportPrivacy(ctx, As("amara"), ExportRequest{Kind: ExportInterchange, Project: ex})
	if err != nil {
		t.Fatal(err)
	}
	want := "Dana Reyes: How are the nights?\nLuz Moreno: The nights are lonely. [withdrawn]\nP26: [withdrawn]\n"
	if got := ex.Sources[0].Text; got != want {
		t.Errorf("text\n%q\nwant\n%q", got, want)
	}
	var cases []string
	for _, pt := range ex.Participants {
		cases = append(cases, pt.Name)
	}
	if !slices.Equal(cases, []string{"P25"}) {
		t.Errorf("cases %v, want P25 only", cases)
	}
	if len(ex.Codings) != 0 {
		t.Errorf("%d codings exported; both are wholly inside withdrawn words", len(ex.Codings))
	}
	wantNotes := []string{
		"1 participant(s) withdrew: their words in 1 turn(s) are replaced by a marker in the source texts, and they are not among the cases",
		"1 quote(s) participants asked to remove are replaced by a marker",
		"2 coding(s) wholly inside withdrawn words are left out",
		"source texts differ from the project's, so importing this file into Focal adds them as new sources",
	}
	if !slices.Equal(priv.Notes, wantNotes) {
		t.Errorf("notes\n%q\nwant\n%q", priv.Notes, wantNotes)
	}
}

// A de-identified export is refused while the gate finds a real name in
// anything it shows, and passes once nothing does.
func TestDeidentifiedExportRefusedWhileTheGateFails(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := privacyStudy(t)
	if _, err := st.ScanDeid(ctx, As("amara"), DeidScanOptions{}); err != nil {
		t.Fatal(err)
	}
	accept(t, st)
	export := func() (*Export, *ExportPrivacy, error) {
		t.Helper()
		ex, err := st.ExportProject(ctx, ExportOptions{Viewer: "amara"})
		if err != nil {
			t.Fatal(err)
		}
		priv, err := st.ExportPrivacy(ctx, As("amara"), ExportRequest{Kind: ExportInterchange, Deidentified: true, Project: ex})
		return ex, priv, err
	}
	ex, _, err := export()
	if err != nil {
		t.Fatalf("a de-identified REFI-QDA export with nothing to hide: %v", err)
	}
	want := "[moderator]: How are the nights?\nRosa: The nights are lonely. [withdrawn]\nKit: [withdrawn]\n"
	if got := ex.Sources[0].Text; got != want {
		t.Errorf("de-identified text\n%q\nwant\n%q", got, want)
	}
	if got := ex.Participants[0].Speakers[0].Speaker; got != "Rosa" {
		t.Errorf("P25's speaker is %q in the file, want Rosa", got)
	}

	// A code definition naming a participant stops the export.
	if _, err := st.AddCode(ctx, As("amara"), store.NewCode{Path: "home", Definition: "What Luz Moreno misses"}); err != nil {
		t.Fatal(err)
	}
	_, _, err = export()
	var gate *GateError
	if !errors.As(err, &gate) {
		t.Fatalf("a real name in a code definition: %v, want the gate's refusal", err)
	}
	if len(gate.Violations) == 0 || gate.Violations[0].Where != "code home" || !strings.Contains(gate.List(0), "code home") {
		t.Errorf("the gate lists %+v, want the code home", gate.Violations)
	}

	// The same rule for exports built from the dataset: Check.
	priv, err := st.ExportPrivacy(ctx, As("amara"), ExportRequest{Kind: ExportDataset, Deidentified: true})
	if err != nil {
		t.Fatal(err)
	}
	shows := func(texts ...string) func(func(where, text string)) {
		return func(check func(where, text string)) {
			for _, s := range texts {
				check("quote", s)
			}
		}
	}
	if err := priv.Check(Outgoing{}, shows("Rosa: the nights are lonely.")); err != nil {
		t.Errorf("a text with the pseudonym only: %v", err)
	}
	if err := priv.Check(Outgoing{}, shows("Rosa: the nights are lonely.", "Tom Ash said so.")); !errors.As(err, &gate) || len(gate.Violations) != 1 {
		t.Errorf("a text naming Tom Ash: %v, want one place refused", err)
	}
}

// Member-check answers on a theme name it by its path for the person
// exporting, blinding on or off: the export reads the themes as that
// person, not as nobody (which blinding refuses, leaving the theme's id).
func TestExportPrivacyNamesAnsweredThemesUnderBlinding(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, _ := privacyStudy(t)
	amara := As("amara")
	th, err := st.AddTheme(ctx, amara, store.NewTheme{Name: "Nights/Loneliness"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().RecordMemberCheckAnswers(ctx, []store.MemberCheckAnswer{
		{Participant: "P25", Item: "theme", ThemeID: th.ID, Answer: "yes", Via: "paper"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().AddCoder(ctx, "ben", "coder"); err != nil {
		t.Fatal(err)
	}
	for _, blind := range []bool{false, true} {
		if err := st.SetBlinding(ctx, amara, blind); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"amara", "ben"} {
			priv, err := st.ExportPrivacy(ctx, As(who), ExportRequest{Kind: ExportDataset})
			if err != nil {
				t.Fatal(err)
			}
			var themes []string
			for _, a := range priv.Answers {
				if a.Item == "theme" {
					themes = append(themes, a.Theme)
				}
			}
			if !slices.Contains(themes, "Nights/Loneliness") || slices.Contains(themes, th.ID) {
				t.Errorf("blinding %v, exported by %s: answered themes %v, want the path Nights/Loneliness", blind, who, themes)
			}
		}
	}
}
