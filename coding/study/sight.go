package study

import (
	"context"
	"fmt"

	"github.com/focalqda/focal/coding/store"
)

// Sight is what one person may see of the coders' work: under blinding,
// their own codings, coding memos and counts only; otherwise everyone's.
// It is the one answer to "may ben see this?", and every read asks it.
type Sight struct {
	// Blind is true while blind coding is in force.
	Blind bool
	// Viewer is the person looking (empty when nobody was named).
	Viewer string
}

// SightOf says what p may see now. Under blinding p must be a coder of the
// project: an unnamed viewer is refused with a message naming --as.
func (st *Study) SightOf(ctx context.Context, p Person) (Sight, error) {
	b, err := st.store.Blinding(ctx)
	if err != nil {
		return Sight{}, err
	}
	if !b.On {
		return Sight{Viewer: p.Name}, nil
	}
	if p.Name == "" {
		return Sight{}, fmt.Errorf("blind coding is on, so you see only your own work: %w", store.ErrNoCoder)
	}
	if _, err := st.store.Coder(ctx, p.Name); err != nil {
		return Sight{}, err
	}
	return Sight{Blind: true, Viewer: p.Name}, nil
}

// SeesCoder reports whether the viewer may see the work of the named coder
// (their codings, spans, coding memos and counts).
func (s Sight) SeesCoder(name string) bool {
	return !s.Blind || name == s.Viewer
}

// SightOrNobody is SightOf for what anyone may do without naming
// themselves (correct a source, say) but whose report mentions coders'
// work in passing: under blinding, a person who is not named, or not a
// coder of the project, sees no coder's work rather than being refused.
func (st *Study) SightOrNobody(ctx context.Context, p Person) (Sight, error) {
	s, err := st.SightOf(ctx, p)
	if err == nil {
		return s, nil
	}
	b, berr := st.store.Blinding(ctx)
	if berr != nil || !b.On {
		return Sight{}, err
	}
	return Sight{Blind: true}, nil
}
