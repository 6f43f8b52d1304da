package workspace

import (
	"context"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/compare"
	"github.com/focalqda/focal/tui/dashboard"
	"github.com/focalqda/focal/tui/groups"
	"github.com/focalqda/focal/tui/kwic"
	"github.com/focalqda/focal/tui/passages"
	"github.com/focalqda/focal/tui/queries"
	"github.com/focalqda/focal/tui/suggestions"
	"github.com/focalqda/focal/tui/themes"
)

// Study is what the workspace asks of Focal's application core
// (coding/study): its reads as the coder may see them, and every change,
// each one action taken as the coder. *study.Study is one; the team server
// passes one that lists only the session's coder.
type Study interface {
	Coders(ctx context.Context) ([]coding.Coder, error)
	Blinding(ctx context.Context) (study.Blinding, error)
	Sources(ctx context.Context) ([]corpus.Source, error)
	Turns(ctx context.Context, sourceID string) ([]corpus.Turn, error)
	SourceText(ctx context.Context, sourceID string) (string, error)
	Units(ctx context.Context, sourceID, kind string) ([]corpus.Span, error)
	Progress(ctx context.Context, p study.Person) ([]study.Progress, error)
	Codes(ctx context.Context, p study.Person, f study.CodeFilter) ([]coding.Code, error)
	Codings(ctx context.Context, p study.Person, f study.CodingFilter) ([]coding.Coding, error)
	// LastChange is the number of the project's latest event, polled to
	// see that someone changed the project.
	LastChange(ctx context.Context) (int64, error)
	// Log is the event log as the person may see it (a code's history).
	Log(ctx context.Context, p study.Person, f study.LogFilter) ([]study.LoggedEvent, error)

	// AddCoding codes a span; a new code is made in the same action.
	AddCoding(ctx context.Context, p study.Person, nc study.NewCoding) (study.AddCodingResult, error)
	RemoveCoding(ctx context.Context, p study.Person, id string) (coding.Coding, error)
	// Recode gives a coding another code, as one action.
	Recode(ctx context.Context, p study.Person, codingID, code, codeDefinition string, newCode bool) (study.Recoded, error)
	SetSourceDone(ctx context.Context, p study.Person, sourceRef string, done bool) error
	AddMemo(ctx context.Context, p study.Person, target study.MemoTarget, title, body string) (coding.Memo, error)
	// EditMemo replaces the text of one of the person's memos.
	EditMemo(ctx context.Context, p study.Person, ref, body string) (coding.Memo, bool, error)
	// Memos lists the memos the person may see (under blinding, no
	// colleague's memos on their codings).
	Memos(ctx context.Context, p study.Person, f study.MemoFilter) ([]coding.Memo, error)
	// MemoCodings finds the codings memos are on, as the person may see
	// them, with their turns.
	MemoCodings(ctx context.Context, p study.Person, memos []coding.Memo) (map[string]coding.Coding, error)
	// Undo takes back the person's latest action in the project's log.
	Undo(ctx context.Context, p study.Person) (study.Change, error)
	// Redo makes again what the person's latest undo took back.
	Redo(ctx context.Context, p study.Person) (study.Change, error)

	RenameCode(ctx context.Context, p study.Person, ref, newName string) (coding.Code, error)
	DescribeCode(ctx context.Context, p study.Person, ref string, d study.CodeDescription) (coding.Code, error)
	MoveCode(ctx context.Context, p study.Person, ref, parentRef string) (coding.Code, error)
	MergeCode(ctx context.Context, p study.Person, fromRef, intoRef string) (coding.Code, error)
	SplitCode(ctx context.Context, p study.Person, fromRef, newPath string, codingIDs []string) (coding.Code, error)
	RetireCode(ctx context.Context, p study.Person, ref, mergeInto string, removeCodings bool) (coding.Code, error)

	// The review screens opened from the workspace.
	compare.Study
	dashboard.Study
	themes.Study
	suggestions.Study
	passages.Study
	kwic.Study
	queries.Study
	groups.Study
}

// The application core is the workspace's Study.
var _ Study = (*study.Study)(nil)
