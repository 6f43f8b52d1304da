package cli

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestExportCountsPassagesAndCodingsOnTheDemo exports the demo (three
// coders, no consensus) as a workbook and a Markdown report and checks
// that both say passages and codings alike: a passage marked by three
// coders counts once among passages and three times among codings.
func TestExportCountsPassagesAndCodingsOnTheDemo(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	r.ok("--as", "amara", "blind", "off")
	r.exportOK("export", "xlsx", "--out", "demo.xlsx", "--no-agreement")
	r.exportOK("export", "report", "--out", "demo.md")
	mdBytes, err := os.ReadFile(filepath.Join(r.dir, "demo.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(mdBytes)

	themes := xlsxRows(t, filepath.Join(r.dir, "demo.xlsx"), "themes")
	col := func(name string) int {
		i := slices.Index(themes[0], name)
		if i < 0 {
			t.Fatalf("themes sheet has no column %q: %q", name, themes[0])
		}
		return i
	}
	name, passages, codings, every := col("theme"), col("passages"), col("codings"), col("passages coded by every coder")

	// Each theme's coded segments (one row per coding) and the turns they
	// start in.
	seg := xlsxRows(t, filepath.Join(r.dir, "demo.xlsx"), "coded segments")
	segCol := func(name string) int { return slices.Index(seg[0], name) }
	sThemes, sSource, sTurn := segCol("themes"), segCol("source"), segCol("turn")
	segments, turns := map[string]int{}, map[string]map[string]bool{}
	for _, row := range seg[1:] {
		for _, th := range strings.Split(row[sThemes], "; ") {
			segments[th]++
			if turns[th] == nil {
				turns[th] = map[string]bool{}
			}
			turns[th][row[sSource]+"#"+row[sTurn]] = true
		}
	}

	if len(themes) < 3 {
		t.Fatalf("themes sheet: %q", themes)
	}
	for _, row := range themes[1:] {
		th := row[name]
		p, _ := strconv.Atoi(row[passages])
		c, _ := strconv.Atoi(row[codings])
		// Codings are the coded segments' rows; every turn a coding starts
		// in holds at least one passage; three coders' codings of the same
		// words are one passage, so passages are fewer than codings.
		if c != segments[th] {
			t.Errorf("%s: %d codings, %d coded segments", th, c, segments[th])
		}
		if p < len(turns[th]) || p >= c {
			t.Errorf("%s: %d passages for %d codings in %d turns", th, p, c, len(turns[th]))
		}
		m := regexp.MustCompile(`^(\d+) of (\d+)$`).FindStringSubmatch(row[every])
		if m == nil {
			t.Errorf("%s: passages coded by every coder = %q", th, row[every])
		} else if total, _ := strconv.Atoi(m[2]); total != p {
			t.Errorf("%s: %s passages coded by every coder, of %d passages", th, row[every], p)
		}
		// The report's table says the same numbers in the same words.
		want := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(th) + ` \| \d+ of \d+ \| \d+ of \d+ \| ` + strconv.Itoa(p) + ` \| ` + regexp.QuoteMeta(row[every]) + ` \| ` + strconv.Itoa(c) + ` \|`)
		if !want.MatchString(md) {
			t.Errorf("the report's themes table lacks %s with %d passages (%s by every coder) and %d codings", th, p, row[every], c)
		}
		if !strings.Contains(md, strconv.Itoa(p)+" passages ("+strconv.Itoa(c)+" codings)") {
			t.Errorf("the report's support line of %s lacks %d passages (%d codings)", th, p, c)
		}
	}
	for _, want := range []string{"| Theme | Participants | Groups | Passages | Passages coded by every coder | Codings | Caution |",
		"Layer: all coders (3 sources).", "coded by 3 of 3 coders (amara, ben, carmen)", "A passage is a distinct stretch"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(md, "oded passage") {
		t.Error("the report still speaks of coded passages")
	}

	// passages.csv has one row per passage of each code, and its codings
	// add up to the code's codings: as the report's code frequencies say.
	stdout, stderr, code := r.export("export", "csv", "--what", "passages", "--raw")
	if code != 0 {
		t.Fatalf("export csv --what passages: %s", stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pCode, pCodings, pMarked, pOf := slices.Index(rows[0], "code"), slices.Index(rows[0], "codings"), slices.Index(rows[0], "coders_marked"), slices.Index(rows[0], "coders_of_source")
	perCode, codingsOf := map[string]int{}, map[string]int{}
	for _, row := range rows[1:] {
		perCode[row[pCode]]++
		n, _ := strconv.Atoi(row[pCodings])
		codingsOf[row[pCode]] += n
		if row[pOf] != "3" || row[pMarked] < "1" || row[pMarked] > "3" {
			t.Errorf("passage of %s marked by %q of %q coders", row[pCode], row[pMarked], row[pOf])
		}
	}
	freq := regexp.MustCompile(`(?m)^\| ([a-z/-]+) \| (\d+) \| (\d+) \| \d+ \|$`).FindAllStringSubmatch(md, -1)
	if len(freq) == 0 || len(freq) != len(perCode) {
		t.Fatalf("the report lists %d codes, passages.csv %d", len(freq), len(perCode))
	}
	for _, f := range freq {
		if strconv.Itoa(perCode[f[1]]) != f[2] || strconv.Itoa(codingsOf[f[1]]) != f[3] {
			t.Errorf("%s: the report says %s passages, %s codings; passages.csv has %d rows of %d codings", f[1], f[2], f[3], perCode[f[1]], codingsOf[f[1]])
		}
	}
}

// TestExportReportDocxOnTheDemo writes the Word report of the demo by the
// --out file's extension and checks that it says what the Markdown report
// says: the same support line, passages and codings for every theme.
func TestExportReportDocxOnTheDemo(t *testing.T) {
	t.Parallel()
	r := demoForExport(t)
	r.ok("--as", "amara", "blind", "off")
	out := r.exportOK("export", "report", "--out", "demo.docx", "--no-agreement")
	if !strings.Contains(out, "exported report (docx) to demo.docx") {
		t.Errorf("summary:\n%s", out)
	}
	path := filepath.Join(r.dir, "demo.docx")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("demo.docx: %v %v", fi, err)
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("demo.docx is not a zip: %v", err)
	}
	defer z.Close()
	var doc []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			doc, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// The words of the document, entities decoded.
	var words strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			words.Write(cd)
		}
	}
	text := words.String()
	r.exportOK("export", "report", "--out", "demo.md", "--no-agreement")
	md, err := os.ReadFile(filepath.Join(r.dir, "demo.md"))
	if err != nil {
		t.Fatal(err)
	}
	support := regexp.MustCompile(`Supported by [^\n]*`).FindAllString(string(md), -1)
	if len(support) != 4 {
		t.Fatalf("the Markdown report has %d support lines, want one per theme of the demo", len(support))
	}
	for _, line := range support {
		if !strings.Contains(text, strings.ReplaceAll(line, `\`, "")) {
			t.Errorf("the Word report lacks %q", line)
		}
	}
	for _, want := range []string{"Themes at a glance", "Passages coded by every coder", "Layer: all coders (3 sources)", "coded by 3 of 3 coders (amara, ben, carmen)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Word report lacks %q", want)
		}
	}
}

// TestExportSummaryCountsSourcesByKindInALargeStudy: an export's summary
// lists a study's sources one per row up to 20; beyond that it counts them
// by consensus and layer (every source and coding counted once), and
// --json still lists each.
func TestExportSummaryCountsSourcesByKindInALargeStudy(t *testing.T) {
	sum := investigatorSummary{Format: "xlsx", Files: []string{"s.xlsx"}, Layer: "l"}
	for i := range 25 {
		s := investigatorSourceLayer{Source: fmt.Sprintf("fg%02d", i), Consensus: "none", Layer: "all coders", Codings: 10}
		if i%5 == 0 {
			s.Consensus, s.Layer, s.Codings = "complete", "consensus", 3
		}
		sum.Sources = append(sum.Sources, s)
	}
	var b strings.Builder
	if err := printInvestigatorSummary(&b, sum, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"CONSENSUS  LAYER       SOURCES  CODINGS", "none       all coders  20       200", "complete   consensus   5        15", "25 sources"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "fg01") {
		t.Errorf("a large study's summary lists sources one by one:\n%s", out)
	}
	b.Reset()
	if err := printInvestigatorSummary(&b, sum, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"fg24"`) {
		t.Errorf("--json lacks a source")
	}
	sum.Sources = sum.Sources[:3]
	b.Reset()
	if err := printInvestigatorSummary(&b, sum, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "fg02") || strings.Contains(b.String(), "SOURCES") {
		t.Errorf("a small study's summary should list each source:\n%s", b.String())
	}
}
