package transcript

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The limits of a speaker label (docs/IMPORT.md, "Speaker labels").
const (
	maxLabelRunes = 40 // a name, without a "(...)" note after it
	maxLabelWords = 5
	maxNoteRunes  = 30 // the "(...)" note after a name: "(AvW)", "(moderator)"
	maxAliasRunes = 12 // a one-word note that later labels may use alone
	// maxLabelScan bounds how far into a line the colon of a label is looked
	// for, so that long lines of prose cost nothing.
	maxLabelScan = 4 * (maxLabelRunes + maxNoteRunes + 8)
)

// labelMatch is a speaker label found at the start of a line.
type labelMatch struct {
	label   string // as written, without decoration, colon or timestamps
	name    string // label without a trailing "(...)" note: the speaker's name
	note    string // the remark in "Name (remark)", when it is not a time
	alias   string // a one-word note, "AvW" in "Aaron van Wirdum (AvW)"
	startMS int64  // a time written with the label, or NoTime
	rest    string // the utterance on the same line, trimmed
	// strong marks forms that are rarely anything but a label (bold,
	// timestamped, bracketed, voice tags, --speaker-pattern). A weak
	// "Name:" label before the first confirmed label counts only for a
	// speaker labelled twice (see confirmLabels).
	strong bool
	// needsRepeat marks forms that count only for a speaker labelled at
	// least twice, or when the file uses the form for other speakers who
	// are: "[Name] text" without a digit or a time (a one-off "[Both laugh]"
	// is a marker), Otter's "Name  0:03", "**Name** text" without a colon
	// and a Markdown heading that is a name.
	needsRepeat bool
	// form names the layout of the label, so that a speaker labelled once
	// counts when the file labels its other speakers the same way.
	form labelForm
}

// labelForm is the written form of a speaker label.
type labelForm int

const (
	formColon    labelForm = iota // "Name: text"
	formBold                      // "**Name:** text", "**Name** 0:00"
	formBoldBare                  // "**Name** text" (no colon)
	formBracket                   // "[Name] text"
	formOtter                     // "Name  0:03" alone on a line
	formHeading                   // "### Name" then the speech
	formChat                      // Zoom chat "00:01:02<TAB>Name:<TAB>text"
	formPattern                   // --speaker-pattern, voice tags
)

// stopLabels are words that end with a colon at the start of a line without
// naming a speaker: document metadata and editorial notes.
var stopLabels = map[string]bool{
	"note": true, "notes": true, "nb": true, "n.b": true, "ps": true, "p.s": true,
	"date": true, "time": true, "duration": true, "length": true, "location": true, "place": true,
	"venue": true, "title": true, "subject": true, "summary": true, "abstract": true,
	"source": true, "sources": true, "link": true, "links": true, "url": true, "tags": true,
	"keywords": true, "attendees": true, "participants": true, "present": true, "absent": true,
	"speakers": true, "transcript": true, "transcription": true, "transcriber": true,
	"recording": true, "media": true, "edit": true, "edited": true, "update": true, "updated": true,
	"warning": true, "caution": true, "tip": true, "important": true, "example": true,
	"examples": true, "re": true, "fwd": true, "fw": true, "from": true, "to": true, "cc": true,
	"bcc": true, "sent": true, "episode": true, "chapter": true, "section": true, "topic": true,
	"agenda": true, "background": true, "conclusion": true, "introduction": true,
	"disclaimer": true, "copyright": true, "website": true, "email": true, "e-mail": true,
	"phone": true, "tel": true, "address": true, "http": true, "https": true, "www": true,
	"description": true, "comment": true, "comments": true, "aliases": true, "author": true,
	"authors": true, "version": true, "language": true, "kind": true, "style": true,
	"region": true, "todo": true, "fixme": true, "see": true, "also": true, "ref": true,
}

