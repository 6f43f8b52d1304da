// Package tidy writes a Focal dataset as tidy CSV files for R, pandas and
// spreadsheets: coded segments (one row per coding), the theme matrix, a
// 0/1 code-presence matrix per turn or per participant, the sources with
// the layer each came from, and the participants with their attributes.
//
// Files are RFC 4180 (comma-separated, CRLF after each record, fields
// quoted when they hold a comma, a quote, a line break or surrounding
// space) in UTF-8 without a byte-order mark. Line breaks inside a field
// are kept as they are in the stored text (LF).
//
// A spreadsheet treats a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula, so participants' words could run as one.
// Unless Options.Raw is set, such cells are neutralised by a leading
// apostrophe, which spreadsheets hide and R or pandas read as part of the
// text (strip it with sub("^'", "", x) where needed).
package tidy

import (
	"bufio"
	"io"
	"strings"
)

// Options choose how cells are written.
type Options struct {
	// Raw writes every cell untouched, formula-like ones included.
	Raw bool
	// BOM starts the file with a UTF-8 byte-order mark, which Excel needs
	// to read UTF-8 and some other readers keep as part of the first name.
	BOM bool
}

// Neutralize makes a cell that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) plain text by
// putting an apostrophe before it; other cells are returned unchanged.
func Neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
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
