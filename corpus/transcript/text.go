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
	// heading marks a label read from a heading: demoted, it is dropped as
	// headings are, not read as text.
	heading bool
	// bareMS and bareRest are a bare "00:00:04" at the start of a text line
	// and the words after it; bareMS is NoTime when there is none.
	bareMS   int64
	bareRest string
	// newTurn marks a timestamped line of a file without speaker labels:
	// each starts a turn of its own.
	newTurn bool
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
	dropOtterFooter(lines, notes)
	timestampedLines(lines, markdown, opts, notes)
	book := confirmLabels(lines, markdown, notes)
	return buildTextTurns(lines, book, notes, office)
}

// dropOtterFooter drops the line Otter.ai writes at the end of its exports,
// "Transcribed by https://otter.ai", with a note: it is not speech.
func dropOtterFooter(lines []textLine, notes *notebook) {
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if l.kind == kindBlank {
			continue
		}
		low := strings.ToLower(strings.Trim(l.raw, "*_ "))
		if strings.HasPrefix(low, "transcribed by") && strings.Contains(low, "otter.ai") && len(low) < 60 {
			lines[i] = textLine{num: l.num, timeMS: NoTime, bareMS: NoTime}
			notes.add(l.num, "Otter.ai footer %q dropped: it is not speech", l.raw)
		}
		return
	}
}

// timestampedLines handles files whose lines start with a bare time,
// "00:00:04 text": when at least three lines and half of the text lines
// do, the time is taken out of the text as the turn's time (a label after
// it still starts a turn). Otherwise "10:30 is when we met" stays prose.
func timestampedLines(lines []textLine, markdown bool, opts Options, notes *notebook) {
	text, stamped, labels := 0, 0, 0
	for _, l := range lines {
		switch l.kind {
		case kindText:
			text++
			if l.bareMS != NoTime {
				stamped++
			}
		case kindLabel:
			labels++
		}
	}
	if stamped < 3 || 2*stamped < text {
		return
	}
	first := 0
	for i, l := range lines {
		if l.kind != kindText || l.bareMS == NoTime {
			continue
		}
		if first == 0 {
			first = l.num
		}
		ms, rest := l.bareMS, l.bareRest
		inner := classifyLine(sourceLine{text: rest, num: l.num}, false, markdown, opts)
		switch inner.kind {
		case kindLabel:
			inner.label.strong = true
			if inner.label.startMS == NoTime {
				inner.label.startMS = ms
			}
			labels++
		case kindText:
			inner.timeMS = ms
		}
		inner.raw = l.raw
		lines[i] = inner
	}
	if labels == 0 {
		for i := range lines {
			if lines[i].kind == kindText && lines[i].timeMS != NoTime {
				lines[i].newTurn = true
			}
		}
	}
	notes.add(first, "%d lines start with a time such as \"00:00:04\"; the times were taken out of the text as the times of the turns", stamped)
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
	out := textLine{num: l.num, raw: t, timeMS: NoTime, bareMS: NoTime}
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
			return out
		}
		// A heading that is a name may be a speaker ("### Systems
		// Developer" then the speech): confirmLabels decides.
		if opts.SpeakerPattern == nil {
			if m, ok := parseLabelHead(strings.TrimSpace(mdInline(heading)), true); ok {
				m.form, m.needsRepeat, m.startMS = formHeading, true, NoTime
				out.kind, out.label, out.heading = kindLabel, m, true
			}
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
	} else if m, found = matchChatLabel(l.text); !found {
		m, found = matchTextLabel(t)
	}
	if found {
		if markdown {
			m.rest = strings.TrimSpace(mdInline(m.rest))
		}
		out.kind, out.label = kindLabel, m
		return out
	}
	out = textOf(out, markdown)
	if ms, rest, ok := cutBareClock(t); ok {
		out.bareMS, out.bareRest = ms, rest
	}
	return out
}

