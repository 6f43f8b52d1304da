package event

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding"
)

// CodingRecord is a coding as coding.added (after), coding.removed
// (before) and consensus.removed (before) events record it: enough to
// restore it. Its fields are in the order in which JSON prints a map's
// keys, the form earlier releases wrote, so the log's text is the same.
type CodingRecord struct {
	Code   string `json:"code"`
	CodeID string `json:"code_id"`
	Coder  string `json:"coder"`
	End    int    `json:"end"`
	ID     string `json:"id"`
	Memo   string `json:"memo"`
	// Provenance is a consensus coding's (consensus.removed only): how it
	// was made, from which codings, decided by whom.
	Provenance json.RawMessage `json:"provenance,omitempty"`
	Source     string          `json:"source"`
	SourceID   string          `json:"source_id"`
	Start      int             `json:"start"`
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

// SuggestionRejectRecord is a rejected suggestion as a suggestion.rejected
// event records it: the passage [Start, End) of a source (code points) that
// a coder said is not for a code.
type SuggestionRejectRecord struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	CodeID   string `json:"code_id"`
	Source   string `json:"source"`
	SourceID string `json:"source_id"`
	Coder    string `json:"coder"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	At       string `json:"at"`
}

// SuggestionReject decodes the rejection of a suggestion.rejected event.
func (e Event) SuggestionReject() (SuggestionRejectRecord, error) {
	var r SuggestionRejectRecord
	if e.Kind != SuggestionRejected {
		return r, fmt.Errorf("a %s event rejects no suggestion", e.Kind)
	}
	return r, decode(e.After, &r)
}

// Coding decodes the coding of a coding.added or coding.removed event.
func (e Event) Coding() (CodingRecord, error) {
	var c CodingRecord
	switch e.Kind {
	case CodingAdded:
		return c, decode(e.After, &c)
	case CodingRemoved:
		return c, decode(e.Before, &c)
	}
	return c, fmt.Errorf("a %s event holds no coding", e.Kind)
}

// Code decodes the code of a code.created event.
func (e Event) Code() (coding.CodeSnapshot, error) {
	var c coding.CodeSnapshot
	if e.Kind != CodeCreated {
		return c, fmt.Errorf("a %s event holds no new code", e.Kind)
	}
	return c, decode(e.After, &c)
}

// Memo decodes the memo of a memo.added event.
func (e Event) Memo() (MemoRecord, error) {
	var m MemoRecord
	if e.Kind != MemoAdded {
		return m, fmt.Errorf("a %s event holds no new memo", e.Kind)
	}
	return m, decode(e.After, &m)
}

// MemoEdit decodes the text before and after a memo.edited event.
func (e Event) MemoEdit() (before, after MemoText, err error) {
	if e.Kind != MemoEdited {
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
	if e.Kind != SourceDone && e.Kind != SourceUndone {
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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// CodeChange decodes the code before and after a code.renamed,
// code.described or code.moved event (the code's whole snapshot each).
func (e Event) CodeChange() (before, after coding.CodeSnapshot, err error) {
	switch e.Kind {
	case CodeRenamed, CodeDescribed, CodeMoved:
	default:
		return before, after, fmt.Errorf("a %s event changes no code in place", e.Kind)
	}
	if err := decode(e.Before, &before); err != nil {
		return before, after, err
	}
	return before, after, decode(e.After, &after)
}
