package transcript

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// unknownSpeaker names the speaker of subtitle text before any label.
const unknownSpeaker = "Unknown"

// cue is one timed subtitle block as read from the file.
type cue struct {
	startMS, endMS int64
	line           int // the timing line
	// from and to delimit the cue's text in cueReader.lines (one slice for
	// the whole file rather than one per cue).
	from, to int
}

// cueLine is one line of cue text.
type cueLine struct {
	raw string
	num int
	// opens marks the first line of the cue's text, and the first line of
	// an untimed block joined to it: the lines where "Name:" labels count.
	opens bool
}

// arrowTiming is a WebVTT or SubRip timing line, "start --> end".
type arrowTiming struct {
	startMS, endMS   int64
	startSep, endSep byte // fraction separators, to tell "," from "."
}

// parseArrowTiming reads "start --> end [cue settings]". It returns a
// problem sentence when the line is not a valid timing line.
func parseArrowTiming(line string) (arrowTiming, string) {
	left, right, ok := strings.Cut(line, "-->")
	startText := strings.TrimSpace(left)
	endText := strings.TrimSpace(right)
	if cut := strings.IndexAny(endText, " \t"); cut >= 0 {
		endText = endText[:cut] // cue settings follow
	}
	if !ok || startText == "" || endText == "" || strings.ContainsAny(startText, " \t") {
		return arrowTiming{}, fmt.Sprintf("invalid cue timing line %q (expected \"00:00:01.000 --> 00:00:04.000\")", clip(line))
	}
	var t arrowTiming
	if t.startMS, t.startSep, ok = parseClock(startText); !ok {
		return t, fmt.Sprintf("invalid timestamp %q (expected hh:mm:ss.mmm)", clip(startText))
	}
	if t.endMS, t.endSep, ok = parseClock(endText); !ok {
		return t, fmt.Sprintf("invalid timestamp %q (expected hh:mm:ss.mmm)", clip(endText))
	}
	return t, ""
}

// parseSBVTiming reads a YouTube SBV timing line, "0:00:00.378,0:00:11.378".
func parseSBVTiming(line string) (startMS, endMS int64, ok bool) {
	left, right, found := strings.Cut(line, ",")
	if !found || strings.ContainsAny(right, ", \t") {
		return 0, 0, false
	}
	start, sep1, ok1 := parseClock(left)
	end, sep2, ok2 := parseClock(right)
	if !ok1 || !ok2 || sep1 == ',' || sep2 == ',' {
		return 0, 0, false
	}
	return start, end, true
}

// clip shortens a quoted piece of input in a message.
func clip(s string) string {
	const most = 60
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	return string([]rune(s)[:most]) + "…"
}

// isWebVTTHeader reports whether a line is the "WEBVTT" signature, alone or
// followed by a space or tab and a title.
func isWebVTTHeader(line string) bool {
	line = strings.TrimRight(line, " \t")
	return line == "WEBVTT" || strings.HasPrefix(line, "WEBVTT ") || strings.HasPrefix(line, "WEBVTT\t")
}

