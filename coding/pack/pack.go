// Package pack reads and writes coder packs: one coder's work in their own
// copy of a project (codings added and removed, codes they created, their
// memos and done marks), as the events of the copy's log, so that the
// master copy can take it in with `focal merge`.
//
// A pack is JSON Lines (docs/PACKS.md): a header line naming the format
// version, the project, the coder, the base and the SHA-256 of every source
// text the events refer to, then one event per line in the order the
// events happened in the copy. The package knows the format and its rules
// only; coding/store makes packs from a project and merges them into one.
package pack

import (
	"strings"

	"github.com/focalqda/focal/coding/event"
)

// Version is the pack format this package writes and reads.
const Version = 1

// Extension is how the name of a pack file ends.
const Extension = ".focalpack"

// TimeFormat is how times are written in a pack, as in the event log.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// MaxLine is the longest line a pack may have; a memo of a few hundred
// pages still fits, a damaged file does not exhaust memory.
const MaxLine = 16 << 20

// The kinds of event that are a coder's own work: a merge applies them.
// Every other kind changes the codebook or the project, which belong to
// the master copy.
const (
	KindCodingAdded   = event.CodingAdded
	KindCodingRemoved = event.CodingRemoved
	KindCodeCreated   = event.CodeCreated
	KindMemoAdded     = event.MemoAdded
	KindMemoEdited    = event.MemoEdited
	KindSourceDone    = event.SourceDone
	KindSourceUndone  = event.SourceUndone
	// KindSuggestionRejected is a passage the coder said is not for a
	// code, so that `focal suggest` does not offer it to them again.
	KindSuggestionRejected = event.SuggestionRejected
)

// IsWork reports whether events of kind are a coder's own work, which a
// merge applies, rather than a change to the codebook or the project.
func IsWork(kind event.Kind) bool { return event.IsWork(kind) }

// Pack is one coder's events since a base, with the header that says whose
// and of what.
type Pack struct {
	Header Header
	Events []Event
}

// Header is the first line of a pack.
type Header struct {
	// Format is the pack format version (Version); its key, "focalpack",
	// also marks the file as a pack.
	Format  int     `json:"focalpack"`
	Project Project `json:"project"`
	Coder   Coder   `json:"coder"`
	Base    Base    `json:"base"`
	// Until is the sequence number of the copy's last event when the pack
	// was made: `--since UNTIL` makes the next pack start after it.
	Until  int64  `json:"until"`
	MadeAt string `json:"made_at"`
	// Events is how many event lines follow, so that a file cut short is
	// noticed.
	Events int `json:"events"`
	// Sources are the sources the events refer to, with the hash of the
	// stored text the positions in the events are counted in.
	Sources []Source `json:"sources"`
	// LeftOut lists the coder's codebook and project changes that the pack
	// leaves out (pack --work-only), so that the master knows of them.
	LeftOut []LeftOut `json:"left_out,omitempty"`
	// Signature signs the pack with the key of the copy it was made in;
	// packs from copies made by earlier releases have none.
	Signature *Signature `json:"signature,omitempty"`
}

// Project names the project a pack belongs to.
type Project struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
}

// Coder is the coder whose work a pack carries.
type Coder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"` // coder or pi
}

// Source is a source the events of a pack refer to.
type Source struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// LeftOut is a change to the codebook or the project that a pack names but
// does not carry.
type LeftOut struct {
	Seq      int64      `json:"seq"`
	ID       string     `json:"id"`
	Kind     event.Kind `json:"kind"`
	EntityID string     `json:"entity_id,omitempty"`
	// What says what the change was, for people (see Describe).
	What string `json:"what,omitempty"`
}

// Event is one event of the copy's log (see package event).
type Event = event.Event

// The records that a pack's events carry (see package event).
type (
	// CodingRecord is event.CodingRecord.
	CodingRecord = event.CodingRecord
	// MemoRecord is event.MemoRecord.
	MemoRecord = event.MemoRecord
	// MemoText is event.MemoText.
	MemoText = event.MemoText
	// DoneRecord is event.DoneRecord.
	DoneRecord = event.DoneRecord
	// SuggestionRejectRecord is event.SuggestionRejectRecord.
	SuggestionRejectRecord = event.SuggestionRejectRecord
)

// MasterChanges lists the events that are not a coder's own work: changes
// to the codebook or the project, which only the master copy makes.
func (p *Pack) MasterChanges() []Event {
	var out []Event
	for _, e := range p.Events {
		if !IsWork(e.Kind) {
			out = append(out, e)
		}
	}
	return out
}

// Counts counts the events of each kind.
func (p *Pack) Counts() map[event.Kind]int {
	out := map[event.Kind]int{}
	for _, e := range p.Events {
		out[e.Kind]++
	}
	return out
}

// Describe says in a few words what an event did (see event.Describe).
func Describe(e Event) string { return event.Describe(e) }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
