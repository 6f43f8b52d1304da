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
	"encoding/json"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding"
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
	KindCodingAdded   = "coding.added"
	KindCodingRemoved = "coding.removed"
	KindCodeCreated   = "code.created"
	KindMemoAdded     = "memo.added"
	KindMemoEdited    = "memo.edited"
	KindSourceDone    = "source.done"
	KindSourceUndone  = "source.undone"
)

// IsWork reports whether events of kind are a coder's own work, which a
// merge applies, rather than a change to the codebook or the project.
func IsWork(kind string) bool {
	switch kind {
	case KindCodingAdded, KindCodingRemoved, KindCodeCreated, KindMemoAdded, KindMemoEdited, KindSourceDone, KindSourceUndone:
		return true
	}
	return false
}

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
	Seq      int64  `json:"seq"`
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	EntityID string `json:"entity_id,omitempty"`
	// What says what the change was, for people (see Describe).
	What string `json:"what,omitempty"`
}

// Event is one event of the copy's log, as `focal log --json` shows it.
// Before and After are the event's data, kept as written.
type Event struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	At       string          `json:"at"`
	Actor    string          `json:"actor,omitempty"`
	Kind     string          `json:"kind"`
	EntityID string          `json:"entity_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	Reason   string          `json:"reason,omitempty"`
}

// CodingRecord is a coding as coding.added (after) and coding.removed
// (before) events record it.
type CodingRecord struct {
	ID       string `json:"id"`
	SourceID string `json:"source_id"`
	Source   string `json:"source"`
	CodeID   string `json:"code_id"`
	Code     string `json:"code"`
	Coder    string `json:"coder"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Memo     string `json:"memo"`
}

// MemoRecord is a memo as a memo.added event records it.
type MemoRecord struct {
	ID         string `json:"id"`
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	Target     string `json:"target"`
	Author     string `json:"author"`
	AuthorID   string `json:"author_id"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

// MemoText is a memo's text before or after a memo.edited event.
type MemoText struct {
	Body       string `json:"body"`
	UpdatedAt  string `json:"updated_at"`
	TargetKind string `json:"target_kind,omitempty"`
	TargetID   string `json:"target_id,omitempty"`
}

// DoneRecord is what source.done and source.undone events record.
type DoneRecord struct {
	Source string `json:"source"`
	Coder  string `json:"coder"`
}

// Coding decodes the coding of a coding.added or coding.removed event.
func (e Event) Coding() (CodingRecord, error) {
	var c CodingRecord
	switch e.Kind {
	case KindCodingAdded:
		return c, decode(e.After, &c)
	case KindCodingRemoved:
		return c, decode(e.Before, &c)
	}
	return c, fmt.Errorf("a %s event holds no coding", e.Kind)
}

// Code decodes the code of a code.created event.
func (e Event) Code() (coding.CodeSnapshot, error) {
	var c coding.CodeSnapshot
	if e.Kind != KindCodeCreated {
		return c, fmt.Errorf("a %s event holds no new code", e.Kind)
	}
	return c, decode(e.After, &c)
}

// Memo decodes the memo of a memo.added event.
func (e Event) Memo() (MemoRecord, error) {
	var m MemoRecord
	if e.Kind != KindMemoAdded {
		return m, fmt.Errorf("a %s event holds no new memo", e.Kind)
	}
	return m, decode(e.After, &m)
}

// MemoEdit decodes the text before and after a memo.edited event.
func (e Event) MemoEdit() (before, after MemoText, err error) {
	if e.Kind != KindMemoEdited {
		return before, after, fmt.Errorf("a %s event edits no memo", e.Kind)
	}
	if err := decode(e.Before, &before); err != nil {
		return before, after, err
	}
	return before, after, decode(e.After, &after)
}

// Done decodes a source.done or source.undone event.
func (e Event) Done() (DoneRecord, error) {
	var d DoneRecord
	if e.Kind != KindSourceDone && e.Kind != KindSourceUndone {
		return d, fmt.Errorf("a %s event marks no source", e.Kind)
	}
	return d, decode(e.After, &d)
}

func decode(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return fmt.Errorf("its data is missing")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("its data cannot be read: %s", oneLine(err.Error()))
	}
	return nil
}

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
func (p *Pack) Counts() map[string]int {
	out := map[string]int{}
	for _, e := range p.Events {
		out[e.Kind]++
	}
	return out
}

// Describe says in a few words what an event did, for reports: its kind
// and the path, name or text it is about ("code.renamed workload/me-time →
// workload/time-for-self").
func Describe(e Event) string {
	before, after := label(e.Before), label(e.After)
	switch {
	case before != "" && after != "" && before != after:
		return e.Kind + " " + before + " → " + after
	case after != "":
		return e.Kind + " " + after
	case before != "":
		return e.Kind + " " + before
	case e.EntityID != "":
		return e.Kind + " " + e.EntityID
	}
	return e.Kind
}

// label finds what an event's data is about: a path, a name or a source.
func label(raw json.RawMessage) string {
	var fields map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	for _, key := range []string{"path", "theme", "name", "code", "source", "target", "participant"} {
		var s string
		if v, ok := fields[key]; ok && json.Unmarshal(v, &s) == nil && strings.TrimSpace(s) != "" {
			return clip(s, 80)
		}
	}
	// Merges and splits hold the codes under "from", "into" and "new".
	for _, key := range []string{"from", "new"} {
		if v, ok := fields[key]; ok {
			if s := label(v); s != "" {
				return s
			}
		}
	}
	return ""
}

func clip(s string, n int) string {
	s = oneLine(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
