package safecsv_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/export/safecsv"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(1,2)", "'=SUM(1,2)"},
		{"+1 to Zoë", "'+1 to Zoë"},
		{"-- honestly", "'-- honestly"},
		{"@channel", "'@channel"},
		{"\tindented", "'\tindented"},
		{"\rreturn", "'\rreturn"},
		{"=cmd|'-C calc'!A0", "'=cmd|'-C calc'!A0"},
		{"@SUM(1)", "'@SUM(1)"},
		{"", ""},
		{"a = b", "a = b"},
		{"42", "42"},
		{"'already", "'already"},
		{"'", "'"},
		{" =spaced", " =spaced"},
		// An apostrophe before a formula gains another, so that reading
		// back (Restore) gives the cell exactly.
		{"'=1", "''=1"},
		{"''@x", "'''@x"},
	}
	for _, tc := range tests {
		if got := safecsv.Neutralize(tc.in); got != tc.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := safecsv.Restore(tc.want); got != tc.in {
			t.Errorf("Restore(%q) = %q, want %q", tc.want, got, tc.in)
		}
	}
}

func dangerous(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }

// escaped reports whether s is apostrophes (or none) before a dangerous cell.
func escaped(s string) bool { return dangerous(strings.TrimLeft(s, "'")) }

// checkNeutralized holds for every cell: the result never starts a
// formula, a harmless cell is unchanged, a dangerous one (or apostrophes
// before one) only gains a leading apostrophe, so the words are all there,
// and Restore gives the cell back.
func checkNeutralized(t *testing.T, s string) {
	got := safecsv.Neutralize(s)
	if dangerous(got) {
		t.Fatalf("Neutralize(%q) = %q still starts a formula", s, got)
	}
	if escaped(s) && got != "'"+s {
		t.Fatalf("Neutralize(%q) = %q, want the cell after an apostrophe", s, got)
	}
	if !escaped(s) && got != s {
		t.Fatalf("Neutralize(%q) = %q changed a harmless cell", s, got)
	}
	if back := safecsv.Restore(got); back != s {
		t.Fatalf("Restore(Neutralize(%q)) = %q", s, back)
	}
}

func TestNeutralizeProperties(t *testing.T) {
	alphabet := []string{"=", "+", "-", "@", "\t", "\r", "\n", "a", " ", "'", "é", "🙂", ",", `"`}
	seed := uint64(7)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for range 2000 {
		var b strings.Builder
		for range next(8) {
			b.WriteString(alphabet[next(len(alphabet))])
		}
		checkNeutralized(t, b.String())
	}
}

func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"=1+1", "-", "@a", "\t", "\r\n", "plain", "", "'=x", "'"} {
		f.Add(s)
	}
	f.Fuzz(checkNeutralized)
}

// TestWriterRoundTrip writes awkward fields and reads them back with
// encoding/csv: quotes, commas, line breaks and surrounding space survive,
// records end with CRLF, and formula-like cells gain an apostrophe unless
// raw.
func TestWriterRoundTrip(t *testing.T) {
	fields := []string{"plain", "with, comma", `with "quotes"`, "two\nlines", " padded ", "=cmd|'-C calc'!A0", "", "🙂 é",
		"@SUM(1)", "\tx", "\rx", "+1", "-1"}
	formulas := []int{5, 8, 9, 10, 11, 12}
	for _, raw := range []bool{false, true} {
		var buf bytes.Buffer
		w := safecsv.NewWriter(&buf, safecsv.Options{Raw: raw})
		if err := w.Write(fields...); err != nil {
			t.Fatal(err)
		}
		if err := w.Write("second", "row"); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), "second,row\r\n") || !strings.Contains(buf.String(), "\"two\nlines\"") {
			t.Errorf("raw=%v: records or fields are not RFC 4180: %q", raw, buf.String())
		}
		r := csv.NewReader(&buf)
		r.FieldsPerRecord = -1
		got, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(fields)
		if !raw {
			for _, i := range formulas {
				want[i] = "'" + want[i]
			}
		}
		if !slices.Equal(got[0], want) {
			t.Errorf("raw=%v: read back %q\nwant %q", raw, got[0], want)
		}
	}
	var bom bytes.Buffer
	w := safecsv.NewWriter(&bom, safecsv.Options{BOM: true})
	w.Write("a")
	w.Flush()
	if bom.String() != "\uFEFFa\r\n" {
		t.Errorf("with BOM: %q", bom.String())
	}
}
