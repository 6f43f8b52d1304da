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
// Cells are written by package safecsv, which every CSV file of Focal goes
// through: unless Options.Raw is set, a cell a spreadsheet would run as a
// formula (starting with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe, which spreadsheets hide and R or pandas read as part
// of the text (strip it with sub("^'", "", x) where needed).
package tidy

import (
	"io"

	"github.com/focalqda/focal/export/safecsv"
)

// Options choose how cells are written (Raw, BOM): see safecsv.Options.
type Options = safecsv.Options

// Writer writes RFC 4180 records with formula-like cells neutralised.
type Writer = safecsv.Writer

// NewWriter starts a CSV file on w.
func NewWriter(w io.Writer, opts Options) *Writer { return safecsv.NewWriter(w, opts) }
