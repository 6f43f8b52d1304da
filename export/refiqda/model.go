package refiqda

import (
	"github.com/focalqda/focal/corpus"
)

// The kinds of thing a memo can be about; they match Focal's memo targets.
const (
	MemoOnProject = "project"
	MemoOnSource  = "source"
	MemoOnTurn    = "turn"
	MemoOnCode    = "code"
	MemoOnCoding  = "coding"
	MemoOnTheme   = "theme"
)

// Project is a study as the interchange file carries it, in Focal's terms.
// IDs are lower-case UUIDs; references between the parts use them.
type Project struct {
	// ID identifies the project; derived GUIDs (selections, variables,
	// source groups) are computed from it so that exports are repeatable.
	ID         string
	Title      string
	Origin     string // the program that wrote the file
	CreatedAt  string // RFC 3339, may be empty
	ModifiedAt string // RFC 3339, may be empty

	Users        []User
	Codes        []Code // parents before children
	Sources      []Source
	Codings      []Coding
	Themes       []Theme
	Memos        []Memo
	Participants []Participant
}

// User is a person who codes (a REFI-QDA User, a Focal coder).
type User struct {
	ID   string
	Name string
}

// Code is one code of the codebook. REFI-QDA has one description per code;
// Focal's definition, criteria and example are written into it as labelled
// paragraphs and read back from it.
type Code struct {
	ID           string
	ParentID     string // "" at the top of the tree
	Name         string
	Definition   string
	WhenToUse    string
	WhenNotToUse string
	Example      string
	Color        string // "#RRGGBB", or ""
}

// Source is a text source in Focal's stored form.
type Source struct {
	ID         string
	Name       string
	Group      string // Focal's source group; a REFI-QDA set of sources
	Language   string // may be empty
	Text       string // the stored text (docs/DATA.md)
	Moderators []string
	CreatedAt  string
	// Draft is the stored text with its turns, set when reading: with
	// speakers when the transcript parser finds "Label: " lines and keeps
	// the text as it is, otherwise one turn per line.
	Draft *corpus.Draft
}

// Coding is one coder's code on a span of a source.
type Coding struct {
	ID        string
	SourceID  string
	CodeID    string
	UserID    string
	Start     int // code points into the stored text, inclusive
	End       int // code points, exclusive
	Memo      string
	CreatedAt string
}

// Theme groups codes; a code may serve several themes. Themes are written
// as REFI-QDA sets named by their path ("belonging/being heard").
type Theme struct {
	ID         string
	Path       string
	Definition string
	// Summaries are plain-language summaries by language tag.
	Summaries map[string]string
	CodeIDs   []string
}

// Memo is a note on the project or on one source, turn, code, coding or
// theme.
type Memo struct {
	ID       string
	Kind     string // one of the MemoOn… kinds
	TargetID string // the source, code, coding or theme; for a turn, its source
	// Span is, for a memo on a turn, the turn's span in the stored text
	// (when writing) or the span the note was attached to (when reading).
	Span      corpus.Span
	AuthorID  string
	Title     string
	Body      string
	CreatedAt string
	UpdatedAt string
}

// Participant is a person across sources (a REFI-QDA case) with attributes
// (REFI-QDA variables).
type Participant struct {
	ID         string
	Name       string
	Pseudonym  string
	Attributes map[string]string
	Speakers   []SpeakerLink
}

// SpeakerLink says that a speaker of a source is the participant.
type SpeakerLink struct {
	SourceID string
	Speaker  string
}
