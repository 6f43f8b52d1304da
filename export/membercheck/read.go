package membercheck

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/coding/membercheck"
)

// Returned is a packet workbook as it came back: the packet's key and
// every row that carries a row key, with its cells.
type Returned struct {
	PacketKey string
	Rows      []ReturnedRow
}

// ReturnedRow is one answer row of a returned workbook.
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

// ReadWorkbook reads a returned packet. It reads values only (no formula
// is evaluated) and refuses a file that is not a Focal packet.
func ReadWorkbook(r io.Reader) (*Returned, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable workbook: %w", err)
	}
	defer f.Close()
	ret := &Returned{}
	if idx, _ := f.GetSheetIndex(keySheet); idx >= 0 {
		ret.PacketKey, _ = f.GetCellValue(keySheet, "A1")
	}
	if strings.TrimSpace(ret.PacketKey) == "" {
		return nil, errors.New("this workbook is not a Focal member-check packet (its packet key is missing)")
	}
	for _, sheet := range f.GetSheetList() {
		if sheet == keySheet {
			continue
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", sheet, err)
		}
		for i, row := range rows {
			if len(row) == 0 || !strings.HasPrefix(strings.TrimSpace(row[0]), "fmc1.") {
				continue
			}
			rr := ReturnedRow{Sheet: sheet, Row: i + 1, Key: strings.TrimSpace(row[0])}
			k, err := membercheck.Decode(rr.Key)
			ac, cc := themeAnswerCol, themeCommentCol
			if err == nil && k.Item == "quote" {
				ac, cc = quoteAnswerCol, quoteCommentCol
			}
			if ac < len(row) {
				rr.Answer = row[ac]
			}
			if k.Item == "quote" && quoteTextCol < len(row) {
				rr.Shown = row[quoteTextCol]
			}
			if cc < len(row) {
				rr.Comment = row[cc]
			}
			for _, c := range []int{ac, cc} {
				if formula, _ := f.GetCellFormula(sheet, cell(c, i+1)); formula != "" {
					rr.Formula = true
				}
			}
			ret.Rows = append(ret.Rows, rr)
		}
	}
	return ret, nil
}

// Answer is one validated answer of a returned packet.
type Answer struct {
	Key membercheck.Key
	// Value is yes, partly, no, keep, remove, edit or "" (no choice).
	Value string
	// Comment is the free text (themes) or corrected wording (quotes).
	Comment string
	Sheet   string
	Row     int
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

// Check verifies a returned packet against the project's id and secret and
// validates every answer. A packet of another project, or one whose packet
// key or any row key does not verify (changed, copied from another
// participant's packet, or duplicated), is refused as a whole. Answers
// outside the allowed set are reported as problems and left out; the
// others are returned.
func Check(ret *Returned, projectID string, secret []byte) (*Checked, error) {
	pk, err := membercheck.Decode(ret.PacketKey)
	if err != nil {
		return nil, fmt.Errorf("the packet key is damaged: %w", err)
	}
	if pk.Project != projectID {
		return nil, fmt.Errorf("%w (project %s, not this one)", ErrOtherProject, pk.Project)
	}
	if _, err := membercheck.Verify(ret.PacketKey, secret); err != nil || pk.Item != "packet" {
		return nil, fmt.Errorf("the packet key does not verify: the file was changed, or written by another copy of the project")
	}
	out := &Checked{Packet: pk}
	seen := map[string]ReturnedRow{}
	for _, r := range ret.Rows {
		k, err := membercheck.Verify(r.Key, secret)
		if err != nil {
			return nil, fmt.Errorf("sheet %q, row %d: the row's key does not verify (it was changed): the packet is refused", r.Sheet, r.Row)
		}
		if k.Project != pk.Project || k.Packet != pk.Packet || k.Participant != pk.Participant {
			return nil, fmt.Errorf("sheet %q, row %d: the row belongs to another packet (%s of %s): the packet is refused", r.Sheet, r.Row, k.Packet, k.Participant)
		}
		if prev, dup := seen[r.Key]; dup {
			return nil, fmt.Errorf("sheet %q, row %d repeats the row key of sheet %q, row %d: the packet is refused", r.Sheet, r.Row, prev.Sheet, prev.Row)
		}
		seen[r.Key] = r
		if r.Formula {
			out.Problems = append(out.Problems, Problem{r.Sheet, r.Row, "the answer cells hold a formula; type the answer itself"})
			continue
		}
		value, comment, problem := ReadAnswer(k.Item, pk.Lang, r.Answer, r.Comment)
		if problem != "" {
			out.Problems = append(out.Problems, Problem{r.Sheet, r.Row, problem})
			continue
		}
		if value == "" && comment == "" {
			continue
		}
		out.Answers = append(out.Answers, Answer{Key: k, Value: value, Comment: comment, Sheet: r.Sheet, Row: r.Row})
	}
	return out, nil
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
