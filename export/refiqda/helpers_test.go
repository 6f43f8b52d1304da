package refiqda

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/testenv"
	"github.com/focalqda/focal/corpus/transcript"
)

// sample returns the path of a REFI-QDA file among the team's real-world
// samples (../shared/samples/refi); without it the test skips, or under CI
// fails (a fresh clone elsewhere has no ../shared).
func sample(t testing.TB, name string) string {
	t.Helper()
	return testenv.Shared(t, "samples/refi/"+name)
}

// draft builds a stored text from turns given as "Label: text" or "text".
func draft(t testing.TB, lines ...string) *corpus.Draft {
	t.Helper()
	var turns []transcript.Turn
	for _, l := range lines {
		turn := transcript.Turn{Text: l, StartMS: transcript.NoTime, EndMS: transcript.NoTime}
		if label, text, ok := strings.Cut(l, ": "); ok {
			turn.Label, turn.Speaker, turn.Text = label, label, text
		}
		turns = append(turns, turn)
	}
	d, err := corpus.Build(turns)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// spanOf finds quote in a stored text, in code points.
func spanOf(t testing.TB, text, quote string) (int, int) {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q not in the text", quote)
	}
	start := len([]rune(text[:i]))
	return start, start + len([]rune(quote))
}

// Fixed ids of the fixture project.
const (
	fxProject = "11111111-1111-4111-8111-111111111111"
	fxAna     = "a0000000-0000-4000-8000-000000000001"
	fxBen     = "a0000000-0000-4000-8000-000000000002"
	fxBelong  = "c0000000-0000-4000-8000-000000000001"
	fxIsol    = "c0000000-0000-4000-8000-000000000002"
	fxSupport = "c0000000-0000-4000-8000-000000000003"
	fxFG01    = "50000000-0000-4000-8000-000000000001"
	fxFG02    = "50000000-0000-4000-8000-000000000002"
	fxTheme   = "70000000-0000-4000-8000-000000000001"
	fxSub     = "70000000-0000-4000-8000-000000000002"
	fxEmpty   = "70000000-0000-4000-8000-000000000003"
)

