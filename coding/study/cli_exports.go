package study

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Now is the project's clock: what exports stamp as the time they were
// made (tests set the store's clock to fix it).
func (st *Study) Now() time.Time { return st.store.Now() }

// Layers an export may read where a source's consensus is not complete,
// besides one coder's name.
const (
	// LayerAllCoders is every coder's codings, each attributed.
	LayerAllCoders = "all"
	// LayerConsensus is the consensus layer.
	LayerConsensus = ConsensusCoder
)

// ExportLayer is whose codings an export reads.
type ExportLayer struct {
	// Choice is a coder's name, LayerAllCoders or LayerConsensus.
	Choice string
	// Blind is true while blind coding is on: the export then reads the
	// person's own codings only, and never the consensus.
	Blind bool
}

// ExportLayer decides whose codings an export by p reads where a source's
// consensus is not complete: the layer asked for (a coder's name, "all" or
// "consensus"), by default every coder's, or p's own under blinding. Under
// blinding p must be named, and may export only their own codings: every
// coder's, another's or the consensus (built from everyone's) is refused.
func (st *Study) ExportLayer(ctx context.Context, p Person, asked string) (ExportLayer, error) {
	b, err := st.store.Blinding(ctx)
	if err != nil {
		return ExportLayer{}, err
	}
	choice := strings.TrimSpace(asked)
	if choice == "" {
		choice = LayerAllCoders
		if b.On {
			choice = p.Name
		}
	}
	if b.On {
		if p.Name == "" {
			return ExportLayer{Blind: true}, fmt.Errorf("blind coding is on, so you can export only your own codings: %w", ErrNoCoder)
		}
		if choice != p.Name {
			what := choice + "'s codings"
			switch choice {
			case LayerAllCoders:
				what = "every coder's codings"
			case LayerConsensus:
				what = "the consensus layer (it is built from every coder's codings)"
			}
			return ExportLayer{Blind: true}, fmt.Errorf("blind coding is on, and this export would show %s; export your own with --coder %s, or ask a PI to switch blinding off (`focal blind off`)", what, p.Name)
		}
	}
	if choice != LayerAllCoders && choice != LayerConsensus {
		c, err := st.store.Coder(ctx, choice)
		if err != nil {
			return ExportLayer{Blind: b.On}, fmt.Errorf("--coder: %w", err)
		}
		choice = c.Name
	}
	return ExportLayer{Choice: choice, Blind: b.On}, nil
}
