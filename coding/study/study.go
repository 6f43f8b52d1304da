package study

import (
	"context"
	"errors"
	"strings"

	"github.com/focalqda/focal/coding/store"
)

// Study is an open project seen through the study's rules.
type Study struct {
	store *store.Store
}

// Open opens a project file (see store.Open for what is refused).
func Open(ctx context.Context, path string) (*Study, error) {
	s, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return &Study{store: s}, nil
}

// Create makes a new project file and returns it open.
func Create(ctx context.Context, path, title string) (*Study, error) {
	s, err := store.Create(ctx, path, title)
	if err != nil {
		return nil, err
	}
	return &Study{store: s}, nil
}

// New puts the core over a project file already open.
func New(s *store.Store) *Study { return &Study{store: s} }

// Close closes the project file.
func (st *Study) Close() error { return st.store.Close() }

// Path is the project file's path.
func (st *Study) Path() string { return st.store.Path() }

// Store is the project file's adapter, for tests that build a fixture or
// check what the file holds independently of the core. No front end uses
// it (layers_test.go checks that none imports the store): every rule of
// the study has its method on Study.
func (st *Study) Store() *store.Store { return st.store }

// Snapshot runs fn with the study as it stands at fn's first read, whatever
// others write meanwhile: big reads (agreement, reports, workbooks,
// REFI-QDA exports) go through one so that what they show adds up. The
// snapshot only reads: an action asked of it is refused.
func (st *Study) Snapshot(ctx context.Context, fn func(snap *Study) error) error {
	return st.store.Snapshot(ctx, func(s *store.Store) error {
		return fn(&Study{store: s})
	})
}

// Person is who acts or reads: a coder's name as given by --as or
// $FOCAL_CODER, or nobody (set-up work such as an import). The event log
// records the name; the rules look the person up in the project.
type Person struct {
	Name string
}

// As names the acting person.
func As(name string) Person { return Person{Name: name} }

// mayAct refuses acting as the consensus layer, before anything is read:
// nobody writes as "consensus" (see ErrReservedPerson).
func (p Person) mayAct() error {
	if strings.EqualFold(strings.TrimSpace(p.Name), store.ConsensusCoder) {
		return ErrReservedPerson
	}
	return nil
}

// ctx tags a context with the person, so every event the store writes in
// the action's transaction names them.
func (p Person) ctx(ctx context.Context) context.Context {
	return store.WithActor(ctx, p.Name)
}

// ErrReservedPerson refuses anyone acting as the consensus layer: it is
// written only by consensus operations, each naming the person who decided.
var ErrReservedPerson = errors.New(`"consensus" is the consensus layer, not a person: it is written only by ` +
	"`focal consensus seed|resolve`, which record who decided; act as yourself with --as NAME")

// actor resolves the acting person to a coder of the project. Every write
// names a real person: nobody may act anonymously where the log must say
// who, and nobody may act as the consensus layer.
func (st *Study) actor(ctx context.Context, p Person) (store.Coder, error) {
	if p.Name == "" {
		return store.Coder{}, store.ErrNoCoder
	}
	if strings.EqualFold(p.Name, store.ConsensusCoder) {
		return store.Coder{}, ErrReservedPerson
	}
	c, err := st.store.Coder(ctx, p.Name)
	if err != nil {
		return c, err
	}
	if c.Role == "consensus" {
		return store.Coder{}, ErrReservedPerson
	}
	return c, nil
}
