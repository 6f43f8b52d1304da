package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Validate checks a pack against the rules of the format (docs/PACKS.md):
// a well-formed header, events in the copy's order with unique ids, and
// for the coder's own work, data that names the pack's coder and sources.
// Read applies the same rules as it reads.
func (p *Pack) Validate() error {
	v, err := newValidator(p.Header)
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	for _, e := range p.Events {
		if err := v.event(e); err != nil {
			return fmt.Errorf("event %s: %w", eventName(e), err)
		}
	}
	return nil
}

func eventName(e Event) string {
	if e.Seq > 0 {
		return fmt.Sprintf("%d (%s)", e.Seq, e.Kind)
	}
	return string(e.Kind)
}

// validator checks events one by one against the header and those before.
type validator struct {
	h       Header
	sources map[string]bool
	ids     map[string]bool
	prev    int64
}

func newValidator(h Header) (*validator, error) {
	switch {
	case h.Format == 0:
		return nil, errors.New(`it is not a Focal pack header (no "focalpack" format version)`)
	case h.Format > Version:
		return nil, fmt.Errorf("the pack was made by a newer Focal (pack format %d; this Focal reads format %d): update Focal", h.Format, Version)
	case h.Format != Version:
		return nil, fmt.Errorf("pack format %d is unknown", h.Format)
	}
	if !canonicalUUID(h.Project.ID) {
		return nil, fmt.Errorf("project id %q is not a UUID", h.Project.ID)
	}
	if err := validCoder(h.Coder); err != nil {
		return nil, err
	}
	if err := h.Base.validate(); err != nil {
		return nil, err
	}
	if h.Until < 0 {
		return nil, fmt.Errorf("until %d is negative", h.Until)
	}
	if _, err := time.Parse(time.RFC3339Nano, h.MadeAt); err != nil {
		return nil, fmt.Errorf("made_at %q is not an RFC 3339 time", h.MadeAt)
	}
	if h.Events < 0 {
		return nil, fmt.Errorf("events %d is negative", h.Events)
	}
	if sig := h.Signature; sig != nil {
		if !canonicalUUID(sig.Key) {
			return nil, fmt.Errorf("signature key %q is not a UUID", sig.Key)
		}
		if !isSHA256(sig.HMAC) {
			return nil, fmt.Errorf("signature %q is not 64 lower-case hex digits", sig.HMAC)
		}
	}
	v := &validator{h: h, sources: map[string]bool{}, ids: map[string]bool{}}
	for _, s := range h.Sources {
		if !canonicalUUID(s.ID) {
			return nil, fmt.Errorf("source id %q is not a UUID", s.ID)
		}
		if v.sources[s.ID] {
			return nil, fmt.Errorf("source %s is listed twice", s.ID)
		}
		if strings.TrimSpace(s.Name) == "" {
			return nil, fmt.Errorf("source %s has no name", s.ID)
		}
		if !isSHA256(s.SHA256) {
			return nil, fmt.Errorf("source %s: sha256 %q is not 64 lower-case hex digits", s.Name, s.SHA256)
		}
		v.sources[s.ID] = true
	}
	for _, l := range h.LeftOut {
		if !canonicalUUID(l.ID) || l.Seq < 1 || !validKind(string(l.Kind)) {
			return nil, fmt.Errorf("left_out entry %q (%s, seq %d) is not an event", l.ID, l.Kind, l.Seq)
		}
	}
	return v, nil
}

func validCoder(c Coder) error {
	if !canonicalUUID(c.ID) {
		return fmt.Errorf("coder id %q is not a UUID", c.ID)
	}
	name := strings.TrimSpace(c.Name)
	switch {
	case name == "" || name != c.Name || strings.ContainsAny(name, "\r\n"):
		return fmt.Errorf("coder name %q is empty or has surrounding space", c.Name)
	case strings.EqualFold(name, "consensus"):
		return errors.New("the consensus layer is not a coder and has no packs")
	case c.Role != "coder" && c.Role != "pi":
		return fmt.Errorf("coder role %q is not coder or pi", c.Role)
	}
	return nil
}

