package store

import (
	"context"
	"fmt"
)

// AddCodings codes several spans for the acting coder in one transaction:
// every one of them as one action (one undo takes them all back), or, when
// one is refused, none. A code named that does not exist yet is created
// once, in the same action. Spans already coded identically are reported
// with Existed set and change nothing.
func (s *Store) AddCodings(ctx context.Context, ncs []NewCoding) ([]AddCodingResult, error) {
	out := make([]AddCodingResult, 0, len(ncs))
	err := s.InTx(ctx, func(tx *Tx) error {
		out = out[:0]
		coder, err := actingCoder(tx)
		if err != nil {
			return err
		}
		cb, err := loadCodeTree(tx)
		if err != nil {
			return err
		}
		for i, nc := range ncs {
			r, err := addCoding(tx, cb, coder, nc)
			if err != nil {
				if len(ncs) > 1 {
					return fmt.Errorf("span %d of %d (%s %d–%d): %w", i+1, len(ncs), nc.Source, nc.Start, nc.End, err)
				}
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
