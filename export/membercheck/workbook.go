package membercheck

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/coding/membercheck"
)

// Column layout of the answer sheets. Column A holds the row's signed key
// and is hidden; the answer columns are the only unlocked cells.
const (
	keyColumn = "A"
	// refColumn holds the item's number (T1, Q3), hidden like the key.
	refColumn = "B"
	// Themes: A key, B ref, C theme, D summary, E your quotes, F answer, G change.
	themeAnswerCol  = 5 // F, 0-based
	themeCommentCol = 6 // G
	// Quotes: A key, B ref, C themes, D words, E choice, F wording.
	quoteTextCol    = 3 // D
	quoteAnswerCol  = 4 // E
	quoteCommentCol = 5 // F
	// keySheet is the very hidden sheet that holds the packet's key.
	keySheet = "focal"
)

// WriteWorkbook writes the packet as an xlsx workbook: an introduction, the
// themes with a Yes/Partly/No drop-down and a free-text cell, the quotes
// with Keep/Remove/Edit and a cell for corrected wording, and optionally
// the group summary. Sheets are protected: only answer cells can be
// edited. Each answer row carries its key, signed with secret, in a hidden
// first column. The workbook is built in normal mode (not streamed):
// excelize drops data validation added after a stream is flushed.
func WriteWorkbook(w io.Writer, p *Packet, secret []byte) error {
	f := excelize.NewFile()
	defer f.Close()
	wd := p.Wording
	st, err := newPacketStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", wd.IntroSheet); err != nil {
		return err
	}
	if err := writeIntroSheet(f, st, p); err != nil {
		return err
	}
	if err := writeThemesSheet(f, st, p, secret); err != nil {
		return err
	}
	if err := writeQuotesSheet(f, st, p, secret); err != nil {
		return err
	}
	if len(p.Group) > 0 {
		if err := writeGroupSheet(f, st, p); err != nil {
			return err
		}
	}
	// The packet's own key, in a sheet the participant never sees.
	if _, err := f.NewSheet(keySheet); err != nil {
		return err
	}
	packetKey, err := membercheck.Sign(membercheck.Key{Project: p.ProjectID, Packet: p.ID, Participant: p.Participant, Item: "packet", Lang: p.Language}, secret)
	if err != nil {
		return err
	}
	if err := f.SetCellStr(keySheet, "A1", packetKey); err != nil {
		return err
	}
	if err := f.SetCellStr(keySheet, "A2", "Focal member-check packet. Please do not change this sheet."); err != nil {
		return err
	}
	if err := f.SetSheetVisible(keySheet, false, true); err != nil {
		return err
	}
	if err := f.ProtectSheet(keySheet, &excelize.SheetProtectionOptions{}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf(wd.Title, p.ProjectTitle), Creator: "Focal", Language: p.Language,
		Description: "Focal member-check packet"}); err != nil {
		return err
	}
	if err := declareDimensions(f); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// declareDimensions makes every sheet declare the range its cells cover.
// excelize leaves "A1", and readers that trust the declaration (openpyxl in
// read-only mode) would see one cell per sheet.
func declareDimensions(f *excelize.File) error {
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return err
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		ref := "A1"
		if cols > 0 && len(rows) > 0 {
			last, err := excelize.CoordinatesToCellName(cols, len(rows))
			if err != nil {
				return err
			}
			ref = "A1:" + last
		}
		if err := f.SetSheetDimension(sheet, ref); err != nil {
			return err
		}
	}
	return nil
}

type packetStyles struct {
	title, heading, header, text, response, ref int
}

