package study

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/focalqda/focal/coding/event"
	"github.com/focalqda/focal/coding/store"
)

// HiddenUnderBlinding is the note on an event whose details a person may
// not see while blind coding is on.
const HiddenUnderBlinding = "details hidden under blind coding"

// LogFilter narrows the event log; empty fields match every event.
type LogFilter struct {
	// Kind keeps the events whose kind starts with it (e.g. "coding.").
	Kind string
	// Kinds, when set, keeps instead the events whose kind starts with
	// one of them exactly (case and all, e.g. "code." and "codebook."),
	// read through the index of kinds (the log of a large project is
	// mostly coding events).
	Kinds []string
	// Entity keeps the events about one entity (a code, a coding, a source…).
	Entity string
	// Limit keeps only the last Limit events the person may see.
	Limit int
}

// LoggedEvent is one event of the log as a person may see it.
type LoggedEvent struct {
	store.Event
	// Hidden, when set, says why the event's details (its before and after
	// data) are left out.
	Hidden string `json:"hidden,omitempty"`
}

// Log is the project's event log as p may see it, oldest first. Without
// blinding it is every event whole. Under blinding (where p must be named)
// the coding layer of other coders is kept from p as in every listing:
// their coding events and coding memos are left out, events that list
// codings of several coders (a code merged or split, a source corrected…)
// keep only p's codings, and events whose details would show others'
// coding work (an undo, a merged pack, an import, a consensus decision)
// are shown without them. Events with no coding data (the codebook,
// sources, themes, blinding switches) are kept whole.
func (st *Study) Log(ctx context.Context, p Person, f LogFilter) ([]LoggedEvent, error) {
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if sight.Blind {
		// What is left out cannot count towards the limit: read the whole
		// log (narrowed by kind and entity) and keep the last ones seen.
		limit = 0
	}
	var events []store.Event
	if f.Kinds != nil {
		events, err = st.store.EventsOfKinds(ctx, f.Kinds...)
	} else {
		events, err = st.store.Events(ctx, f.Entity, f.Kind, limit)
	}
	if err != nil {
		return nil, err
	}
	out := make([]LoggedEvent, 0, len(events))
	for _, e := range events {
		if f.Kinds != nil && f.Entity != "" && e.EntityID != f.Entity {
			continue
		}
		if le, ok := sight.Event(e); ok {
			out = append(out, le)
		}
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[len(out)-f.Limit:]
	}
	return out, nil
}

// Event says whether the viewer may see one logged event, and how: whole,
// with others' codings taken out of its data, or without its data. It is
// the event log's reading of [Sight.SeesCoder].
func (s Sight) Event(e store.Event) (LoggedEvent, bool) {
	le := LoggedEvent{Event: e}
	if !s.Blind {
		return le, true
	}
	before, after := payload(e.Before), payload(e.After)
	switch e.Kind {
	case event.CodingAdded, event.CodingRemoved:
		// A coding's record names its coder, whoever wrote the event (an
		// import or a merged pack writes them for others). A record that
		// cannot be read is shown to nobody but its writer.
		c, err := e.Coding()
		if err != nil {
			return le, e.Actor == s.Viewer
		}
		return le, s.SeesCoder(c.Coder)
	case event.SuggestionRejected:
		// A coder's judgement on a passage for a code: their work.
		return le, s.SeesCoder(coderOf(after, before))
	case event.ConsensusAdded, event.ConsensusRemoved:
		// Codings of the consensus layer, made from several coders' codings.
		return le, s.SeesCoder(store.ConsensusCoder)
	case event.MemoAdded:
		m, err := e.Memo()
		if err != nil {
			return le, e.Actor == s.Viewer
		}
		if m.TargetKind != store.MemoOnCoding {
			return le, true
		}
		author := m.Author
		if author == "" {
			author = e.Actor
		}
		return le, author == s.Viewer
	case event.MemoEdited:
		if targetKind(after, before) != store.MemoOnCoding {
			return le, true
		}
		return le, e.Actor == s.Viewer
	case event.PackMerged:
		// The data counts and lists the pack's coder's work.
		if !s.SeesCoder(coderOf(after, before)) {
			return hidden(le), true
		}
		return le, true
	case event.Undo, event.InterchangeImported, event.ConsensusDecided, event.MemberCheckAnswered, event.MemberCheckQuoteCleared, event.MemberCheckQuoteUncleared:
		// Their data can name or place codings of any coder without saying
		// whose: only the person who acted sees it.
		if e.Actor != s.Viewer {
			le = hidden(le)
			if strings.HasPrefix(string(e.Kind), "membercheck.") {
				le.EntityID = "" // a coding's id
			}
		}
		return le, true
	}
	// Any other event may carry lists of codings (code.merged, code.split,
	// coding.removed-with-code, source.corrected): keep the viewer's own.
	b, bCut := withoutOthers(before, s)
	a, aCut := withoutOthers(after, s)
	if !bCut && !aCut {
		return le, true
	}
	if e.Kind == event.CodingRemovedWithCode && isEmptyList(b) && isEmptyList(a) {
		return le, false // none of the removed codings was the viewer's
	}
	le.Before, le.After = reencode(b, e.Before), reencode(a, e.After)
	return le, true
}

// hidden drops an event's data and says why.
func hidden(le LoggedEvent) LoggedEvent {
	le.Before, le.After, le.Hidden = nil, nil, HiddenUnderBlinding
	return le
}

// payload decodes an event's before or after data (nil when absent).
func payload(v any) any {
	var raw []byte
	switch d := v.(type) {
	case nil:
		return nil
	case json.RawMessage:
		raw = d
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return nil
		}
		raw = b
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil
	}
	return out
}

func field(v any, key string) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	s, ok := m[key].(string)
	return s, ok
}

// coderOf is the coder named by an event's data (after, else before).
func coderOf(after, before any) string {
	if c, ok := field(after, "coder"); ok {
		return c
	}
	c, _ := field(before, "coder")
	return c
}

func targetKind(after, before any) string {
	if k, ok := field(after, "target_kind"); ok {
		return k
	}
	k, _ := field(before, "target_kind")
	return k
}

// withoutOthers takes out of a decoded payload every list entry that is a
// coder's work the viewer may not see (an object naming its "coder"). It
// reports whether anything was taken out.
func withoutOthers(v any, s Sight) (any, bool) {
	switch d := v.(type) {
	case []any:
		out := make([]any, 0, len(d))
		cut := false
		for _, item := range d {
			if c, ok := field(item, "coder"); ok && !s.SeesCoder(c) {
				cut = true
				continue
			}
			kept, itemCut := withoutOthers(item, s)
			cut = cut || itemCut
			out = append(out, kept)
		}
		return out, cut
	case map[string]any:
		out := make(map[string]any, len(d))
		cut := false
		for k, item := range d {
			kept, itemCut := withoutOthers(item, s)
			cut = cut || itemCut
			out[k] = kept
		}
		return out, cut
	}
	return v, false
}

func isEmptyList(v any) bool {
	l, ok := v.([]any)
	return v == nil || (ok && len(l) == 0)
}

// reencode turns a payload taken apart by withoutOthers back into the
// raw JSON the log holds.
func reencode(v any, was json.RawMessage) json.RawMessage {
	if was == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
