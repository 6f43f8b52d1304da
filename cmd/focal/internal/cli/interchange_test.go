package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus/testenv"
)

// interchangeRunner runs focal commands like runner, with the export
// command present even where root.go does not add it yet.
type interchangeRunner struct{ *runner }

func newInterchangeRunner(t *testing.T) interchangeRunner {
	return interchangeRunner{newRunner(t)}
}

func (r interchangeRunner) run(args ...string) (string, string, int) {
	r.t.Helper()
	return r.runner.run(args...)
}

func (r interchangeRunner) ok(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.run(args...)
	if code != 0 {
		r.t.Fatalf("focal %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (r interchangeRunner) fail(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.run(args...)
	if code == 0 {
		r.t.Fatalf("focal %s succeeded:\n%s", strings.Join(args, " "), out)
	}
	if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine ") {
		r.t.Fatalf("focal %s printed a stack trace:\n%s", strings.Join(args, " "), errOut)
	}
	return errOut
}

// demoProject builds the demo in the runner's folder, blinding off so that
// the whole team's codings can be exported and compared.
func demoProject(r interchangeRunner) string {
	r.ok("demo", "d")
	project := filepath.Join("d", "study.focal")
	r.ok("-p", project, "--as", "amara", "blind", "off")
	return project
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// projectView is what a round trip must keep, in names rather than ids.
type projectView struct {
	Sources      []string
	Codes        []string
	Themes       []string
	Codings      []string
	Memos        []string
	Participants []string
}

func viewOf(t *testing.T, s *store.Store) projectView {
	t.Helper()
	ctx := t.Context()
	var v projectView
	sources, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		speakers, _ := s.Speakers(ctx, src.ID)
		var ks []string
		for _, k := range speakers {
			ks = append(ks, k.Name+"="+k.Role+"/"+k.Participant)
		}
		v.Sources = append(v.Sources, fmt.Sprintf("%s group=%q lang=%s sha=%s turns=%d speakers=%v", src.Name, src.Group, src.Language, src.SHA256, src.Turns, ks))
	}
	codes, err := s.Codes(ctx, store.CodeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		v.Codes = append(v.Codes, fmt.Sprintf("%s | %s | %s | %s | %s | %s", c.Path, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color))
	}
	themes, err := s.Themes(ctx, store.ThemeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range themes {
		var codes []string
		for _, c := range th.Codes {
			codes = append(codes, c.Path)
		}
		v.Themes = append(v.Themes, fmt.Sprintf("%s | %s | %v | %v", th.Path, th.Definition, th.Summaries, codes))
	}
	codings, err := s.Codings(ctx, store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codings {
		v.Codings = append(v.Codings, fmt.Sprintf("%s %s %s %d–%d %q", c.Coder, c.Source, c.Code, c.Start, c.End, c.Memo))
	}
	memos, err := s.Memos(ctx, store.MemoFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range memos {
		target := m.Target
		if m.TargetKind == store.MemoOnCoding {
			target = "" // coding ids are kept, but compare by content
		}
		v.Memos = append(v.Memos, fmt.Sprintf("%s %s by %s: %q %q", m.TargetKind, target, m.Author, m.Title, m.Body))
	}
	people, err := s.Participants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		v.Participants = append(v.Participants, fmt.Sprintf("%s %s %v %v", p.Name, p.Pseudonym, p.Attributes, p.Speakers))
	}
	for _, list := range [][]string{v.Sources, v.Codes, v.Themes, v.Codings, v.Memos, v.Participants} {
		sort.Strings(list)
	}
	return v
}

func TestExportImportRoundTripOfTheDemo(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	demo := demoProject(r)
	out := r.ok("-p", demo, "export", "qdpx", "--out", "study.qdpx")
	for _, want := range []string{"exported all coders to study.qdpx", "720 codings", "frozen codebook version (v1)", "event history"} {
		if !strings.Contains(out, want) {
			t.Errorf("export said:\n%s\nwant %q", out, want)
		}
	}
	r.ok("init", "copy.focal")
	r.ok("-p", "copy.focal", "coder", "add", "amara", "--role", "pi")
	out = r.ok("-p", "copy.focal", "import", "study.qdpx")
	if !strings.Contains(out, "added 3 sources, 2 coders, 23 codes, 720 codings, 4 themes") || strings.Contains(out, "not imported") {
		t.Errorf("import said:\n%s", out)
	}
	r.ok("-p", "copy.focal", "--as", "amara", "blind", "off")
	want := viewOf(t, openStore(t, filepath.Join(r.dir, demo)))
	got := viewOf(t, openStore(t, filepath.Join(r.dir, "copy.focal")))
	if len(want.Codings) != 720 || len(want.Memos) == 0 || len(want.Themes) != 4 || len(want.Participants) == 0 {
		t.Fatalf("the demo is not what this test expects: %d codings, %d memos, %d themes", len(want.Codings), len(want.Memos), len(want.Themes))
	}
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		name := gv.Type().Field(i).Name
		g, w := gv.Field(i).Interface().([]string), wv.Field(i).Interface().([]string)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s differ after the round trip: %d vs %d", name, len(g), len(w))
			for j := range min(len(g), len(w)) {
				if g[j] != w[j] {
					t.Errorf("first difference:\n got %s\nwant %s", g[j], w[j])
					break
				}
			}
		}
	}
	// Importing the same file again adds nothing.
	out = r.ok("-p", "copy.focal", "import", "study.qdpx")
	if !strings.Contains(out, "added 0 sources, 0 coders, 0 codes, 0 codings, 0 themes, 0 memos, 0 participants") {
		t.Errorf("second import said:\n%s", out)
	}
}

func TestExportIsByteIdenticalAndValid(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	demo := demoProject(r)
	r.ok("-p", demo, "export", "qdpx", "--out", "a.qdpx")
	r.ok("-p", demo, "source", "list")
	r.ok("-p", demo, "export", "qdpx", "--out", "b.qdpx")
	a, _ := os.ReadFile(filepath.Join(r.dir, "a.qdpx"))
	b, _ := os.ReadFile(filepath.Join(r.dir, "b.qdpx"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("two exports of an unchanged project differ (%d and %d bytes)", len(a), len(b))
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "project.qde" || len(zr.File) != 4 {
		t.Errorf("entries: %d, first %s", len(zr.File), zr.File[0].Name)
	}
	rc, _ := zr.File[0].Open()
	var qde bytes.Buffer
	qde.ReadFrom(rc)
	rc.Close()
	validateXML(t, qde.Bytes(), "Project-mrt2019.xsd")
	r.ok("-p", demo, "export", "qdc", "--out", "codebook.qdc")
	qdc, _ := os.ReadFile(filepath.Join(r.dir, "codebook.qdc"))
	validateXML(t, qdc, "openqda_Codebook-v1.0.xsd")
	// A change to the project changes the export.
	r.ok("-p", demo, "--as", "amara", "memo", "add", "--text", "One more thought.")
	r.ok("-p", demo, "export", "qdpx", "--out", "c.qdpx")
	c, _ := os.ReadFile(filepath.Join(r.dir, "c.qdpx"))
	if bytes.Equal(a, c) {
		t.Error("the export did not change with the project")
	}
}

// validateXML checks a document against a schema from the shared samples
// with xmllint; without either the test skips, or under CI fails.
func validateXML(t *testing.T, doc []byte, schema string) {
	t.Helper()
	xsd := refiSample(t, schema)
	lint := testenv.Program(t, "xmllint")
	file := filepath.Join(t.TempDir(), "doc.xml")
	os.WriteFile(file, doc, 0o600)
	if out, err := exec.Command(lint, "--noout", "--schema", xsd, file).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// refiSample returns a REFI-QDA file of the shared samples; without it the
// test skips, or under CI fails.
func refiSample(t *testing.T, name string) string {
	t.Helper()
	return testenv.Shared(t, "samples/refi/"+name)
}

func TestImportNVivoExport(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	r.ok("init", "study.focal")
	file := refiSample(t, "nvivo12.6win_oltas0517.qdpx")
	out := r.ok("import", file)
	for _, want := range []string{"NVivo for Windows 12.6", "added 2 sources, 2 coders, 152 codes, 303 codings",
		"303 selections, positions read as UTF-16 units", "rich-text copies"} {
		if !strings.Contains(out, want) {
			t.Errorf("import said:\n%s\nwant %q", out, want)
		}
	}
	s := openStore(t, filepath.Join(r.dir, "study.focal"))
	coders, err := s.Coders(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range coders {
		counts[c.Name] = c.Codings
	}
	if !reflect.DeepEqual(counts, map[string]int{"Gergo": 303, "floriansipos": 0}) {
		t.Errorf("coders = %v", counts)
	}
	events, _ := s.Events(t.Context(), "", "interchange.", 0)
	if len(events) != 1 || !strings.Contains(string(events[0].After), "rich-text") {
		t.Errorf("interchange events = %+v", events)
	}
}

func TestImportEveryREFISample(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"atlasti23_blank-atlas-project.qdpx", "atlasti23_target-atlas-project.qdpx", "skyloom_Project.qde",
		"skyloom_TestProject.qdpx", "nvivo12.6win_oltas.qdpx"} {
		t.Run(name, func(t *testing.T) {
			r := newInterchangeRunner(t)
			r.ok("init", "study.focal")
			out := r.ok("--as", "me", "import", refiSample(t, name))
			if !strings.HasPrefix(out, "imported ") {
				t.Errorf("import said:\n%s", out)
			}
			if strings.HasPrefix(name, "skyloom") && !strings.Contains(out, "not imported: 1 picture source") {
				t.Errorf("pictures not reported:\n%s", out)
			}
		})
	}
}

func TestImportBadREFIFilesChangeNothing(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	before := r.ok("log", "--json")
	var zipNoQDE bytes.Buffer
	zw := zip.NewWriter(&zipNoQDE)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	var outside bytes.Buffer
	zw = zip.NewWriter(&outside)
	w, _ = zw.Create("project.qde")
	w.Write([]byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Users><User guid="a0000000-0000-4000-8000-000000000001" name="A"/></Users>
<CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="c" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="s" plainTextPath="internal://s.txt">
<PlainTextSelection guid="60000000-0000-4000-8000-000000000001" startPosition="2" endPosition="99">
<Coding guid="d0000000-0000-4000-8000-000000000001" creatingUser="a0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection></TextSource></Sources></Project>`))
	w, _ = zw.Create("sources/s.txt")
	w.Write([]byte("a short text"))
	zw.Close()
	tests := []struct {
		file string
		data []byte
		want string
	}{
		{"notzip.qdpx", []byte("plain text"), "not a zip archive"},
		{"noqde.qdpx", zipNoQDE.Bytes(), "no .qde project file"},
		{"broken.qde", []byte("<Project name='x'><Users>"), "invalid XML"},
		{"outside.qdpx", outside.Bytes(), "lies outside the text"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(r.dir, tc.file)
			os.WriteFile(path, tc.data, 0o600)
			errOut := r.fail("import", tc.file)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "focal: import "+tc.file+": ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr = %q, want one line naming %s and saying %q", errOut, tc.file, tc.want)
			}
			if after := r.ok("log", "--json"); after != before {
				t.Error("a failed import changed the project")
			}
		})
	}
	// With other files, the others are imported and the failure is counted.
	errOut := r.fail("import", "notzip.qdpx", r.write("fg02.txt", "Ana: hello there\nBen: hi\n"))
	if !strings.Contains(errOut, "1 of 2 files failed") {
		t.Errorf("batch said %q", errOut)
	}
}

func TestImportREFIDryRunAndOptions(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	r.ok("init", "study.focal")
	file := refiSample(t, "nvivo12.6win_oltas.qdpx")
	out := r.ok("import", file, "--dry-run")
	if !strings.HasPrefix(out, "would import ") {
		t.Errorf("dry run said:\n%s", out)
	}
	if list := r.ok("source", "list", "--json"); strings.TrimSpace(list) != "[]" {
		t.Errorf("the dry run wrote sources: %s", list)
	}
	if errOut := r.fail("import", file, "--name", "x"); !strings.Contains(errOut, "--name does not apply") {
		t.Errorf("--name: %s", errOut)
	}
	out = r.ok("import", file, "--json", "--group", "comments", "--lang", "hu")
	// One JSON array holds every file's result.
	all := decode[[]map[string]any](t, out)
	if len(all) != 1 {
		t.Fatalf("JSON holds %d results, want 1", len(all))
	}
	res := all[0]
	if res["kind"] != "project" || res["result"] == nil {
		t.Errorf("JSON = %v", res)
	}
	sources := decode[[]map[string]any](t, r.ok("source", "list", "--json"))
	if len(sources) != 1 || sources[0]["group"] != "comments" || sources[0]["language"] != "hu" {
		t.Errorf("sources = %v", sources)
	}
}

func TestExportRespectsBlinding(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	r.ok("demo", "d")
	project := filepath.Join("d", "study.focal")
	if errOut := r.fail("-p", project, "export", "qdpx", "--out", "x.qdpx"); !strings.Contains(errOut, "--as") {
		t.Errorf("export under blinding without --as: %s", errOut)
	}
	out := r.ok("-p", project, "--as", "ben", "export", "qdpx", "--out", "ben.qdpx", "--json")
	sum := decode[map[string]any](t, out)
	// The summary counts only what ben may see: nothing of others' codings
	// (issue 22).
	if sum["layer"] != "ben" || strings.Contains(fmt.Sprint(sum["not_exported"]), "other coders") {
		t.Errorf("ben's export: %v", sum)
	}
	if errOut := r.fail("-p", project, "--as", "ben", "export", "qdpx", "--coder", "carmen"); !strings.Contains(errOut, "only your own") {
		t.Errorf("ben exporting carmen's: %s", errOut)
	}
	r.fail("-p", project, "--as", "ben", "export", "qdpx", "--positions", "bytes")
	// To standard output, with the summary on standard error.
	out, errOut, code := r.run("-p", project, "--as", "ben", "export", "qdpx", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "PK") || !strings.Contains(errOut, "exported ben to -") {
		t.Errorf("--out -: exit %d, stdout %d bytes, stderr %q", code, len(out), errOut)
	}
}

func TestCodebookExportImport(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	demo := demoProject(r)
	r.ok("-p", demo, "export", "qdc", "--out", "codebook.qdc")
	r.ok("init", "fresh.focal")
	out := r.ok("-p", "fresh.focal", "import", "codebook.qdc")
	if !strings.Contains(out, "a REFI-QDA codebook") || !strings.Contains(out, "23 codes") {
		t.Errorf("import said:\n%s", out)
	}
	codes := decode[[]map[string]any](t, r.ok("-p", "fresh.focal", "code", "list", "--json"))
	if len(codes) != 23 {
		t.Errorf("%d codes", len(codes))
	}
}

func TestExportConsensusLayer(t *testing.T) {
	t.Parallel()
	r := newInterchangeRunner(t)
	demo := demoProject(r)
	r.ok("-p", demo, "--as", "amara", "consensus", "seed", "--source", "fg03-pertenencia-es", "--coders", "amara,ben", "--overlap", "0.6")
	out := r.ok("-p", demo, "export", "qdpx", "--out", "study.qdpx")
	if !strings.Contains(out, "the provenance of") || !strings.Contains(out, `the user "consensus"`) {
		t.Errorf("export said:\n%s", out)
	}
	out = r.ok("-p", demo, "export", "qdpx", "--coder", "consensus", "--out", "consensus.qdpx", "--json")
	if sum := decode[map[string]any](t, out); sum["layer"] != "consensus" || sum["codings"].(float64) == 0 {
		t.Errorf("consensus layer: %v", sum)
	}
	r.ok("init", "copy.focal")
	out = r.ok("-p", "copy.focal", "import", "study.qdpx")
	if !strings.Contains(out, `"consensus (imported)"`) {
		t.Errorf("import said:\n%s", out)
	}
}
