package workspace

import (
	"context"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/compare"
)

// Store is what the workspace needs of a project file; *store.Store is
// one. Every method that changes the project is one transaction logged as
// the actor named in the context (store.WithActor).
type Store interface {
	Coders(ctx context.Context) ([]store.Coder, error)
	Blinding(ctx context.Context) (store.Blinding, error)
	Sources(ctx context.Context) ([]store.Source, error)
	Turns(ctx context.Context, sourceID string) ([]store.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	Units(ctx context.Context, sourceID, kind string) ([]corpus.Span, error)
	Progress(ctx context.Context, viewer string) ([]store.Progress, error)
	Codes(ctx context.Context, f store.CodeFilter) ([]store.Code, error)
	Codings(ctx context.Context, f store.CodingFilter) ([]store.Coding, error)
	Events(ctx context.Context, entityID, kindPrefix string, limit int) ([]store.Event, error)

	AddCoding(ctx context.Context, nc store.NewCoding) (store.AddCodingResult, error)
	RemoveCoding(ctx context.Context, id string) (store.Coding, error)
	AddCode(ctx context.Context, nc store.NewCode) (store.Code, error)
	SetSourceDone(ctx context.Context, sourceRef string, done bool) error
	AddMemo(ctx context.Context, target store.MemoTarget, title, body string) (store.Memo, error)

	RenameCode(ctx context.Context, ref, newName string) (store.Code, error)
	DescribeCode(ctx context.Context, ref string, d store.CodeDescription) (store.Code, error)
	MoveCode(ctx context.Context, ref, parentRef string) (store.Code, error)
	MergeCode(ctx context.Context, fromRef, intoRef string) (store.Code, error)
	SplitCode(ctx context.Context, fromRef, newPath string, codingIDs []string) (store.Code, error)
	RetireCode(ctx context.Context, ref, mergeInto string, removeCodings bool) (store.Code, error)

	reviewStore
}

// The real project file is a Store.
var _ Store = (*store.Store)(nil)

// Core is what the workspace asks of Focal's application core
// (coding/study): the actions whose rules are the core's, each one
// transaction taken as the coder. *study.Study is one.
type Core interface {
	// The consensus work of the compare view and the dashboard.
	compare.Consensus
	// AddCoding codes a span; a new code is made in the same action.
	AddCoding(ctx context.Context, p study.Person, nc store.NewCoding) (store.AddCodingResult, error)
	// Recode gives a coding another code, as one action.
	Recode(ctx context.Context, p study.Person, codingID, code, codeDefinition string) (store.Recoded, error)
	// Undo takes back the person's latest action in the project's log.
	Undo(ctx context.Context, p study.Person) (study.Change, error)
	// Redo makes again what the person's latest undo took back.
	Redo(ctx context.Context, p study.Person) (study.Change, error)
}

// The application core is a Core.
var _ Core = (*study.Study)(nil)

// coreOver is the core a workspace uses: the one given, else the core put
// over the project file when the Store is one.
func coreOver(s Store, given Core) Core {
	if given != nil {
		return given
	}
	if f, ok := s.(*store.Store); ok {
		return study.New(f)
	}
	return nil
}