// cutBareClock reads a clock time at the start of a line followed by a
// space and words: "00:00:04 text". Whether it is a timestamp depends on
// the file (see timestampedLines): "10:30 is when we met" is prose.
func cutBareClock(s string) (int64, string, bool) {
	cut := strings.IndexAny(s, " \t")
	if cut < 4 {
		return 0, "", false
	}
	ms, _, ok := parseClock(s[:cut])
	rest := strings.TrimSpace(s[cut:])
	if !ok || rest == "" {
		return 0, "", false
	}
	return ms, rest, true
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

// confirmLabels decides which labels start turns and returns the speaker
// book of those that do; the others become text again (a heading: dropped,
// as headings are), each with a note "possible speaker ... at line N".
//
// The confidence in a label comes from its form, from repetition and from
// the file's layout (docs/IMPORT.md, "Which labels count"):
//   - a strong form (bold with a colon, bracketed with a digit or a time, a
//     time attached, a Zoom chat line, --speaker-pattern) counts;
//   - so does a speaker labelled at least twice;
//   - a speaker labelled once counts, with a note, when the file labels
//     other speakers the same way and more than once (the file's layout),
//     after the first confirmed label;
//   - an everyday word ("Digo:", "Well:") counts only in a strong form;
//   - everything else is text: metadata such as "Fecha: 23 de abril"
//     before the first confirmed label, a one-off "[Both laugh]".
func confirmLabels(lines []textLine, markdown bool, notes *notebook) *speakerBook {
	counting := newSpeakerBook()
	for _, l := range lines {
		if l.kind == kindLabel {
			counting.learn(l.label)
		}
	}
	linked := counting.linkSurnames()
	// Labels count together when they differ only in spaces, punctuation
	// or case ("Interviewer1", "Interviewer 1"): they stay two speakers,
	// with a note, but each is as likely a label as the pair is.
	squashed := map[string]string{} // speaker key -> squashed name
	squash := func(m labelMatch) string {
		key := counting.key(m)
		sq, ok := squashed[key]
		if !ok {
			sq = squashName(counting.speaker(key))
			squashed[key] = sq
		}
		return sq
	}
	counts := map[string]int{}
	for _, l := range lines {
		if l.kind == kindLabel {
			counts[squash(l.label)]++
		}
	}
	count := func(m labelMatch) int { return counts[squash(m)] }
	// A form is the file's layout when some speaker is labelled in it at
	// least twice.
	layout := map[labelForm]int{}
	for _, l := range lines {
		if l.kind != kindLabel || isCommonLabelWord(l.label.name) {
			continue
		}
		if count(l.label) >= 2 || l.label.strong && !l.label.needsRepeat {
			layout[l.label.form]++
		}
	}
	// Headings are also section titles, which may repeat ("## Summary"
	// once per session): they name speakers only when at least two
	// speakers are each named twice in headings.
	headingSpeakers := map[string]bool{}
	for _, l := range lines {
		if l.kind == kindLabel && l.label.form == formHeading && count(l.label) >= 2 {
			headingSpeakers[counting.key(l.label)] = true
		}
	}
	established := func(f labelForm) bool {
		if f == formHeading {
			return len(headingSpeakers) >= 2
		}
		return layout[f] >= 2
	}
	confident := func(l textLine) bool {
		m := l.label
		if m.strong && !m.needsRepeat {
			return true
		}
		if isCommonLabelWord(m.name) || m.form == formHeading && !established(formHeading) {
			return false
		}
		return count(m) >= 2
	}
	firstConfirmed := -1
	anyConfirmed := false
	for i, l := range lines {
		if l.kind == kindLabel && confident(l) {
			firstConfirmed, anyConfirmed = i, true
			break
		}
	}
	book := newSpeakerBook()
	for i, l := range lines {
		if l.kind != kindLabel {
			continue
		}
		m := l.label
		switch {
		case confident(l):
		case isCommonLabelWord(m.name):
			demoteLabel(lines, i, markdown, notes, "an everyday word, not a name")
			continue
		case i > firstConfirmed && anyConfirmed && established(m.form):
			notes.add(l.num, "speaker %q is labelled only once; read as a speaker because the file labels its other speakers the same way", m.label)
		case !anyConfirmed && !m.needsRepeat:
			// A file where no label repeats ("A: hi", "B: hello") keeps
			// its labels.
			notes.add(l.num, "speaker %q is labelled only once; read as a speaker", m.label)
		case m.form == formHeading && !established(formHeading):
			// A section heading in a file whose speakers are not headings.
			lines[i] = textLine{num: l.num, timeMS: NoTime, bareMS: NoTime}
			continue
		default:
			why := "labelled only once"
			if i < firstConfirmed {
				why = "labelled only once, before the first confirmed speaker label"
			}
			demoteLabel(lines, i, markdown, notes, why)
			continue
		}
		book.learn(m)
	}
	book.linkSurnames()
	for short, long := range linked {
		for _, l := range lines {
			if l.kind == kindLabel && counting.fold(l.label.name) == short {
				notes.add(l.num, "label %q taken as the same speaker as %q", l.label.label, counting.speaker(long))
				break
			}
		}
	}
	return book
}

// demoteLabel turns a label that does not count back into what the line
// is without it, with a note naming it as a possible speaker.
func demoteLabel(lines []textLine, i int, markdown bool, notes *notebook, why string) {
	l := lines[i]
	what := "kept as text"
	if l.heading {
		what = "read as a heading"
		lines[i] = textLine{num: l.num, timeMS: NoTime, bareMS: NoTime}
	} else {
		lines[i] = textOf(l, markdown)
	}
	notes.add(l.num, "possible speaker %q %s (%s); if it is a speaker, give --speaker-pattern or relabel the line", l.label.label, what, why)
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
			if len(turns) == 0 || last().key == "" && (breakPending || l.newTurn) {
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
	noteLookalikes(out, notes)
	return &Parsed{Turns: out, Notes: notes.list()}, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
