// Package focal holds the synthetic focus-group fixtures that Focal's tests
// use and that `focal demo` builds its demo project from, so the binary
// carries them.
package focal

import "embed"

// Fixtures holds testdata/transcripts (the transcripts) and testdata/demo
// (participants, speakers, codebook, codings, themes and memos of the demo).
//
//go:embed testdata/transcripts testdata/demo
var Fixtures embed.FS
