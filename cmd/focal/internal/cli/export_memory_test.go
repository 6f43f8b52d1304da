package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestWorkbookMemorySettingIsRestored: a workbook export sets its memory
// limit and runs the collector less often below it, puts both back as
// they were when it ends, and leaves alone a GOGC or GOMEMLIMIT the user
// set (without the limit, a higher GOGC could let the heap grow fivefold).
func TestWorkbookMemorySettingIsRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	previous := debug.SetGCPercent(100)
	defer debug.SetGCPercent(previous)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	restore := limitWorkbookMemory()
	if gc, limit := debug.SetGCPercent(400), debug.SetMemoryLimit(-1); gc != 400 || limit != 232<<20 {
		t.Errorf("during the export: GOGC %d, memory limit %d; want 400 and 232 MiB", gc, limit)
	}
	restore()
	if gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); gc != 100 || limit != math.MaxInt64 {
		t.Errorf("after the export: GOGC %d, memory limit %d; want 100 and none", gc, limit)
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	restore = limitWorkbookMemory()
	if gc, limit := debug.SetGCPercent(50), debug.SetMemoryLimit(-1); gc != 50 || limit != 232<<20 {
		t.Errorf("with GOGC=50: GOGC %d, memory limit %d; want 50 kept and 232 MiB", gc, limit)
	}
	restore()

	t.Setenv("GOGC", "")
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(1 << 30)
	restore = limitWorkbookMemory()
	if gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); gc != 100 || limit != 1<<30 {
		t.Errorf("with GOMEMLIMIT set: GOGC %d, memory limit %d; want both kept", gc, limit)
	}
	restore()
}
