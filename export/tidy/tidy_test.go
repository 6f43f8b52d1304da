package tidy_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/tidy"
)

// TestWriterRoundTrip writes awkward fields and reads them back with
// encoding/csv: quotes, commas, line breaks and surrounding space survive,
// records end with CRLF, and formula-like cells gain an apostrophe unless
// raw.
func TestWriterRoundTrip(t *testing.T) {
	fields := []string{"plain", "with, comma", `with "quotes"`, "two\nlines", " padded ", "=cmd|' /C calc'!A0", "", "🙂 é"}
	for _, raw := range []bool{false, true} {
		var buf bytes.Buffer
		w := tidy.NewWriter(&buf, tidy.Options{Raw: raw})
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
			want[5] = "'" + want[5]
		}
		if !slices.Equal(got[0], want) {
			t.Errorf("raw=%v: read back %q\nwant %q", raw, got[0], want)
		}
	}
	var bom bytes.Buffer
	w := tidy.NewWriter(&bom, tidy.Options{BOM: true})
	w.Write("a")
	w.Flush()
	if bom.String() != "\uFEFFa\r\n" {
		t.Errorf("with BOM: %q", bom.String())
	}
}

func readTable(t *testing.T, d *dataset.Dataset, table tidy.Table, u tidy.Unit, opts tidy.Options) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := tidy.Write(&buf, d, table, u, opts); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return rows
}

func TestTables(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	seg := readTable(t, d, tidy.Segments, tidy.ByTurn, tidy.Options{})
	if !slices.Equal(seg[0], tidy.SegmentColumns()) || len(seg) != len(d.Codings)+1 {
		t.Fatalf("segments: header %q, %d rows for %d codings", seg[0], len(seg)-1, len(d.Codings))
	}
	text, layer := slices.Index(seg[0], "text"), slices.Index(seg[0], "layer")
	var long, neutral bool
	for _, row := range seg[1:] {
		long = long || row[text] == datasettest.Long()
		neutral = neutral || row[text] == "'=SUM(1,2) is what they call me, the only one on nights."
		if row[layer] != "consensus" && row[layer] != "all coders" {
			t.Errorf("layer = %q", row[layer])
		}
	}
	if !long || !neutral {
		t.Errorf("long text whole: %v; formula-like quote neutralised: %v", long, neutral)
	}
	raw := readTable(t, d, tidy.Segments, tidy.ByTurn, tidy.Options{Raw: true})
	if !slices.ContainsFunc(raw, func(r []string) bool { return strings.HasPrefix(r[text], "=SUM") }) {
		t.Error("--raw changed a quote")
	}

	matrix := readTable(t, d, tidy.Matrix, tidy.ByTurn, tidy.Options{})
	// P1: c01 and c03 (inside c01) are one passage, not two codings.
	if !slices.Equal(matrix[0][:4], []string{"participant", "pseudonym", "groups", "Invisible work"}) || matrix[1][0] != "P1" || matrix[1][3] != "1" {
		t.Errorf("matrix = %q", matrix[:2])
	}

	turns := readTable(t, d, tidy.Presence, tidy.ByTurn, tidy.Options{})
	iso := slices.Index(turns[0], "belonging/isolation")
	if iso < 0 || len(turns) != 7 {
		t.Fatalf("presence by turn: header %q, %d rows", turns[0], len(turns)-1)
	}
	for _, row := range turns[1:] {
		for _, cell := range row[6:] {
			if cell != "0" && cell != "1" {
				t.Fatalf("presence cell %q", cell)
			}
		}
	}
	people := readTable(t, d, tidy.Presence, tidy.ByParticipant, tidy.Options{})
	if len(people) != len(d.Voices)+1 || people[1][0] != "P1" || people[1][slices.Index(people[0], "belonging/isolation")] != "1" {
		t.Errorf("presence by participant = %q", people[:2])
	}

	sources := readTable(t, d, tidy.Sources, tidy.ByTurn, tidy.Options{})
	if sources[1][6] != "consensus" || sources[2][6] != "all coders" {
		t.Errorf("sources = %q", sources)
	}
	parts := readTable(t, d, tidy.Participants, tidy.ByTurn, tidy.Options{})
	if !slices.Contains(parts[0], "pgy") || parts[1][1] != "Mara" {
		t.Errorf("participants = %q", parts[:2])
	}
}

func TestParse(t *testing.T) {
	if _, err := tidy.ParseTable("everything"); err == nil {
		t.Error("unknown table accepted")
	}
	if _, err := tidy.ParseUnit("sentence"); err == nil {
		t.Error("unknown unit accepted")
	}
	if got := tidy.FileName(tidy.Presence, tidy.ByParticipant); got != "presence-by-participant.csv" {
		t.Errorf("file name = %q", got)
	}
}
