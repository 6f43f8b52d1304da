package transcript

import (
	"fmt"
	"strings"
)

// sourceLine is one line of a text or Markdown transcript, or one line of a
// DOCX/ODT paragraph (a paragraph holds several when it has line breaks).
type sourceLine struct {
	text    string
	num     int  // 1-based line, or paragraph for DOCX/ODT
	heading bool // a DOCX/ODT heading or title paragraph
}

// lineKind classifies a line of a text transcript.
type lineKind int

const (
	kindBlank lineKind = iota // blank, or markup that is not text: a paragraph break
	kindTime                  // a timestamp alone, or a heading that is only one
	kindLabel                 // starts a speaker's turn
	kindText                  // words
)

// textLine is a classified line.
type textLine struct {
	kind   lineKind
	num    int
	raw    string     // the trimmed line, kept to demote a label to text
	text   string     // kindText: the words, markup removed
	label  labelMatch // kindLabel
	timeMS int64      // kindTime; for kindText a leading "[00:01:02]", else NoTime
	para   bool       // kindText: starts a new paragraph (a Markdown list item)
}

// parseTextLines reads a plain text, Markdown, DOCX or ODT transcript whose
// lines are given: front matter and headings are dropped, speaker labels
// start turns, other lines continue the current turn (docs/IMPORT.md).
func parseTextLines(src []sourceLine, format Format, opts Options, notes *notebook) (*Parsed, error) {
	markdown := format == FormatMarkdown
	office := format == FormatDOCX || format == FormatODT
	lines := make([]textLine, len(src))
	skipTo := -1
	if !office {
		skipTo = sourceFrontMatterEnd(src)
		if skipTo < 0 && len(src) > 0 && strings.TrimSpace(src[0].text) == "---" && len(src) > 1 &&
			strings.Contains(src[1].text, ":") {
			notes.add(1, "front matter opened with --- is never closed with ---; its lines are read as text")
		}
	}
	for i, l := range src {
		lines[i] = classifyLine(l, i <= skipTo, markdown, opts)
	}
	book := confirmLabels(lines, markdown)
	return buildTextTurns(lines, book, notes, office)
}

// sourceFrontMatterEnd is the index of the line closing YAML front matter
// that opens on the first line, or -1.
func sourceFrontMatterEnd(src []sourceLine) int {
	if len(src) == 0 || strings.TrimSpace(src[0].text) != "---" {
		return -1
	}
	for i := 1; i < len(src); i++ {
		if l := strings.TrimSpace(src[i].text); l == "---" || l == "..." {
			return i
		}
	}
	return -1
}

// classifyLine decides what one line is.
func classifyLine(l sourceLine, frontMatter, markdown bool, opts Options) textLine {
	t := strings.TrimSpace(l.text)
	out := textLine{num: l.num, raw: t, timeMS: NoTime}
	if frontMatter || t == "" || isRuleLine(t) {
		return out
	}
	heading, isHeading := t, l.heading
	if markdown && !isHeading {
		heading, isHeading = markdownHeading(t)
	}
	if isHeading {
		if ms, ok := parseBracketedClock(mdInline(heading)); ok {
			out.kind, out.timeMS = kindTime, ms
		}
		return out
	}
	if ms, ok := parseBracketedClock(t); ok {
		out.kind, out.timeMS = kindTime, ms
		return out
	}
	var m labelMatch
	var found bool
	if opts.SpeakerPattern != nil {
		m, found = matchPatternLabel(opts.SpeakerPattern, t)
	} else {
		m, found = matchTextLabel(t)
	}
	if found {
		if markdown {
			m.rest = strings.TrimSpace(mdInline(m.rest))
		}
		out.kind, out.label = kindLabel, m
		return out
	}
	return textOf(out, markdown)
}

// textOf makes a line text: a leading "[00:01:02]" is cut off (kept as the
// line's time) and Markdown markup removed.
func textOf(l textLine, markdown bool) textLine {
	t := l.raw
	l.kind, l.label = kindText, labelMatch{}
	if ms, rest, ok := cutLeadingClock(t); ok {
		l.timeMS, t = ms, rest
	}
	if markdown {
		l.para = isListItem(t)
		t = strings.TrimSpace(mdInline(t))
	}
	if t == "" {
		l.kind = kindBlank
	}
	l.text = t
	return l
}

