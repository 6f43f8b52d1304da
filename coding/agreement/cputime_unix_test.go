//go:build unix

package agreement

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used so far (user plus
// system, all threads), so that benchmarks can report work done rather
// than wall time on a shared, busy machine.
func processCPU() (time.Duration, bool) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, false
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), true
}
