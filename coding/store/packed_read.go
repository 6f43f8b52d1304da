package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A large read of a whole table (every coding, every turn) is asked of
// SQLite as packed values rather than row by row: SQLite joins each row's
// fields with fieldSep and the rows with recordSep, packRows rows at a
// time in the order the table is stored (by rowid), and the text is split
// here, in another goroutine, while SQLite packs the next rows. Row by
// row, the pure-Go driver takes a lock and makes a string for every column
// of every row, which was most of the time agreement spent reading a large
// project; a pack costs one string. The coding and turn ids read are
// slices of those strings.
const (
	fieldSep  = '\x1f' // ASCII unit separator
	recordSep = '\x1e' // ASCII record separator
	// packRows is the number of rows in one pack: large enough that the
	// queries cost nothing next to the rows, small enough that SQLite's
	// copy of a pack stays small.
	packRows = 8192
)

// sqliteTooBig is SQLite's result code for a value longer than its
// longest (SQLITE_TOOBIG).
const sqliteTooBig = 18

// packedRows is the text of one pack and the rows it holds.
type packedRows struct {
	text   string
	rows   int
	fields int
}

// packedQuery is what eachPack reads: the fields of every row of table,
// as SQL expressions (a NULL must be given as a value: concat_ws leaves
// it out).
type packedQuery struct {
	table  string
	fields []string
}

// sql is the query of one pack: at most ?2 rows after the rowid ?1, or
// from the first row when first is true. It returns the number of rows,
// the last rowid and the rows packed (NULL when there are none).
func (q packedQuery) sql(first bool) string {
	where := "WHERE rowid > ?1"
	if first {
		where = "WHERE ?1 IS NULL"
	}
	return `SELECT count(*), max(r), group_concat(p, char(30)) FROM (SELECT rowid AS r, concat_ws(char(31), ` +
		strings.Join(q.fields, ", ") + `) AS p FROM ` + q.table + ` NOT INDEXED ` + where + ` ORDER BY rowid LIMIT ?2)`
}

// eachPack reads every row of q's table in packs of size rows, in the
// order stored, and calls add with each pack in turn, in another
// goroutine while the next pack is read. ok is false when a pack cannot
// be split back into exactly its rows (some value holds a separator
// itself: names and labels are the user's), when add reports a value
// that is not what the query packs (errPacked), or when a pack is longer
// than SQLite's longest value: what add was given must then be thrown
// away and the table read row by row.
func (s *Store) eachPack(ctx context.Context, q packedQuery, size int, add func(packedRows) error) (ok bool, err error) {
	packs := make(chan packedRows, 2)
	added := make(chan error, 1)
	go func() {
		var err error
		for p := range packs {
			if err == nil {
				err = add(p)
			}
		}
		added <- err
	}()
	ok, err = s.readPacks(ctx, q, size, packs)
	close(packs)
	addErr := <-added
	switch {
	case err != nil || !ok:
		return false, err
	case errors.As(addErr, new(errPacked)):
		return false, nil
	case addErr != nil:
		return false, addErr
	}
	return true, nil
}

// readPacks reads the packs of eachPack and sends them to packs.
func (s *Store) readPacks(ctx context.Context, q packedQuery, size int, packs chan<- packedRows) (ok bool, err error) {
	var after any // the last rowid read; nil before the first pack
	for {
		p := packedRows{fields: len(q.fields)}
		var last *int64
		var text *string
		if err := s.rd.QueryRowContext(ctx, q.sql(after == nil), after, size).Scan(&p.rows, &last, &text); err != nil {
			var coded interface{ Code() int }
			if errors.As(err, &coded) && coded.Code()&0xff == sqliteTooBig {
				return false, nil
			}
			return false, err
		}
		if p.rows == 0 {
			return true, nil
		}
		if text == nil || last == nil {
			return false, nil
		}
		p.text = *text
		// Every separator is one SQLite put in: none is inside a value.
		if strings.Count(p.text, string(recordSep)) != p.rows-1 ||
			strings.Count(p.text, string(fieldSep)) != p.rows*(p.fields-1) {
			return false, nil
		}
		packs <- p
		if p.rows < size {
			return true, nil
		}
		after = *last
	}
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
