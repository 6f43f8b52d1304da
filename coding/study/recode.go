package study

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// Recode gives one of p's codings another code (a path, name or id; a new
// name creates the code, with codeDefinition as its definition, "" for
// none), keeping its span and memo. It is one action: the log holds the
// coding's removal and the new coding under one action id, and one undo
// restores the old code. Coders re-code only their own codings. A new
// name that closely resembles an existing code's is refused with a
// LikelyTypoError unless newCode says it is meant.
func (st *Study) Recode(ctx context.Context, p Person, codingID, code, codeDefinition string, newCode bool) (store.Recoded, error) {
	c, err := st.ownCoding(ctx, p, codingID)
	if err != nil {
		return store.Recoded{}, err
	}
	var rule func(string, []coding.CodeSnapshot) error
	if !newCode {
		rule = newCodeNameRule
	}
	return st.store.RecodeCoding(p.ctx(ctx), c.ID, code, codeDefinition, rule)
}
