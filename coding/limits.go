package coding

import "fmt"

// Limits on single fields of what users import (codings CSV, REFI-QDA
// projects): docs/LIMITS.md lists them with every other limit. They bound
// memory and keep one damaged or hostile field from filling the project.
const (
	// MaxNameBytes bounds a name as a file gives it: a code (or code path
	// a/b/c), source, coder, participant, theme or user name.
	MaxNameBytes = 4 << 10
	// MaxMemoBytes bounds one memo or description: a coding's memo, a
	// note, a code's or source's description.
	MaxMemoBytes = 1 << 20
)

// SizeText renders a size in bytes for a message: "4.0 KB", "1.0 MB".
func SizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