// confirmLabels demotes doubtful labels to text and returns the speaker
// book of the rest. A weak "Name:" label before the first confirmed label
// (strong, or of a speaker labelled at least twice) is metadata such as
// "Fecha: 23 de abril"; a bracketed "[Name]" without a digit needs a second
// occurrence anywhere.
func confirmLabels(lines []textLine, markdown bool) *speakerBook {
	counting := newSpeakerBook()
	for _, l := range lines {
		if l.kind == kindLabel {
			counting.learn(l.label)
		}
	}
	counts := map[string]int{}
	for _, l := range lines {
		if l.kind == kindLabel {
			counts[counting.key(l.label)]++
		}
	}
	firstConfirmed := -1
	for i, l := range lines {
		if l.kind != kindLabel {
			continue
		}
		repeated := counts[counting.key(l.label)] >= 2
		if repeated || l.label.strong && !l.label.needsRepeat {
			firstConfirmed = i
			break
		}
	}
	book := newSpeakerBook()
	for i, l := range lines {
		if l.kind != kindLabel {
			continue
		}
		repeated := counts[counting.key(l.label)] >= 2
		doubtful := l.label.needsRepeat && !repeated ||
			!l.label.strong && !repeated && i < firstConfirmed
		if doubtful {
			lines[i] = textOf(l, markdown)
			continue
		}
		book.learn(l.label)
	}
	return book
}

// turnBuilder accumulates the text of a turn without quadratic copying.
type turnBuilder struct {
	turn Turn
	key  string // speaker key; "" for a turn without a label
	text strings.Builder
}

func (t *turnBuilder) write(s string, newParagraph bool) {
	if s == "" {
		return
	}
	if t.text.Len() > 0 {
		if newParagraph {
			t.text.WriteByte('\n')
		} else {
			t.text.WriteByte(' ')
		}
	}
	t.text.WriteString(s)
}

// buildTextTurns groups classified lines into turns.
func buildTextTurns(lines []textLine, book *speakerBook, notes *notebook, office bool) (*Parsed, error) {
	var turns []*turnBuilder
	hasLabels := false
	for _, l := range lines {
		if l.kind == kindLabel {
			hasLabels = true
			break
		}
	}
	breakPending := false // a blank line (or heading) since the last text
	pending := NoTime     // a timestamp line waiting for the next turn
	preamble, preambleFrom, preambleTo := 0, 0, 0
	seenLabel := false
	last := func() *turnBuilder { return turns[len(turns)-1] }
	for _, l := range lines {
		switch l.kind {
		case kindBlank:
			breakPending = true
		case kindTime:
			pending, breakPending = l.timeMS, true
		case kindLabel:
			seenLabel = true
			key := book.key(l.label)
			if len(turns) > 0 && last().key == key {
				// The same speaker labelled again (Zoom writes one label per
				// sentence group): one turn, a new paragraph.
				last().write(l.label.rest, true)
				breakPending = l.label.rest == ""
				pending = NoTime
				continue
			}
			start := l.label.startMS
			if start == NoTime {
				start = pending
			}
			t := &turnBuilder{key: key, turn: Turn{Speaker: book.speaker(key), Label: l.label.label,
				StartMS: start, EndMS: NoTime, Line: l.num}}
			t.write(l.label.rest, false)
			turns = append(turns, t)
			pending, breakPending = NoTime, false
		case kindText:
			if len(turns) == 0 || last().key == "" && breakPending {
				start := l.timeMS
				if start == NoTime {
					start = pending
				}
				turns = append(turns, &turnBuilder{turn: Turn{StartMS: start, EndMS: NoTime, Line: l.num}})
				if hasLabels && !seenLabel {
					if preamble == 0 {
						preambleFrom = l.num
					}
					preamble++
				}
				last().write(l.text, false)
			} else {
				last().write(l.text, breakPending || l.para)
			}
			if hasLabels && !seenLabel {
				preambleTo = l.num
			}
			pending, breakPending = NoTime, false
		}
	}
	if preamble > 0 {
		unit := "lines"
		if office {
			unit = "paragraphs"
		}
		span := fmt.Sprintf("%s %d-%d", unit, preambleFrom, preambleTo)
		if preambleFrom == preambleTo {
			span = fmt.Sprintf("%s %d", strings.TrimSuffix(unit, "s"), preambleFrom)
		}
		notes.add(preambleFrom, "text before the first speaker label (%s) kept as %s without a speaker",
			span, plural(preamble, "turn"))
	}
	out := make([]Turn, 0, len(turns))
	lastStart := NoTime
	for _, t := range turns {
		t.turn.Text = t.text.String()
		if t.turn.Text == "" {
			notes.addOnce("empty-label", t.turn.Line, "speaker label %q has no text; skipped", t.turn.Label)
			continue
		}
		if s := t.turn.StartMS; s != NoTime {
			if lastStart != NoTime && s < lastStart {
				notes.add(t.turn.Line, "time %s is earlier than the previous turn's %s; time dropped", formatClock(s), formatClock(lastStart))
				t.turn.StartMS = NoTime
			} else {
				lastStart = s
			}
		}
		out = append(out, t.turn)
	}
	if len(out) == 0 {
		return nil, &Error{Msg: "no transcript text found: the file has only front matter, headings, timestamps, labels without text or blank lines"}
	}
	return &Parsed{Turns: out, Notes: notes.list()}, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
