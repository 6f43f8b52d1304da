package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestAgreeGCSettingIsRestored: agree turns the collector off only while
// it reads (with a soft memory limit as a bound), turns it back on as it
// was, and leaves alone a setting the user chose with GOGC or GOMEMLIMIT.
func TestAgreeGCSettingIsRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	previous := debug.SetGCPercent(100)
	defer debug.SetGCPercent(previous)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	restore := relaxGCWhileReading()
	if gc, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); gc != -1 || limit != agreeReadHeap {
		t.Errorf("while reading: GOGC %d, memory limit %d; want off, %d", gc, limit, agreeReadHeap)
	}
	restore()
	if gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); gc != 100 || limit != math.MaxInt64 {
		t.Errorf("after reading: GOGC %d, memory limit %d; want 100 and none", gc, limit)
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	relaxGCWhileReading()()
	if gc := debug.SetGCPercent(100); gc != 50 {
		t.Errorf("GOGC=50 set by the user became %d", gc)
	}
	t.Setenv("GOGC", "")
	debug.SetMemoryLimit(1 << 30)
	relaxGCWhileReading()
	if gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); gc != 100 || limit != 1<<30 {
		t.Errorf("with GOMEMLIMIT set: GOGC %d, memory limit %d; want both kept", gc, limit)
	}
}
