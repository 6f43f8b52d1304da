// Package event is the vocabulary of Focal's event log: every kind of
// change as a named constant, the log entry (Event) and what a transaction
// records (Change), and the typed records that events carry, encoded and
// decoded here only. The store writes and reads the log; undo, redo, pack
// merges, code history and the log as a person may see it read the
// records through this package.
//
// Events are append-only and outlive releases: a kind is never renamed and
// a record's JSON fields are never removed or given another meaning, so a
// project written by an earlier Focal reads back whole.
package event