func newPacketStyles(f *excelize.File) (*packetStyles, error) {
	var st packetStyles
	var err error
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	locked := &excelize.Protection{Locked: true}
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: top, Protection: locked}); err != nil {
		return nil, err
	}
	if st.heading, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: top, Protection: locked}); err != nil {
		return nil, err
	}
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: top, Protection: locked,
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E2F3"}},
		Border: []excelize.Border{{Type: "bottom", Color: "1F1F1F", Style: 2}}}); err != nil {
		return nil, err
	}
	if st.text, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 12}, Alignment: top, Protection: locked}); err != nil {
		return nil, err
	}
	if st.ref, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 12, Bold: true}, Alignment: top, Protection: locked}); err != nil {
		return nil, err
	}
	// Answer cells: unlocked, shaded and boxed (the header also names them,
	// so the shading is not the only sign).
	border := []excelize.Border{{Type: "left", Color: "1F1F1F", Style: 1}, {Type: "right", Color: "1F1F1F", Style: 1},
		{Type: "top", Color: "1F1F1F", Style: 1}, {Type: "bottom", Color: "1F1F1F", Style: 1}}
	if st.response, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 12}, Alignment: top, Protection: &excelize.Protection{Locked: false},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}, Border: border}); err != nil {
		return nil, err
	}
	return &st, nil
}

// cell names a cell by 0-based column and 1-based row.
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row)
	return name
}

func protect(f *excelize.File, sheet string) error {
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatRows: true, FormatColumns: true})
}

func writeIntroSheet(f *excelize.File, st *packetStyles, p *Packet) error {
	sheet := p.Wording.IntroSheet
	if err := f.SetColWidth(sheet, "A", "A", 100); err != nil {
		return err
	}
	row := 1
	put := func(text string, style int) error {
		if err := f.SetCellStr(sheet, cell(0, row), text); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell(0, row), cell(0, row), style); err != nil {
			return err
		}
		row++
		return nil
	}
	if err := put(fmt.Sprintf(p.Wording.Title, p.ProjectTitle), st.title); err != nil {
		return err
	}
	row++
	for _, para := range strings.Split(p.Intro, "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		if err := put(strings.TrimSpace(para), st.text); err != nil {
			return err
		}
	}
	row++
	if err := put(p.Wording.HowToWorkbook, st.ref); err != nil {
		return err
	}
	if lines := returnLines(p); len(lines) > 0 {
		row++
		if err := put(p.Wording.ReturnHeading, st.heading); err != nil {
			return err
		}
		for _, l := range lines {
			if err := put(l, st.text); err != nil {
				return err
			}
		}
	}
	return protect(f, sheet)
}

func writeThemesSheet(f *excelize.File, st *packetStyles, p *Packet, secret []byte) error {
	wd := p.Wording
	sheet := wd.ThemesSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	headers := []string{"key", wd.Number, wd.Theme, wd.Summary, wd.YourQuotes, wd.ReflectsQuestion, wd.ChangeQuestion}
	widths := []float64{10, 6, 28, 60, 18, 22, 45}
	if err := header(f, st, sheet, headers, widths); err != nil {
		return err
	}
	for i, t := range p.Themes {
		row := i + 2
		key, err := membercheck.Sign(membercheck.Key{Project: p.ProjectID, Packet: p.ID, Participant: p.Participant, Item: "theme", Theme: t.ID, Lang: p.Language}, secret)
		if err != nil {
			return err
		}
		values := []string{key, t.Ref, t.Name, t.Summary, fmt.Sprintf(wd.QuoteCount, len(t.Quotes)), "", ""}
		if err := putRow(f, st, sheet, row, values, themeAnswerCol); err != nil {
			return err
		}
	}
	if len(p.Themes) > 0 {
		if err := dropDown(f, sheet, themeAnswerCol, len(p.Themes), wd.Choices(membercheck.ThemeAnswers), wd.ReflectsQuestion, wd.InvalidAnswer); err != nil {
			return err
		}
	}
	return finishSheet(f, sheet)
}

