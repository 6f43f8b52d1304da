//go:build !unix

package study

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
