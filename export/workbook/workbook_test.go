package workbook_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/corpus/testenv"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/workbook"
)

// writeFixture writes the fixture workbook and opens it again.
func writeFixture(t *testing.T, p dataset.Policy) (*excelize.File, []byte, *workbook.Workbook) {
	t.Helper()
	var buf bytes.Buffer
	wb, err := workbook.Write(&buf, datasettest.Build(p))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes(), wb
}

func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, header)
	}
	return i
}

func TestWorkbookSheets(t *testing.T) {
	f, _, wb := writeFixture(t, dataset.Policy{})
	want := []string{"about", "sources", "themes", "theme matrix", "framework", "groups x themes", "pgy x themes",
		"site-region- -north--- x themes", "codebook", "codebook versions", "codebook history", "coded segments", "co-occurrence",
		"saturation", "code spread", "talk", "turn transitions", "theme carriers"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q\nwant     %q", got, want)
	}
	if !slices.Equal(wb.Sheets, want) {
		t.Errorf("reported sheets = %q", wb.Sheets)
	}
	for _, sheet := range want {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v", sheet, panes)
		}
		style, _ := f.GetCellStyle(sheet, "A1")
		st, err := f.GetStyle(style)
		if err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header not bold", sheet)
		}
	}
	sources := rows(t, f, "sources")
	if layer := column(t, sources[0], "layer"); sources[1][layer] != "consensus" || sources[2][layer] != "all coders" {
		t.Errorf("sources = %q", sources)
	}
}

