package workbook

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// kind says how a column's cells look.
type kind int

const (
	plain   kind = iota // text or whole numbers, top-aligned
	wrapped             // long text: wrapped, top-aligned
	decimal             // a number shown with three decimals
	percent             // a share shown as a percentage
)

// column describes one column of a sheet.
type column struct {
	header string
	kind   kind
	// width is the column width in characters; 0 fits it to the header
	// and the first rows.
	width float64
}

// sheetSpec describes a sheet before its rows are written.
type sheetSpec struct {
	name    string
	columns []column
	// keys is how many leading columns a continuation row repeats when a
	// cell's text is split across rows.
	keys int
	// part is the index of the column that numbers the pieces of a split
	// row ("2 of 3"), or -1 when the sheet has none.
	part int
	// freeze is how many leading columns stay in view when scrolling
	// sideways (the header row always does).
	freeze int
	// filter adds an autofilter over the header and rows.
	filter bool
}

// styles are the cell styles of the workbook, created once.
type styles struct {
	header int
	byKind [percent + 1]int
}

func newStyles(f *excelize.File) (*styles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	s := &styles{}
	var err error
	add := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.header = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "1F2937"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E5E7EB"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "6B7280", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	s.byKind[plain] = add(&excelize.Style{Alignment: top})
	s.byKind[wrapped] = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	three, pct := "0.000", "0.0%"
	s.byKind[decimal] = add(&excelize.Style{Alignment: top, CustomNumFmt: &three})
	s.byKind[percent] = add(&excelize.Style{Alignment: top, CustomNumFmt: &pct})
	return s, err
}

// sheetWriter streams one sheet: the header, frozen panes, widths, rows
// with long text split across continuation rows, and the autofilter.
type sheetWriter struct {
	f      *excelize.File
	st     *styles
	spec   sheetSpec
	sw     *excelize.StreamWriter
	row    int // last row written
	buffer []splitRow
	// cells and refs hold one row's cells for the stream writer; refs
	// point into cells, so that no cell is copied into an interface.
	cells []excelize.Cell
	refs  []any
	// split counts the cells whose text was split across rows.
	split int
}

// splitRow is one row of values with the pieces of its texts too long for
// a cell (see splitValues), and how many sheet rows it takes.
type splitRow struct {
	values []any
	pieces [][]string
	rows   int
}

// sampleRows is how many rows fit the widths of automatic columns.
const sampleRows = 200

// newSheet starts a sheet that will hold rows rows below its header.
func (w *Workbook) newSheet(spec sheetSpec, rows int) (*sheetWriter, error) {
	spec.name = SheetName(spec.name, w.used)
	if w.sheets == 0 {
		if err := w.f.SetSheetName(w.f.GetSheetName(0), spec.name); err != nil {
			return nil, err
		}
	} else if _, err := w.f.NewSheet(spec.name); err != nil {
		return nil, err
	}
	w.sheets++
	w.Sheets = append(w.Sheets, spec.name)
	// The stream writer writes the dimension the sheet has when it starts,
	// so it is set first.
	if err := w.f.SetSheetDimension(spec.name, Dimension(len(spec.columns), rows+1)); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(spec.name)
	if err != nil {
		return nil, err
	}
	s := &sheetWriter{f: w.f, st: w.st, spec: spec, sw: sw,
		cells: make([]excelize.Cell, len(spec.columns)), refs: make([]any, len(spec.columns))}
	for i := range s.cells {
		s.refs[i] = &s.cells[i]
	}
	return s, nil
}

// add writes one row of values: strings (always as text, never as
// formulas), ints, float64 and nil. Rows are buffered until the widths of
// automatic columns are known; values is not kept after add returns, so
// the caller may fill the same slice for the next row.
func (s *sheetWriter) add(values []any) error {
	r := splitRow{values: values}
	r.pieces, r.rows = splitValues(values)
	if s.buffer != nil || s.row == 0 {
		r.values = slices.Clone(values)
	}
	return s.addSplit(r)
}

// addSplit writes one row whose long texts are already split.
func (s *sheetWriter) addSplit(r splitRow) error {
	if s.buffer != nil || s.row == 0 {
		s.buffer = append(s.buffer, r)
		if len(s.buffer) < sampleRows {
			return nil
		}
		return s.start()
	}
	return s.write(r)
}

