package refiqda

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadRealExports(t *testing.T) {
	tests := []struct {
		file                                                   string
		users, codes, sources, codings, themes, memos, notImpl int
		check                                                  func(t *testing.T, im *Imported)
	}{
		{file: "nvivo12.6win_oltas0517.qdpx", users: 2, codes: 152, sources: 2, codings: 303, notImpl: 1, check: func(t *testing.T, im *Imported) {
			coded := im.Report.Sources[1]
			if coded.Name != "videos_10_selected" || coded.Selections != 303 || coded.Reading != (Reading{Unit: UTF16}) {
				t.Errorf("coded source report = %+v", coded)
			}
			// SOURCES.md: read as UTF-16, 295 of 303 selections start and end on word boundaries.
			if coded.StoredOnWordBoundaries < 295 {
				t.Errorf("%d of 303 selections on word boundaries after mapping, want at least 295", coded.StoredOnWordBoundaries)
			}
			for _, s := range coded.Scores {
				if s.Reading == (Reading{Unit: CodePoints}) && s.OnWordBoundaries > 60 {
					t.Errorf("as code points %d selections fit words; the samples say few do", s.OnWordBoundaries)
				}
			}
			// Every Coding@creatingUser names Gergo, although most selections name floriansipos.
			for _, c := range im.Codings {
				if userName(im, c.UserID) != "Gergo" {
					t.Fatalf("coding %s by %q, want Gergo (the Coding's creatingUser)", c.ID, userName(im, c.UserID))
				}
			}
			if strings.Contains(im.Sources[1].Text, "\r") || strings.HasPrefix(im.Sources[1].Text, "\uFEFF") {
				t.Error("the stored text keeps CR or the byte-order mark")
			}
			// A selection of a whole comment maps onto exactly that comment.
			text := []rune(im.Sources[1].Text)
			found := false
			for _, c := range im.Codings {
				if string(text[c.Start:c.End]) == "Fogy a who és a gyógyszergyártók pénze." {
					found = true
				}
			}
			if !found {
				t.Error("a known comment is not coded exactly")
			}
		}},
		{file: "nvivo12.6win_oltas.qdpx", users: 2, codes: 60, sources: 1, codings: 97, notImpl: 1},
		{file: "atlasti23_blank-atlas-project.qdpx", users: 2},
		{file: "atlasti23_target-atlas-project.qdpx", users: 2, codes: 3, check: func(t *testing.T, im *Imported) {
			if im.Codes[1].ParentID != im.Codes[0].ID || im.Codes[0].Name != "Commits" {
				t.Errorf("nested codes = %+v", im.Codes)
			}
			if im.Codes[0].ID != "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6" {
				t.Errorf("upper-case GUID kept as %s", im.Codes[0].ID)
			}
		}},
		{file: "skyloom_Project.qde", users: 3, codes: 14, themes: 5, memos: 2, notImpl: 15, check: checkSkyloom},
		{file: "skyloom_TestProject.qdpx", users: 3, codes: 14, themes: 5, memos: 2, notImpl: 15, check: checkSkyloom},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			im, err := ReadFile(sample(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got := []int{len(im.Users), len(im.Codes), len(im.Sources), len(im.Codings), len(im.Themes), len(im.Memos), len(im.Report.NotImported)}
			want := []int{tc.users, tc.codes, tc.sources, tc.codings, tc.themes, tc.memos, tc.notImpl}
			for i, what := range []string{"users", "codes", "sources", "codings", "themes", "memos", "lines not imported"} {
				if got[i] != want[i] {
					t.Errorf("%s = %d, want %d", what, got[i], want[i])
				}
			}
			if t.Failed() {
				t.Logf("report: %+v", im.Report)
			}
			checkInvariants(t, im)
			if tc.check != nil {
				tc.check(t, im)
			}
		})
	}
}

func checkSkyloom(t *testing.T, im *Imported) {
	joined := strings.Join(im.Report.NotImported, "\n")
	for _, want := range []string{"picture source", "audio source", "video sources", "PDF region", "its text is not in the file", "link", "graph"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the report does not mention %q:\n%s", want, joined)
		}
	}
	names := map[string]bool{}
	for _, c := range im.Codes {
		names[c.Name] = true
	}
	if !names["Coke::diet Coke"] || !names[`"rushed"`] {
		t.Errorf("code names = %v", names)
	}
	for _, m := range im.Memos {
		if m.Kind != MemoOnProject || m.Title == "" {
			t.Errorf("memo = %+v, want an unattached note as a titled project memo", m)
		}
	}
}