func TestParticipantsWordsStayText(t *testing.T) {
	f, _, _ := writeFixture(t, dataset.Policy{})
	seg := rows(t, f, "coded segments")
	text := column(t, seg[0], "text")
	found := map[string]bool{}
	for r, row := range seg[1:] {
		if text >= len(row) {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(text+1, r+2)
		for _, prefix := range []string{"=", "@"} {
			if strings.HasPrefix(row[text], prefix) {
				found[prefix] = true
				if formula, _ := f.GetCellFormula("coded segments", cell); formula != "" {
					t.Errorf("%s is a formula: %q", cell, formula)
				}
				if typ, _ := f.GetCellType("coded segments", cell); typ != excelize.CellTypeInlineString {
					t.Errorf("%s has type %v, want text", cell, typ)
				}
			}
		}
	}
	if !found["="] || !found["@"] {
		t.Errorf("formula-like quotes not found as written: %v", found)
	}
	// A definition that looks like a formula stays text too.
	cb := rows(t, f, "codebook")
	def := column(t, cb[0], "definition")
	cell, _ := excelize.CoordinatesToCellName(def+1, 5)
	if cb[4][def] != "=1+1" {
		t.Errorf("definition = %q", cb[4][def])
	}
	if formula, _ := f.GetCellFormula("codebook", cell); formula != "" {
		t.Errorf("definition %s is a formula", cell)
	}
}

func TestLongTextContinuesOnRowsBelow(t *testing.T) {
	f, _, wb := writeFixture(t, dataset.Policy{})
	seg := rows(t, f, "coded segments")
	id, part, text := column(t, seg[0], "coding id"), column(t, seg[0], "part"), column(t, seg[0], "text")
	var pieces []string
	for _, row := range seg[1:] {
		if row[id] == "c14" {
			pieces = append(pieces, row[text])
			if want := []string{"1 of 2", "2 of 2"}[len(pieces)-1]; row[part] != want {
				t.Errorf("part = %q, want %q", row[part], want)
			}
		}
	}
	if strings.Join(pieces, "") != datasettest.Long() {
		t.Fatalf("c14 is in %d pieces that do not give back the text", len(pieces))
	}
	for _, p := range pieces {
		if n := len(utf16.Encode([]rune(p))); n > workbook.MaxCellChars {
			t.Errorf("a piece holds %d UTF-16 units", n)
		}
	}
	if wb.SplitCells < 2 {
		t.Errorf("split cells = %d, want the segment and the framework cell", wb.SplitCells)
	}
	fw := rows(t, f, "framework")
	if fw[0][1] != "part" {
		t.Fatalf("framework header = %q", fw[0])
	}
	var continued bool
	for _, row := range fw[1:] {
		if row[0] == "P4" && row[1] == "2 of 2" {
			continued = true
		}
	}
	if !continued {
		t.Error("P4's long quote does not continue on a second framework row")
	}
}

func TestThemeSheetsCountAndWarn(t *testing.T) {
	f, _, _ := writeFixture(t, dataset.Policy{})
	themes := rows(t, f, "themes")
	note, summary := column(t, themes[0], "note"), column(t, themes[0], "summary (es)")
	if themes[1][summary] != "Ser la única cansa." {
		t.Errorf("summary (es) = %q", themes[1][summary])
	}
	if !strings.Contains(themes[3][note], "one participant") {
		t.Errorf("theme resting on one voice has note %q", themes[3][note])
	}
	matrix := rows(t, f, "theme matrix")
	// P1: c01 and c03 (inside c01) are one passage, not two codings.
	if matrix[0][3] != "Invisible work" || matrix[1][0] != "P1" || matrix[1][3] != "1" {
		t.Errorf("theme matrix = %q", matrix[:2])
	}
	pgy := rows(t, f, "pgy x themes")
	if pgy[1][0] != "PGY-2" || pgy[1][1] != "2" || pgy[len(pgy)-1][0] != dataset.NotSet {
		t.Errorf("pgy x themes = %q", pgy)
	}
	cb := rows(t, f, "codebook")
	status := column(t, cb[0], "status")
	if cb[4][0] != "=odd/[code]" || cb[4][status] != "retired" {
		t.Errorf("codebook row = %q", cb[4])
	}
}

func TestSplitCellProperties(t *testing.T) {
	alphabet := []string{"a", " ", "\n", "é", "🙂", "中", "x", "\t"}
	seed := uint64(1)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for i := range 500 {
		var b strings.Builder
		for range next(300) {
			b.WriteString(alphabet[next(len(alphabet))])
		}
		text := b.String()
		limit := 2 + next(40)
		if i%50 == 0 {
			limit = workbook.MaxCellChars
			text = strings.Repeat(text+"🙂 ", 400)
		}
		pieces := workbook.SplitCell(text, limit)
		if strings.Join(pieces, "") != text {
			t.Fatalf("pieces of %q (limit %d) do not give the text back", text, limit)
		}
		for _, p := range pieces {
			if len(utf16.Encode([]rune(p))) > limit {
				t.Fatalf("piece %q exceeds %d units", p, limit)
			}
			if p == "" && text != "" {
				t.Fatalf("empty piece of %q", text)
			}
			if !utf8.ValidString(p) {
				t.Fatalf("piece %q cuts a character", p)
			}
		}
	}
}

func TestSheetNameProperties(t *testing.T) {
	used := map[string]bool{}
	inputs := []string{"pgy x themes", "PGY x themes", "site/region: [north]*? x themes", "'quoted'", "", "History",
		strings.Repeat("🙂", 40), strings.Repeat("long attribute name ", 5) + "x themes", strings.Repeat("long attribute name ", 5) + "x themes",
		"a\x00b\tc", "   ", "'''"}
	f := excelize.NewFile()
	defer f.Close()
	for _, in := range inputs {
		name := workbook.SheetName(in, used)
		if n := len(utf16.Encode([]rune(name))); n > 31 || n == 0 {
			t.Errorf("SheetName(%q) = %q: %d units", in, name, n)
		}
		if strings.ContainsAny(name, `:\/?*[]`) || strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") || strings.EqualFold(name, "history") {
			t.Errorf("SheetName(%q) = %q is not valid", in, name)
		}
		if _, err := f.NewSheet(name); err != nil {
			t.Errorf("excelize refuses %q: %v", name, err)
		}
	}
	if len(used) != len(inputs) {
		t.Errorf("%d inputs gave %d distinct names", len(inputs), len(used))
	}
}

