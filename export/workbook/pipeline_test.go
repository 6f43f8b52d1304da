package workbook

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/export/dataset"
)

// pipelineWorkbook is a workbook to write test sheets into.
func pipelineWorkbook(t *testing.T) *Workbook {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	return newWorkbook(f, st)
}

// oneRowSheet is a step that writes a sheet of one row.
func oneRowSheet(wb *Workbook, name string) func(*dataset.Dataset) error {
	return func(*dataset.Dataset) error {
		return wb.sheet(sheetSpec{name: name, columns: []column{{header: "a"}}, part: -1}, func(add func(...any) error) error {
			return add("x")
		})
	}
}

// writeWithin runs writeSheets and fails the test if it does not return
// within a few seconds (a goroutine left waiting on the other).
func writeWithin(t *testing.T, wb *Workbook, steps []func(*dataset.Dataset) error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- wb.writeSheets(&dataset.Dataset{}, steps) }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("writing the sheets did not finish")
		return nil
	}
}

// TestFailedStepStopsTheWorkbook: when making a sheet's rows fails, the
// sheets before it are written, none after it, and the error is returned.
func TestFailedStepStopsTheWorkbook(t *testing.T) {
	wb := pipelineWorkbook(t)
	boom := errors.New("the dataset could not be read")
	err := writeWithin(t, wb, []func(*dataset.Dataset) error{
		oneRowSheet(wb, "first"),
		func(*dataset.Dataset) error { return boom },
		oneRowSheet(wb, "third"),
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	if strings.Join(wb.Sheets, ",") != "first" {
		t.Errorf("sheets written %q, want only first", wb.Sheets)
	}
}

// TestMiscountedSheetFailsTheWorkbook: a sheet that writes fewer rows
// than it declared fails the export (a reader trusting the declared
// extent would be misled), and the sheets after it are not written.
func TestMiscountedSheetFailsTheWorkbook(t *testing.T) {
	wb := pipelineWorkbook(t)
	steps := []func(*dataset.Dataset) error{
		func(*dataset.Dataset) error {
			return wb.streamSheet(sheetSpec{name: "short", columns: []column{{header: "a"}}, part: -1}, 2, func(s *sheetWriter) error {
				return s.add([]any{"only one row"})
			})
		},
	}
	for range 10 {
		steps = append(steps, oneRowSheet(wb, "later"))
	}
	err := writeWithin(t, wb, steps)
	if err == nil || !strings.Contains(err.Error(), "1 rows written where 2 were declared") {
		t.Fatalf("error %v, want the miscount named", err)
	}
	if strings.Join(wb.Sheets, ",") != "short" {
		t.Errorf("sheets written %q, want only short", wb.Sheets)
	}
}