// fixtureProject is a small study that uses every part of the model:
// speakers, emoji and accents, groups, moderators, a code tree with
// criteria, codings of two coders on one span, coding memos, memos on every
// kind of target, themes with summaries, participants with attributes.
func fixtureProject(t testing.TB) *Project {
	t.Helper()
	fg01 := draft(t, "Dana: Welcome, everyone. Who starts?",
		"Zoë: I was the only one 😀 in my class.\nIt felt lonely at first.",
		"José: My senior checked on me after a hard night.",
		"Dana: Thank you.")
	fg02 := draft(t, "Notes from the second group.", "Nobody knew my name for months 👩‍⚕️.")
	p := &Project{ID: fxProject, Title: "Belonging & <residency>", Origin: Origin, CreatedAt: "2026-03-01T10:00:00.000Z",
		ModifiedAt: "2026-03-20T16:30:00.000Z",
		Users:      []User{{ID: fxAna, Name: "ana"}, {ID: fxBen, Name: "ben"}},
		Codes: []Code{
			{ID: fxBelong, Name: "belonging", Definition: "How members feel they belong.\n\nSecond paragraph.", WhenToUse: "Use for belonging in general.",
				WhenNotToUse: "Not for support.", Example: "I felt at home.", Color: "#0072B2"},
			{ID: fxIsol, ParentID: fxBelong, Name: "isolation", Definition: "Feeling alone.", Color: "#D55E00"},
			{ID: fxSupport, Name: "support"},
		},
		Sources: []Source{
			{ID: fxFG01, Name: "fg01", Group: "North", Language: "en", Text: fg01.Text, Moderators: []string{"Dana"}, CreatedAt: "2026-03-01T10:00:01.000Z"},
			{ID: fxFG02, Name: "fg02 notes", Text: fg02.Text, CreatedAt: "2026-03-01T10:00:02.000Z"},
		},
		Themes: []Theme{
			{ID: fxTheme, Path: "Earning a place", Definition: "Belonging is earned.", Summaries: map[string]string{"en": "Residents earn a place.", "es": "Los residentes se ganan un lugar."},
				CodeIDs: []string{fxBelong, fxIsol}},
			{ID: fxSub, Path: "Earning a place/being named", CodeIDs: []string{fxIsol}},
			{ID: fxEmpty, Path: "Open questions"},
		},
		Participants: []Participant{
			{ID: "90000000-0000-4000-8000-000000000001", Name: "P01", Pseudonym: "P01", Attributes: map[string]string{"year": "R2", "site": "North"},
				Speakers: []SpeakerLink{{SourceID: fxFG01, Speaker: "Zoë"}}},
			{ID: "90000000-0000-4000-8000-000000000002", Name: "P02", Pseudonym: "P02", Attributes: map[string]string{"year": "R1"},
				Speakers: []SpeakerLink{{SourceID: fxFG01, Speaker: "José"}}},
		},
	}
	only := func(text, q string) (int, int) { return spanOf(t, text, q) }
	a, b := only(fg01.Text, "I was the only one 😀 in my class.\nIt felt lonely")
	c, d := only(fg01.Text, "checked on me")
	e, f := only(fg02.Text, "Nobody knew my name for months 👩‍⚕️")
	g, h := only(fg01.Text, "only one 😀")
	p.Codings = []Coding{
		{ID: "d0000000-0000-4000-8000-000000000001", SourceID: fxFG01, CodeID: fxIsol, UserID: fxAna, Start: a, End: b, Memo: "Spans two paragraphs.", CreatedAt: "2026-03-02T09:00:00.000Z"},
		{ID: "d0000000-0000-4000-8000-000000000002", SourceID: fxFG01, CodeID: fxIsol, UserID: fxBen, Start: a, End: b, CreatedAt: "2026-03-02T09:00:01.000Z"},
		{ID: "d0000000-0000-4000-8000-000000000003", SourceID: fxFG01, CodeID: fxSupport, UserID: fxBen, Start: c, End: d, CreatedAt: "2026-03-02T09:00:02.000Z"},
		{ID: "d0000000-0000-4000-8000-000000000004", SourceID: fxFG02, CodeID: fxBelong, UserID: fxAna, Start: e, End: f, CreatedAt: "2026-03-02T09:00:03.000Z"},
		{ID: "d0000000-0000-4000-8000-000000000005", SourceID: fxFG01, CodeID: fxBelong, UserID: fxAna, Start: g, End: h, CreatedAt: "2026-03-02T09:00:04.000Z"},
	}
	turn := fg01.Turns[2]
	p.Memos = []Memo{
		{ID: "e0000000-0000-4000-8000-000000000001", Kind: MemoOnProject, AuthorID: fxAna, Title: "Research plan", Body: "We study belonging.\n\n- one\n- two", CreatedAt: "2026-03-01T11:00:00.000Z", UpdatedAt: "2026-03-01T11:00:00.000Z"},
		{ID: "e0000000-0000-4000-8000-000000000002", Kind: MemoOnSource, TargetID: fxFG01, AuthorID: fxBen, Body: "Noisy recording.", CreatedAt: "2026-03-01T11:00:01.000Z", UpdatedAt: "2026-03-01T11:00:01.000Z"},
		{ID: "e0000000-0000-4000-8000-000000000003", Kind: MemoOnTurn, TargetID: fxFG01, Span: corpus.Span{Start: turn.LabelSpan.Start, End: turn.End},
			AuthorID: fxAna, Body: "A key moment.", CreatedAt: "2026-03-01T11:00:02.000Z", UpdatedAt: "2026-03-01T11:00:02.000Z"},
		{ID: "e0000000-0000-4000-8000-000000000004", Kind: MemoOnCode, TargetID: fxIsol, AuthorID: fxBen, Title: "Merge?", Body: "Close to being-the-only-one.", CreatedAt: "2026-03-01T11:00:03.000Z", UpdatedAt: "2026-03-01T11:00:03.000Z"},
		{ID: "e0000000-0000-4000-8000-000000000005", Kind: MemoOnCoding, TargetID: "d0000000-0000-4000-8000-000000000003", AuthorID: fxBen, Title: "Why", Body: "Support from a senior.", CreatedAt: "2026-03-01T11:00:04.000Z", UpdatedAt: "2026-03-01T11:00:04.000Z"},
		{ID: "e0000000-0000-4000-8000-000000000006", Kind: MemoOnTheme, TargetID: fxTheme, AuthorID: fxAna, Body: "Central theme.", CreatedAt: "2026-03-01T11:00:05.000Z", UpdatedAt: "2026-03-01T11:00:06.000Z"},
	}
	return p
}

// qdpxBytes writes p as a .qdpx.
func qdpxBytes(t testing.TB, p *Project, opts WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteQDPX(&buf, p, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEntries lists a zip's entries with their contents.
func zipEntries(t testing.TB, data []byte) ([]*zip.File, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	contents := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		contents[f.Name] = b.Bytes()
	}
	return zr.File, contents
}

// validate checks an XML document against a schema with xmllint; without
// xmllint or the schema it skips, or under CI fails.
func validate(t *testing.T, xml []byte, schema string) {
	t.Helper()
	xsd := sample(t, schema)
	lint := testenv.Program(t, "xmllint")
	file := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(file, xml, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lint, "--noout", "--schema", xsd, file).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}
