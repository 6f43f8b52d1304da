package membercheck

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/membercheck"
)

// Limits on a returned packet (docs/LIMITS.md). Participants send these
// files back, so nothing in one is trusted until its signatures verify: a
// file over a limit is refused before anything more of it is read.
const (
	// MaxWorkbookBytes bounds the size of the file itself. A packet Focal
	// writes is tens of kilobytes.
	MaxWorkbookBytes = 8 << 20
	// MaxWorkbookEntries bounds the parts of the zip archive.
	MaxWorkbookEntries = 200
	// MaxWorkbookUnzipped bounds the parts' total size once unzipped, as
	// the archive's directory states it (reading never goes past it).
	MaxWorkbookUnzipped = 16 << 20
	// MaxWorkbookSheets bounds the sheets (a packet has five).
	MaxWorkbookSheets = 16
	// MaxSheetRows bounds the rows read from one sheet.
	MaxSheetRows = 5000
	// MaxRowCells bounds the cells of one row, counted up to its last
	// filled cell (a packet uses seven columns).
	MaxRowCells = 64
)

// ErrLimit marks a returned packet refused because it is over one of the
// limits above.
var ErrLimit = errors.New("over a limit for returned packets (docs/LIMITS.md)")

// limitError says which limit a file is over.
func limitError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrLimit, fmt.Sprintf(format, args...))
}

// ReturnedRow is one answer row of a returned workbook, its key verified.
type ReturnedRow struct {
	Sheet string
	Row   int // 1-based, as the spreadsheet shows it
	Key   string
	// Answer and Comment are the cells of the row's answer columns.
	Answer, Comment string
	// Formula says the answer or comment cell holds a formula, which is
	// never an answer.
	Formula bool
	// Shown is the quote as the packet showed it (quote rows).
	Shown string
}

// Answer is one validated answer of a returned packet.
type Answer struct {
	Key membercheck.Key
	// Value is yes, partly, no, keep, remove, edit or "" (no choice).
	Value string
	// Comment is the free text (themes) or corrected wording (quotes).
	Comment string
	// Shown is the quote as the packet showed it (quotes).
	Shown string
	Sheet string
	Row   int
}

// Problem is an answer that was not accepted, by sheet and row.
type Problem struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("sheet %q, row %d: %s", p.Sheet, p.Row, p.Message)
}

// Checked is a returned packet after validation.
type Checked struct {
	Packet   membercheck.Key
	Answers  []Answer
	Problems []Problem
}

// ErrOtherProject is returned for a packet written by another project.
var ErrOtherProject = errors.New("the packet belongs to another project")

// ReadReturned reads a returned packet of size bytes and checks it against
// the project's id and secret, reading as little as it must:
//
//   - the file's size, its archive's parts and their unzipped total, and
//     the number of sheets are checked against the limits first;
//   - then the packet key (the hidden sheet's first row) must verify;
//   - then each sheet is read row by row as a stream: a row over the
//     limits, or whose key does not verify (changed, copied from another
//     participant's packet, or repeated), stops the reading and refuses the
//     packet as a whole.
//
// Only values are read (no formula is evaluated). Answers outside the
// allowed set are reported as problems and left out; the others are
// returned.
func ReadReturned(r io.ReaderAt, size int64, projectID string, secret []byte) (*Checked, error) {
	if size > MaxWorkbookBytes {
		return nil, limitError("the file is %s; a returned packet may be at most %s", coding.SizeText(size), coding.SizeText(MaxWorkbookBytes))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable workbook: it is not a zip archive (%v)", err)
	}
	if len(zr.File) > MaxWorkbookEntries {
		return nil, limitError("the workbook has %d parts; a returned packet may have at most %d", len(zr.File), MaxWorkbookEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxWorkbookUnzipped {
			return nil, limitError("the workbook unzips to more than %s; a returned packet may unzip to at most %s", coding.SizeText(MaxWorkbookUnzipped), coding.SizeText(MaxWorkbookUnzipped))
		}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: MaxWorkbookUnzipped, UnzipXMLSizeLimit: 1 << 20})
	if err != nil {
		return nil, fmt.Errorf("not a readable workbook: %s", oneLine(err.Error()))
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) > MaxWorkbookSheets {
		return nil, limitError("the workbook has %d sheets; a returned packet may have at most %d", len(sheets), MaxWorkbookSheets)
	}
	rd := packetReader{f: f, projectID: projectID, secret: secret, seen: map[string]ReturnedRow{}}
	if err := rd.packetKey(sheets); err != nil {
		return nil, err
	}
	for _, sheet := range sheets {
		if sheet == keySheet {
			continue
		}
		if err := rd.sheet(sheet); err != nil {
			return nil, err
		}
	}
	return rd.answers()
}

