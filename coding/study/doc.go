// Package study is Focal's application core: one method per user action,
// each one transaction taken as a named person, and the study's rules
// written once.
//
// The rules it owns:
//   - blinding: who may see which coders' work, on every read (listings,
//     the event log, code history, exports, packs) — see [Sight];
//   - writing: a coder writes only their own codings; the consensus layer
//     is written only by consensus operations, each with its provenance and
//     the person who decided;
//   - the consensus: one list of open places ([Study.OpenPlaces]), which
//     both `consensus next` and completion read, so a consensus cannot be
//     completed while any place is undecided;
//   - de-identification: the gate every participant-facing output passes.
//
// Front ends (the command line, the terminal workspace, the SSH server,
// exports and imports) translate between people and these methods; none of
// them decides a rule. coding/store is the adapter below the core: SQLite
// only.
package study
