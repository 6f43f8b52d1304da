package transcript

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseDOCX(t *testing.T) {
	body := `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Focus group 3</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>[00:00:05]</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
		`<w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">How </w:t></w:r>` +
		`<w:proofErr w:type="spellStart"/><w:r><w:t>was</w:t></w:r><w:r><w:t xml:space="preserve"> it?</w:t></w:r></w:p>` +
		`<w:p/>` +
		`<w:p><w:r><w:t>P1: Fine</w:t><w:br/><w:t>P2: Not</w:t><w:noBreakHyphen/><w:t>fine</w:t></w:r>` +
		`<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>` +
		`<w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><w:t>and a second paragraph of P2</w:t></w:r>` +
		`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Interviewer: in a table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
	p, err := Parse("fg.docx", docxOf(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkParsed(t, p, nil)
	if p.Format != FormatDOCX {
		t.Errorf("format %s", p.Format)
	}
	want := []string{
		"Interviewer|Interviewer|00:00:05.000|-|How was it?",
		"P1|P1|-|-|Fine",
		"P2|P2|-|-|Not-fine inserted\nand a second paragraph of P2\nboxed",
		"Interviewer|Interviewer|-|-|in a table",
	}
	if got := turnSummary(p.Turns); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	var lines []int
	for _, turn := range p.Turns {
		lines = append(lines, turn.Line)
	}
	if want := []int{3, 5, 5, 8}; !slices.Equal(lines, want) {
		t.Errorf("paragraph numbers %v, want %v", lines, want)
	}
}

func TestDOCXHeadingStylesFromStylesPart(t *testing.T) {
	styles := `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:style w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>` +
		`<w:style w:styleId="Standard"><w:name w:val="Normal"/></w:style></w:styles>`
	body := `<w:p><w:pPr><w:pStyle w:val="berschrift1"/></w:pPr><w:r><w:t>Gruppe 1</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:pStyle w:val="Standard"/></w:pPr><w:r><w:t>Anna: Hallo</w:t></w:r></w:p>`
	data := zipOf(t, map[string]string{"word/document.xml": docxXML(body), "word/styles.xml": styles})
	p, err := Parse("g.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := turnSummary(p.Turns), []string{"Anna|Anna|-|-|Hallo"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseDOCXWithoutLabels(t *testing.T) {
	body := `<w:p><w:r><w:t>I really like learning.</w:t></w:r></w:p><w:p><w:r><w:t>I guess some people struggle.</w:t></w:r></w:p><w:p/>`
	p, err := Parse("id1.docx", docxOf(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"||-|-|I really like learning.", "||-|-|I guess some people struggle."}
	if got := turnSummary(p.Turns); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestParseODT(t *testing.T) {
	body := `<text:h text:outline-level="1">Focus group</text:h>` +
		`<text:p text:style-name="P1"><text:span text:style-name="T1">Moderator:</text:span>` + "\n  " +
		`<text:span>Welcome</text:span><text:s text:c="2"/>all<text:note><text:note-body><text:p>a footnote</text:p></text:note-body></text:note>.</text:p>` +
		`<text:list><text:list-item><text:p>P1: yes<text:line-break/>P2:<text:tab/>no <text:a xlink:href="x">link</text:a></text:p></text:list-item></text:list>` +
		`<office:annotation><text:p>a comment</text:p></office:annotation>` +
		`<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>`
	p, err := Parse("fg.odt", odtOf(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkParsed(t, p, nil)
	want := []string{
		"Moderator|Moderator|-|-|Welcome  all.",
		"P1|P1|-|-|yes",
		"P2|P2|-|-|no link",
	}
	if got := turnSummary(p.Turns); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestOfficeErrors(t *testing.T) {
	// A zip whose header claims more than the cap: refused before reading.
	bomb := func() []byte {
		var buf bytes.Buffer
		w := zip.NewWriter(&buf)
		fw, err := w.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store,
			CompressedSize64: 4, UncompressedSize64: maxDecompressedBytes + 1})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("<a/>"))
		w.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		file string
		data func() []byte
		opts Options
		msg  string
	}{
		{"text named .docx", "a.docx", func() []byte { return []byte("Ann: hi") }, Options{}, "not a DOCX file: it is not a zip archive"},
		{"text forced to docx", "a.txt", func() []byte { return []byte("Ann: hi") }, Options{Format: FormatDOCX}, "not a DOCX file"},
		{"zip without document", "a.docx", func() []byte { return zipOf(t, map[string]string{"x.txt": "x"}) }, Options{}, "not a DOCX file"},
		{"zip forced to docx without document", "a.zip", func() []byte { return zipOf(t, map[string]string{"x.txt": "x"}) }, Options{Format: FormatDOCX}, "no word/document.xml"},
		{"other zip", "a.zip", func() []byte { return zipOf(t, map[string]string{"x.txt": "x"}) }, Options{}, "neither a DOCX nor an ODT"},
		{"spreadsheet", "a.ods", func() []byte {
			return zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
		}, Options{}, "OpenDocument spreadsheet"},
		{"truncated zip", "a.docx", func() []byte { return docxOf(t, "<w:p/>")[:40] }, Options{}, "cannot be opened"},
		{"broken XML", "a.docx", func() []byte { return docxOf(t, "<w:p><w:r><w:t>x</w:r></w:p>") }, Options{}, "not valid XML"},
		{"no text", "a.docx", func() []byte { return docxOf(t, "<w:p/><w:p></w:p>") }, Options{}, "no transcript text found"},
		{"odt without content", "a.odt", func() []byte {
			return zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"})
		}, Options{}, "no content.xml"},
		{"zip bomb", "a.docx", bomb, Options{}, "larger than 200 MB"},
		{"docx forced to text", "a.docx", func() []byte { return docxOf(t, "<w:p/>") }, Options{Format: FormatText}, "zip archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, tt.data(), tt.opts)
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %T %v, want *Error", err, err)
			}
			if !strings.Contains(perr.Msg, tt.msg) {
				t.Errorf("got %q, want it to contain %q", perr.Msg, tt.msg)
			}
		})
	}
}

// TestLyingZipHeader checks that an entry larger than its header claims is
// refused as damaged rather than read on.
func TestLyingZipHeader(t *testing.T) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	fw, err := w.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(docxXML(strings.Repeat("<w:p><w:r><w:t>spam</w:t></w:r></w:p>", 100_000))))
	w.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0]
	f.UncompressedSize64 = 10 // a lying header
	err = readEntryXML(f, 1<<20, func(d *xml.Decoder) error {
		for {
			if _, err := d.Token(); err != nil {
				return err
			}
		}
	})
	if err == nil || !strings.Contains(err.Error(), "word/document.xml in the archive is damaged") {
		t.Errorf("got %v", err)
	}
}

// A DOCX or ODT with more entries, or more bytes decompressed in all, than
// a document has is refused before anything is read, with the limit named.
func TestOfficeArchiveLimits(t *testing.T) {
	doc := docxXML(`<w:p><w:r><w:t>Ana: hello</w:t></w:r></w:p>`)
	// 70,000 entries need the zip64 end record, whose count is read too.
	for _, entries := range []int{maxArchiveEntries + 1, 70000} {
		t.Run(fmt.Sprintf("%d entries", entries+1), func(t *testing.T) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for i := 0; i < entries; i++ {
				if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("media/%d", i), Method: zip.Store}); err != nil {
					t.Fatal(err)
				}
			}
			w, err := zw.Create("word/document.xml")
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, doc)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			if n, ok := zipEntryCount(buf.Bytes()); !ok || n != uint64(entries+1) {
				t.Errorf("zipEntryCount = %d, %v; want %d", n, ok, entries+1)
			}
			want := fmt.Sprintf("%d entries, above the limit of %d", entries+1, maxArchiveEntries)
			for _, name := range []string{"many.docx", "many"} {
				if _, err := Parse(name, buf.Bytes(), Options{}); err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("Parse(%s): %v", name, err)
				}
			}
		})
	}
	t.Run("total size", func(t *testing.T) {
		docx := claimingArchive(t, "word/document.xml", doc)
		if len(docx) > 4096 {
			t.Fatalf("the generated archive is %d bytes", len(docx))
		}
		_, err := Parse("big.docx", docx, Options{})
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d MB when decompressed", maxArchiveBytes>>20)) {
			t.Fatalf("DOCX: %v", err)
		}
		odt := claimingArchive(t, "content.xml", odtXML(`<text:p>Ana: hello</text:p>`))
		if _, err := Parse("big.odt", odt, Options{Format: FormatODT}); err == nil || !strings.Contains(err.Error(), "when decompressed") {
			t.Fatalf("ODT: %v", err)
		}
	})
}

// claimingArchive is a document archive with two entries whose headers
// claim 150 MB each (under the limit of one entry, over the limit of the
// whole), written raw: the archive is a few hundred bytes.
func claimingArchive(t *testing.T, docName, doc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"media/a.bin", "media/b.bin"} {
		body := []byte("x")
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
			CompressedSize64: uint64(len(body)), UncompressedSize64: 150 << 20})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	w, err := zw.Create(docName)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, doc)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Speakers written as heading paragraphs in Word ("Systems Developer" in
// Heading 3, then the speech) are speakers, as Markdown headings are; a
// title is not.
func TestDOCXHeadingSpeakers(t *testing.T) {
	h := func(text string) string {
		return `<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	p := func(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }
	body := `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Platform team</w:t></w:r></w:p>` +
		h("Systems Developer") + p("We moved the build.") + h("Product Owner") + p("Did anyone notice?") +
		h("Systems Developer") + p("Everyone did.") + h("Product Owner") + p("Good.")
	parsed, err := Parse("team.docx", docxOf(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := turnSummary(parsed.Turns)
	want := []string{"Systems Developer|Systems Developer|-|-|We moved the build.", "Product Owner|Product Owner|-|-|Did anyone notice?",
		"Systems Developer|Systems Developer|-|-|Everyone did.", "Product Owner|Product Owner|-|-|Good."}
	if !slices.Equal(got, want) {
		t.Fatalf("turns:\n got %q\nwant %q", got, want)
	}
}
