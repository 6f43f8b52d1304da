package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/focalqda/focal/corpus/transcript"
)

// UnknownTime marks a turn time that the source file does not give.
const UnknownTime int64 = transcript.NoTime

// Turn is one turn of a source: where its label and utterance lie in the
// stored text, who spoke and when. A turn of a Draft has no ID, role or
// participant yet; the project file gives them when it is saved.
type Turn struct {
	ID      string `json:"id"`
	Seq     int    `json:"seq"` // 1-based position in the source
	Speaker string `json:"speaker"`
	// Role is the speaker's role in the source ("moderator" or "").
	Role string `json:"role"`
	// Participant is the participant the speaker is linked to, if any.
	Participant string `json:"participant"`
	// Label is the label as written in the stored text.
	Label string `json:"label"`
	// LabelSpan is the label in the stored text (empty when there is none).
	LabelSpan Span `json:"-"`
	// Start and End are the words spoken, excluding "Label: " and the line
	// end, in code points.
	Start int `json:"start"`
	End   int `json:"end"`
	// StartMS and EndMS are the turn's times, nil when not known.
	StartMS *int64 `json:"start_ms"`
	EndMS   *int64 `json:"end_ms"`
}

// Utterance is the span of the words spoken in the turn.
func (t Turn) Utterance() Span { return Span{Start: t.Start, End: t.End} }

// knownTime is a time in milliseconds, or nil for UnknownTime.
func knownTime(ms int64) *int64 {
	if ms < 0 {
		return nil
	}
	return &ms
}

// Draft is a transcript in Focal's stored form, ready to be saved.
type Draft struct {
	Text     string
	Turns    []Turn
	Speakers []string // in order of first appearance
	Chars    int      // length of Text in code points
	SHA256   string   // hex digest of Text
}

// ErrNoText is returned by Build when no turn has any text left after
// normalisation.
var ErrNoText = errors.New("no text left after removing markup and blank lines")

// Build turns parsed transcript turns into stored text as docs/DATA.md
// describes: NFC, LF, no trailing spaces, each turn on a new line as
// "Label: utterance", paragraph breaks inside a turn kept as one "\n".
// Turns whose text is empty after normalisation are left out.
func Build(parsed []transcript.Turn) (*Draft, error) {
	var b strings.Builder
	d := &Draft{}
	seen := map[string]bool{}
	pos := 0 // code points written so far
	write := func(s string) {
		b.WriteString(s)
		pos += utf8.RuneCountInString(s)
	}
	for _, pt := range parsed {
		text := NormalizeText(pt.Text)
		if text == "" {
			continue
		}
		label := NormalizeLine(pt.Label)
		speaker := NormalizeLine(pt.Speaker)
		if speaker == "" {
			speaker = label
		}
		t := Turn{Seq: len(d.Turns) + 1, Speaker: speaker, Label: label, StartMS: knownTime(pt.StartMS), EndMS: knownTime(pt.EndMS)}
		if label != "" {
			t.LabelSpan.Start = pos
			write(label)
			t.LabelSpan.End = pos
			write(": ")
		} else {
			t.LabelSpan = Span{pos, pos}
		}
		t.Start = pos
		write(text)
		t.End = pos
		write("\n")
		if speaker != "" && !seen[speaker] {
			seen[speaker] = true
			d.Speakers = append(d.Speakers, speaker)
		}
		d.Turns = append(d.Turns, t)
	}
	if len(d.Turns) == 0 {
		return nil, ErrNoText
	}
	d.Text = b.String()
	d.Chars = pos
	d.SHA256 = TextHash(d.Text)
	return d, nil
}

// TextHash is the SHA-256 of a stored text, hex encoded; packs and imports
// compare it to tell whether they speak of the same text.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// NormalizeText brings an utterance into stored form: NFC, LF line ends,
// horizontal white space (tabs, no-break spaces, control characters)
// collapsed to one space, lines trimmed and blank lines dropped, so that
// paragraphs are separated by exactly one "\n".
func NormalizeText(s string) string {
	s = NFC(s)
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' })
	out := lines[:0]
	for _, line := range lines {
		if line = NormalizeLine(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// NormalizeLine brings one line into stored form: NFC, every run of white
// space or control characters collapsed to one space, trimmed.
func NormalizeLine(s string) string {
	if s == "" {
		return ""
	}
	s = NFC(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Parsers reject invalid UTF-8; a literal U+FFFD is kept as text.
			if space {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NFC composes text to Unicode Normalization Form C in the stream-safe
// format: a run of more than 30 combining marks gets a combining grapheme
// joiner (U+034F) after each 30, as golang.org/x/text inserts it. That
// form is a fixed point (normalising stored text again changes nothing)
// and is local to lines, so normalising a line gives what normalising the
// text it came from gave. Normalising segment by segment without the
// joiner was neither: a cut inside a long run fell in a different place
// once the marks had been reordered (found by fuzzing).
//
// Each byte that is not UTF-8 becomes U+FFFD first (as ranging over the
// string reads it), so the characters after it are composed too.
func NFC(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}
