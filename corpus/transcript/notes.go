package transcript

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// maxNotes caps the notes of one file: a file with a recovery on every line
// would otherwise bury the researcher in thousands of identical notes.
const maxNotes = 100

// notebook collects the recoveries of one parse.
//
// A note of a repeating kind (say "cue has no text") is written once, at
// its first line, and later occurrences only count, so that the note reads
// "line 6: cue has no text; skipped (and 11 more like it)".
type notebook struct {
	unit    string // "line" or "paragraph": what the numbers count
	entries []noteEntry
	byKind  map[string]int // kind -> index in entries
	dropped int
}

type noteEntry struct {
	num  int
	msg  string
	more int
}

func newNotebook(unit string) *notebook {
	return &notebook{unit: unit, byKind: map[string]int{}}
}

// add records a note at a line (or paragraph); num 0 means the whole file.
func (n *notebook) add(num int, format string, args ...any) {
	if len(n.entries) >= maxNotes {
		n.dropped++
		return
	}
	n.entries = append(n.entries, noteEntry{num: num, msg: fmt.Sprintf(format, args...)})
}

// addOnce records a note of a repeating kind: only its first occurrence is
// written out, the others are counted.
func (n *notebook) addOnce(kind string, num int, format string, args ...any) {
	if i, seen := n.byKind[kind]; seen {
		n.entries[i].more++
		return
	}
	if len(n.entries) >= maxNotes {
		n.dropped++
		return
	}
	n.byKind[kind] = len(n.entries)
	n.add(num, format, args...)
}

// where names a location for a note or an error message.
func (n *notebook) where(num int) string {
	return fmt.Sprintf("%s %d", n.unit, num)
}

// list renders the notes, each naming its line.
func (n *notebook) list() []string {
	// Notes are written as problems are found, which is not always in file
	// order (cue text is examined after all cues are read).
	entries := slices.Clone(n.entries)
	slices.SortStableFunc(entries, func(a, b noteEntry) int { return cmp.Compare(a.num, b.num) })
	out := make([]string, 0, len(entries)+1)
	for _, e := range entries {
		var b strings.Builder
		if e.num > 0 {
			b.WriteString(n.where(e.num))
			b.WriteString(": ")
		}
		b.WriteString(e.msg)
		if e.more > 0 {
			fmt.Fprintf(&b, " (and %d more like it)", e.more)
		}
		out = append(out, b.String())
	}
	if n.dropped > 0 {
		out = append(out, fmt.Sprintf("%d further notes not shown", n.dropped))
	}
	return out
}
