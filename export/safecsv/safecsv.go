// Package safecsv writes the CSV files Focal hands out (tidy tables,
// codings, the key file) so that a spreadsheet never runs a cell as a
// formula: the one place where that rule is kept.
//
// Files are RFC 4180: comma-separated, CRLF after each record, a field
// quoted when it holds a comma, a double quote (doubled), a line break or
// leading or trailing space; line breaks inside a field are written as
// they are. UTF-8, with a byte-order mark only when asked for.
//
// A spreadsheet treats a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula, so participants' words, a code's name or
// a pseudonym could run as one (=cmd|'/C calc'!A0, @SUM(1)). Unless
// Options.Raw is set, such cells are neutralised by a leading apostrophe,
// which spreadsheets hide and R or pandas read as part of the text.
package safecsv

import (
	"bufio"
	"io"
	"strings"
)

// Options choose how cells are written.
type Options struct {
	// Raw writes every cell untouched, formula-like ones included: only
	// for files that programs which never run formulas read.
	Raw bool
	// BOM starts the file with a UTF-8 byte-order mark, which Excel needs
	// to read UTF-8 and some other readers keep as part of the first name.
	BOM bool
}

// startsFormula reports whether a spreadsheet would read cell as a
// formula, or cell is apostrophes before one (so that Neutralize can be
// undone exactly by Restore).
func startsFormula(cell string) bool {
	cell = strings.TrimLeft(cell, "'")
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Neutralize makes a cell that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) plain text by
// putting an apostrophe before it. A cell that already starts with
// apostrophes before such a character gains one more, so that Restore
// gives back every cell exactly. Other cells are returned unchanged.
func Neutralize(cell string) string {
	if startsFormula(cell) {
		return "'" + cell
	}
	return cell
}

// Restore undoes Neutralize: Restore(Neutralize(s)) == s for every s. It
// is for reading back a file Focal wrote without Options.Raw.
func Restore(cell string) string {
	if rest, ok := strings.CutPrefix(cell, "'"); ok && startsFormula(rest) {
		return rest
	}
	return cell
}

// Writer writes RFC 4180 records.
type Writer struct {
	w   *bufio.Writer
	raw bool
	err error
}

// NewWriter starts a CSV file on w.
func NewWriter(w io.Writer, opts Options) *Writer {
	cw := &Writer{w: bufio.NewWriterSize(w, 64<<10), raw: opts.Raw}
	if opts.BOM {
		_, cw.err = cw.w.WriteString("\uFEFF")
	}
	return cw
}

// Write writes one record; an error sticks and is returned by Flush too.
func (cw *Writer) Write(fields ...string) error {
	if cw.err != nil {
		return cw.err
	}
	for i, f := range fields {
		if i > 0 {
			cw.w.WriteByte(',')
		}
		if !cw.raw {
			f = Neutralize(f)
		}
		if needsQuotes(f) {
			cw.w.WriteByte('"')
			cw.w.WriteString(strings.ReplaceAll(f, `"`, `""`))
			cw.w.WriteByte('"')
		} else {
			cw.w.WriteString(f)
		}
	}
	_, cw.err = cw.w.WriteString("\r\n")
	return cw.err
}

// Flush writes what is buffered.
func (cw *Writer) Flush() error {
	if cw.err != nil {
		return cw.err
	}
	return cw.w.Flush()
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f[0] == ' ' || f[len(f)-1] == ' ' {
		return true
	}
	return strings.ContainsAny(f, ",\"\r\n")
}
