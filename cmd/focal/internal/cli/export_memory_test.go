package cli

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
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

// TestMemorySettingsOnlyForTheWholeProcess: the commands' memory settings
// are made when focal is the process (cli.Run) and never by an App that
// shares its process, as the team server's sessions do.
func TestMemorySettingsOnlyForTheWholeProcess(t *testing.T) {
	for _, owns := range []bool{false, true} {
		set, restored := false, false
		app := &App{OwnsProcess: owns}
		app.tuneRuntime(func() func() {
			set = true
			return func() { restored = true }
		})()
		if set != owns || restored != owns {
			t.Errorf("OwnsProcess %v: setting made %v, undone %v", owns, set, restored)
		}
	}
}

// TestStandardOutputIsWholeOrNothing: an export to standard output (--out -)
// that fails part way leaves nothing there, not part of a workbook; one
// that succeeds is copied whole; the temporary file in between is 0600 and
// removed either way.
func TestStandardOutputIsWholeOrNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var stdout bytes.Buffer
	late := errors.New("the disk is full")
	err := writeStandardOutput(&stdout, func(w io.Writer) error {
		if _, err := w.Write([]byte("PK\x03\x04 the first part of a workbook")); err != nil {
			return err
		}
		return late
	})
	if !errors.Is(err, late) || stdout.Len() != 0 {
		t.Errorf("failed write: error %v, %d bytes on standard output; want the error and nothing", err, stdout.Len())
	}
	whole := bytes.Repeat([]byte("0123456789"), 50_000)
	err = writeStandardOutput(&stdout, func(w io.Writer) error {
		entries, err := os.ReadDir(tmp)
		if err != nil || len(entries) != 1 {
			t.Fatalf("temporary files while writing: %v %v", entries, err)
		}
		if info, err := entries[0].Info(); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("temporary file %v: mode %v", err, info.Mode().Perm())
		}
		_, err = w.Write(whole)
		return err
	})
	if err != nil || !bytes.Equal(stdout.Bytes(), whole) {
		t.Errorf("whole write: error %v, %d bytes of %d", err, stdout.Len(), len(whole))
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}
