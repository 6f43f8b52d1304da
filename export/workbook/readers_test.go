package workbook_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/internal/xlsxtest"
	"github.com/focalqda/focal/export/workbook"
)

// TestWorkbookReadsTheSameForEveryReader: every sheet of the study
// workbook, including the long text split across continuation rows, reads
// the same in openpyxl's normal and read-only modes and in excelize.
func TestWorkbookReadsTheSameForEveryReader(t *testing.T) {
	f, data, wb := writeFixture(t, dataset.Policy{})
	path := filepath.Join(t.TempDir(), "study.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	xlsxtest.SameForEveryReader(t, path)
	// The declared extent of the coded segments sheet, worked out from the
	// sheet itself: its header and every row, continuation rows included.
	rows, err := f.GetRows("coded segments")
	if err != nil {
		t.Fatal(err)
	}
	if wb.SplitCells == 0 {
		t.Fatal("the fixture has no text long enough to split; the test would not cover continuation rows")
	}
	dim, err := f.GetSheetDimension("coded segments")
	if err != nil {
		t.Fatal(err)
	}
	if want := workbook.Dimension(len(rows[0]), len(rows)); dim != want {
		t.Errorf("coded segments declares %q, want %q", dim, want)
	}
}

// TestDimension checks the declared range against cells written by hand.
func TestDimension(t *testing.T) {
	for _, c := range []struct {
		cols, rows int
		want       string
	}{{0, 0, "A1"}, {1, 1, "A1:A1"}, {3, 10, "A1:C10"}, {27, 2, "A1:AA2"}, {5, 0, "A1"}} {
		if got := workbook.Dimension(c.cols, c.rows); got != c.want {
			t.Errorf("Dimension(%d, %d) = %q, want %q", c.cols, c.rows, got, c.want)
		}
	}
}
