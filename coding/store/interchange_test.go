package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// codedProject is fg01 coded by ana (a PI) and ben, with memos on every
// kind of target, a theme, a participant, a frozen codebook and a done mark.
func codedProject(t *testing.T) (*Store, map[string]string) {
	t.Helper()
	s, ana, ben := projectWithCoders(t)
	ids := map[string]string{}
	if _, err := s.AddCode(ana, NewCode{Path: "belonging/isolation", Definition: "Feeling alone.", WhenToUse: "Alone.", Color: "#D55E00"}); err != nil {
		t.Fatal(err)
	}
	a, b := spanOf(t, s, "I was the only one")
	res, err := s.AddCoding(ana, NewCoding{Source: "fg01", Code: "belonging/isolation", Start: a, End: b, Memo: "ana's reading"})
	if err != nil {
		t.Fatal(err)
	}
	ids["ana coding"] = res.Coding.ID
	res, err = s.AddCoding(ben, NewCoding{Source: "fg01", Code: "belonging/isolation", Start: a, End: b})
	if err != nil {
		t.Fatal(err)
	}
	ids["ben coding"] = res.Coding.ID
	c, d := spanOf(t, s, "Say more")
	if _, err := s.AddCoding(ben, NewCoding{Source: "fg01", Code: "probing", Start: c, End: d}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddTheme(ana, NewTheme{Name: "Being alone", Definition: "Isolation in training."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignCodes(ana, "Being alone", []string{"belonging/isolation"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		ctx  func() MemoTarget
		who  string
		body string
	}{
		{func() MemoTarget { return MemoTarget{} }, "ana", "Project memo."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnSource, Ref: "fg01"} }, "ana", "Source memo."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnTurn, Ref: "fg01:2"} }, "ben", "Turn memo."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnCode, Ref: "belonging/isolation"} }, "ben", "Code memo."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnCoding, Ref: ids["ana coding"]} }, "ana", "Ana on her coding."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnCoding, Ref: ids["ben coding"]} }, "ben", "Ben on his coding."},
		{func() MemoTarget { return MemoTarget{Kind: MemoOnTheme, Ref: "Being alone"} }, "ana", "Theme memo."},
	} {
		if _, err := s.AddMemo(WithActor(t.Context(), m.who), m.ctx(), "", m.body); err != nil {
			t.Fatal(err)
		}
	}
	src, _ := s.Source(t.Context(), "fg01")
	ids["fg01"] = src.ID
	if err := s.LinkSpeaker(ana, src.ID, "Zoë", "P01"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSpeakerRole(ana, src.ID, "Dana", "moderator"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetParticipantAttributes(ana, map[string]map[string]string{"P01": {"year": "R2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FreezeCodebook(ana, "v1", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSourceDone(ben, "fg01", true); err != nil {
		t.Fatal(err)
	}
	return s, ids
}

func TestExportProjectUnderBlinding(t *testing.T) {
	s, ids := codedProject(t)
	if _, err := s.ExportProject(t.Context(), ExportOptions{}); !errors.Is(err, ErrNoCoder) {
		t.Fatalf("export under blinding without a viewer: %v, want ErrNoCoder", err)
	}
	ex, err := s.ExportProject(t.Context(), ExportOptions{Viewer: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Layer != "ben" || len(ex.Codings) != 2 || ex.Left.HiddenCodings != 1 {
		t.Errorf("layer %q, %d codings, %d hidden", ex.Layer, len(ex.Codings), ex.Left.HiddenCodings)
	}
	for _, m := range ex.Memos {
		if m.TargetID == ids["ana coding"] {
			t.Error("ana's coding memo is in ben's export")
		}
	}
	if _, err := s.ExportProject(t.Context(), ExportOptions{Viewer: "ben", Coder: "ana"}); err == nil || !strings.Contains(err.Error(), "only your own") {
		t.Errorf("ben exporting ana's codings: %v", err)
	}
}

func TestExportProjectReadsEverything(t *testing.T) {
	s, ids := codedProject(t)
	if err := s.SetBlinding(WithActor(t.Context(), "ana"), false); err != nil {
		t.Fatal(err)
	}
	ex, err := s.ExportProject(t.Context(), ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Layer != "all coders" || len(ex.Coders) != 2 || len(ex.Codes) != 3 || len(ex.Sources) != 1 || len(ex.Codings) != 3 ||
		len(ex.Themes) != 1 || len(ex.Memos) != 7 || len(ex.Participants) != 1 {
		t.Fatalf("export: %d coders, %d codes, %d sources, %d codings, %d themes, %d memos, %d participants",
			len(ex.Coders), len(ex.Codes), len(ex.Sources), len(ex.Codings), len(ex.Themes), len(ex.Memos), len(ex.Participants))
	}
	if ex.Codes[0].Name != "belonging" || ex.Codes[1].ParentID != ex.Codes[0].ID || ex.Codes[1].Definition != "Feeling alone." {
		t.Errorf("codes = %+v", ex.Codes)
	}
	text, _ := s.SourceText(t.Context(), ids["fg01"])
	if src := ex.Sources[0]; src.Text != text || !reflect.DeepEqual(src.Moderators, []string{"Dana"}) {
		t.Errorf("source = %+v", src)
	}
	turns, _ := s.Turns(t.Context(), ids["fg01"])
	for _, m := range ex.Memos {
		if m.Kind == MemoOnTurn && (m.TargetID != ids["fg01"] || m.Span != (corpus.Span{Start: turns[1].LabelSpan.Start, End: turns[1].End})) {
			t.Errorf("turn memo = %+v, want the span of turn 2", m)
		}
	}
	p := ex.Participants[0]
	if p.Name != "P01" || p.Attributes["year"] != "R2" || !reflect.DeepEqual(p.Speakers, []DataSpeaker{{SourceID: ids["fg01"], Speaker: "Zoë"}}) {
		t.Errorf("participant = %+v", p)
	}
	left := ex.Left
	if !reflect.DeepEqual(left.CodebookVersions, []string{"v1"}) || left.DoneMarks != 1 || left.TimedTurns != 2 || left.Events == 0 ||
		left.HiddenCodings != 0 || ex.LastChange == "" {
		t.Errorf("left = %+v, last change %q", left, ex.LastChange)
	}
	ex, err = s.ExportProject(t.Context(), ExportOptions{Coder: "ana"})
	if err != nil || len(ex.Codings) != 1 || ex.Layer != "ana" {
		t.Errorf("ana's layer: %v, %d codings", err, len(ex.Codings))
	}
}

// importData is what a file from another project brings: two coders, a
// code tree, fg01 (with its moderator), three codings (one without a coder),
// a theme, memos on every kind of target and a participant.
func importData(t *testing.T) ProjectData {
	t.Helper()
	ns := sampleSource(t, "fg01")
	zoe := ns.Draft.Turns[1].Utterance()
	d := ProjectData{
		Coders: []DataCoder{{ID: "a0000000-0000-4000-8000-000000000001", Name: "ana"}, {ID: "a0000000-0000-4000-8000-000000000002", Name: "Sam"}},
		Codes: []DataCode{
			{ID: "c0000000-0000-4000-8000-000000000002", ParentID: "c0000000-0000-4000-8000-000000000001", Name: "isolation", Definition: "Alone."},
			{ID: "c0000000-0000-4000-8000-000000000001", Name: "belonging", Color: "#0072B2"},
		},
		Sources: []DataSource{{ID: "50000000-0000-4000-8000-000000000001", Name: "fg01", Group: "North", Format: "refi-qda", Language: "en",
			Moderators: []string{"Dana"}, Draft: ns.Draft, Units: ns.Units}},
		Codings: []DataCoding{
			{ID: "d0000000-0000-4000-8000-000000000001", SourceID: "50000000-0000-4000-8000-000000000001", CodeID: "c0000000-0000-4000-8000-000000000002",
				CoderID: "a0000000-0000-4000-8000-000000000001", Start: zoe.Start, End: zoe.End, Memo: "Strong.", CreatedAt: "2025-01-02T03:04:05.000Z"},
			{ID: "d0000000-0000-4000-8000-000000000002", SourceID: "50000000-0000-4000-8000-000000000001", CodeID: "c0000000-0000-4000-8000-000000000002",
				CoderID: "a0000000-0000-4000-8000-000000000002", Start: zoe.Start, End: zoe.End},
			{ID: "d0000000-0000-4000-8000-000000000003", SourceID: "50000000-0000-4000-8000-000000000001", CodeID: "c0000000-0000-4000-8000-000000000001",
				Start: 0, End: 4},
		},
		Themes: []DataTheme{{ID: "70000000-0000-4000-8000-000000000001", Path: "Alone/In training", Definition: "Def.",
			Summaries: map[string]string{"en": "Summary."}, CodeIDs: []string{"c0000000-0000-4000-8000-000000000002"}}},
		Memos: []DataMemo{
			{ID: "e0000000-0000-4000-8000-000000000001", Kind: MemoOnProject, AuthorID: "a0000000-0000-4000-8000-000000000002", Title: "Plan", Body: "Project."},
			{ID: "e0000000-0000-4000-8000-000000000002", Kind: MemoOnSource, TargetID: "50000000-0000-4000-8000-000000000001", Body: "Source."},
			{ID: "e0000000-0000-4000-8000-000000000003", Kind: MemoOnTurn, TargetID: "50000000-0000-4000-8000-000000000001", Span: zoe, Body: "Turn."},
			{ID: "e0000000-0000-4000-8000-000000000004", Kind: MemoOnCode, TargetID: "c0000000-0000-4000-8000-000000000001", Body: "Code."},
			{ID: "e0000000-0000-4000-8000-000000000005", Kind: MemoOnCoding, TargetID: "d0000000-0000-4000-8000-000000000002", AuthorID: "a0000000-0000-4000-8000-000000000002", Body: "Coding."},
			{ID: "e0000000-0000-4000-8000-000000000006", Kind: MemoOnTheme, TargetID: "70000000-0000-4000-8000-000000000001", Body: "Theme."},
		},
		Participants: []DataParticipant{{ID: "90000000-0000-4000-8000-000000000001", Name: "P07", Pseudonym: "P07",
			Attributes: map[string]string{"year": "R1"}, Speakers: []DataSpeaker{{SourceID: "50000000-0000-4000-8000-000000000001", Speaker: "Zoë"}}}},
	}
	return d
}

func eventKinds(t *testing.T, s *Store) map[string]int {
	t.Helper()
	events, err := s.Events(t.Context(), "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range events {
		out[e.Kind]++
	}
	return out
}

func TestImportProjectAddsEverythingInOneAction(t *testing.T) {
	s := newProject(t)
	if _, err := s.AddCoder(t.Context(), "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	ctx := WithActor(t.Context(), "ana")
	res, err := s.ImportProject(ctx, importData(t), ImportOptions{File: "study.qdpx", Format: "qdpx", Origin: "Test", Report: []string{"nothing left out"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sources) != 1 || res.Sources[0].ID != "50000000-0000-4000-8000-000000000001" || res.Sources[0].Matched ||
		!reflect.DeepEqual(res.CodersAdded, []string{"Sam"}) || !reflect.DeepEqual(res.CodersMatched, []string{"ana"}) ||
		res.CodesAdded != 2 || res.Codings != 3 || res.ThemesAdded != 1 || res.Memos != 6 || res.ParticipantsNew != 1 || res.SpeakersLinked != 1 {
		t.Fatalf("result = %+v", res)
	}
	if err := s.SetBlinding(ctx, false); err != nil {
		t.Fatal(err)
	}
	codings, err := s.Codings(t.Context(), CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range codings {
		got = append(got, c.Coder+" "+c.Code+" "+c.Text+" "+c.Memo)
	}
	sort.Strings(got)
	want := []string{"Sam belonging/isolation Honestly, not me 😅. I was the only one. ", "ana belonging Dana ",
		"ana belonging/isolation Honestly, not me 😅. I was the only one. Strong."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("codings =\n%q\nwant\n%q", got, want)
	}
	code, _ := s.Code(t.Context(), "belonging/isolation")
	if code.ID != "c0000000-0000-4000-8000-000000000002" || code.Definition != "Alone." {
		t.Errorf("code = %+v", code)
	}
	themes, _ := s.Themes(t.Context(), ThemeFilter{})
	if len(themes) != 2 || themes[1].Path != "Alone/In training" || themes[1].Summaries["en"] != "Summary." || len(themes[1].Codes) != 1 {
		t.Errorf("themes = %+v", themes)
	}
	memos, _ := s.Memos(t.Context(), MemoFilter{})
	targets := map[string]string{}
	for _, m := range memos {
		targets[m.Body] = m.TargetKind + " " + m.Target + " " + m.Author
	}
	wantTargets := map[string]string{"Project.": "project  Sam", "Source.": "source fg01 ", "Turn.": "turn fg01:2 ",
		"Code.": "code belonging ", "Coding.": "coding d0000000 Sam", "Theme.": "theme Alone/In training "}
	if !reflect.DeepEqual(targets, wantTargets) {
		t.Errorf("memo targets = %v", targets)
	}
	people, _ := s.Participants(t.Context())
	if len(people) != 1 || people[0].Attributes["year"] != "R1" || !reflect.DeepEqual(people[0].Speakers, []string{"fg01:Zoë"}) {
		t.Errorf("participants = %+v", people)
	}
	speakers, _ := s.Speakers(t.Context(), "50000000-0000-4000-8000-000000000001")
	for _, k := range speakers {
		if (k.Name == "Dana") != (k.Role == "moderator") {
			t.Errorf("speaker %s is a %s", k.Name, k.Role)
		}
	}
	// One action: every event of the import shares it.
	var actions int
	if err := s.db.QueryRow(`SELECT count(DISTINCT action) FROM events WHERE seq > (SELECT seq FROM events WHERE kind = 'coder.added')
		AND seq <= (SELECT seq FROM events WHERE kind = 'interchange.imported')`).Scan(&actions); err != nil || actions != 1 {
		t.Errorf("the import wrote %d actions (%v), want 1", actions, err)
	}
	kinds := eventKinds(t, s)
	for kind, n := range map[string]int{"coding.added": 3, "code.created": 2, "source.imported": 1, "theme.created": 2, "memo.added": 6,
		"participant.created": 1, "speaker.linked": 1, "speaker.role-set": 1, "interchange.imported": 1} {
		if kinds[kind] != n {
			t.Errorf("%d %s events, want %d", kinds[kind], kind, n)
		}
	}
	if _, err := s.Undo(ctx); err == nil {
		t.Error("undo reversed an import")
	}
}

func TestImportProjectTwiceAddsNothing(t *testing.T) {
	s := newProject(t)
	ctx := WithActor(t.Context(), "ana")
	if _, err := s.AddCoder(t.Context(), "ana", "pi"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportProject(ctx, importData(t), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := eventKinds(t, s)
	res, err := s.ImportProject(ctx, importData(t), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Sources[0].Matched || res.CodesMatched != 2 || res.CodesAdded != 0 || res.Codings != 0 || res.CodingsExisting != 3 ||
		res.ThemesAdded != 0 || res.Memos != 0 || res.MemosExisting != 6 || res.ParticipantsNew != 0 || len(res.CodersAdded) != 0 {
		t.Errorf("second import = %+v", res)
	}
	after := eventKinds(t, s)
	after["interchange.imported"]--
	if !reflect.DeepEqual(before, after) {
		t.Errorf("events before %v, after %v", before, after)
	}
}

func TestImportProjectIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *ProjectData)
		want   string
	}{
		{"coding outside the text", func(d *ProjectData) { d.Codings[1].End = 10000 }, "outside the text"},
		{"coding on an unknown code", func(d *ProjectData) { d.Codings[2].CodeID = "x" }, "code that is not in the file"},
		{"memo on an unknown coding", func(d *ProjectData) { d.Memos[4].TargetID = "x" }, "not in the file"},
		{"code with a slash", func(d *ProjectData) { d.Codes[0].Name = "a/b" }, "contains '/'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newProject(t)
			if _, err := s.AddCoder(t.Context(), "ana", "pi"); err != nil {
				t.Fatal(err)
			}
			before := eventKinds(t, s)
			d := importData(t)
			tc.change(&d)
			_, err := s.ImportProject(WithActor(t.Context(), "ana"), d, ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			if after := eventKinds(t, s); !reflect.DeepEqual(before, after) {
				t.Errorf("events changed: %v → %v", before, after)
			}
			if sources, _ := s.Sources(t.Context()); len(sources) != 0 {
				t.Errorf("%d sources after a failed import", len(sources))
			}
		})
	}
}

func TestImportProjectNamesAndCoders(t *testing.T) {
	s := newProject(t)
	// A source named fg01 with another text is already there.
	other, err := corpus.Build([]transcript.Turn{{Text: "Another text.", StartMS: -1, EndMS: -1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportSource(t.Context(), NewSource{Name: "fg01", Format: "txt", Draft: other}); err != nil {
		t.Fatal(err)
	}
	d := importData(t)
	d.Coders[1].Name = "Consensus"
	if _, err := s.ImportProject(t.Context(), d, ImportOptions{}); err == nil || !strings.Contains(err.Error(), "--as") {
		t.Fatalf("a coding without a coder and nobody importing: %v", err)
	}
	res, err := s.ImportProject(t.Context(), d, ImportOptions{AllowDuplicate: true})
	if err == nil {
		t.Fatalf("still no coder for the unattributed coding: %+v", res)
	}
	d.Codings = d.Codings[:2]
	res, err = s.ImportProject(t.Context(), d, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The third note: the two coders would have switched blinding on; an
	// import never does.
	if res.Sources[0].Name != "fg01 (2)" || !reflect.DeepEqual(res.CodersAdded, []string{"ana", "consensus (imported)"}) || len(res.Notes) != 3 ||
		!strings.HasPrefix(res.Notes[2], "blinding stays off") {
		t.Errorf("result = %+v", res)
	}
}

// Undo, history and packs read coding events: a coding's record (written
// by hand, by an import or a merged pack) is the text earlier releases
// wrote, which encoded a map, so their logs and this one's read alike.
func TestCodingEventRecordIsTheReleasedText(t *testing.T) {
	c := Coding{ID: "i", Source: "fg01", SourceID: "s", Coder: "ana", Code: "a/b", CodeID: "c", Start: 1, End: 5, Memo: "m"}
	got, _ := json.Marshal(codingEventData(c))
	released, _ := json.Marshal(map[string]any{"id": c.ID, "source_id": c.SourceID, "source": c.Source, "code_id": c.CodeID, "code": c.Code,
		"coder": c.Coder, "start": c.Start, "end": c.End, "memo": c.Memo})
	if string(got) != string(released) {
		t.Errorf("this release writes %s\nthe last wrote %s", got, released)
	}
}