func userName(im *Imported, id string) string {
	for _, u := range im.Users {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// checkInvariants holds for every successful read: codings inside their
// stored texts and on known sources, codes and users; memos on known
// targets; stored texts in stored form.
func checkInvariants(t *testing.T, im *Imported) {
	t.Helper()
	sources := map[string]int{}
	for _, s := range im.Sources {
		n := len([]rune(s.Text))
		sources[s.ID] = n
		if s.Draft == nil || s.Draft.Text != s.Text || s.Draft.Chars != n {
			t.Fatalf("source %s: draft does not match the text", s.Name)
		}
		if strings.ContainsAny(s.Text, "\r\uFEFF") || !strings.HasSuffix(s.Text, "\n") {
			t.Fatalf("source %s: text not in stored form: %q", s.Name, s.Text)
		}
	}
	codes, users, codings, themes := map[string]bool{}, map[string]bool{"": true}, map[string]bool{}, map[string]bool{}
	for _, c := range im.Codes {
		if c.ParentID != "" && !codes[c.ParentID] {
			t.Fatalf("code %s comes before its parent", c.Name)
		}
		codes[c.ID] = true
		if c.Name == "" || strings.Contains(c.Name, "/") {
			t.Fatalf("code name %q", c.Name)
		}
	}
	for _, u := range im.Users {
		users[u.ID] = true
	}
	for _, c := range im.Codings {
		n, ok := sources[c.SourceID]
		if !ok || !codes[c.CodeID] || !users[c.UserID] {
			t.Fatalf("coding %+v refers to something missing", c)
		}
		if c.Start < 0 || c.End > n || c.Start >= c.End {
			t.Fatalf("coding %+v outside its text (%d)", c, n)
		}
		codings[c.ID] = true
	}
	for _, th := range im.Themes {
		themes[th.ID] = true
		for _, id := range th.CodeIDs {
			if !codes[id] {
				t.Fatalf("theme %s names a missing code", th.Path)
			}
		}
	}
	for _, m := range im.Memos {
		ok := true
		switch m.Kind {
		case MemoOnSource:
			_, ok = sources[m.TargetID]
		case MemoOnTurn:
			n, found := sources[m.TargetID]
			ok = found && m.Span.Start >= 0 && m.Span.Start <= n
		case MemoOnCode:
			ok = codes[m.TargetID]
		case MemoOnCoding:
			ok = codings[m.TargetID]
		case MemoOnTheme:
			ok = themes[m.TargetID]
		case MemoOnProject:
		default:
			ok = false
		}
		if !ok || strings.TrimSpace(m.Body) == "" || !users[m.AuthorID] {
			t.Fatalf("memo %+v", m)
		}
	}
}

// zipOf builds a zip archive from name/content pairs.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

// miniQDE is a project with one text source and one coded selection.
func miniQDE(sourceAttrs, start, end string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="mini" origin="Test">
  <Users><User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Ana"/><User guid="AAAAAAAA-0000-4000-8000-000000000002" name="Ben"/></Users>
  <CodeBook><Codes><Code guid="CCCCCCCC-0000-4000-8000-000000000001" name="isolation" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="55555555-0000-4000-8000-000000000001" name="fg01" ` + sourceAttrs + `>
      <PlainTextSelection guid="66666666-0000-4000-8000-000000000001" startPosition="` + start + `" endPosition="` + end + `" creatingUser="AAAAAAAA-0000-4000-8000-000000000001">
        <Coding guid="77777777-0000-4000-8000-000000000001" creatingUser="aaaaaaaa-0000-4000-8000-000000000002"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`
}

func TestReadVariantsOfRealTools(t *testing.T) {
	const text = "\uFEFFIntro 😀 line\r\n\r\nI was the only one there\r\n"
	// "only one" in UTF-16 units with CRLF counted as two, as NVivo writes.
	start, end := "27", "35"
	tests := []struct {
		name    string
		archive []byte
	}{
		{"Project.qde and Sources/", zipOf(t, "Project.qde", miniQDE(`plainTextPath="internal://fg01.txt"`, start, end), "Sources/fg01.txt", text)},
		{"name.qde and sources/", zipOf(t, "my study.qde", miniQDE(`plainTextPath="internal://fg01.txt"`, start, end), "sources/fg01.txt", text)},
		{"in a folder", zipOf(t, "study/project.qde", miniQDE(`plainTextPath="internal://FG01.TXT"`, start, end), "study/sources/fg01.txt", text)},
		{"text inside the XML", zipOf(t, "project.qde", strings.Replace(miniQDE("", start, end), "\n      <PlainTextSelection",
			"<PlainTextContent>Intro 😀 line&#13;\n&#13;\nI was the only one there</PlainTextContent>\n      <PlainTextSelection", 1))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := ReadQDPX(bytes.NewReader(tc.archive), int64(len(tc.archive)))
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, im)
			if len(im.Codings) != 1 {
				t.Fatalf("codings = %+v; report %+v", im.Codings, im.Report)
			}
			c := im.Codings[0]
			if got := string([]rune(im.Sources[0].Text)[c.Start:c.End]); got != "only one" {
				t.Errorf("coded %q, want %q (report %+v)", got, "only one", im.Report.Sources)
			}
			if userName(im, c.UserID) != "Ben" {
				t.Errorf("coder %q, want Ben (the Coding's creatingUser, not the selection's)", userName(im, c.UserID))
			}
			if im.Sources[0].Text != "Intro 😀 line\nI was the only one there\n" {
				t.Errorf("stored text %q", im.Sources[0].Text)
			}
		})
	}
}

func TestReadBareQDEBesideSources(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "Sources"), 0o700)
	os.WriteFile(filepath.Join(dir, "Sources", "fg01.txt"), []byte("I was the only one there\n"), 0o600)
	qde := filepath.Join(dir, "project.qde")
	os.WriteFile(qde, []byte(miniQDE(`plainTextPath="internal://fg01.txt"`, "10", "18")), 0o600)
	im, err := ReadFile(qde)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Codings) != 1 || im.Codings[0].Start != 10 {
		t.Errorf("codings = %+v", im.Codings)
	}
	// A path that leaves the folder is not followed.
	os.WriteFile(qde, []byte(miniQDE(`plainTextPath="internal://../secret.txt"`, "10", "18")), 0o600)
	if im, err = ReadFile(qde); err != nil || len(im.Sources) != 0 {
		t.Errorf("sources = %d, err %v; want the source reported as missing", len(im.Sources), err)
	}
}

func TestReadCodebookVariants(t *testing.T) {
	for _, ns := range []string{"urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0"} {
		t.Run(ns, func(t *testing.T) {
			qdc := `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="` + ns + `" origin="MAXQDA">
  <Codes>
    <Code guid="C1000000-0000-4000-8000-000000000001" name="belonging" isCodable="true" color="#00ff00">
      <Description>Feeling part of it.

When to use: Membership.</Description>
      <Code guid="C1000000-0000-4000-8000-000000000002" name="in/out" isCodable="false"/>
    </Code>
  </Codes>
  <Sets><Set guid="51000000-0000-4000-8000-000000000001" name="Theme A"><MemberCode guid="c1000000-0000-4000-8000-000000000002"/></Set></Sets>
</CodeBook>`
			im, err := ReadXML([]byte(qdc), nil)
			if err != nil {
				t.Fatal(err)
			}
			if im.Kind != KindCodebook || len(im.Codes) != 2 || im.Codes[0].Definition != "Feeling part of it." ||
				im.Codes[0].WhenToUse != "Membership." || im.Codes[0].Color != "#00FF00" || im.Codes[1].Name != "in-out" {
				t.Errorf("codes = %+v", im.Codes)
			}
			if len(im.Themes) != 1 || len(im.Themes[0].CodeIDs) != 1 || im.Themes[0].CodeIDs[0] != im.Codes[1].ID {
				t.Errorf("themes = %+v", im.Themes)
			}
			if len(im.Report.Notes) != 1 || !strings.Contains(im.Report.Notes[0], "in/out") {
				t.Errorf("notes = %v, want the renamed code", im.Report.Notes)
			}
		})
	}
}

func TestReadNotesWhereTheyAreAttached(t *testing.T) {
	qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="notes">
  <Users><User guid="a0000000-0000-4000-8000-000000000001" name="Ana"/></Users>
  <CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="x" isCodable="true"><NoteRef targetGUID="e0000000-0000-4000-8000-000000000003"/></Code></Codes></CodeBook>
  <Sources>
    <TextSource guid="50000000-0000-4000-8000-000000000001" name="s">
      <Description>Language: es
Interview at the clinic.</Description>
      <PlainTextContent>Hola a todos, bienvenidos.</PlainTextContent>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000001" startPosition="0" endPosition="4">
        <Description>A greeting.</Description>
        <Coding guid="d0000000-0000-4000-8000-000000000001" creatingUser="a0000000-0000-4000-8000-000000000001">
          <CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/>
          <NoteRef targetGUID="e0000000-0000-4000-8000-000000000001"/>
        </Coding>
        <NoteRef targetGUID="e0000000-0000-4000-8000-000000000002"/>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="e0000000-0000-4000-8000-000000000001" creatingUser="a0000000-0000-4000-8000-000000000001"><PlainTextContent>Untitled, on one coding.</PlainTextContent></Note>
    <Note guid="e0000000-0000-4000-8000-000000000002" name="On the passage"><PlainTextContent>About the greeting.</PlainTextContent></Note>
    <Note guid="e0000000-0000-4000-8000-000000000003" name="On the code"><PlainTextContent>About x.</PlainTextContent></Note>
    <Note guid="e0000000-0000-4000-8000-000000000004" name="Loose"><Description>Plan.</Description><PlainTextContent>Details.</PlainTextContent></Note>
    <Note guid="e0000000-0000-4000-8000-000000000005" name="Empty"/>
  </Notes>
  <Description>What the study is.</Description>
</Project>`
	im, err := ReadXML([]byte(qde), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, im)
	if im.Codings[0].Memo != "Untitled, on one coding." {
		t.Errorf("coding memo = %q", im.Codings[0].Memo)
	}
	if im.Sources[0].Language != "es" {
		t.Errorf("language = %q", im.Sources[0].Language)
	}
	got := map[string]string{}
	for _, m := range im.Memos {
		got[m.Kind+":"+m.Title] = m.Body
	}
	want := map[string]string{
		"turn:On the passage": "About the greeting.",
		"turn:":               "A greeting.",
		"code:On the code":    "About x.",
		"project:Loose":       "Plan.\n\nDetails.",
		"project:Description": "What the study is.",
		"source:Description":  "Interview at the clinic.",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("memo %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if len(im.Memos) != len(want) {
		t.Errorf("%d memos, want %d: %v", len(im.Memos), len(want), got)
	}
	if !strings.Contains(strings.Join(im.Report.NotImported, "\n"), "1 note without text") {
		t.Errorf("report = %v", im.Report.NotImported)
	}
}

func TestReadBadFiles(t *testing.T) {
	src := `plainTextPath="internal://fg01.txt"`
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"not a zip", "study.qdpx", []byte("hello, not a zip"), "not a zip archive"},
		{"no project file", "study.qdpx", zipOf(t, "readme.txt", "hi"), "no .qde project file"},
		{"two project files", "study.qdpx", zipOf(t, "a.qde", "<Project/>", "b.qde", "<Project/>"), "several project files"},
		{"invalid XML", "study.qdpx", zipOf(t, "project.qde", "<Project name='x'><Users></Project>"), "invalid XML at line 1"},
		{"not REFI-QDA", "study.qde", []byte(`<html><body/></html>`), "root element is <html>"},
		{"empty XML", "study.qde", []byte(""), "empty"},
		{"position outside the text", "study.qdpx", zipOf(t, "project.qde", miniQDE(src, "5", "500"), "sources/fg01.txt", "short text"), "lies outside the text"},
		{"position not a number", "study.qdpx", zipOf(t, "project.qde", miniQDE(src, "five", "8"), "sources/fg01.txt", "short text"), `startPosition "five" is not a whole number`},
		{"end before start", "study.qdpx", zipOf(t, "project.qde", miniQDE(src, "8", "2"), "sources/fg01.txt", "short text"), "runs from 8 to 2"},
		{"negative position", "study.qdpx", zipOf(t, "project.qde", miniQDE(src, "-1", "2"), "sources/fg01.txt", "short text"), "runs from -1 to 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.qdpx")); err == nil || err.Error() != "no such file" {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadReportsWhatItSkips(t *testing.T) {
	qde := `<Project xmlns="urn:QDA-XML:project:1.0" name="skips">
  <Users><User guid="a0000000-0000-4000-8000-000000000001" name="Ana"/></Users>
  <CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="x" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="50000000-0000-4000-8000-000000000001" name="s">
      <PlainTextContent>one   two three</PlainTextContent>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000001" startPosition="3" endPosition="6">
        <Coding guid="d0000000-0000-4000-8000-000000000001" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000002" startPosition="0" endPosition="3">
        <Coding guid="d0000000-0000-4000-8000-000000000002" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000009"/></Coding>
        <Coding guid="d0000000-0000-4000-8000-000000000003" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
        <Coding guid="d0000000-0000-4000-8000-000000000004" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
        <Coding guid="d0000000-0000-4000-8000-000000000005"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="60000000-0000-4000-8000-000000000003" startPosition="2" endPosition="2"/>
      <VariableValue><VariableRef targetGUID="f0000000-0000-4000-8000-000000000001"/><TextValue>x</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>`
	im, err := ReadXML([]byte(qde), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Codings) != 2 {
		t.Errorf("codings = %+v", im.Codings)
	}
	report := strings.Join(append(im.Report.NotImported, im.Report.Notes...), "\n")
	for _, want := range []string{"1 coding whose code is not in the codebook", "1 empty selection", "hold only white space",
		"1 coding repeated", "1 coding name no creating user", "1 variable value of source"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}