// isVTTSkipBlock reports WebVTT blocks that are not cues.
func isVTTSkipBlock(first string) bool {
	for _, word := range [...]string{"NOTE", "STYLE", "REGION"} {
		if rest, ok := strings.CutPrefix(first, word); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// isTimingLine reports a line that starts a cue inside a block (YouTube
// writes cues without a blank line between them).
func isTimingLine(line string) bool {
	line = strings.TrimSpace(line)
	return startsWithDigit(line) && strings.Contains(line, "-->")
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// cueReader collects the cues of one subtitle file.
type cueReader struct {
	format  Format
	notes   *notebook
	cues    []cue
	lines   []cueLine // the text of all cues, in order
	rolling bool      // karaoke timestamp tags: YouTube rolling captions
	header  int       // the line of the WEBVTT header, 0 when there is none
}

// begin starts a cue at its timing line, recovering from an end before
// the start.
func (r *cueReader) begin(startMS, endMS int64, num int) {
	if endMS < startMS {
		r.notes.add(num, "cue ends before it starts (%s > %s); end time set to the start", formatClock(startMS), formatClock(endMS))
		endMS = startMS
	}
	if n := len(r.cues); n > 0 && startMS < r.cues[n-1].startMS {
		r.notes.addOnce("order", num, "cue starts before the previous cue; cues were put in time order")
	}
	r.cues = append(r.cues, cue{startMS: startMS, endMS: endMS, line: num, from: len(r.lines), to: len(r.lines)})
}

// addText adds a line of text to the current cue.
func (r *cueReader) addText(raw string, num int, opens bool) {
	// Text always belongs to the last cue begun, so its lines stay
	// contiguous in r.lines.
	r.lines = append(r.lines, cueLine{raw: raw, num: num, opens: opens})
	r.cues[len(r.cues)-1].to = len(r.lines)
	if !r.rolling && hasTimestampTag(raw) {
		r.rolling = true
	}
}

// noteSeparator notes timestamps that use the other format's fraction
// separator ("," in WebVTT, "." in SubRip): read anyway.
func (r *cueReader) noteSeparator(t arrowTiming, num int) {
	want, other := byte('.'), byte(',')
	if r.format == FormatSRT {
		want, other = ',', '.'
	}
	if t.startSep == other || t.endSep == other {
		r.notes.addOnce("separator", num, "timestamp uses %q instead of %q before the milliseconds; read anyway", other, want)
	}
}

// untimedBlock handles a block without a timing line: before the first cue
// it is an error (or skipped header metadata); after it, its text is joined
// to the previous cue, so no words are lost.
func (r *cueReader) untimedBlock(lines []string, start int, example string) error {
	block := lines
	num := start + 1
	if r.format == FormatSRT && allDigits(strings.TrimSpace(block[0])) {
		block, num = block[1:], num+1
		if len(block) == 0 {
			r.notes.add(start+1, "cue number without timing or text; skipped")
			return nil
		}
	}
	if len(r.cues) == 0 {
		if r.format == FormatVTT && allMetadata(block) {
			r.notes.add(num, "header lines after the WEBVTT header block skipped")
			return nil
		}
		return &Error{Line: num, Msg: fmt.Sprintf("text before the first cue: expected a cue timing line such as %q", example)}
	}
	r.notes.addOnce("untimed", num, "text without a cue timing line; joined to the previous cue")
	for i, l := range block {
		r.addText(l, num+i, i == 0)
	}
	return nil
}

// allMetadata reports whether every line is "Key: value" header metadata.
func allMetadata(block []string) bool {
	for _, l := range block {
		key, _, ok := strings.Cut(l, ":")
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return false
		}
	}
	return true
}

// nextBlock returns the bounds [start, end) of the next block of non-blank
// lines at or after i, or start == len(lines) when there is none.
func nextBlock(lines []string, i int) (start, end int) {
	for i < len(lines) && isBlank(lines[i]) {
		i++
	}
	start = i
	for i < len(lines) && !isBlank(lines[i]) {
		i++
	}
	return start, i
}

// readArrowCues reads the cues of one block from its timing line at j to
// end; a timing line inside the text starts a new cue.
func (r *cueReader) readArrowCues(lines []string, j, end int) error {
	for j < end {
		t, problem := parseArrowTiming(strings.TrimSpace(lines[j]))
		if problem != "" {
			return &Error{Line: j + 1, Msg: problem}
		}
		r.noteSeparator(t, j+1)
		r.begin(t.startMS, t.endMS, j+1)
		j++
		for opens := true; j < end && !isTimingLine(lines[j]); j++ {
			// A SubRip cue number directly before the next timing line
			// belongs to that cue (the blank line between them is missing).
			if r.format == FormatSRT && j+1 < end && allDigits(strings.TrimSpace(lines[j])) && isTimingLine(lines[j+1]) {
				continue
			}
			r.addText(lines[j], j+1, opens)
			opens = false
		}
	}
	return nil
}

// parseVTT reads WebVTT.
func parseVTT(lines []string, opts Options, notes *notebook) (*Parsed, error) {
	r := &cueReader{format: FormatVTT, notes: notes}
	i, _ := nextBlock(lines, 0)
	if i < len(lines) && isWebVTTHeader(lines[i]) {
		r.header = i + 1
		// The header block runs to the first blank line: title, Kind:,
		// Language:, and YouTube's Style: lines.
		for i++; i < len(lines) && !isBlank(lines[i]); i++ {
			if isTimingLine(lines[i]) {
				notes.add(i+1, "no blank line between the WEBVTT header and the first cue; read anyway")
				break
			}
		}
	} else {
		notes.add(i+1, "the WEBVTT header is missing; read as WebVTT anyway")
	}
	for {
		start, end := nextBlock(lines, i)
		if start == len(lines) {
			break
		}
		i = end
		first := strings.TrimSpace(lines[start])
		if isVTTSkipBlock(first) {
			continue
		}
		timing := -1
		switch {
		case strings.Contains(lines[start], "-->"):
			timing = start
		case end-start > 1 && strings.Contains(lines[start+1], "-->"):
			timing = start + 1 // the first line is a cue identifier
		}
		if timing < 0 {
			if err := r.untimedBlock(lines[start:end], start, "00:00:01.000 --> 00:00:04.000"); err != nil {
				return nil, err
			}
			continue
		}
		if err := r.readArrowCues(lines, timing, end); err != nil {
			return nil, err
		}
	}
	return subtitleTurns(r, opts)
}

// parseSRT reads SubRip.
func parseSRT(lines []string, opts Options, notes *notebook) (*Parsed, error) {
	r := &cueReader{format: FormatSRT, notes: notes}
	for i := 0; ; {
		start, end := nextBlock(lines, i)
		if start == len(lines) {
			break
		}
		i = end
		timing := -1
		switch {
		case strings.Contains(lines[start], "-->"):
			timing = start
		case end-start > 1 && strings.Contains(lines[start+1], "-->"):
			timing = start + 1 // the first line is the cue number
		}
		if timing < 0 {
			if err := r.untimedBlock(lines[start:end], start, "00:00:01,000 --> 00:00:04,000"); err != nil {
				return nil, err
			}
			continue
		}
		if err := r.readArrowCues(lines, timing, end); err != nil {
			return nil, err
		}
	}
	return subtitleTurns(r, opts)
}

// parseSBV reads YouTube's SBV: a timing line "0:00:00.378,0:00:11.378",
// then the text, blocks separated by blank lines.
func parseSBV(lines []string, opts Options, notes *notebook) (*Parsed, error) {
	r := &cueReader{format: FormatSBV, notes: notes}
	for i := 0; ; {
		start, end := nextBlock(lines, i)
		if start == len(lines) {
			break
		}
		i = end
		first := strings.TrimSpace(lines[start])
		if _, _, ok := parseSBVTiming(first); !ok {
			if startsWithDigit(first) && strings.Contains(first, ",") && strings.Contains(first, ":") {
				return nil, &Error{Line: start + 1, Msg: fmt.Sprintf("invalid SBV timing line %q (expected \"0:00:01.000,0:00:04.000\")", clip(first))}
			}
			if err := r.untimedBlock(lines[start:end], start, "0:00:01.000,0:00:04.000"); err != nil {
				return nil, err
			}
			continue
		}
		for j := start; j < end; {
			startMS, endMS, _ := parseSBVTiming(strings.TrimSpace(lines[j]))
			r.begin(startMS, endMS, j+1)
			j++
			for opens := true; j < end; j++ {
				if _, _, ok := parseSBVTiming(strings.TrimSpace(lines[j])); ok {
					break
				}
				r.addText(lines[j], j+1, opens)
				opens = false
			}
		}
	}
	return subtitleTurns(r, opts)
}

// segment is the text of one speaker within one cue.
type segment struct {
	label          *labelMatch // nil: continues the previous speaker
	text           string
	newParagraph   bool // the text starts with a dialogue dash
	startMS, endMS int64
	line           int
	// labelText is the label as it stands in the cue line ("Digo:"), to
	// put back when the label does not count.
	labelText string
}

// appendText adds a line of cue text; a dialogue dash starts a paragraph.
func (s *segment) appendText(text string, dash bool) {
	switch {
	case text == "":
	case s.text == "":
		s.text, s.newParagraph = text, dash
	case dash:
		s.text += "\n" + text
	default:
		s.text += " " + text
	}
}

// cueSegments splits the text of a cue into segments at speaker labels:
// "<v Name>" and "- Name:" on any line, "Name:" (or --speaker-pattern) on
// the first line of the cue.
func cueSegments(c cue, lines []cleanCueLine, opts Options) []segment {
	var out []segment
	cur := segment{startMS: c.startMS, endMS: c.endMS, line: c.line}
	for _, l := range lines {
		m, rest, found := cueLineLabel(l, opts)
		if !found {
			cur.appendText(l.text, isDialogueDash(l.text))
			continue
		}
		if cur.text != "" || cur.label != nil {
			out = append(out, cur)
			cur = segment{startMS: c.startMS, endMS: c.endMS, line: l.num}
		}
		cur.label = &m
		cur.labelText = strings.TrimSpace(strings.TrimSuffix(l.text, rest))
		cur.appendText(rest, false)
	}
	if cur.text != "" || cur.label != nil {
		out = append(out, cur)
	}
	return out
}

// cleanCueLine is a cue line with its markup removed.
type cleanCueLine struct {
	cueLine
	text string
}

// cueLineLabel finds a speaker label at the start of a cue line.
func cueLineLabel(l cleanCueLine, opts Options) (labelMatch, string, bool) {
	if name, rest, ok := voiceTag(l.raw); ok {
		m := freeLabel(name)
		if m.label != "" {
			return m, cleanCueText(rest), true
		}
	}
	if isDialogueDash(l.text) {
		_, size := utf8.DecodeRuneInString(l.text)
		after := strings.TrimSpace(l.text[size:])
		if m, ok := matchColonLabel(after, true); ok {
			m.strong = true
			return m, m.rest, true
		}
	}
	if !l.opens {
		return labelMatch{}, "", false
	}
	if opts.SpeakerPattern != nil {
		m, ok := matchPatternLabel(opts.SpeakerPattern, l.text)
		return m, m.rest, ok
	}
	m, ok := matchColonLabel(l.text, true)
	m.form = formColon
	return m, m.rest, ok
}

// isDialogueDash reports a subtitle line that starts with a dialogue dash
// ("- Ta en kopp.", "-Stéphane ?"): a change of (unnamed) speaker, kept as
// a paragraph break.
func isDialogueDash(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if r != '-' && r != '–' && r != '—' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[size:])
	return size < len(s) && next != r && next != '-'
}

// rollingOverlap is how many leading lines of cur repeat the last lines of
// prev: YouTube's rolling captions show the previous line again above the
// new one.
func rollingOverlap(prev, cur []string) int {
	for k := min(len(prev), len(cur)); k > 0; k-- {
		if slices.Equal(prev[len(prev)-k:], cur[:k]) {
			return k
		}
	}
	return 0
}

// subtitleTurns turns cues into turns: speaker labels are found, cues are
// put in start order, and consecutive cues of one speaker merge.
func subtitleTurns(r *cueReader, opts Options) (*Parsed, error) {
	notes := r.notes
	if len(r.cues) == 0 {
		if r.header > 0 {
			return nil, &Error{Line: r.header, Msg: "the file has a WEBVTT header but no cues"}
		}
		return nil, &Error{Msg: fmt.Sprintf("no cues found: the file has no %s cue timing lines", formatTitle(r.format))}
	}
	segs := cueSegmentsAll(r, opts)
	confirmCueLabels(segs, notes)
	turns := mergeSegments(segs, notes)
	if len(turns) == 0 {
		return nil, &Error{Msg: "no cue has any text"}
	}
	noteLookalikes(turns, notes)
	return &Parsed{Turns: turns, Notes: notes.list()}, nil
}

// cueSegmentsAll cleans the text of every cue, drops the lines YouTube's
// rolling captions repeat, and splits cues at speaker labels.
func cueSegmentsAll(r *cueReader, opts Options) []segment {
	notes := r.notes
	segs := make([]segment, 0, len(r.cues))
	var lines []cleanCueLine      // reused for every cue
	var texts, prevTexts []string // this cue's and the previous cue's lines, for rolling captions
	for _, c := range r.cues {
		lines, texts = lines[:0], texts[:0]
		for _, l := range r.lines[c.from:c.to] {
			text := cleanCueText(l.raw)
			if text == "" && !strings.Contains(l.raw, "<v") {
				continue
			}
			lines = append(lines, cleanCueLine{cueLine: l, text: text})
			texts = append(texts, text)
		}
		if len(lines) == 0 {
			notes.addOnce("empty-cue", c.line, "cue has no text; skipped")
			continue
		}
		if r.rolling {
			if k := rollingOverlap(prevTexts, texts); k > 0 {
				notes.addOnce("rolling", c.line, "caption lines repeated from the previous cue (rolling auto-captions) were dropped")
				lines = lines[k:]
				if len(lines) > 0 {
					lines[0].opens = true
				}
			}
			prevTexts, texts = texts, prevTexts
		}
		if len(lines) == 0 {
			// Nothing new: the cue only extends the time of the text shown.
			segs = append(segs, segment{startMS: c.startMS, endMS: c.endMS, line: c.line})
			continue
		}
		segs = append(segs, cueSegments(c, lines, opts)...)
	}
	return segs
}

// confirmCueLabels puts back into the text the "Name:" labels of cue
// lines that do not count, each with a note "possible speaker ... at line
// N": an everyday word ("Digo:" in a Spanish subtitle), and every such
// label in subtitles without a speaker convention (fewer than one cue in
// ten labelled, no voice tags). A speaker labelled once in subtitles that
// do label speakers counts, with a note.
// Voice tags, "- Name:" dialogue labels and --speaker-pattern always count.
func confirmCueLabels(segs []segment, notes *notebook) {
	counting := newSpeakerBook()
	for _, s := range segs {
		if s.label != nil {
			counting.learn(*s.label)
		}
	}
	counting.linkSurnames()
	counts := map[string]int{}
	strong, labelled, withText := 0, 0, 0
	for _, s := range segs {
		if s.text != "" || s.label != nil {
			withText++
		}
		if s.label != nil {
			counts[counting.key(*s.label)]++
			if s.label.strong {
				strong++
			}
		}
	}
	for _, s := range segs {
		if s.label != nil && !s.label.strong && !isCommonLabelWord(s.label.name) {
			labelled++
		}
	}
	convention := strong > 0 || 10*labelled >= withText
	for i := range segs {
		s := &segs[i]
		if s.label == nil || s.label.strong {
			continue
		}
		why := ""
		switch {
		case isCommonLabelWord(s.label.name):
			why = "an everyday word, not a name"
		case !convention:
			why = "the subtitles name speakers in fewer than one cue in ten"
		case counts[counting.key(*s.label)] < 2:
			notes.add(s.line, "speaker %q is labelled only once; read as a speaker because the subtitles label their speakers the same way", s.label.label)
			continue
		default:
			continue
		}
		notes.add(s.line, "possible speaker %q kept as text (%s); if it is a speaker, give --speaker-pattern", s.label.label, why)
		text := s.labelText
		if s.text != "" {
			text += " " + s.text
		}
		s.label, s.text, s.labelText = nil, text, ""
	}
}

// mergeSegments puts segments in start order and merges consecutive
// segments of one speaker into turns. A segment without a label continues
// the previous speaker ("Unknown" before any label).
func mergeSegments(segs []segment, notes *notebook) []Turn {
	slices.SortStableFunc(segs, func(a, b segment) int {
		switch {
		case a.startMS < b.startMS:
			return -1
		case a.startMS > b.startMS:
			return 1
		}
		return 0
	})
	book := newSpeakerBook()
	for _, s := range segs {
		if s.label != nil {
			book.learn(*s.label)
		}
	}
	for short, long := range book.linkSurnames() {
		for _, s := range segs {
			if s.label != nil && book.fold(s.label.name) == short {
				notes.add(s.line, "label %q taken as the same speaker as %q", s.label.label, book.speaker(long))
				break
			}
		}
	}
	var turns []Turn
	var bodies []*strings.Builder // the text of each turn; turns can grow long
	var keys []string             // the speaker key of each turn
	lastKey, lastSpeaker, lastLabel := "", "", ""
	for _, s := range segs {
		key, speaker, label := lastKey, lastSpeaker, lastLabel
		switch {
		case s.label != nil:
			key = book.key(*s.label)
			speaker, label = book.speaker(key), s.label.label
		case key == "":
			if s.text == "" {
				continue
			}
			key, speaker, label = foldName(unknownSpeaker), unknownSpeaker, unknownSpeaker
			notes.addOnce("unknown", s.line, "cue text without a speaker label; attributed to %q", unknownSpeaker)
		}
		lastKey, lastSpeaker, lastLabel = key, speaker, label
		n := len(turns)
		if n > 0 && (key == keys[n-1] || s.label == nil && s.text == "") {
			if s.text != "" {
				if s.newParagraph {
					bodies[n-1].WriteByte('\n')
				} else {
					bodies[n-1].WriteByte(' ')
				}
				bodies[n-1].WriteString(s.text)
			}
			turns[n-1].EndMS = max(turns[n-1].EndMS, s.endMS)
			continue
		}
		if s.text == "" {
			continue
		}
		turns = append(turns, Turn{Speaker: speaker, Label: label, StartMS: s.startMS, EndMS: s.endMS, Line: s.line})
		bodies = append(bodies, &strings.Builder{})
		keys = append(keys, key)
		bodies[n].WriteString(s.text)
	}
	for i := range turns {
		turns[i].Text = bodies[i].String()
	}
	return turns
}