// packetReader reads one returned packet.
type packetReader struct {
	f         *excelize.File
	projectID string
	secret    []byte
	packet    membercheck.Key
	rows      []ReturnedRow
	seen      map[string]ReturnedRow
}

// packetKey reads and verifies the packet's key, the first cell of the
// hidden sheet, reading no further than its first row.
func (rd *packetReader) packetKey(sheets []string) error {
	const missing = "this workbook is not a Focal member-check packet (its packet key is missing)"
	found := false
	for _, s := range sheets {
		found = found || s == keySheet
	}
	if !found {
		return errors.New(missing)
	}
	rows, err := rd.f.Rows(keySheet)
	if err != nil {
		return fmt.Errorf("not a readable workbook: %s", oneLine(err.Error()))
	}
	defer rows.Close()
	key := ""
	if rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("sheet %q, row 1: %s", keySheet, oneLine(err.Error()))
		}
		if len(cols) > 0 {
			key = strings.TrimSpace(cols[0])
		}
	}
	if key == "" {
		return errors.New(missing)
	}
	pk, err := membercheck.Decode(key)
	if err != nil {
		return fmt.Errorf("the packet key is damaged: %w", err)
	}
	if pk.Project != rd.projectID {
		return fmt.Errorf("%w (project %s, not this one)", ErrOtherProject, pk.Project)
	}
	if _, err := membercheck.Verify(key, rd.secret); err != nil || pk.Item != "packet" {
		return errors.New("the packet key does not verify: the file was changed, or written by another copy of the project")
	}
	rd.packet = pk
	return nil
}

// sheet streams one sheet's rows, verifying each row key as it comes.
func (rd *packetReader) sheet(sheet string) error {
	rows, err := rd.f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("sheet %q: %s", sheet, oneLine(err.Error()))
	}
	defer rows.Close()
	n := 0
	var keyed []int // indexes in rd.rows of this sheet's rows
	for rows.Next() {
		n++
		if n > MaxSheetRows {
			return limitError("sheet %q has more than %d rows; a returned packet may have at most %d rows in a sheet", sheet, MaxSheetRows, MaxSheetRows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Errorf("sheet %q, row %d: %s", sheet, n, oneLine(err.Error()))
		}
		// Next steps one spreadsheet row at a time, empty rows included,
		// so n is the row's number as the spreadsheet shows it.
		row := n
		if len(cols) > MaxRowCells {
			return limitError("sheet %q, row %d has %d cells; a returned packet may have at most %d in a row", sheet, row, len(cols), MaxRowCells)
		}
		if len(cols) == 0 || !strings.HasPrefix(strings.TrimSpace(cols[0]), "fmc1.") {
			continue
		}
		rr, err := rd.verify(sheet, row, cols)
		if err != nil {
			return err
		}
		keyed = append(keyed, len(rd.rows))
		rd.rows = append(rd.rows, rr)
	}
	if err := rows.Error(); err != nil {
		return fmt.Errorf("sheet %q: %s", sheet, oneLine(err.Error()))
	}
	// Formulas are looked up only now, when the sheet is known to be
	// within the limits: excelize reads a whole sheet to find one.
	for _, i := range keyed {
		rr := &rd.rows[i]
		ac, cc := answerCols(rr.itemKey())
		for _, c := range []int{ac, cc} {
			if formula, _ := rd.f.GetCellFormula(sheet, cell(c, rr.Row)); formula != "" {
				rr.Formula = true
			}
		}
	}
	return nil
}