// markerWords begin bracketed annotations that stay in the text:
// "[inaudible 00:03:31]", "[Laughter]", "[crosstalk]".
var markerWords = map[string]bool{
	"inaudible": true, "crosstalk": true, "cross-talk": true, "overtalk": true, "laughter": true,
	"laughs": true, "laughing": true, "laugh": true, "chuckles": true, "chuckle": true,
	"giggles": true, "silence": true, "pause": true, "pauses": true, "paused": true,
	"music": true, "applause": true, "unintelligible": true, "indistinct": true,
	"overlapping": true, "overlap": true, "noise": true, "noises": true, "cough": true,
	"coughs": true, "coughing": true, "sigh": true, "sighs": true, "unclear": true,
	"foreign": true, "interruption": true, "interrupted": true, "interrupts": true,
	"break": true, "end": true, "ends": true, "start": true, "starts": true,
	"recording": true, "audio": true, "video": true, "static": true, "sic": true,
	"redacted": true, "name": true, "silent": true, "long": true, "short": true,
	"brief": true, "background": true, "phone": true, "door": true, "knock": true,
	"beep": true, "clears": true, "both": true, "all": true, "everyone": true,
	"group": true, "multiple": true, "several": true, "people": true, "others": true,
	"speaking": true, "speakers": true, "off": true, "technical": true,
	"connection": true, "transcript": true, "transcriber": true, "translator": true,
	"translation": true, "note": true, "blank": true, "gap": true, "missing": true,
	"unknown": true, "inaudible:": true, "sound": true, "sounds": true, "tape": true,
	"cut": true, "no": true, "not": true, "pii": true, "removed": true, "omitted": true,
}

// nameParticles may start a later word of a name in lower case: "Aaron van
// Wirdum", "Ana de la Cruz", "Saif al Islam".
var nameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "del": true, "della": true,
	"di": true, "da": true, "das": true, "dos": true, "du": true, "la": true, "le": true,
	"el": true, "al": true, "bin": true, "bint": true, "ibn": true, "ter": true, "ten": true,
	"zu": true, "y": true, "e": true, "af": true, "av": true, "do": true, "d'": true,
}

// labelPunct are the characters besides letters, marks and digits that a
// name may contain: "Jean-Luc", "O'Neill", "Dr.", "Speaker #2", "Q&A".
const labelPunct = "-'’._#/&"

// validName reports whether s can be the name in a speaker label: at most
// maxLabelRunes runes and maxLabelWords words, letters, digits and a few
// joining characters only, at least one letter, a "." only inside short
// abbreviations ("Dr.", "J.R."), and, when requireCase is set, every word
// starting with a capital or a digit except name particles ("van") and
// words that contain a digit ("p1").
func validName(s string, requireCase bool) bool {
	if s == "" || utf8.RuneCountInString(s) > maxLabelRunes {
		return false
	}
	words := 0
	hasLetter := false
	rest := s
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		words++
		if words > maxLabelWords {
			return false
		}
		alnum, dots, digits := 0, 0, 0
		var first rune
		for _, r := range word {
			switch {
			case unicode.IsLetter(r):
				hasLetter = true
				alnum++
			case unicode.IsDigit(r):
				alnum++
				digits++
			case unicode.IsMark(r):
				continue
			case r == '.':
				dots++
				continue
			case strings.ContainsRune(labelPunct, r):
				continue
			default:
				return false
			}
			if first == 0 {
				first = r
			}
		}
		if alnum == 0 || dots > 0 && alnum > 3 {
			return false
		}
		if requireCase && unicode.IsLower(first) && digits == 0 &&
			(words == 1 || !nameParticles[strings.ToLower(word)]) {
			return false
		}
	}
	return hasLetter
}

// isStopLabel reports whether a name is a metadata word such as "Note".
func isStopLabel(name string) bool {
	name = strings.TrimRight(name, ".")
	// Every stop word is short ASCII: fold into a stack buffer rather than
	// allocate a lower-case copy of every label.
	var buf [16]byte
	if len(name) > len(buf) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return stopLabels[string(buf[:len(name)])]
}

// parseLabelHead reads the part of a label before its colon: a name,
// optionally followed by a note in parentheses or brackets, which is either
// a clock time ("Name (00:01:02)") or a short remark ("Name (AvW)",
// "Maria (moderator)").
func parseLabelHead(head string, requireCase bool) (labelMatch, bool) {
	head = strings.TrimSpace(head)
	m := labelMatch{startMS: NoTime, label: head, name: head}
	if n := len(head); n > 0 && (head[n-1] == ')' || head[n-1] == ']') {
		opener := byte('(')
		if head[n-1] == ']' {
			opener = '['
		}
		open := strings.LastIndexByte(head, opener)
		if open <= 0 {
			return m, false
		}
		inner := strings.TrimSpace(head[open+1 : n-1])
		m.name = strings.TrimSpace(head[:open])
		if ms, _, ok := parseClock(inner); ok {
			m.startMS = ms
			m.label = m.name
			m.strong = true
		} else {
			if !validNote(inner) {
				return m, false
			}
			m.label = m.name + " " + head[open:]
			m.note = inner
			if !strings.ContainsFunc(inner, unicode.IsSpace) &&
				utf8.RuneCountInString(inner) <= maxAliasRunes &&
				strings.ContainsFunc(inner, unicode.IsLetter) &&
				!strings.EqualFold(inner, m.name) {
				m.alias = inner
			}
		}
	}
	if !validName(m.name, requireCase) || isStopLabel(m.name) {
		return m, false
	}
	return m, true
}

