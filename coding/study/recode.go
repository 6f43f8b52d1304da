package study

import (
	"context"

	"github.com/focalqda/focal/coding/store"
)

// AddCoding codes a span as p, in one action. A code named that does not
// exist yet is created in the same action, with nc.CodeDefinition as its
// definition, so that one undo takes back both.
func (st *Study) AddCoding(ctx context.Context, p Person, nc store.NewCoding) (store.AddCodingResult, error) {
	return st.store.AddCoding(p.ctx(ctx), nc)
}

// Recode gives one of p's codings another code (a path, name or id; a new
// name creates the code, with codeDefinition as its definition, "" for
// none), keeping its span and memo. It is one action: the
// log holds the coding's removal and the new coding under one action id,
// and one undo restores the old code. Coders re-code only their own
// codings.
func (st *Study) Recode(ctx context.Context, p Person, codingID, code, codeDefinition string) (store.Recoded, error) {
	return st.store.RecodeCoding(p.ctx(ctx), codingID, code, codeDefinition)
}

// RemoveCodings removes several of p's codings as one action: all of them,
// or, when one is refused (not p's, not found), none. One undo brings them
// all back.
func (st *Study) RemoveCodings(ctx context.Context, p Person, ids []string) ([]store.Coding, error) {
	return st.store.RemoveCodings(p.ctx(ctx), ids)
}
