package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestAgreeGCSettingIsRestored: agree turns the collector off only while
// it reads and until a first collection (at a soft memory limit), turns
// it back on as it was, and leaves alone a setting the user chose with
// GOGC or GOMEMLIMIT.
func TestAgreeGCSettingIsRestored(t *testing.T) {
	gogc := func() int64 {
		sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(sample)
		return int64(sample[0].Value.Uint64())
	}
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

	// A collection while reading (the heap reached the limit) turns the
	// usual setting back on at once.
	restore = relaxGCWhileReading()
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for gogc() != 100 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if gc, limit := gogc(), debug.SetMemoryLimit(-1); gc != 100 || limit != math.MaxInt64 {
		t.Errorf("after a collection while reading: GOGC %d, memory limit %d; want 100 and none", gc, limit)
	}
	restore()
	if gc := gogc(); gc != 100 {
		t.Errorf("restoring twice left GOGC %d", gc)
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