// verify checks one keyed row: its key must verify under the secret,
// belong to this packet and not repeat another row's.
func (rd *packetReader) verify(sheet string, row int, cols []string) (ReturnedRow, error) {
	rr := ReturnedRow{Sheet: sheet, Row: row, Key: strings.TrimSpace(cols[0])}
	k, err := membercheck.Verify(rr.Key, rd.secret)
	if err != nil {
		return rr, fmt.Errorf("sheet %q, row %d: the row's key does not verify (it was changed): the packet is refused", sheet, row)
	}
	pk := rd.packet
	if k.Project != pk.Project || k.Packet != pk.Packet || k.Participant != pk.Participant {
		return rr, fmt.Errorf("sheet %q, row %d: the row belongs to another packet (%s of %s): the packet is refused", sheet, row, k.Packet, k.Participant)
	}
	if prev, dup := rd.seen[rr.Key]; dup {
		return rr, fmt.Errorf("sheet %q, row %d repeats the row key of sheet %q, row %d: the packet is refused", sheet, row, prev.Sheet, prev.Row)
	}
	rd.seen[rr.Key] = rr
	ac, cc := answerCols(k.Item)
	if ac < len(cols) {
		rr.Answer = cols[ac]
	}
	if cc < len(cols) {
		rr.Comment = cols[cc]
	}
	if k.Item == "quote" && quoteTextCol < len(cols) {
		rr.Shown = cols[quoteTextCol]
	}
	return rr, nil
}

// answerCols are the columns of an item's answer and free text.
func answerCols(item string) (answer, comment int) {
	if item == "quote" {
		return quoteAnswerCol, quoteCommentCol
	}
	return themeAnswerCol, themeCommentCol
}

// itemKey is the item a verified row's key names.
func (r ReturnedRow) itemKey() string {
	k, _ := membercheck.Decode(r.Key)
	return k.Item
}

// answers validates every verified row's answer.
func (rd *packetReader) answers() (*Checked, error) {
	out := &Checked{Packet: rd.packet}
	for _, r := range rd.rows {
		k, _ := membercheck.Decode(r.Key)
		if r.Formula {
			out.Problems = append(out.Problems, Problem{r.Sheet, r.Row, "the answer cells hold a formula; type the answer itself"})
			continue
		}
		value, comment, problem := ReadAnswer(k.Item, rd.packet.Lang, r.Answer, r.Comment)
		if problem != "" {
			out.Problems = append(out.Problems, Problem{r.Sheet, r.Row, problem})
			continue
		}
		if value == "" && comment == "" {
			continue
		}
		out.Answers = append(out.Answers, Answer{Key: k, Value: value, Comment: comment, Shown: r.Shown, Sheet: r.Sheet, Row: r.Row})
	}
	return out, nil
}

// oneLine keeps an error message of a library on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ReadAnswer validates the two answer cells of a row: the choice (in any
// language) and the free text. For a quote, wording without a choice
// means Edit; Edit needs wording; Keep or Remove with wording is
// contradictory. problem is "" when the row is acceptable.
func ReadAnswer(item, lang, answerCell, commentCell string) (value, comment, problem string) {
	value, err := membercheck.ParseAnswer(item, answerCell, lang)
	if err != nil {
		return "", "", err.Error()
	}
	comment, err = membercheck.CleanComment(commentCell)
	if err != nil {
		return "", "", err.Error()
	}
	if item == "quote" {
		w := membercheck.WordingFor(lang)
		switch {
		case value == "" && comment != "":
			value = membercheck.Edit
		case value == membercheck.Edit && comment == "":
			return "", "", fmt.Sprintf("%s was chosen but no corrected wording was given", w.Choice(membercheck.Edit))
		case (value == membercheck.Keep || value == membercheck.Remove) && comment != "":
			return "", "", fmt.Sprintf("corrected wording was given but the choice is %s; choose %s to use the wording", w.Choice(value), w.Choice(membercheck.Edit))
		}
	}
	return value, comment, ""
}