// event checks one event; it remembers its id and sequence number.
func (v *validator) event(e Event) error {
	if e.Seq < 1 {
		return fmt.Errorf("sequence number %d is not positive", e.Seq)
	}
	if e.Seq < v.prev {
		return fmt.Errorf("comes after event %d: events are in the order of the copy's log", v.prev)
	}
	if !canonicalUUID(e.ID) {
		return fmt.Errorf("id %q is not a UUID", e.ID)
	}
	if v.ids[e.ID] {
		return fmt.Errorf("id %s occurs twice", e.ID)
	}
	if _, err := time.Parse(time.RFC3339Nano, e.At); err != nil {
		return fmt.Errorf("time %q is not an RFC 3339 time", e.At)
	}
	if !validKind(string(e.Kind)) {
		return fmt.Errorf("kind %q is not an event kind", e.Kind)
	}
	for _, raw := range []json.RawMessage{e.Before, e.After} {
		if len(raw) > 0 && !json.Valid(raw) {
			return errors.New("its data is not JSON")
		}
	}
	if IsWork(e.Kind) {
		if err := v.work(e); err != nil {
			return err
		}
	}
	v.ids[e.ID] = true
	v.prev = e.Seq
	return nil
}

// work checks the data of the events a merge applies.
func (v *validator) work(e Event) error {
	switch e.Kind {
	case KindCodingAdded, KindCodingRemoved:
		c, err := e.Coding()
		if err != nil {
			return err
		}
		switch {
		case c.ID != e.EntityID || !canonicalUUID(c.ID):
			return fmt.Errorf("coding id %q is not a UUID or not the event's entity %q", c.ID, e.EntityID)
		case !v.sources[c.SourceID]:
			return fmt.Errorf("coding %s is on source %q (%s), which the header does not list", c.ID, c.Source, c.SourceID)
		case !canonicalUUID(c.CodeID):
			return fmt.Errorf("coding %s: code id %q is not a UUID", c.ID, c.CodeID)
		case c.Coder != v.h.Coder.Name:
			return fmt.Errorf("coding %s is %s's, not %s's: a pack carries one coder's codings", c.ID, c.Coder, v.h.Coder.Name)
		case c.Start < 0 || c.End <= c.Start:
			return fmt.Errorf("coding %s runs from %d to %d, which is empty or negative", c.ID, c.Start, c.End)
		}
	case KindCodeCreated:
		c, err := e.Code()
		if err != nil {
			return err
		}
		switch {
		case c.ID != e.EntityID || !canonicalUUID(c.ID):
			return fmt.Errorf("code id %q is not a UUID or not the event's entity %q", c.ID, e.EntityID)
		case c.ParentID != "" && (!canonicalUUID(c.ParentID) || c.ParentID == c.ID):
			return fmt.Errorf("code %s: parent id %q is not another code's UUID", c.ID, c.ParentID)
		}
		if err := validCodeName(c.Name); err != nil {
			return fmt.Errorf("code %s: %w", c.ID, err)
		}
	case KindMemoAdded:
		m, err := e.Memo()
		if err != nil {
			return err
		}
		switch {
		case m.ID != e.EntityID || !canonicalUUID(m.ID):
			return fmt.Errorf("memo id %q is not a UUID or not the event's entity %q", m.ID, e.EntityID)
		case m.AuthorID != v.h.Coder.ID:
			return fmt.Errorf("memo %s is by %q (%s), not by the pack's coder %s", m.ID, m.Author, m.AuthorID, v.h.Coder.Name)
		case strings.TrimSpace(m.Body) == "":
			return fmt.Errorf("memo %s has no text", m.ID)
		}
		switch m.TargetKind {
		case "project":
			if m.TargetID != "" {
				return fmt.Errorf("memo %s is on the project but names a target %q", m.ID, m.TargetID)
			}
		case "source", "turn", "code", "coding", "theme":
			if !canonicalUUID(m.TargetID) {
				return fmt.Errorf("memo %s: target id %q is not a UUID", m.ID, m.TargetID)
			}
			if m.TargetKind == "source" && !v.sources[m.TargetID] {
				return fmt.Errorf("memo %s is on source %s, which the header does not list", m.ID, m.TargetID)
			}
		default:
			return fmt.Errorf("memo %s is on a %q, which is not a project, source, turn, code, coding or theme", m.ID, m.TargetKind)
		}
	case KindMemoEdited:
		if !canonicalUUID(e.EntityID) {
			return fmt.Errorf("memo id %q is not a UUID", e.EntityID)
		}
		_, after, err := e.MemoEdit()
		if err != nil {
			return err
		}
		if strings.TrimSpace(after.Body) == "" {
			return fmt.Errorf("memo %s is edited to no text", e.EntityID)
		}
	case KindSourceDone, KindSourceUndone:
		d, err := e.Done()
		if err != nil {
			return err
		}
		switch {
		case !v.sources[e.EntityID]:
			return fmt.Errorf("source %q (%s) is not listed in the header", d.Source, e.EntityID)
		case d.Coder != v.h.Coder.Name:
			return fmt.Errorf("the mark on %s is %s's, not %s's", d.Source, d.Coder, v.h.Coder.Name)
		}
	case KindSuggestionRejected:
		r, err := e.SuggestionReject()
		if err != nil {
			return err
		}
		switch {
		case r.ID != e.EntityID || !canonicalUUID(r.ID):
			return fmt.Errorf("rejection id %q is not a UUID or not the event's entity %q", r.ID, e.EntityID)
		case !v.sources[r.SourceID]:
			return fmt.Errorf("rejection %s is on source %q (%s), which the header does not list", r.ID, r.Source, r.SourceID)
		case !canonicalUUID(r.CodeID):
			return fmt.Errorf("rejection %s: code id %q is not a UUID", r.ID, r.CodeID)
		case r.Coder != v.h.Coder.Name:
			return fmt.Errorf("rejection %s is %s's, not %s's: a pack carries one coder's rejections", r.ID, r.Coder, v.h.Coder.Name)
		case r.Start < 0 || r.End <= r.Start:
			return fmt.Errorf("rejection %s runs from %d to %d, which is empty or negative", r.ID, r.Start, r.End)
		}
		if _, err := time.Parse(time.RFC3339Nano, r.At); r.At != "" && err != nil {
			return fmt.Errorf("rejection %s: time %q is not an RFC 3339 time", r.ID, r.At)
		}
	}
	return nil
}

// validCodeName applies the codebook's rule for a code name.
func validCodeName(name string) error {
	switch {
	case strings.TrimSpace(name) == "" || strings.TrimSpace(name) != name:
		return fmt.Errorf("code name %q is empty or has surrounding space", name)
	case strings.Contains(name, "/"):
		return fmt.Errorf("code name %q contains '/'", name)
	case utf8.RuneCountInString(name) > 120:
		return fmt.Errorf("code name %q is longer than 120 characters", name)
	}
	return nil
}

// validKind accepts kinds such as "coding.added" and "code.removed-with-code".
func validKind(kind string) bool {
	if kind == "" || len(kind) > 64 {
		return false
	}
	for _, part := range strings.Split(kind, ".") {
		if part == "" || part[0] < 'a' || part[0] > 'z' {
			return false
		}
		for _, r := range part {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
				return false
			}
		}
	}
	return true
}

// canonicalUUID accepts a UUID only in the form Focal writes, so that ids
// compare equal byte for byte.
func canonicalUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// normalizeRaw compacts event data and drops a JSON null, so that a pack
// reads back exactly as it was written.
func normalizeRaw(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	if buf.String() == "null" {
		return nil, nil
	}
	return buf.Bytes(), nil
}
