package event

import "encoding/json"

// Event is one entry of the append-only log as it is read back: who, when,
// what kind of change, about which entity, the data before and after (as
// written, JSON) and an optional reason. `focal log --json` prints it and
// packs carry it.
type Event struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	At       string          `json:"at"`
	Actor    string          `json:"actor"`
	Kind     Kind            `json:"kind"`
	EntityID string          `json:"entity_id,omitempty"`
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	Reason   string          `json:"reason,omitempty"`
}

// Change is what a transaction records in one event: the store stamps it
// with the time, the acting person and the action it belongs to. Before
// and After are records of this package (or, for kinds without one yet,
// plain values); they are encoded as JSON.
type Change struct {
	Kind     Kind
	EntityID string
	Before   any
	After    any
	Reason   string
}
