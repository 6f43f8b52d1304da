package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus/testenv"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/report"
)

// docxParts opens a Word report and returns its parts by name.
func docxParts(t *testing.T, file []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

// docxText reads document.xml as XML: the text of its paragraphs, one per
// line, and how many tables, headings and pictures it holds.
func docxText(t *testing.T, doc []byte) (text string, tables, headings int, pictures []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "tbl":
				tables++
			case "pStyle":
				for _, a := range el.Attr {
					if a.Name.Local == "val" && strings.HasPrefix(a.Value, "Heading") {
						headings++
					}
				}
			case "blip":
				for _, a := range el.Attr {
					if a.Name.Local == "embed" {
						pictures = append(pictures, a.Value)
					}
				}
			case "br", "tab":
				b.WriteString(" ")
			}
		case xml.EndElement:
			if el.Name.Local == "p" {
				b.WriteString("\n")
			}
		case xml.CharData:
			b.Write(el)
		}
	}
	return b.String(), tables, headings, pictures
}

// TestDocxHoldsTheReport reads the Word report's parts back: well-formed
// XML, the tables, headings and quotes of the report, and the two charts
// as PNG images that the document's relationships point to.
func TestDocxHoldsTheReport(t *testing.T) {
	file := render(t, datasettest.Build(dataset.Policy{}), report.Docx)
	parts := docxParts(t, []byte(file))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
		if parts[name] == nil {
			t.Errorf("the document lacks the part %s", name)
		}
	}
	for name, body := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			if err := xml.Unmarshal(body, new(struct{})); err != nil {
				t.Errorf("%s is not XML: %v", name, err)
			}
		}
	}
	text, tables, headings, pictures := docxText(t, parts["word/document.xml"])
	// Sources, themes at a glance, themes by group, code frequencies;
	// saturation: new codes per group and the code spread (two groups make
	// no run); talk: participants and transitions of each of the two
	// groups, and who carried each theme.
	if tables != 11 {
		t.Errorf("%d tables, want 11 (no agreement table in the fixture)", tables)
	}
	// Eight sections, three themes, two groups.
	if headings != 13 {
		t.Errorf("%d headings, want 13", headings)
	}
	for _, want := range []string{
		"Belonging <demo> & more",
		"Passages coded by every coder",
		"Supported by 4 participants of 5 in 2 groups of 2: 5 passages (9 codings) in 2 sources.",
		"“=SUM(1,2) is what they call me, the only one on nights.”",
		"— Mara, North, fg01, turn 2 (belonging/isolation",
		"coded by 2 of 2 coders (ana, ben)",
		"I am not on the list <script>alert(1)</script>.",
		"No agreement table: no source is marked done by every coder.",
		"Thematic saturation",
		"Saturation was not reached: the method needs at least 6 units",
		"For the methods section: Thematic saturation was assessed with the method of Guest, Namey and Chen (2020",
		"2 participants spoke 31 words in 3 turns; Gini coefficient of words 0.08, of turns 0.17.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q", want)
		}
	}
	rels := string(parts["word/_rels/document.xml.rels"])
	if len(pictures) != 2 {
		t.Fatalf("%d pictures, want the heat map and the code frequencies", len(pictures))
	}
	for i, id := range pictures {
		target := fmt.Sprintf(`Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"`, id, i+1)
		if !strings.Contains(rels, target) {
			t.Errorf("picture %s has no relationship to its image", id)
		}
		img, err := png.Decode(bytes.NewReader(parts[fmt.Sprintf("word/media/chart%d.png", i+1)]))
		if err != nil {
			t.Fatalf("chart %d: %v", i+1, err)
		}
		if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 100 {
			t.Errorf("chart %d is %v", i+1, b)
		}
	}
	if !strings.Contains(string(parts["word/document.xml"]), `descr="Heat map of passages per theme and group.`) {
		t.Error("the heat map has no description for those who cannot see it")
	}
	if again := render(t, datasettest.Build(dataset.Policy{}), report.Docx); again != file {
		t.Error("the same report gives a different file")
	}
}

// TestDocxInLibreOffice converts the Word report to PDF with Debian's
// LibreOffice, as a PI's word processor would open it, and reads the PDF
// back: the tables' rows, the quotes and the two chart images. The first
// page is drawn as PNG (pdftoppm); with FOCAL_REPORT_SHOTS set to a folder
// the PDF and the page are kept there to look at. LibreOffice is slow to
// start: this is the one test that runs it.
func TestDocxInLibreOffice(t *testing.T) {
	office := testenv.Program(t, "libreoffice")
	pdftotext := testenv.Program(t, "pdftotext")
	pdftoppm := testenv.Program(t, "pdftoppm")
	pdfimages := testenv.Program(t, "pdfimages")
	dir := t.TempDir()
	if keep := os.Getenv("FOCAL_REPORT_SHOTS"); keep != "" {
		dir = keep
	}
	docx := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(docx, []byte(render(t, datasettest.Build(dataset.Policy{}), report.Docx)), 0o600); err != nil {
		t.Fatal(err)
	}
	// A profile of its own, so that a LibreOffice already running (or
	// another test run) does not take the conversion over.
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.Command(office, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", dir, docx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "report.pdf")
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (did LibreOffice write %s?)", err, pdf)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"Belonging <demo> & more",
		"Themes at a glance",
		// Rows of the tables (counts worked out by hand in export/dataset's
		// TestPassagesAndCodingsAreCountedApart).
		"fg01 North complete consensus 4",
		"belonging/isolation 2 5 2",
		"support/peer 4 4 3",
		"Supported by 4 participants of 5 in 2 groups of 2: 5 passages (9 codings) in 2 sources.",
		"— Mara, North, fg01, turn 2",
		"coded by 2 of 2 coders (ana, ben)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// A theme's name may wrap in its cell, leaving its last words on the
	// line below the row's numbers.
	if !regexp.MustCompile(`Who has[a-z ]* 4 of 5 2 of 2 5 1 of 2 9`).MatchString(text) {
		t.Error("the PDF lacks the themes table's row of Who has your back")
	}
	if t.Failed() {
		t.Logf("the PDF's text:\n%s", out)
	}
	list, err := exec.Command(pdfimages, "-list", pdf).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	// Two header lines, then one line per image.
	if n := len(strings.Split(strings.TrimSpace(string(list)), "\n")) - 2; n < 2 {
		t.Errorf("the PDF holds %d images, want the two charts:\n%s", n, list)
	}
	page := filepath.Join(dir, "page")
	if out, err := exec.Command(pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, page).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(page + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The page is drawn: some of it is dark (text), most of it light.
	dark, all := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x6000 {
				dark++
			}
			all++
		}
	}
	if dark == 0 || dark*4 > all {
		t.Errorf("page 1 has %d dark points of %d: not a page of text", dark, all)
	}
}
