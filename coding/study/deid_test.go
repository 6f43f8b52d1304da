package study

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/deid"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// deidStudy is a project with one focus group: Dana Reyes moderates and
// Luz Moreno (participant P25) speaks of a hospital.
func deidStudy(t *testing.T, turns ...transcript.Turn) (*Study, store.Source) {
	t.Helper()
	ctx := t.Context()
	st, err := Create(ctx, filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if len(turns) == 0 {
		turns = []transcript.Turn{
			{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "How are the nights?", StartMS: -1, EndMS: -1},
			{Speaker: "Luz Moreno", Label: "Luz Moreno", Text: "The nights at St. Anne's are lonely.", StartMS: -1, EndMS: -1},
		}
	}
	d, err := corpus.Build(turns)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.Store().ImportSource(ctx, store.NewSource{Name: "fg01", Format: "txt", Language: "en", Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	return st, src
}

// placeFinder is a named-entity finder that labels "St. Anne's" a place,
// as prose does.
type placeFinder struct{}

func (placeFinder) Entities(text string) ([]deid.Entity, error) {
	var out []deid.Entity
	for i := 0; ; {
		k := strings.Index(text[i:], "St. Anne's")
		if k < 0 {
			return out, nil
		}
		out = append(out, deid.Entity{Start: i + k, End: i + k + len("St. Anne's"), Label: "FAC"})
		i += k + 1
	}
}

func scanWithPlaces() DeidScanOptions {
	return DeidScanOptions{NER: func() (deid.EntityFinder, error) { return placeFinder{}, nil }}
}

// passageOf is the place of phrase in a source's stored text.
func passageOf(t *testing.T, st *Study, src store.Source, phrase string) Passage {
	t.Helper()
	text, err := st.Store().SourceText(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(text, phrase)
	if i < 0 {
		t.Fatalf("%q is not in the text:\n%s", phrase, text)
	}
	start := len([]rune(text[:i]))
	return Passage{SourceID: src.ID, Span: corpus.Span{Start: start, End: start + len([]rune(phrase))}}
}

func reviewOf(t *testing.T, st *Study, out Outgoing) error {
	t.Helper()
	d, err := st.Deidentification(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return d.Review(out)
}

func wantNotCurrent(t *testing.T, err error, want string) {
	t.Helper()
	var re *ReviewError
	if !errors.As(err, &re) {
		t.Fatalf("review: %v, want it refused as not current", err)
	}
	if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Errorf("refusal %q should be one line naming %q", err, want)
	}
}

func accept(t *testing.T, st *Study) {
	t.Helper()
	if _, err := st.Store().DecideDeid(store.WithActor(t.Context(), "amara"), store.DeidDecision{All: true, Status: store.DeidAccepted}); err != nil {
		t.Fatal(err)
	}
}

// Participant-facing output is refused before any scan, while a finding in
// what goes out is pending, and after a correction until the next scan.
func TestParticipantFacingOutputNeedsACurrentReview(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, src := deidStudy(t)
	quote := Outgoing{Passages: []Passage{passageOf(t, st, src, "The nights at St. Anne's are lonely.")}}

	wantNotCurrent(t, reviewOf(t, st, quote), "focal deid scan")
	// Nothing goes out: nothing to review.
	if err := reviewOf(t, st, Outgoing{}); err != nil {
		t.Errorf("an output showing no text was refused: %v", err)
	}

	if _, err := st.ScanDeid(ctx, As("amara"), scanWithPlaces()); err != nil {
		t.Fatal(err)
	}
	err := reviewOf(t, st, quote)
	wantNotCurrent(t, err, "focal deid accept|reject")
	if !strings.Contains(err.Error(), `"St. Anne's"`) {
		t.Errorf("the refusal does not name the pending finding: %v", err)
	}
	// A passage without the pending finding may go out.
	if err := reviewOf(t, st, Outgoing{Passages: []Passage{passageOf(t, st, src, "How are the nights?")}}); err != nil {
		t.Errorf("a passage without pending findings was refused: %v", err)
	}

	accept(t, st)
	d, err := st.Deidentification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Review(quote); err != nil {
		t.Fatalf("after every finding was decided: %v", err)
	}
	text, _ := st.Store().SourceText(ctx, src.ID)
	if got, want := d.Render(src.ID, text, quote.Passages[0].Span), "The nights at [place] are lonely."; got != want {
		t.Errorf("rendered %q, want %q", got, want)
	}

	// A correction changes the text: the review is out of date until the
	// next scan.
	if _, err := st.Store().CorrectSource(ctx, store.Correction{Source: src.ID, NewText: strings.Replace(text, "lonely", "long", 1), Units: noUnits}); err != nil {
		t.Fatal(err)
	}
	quote = Outgoing{Passages: []Passage{passageOf(t, st, src, "The nights at St. Anne's are long.")}}
	wantNotCurrent(t, reviewOf(t, st, quote), "fg01 changed since the last scan")
	if _, err := st.ScanDeid(ctx, As("amara"), scanWithPlaces()); err != nil {
		t.Fatal(err)
	}
	if err := reviewOf(t, st, quote); err != nil {
		t.Errorf("after a new scan: %v", err)
	}
}

func noUnits(string, []corpus.Span) (map[string][]corpus.Span, error) {
	return map[string][]corpus.Span{}, nil
}

// An identifier accepted in the transcripts is replaced in what
// participants wrote, instead of blocking every de-identified export; an
// identifier found only in an answer is decided with the word list.
func TestAcceptedIdentifierIsReplacedInAnswers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	st, src := deidStudy(t)
	s := st.Store()
	if err := s.LinkSpeaker(ctx, src.ID, "Luz Moreno", "P25"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ScanDeid(ctx, As("amara"), scanWithPlaces()); err != nil {
		t.Fatal(err)
	}
	accept(t, st)
	comment := "Yes. St. Anne's at night was hard."
	if _, err := s.RecordMemberCheckAnswers(ctx, []store.MemberCheckAnswer{{Participant: "P25", Item: "theme", ThemeID: "t1", Answer: "yes", Comment: comment, Via: "paper"}}); err != nil {
		t.Fatal(err)
	}
	answers := Outgoing{Answers: true}
	wantNotCurrent(t, reviewOf(t, st, answers), "answers came in since the last scan")

	rep, err := st.ScanDeid(ctx, As("amara"), scanWithPlaces())
	if err != nil {
		t.Fatal(err)
	}
	if rep.AnswersScanned != 1 || len(rep.Answers) != 0 {
		t.Errorf("scan of the answers: %d scanned, undecided %+v; want 1 and none (St. Anne's was accepted)", rep.AnswersScanned, rep.Answers)
	}
	d, err := st.Deidentification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Review(answers); err != nil {
		t.Fatalf("review after the scan: %v", err)
	}
	if vs := d.Check("answer", comment); len(vs) != 1 || vs[0].Found != "St. Anne's" {
		t.Errorf("the gate should refuse the answer as written: %+v", vs)
	}
	rendered := d.RenderAnswer(comment)
	if want := "Yes. [place] at night was hard."; rendered != want {
		t.Errorf("answer rendered %q, want %q", rendered, want)
	}
	if vs := d.Check("answer", rendered); len(vs) != 0 {
		t.Errorf("the rendered answer is refused: %+v", vs)
	}

	// Written into the text, the replacement still applies to answers.
	if _, err := s.ApplyDeidInText(ctx, src.ID, noUnits); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ScanDeid(ctx, As("amara"), scanWithPlaces()); err != nil {
		t.Fatal(err)
	}
	d, _ = st.Deidentification(ctx)
	if got := d.RenderAnswer(comment); got != "Yes. [place] at night was hard." {
		t.Errorf("after apply --in-text the answer renders %q", got)
	}

	// An identifier only an answer has is pending until listed.
	if _, err := s.RecordMemberCheckAnswers(ctx, []store.MemberCheckAnswer{{Participant: "P25", Item: "theme", ThemeID: "t2", Answer: "no", Comment: "Ask Dr. Okafor.", Via: "paper"}}); err != nil {
		t.Fatal(err)
	}
	if rep, err = st.ScanDeid(ctx, As("amara"), scanWithPlaces()); err != nil {
		t.Fatal(err)
	}
	if len(rep.Answers) != 1 || rep.Answers[0].Text != "Dr. Okafor" {
		t.Errorf("undecided in answers: %+v, want Dr. Okafor", rep.Answers)
	}
	wantNotCurrent(t, reviewOf(t, st, answers), "focal deid add")
	if _, err := s.AddDeidWord(ctx, "Dr. Okafor", "Dr. [name]", deid.KindPerson); err != nil {
		t.Fatal(err)
	}
	d, _ = st.Deidentification(ctx)
	if err := d.Review(answers); err != nil {
		t.Errorf("after listing the name: %v", err)
	}
	if got := d.RenderAnswer("Ask Dr. Okafor."); got != "Ask Dr. [name]." {
		t.Errorf("listed word in an answer rendered %q", got)
	}
}

// A transcript that arrives pseudonymised (speakers P1, P2 linked to
// participants P1, P2) has no real names: "Dear P1" passes the gate, and
// the scan does not call "P1" a name.
func TestPseudonymisedTranscriptHasNoRealNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, src := deidStudy(t,
		transcript.Turn{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "P1, what about you?", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "P1", Label: "P1", Text: "Like P2 said, I felt alone.", StartMS: -1, EndMS: -1},
		transcript.Turn{Speaker: "P2", Label: "P2", Text: "Yes.", StartMS: -1, EndMS: -1},
	)
	s := st.Store()
	for _, p := range []string{"P1", "P2"} {
		if err := s.LinkSpeaker(ctx, src.ID, p, p); err != nil {
			t.Fatal(err)
		}
	}
	people, err := st.KnownPeople(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].Name != "Dana Reyes" {
		t.Errorf("known real names: %+v, want Dana Reyes alone", people)
	}
	rep, err := st.ScanDeid(ctx, As("amara"), DeidScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pending) != 0 {
		t.Errorf("a pseudonymised transcript has findings: %+v", rep.Pending)
	}
	d, err := st.Deidentification(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if vs := d.Check("addressed as", "Dear P1"); len(vs) != 0 {
		t.Errorf("the gate refuses a pseudonym: %+v", vs)
	}
	if vs := d.Check("quote", "as Dana said"); len(vs) != 1 {
		t.Errorf("the moderator's real name should still be refused: %+v", vs)
	}
	if err := d.Review(Outgoing{Passages: []Passage{passageOf(t, st, src, "Like P2 said, I felt alone.")}}); err != nil {
		t.Errorf("review: %v", err)
	}
}
