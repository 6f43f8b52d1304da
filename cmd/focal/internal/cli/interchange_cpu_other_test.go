//go:build !unix

package cli

import "time"

// interchangeCPU is not measured on this system.
func interchangeCPU() (time.Duration, bool) { return 0, false }
