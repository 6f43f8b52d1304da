package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/export/dataset"
)

// The Word report is the minimal WordprocessingML (ECMA-376, the format
// Word, LibreOffice and Google Docs read and write) that carries the
// report: styles, headings, tables with a repeating header row, the two
// charts as PNG images with a description, and the quotes with their
// attribution. It is written with the standard library (archive/zip,
// encoding/xml): the Go libraries for .docx found were unmaintained or not
// served, and the report needs few of the format's parts.

// Page layout: A4 with 2 cm margins, in twentieths of a point (twips).
const (
	pageW, pageH, margin = 11906, 16838, 1134
	textW                = pageW - 2*margin
	emuPerPoint          = 12700
)

// docx accumulates the document's body and its images.
type docx struct {
	b      strings.Builder
	images [][]byte
	// pictures counts drawings, for their unique ids.
	pictures int
}

// xmlText escapes text for an element's content or an attribute; a
// character XML cannot hold becomes U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run writes text as runs: line breaks become <w:br/>, tabs <w:tab/>.
func (d *docx) run(text string, bold, italic bool) {
	d.b.WriteString("<w:r>")
	if bold || italic {
		d.b.WriteString("<w:rPr>")
		if bold {
			d.b.WriteString("<w:b/>")
		}
		if italic {
			d.b.WriteString("<w:i/>")
		}
		d.b.WriteString("</w:rPr>")
	}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if i > 0 {
			d.b.WriteString("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				d.b.WriteString("<w:tab/>")
			}
			if part != "" {
				fmt.Fprintf(&d.b, `<w:t xml:space="preserve">%s</w:t>`, xmlText(part))
			}
		}
	}
	d.b.WriteString("</w:r>")
}

