package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/coding"
	mcexport "github.com/focalqda/focal/export/membercheck"
	"github.com/focalqda/focal/export/refiqda"
)

// limitsProject is a project with one source and ben as coder, and a
// function that reports how many events its log holds.
func limitsProject(t *testing.T) (*runner, func() int) {
	t.Helper()
	r := newRunner(t)
	r.ok("init", "study.focal")
	r.ok("import", r.write("fg01.vtt", zoomVTT))
	r.ok("coder", "add", "ben")
	r.env["FOCAL_CODER"] = "ben"
	events := func() int {
		return len(decode[[]map[string]any](t, r.ok("log", "--json")))
	}
	return r, events
}

// Issue 22: every field of a codings CSV has a limit in bytes, and so has
// the file: over one, the import fails with one line naming the file, the
// line and the limit, and the project is unchanged.
func TestCodingImportLimits(t *testing.T) {
	t.Parallel()
	r, events := limitsProject(t)
	before := events()
	header := "source,coder,code,start,end,memo\nfg01,ben,isolation,0,4,fine\n"
	cases := []struct {
		name, csv, want string
	}{
		{"memo", header + "fg01,ben,isolation,5,9,\"" + strings.Repeat("m", coding.MaxMemoBytes+1) + "\"\n",
			"focal: coding import memo.csv: line 3: the memo is 1.0 MB; a memo may be at most 1.0 MB"},
		{"code", header + "fg01,ben," + strings.Repeat("c", coding.MaxNameBytes+1) + ",5,9,\n",
			"focal: coding import code.csv: line 3: the code is 4.0 KB; a code may be at most 4.0 KB"},
		{"source", header + strings.Repeat("s", coding.MaxNameBytes+1) + ",ben,x,5,9,\n",
			"focal: coding import source.csv: line 3: the source name is 4.0 KB; a source name may be at most 4.0 KB"},
	}
	for _, c := range cases {
		r.write(c.name+".csv", c.csv)
		errOut := r.fail(1, "coding", "import", c.name+".csv")
		if !strings.HasPrefix(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: got %q, want one line starting %q", c.name, errOut, c.want)
		}
	}
	// A file over the size limit (sparse: only its size is read).
	big := filepath.Join(r.dir, "big.csv")
	if err := os.WriteFile(big, []byte(header), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, maxCodingCSVBytes+1); err != nil {
		t.Fatal(err)
	}
	if errOut := r.fail(1, "coding", "import", big); !strings.Contains(errOut, "big.csv: the file is 64.0 MB; a codings CSV may be at most 64.0 MB") {
		t.Errorf("big file: %q", errOut)
	}
	if after := events(); after != before {
		t.Errorf("refused imports changed the project: %d events, then %d", before, after)
	}
	if codings := decode[[]map[string]any](t, r.ok("coding", "list", "--json")); len(codings) != 0 {
		t.Errorf("refused imports stored codings: %v", codings)
	}
}

// qdpxOf writes a .qdpx with a project.qde and entries of the given sizes.
func qdpxOf(t *testing.T, path, qde string, entries map[string]int) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("project.qde")
	w.Write([]byte(qde))
	line := []byte("Ana: the nights were long and I was the only one.\n")
	for name, n := range entries {
		w, _ := zw.Create(name)
		for ; n > 0; n -= len(line) {
			w.Write(line[:min(n, len(line))])
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// oneSourceQDE is a REFI-QDA project with one source, its text in
// sources/fg02.txt.
const oneSourceQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="hostile" origin="Test">
  <CodeBook><Codes><Code guid="CCCCCCCC-0000-4000-8000-000000000001" name="CODENAME" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="55555555-0000-4000-8000-000000000001" name="fg02" plainTextPath="internal://fg02.txt"/></Sources>
</Project>`

// Issue 22: a REFI-QDA file over a limit is refused through the CLI with
// one line naming the file and the limit; nothing is imported.
func TestImportQDPXLimits(t *testing.T) {
	t.Parallel()
	r, events := limitsProject(t)
	before := events()
	cases := []struct {
		name    string
		qde     string
		entries map[string]int
		want    string
	}{
		{"text", oneSourceQDE, map[string]int{"sources/fg02.txt": refiqda.MaxTextBytes + 1},
			`focal: import text.qdpx: over a limit for REFI-QDA files (docs/LIMITS.md): the text of source "fg02" ("fg02.txt") is 4.0 MB; a source's text may be at most 4.0 MB`},
		{"project", strings.Replace(oneSourceQDE, "</Project>", "<Description>"+strings.Repeat(" ", refiqda.MaxProjectBytes)+"</Description></Project>", 1), map[string]int{"sources/fg02.txt": 100},
			`focal: import project.qdpx: over a limit for REFI-QDA files (docs/LIMITS.md): "project.qde" is 32.0 MB uncompressed; a project file may be at most 32.0 MB`},
		{"name", strings.Replace(oneSourceQDE, "CODENAME", strings.Repeat("n", coding.MaxNameBytes+1), 1), map[string]int{"sources/fg02.txt": 100},
			`focal: import name.qdpx: over a limit for REFI-QDA files (docs/LIMITS.md): a code's name is 4.0 KB`},
	}
	for _, c := range cases {
		qdpxOf(t, filepath.Join(r.dir, c.name+".qdpx"), c.qde, c.entries)
		errOut := r.fail(1, "import", c.name+".qdpx")
		if !strings.HasPrefix(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%s: got %q\nwant one line starting %q", c.name, errOut, c.want)
		}
	}
	if after := events(); after != before {
		t.Errorf("refused imports changed the project: %d events, then %d", before, after)
	}
	if out := r.ok("source", "list"); strings.Contains(out, "fg02") {
		t.Errorf("a refused file's source was stored:\n%s", out)
	}
}

