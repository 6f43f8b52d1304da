package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A large read of a whole table (every coding, every turn) is asked of
// SQLite as one packed value rather than row by row: SQLite joins each
// row's fields with fieldSep and the rows with recordSep, in the order it
// reads the table, and the text is split here. Row by row, the pure-Go
// driver takes a lock and makes a string for every column of every row,
// which was most of the time agreement spent reading a large project; one
// value costs one string. The coding and turn ids read are slices of that
// one string.
const (
	fieldSep  = '\x1f' // ASCII unit separator
	recordSep = '\x1e' // ASCII record separator
)

// sqliteTooBig is SQLite's result code for a value longer than its
// longest (SQLITE_TOOBIG).
const sqliteTooBig = 18

// packedRows is the text of a packed read and the rows it holds.
type packedRows struct {
	text   string
	rows   int
	fields int
}

// readPacked runs query, which returns one row of two columns: the number
// of rows packed, and the rows packed (the fields of each joined with
// fieldSep, the rows with recordSep, NULL when there are none; a NULL
// field must be given as a value, concat_ws leaves it out). ok is
// false when the packed text cannot be split back into exactly those rows
// of fields fields each: some value holds a separator itself (names and
// labels are the user's), or the read failed in a way a row-by-row read
// may not (a project whose packed rows are longer than SQLite's longest
// value). The caller then reads row by row.
func (s *Store) readPacked(ctx context.Context, query string, fields int) (p packedRows, ok bool, err error) {
	var text *string
	if err := s.rd.QueryRowContext(ctx, query).Scan(&p.rows, &text); err != nil {
		var coded interface{ Code() int }
		if errors.As(err, &coded) && coded.Code()&0xff == sqliteTooBig {
			return p, false, nil
		}
		return p, false, err
	}
	p.fields = fields
	if text == nil || p.rows == 0 {
		return p, p.rows == 0, nil
	}
	p.text = *text
	// Every separator is one SQLite put in: none is inside a value.
	if strings.Count(p.text, string(recordSep)) != p.rows-1 ||
		strings.Count(p.text, string(fieldSep)) != p.rows*(fields-1) {
		return p, false, nil
	}
	return p, true, nil
}

// each calls fn with the fields of every row in turn (the slice is reused
// from row to row), stopping at the first error.
func (p packedRows) each(fn func(f []string) error) error {
	f := make([]string, p.fields)
	rest := p.text
	for range p.rows {
		end := strings.IndexByte(rest, recordSep)
		if end < 0 {
			end = len(rest)
		}
		row := rest[:end]
		rest = rest[min(end+1, len(rest)):]
		for i := range f {
			cut := strings.IndexByte(row, fieldSep)
			if cut < 0 {
				cut = len(row)
			}
			f[i], row = row[:cut], row[min(cut+1, len(row)):]
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// errPacked says that a packed value is not what its query packs: the
// read is done again row by row.
type errPacked struct{ what, value string }

func (e errPacked) Error() string { return fmt.Sprintf("packed %s %q", e.what, e.value) }

// packedInt reads an integer field of a packed row.
func packedInt(what, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errPacked{what, s}
	}
	return n, nil
}