// para writes a paragraph of one style (""for Normal) made of spans.
func (d *docx) para(style string, spans ...span) {
	d.b.WriteString("<w:p>")
	if style != "" {
		fmt.Fprintf(&d.b, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	}
	for _, s := range spans {
		d.run(s.text, s.bold, s.italic)
	}
	d.b.WriteString("</w:p>")
}

// span is a piece of a paragraph's text.
type span struct {
	text         string
	bold, italic bool
}

func plain(s string) span  { return span{text: s} }
func strong(s string) span { return span{text: s, bold: true} }

// table writes a table filling the text width: a bold header row that
// repeats on every page, numbers right-aligned, rows kept whole.
func (d *docx) table(header []string, right []bool, rows [][]string) {
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="FocalTable"/><w:tblW w:w="5000" w:type="pct"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/><w:left w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/><w:right w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="9CA3AF"/></w:tblBorders>` +
		`<w:tblLayout w:type="autofit"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>` +
		`<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	widths := columnWidths(header, rows)
	for _, w := range widths {
		fmt.Fprintf(&d.b, `<w:gridCol w:w="%d"/>`, w)
	}
	d.b.WriteString("</w:tblGrid>")
	col := 0
	cell := func(text string, right, head bool) {
		fmt.Fprintf(&d.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, widths[col%len(widths)])
		col++
		if head {
			d.b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="E5E7EB"/>`)
		}
		d.b.WriteString(`</w:tcPr><w:p><w:pPr>`)
		if head {
			d.b.WriteString(`<w:pStyle w:val="TableHead"/>`)
		} else {
			d.b.WriteString(`<w:pStyle w:val="TableText"/>`)
		}
		if right {
			d.b.WriteString(`<w:jc w:val="right"/>`)
		}
		d.b.WriteString("</w:pPr>")
		d.run(text, head, false)
		d.b.WriteString("</w:p></w:tc>")
	}
	d.b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
	col = 0
	for i, h := range header {
		cell(h, i < len(right) && right[i], true)
	}
	d.b.WriteString("</w:tr>")
	for _, r := range rows {
		d.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		col = 0
		for i, c := range r {
			cell(keepTogether(c), i < len(right) && right[i], false)
		}
		d.b.WriteString("</w:tr>")
	}
	d.b.WriteString("</w:tbl>")
	// A paragraph after a table keeps two tables in a row apart.
	d.para("TableAfter")
}

// columnWidths shares the text width among columns by what they hold:
// each gets room for the longest word of its cells (numbers never break),
// then, if the width allows, for the longest word of its header (headers
// are bold), then, as far as it goes, for its longest line up to 40
// characters. Widths are in twips, for 10-point text and 9-point bold
// headers.
func columnWidths(header []string, rows [][]string) []int {
	const perChar, boldChar, padding, longestWord = 118, 124, 200, 24
	n := len(header)
	body, head, headTight, want := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	words := func(text string, per int) (longest, line int) {
		for _, l := range strings.Split(text, "\n") {
			line = max(line, min(utf8.RuneCountInString(l), 40)*perChar+padding)
			// A word processor breaks lines at spaces, and after a slash
			// or a hyphen in a word (code paths).
			for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) || r == '/' || r == '-' }) {
				longest = max(longest, min(utf8.RuneCountInString(w), longestWord)*per+padding)
			}
		}
		return longest, line
	}
	for i, h := range header {
		head[i], want[i] = words(h, boldChar)
		headTight[i], _ = words(h, perChar)
	}
	for _, r := range rows {
		for i, c := range r {
			if i < n {
				w, l := words(keepTogether(c), perChar)
				body[i], want[i] = max(body[i], w), max(want[i], l)
			}
		}
	}
	floor := 3*perChar + padding
	least := make([]int, n)
	sum := func(xs []int) (t int) {
		for _, x := range xs {
			t += x
		}
		return t
	}
	for i := range least {
		least[i] = max(body[i], head[i], floor)
	}
	if sum(least) > textW {
		// Bold headers measured tight, then headers that may break
		// inside a word before a cell's number does.
		for i := range least {
			least[i] = max(body[i], headTight[i], floor)
		}
		if sum(least) > textW {
			for i := range least {
				least[i] = max(body[i], floor)
			}
		}
	}
	for i := range want {
		want[i] = max(want[i], least[i])
	}
	sumLeast, sumWant := sum(least), sum(want)
	widths := make([]int, n)
	switch {
	case sumWant <= textW:
		// Room for every line: share what is left by what each wants.
		for i := range widths {
			widths[i] = want[i] + (textW-sumWant)*want[i]/sumWant
		}
	case sumLeast <= textW:
		// Every word fits: share the rest by how much more each wants.
		for i := range widths {
			widths[i] = least[i] + (textW-sumLeast)*(want[i]-least[i])/(sumWant-sumLeast)
		}
	default:
		// Too many columns: numbers keep their room, the rest share
		// what is left.
		numeric, room, other := make([]bool, n), textW, 0
		for i := range numeric {
			numeric[i] = len(rows) > 0
			for _, r := range rows {
				if i < len(r) && !isNumber(r[i]) {
					numeric[i] = false
					break
				}
			}
			if numeric[i] {
				room -= least[i]
			} else {
				other += least[i]
			}
		}
		for i := range widths {
			switch {
			case numeric[i] && room > 0:
				widths[i] = least[i]
			case room > 0 && other > 0:
				widths[i] = room * least[i] / other
			default:
				widths[i] = textW * least[i] / sumLeast
			}
		}
	}
	return widths
}

// keepTogether joins the words of a figure ("98.5 %", "13 of 15") with
// no-break spaces, so that a narrow column does not break it.
func keepTogether(cell string) string {
	if !isNumber(cell) {
		return cell
	}
	return strings.ReplaceAll(cell, " ", "\u00a0")
}

// isNumber reports whether a cell holds a figure: digits with signs,
// points, percent signs, "of" or an "undefined".
func isNumber(cell string) bool {
	if cell == "" || cell == "undefined" {
		return true
	}
	for _, w := range strings.Fields(cell) {
		if w == "of" || w == "%" {
			continue
		}
		if strings.TrimLeft(w, "-+0123456789.,%()") != "" {
			return false
		}
	}
	return true
}

// picture places a chart in its own paragraph, scaled to the text width
// at most, with its description as the picture's alternative text.
func (d *docx) picture(c *chartImage, name string) {
	d.images = append(d.images, c.PNG)
	d.pictures++
	id := d.pictures
	w, h := c.Width, c.Height
	if maxW := float64(textW) / 20; w > maxW {
		h, w = h*maxW/w, maxW
	}
	cx, cy := int64(w*emuPerPoint), int64(h*emuPerPoint)
	fmt.Fprintf(&d.b, `<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>`+
		`<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="%s" descr="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdImage%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, id, xmlText(name), xmlText(c.Alt), id, id, xmlText(c.Alt), id, cx, cy)
}

// writeDocx writes the report as a Word document.
func writeDocx(out io.Writer, m *model) error {
	heatPNG, err := heatMapPNG(m.Heat)
	if err != nil {
		return fmt.Errorf("draw the heat map: %w", err)
	}
	barsPNG, err := barChartPNG(m.Codes)
	if err != nil {
		return fmt.Errorf("draw the code frequencies: %w", err)
	}
	d := &docx{}
	d.para("Title", plain(m.Title))
	d.para("Subtitle", plain(fmt.Sprintf("Themes for investigators · exported %s · %s", m.ExportedAt, m.Selection)))

	d.para("Heading1", plain("About this report"))
	d.para("", plain(fmt.Sprintf("It reads %s. %s", m.Layer, m.Moderators)))
	d.para("", plain(m.CountingRule))
	d.para("Caption", plain("Sources and the layer each was read from"))
	var rows [][]string
	for _, s := range m.Sources {
		rows = append(rows, []string{s.Name, dataset.GroupName(s.Group), s.Consensus, s.Layer, fmt.Sprint(s.Codings)})
	}
	d.table([]string{"Source", "Group", "Consensus", "Layer", "Codings"}, []bool{false, false, false, false, true}, rows)
	for _, n := range m.Notes {
		d.para("Small", plain("Note: "+n))
	}

	d.para("Heading1", plain("Themes at a glance"))
	d.para("", plain(fmt.Sprintf("%d themes from %d participants in %d groups. A theme that rests on one or two participants' words, mostly on one participant's, or on one group is marked.",
		len(m.Themes), m.Participants, len(m.Groups))))
	d.para("Caption", plain("Layer: "+m.Layers))
	header, right, rows := m.themesTable()
	d.table(header, right, rows)

	d.para("Heading1", plain("Themes by group"))
	if heatPNG != nil {
		d.picture(heatPNG, "Heat map of passages per theme and group")
	}
	d.para("Caption", plain("Passages of each theme in each group (participants in parentheses). Layer: "+m.Layers+"."))
	header = append([]string{"Theme"}, m.Heat.Groups...)
	right = make([]bool, len(header))
	rows = nil
	for t, theme := range m.Heat.Themes {
		row := []string{theme}
		for g := range m.Heat.Groups {
			right[g+1] = true
			row = append(row, fmt.Sprintf("%d (%d)", m.Heat.Passages[t][g], m.Heat.Voices[t][g]))
		}
		rows = append(rows, row)
	}
	d.table(header, right, rows)

	d.para("Heading1", plain("Themes and quotes"))
	for _, t := range m.Themes {
		d.para("Heading2", plain(t.Path))
		if t.Definition != "" {
			d.para("", plain(t.Definition))
		}
		for _, s := range t.Summaries {
			d.para("", strong(strings.ToUpper(s.Language)+": "), plain(s.Text))
		}
		d.para("", plain(t.SupportLine))
		if t.Warning != "" {
			d.para("Caution", strong("Caution: "), plain(t.Warning))
		}
		if len(t.Codes) > 0 {
			d.para("Small", plain("Codes: "+strings.Join(t.Codes, ", ")))
		}
		if len(t.Quotes) == 0 {
			d.para("Small", plain("No quote in this export."))
		}
		for _, q := range t.Quotes {
			text := q.Text
			if q.Shortened {
				text += " […]"
			}
			d.para("Quote", plain("“"+text+"”"))
			d.para("QuoteSource", plain(fmt.Sprintf("— %s, %s (%s)", q.Who, q.Where, q.Codes)))
		}
	}

	d.para("Heading1", plain("Code frequencies"))
	if barsPNG != nil {
		d.picture(barsPNG, "Passages per code")
	}
	d.para("Caption", plain("Passages per code, most first, with the codings behind them and the participants whose words were coded. Layer: "+m.Layers+"."))
	rows = nil
	for _, c := range m.Codes {
		rows = append(rows, []string{c.Path, fmt.Sprint(c.Passages), fmt.Sprint(c.Codings), fmt.Sprint(c.Participants)})
	}
	if len(rows) == 0 {
		d.para("", plain("No codings in this export."))
	} else {
		d.table([]string{"Code", "Passages", "Codings", "Participants"}, []bool{false, true, true, true}, rows)
	}
	writeAnalysisDocx(d, m.Analysis)
	writeSuggestionsDocx(d, m.Suggestions)

	d.para("Heading1", plain("Agreement"))
	if a := m.Agreement; a != nil {
		d.para("", plain(fmt.Sprintf("Agreement between %s per code, on %d sources, with %s units (scope: %s). %s is the headline figure; values near 1 mean the coders applied the code to the same text, values near 0 no more than by chance. Undefined values (0/0) are shown as such.",
			a.Coders, a.Sources, a.Unit, a.Scope, a.Headline)))
		header := []string{"Code", "Units", "% agreement", a.Headline}
		if len(a.Pairs) > 0 {
			header = append(header, "Fleiss' kappa")
			for _, p := range a.Pairs {
				header = append(header, "kappa "+p)
			}
		}
		header = append(header, "Note")
		right := make([]bool, len(header))
		for i := 1; i < len(header)-1; i++ {
			right[i] = true
		}
		rows = nil
		for _, r := range a.Rows {
			row := []string{r.Code, fmt.Sprint(r.Units), r.Agreement, r.Headline}
			if len(a.Pairs) > 0 {
				row = append(append(row, r.Fleiss), r.Pairs...)
			}
			rows = append(rows, append(row, r.Note))
		}
		d.table(header, right, rows)
		d.para("", plain(a.Overall))
		for _, e := range a.Excluded {
			d.para("Small", plain("Left out: "+e))
		}
		if a.Methods != "" {
			d.para("Heading2", plain("Methods paragraph (for the paper)"))
			d.para("", plain(a.Methods))
			if a.MethodsNote != "" {
				d.para("Small", plain(a.MethodsNote))
			}
			d.para("Small", plain("References:"))
			for _, ref := range a.MethodsReferences {
				d.para("Small", plain(ref))
			}
		}
	} else if m.AgreementNot != "" {
		d.para("", plain("No agreement table: "+m.AgreementNot+"."))
	} else {
		d.para("", plain("No agreement table."))
	}

	if v := m.MemberCheck; v != nil {
		d.para("Heading1", plain("Member checking"))
		d.para("", plain(fmt.Sprintf("%d participants answered. Asked whether each theme reflects their experience:", v.People)))
		rows = nil
		for _, t := range v.Themes {
			rows = append(rows, []string{t.Theme, fmt.Sprint(t.Yes), fmt.Sprint(t.Partly), fmt.Sprint(t.No)})
		}
		d.table([]string{"Theme", "Yes", "Partly", "No"}, []bool{false, true, true, true}, rows)
		d.para("", plain(fmt.Sprintf("Quotes removed by participants: %d (left out of this report). Quotes whose wording participants corrected: %d (shown as corrected).", v.Removed, v.Edited)))
		if len(v.Comments) > 0 {
			d.para("Heading2", plain("What participants would change or add"))
			for _, c := range v.Comments {
				d.para("Quote", plain(strings.Join(strings.Fields(c.Text), " ")))
				d.para("QuoteSource", plain("— "+c.Who+", on "+c.Theme))
			}
		}
	}
	return d.write(out, m.Title, m.ExportedAt)
}

// write zips the document's parts.
func (d *docx) write(out io.Writer, title, exportedAt string) error {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	// A fixed time keeps the file the same for the same report; the
	// export's time is in the document's properties.
	when := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(name string, body []byte) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
		if err != nil {
			return err
		}
		_, err = w.Write(body)
		return err
	}
	var rels, types strings.Builder
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	for i := range d.images {
		fmt.Fprintf(&rels, `<Relationship Id="rIdImage%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`, i+1, i+1)
	}
	rels.WriteString(`</Relationships>`)
	types.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`)
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
		`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>` + d.b.String() +
		fmt.Sprintf(`<w:sectPr><w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>`,
			pageW, pageH, margin, margin, margin, margin) +
		`</w:body></w:document>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
		`xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + xmlText(title) + `</dc:title><dc:creator>Focal</dc:creator>`
	if _, err := time.Parse(time.RFC3339, exportedAt); err == nil {
		core += `<dcterms:created xsi:type="dcterms:W3CDTF">` + xmlText(exportedAt) + `</dcterms:created>`
	}
	core += `</cp:coreProperties>`
	parts := []struct {
		name string
		body []byte
	}{
		{"[Content_Types].xml", []byte(types.String())},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`)},
		{"docProps/core.xml", []byte(core)},
		{"word/document.xml", []byte(document)},
		{"word/styles.xml", []byte(docxStyles)},
		{"word/settings.xml", []byte(docxSettings)},
		{"word/_rels/document.xml.rels", []byte(rels.String())},
	}
	for _, p := range parts {
		if err := add(p.name, p.body); err != nil {
			return err
		}
	}
	for i, img := range d.images {
		if err := add(fmt.Sprintf("word/media/chart%d.png", i+1), img); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	_, err := out.Write(buf.Bytes())
	return err
}