// validNote reports whether s can be the remark in "Name (remark)".
func validNote(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxNoteRunes {
		return false
	}
	return !strings.ContainsAny(s, ":?!;\"“”«»()[]*<>{}") && !strings.ContainsRune(s, '\n')
}

// splitAtLabelColon finds the colon that ends a label at the start of s:
// the first ":" outside parentheses and brackets, followed by white space,
// punctuation such as "…" or the end of the line, but not by a letter, a
// digit, "/" or ":" (so "http://x", "10:30" and "a:b" are not labels). A
// full-width "：" may be followed by anything.
func splitAtLabelColon(s string) (head, rest string, ok bool) {
	depth := 0
	for i, r := range s {
		if i > maxLabelScan {
			return "", "", false
		}
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth < 0 {
				return "", "", false
			}
		case ':', '：':
			if depth > 0 {
				continue
			}
			after := s[i+utf8.RuneLen(r):]
			if r == ':' && after != "" {
				next, _ := utf8.DecodeRuneInString(after)
				if unicode.IsLetter(next) || unicode.IsDigit(next) || next == '/' || next == ':' {
					return "", "", false
				}
			}
			return s[:i], strings.TrimSpace(after), true
		case '?', '!', ';', ',', '"', '“', '”':
			// Sentence punctuation outside a note means this is prose. (A
			// "." may be part of "Dr." in a name: validName decides.)
			if depth == 0 {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// matchColonLabel reads "Name: text", "Name (AB): text", "Name (00:01:02):".
func matchColonLabel(s string, requireCase bool) (labelMatch, bool) {
	head, rest, ok := splitAtLabelColon(s)
	if !ok {
		return labelMatch{}, false
	}
	m, ok := parseLabelHead(head, requireCase)
	m.rest = rest
	return m, ok
}

// matchBoldLabel reads the Markdown forms "**Name:** text" and "**Name**: text".
func matchBoldLabel(s string) (labelMatch, bool) {
	if !strings.HasPrefix(s, "**") {
		return labelMatch{}, false
	}
	inner, after, ok := strings.Cut(s[2:], "**")
	if !ok {
		return labelMatch{}, false
	}
	inner = strings.TrimSpace(inner)
	var head string
	switch {
	case strings.HasSuffix(inner, ":"):
		head = strings.TrimSuffix(inner, ":")
	case strings.HasSuffix(inner, "："):
		head = strings.TrimSuffix(inner, "：")
	case strings.HasPrefix(after, ":"):
		head, after = inner, after[1:]
	case strings.HasPrefix(after, "："):
		head, after = inner, after[len("："):]
	default:
		return matchBareBoldLabel(inner, after)
	}
	if after != "" {
		if r, _ := utf8.DecodeRuneInString(after); !unicode.IsSpace(r) {
			return labelMatch{}, false
		}
	}
	if strings.ContainsAny(head, ":*") {
		return labelMatch{}, false
	}
	m, ok := parseLabelHead(head, true)
	m.rest = strings.TrimSpace(after)
	m.strong = true
	m.form = formBold
	return m, ok
}

// matchBareBoldLabel reads a bold name without a colon: Otter's export
// after a Markdown edit, "**Emma**    0:00" (the speech on the next lines),
// which is a label, and "**Interviewer** text" or "**Emma**" alone, which
// count only for a speaker labelled twice (bold is also emphasis).
func matchBareBoldLabel(inner, after string) (labelMatch, bool) {
	if after != "" {
		if r, _ := utf8.DecodeRuneInString(after); !unicode.IsSpace(r) {
			return labelMatch{}, false
		}
	}
	if strings.ContainsAny(inner, ":*") {
		return labelMatch{}, false
	}
	m, ok := parseLabelHead(inner, true)
	if !ok {
		return labelMatch{}, false
	}
	m.rest = strings.TrimSpace(after)
	m.form = formBold
	if ms, _, isClock := parseClock(m.rest); isClock && m.startMS == NoTime {
		m.startMS, m.rest, m.strong = ms, "", true
		return m, true
	}
	m.form, m.needsRepeat = formBoldBare, true
	return m, true
}

// matchChatLabel reads a line of a Zoom chat log: "00:01:02<TAB>Name:<TAB>text"
// (the name as written, whatever its case).
func matchChatLabel(line string) (labelMatch, bool) {
	clock, rest, ok := strings.Cut(strings.TrimLeft(line, " "), "\t")
	if !ok {
		return labelMatch{}, false
	}
	ms, _, isClock := parseClock(strings.TrimSpace(clock))
	if !isClock {
		return labelMatch{}, false
	}
	name, text, ok := strings.Cut(rest, "\t")
	name = strings.TrimSpace(name)
	if !ok || !strings.HasSuffix(name, ":") || len(name) < 2 || utf8.RuneCountInString(name) > 2*maxLabelRunes {
		return labelMatch{}, false
	}
	m := freeLabel(name)
	if m.label == "" {
		return labelMatch{}, false
	}
	m.startMS, m.rest, m.form = ms, strings.TrimSpace(text), formChat
	return m, true
}

// matchBracketLabel reads "[id1] text" and the Zoom transcript header
// "[Name] 11:02:09" (text on the next lines). Bracketed annotations such as
// "[inaudible 00:03:31]" or "[Laughter]" are not labels.
func matchBracketLabel(s string) (labelMatch, bool) {
	if !strings.HasPrefix(s, "[") {
		return labelMatch{}, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return labelMatch{}, false
	}
	inner := strings.TrimSpace(s[1:end])
	if inner == "" || strings.ContainsAny(inner, "[:") {
		return labelMatch{}, false
	}
	first := strings.ToLower(strings.Fields(inner)[0])
	if markerWords[strings.Trim(first, ".,;!?")] {
		return labelMatch{}, false
	}
	hasDigit := strings.ContainsFunc(inner, unicode.IsDigit)
	m, ok := parseLabelHead(inner, !hasDigit)
	if !ok {
		return m, false
	}
	after := s[end+1:]
	if after != "" {
		r, _ := utf8.DecodeRuneInString(after)
		switch {
		case r == ':':
			after = after[1:]
		case !unicode.IsSpace(r):
			return labelMatch{}, false
		}
	}
	m.rest = strings.TrimSpace(after)
	m.strong = true
	m.form = formBracket
	if ms, _, ok := parseClock(m.rest); ok {
		m.startMS, m.rest = ms, ""
	} else if !hasDigit {
		m.needsRepeat = true
	}
	return m, true
}

// matchHeaderLabel reads the Otter.ai form: a name and a time alone on a line
// ("Speaker 1  0:03"), the text on the following lines.
func matchHeaderLabel(s string) (labelMatch, bool) {
	cut := strings.LastIndexFunc(s, unicode.IsSpace)
	if cut <= 0 {
		return labelMatch{}, false
	}
	ms, sep, ok := parseClock(s[cut+1:])
	if !ok || sep != 0 {
		return labelMatch{}, false
	}
	m, ok := parseLabelHead(s[:cut], true)
	if !ok || m.startMS != NoTime {
		return labelMatch{}, false
	}
	m.startMS = ms
	// "Okay 12:30" alone on a line is rare but not a speaker; Otter names
	// every speaker many times.
	m.needsRepeat = true
	m.form = formOtter
	return m, true
}

// matchTextLabel finds a speaker label at the start of a trimmed line of a
// text, Markdown, DOCX or ODT transcript (docs/IMPORT.md lists the forms).
func matchTextLabel(s string) (labelMatch, bool) {
	lead, afterClock, hasLead := cutLeadingClock(s)
	if hasLead {
		s = afterClock
	}
	m, ok := matchBoldLabel(s)
	if !ok {
		m, ok = matchBracketLabel(s)
	}
	if !ok && !hasLead {
		m, ok = matchHeaderLabel(s)
	}
	if !ok {
		m, ok = matchColonLabel(s, true)
	}
	if !ok {
		return labelMatch{}, false
	}
	if hasLead {
		m.strong = true
		if m.startMS == NoTime {
			m.startMS = lead
		}
	}
	// "Name: [00:01:02] text" carries the time after the colon.
	if ms, rest, ok := cutLeadingClock(m.rest); ok {
		m.rest = rest
		m.strong = true
		if m.startMS == NoTime {
			m.startMS = ms
		}
	}
	return m, true
}

// matchPatternLabel applies a --speaker-pattern to the start of a line. The
// pattern must match at the first character; its "speaker" group is the
// label, its optional "time" group a clock time, and the text after the
// whole match is the utterance.
func matchPatternLabel(re *regexp.Regexp, s string) (labelMatch, bool) {
	loc := re.FindStringSubmatchIndex(s)
	if loc == nil || loc[0] != 0 || loc[1] == 0 {
		return labelMatch{}, false
	}
	group := func(name string) string {
		i := re.SubexpIndex(name)
		if i < 0 || loc[2*i] < 0 {
			return ""
		}
		return s[loc[2*i]:loc[2*i+1]]
	}
	m := freeLabel(group("speaker"))
	if m.label == "" {
		return labelMatch{}, false
	}
	if t := strings.TrimSpace(group("time")); t != "" {
		if ms, ok := parseBracketedClock(t); ok {
			m.startMS = ms
		}
	}
	m.rest = strings.TrimSpace(s[loc[1]:])
	m.form = formPattern
	return m, true
}

// freeLabel makes a label of a name that comes from explicit markup (a
// WebVTT voice tag, a --speaker-pattern group) and so is taken as written,
// whatever its length or case: only decoration and a trailing colon are
// removed. A "(...)" note after the name still defines an alias.
func freeLabel(raw string) labelMatch {
	label := strings.Join(strings.Fields(raw), " ")
	label = strings.TrimLeftFunc(label, func(r rune) bool { return r == '*' || r == '_' || unicode.IsSpace(r) })
	label = strings.TrimRightFunc(label, func(r rune) bool {
		return r == '*' || r == '_' || r == ':' || r == '：' || unicode.IsSpace(r)
	})
	if m, ok := parseLabelHead(label, false); ok {
		m.strong, m.form = true, formPattern
		return m
	}
	return labelMatch{label: label, name: label, startMS: NoTime, strong: true, form: formPattern}
}

// speakerBook maps labels to speakers. Labels that differ only in case are
// one speaker; "Full Name (AB)" makes "AB" another label of "Full Name".
// When one name carries different notes ("Participant (female)",
// "Participant (male)"), the notes tell people apart: each such label is
// its own speaker, and its alias points to it.
type speakerBook struct {
	aliasOf map[string]labelMatch // folded alias -> the label defining it
	notes   map[string]string     // folded name -> its folded note, or severalNotes
	byName  map[string]string     // folded name -> Speaker as shown
	defined map[string]bool       // byName set by a label that defines an alias
	byLabel map[string]string     // folded label -> label as shown, for names with several notes
	folded  map[string]string     // spelling -> folded, to fold each spelling once
}

// severalNotes marks a name seen with different notes.
const severalNotes = "\x00"

// labelKeyPrefix starts the key of a speaker known by a whole label
// ("participant (female)") rather than a name; names cannot contain NUL.
const labelKeyPrefix = "\x00label:"

func newSpeakerBook() *speakerBook {
	return &speakerBook{aliasOf: map[string]labelMatch{}, notes: map[string]string{},
		byName: map[string]string{}, defined: map[string]bool{}, byLabel: map[string]string{},
		folded: map[string]string{}}
}

func foldName(s string) string { return strings.ToLower(s) }

// fold is foldName, remembered: a transcript repeats a few names thousands
// of times.
func (b *speakerBook) fold(name string) string {
	if f, ok := b.folded[name]; ok {
		return f
	}
	f := foldName(name)
	b.folded[name] = f
	return f
}

// learn records the names, notes and aliases of a label. Call it for every
// label of a file before key, so that an alias used before its definition
// still resolves.
func (b *speakerBook) learn(m labelMatch) {
	name := b.fold(m.name)
	if m.note != "" {
		note := b.fold(m.note)
		if prev, seen := b.notes[name]; !seen {
			b.notes[name] = note
		} else if prev != note {
			b.notes[name] = severalNotes
		}
		if label := b.fold(m.label); b.byLabel[label] == "" {
			b.byLabel[label] = m.label
		}
	}
	if m.alias != "" {
		if alias := b.fold(m.alias); b.aliasOf[alias].label == "" {
			b.aliasOf[alias] = m
		}
		if !b.defined[name] {
			b.byName[name] = m.name
			b.defined[name] = true
		}
	}
	if _, ok := b.byName[name]; !ok {
		b.byName[name] = m.name
	}
}

// identity is the key of a label taken on its own.
func (b *speakerBook) identity(m labelMatch) string {
	name := b.fold(m.name)
	if m.note != "" && b.notes[name] == severalNotes {
		return labelKeyPrefix + b.fold(m.label)
	}
	return name
}

// key is the identity of the speaker of a label.
func (b *speakerBook) key(m labelMatch) string {
	if m.note == "" {
		if def, ok := b.aliasOf[b.fold(m.name)]; ok {
			return b.identity(def)
		}
	}
	return b.identity(m)
}

// speaker is the name shown for a speaker key.
func (b *speakerBook) speaker(key string) string {
	if label, ok := strings.CutPrefix(key, labelKeyPrefix); ok {
		return b.byLabel[label]
	}
	if s, ok := b.byName[key]; ok {
		return s
	}
	return key
}

// commonLabelWords are everyday words that end with a colon at the start of
// a line ("Digo: «Le doy un abrazo»", "Well: ...", "Donc: ...") far more
// often than they name a speaker, in the languages Focal reads (en, es,
// fr, de, pt) and a few it meets (sv, nl, it). A label that is one of them
// counts only in a strong form (bold, bracketed, timed, a voice tag,
// --speaker-pattern).
var commonLabelWords = map[string]bool{
	// English
	"say": true, "says": true, "said": true, "well": true, "so": true, "look": true, "listen": true,
	"yes": true, "no": true, "ok": true, "okay": true, "and": true, "but": true, "then": true,
	"now": true, "here": true, "there": true, "this": true, "that": true, "why": true, "what": true,
	"because": true, "remember": true, "imagine": true, "think": true, "quote": true, "hint": true,
	"step": true, "result": true, "results": true,
	// Spanish and Portuguese
	"digo": true, "dice": true, "dijo": true, "dije": true, "decía": true, "mira": true, "oye": true,
	"bueno": true, "pues": true, "entonces": true, "ojo": true, "ejemplo": true, "fecha": true,
	"lugar": true, "hora": true, "tema": true, "ubicación": true, "sí": true, "claro": true,
	"diz": true, "disse": true, "olha": true, "então": true, "sim": true, "não": true,
	// French
	"dis": true, "dit": true, "donc": true, "alors": true, "voilà": true, "bon": true, "oui": true,
	"non": true, "exemple": true,
	// German
	"sag": true, "sagt": true, "sagte": true, "ja": true, "nein": true, "also": true, "beispiel": true,
	// Swedish, Dutch, Italian
	"säger": true, "sa": true, "och": true, "zegt": true, "zei": true, "dus": true,
	"dico": true, "allora": true, "ecco": true,
}

// isCommonLabelWord reports a one-word name that is an everyday word.
func isCommonLabelWord(name string) bool {
	name = strings.TrimRight(name, ".")
	// Fold short ASCII names in a stack buffer: this runs for every label
	// of a file, and most are such names.
	var buf [24]byte
	if len(name) <= len(buf) {
		ascii := true
		for i := 0; i < len(name); i++ {
			c := name[i]
			switch {
			case c >= utf8.RuneSelf:
				ascii = false
			case c == ' ' || c == '\t':
				return false
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if ascii {
			return commonLabelWords[string(buf[:len(name)])]
		}
	}
	if strings.ContainsFunc(name, unicode.IsSpace) {
		return false
	}
	return commonLabelWords[strings.ToLower(name)]
}

// linkSurnames makes a one-word label the same speaker as the one longer
// name that ends with it: "KENNEDY:" after "Michael KENNEDY:". It returns
// the short names linked, each with the long name, for the notes.
func (b *speakerBook) linkSurnames() map[string]string {
	last := map[string][]string{} // folded last word -> folded long names
	for name := range b.byName {
		words := strings.Fields(name)
		if len(words) >= 2 {
			w := words[len(words)-1]
			last[w] = append(last[w], name)
		}
	}
	linked := map[string]string{}
	for name := range b.byName {
		if strings.ContainsFunc(name, unicode.IsSpace) || b.notes[name] != "" {
			continue
		}
		if _, isAlias := b.aliasOf[name]; isAlias {
			continue
		}
		longs := last[name]
		if len(longs) != 1 || b.notes[longs[0]] != "" {
			continue
		}
		b.aliasOf[name] = labelMatch{name: b.byName[longs[0]], label: b.byName[longs[0]]}
		linked[name] = longs[0]
	}
	return linked
}