// TestWorkbookReadsInOpenpyxl reads the workbook with another reader,
// Debian's python3-openpyxl (without it the test skips, or under CI fails).
func TestWorkbookReadsInOpenpyxl(t *testing.T) {
	python := testenv.PythonWith(t, "openpyxl")
	_, data, _ := writeFixture(t, dataset.Policy{})
	dir := t.TempDir()
	path := filepath.Join(dir, "study.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(datasettest.Long()), 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
long = open(sys.argv[2], encoding="utf-8").read()
out = []
for ws in wb.worksheets:
    out.append("%s|%s|%s" % (ws.title, ws.freeze_panes, ws.auto_filter.ref))
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                print("FORMULA", ws.title, c.coordinate, c.value)
seg = wb["coded segments"]
head = [c.value for c in seg[1]]
ti, ii = head.index("text"), head.index("coding id")
pieces = [r[ti] for r in seg.iter_rows(min_row=2, values_only=True) if r[ii] == "c14"]
print("LONG", "".join(pieces) == long, len(pieces))
texts = [r[ti] for r in seg.iter_rows(min_row=2, values_only=True)]
print("EQUALS", any(isinstance(t, str) and t.startswith("=SUM(1,2)") for t in texts))
print("\n".join(out))
`
	out, err := exec.Command(python, "-c", script, path, filepath.Join(dir, "long.txt")).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{"LONG True 2", "EQUALS True", "coded segments|A2|$A$1:$O$", "theme matrix|B2|$A$1:", "framework|C2|$A$1:"} {
		if !strings.Contains(got, want) {
			t.Errorf("openpyxl output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "FORMULA") {
		t.Errorf("openpyxl found formulas:\n%s", got)
	}
}

// FuzzSplitCell checks the splitting invariants on any text and limit:
// the pieces give the text back, none is empty, none cuts a character,
// none exceeds the limit.
func FuzzSplitCell(f *testing.F) {
	f.Add("we kept going 🙂 because nobody else would", 5)
	f.Add(strings.Repeat("é🙂 ", 20), 2)
	f.Add("", 10)
	f.Add("\xff\xfe broken", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 2 || limit > 1<<16 {
			return
		}
		pieces := workbook.SplitCell(text, limit)
		if strings.Join(pieces, "") != text {
			t.Fatalf("pieces do not give the text back")
		}
		for _, p := range pieces {
			if p == "" && text != "" {
				t.Fatal("empty piece")
			}
			if utf8.ValidString(text) && !utf8.ValidString(p) {
				t.Fatalf("piece %q cuts a character", p)
			}
			units := 0
			for _, r := range p {
				units += utf16.RuneLen(r)
			}
			if units > limit {
				t.Fatalf("piece of %d units exceeds %d", units, limit)
			}
		}
	})
}

// TestWorkbookCountsPassagesAndCodingsApart reads the themes and framework
// sheets back, with the fixture's counts worked out by hand (see
// TestPassagesAndCodingsAreCountedApart in export/dataset).
func TestWorkbookCountsPassagesAndCodingsApart(t *testing.T) {
	f, _, _ := writeFixture(t, dataset.Policy{})
	themes := rows(t, f, "themes")
	h := themes[0]
	passages, every, codings := column(t, h, "passages"), column(t, h, "passages coded by every coder"), column(t, h, "codings")
	for i, want := range [][3]string{{"2", "1 of 1", "5"}, {"5", "1 of 2", "9"}, {"1", "0 of 1", "1"}} {
		row := themes[i+1]
		if got := [3]string{row[passages], row[every], row[codings]}; got != want {
			t.Errorf("%s: passages, by every coder, codings = %q, want %q", row[0], got, want)
		}
	}
	fw := rows(t, f, "framework")
	var p3 []string
	for _, r := range fw {
		if r[0] == "P3" {
			p3 = r
		}
	}
	want := "“nobody answered, and -- honestly -- I felt invisible 🙂” (fg02, turn 2; belonging/isolation; coded by 2 of 2 coders: ana, ben)"
	if p3 == nil || p3[3] != want {
		t.Errorf("P3's framework row = %q, want theme 1 cell %q", p3, want)
	}
	about := rows(t, f, "about")
	var facts []string
	for _, r := range about {
		facts = append(facts, strings.Join(r, ": "))
	}
	joined := strings.Join(facts, "\n")
	for _, w := range []string{"passages and codings: A passage is a distinct stretch", "layer of the counts: consensus (1 source); all coders (1 source)"} {
		if !strings.Contains(joined, w) {
			t.Errorf("the about sheet lacks %q", w)
		}
	}
}