func writeQuotesSheet(f *excelize.File, st *packetStyles, p *Packet, secret []byte) error {
	wd := p.Wording
	sheet := wd.QuotesSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	headers := []string{"key", wd.Number, wd.Themes, wd.YourWords, wd.QuoteQuestion, wd.CorrectedWording}
	widths := []float64{10, 6, 28, 70, 22, 50}
	if err := header(f, st, sheet, headers, widths); err != nil {
		return err
	}
	for i, q := range p.Quotes {
		row := i + 2
		key, err := membercheck.Sign(membercheck.Key{Project: p.ProjectID, Packet: p.ID, Participant: p.Participant, Item: "quote",
			Coding: q.CodingID, Source: q.SourceID, Start: q.Span.Start, End: q.Span.End, SHA256: q.SHA256, Lang: p.Language}, secret)
		if err != nil {
			return err
		}
		values := []string{key, q.Ref, p.themeNames(q), q.Text, "", ""}
		if err := putRow(f, st, sheet, row, values, quoteAnswerCol); err != nil {
			return err
		}
	}
	if len(p.Quotes) > 0 {
		if err := dropDown(f, sheet, quoteAnswerCol, len(p.Quotes), wd.Choices(membercheck.QuoteAnswers), wd.QuoteQuestion, wd.InvalidAnswer); err != nil {
			return err
		}
	}
	return finishSheet(f, sheet)
}

func writeGroupSheet(f *excelize.File, st *packetStyles, p *Packet) error {
	wd := p.Wording
	sheet := wd.GroupSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := header(f, st, sheet, []string{"", wd.Theme, wd.Summary, wd.GroupSummary}, []float64{2, 28, 60, 70}); err != nil {
		return err
	}
	for i, g := range p.Group {
		quotes := make([]string, len(g.Quotes))
		for k, q := range g.Quotes {
			quotes[k] = "“" + q + "”"
		}
		if err := putRow(f, st, sheet, i+2, []string{"", g.Name, g.Summary, strings.Join(quotes, "\n\n")}, -1); err != nil {
			return err
		}
	}
	row := len(p.Group) + 3
	if err := f.SetCellStr(sheet, cell(1, row), wd.GroupNote); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, row), cell(1, row), st.text); err != nil {
		return err
	}
	if err := f.SetColVisible(sheet, keyColumn, false); err != nil {
		return err
	}
	return protect(f, sheet)
}

func header(f *excelize.File, st *packetStyles, sheet string, headers []string, widths []float64) error {
	for i, h := range headers {
		if err := f.SetCellStr(sheet, cell(i, 1), h); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[i]); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheet, cell(0, 1), cell(len(headers)-1, 1), st.header)
}

// putRow writes one row as text cells (never formulas); the cells from
// answerCol on are unlocked answer cells (none when answerCol < 0).
func putRow(f *excelize.File, st *packetStyles, sheet string, row int, values []string, answerCol int) error {
	for i, v := range values {
		if err := f.SetCellStr(sheet, cell(i, row), v); err != nil {
			return err
		}
		style := st.text
		switch {
		case answerCol >= 0 && i >= answerCol:
			style = st.response
		case i == 1:
			style = st.ref
		}
		if err := f.SetCellStyle(sheet, cell(i, row), cell(i, row), style); err != nil {
			return err
		}
	}
	return nil
}

// dropDown offers the choices in an answer column. Validation is only
// advice to the spreadsheet: a pasted value bypasses it, so the importer
// checks every answer again.
func dropDown(f *excelize.File, sheet string, col, rows int, choices []string, title, message string) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell(col, 2) + ":" + cell(col, rows+1)
	if err := dv.SetDropList(choices); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, title, message)
	return f.AddDataValidation(sheet, dv)
}

// finishSheet hides the key and the item numbers (columns A and B: the
// import reads them, the participant has no use for them), keeps the
// header in view and protects the sheet.
func finishSheet(f *excelize.File, sheet string) error {
	if err := f.SetColVisible(sheet, keyColumn+":"+refColumn, false); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return protect(f, sheet)
}

// returnLines are the sentences of what the packet says about returning
// it: by when, how, and whom to contact; empty parts are left out.
func returnLines(p *Packet) []string {
	w, r := p.Wording, p.Return
	var out []string
	if r.By != "" {
		out = append(out, fmt.Sprintf(w.ReturnBy, r.By))
	}
	if r.How != "" {
		out = append(out, w.ReturnHow+": "+r.How)
	}
	if r.Contact != "" {
		out = append(out, w.Contact+": "+r.Contact)
	}
	return out
}