// Issue 22: returned member-check packets over a limit are refused through
// the CLI; a withdrawn participant's answers are refused naming them; a
// copy of the project refuses packets, saying to import on the master.
// Nothing is stored in any of these cases.
func TestMemberCheckImportRefusals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo project")
	}
	t.Parallel()
	dir, run := privacyProject(t)
	mustRun(t, run, "deid", "scan", "--no-ner")
	mustRun(t, run, "deid", "accept", "--all")
	packets := filepath.Join(dir, "packets")
	mustRun(t, run, "membercheck", "export", "--contact", "Dr Kim Ashby, k.ashby@example.org", "--return-by", "2099-01-31", "--return-how", "Email it to k.ashby@example.org", "--participant", "P07", "--participant", "P01", "--out", packets)
	p07, p01 := filepath.Join(packets, "P07-en.xlsx"), filepath.Join(packets, "P01-en.xlsx")
	th, _ := packetSheets("en")
	fillPacket(t, p07, map[string]string{th + "!F2": "Yes", th + "!F3": "Partly", th + "!G3": "Add the night shifts."})
	answered := func() int {
		return strings.Count(mustRun(t, run, "log", "--json"), `"membercheck.answered"`)
	}

	// Over the limits: a sheet of rows, and sheets.
	rows := filepath.Join(dir, "rows.xlsx")
	copyFile(t, p01, rows)
	editWorkbook(t, rows, func(f *excelize.File) {
		f.SetCellStr(th, "F2", "Yes")
		f.NewSheet("Notes")
		sw, _ := f.NewStreamWriter("Notes")
		for i := 1; i <= mcexport.MaxSheetRows+1; i++ {
			sw.SetRow(fmt.Sprintf("A%d", i), []any{"x"})
		}
		sw.Flush()
	})
	sheets := filepath.Join(dir, "sheets.xlsx")
	copyFile(t, p01, sheets)
	editWorkbook(t, sheets, func(f *excelize.File) {
		f.SetCellStr(th, "F2", "Yes")
		for i := 0; i < mcexport.MaxWorkbookSheets; i++ {
			f.NewSheet(fmt.Sprintf("Sheet %d", i))
		}
	})
	out, errOut, code := run("membercheck", "import", rows, sheets)
	if code != 1 {
		t.Fatalf("import over the limits: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		`rows.xlsx: refused: over a limit for returned packets (docs/LIMITS.md): sheet "Notes" has more than 5000 rows`,
		`sheets.xlsx: refused: over a limit for returned packets (docs/LIMITS.md): the workbook has 20 sheets; a returned packet may have at most 16`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}

	// A withdrawn participant: a packet with answers, and one with only an
	// answer that is not accepted, are both refused naming them.
	mustRun(t, run, "participant", "withdraw", "P07", "--reason", "asked by phone")
	invalid := filepath.Join(dir, "P07-invalid.xlsx")
	copyFile(t, p07, invalid)
	fillPacket(t, invalid, map[string]string{th + "!F2": "maybe", th + "!F3": "", th + "!G3": ""})
	for _, file := range []string{p07, invalid} {
		out, errOut, code = run("membercheck", "import", file)
		if code != 1 || !strings.Contains(errOut, filepath.Base(file)+": refused: P07 withdrew from the study on ") ||
			!strings.Contains(errOut, "nothing was stored") || strings.Contains(errOut, "not accepted") {
			t.Errorf("withdrawn P07, %s: exit %d\n%s%s", filepath.Base(file), code, out, errOut)
		}
	}
	_, errOut = mustFail(t, run, "membercheck", "record", "--participant", "P07", "--theme", "Who has your back", "--answer", "yes", "--via", "phone")
	if !strings.Contains(errOut, "focal: membercheck record: P07 withdrew from the study on ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("record for withdrawn P07: %q", errOut)
	}
	if n := answered(); n != 0 {
		t.Errorf("%d answers were recorded", n)
	}

	// A copy made for amara under blinding holds no signing secret.
	mustRun(t, run, "blind", "on")
	copyPath := filepath.Join(dir, "copies", "amara.focal")
	os.Mkdir(filepath.Dir(copyPath), 0o700)
	mustRun(t, run, "copy", "--out", copyPath, "--coder", "amara")
	inCopy := func(args ...string) (string, string, int) {
		return privacyRun(copyPath, nil, append([]string{"--as", "amara"}, args...)...)
	}
	copyLog := mustRun(t, inCopy, "log", "--json")
	_, errOut = mustFail(t, inCopy, "membercheck", "import", p01)
	if !strings.Contains(errOut, "focal: membercheck import: returned packets are imported on the master project") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("import in a copy: %q", errOut)
	}
	if mustRun(t, inCopy, "log", "--json") != copyLog {
		t.Error("a refused import changed the copy (a secret of its own?)")
	}
}

// editWorkbook changes a workbook with excelize and saves it.
func editWorkbook(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}