// start fits the widths, freezes the header, writes it and the buffered
// rows.
func (s *sheetWriter) start() error {
	for i, c := range s.spec.columns {
		width := c.width
		if width == 0 {
			width = fitWidth(c, i, s.buffer)
		}
		if err := s.sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	topLeft, _ := excelize.CoordinatesToCellName(s.spec.freeze+1, 2)
	pane := "bottomLeft"
	if s.spec.freeze > 0 {
		pane = "bottomRight"
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: s.spec.freeze, YSplit: 1, TopLeftCell: topLeft, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: pane}}}); err != nil {
		return err
	}
	header := make([]any, len(s.spec.columns))
	for i, c := range s.spec.columns {
		header[i] = excelize.Cell{StyleID: s.st.header, Value: c.header}
	}
	if err := s.sw.SetRow("A1", header); err != nil {
		return err
	}
	s.row = 1
	buffered := s.buffer
	s.buffer = nil
	for _, r := range buffered {
		if err := s.write(r); err != nil {
			return err
		}
	}
	return nil
}

// write streams one row, splitting text longer than a cell holds into
// continuation rows that repeat the key columns.
func (s *sheetWriter) write(row splitRow) error {
	values, pieces := row.values, row.pieces
	for _, p := range pieces {
		if p != nil {
			s.split++
		}
	}
	for r := range row.rows {
		for i := range s.cells {
			var v any
			switch {
			case i < len(pieces) && pieces[i] != nil:
				if r < len(pieces[i]) {
					v = pieces[i][r]
				}
			case i < len(values) && (r == 0 || i < s.spec.keys):
				v = values[i]
			}
			if i == s.spec.part && row.rows > 1 {
				v = fmt.Sprintf("%d of %d", r+1, row.rows)
			}
			s.cells[i] = s.cell(i, v)
		}
		s.row++
		if err := s.sw.SetRow(cellName(1, s.row), s.refs); err != nil {
			return err
		}
	}
	return nil
}

// cellName names the cell at column col (from 1) of row row, such as
// "A2"; it is the name excelize.CoordinatesToCellName gives.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// cell wraps a value with its column's style; text stays text.
func (s *sheetWriter) cell(col int, v any) excelize.Cell {
	k := plain
	if col < len(s.spec.columns) {
		k = s.spec.columns[col].kind
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			v = "undefined"
		}
	case int, string, nil:
	default:
		v = fmt.Sprint(x)
	}
	return excelize.Cell{StyleID: s.st.byKind[k], Value: v}
}

// close writes what is buffered, adds the autofilter and flushes.
func (s *sheetWriter) close() error {
	if s.row == 0 {
		if err := s.start(); err != nil {
			return err
		}
	}
	if s.spec.filter && len(s.spec.columns) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(s.spec.columns), max(s.row, 2))
		// The filter is set on the worksheet the stream writer holds and
		// is written out by Flush.
		if err := s.f.AutoFilter(s.spec.name, "A1:"+last, nil); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

// fitWidth sizes a column to its header and sampled values, within
// bounds that keep a sheet readable.
func fitWidth(c column, i int, rows []splitRow) float64 {
	longest := 0
	for _, word := range strings.Fields(c.header) {
		longest = max(longest, utf8.RuneCountInString(word))
	}
	longest = max(longest, min(utf8.RuneCountInString(c.header), 24))
	for _, r := range rows {
		if i >= len(r.values) {
			continue
		}
		var n int
		switch v := r.values[i].(type) {
		case string:
			for _, line := range strings.Split(v, "\n") {
				n = max(n, utf8.RuneCountInString(line))
			}
		case int:
			n = len(fmt.Sprint(v))
		case float64:
			n = 7
		}
		longest = max(longest, n)
	}
	limit := 50.0
	if c.kind == wrapped {
		limit = 70
	}
	return math.Min(math.Max(float64(longest)+2, 8), limit)
}

// splitValues splits the text values too long for one cell and says how
// many sheet rows the values take: one, or as many as the longest text's
// pieces. pieces[i] is nil for a value that fits.
func splitValues(values []any) (pieces [][]string, rows int) {
	rows = 1
	for i, v := range values {
		if text, ok := v.(string); ok && len(text) > MaxCellChars/4 {
			if p := SplitCell(text, MaxCellChars); len(p) > 1 {
				if pieces == nil {
					pieces = make([][]string, len(values))
				}
				pieces[i] = p
				rows = max(rows, len(p))
			}
		}
	}
	return pieces, rows
}

// Dimension is the range a sheet of cols columns and rows rows declares:
// "A1" for an empty sheet, otherwise from A1 to its last cell.
func Dimension(cols, rows int) string {
	if cols < 1 || rows < 1 {
		return "A1"
	}
	last, _ := excelize.CoordinatesToCellName(cols, rows)
	return "A1:" + last
}
