package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
)

// AddCoding codes a span in the person's own layer, as one action; a code
// named that does not exist yet is created in the same action (with
// nc.CodeDefinition as its definition), so one undo takes back both.
// Nobody adds to another coder's layer, and nobody codes as the consensus
// layer: it is written only by the consensus operations (SeedConsensus,
// ResolvePlace), which keep provenance and the person who decided.
//
// A code name that does not exist yet but closely resembles an existing
// code (a typo, another case or accent, a plural) is refused with a
// LikelyTypoError naming the code probably meant, unless nc.NewCode says
// the new code is meant.
func (st *Study) AddCoding(ctx context.Context, p Person, nc store.NewCoding) (store.AddCodingResult, error) {
	if _, err := st.actor(ctx, p); err != nil {
		return store.AddCodingResult{}, err
	}
	if !nc.NewCode {
		nc.BeforeNewCode = newCodeNameRule
	}
	return st.store.AddCoding(p.ctx(ctx), nc)
}

// LikelyTypoError refuses to create a code whose name closely resembles an
// existing code's: the researcher probably meant Meant.
type LikelyTypoError struct {
	Name, Meant string
}

func (e *LikelyTypoError) Error() string {
	return fmt.Sprintf("there is no code %q, but there is %q: use that, or say that %q is a new code (--new)", e.Name, e.Meant, e.Name)
}

// newCodeNameRule refuses a code about to be created in passing whose
// name closely resembles an existing code's. The store runs it inside the
// coding's transaction, with the codebook it already read.
func newCodeNameRule(name string, codes []coding.CodeSnapshot) error {
	if meant, ok := coding.LikelyMeant(name, codes); ok {
		return &LikelyTypoError{Name: name, Meant: meant}
	}
	return nil
}

// RemoveCoding removes one of the person's own codings.
func (st *Study) RemoveCoding(ctx context.Context, p Person, id string) (store.Coding, error) {
	removed, err := st.RemoveCodings(ctx, p, []string{id})
	if err != nil {
		return store.Coding{}, err
	}
	return removed[0], nil
}

// RemoveCodings removes several of p's own codings as one action: all of
// them, or, when one is refused, none. One undo brings them all back.
func (st *Study) RemoveCodings(ctx context.Context, p Person, ids []string) ([]store.Coding, error) {
	full := make([]string, 0, len(ids))
	for _, id := range ids {
		c, err := st.ownCoding(ctx, p, id)
		if err != nil {
			return nil, err
		}
		full = append(full, c.ID)
	}
	return st.store.RemoveCodings(p.ctx(ctx), full)
}

// ownCoding finds one of p's own codings. A coding p may not see under
// blinding is reported as not found, so that guessing ids reveals nothing;
// a consensus coding is changed only by consensus operations.
func (st *Study) ownCoding(ctx context.Context, p Person, id string) (store.Coding, error) {
	me, err := st.actor(ctx, p)
	if err != nil {
		return store.Coding{}, err
	}
	sight, err := st.SightOf(ctx, p)
	if err != nil {
		return store.Coding{}, err
	}
	c, err := st.store.Coding(ctx, id)
	if err != nil {
		return store.Coding{}, err
	}
	if !sight.SeesCoder(c.Coder) {
		return store.Coding{}, notYours(id)
	}
	if c.Coder == store.ConsensusCoder {
		return store.Coding{}, errors.New("that is a consensus coding: take it out with `focal consensus rm`, which keeps its provenance in the log")
	}
	if c.Coder != me.Name {
		return store.Coding{}, fmt.Errorf("coding %s is %s's; coders remove and re-code only their own codings", id, c.Coder)
	}
	return c, nil
}

// notYoursError says a coding is not one of the person's: it does not
// exist, or (under blinding) it is another coder's and is not to be
// told apart from one that does not exist. It is a store.ErrNotFound.
type notYoursError struct{ id string }

func (e notYoursError) Error() string {
	return fmt.Sprintf("no coding %s of yours (see `focal coding list`)", e.id)
}
func (e notYoursError) Unwrap() error { return store.ErrNotFound }

func notYours(id string) error { return notYoursError{id: id} }
