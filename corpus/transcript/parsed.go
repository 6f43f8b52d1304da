// Package transcript reads transcript files in the formats researchers
// receive (WebVTT, SubRip, SBV, plain text, Markdown, DOCX, ODT) into turns.
// It does not normalise the text into Focal's stored form: corpus.Build does.
package transcript

import "fmt"

// Format names a transcript file format.
type Format string

// The formats Parse understands.
const (
	FormatVTT      Format = "vtt"
	FormatSRT      Format = "srt"
	FormatSBV      Format = "sbv"
	FormatText     Format = "txt"
	FormatMarkdown Format = "md"
	FormatDOCX     Format = "docx"
	FormatODT      Format = "odt"
)

// NoTime marks a turn start or end that the file does not give.
const NoTime int64 = -1

// Turn is one speaker's uninterrupted contribution as found in a file.
type Turn struct {
	// Speaker identifies the person across the file: turns with the same
	// Speaker belong to one speaker even when Label differs (e.g. the label
	// "Aaron van Wirdum (AvW)" and later "AvW" share Speaker "Aaron van Wirdum").
	// Empty for documents without speaker labels.
	Speaker string
	// Label is the speaker label as written, without decoration such as
	// "**", brackets, trailing colon or timestamps. Empty when the turn has
	// no label.
	Label string
	// Text is the utterance. Paragraph breaks inside the turn are "\n".
	// It is not yet normalised (NFC, whitespace); corpus.Build does that.
	Text string
	// StartMS and EndMS are the turn's times in milliseconds, or NoTime.
	StartMS, EndMS int64
	// Line is the 1-based line of the input where the turn starts (for
	// DOCX/ODT: the paragraph number).
	Line int
}

// Parsed is the result of reading one transcript file.
type Parsed struct {
	Format Format
	Turns  []Turn
	// Notes are recoveries the researcher should know about, each naming a
	// line, e.g. "line 12: cue ends before it starts; end time set to start".
	Notes []string
}

// Error is a problem with the input, located at a line (0 when the problem
// concerns the whole file).
type Error struct {
	Line int
	Msg  string
}

// Error renders the problem as "line N: message", or the message alone
// when it concerns the whole file.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}
