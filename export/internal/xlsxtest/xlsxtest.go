// Package xlsxtest is test support for the packages that write workbooks:
// it reads a workbook back the ways its readers do and reports where they
// disagree. Only _test.go files import it.
package xlsxtest

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/focalqda/focal/corpus/testenv"
)

// readBothModes prints, for every sheet, its cells as openpyxl sees them in
// its normal mode and in read-only mode (which trusts each sheet's declared
// dimension), as JSON: {sheet: [normal rows, read-only rows]}. Trailing
// empty cells and rows are dropped, since the two modes pad differently.
const readBothModes = `
import sys, json, openpyxl
def cells(ws):
    rows = []
    for r in ws.iter_rows(values_only=True):
        r = ["" if v is None else str(v) for v in r]
        while r and r[-1] == "":
            r.pop()
        rows.append(r)
    while rows and not rows[-1]:
        rows.pop()
    return rows
full = openpyxl.load_workbook(sys.argv[1])
fast = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for name in full.sheetnames:
    out[name] = [cells(full[name]), cells(fast[name])]
print(json.dumps(out))
`

// SameForEveryReader checks that every sheet of the workbook at path reads
// the same in openpyxl's normal and read-only modes and in excelize, and
// that each sheet declares a dimension that covers its cells. It returns
// the number of non-empty cells read, so a caller can check the workbook
// is not read as empty. Without Debian's python3-openpyxl the test skips,
// or under CI fails.
func SameForEveryReader(t *testing.T, path string) int {
	t.Helper()
	python := testenv.PythonWith(t, "openpyxl")
	out, err := exec.Command(python, "-c", readBothModes, path).Output()
	if err != nil {
		t.Fatalf("openpyxl on %s: %v", path, err)
	}
	var sheets map[string][2][][]string
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatalf("openpyxl output: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize opens %s: %v", path, err)
	}
	defer f.Close()
	cells := 0
	for _, name := range f.GetSheetList() {
		modes, ok := sheets[name]
		if !ok {
			t.Errorf("sheet %q: openpyxl does not list it", name)
			continue
		}
		full, fast := modes[0], modes[1]
		if fmt.Sprint(full) != fmt.Sprint(fast) {
			t.Errorf("sheet %q: openpyxl reads %d rows normally but %d rows in read-only mode", name, len(full), len(fast))
		}
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatalf("excelize reads sheet %q: %v", name, err)
		}
		for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		if len(rows) != len(full) {
			t.Errorf("sheet %q: excelize reads %d rows, openpyxl %d", name, len(rows), len(full))
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
			for _, v := range r {
				if v != "" {
					cells++
				}
			}
		}
		dim, err := f.GetSheetDimension(name)
		if err != nil {
			t.Fatalf("sheet %q dimension: %v", name, err)
		}
		if len(rows) > 0 && cols > 0 {
			last, _ := excelize.CoordinatesToCellName(cols, len(rows))
			if !covers(dim, last) {
				t.Errorf("sheet %q declares %q, which does not reach its last cell %s", name, dim, last)
			}
		}
	}
	return cells
}

// covers reports whether the range ref (such as "A1:F20") reaches cell.
func covers(ref, cell string) bool {
	end := ref
	for i := range len(ref) {
		if ref[i] == ':' {
			end = ref[i+1:]
		}
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(end)
	c2, r2, err2 := excelize.CellNameToCoordinates(cell)
	return err1 == nil && err2 == nil && c1 >= c2 && r1 >= r2
}