// docxSettings asks for the document's fields to be kept and says the
// language of spelling (English; quotes in other languages are the
// participants' words).
const docxSettings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="709"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// docxStyles are the paragraph styles the report uses. Headings carry
// outline levels, so that Word's navigation pane and a table of contents
// find them.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="4B5563"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1E3A8A"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="1E3A8A"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:i/><w:color w:val="374151"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="374151"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Caution"><w:name w:val="Caution"/><w:basedOn w:val="Normal"/><w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="B45309"/></w:pBdr><w:ind w:left="170"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="QuoteSource"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="93C5FD"/></w:pBdr><w:spacing w:before="160" w:after="40"/><w:ind w:left="454" w:right="454"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="QuoteSource"><w:name w:val="Quote source"/><w:basedOn w:val="Normal"/><w:pPr><w:keepLines/><w:ind w:left="454" w:right="454"/><w:spacing w:after="160"/></w:pPr><w:rPr><w:color w:val="374151"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Figure"><w:name w:val="Figure"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableHead"><w:name w:val="Table heading"/><w:basedOn w:val="TableText"/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableAfter"><w:name w:val="After table"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="8"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="FocalTable"><w:name w:val="Focal table"/><w:basedOn w:val="TableNormal"/></w:style>
</w:styles>`
