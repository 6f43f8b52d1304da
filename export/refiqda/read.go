package refiqda

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/text/encoding/charmap"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
	"github.com/focalqda/focal/corpus/transcript"
)

// The kinds of interchange file.
const (
	KindProject  = "project"
	KindCodebook = "codebook"
)

// Imported is what an interchange file holds, in Focal's terms, with a
// report of how it was read and what was left out.
type Imported struct {
	Project
	// Kind is KindProject (.qdpx, .qde) or KindCodebook (.qdc).
	Kind   string
	Report Report
}

// Report says how a file was read and what it holds that Focal cannot
// take. Nothing is dropped without a line here.
type Report struct {
	Origin  string         `json:"origin"`
	Sources []SourceReport `json:"sources"`
	// NotImported lists what the file holds that was left out.
	NotImported []string `json:"not_imported"`
	// Notes list changes made while reading: renamed codes, added users.
	Notes []string `json:"notes"`
}

// SourceReport says how one text source was read.
type SourceReport struct {
	Name       string `json:"name"`
	Selections int    `json:"selections"`
	Codings    int    `json:"codings"`
	// Reading is how the file's positions were read: code points or
	// UTF-16 units, CRLF as one or two.
	Reading Reading `json:"reading"`
	// Scores lists, for each reading that differs on this text, how many
	// selections start and end between words; the best one was chosen.
	Scores []Score `json:"scores"`
	// StoredOnWordBoundaries counts the selections whose mapped span starts
	// and ends between Focal's word units in the stored text.
	StoredOnWordBoundaries int `json:"stored_on_word_boundaries"`
	// Speakers are the speakers found in "Label: " lines, if any.
	Speakers []string `json:"speakers"`
	// Notes are things to know about this source's text.
	Notes []string `json:"notes,omitempty"`
}

func (r *Report) notImported(format string, args ...any) {
	r.NotImported = append(r.NotImported, fmt.Sprintf(format, args...))
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// ReadXML reads a project.qde or .qdc document. files opens the texts its
// internal:// paths name; nil means there are none (texts inside the XML
// are still read).
func ReadXML(data []byte, files fileSource) (*Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(data) >= 2 && (bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})) {
		text, _ := decodeText(data)
		data = []byte(text)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	var start xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil, errors.New("the project file is empty: no XML element in it")
		}
		if err != nil {
			return nil, xmlError(err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			start = s
			break
		}
	}
	switch start.Name.Local {
	case "Project":
		var x xProject
		if err := dec.DecodeElement(&x, &start); err != nil {
			return nil, xmlError(err)
		}
		if err := checkLimits(&x, files, int64(len(data))); err != nil {
			return nil, err
		}
		return readProject(&x, files, KindProject)
	case "CodeBook":
		var x xCodebookFile
		if err := dec.DecodeElement(&x, &start); err != nil {
			return nil, xmlError(err)
		}
		p := &xProject{Origin: x.Origin, CodeBook: &xCodeBook{Codes: x.Codes}, Sets: x.Sets}
		if err := checkLimits(p, files, int64(len(data))); err != nil {
			return nil, err
		}
		return readProject(p, files, KindCodebook)
	}
	return nil, fmt.Errorf("the XML is not a REFI-QDA project or codebook: its root element is <%s>, not <Project> or <CodeBook>", start.Name.Local)
}

func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "utf-16", "utf16", "unicode", "us-ascii", "ascii":
		// UTF-16 was converted before parsing.
		return input, nil
	case "iso-8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("the XML is in the %q encoding, which Focal does not read; save it as UTF-8", label)
}

// xmlError says where the XML is broken, on one line: the decoder's
// messages may quote the file.
func xmlError(err error) error {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("invalid XML at line %d: %s", syn.Line, oneLine(syn.Msg))
	}
	return fmt.Errorf("invalid XML: %s", oneLine(err.Error()))
}

// canon is the form in which GUIDs are compared: lower case, no braces.
func canon(guid string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(guid), "{}"))
}

// reader turns one parsed document into a Project.
type reader struct {
	x     *xProject
	files fileSource
	im    *Imported
	rep   *Report

	ids         map[string]bool   // every id handed out, so that each is unique
	users       map[string]string // canonical GUID → user id
	userNames   map[string]bool
	codes       map[string]string // canonical GUID → code id
	sources     map[string]int    // canonical GUID → index in im.Sources
	sourceNames map[string]bool
	refiNames   map[string]string // source name as written in the file → id
	codings     map[codingKey]bool
	notes       map[string]*xTextSource
	attached    []attachment
	noteUses    map[string]int
	codingIndex map[string]int // coding id → index in im.Codings

	missingCodes, duplicates, emptyAfterMapping, emptySelections, defaultCoder int
}

type codingKey struct {
	source, code, user string
	span               corpus.Span
}

// attachment is one place where a note is attached.
type attachment struct {
	note, kind, target string
	span               corpus.Span
}

func readProject(x *xProject, files fileSource, kind string) (*Imported, error) {
	im := &Imported{Kind: kind}
	r := &reader{x: x, files: files, im: im, rep: &im.Report,
		ids: map[string]bool{}, users: map[string]string{}, userNames: map[string]bool{}, codes: map[string]string{},
		sources: map[string]int{}, sourceNames: map[string]bool{}, refiNames: map[string]string{},
		codings: map[codingKey]bool{}, notes: map[string]*xTextSource{}, noteUses: map[string]int{}, codingIndex: map[string]int{}}
	im.Title = strings.TrimSpace(x.Name)
	im.Origin = strings.TrimSpace(x.Origin)
	im.Report.Origin = im.Origin
	im.CreatedAt = normalizeTime(x.CreationDateTime)
	im.ModifiedAt = normalizeTime(x.ModifiedDateTime)
	r.readUsers()
	if x.CodeBook != nil && x.CodeBook.Codes != nil {
		r.readCodes(x.CodeBook.Codes.Codes, "")
	}
	if x.Notes != nil {
		for i := range x.Notes.Notes {
			n := &x.Notes.Notes[i]
			if key := canon(n.GUID); key != "" && r.notes[key] == nil {
				r.notes[key] = n
			}
		}
	}
	if err := r.readSources(); err != nil {
		return nil, err
	}
	r.readCases()
	r.readSets()
	for _, ref := range x.NoteRefs {
		r.attach(ref.target(), MemoOnProject, "", corpus.Span{})
	}
	if x.Description != nil && strings.TrimSpace(*x.Description) != "" {
		r.im.Memos = append(r.im.Memos, Memo{ID: r.newID(""), Kind: MemoOnProject, Title: "Description", Body: strings.TrimSpace(*x.Description)})
	}
	r.resolveNotes()
	if x.Links != nil && len(x.Links.Items) > 0 {
		r.rep.notImported("%s between items (Focal has no links)", plural(len(x.Links.Items), "link"))
	}
	if x.Graphs != nil && len(x.Graphs.Items) > 0 {
		r.rep.notImported("%s (networks of items)", plural(len(x.Graphs.Items), "graph"))
	}
	r.summarise()
	return im, nil
}

// newID returns guid as a canonical UUID when it is one and not yet used
// in this file, else a new one derived from it (or random for none).
func (r *reader) newID(guid string) string {
	id := ""
	if u, err := uuid.Parse(canon(guid)); err == nil && canon(guid) != "" {
		id = u.String()
	}
	if id == "" || r.ids[id] {
		if canon(guid) != "" {
			id = uuid.NewSHA1(focalNamespace(), []byte("import\x00"+canon(guid)+"\x00"+strconv.Itoa(len(r.ids)))).String()
		} else {
			id = uuid.NewString()
		}
	}
	r.ids[id] = true
	return id
}

func (r *reader) readUsers() {
	if r.x.Users == nil {
		return
	}
	for _, u := range r.x.Users.Users {
		key := canon(u.GUID)
		if key == "" || r.users[key] != "" {
			continue
		}
		name := oneLine(u.Name)
		if name == "" {
			name = oneLine(u.ID)
		}
		id := r.newID(u.GUID)
		if name == "" {
			name = "user " + id[:8]
		}
		r.addUser(key, id, name)
	}
}

func (r *reader) addUser(key, id, name string) string {
	base := name
	for i := 2; r.userNames[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	if name != base {
		r.rep.note("two users are named %q; the second is %q", base, name)
	}
	r.userNames[strings.ToLower(name)] = true
	r.users[key] = id
	r.im.Users = append(r.im.Users, User{ID: id, Name: name})
	return id
}

// user resolves a user GUID, adding a user for a GUID the file does not
// list; "" stays "".
func (r *reader) user(guid string) string {
	key := canon(guid)
	if key == "" {
		return ""
	}
	if id := r.users[key]; id != "" {
		return id
	}
	id := r.newID(guid)
	name := "user " + id[:8]
	r.rep.note("user %s is named in the file but not listed among its users; added as %q", guid, name)
	return r.addUser(key, id, name)
}

const maxNameRunes = 120

// cleanName makes a code or theme name acceptable to Focal: one line, no
// "/", at most 120 characters.
func cleanName(name, what string) string {
	n := oneLine(name)
	n = strings.ReplaceAll(n, "/", "-")
	if utf8.RuneCountInString(n) > maxNameRunes {
		n = string([]rune(n)[:maxNameRunes])
	}
	if n == "" {
		n = "unnamed " + what
	}
	return n
}

func (r *reader) readCodes(codes []xCode, parent string) {
	siblings := map[string]bool{}
	for _, c := range r.im.Codes {
		if c.ParentID == parent {
			siblings[strings.ToLower(c.Name)] = true
		}
	}
	for _, xc := range codes {
		key := canon(xc.GUID)
		id := r.newID(xc.GUID)
		name := cleanName(xc.Name, "code")
		base := name
		for i := 2; siblings[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s (%d)", base, i)
		}
		siblings[strings.ToLower(name)] = true
		if name != xc.Name {
			r.rep.note("code %q was renamed %q (Focal code names are one line without '/', unique among siblings)", xc.Name, name)
		}
		c := Code{ID: id, ParentID: parent, Name: name}
		if rgbRE().MatchString(strings.TrimSpace(xc.Color)) {
			c.Color = strings.ToUpper(strings.TrimSpace(xc.Color))
		}
		if xc.Description != nil {
			parseCodeDescription(*xc.Description, &c)
		}
		if key != "" && r.codes[key] == "" {
			r.codes[key] = id
		}
		r.im.Codes = append(r.im.Codes, c)
		for _, ref := range xc.NoteRefs {
			r.attach(ref.target(), MemoOnCode, id, corpus.Span{})
		}
		r.readCodes(xc.Codes, id)
	}
}

// sourceText finds the text of a text source: its plain-text file, else
// the text inside the XML. found is false when neither is there.
func (r *reader) sourceText(ts *xTextSource) (text string, found bool, err error) {
	if ts.PlainTextPath != "" && r.files != nil {
		if name := internalName(ts.PlainTextPath); name != "" {
			data, ok, err := r.files.open(name)
			if err != nil {
				return "", false, err
			}
			if ok {
				text, note := decodeText(data)
				if note != "" {
					r.rep.note("source %q: %s", ts.Name, note)
				}
				return text, true, nil
			}
		}
	}
	if ts.PlainTextContent != nil {
		return *ts.PlainTextContent, true, nil
	}
	return "", false, nil
}

// textInput is a text source whose text and selections have been read
// and scored, waiting for the file's preferred reading. It keeps the text
// only: the position map (tens of bytes per character) is built again when
// the source is read, so that one source's map is in memory at a time.
type textInput struct {
	ts      *xTextSource
	name    string
	text    string
	spans   []rawSpan
	scores  [numReadings]Score
	codings int
}

func (r *reader) readSources() error {
	xs := r.x.Sources
	if xs == nil {
		return nil
	}
	var inputs []*textInput
	richText := 0
	for i := range xs.Text {
		ts := &xs.Text[i]
		if ts.RichTextPath != "" {
			richText++
		}
		in, err := r.prepareText(ts, ts.Name)
		if err != nil {
			return err
		}
		if in != nil {
			inputs = append(inputs, in)
		}
	}
	regions, regionCodings, pdfCodings := 0, 0, 0
	for i := range xs.PDF {
		p := &xs.PDF[i]
		regions += len(p.Selections)
		for _, s := range p.Selections {
			regionCodings += len(s.Codings)
		}
		pdfCodings += len(p.Codings)
		if p.Representation == nil {
			r.rep.notImported("PDF source %q: the file has no text for it", p.Name)
			continue
		}
		name := p.Name
		if name == "" {
			name = p.Representation.Name
		}
		in, err := r.prepareText(p.Representation, name)
		if err != nil {
			return err
		}
		if in != nil {
			inputs = append(inputs, in)
		}
	}
	prefer := r.preferredReading(inputs)
	for _, in := range inputs {
		if err := r.readTextSource(in, prefer); err != nil {
			return err
		}
	}
	if richText > 0 {
		r.rep.notImported("the rich-text copies (.docx) of %s: Focal uses the plain text", plural(richText, "source"))
	}
	r.reportMedia("picture", xs.Picture)
	r.reportMedia("audio", xs.Audio)
	r.reportMedia("video", xs.Video)
	if regions > 0 {
		r.rep.notImported("%s in PDF sources with %s (their text representations were imported where the file has them)",
			plural(regions, "PDF region"), plural(regionCodings, "coding"))
	}
	if pdfCodings > 0 {
		r.rep.notImported("%s of whole PDF sources", plural(pdfCodings, "coding"))
	}
	return nil
}

// preferredReading is the reading that fits all of the file's sources and
// puts most selections on word boundaries overall: a program counts the
// same way in every source, so it settles sources whose few selections
// cannot tell. NVivo, which counts UTF-16 units, goes first on a tie.
func (r *reader) preferredReading(inputs []*textInput) Reading {
	order := allReadings()
	if strings.Contains(strings.ToLower(r.im.Origin), "nvivo") {
		order[0], order[1] = order[1], order[0]
	}
	best, top := order[0], -1
	for _, cand := range order {
		total := 0
		for _, in := range inputs {
			for _, s := range in.scores {
				if s.Reading != cand {
					continue
				}
				if !s.Fits {
					total = -1 << 30
				}
				total += s.OnWordBoundaries
			}
		}
		if total > top {
			best, top = cand, total
		}
	}
	return best
}

func (r *reader) reportMedia(kind string, sources []xMediaSource) {
	if len(sources) == 0 {
		return
	}
	var names []string
	codings, selections, transcripts := 0, 0, 0
	for _, s := range sources {
		names = append(names, strconv.Quote(s.Name))
		codings += len(s.Codings)
		for _, group := range [][]xMediaSelected{s.Selections, s.AudioSelections, s.VideoSelections} {
			selections += len(group)
			for _, sel := range group {
				codings += len(sel.Codings)
			}
		}
		for _, t := range s.Transcripts {
			transcripts++
			for _, sel := range t.Selections {
				codings += len(sel.Codings)
			}
		}
	}
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	line := fmt.Sprintf("%s (%s) with %s and %s: Focal codes text only", plural(len(sources), kind+" source"),
		strings.Join(names, ", "), plural(selections, "selection"), plural(codings, "coding"))
	if transcripts > 0 {
		line += fmt.Sprintf("; their %s are not imported either (import the transcript itself)", plural(transcripts, "synchronised transcript"))
	}
	r.rep.NotImported = append(r.rep.NotImported, line)
}

// parsePosition reads a startPosition or endPosition.
func parsePosition(source, guid, attr, value string) (int64, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("source %q: selection %s: %s %q is not a whole number", source, oneLine(guid), attr, value)
	}
	return v, nil
}

// prepareText reads a text source's text and selections and scores the
// readings; it returns nil when the source cannot be imported (reported).
func (r *reader) prepareText(ts *xTextSource, name string) (*textInput, error) {
	name = oneLine(name)
	if name == "" {
		name = "source " + canon(ts.GUID)
	}
	codingCount := len(ts.Codings)
	for _, sel := range ts.Selections {
		codingCount += len(sel.Codings)
	}
	text, found, err := r.sourceText(ts)
	if err != nil {
		return nil, fmt.Errorf("source %q: %v", name, err)
	}
	if !found {
		r.rep.notImported("source %q with %s: its text is not in the file (%s)", name, plural(codingCount, "coding"), orDash(ts.PlainTextPath))
		return nil, nil
	}
	// Read and check every selection before anything else, so that a bad
	// position stops the import whatever the source's text.
	spans := make([]rawSpan, len(ts.Selections))
	for i, sel := range ts.Selections {
		a, err := parsePosition(name, sel.GUID, "startPosition", sel.StartPosition)
		if err != nil {
			return nil, err
		}
		b, err := parsePosition(name, sel.GUID, "endPosition", sel.EndPosition)
		if err != nil {
			return nil, err
		}
		if a < 0 || b < a {
			return nil, fmt.Errorf("source %q: selection %s runs from %d to %d, which is not a range of the text", name, oneLine(sel.GUID), a, b)
		}
		spans[i] = rawSpan{a, b}
	}
	st := newSourceText(text)
	if st.storedChars() == 0 {
		r.rep.notImported("source %q with %s: its text is empty", name, plural(codingCount, "coding"))
		return nil, nil
	}
	in := &textInput{ts: ts, name: name, text: text, spans: spans, scores: st.score(spans), codings: codingCount}
	if _, ok := choose(in.scores, Reading{Unit: CodePoints}); !ok {
		return nil, outsideError(name, st, ts, spans)
	}
	return in, nil
}

// readTextSource maps a prepared source's selections into its stored text
// and adds the source, its codings and its notes.
func (r *reader) readTextSource(in *textInput, prefer Reading) error {
	ts, name, spans := in.ts, in.name, in.spans
	st := newSourceText(in.text)
	in.text = ""
	reading, _ := choose(in.scores, prefer)
	scores := st.distinctScores(in.scores)
	draft, speakers, err := draftOf(st.stored)
	if err != nil {
		return fmt.Errorf("source %q: %v", name, err)
	}
	src := Source{ID: r.newID(ts.GUID), Text: st.stored, Draft: draft, CreatedAt: normalizeTime(ts.CreationDateTime)}
	src.Name = uniqueName(name, r.sourceNames)
	if src.Name != name {
		r.rep.note("two sources are named %q; the second is %q", name, src.Name)
	}
	if _, dup := r.refiNames[name]; !dup {
		r.refiNames[name] = src.ID
	}
	if ts.Description != nil {
		if rest := parseSourceDescription(*ts.Description, &src); rest != "" {
			r.im.Memos = append(r.im.Memos, Memo{ID: r.newID(""), Kind: MemoOnSource, TargetID: src.ID, Title: "Description", Body: rest})
		}
	}
	r.im.Sources = append(r.im.Sources, src)
	if key := canon(ts.GUID); key != "" {
		if _, dup := r.sources[key]; !dup {
			r.sources[key] = len(r.im.Sources) - 1
		}
	}
	rep := SourceReport{Name: src.Name, Selections: len(spans), Reading: reading, Scores: scores, Speakers: speakers}
	if rep.Speakers == nil {
		rep.Speakers = []string{}
	}
	bounds := storedBoundaries(draft)
	storedRunes := []rune(st.stored)
	fallback := canon(ts.CreatingUser)
	if fallback == "" {
		fallback = canon(r.x.CreatingUserGUID)
	}
	for i, sel := range ts.Selections {
		if spans[i].start == spans[i].end {
			r.emptySelections++
			continue
		}
		span, _ := st.mapSpan(reading, spans[i])
		if span.End <= span.Start || blank(storedRunes[span.Start:span.End]) {
			r.emptyAfterMapping += len(sel.Codings)
			continue
		}
		if bounds(span.Start) && bounds(span.End) {
			rep.StoredOnWordBoundaries++
		}
		selUser := canon(sel.CreatingUser)
		if selUser == "" {
			selUser = fallback
		}
		for _, xc := range sel.Codings {
			if r.addCoding(src.ID, span, xc, selUser) {
				rep.Codings++
			}
		}
		for _, ref := range sel.NoteRefs {
			r.attach(ref.target(), MemoOnTurn, src.ID, span)
		}
		if sel.Description != nil && strings.TrimSpace(*sel.Description) != "" {
			r.im.Memos = append(r.im.Memos, Memo{ID: r.newID(""), Kind: MemoOnTurn, TargetID: src.ID, Span: span,
				Title: oneLine(sel.Name), AuthorID: r.user(selUser), Body: strings.TrimSpace(*sel.Description),
				CreatedAt: normalizeTime(sel.CreationDateTime), UpdatedAt: normalizeTime(sel.ModifiedDateTime)})
		}
	}
	whole := corpus.Span{Start: 0, End: st.storedChars()}
	for _, xc := range ts.Codings {
		if r.addCoding(src.ID, whole, xc, fallback) {
			rep.Codings++
		}
	}
	for _, ref := range ts.NoteRefs {
		r.attach(ref.target(), MemoOnSource, src.ID, corpus.Span{})
	}
	if len(ts.Values) > 0 {
		r.rep.notImported("%s of source %q (Focal keeps attributes on participants, not on sources)", plural(len(ts.Values), "variable value"), src.Name)
	}
	r.rep.Sources = append(r.rep.Sources, rep)
	return nil
}

// blank reports whether a span holds only white space.
func blank(runes []rune) bool {
	for _, r := range runes {
		if !isBlank(r) {
			return false
		}
	}
	return true
}

// outsideError names the first selection that lies outside the text in
// the standard reading.
func outsideError(name string, st *sourceText, ts *xTextSource, spans []rawSpan) error {
	cp, u16 := st.length(Reading{Unit: CodePoints}), st.length(Reading{Unit: UTF16})
	for i, sp := range spans {
		if sp.end > cp && sp.end > u16 {
			return fmt.Errorf("source %q: selection %s (%d–%d) lies outside the text, which is %d characters long",
				name, oneLine(ts.Selections[i].GUID), sp.start, sp.end, cp)
		}
	}
	return fmt.Errorf("source %q: the selections do not fit the text in any reading (code points or UTF-16 units); the file and its texts do not belong together", name)
}

func orDash(s string) string {
	if s == "" {
		return "no file named"
	}
	return s
}

// uniqueName returns name, or name with " (2)", " (3)"… when taken.
func uniqueName(name string, taken map[string]bool) string {
	base := name
	for i := 2; taken[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	taken[strings.ToLower(name)] = true
	return name
}

// addCoding adds one Coding element on span; it reports whether it did.
func (r *reader) addCoding(sourceID string, span corpus.Span, xc xCoding, selUser string) bool {
	if xc.CodeRef == nil || r.codes[canon(xc.CodeRef.target())] == "" {
		r.missingCodes++
		return false
	}
	codeID := r.codes[canon(xc.CodeRef.target())]
	userGUID := canon(xc.CreatingUser)
	if userGUID == "" {
		userGUID = selUser
		r.defaultCoder++
	}
	userID := r.user(userGUID)
	key := codingKey{source: sourceID, code: codeID, user: userID, span: span}
	if r.codings[key] {
		r.duplicates++
		return false
	}
	r.codings[key] = true
	c := Coding{ID: r.newID(xc.GUID), SourceID: sourceID, CodeID: codeID, UserID: userID, Start: span.Start, End: span.End,
		CreatedAt: normalizeTime(xc.CreationDateTime)}
	r.codingIndex[c.ID] = len(r.im.Codings)
	r.im.Codings = append(r.im.Codings, c)
	for _, ref := range xc.NoteRefs {
		r.attach(ref.target(), MemoOnCoding, c.ID, corpus.Span{})
	}
	return true
}

// draftOf builds the stored form's turns: with speakers when the
// transcript parser finds "Label: " lines and keeps the text exactly as it
// is, otherwise one turn per line without speakers. Either way the stored
// text is the same, so positions need no further mapping.
func draftOf(stored string) (*corpus.Draft, []string, error) {
	// Each stored line is a paragraph: a blank line between lines keeps the
	// parser from joining them as a wrapped line.
	parsed, err := transcript.Parse("source.txt", []byte(strings.ReplaceAll(stored, "\n", "\n\n")), transcript.Options{Format: transcript.FormatText})
	if err == nil {
		if d, err := corpus.Build(parsed.Turns); err == nil && d.Text == stored && len(d.Speakers) > 0 {
			return d, d.Speakers, nil
		}
	}
	lines := strings.Split(strings.TrimSuffix(stored, "\n"), "\n")
	turns := make([]transcript.Turn, len(lines))
	for i, l := range lines {
		turns[i] = transcript.Turn{Text: l, StartMS: transcript.NoTime, EndMS: transcript.NoTime, Line: i + 1}
	}
	d, err := corpus.Build(turns)
	if err != nil {
		return nil, nil, err
	}
	if d.Text != stored {
		return nil, nil, errors.New("internal error: the stored form of the text could not be rebuilt; please report this file")
	}
	return d, nil, nil
}

// storedBoundaries returns a test of whether a stored position lies
// between Focal's word units (or outside every word).
func storedBoundaries(d *corpus.Draft) func(int) bool {
	idx := corpus.NewPositionIndex(d.Text)
	utt := make([]nlp.Span, 0, len(d.Turns))
	for _, t := range d.Turns {
		a, err1 := idx.ByteOffset(t.Start)
		b, err2 := idx.ByteOffset(t.End)
		if err1 == nil && err2 == nil {
			utt = append(utt, nlp.Span{Start: a, End: b})
		}
	}
	words := nlp.Words(d.Text, utt)
	return func(p int) bool {
		b, err := idx.ByteOffset(p)
		if err != nil {
			return false
		}
		i := sort.Search(len(words), func(i int) bool { return words[i].End > b })
		return i == len(words) || words[i].Start >= b
	}
}

// readCases turns cases into participants with their variable values as
// attributes.
func (r *reader) readCases() {
	if r.x.Cases == nil {
		return
	}
	varName := map[string]string{}
	if r.x.Variables != nil {
		for _, v := range r.x.Variables.Variables {
			if n := oneLine(v.Name); n != "" {
				varName[canon(v.GUID)] = n
			}
		}
	}
	names := map[string]bool{}
	codeRefs, selectionRefs, descriptions := 0, 0, 0
	for _, xc := range r.x.Cases.Cases {
		p := Participant{ID: r.newID(xc.GUID), Attributes: map[string]string{}}
		name := oneLine(xc.Name)
		if name == "" {
			name = "case " + p.ID[:8]
		}
		p.Name = uniqueName(name, names)
		var speakers []caseSpeaker
		if xc.Description != nil {
			var rest string
			speakers, rest = parseCaseDescription(*xc.Description, &p)
			if rest != "" {
				descriptions++
			}
		}
		for _, v := range xc.Values {
			key := varName[canon(v.VariableRef.target())]
			if key == "" {
				key = "variable " + canon(v.VariableRef.target())
			}
			if value, ok := variableValue(v); ok && value != "" {
				p.Attributes[key] = value
			}
		}
		for _, k := range speakers {
			if id, ok := r.refiNames[k.source]; ok && r.hasSpeaker(id, k.speaker) {
				p.Speakers = append(p.Speakers, SpeakerLink{SourceID: id, Speaker: k.speaker})
			}
		}
		if len(speakers) == 0 {
			// Programs that make one case per speaker name it after the speaker.
			for _, ref := range xc.SourceRefs {
				if i, ok := r.sources[canon(ref.target())]; ok && r.hasSpeaker(r.im.Sources[i].ID, name) {
					p.Speakers = append(p.Speakers, SpeakerLink{SourceID: r.im.Sources[i].ID, Speaker: name})
				}
			}
		}
		codeRefs += len(xc.CodeRefs)
		selectionRefs += len(xc.SelectionRefs)
		r.im.Participants = append(r.im.Participants, p)
	}
	if codeRefs > 0 {
		r.rep.notImported("%s of cases to codes", plural(codeRefs, "link"))
	}
	if selectionRefs > 0 {
		r.rep.notImported("%s of cases to selections (a participant's words are found through their speaker labels)", plural(selectionRefs, "link"))
	}
	if descriptions > 0 {
		r.rep.notImported("the descriptions of %s", plural(descriptions, "case"))
	}
}

func (r *reader) hasSpeaker(sourceID, speaker string) bool {
	for _, s := range r.im.Sources {
		if s.ID == sourceID && s.Draft != nil {
			for _, k := range s.Draft.Speakers {
				if k == speaker {
					return true
				}
			}
		}
	}
	return false
}

func variableValue(v xVariableValue) (string, bool) {
	for _, p := range []*string{v.TextValue, v.BooleanValue, v.IntegerValue, v.FloatValue, v.DateValue, v.DateTimeValue} {
		if p != nil {
			return strings.TrimSpace(*p), true
		}
	}
	return "", false
}

// readSets turns sets of codes (and empty sets) into themes, and sets of
// sources into source groups.
func (r *reader) readSets() {
	if r.x.Sets == nil {
		return
	}
	paths := map[string]bool{}
	for _, set := range r.x.Sets.Sets {
		var codes []string
		seen := map[string]bool{}
		for _, ref := range set.MemberCodes {
			if id := r.codes[canon(ref.target())]; id != "" && !seen[id] {
				seen[id] = true
				codes = append(codes, id)
			}
		}
		var sources []*Source
		for _, ref := range set.MemberSources {
			if i, ok := r.sources[canon(ref.target())]; ok {
				sources = append(sources, &r.im.Sources[i])
			}
		}
		if len(codes) > 0 || len(set.MemberSources) == 0 {
			var parts []string
			for _, part := range strings.Split(set.Name, "/") {
				if strings.TrimSpace(part) != "" {
					parts = append(parts, cleanName(part, "theme"))
				}
			}
			path := strings.Join(parts, "/")
			if path == "" {
				path = "unnamed theme"
			}
			path = uniqueName(path, paths)
			th := Theme{ID: r.newID(set.GUID), Path: path, CodeIDs: codes}
			if set.Description != nil {
				parseThemeDescription(*set.Description, &th)
			}
			r.im.Themes = append(r.im.Themes, th)
			for _, ref := range set.MemberNotes {
				r.attach(ref.target(), MemoOnTheme, th.ID, corpus.Span{})
			}
		} else {
			for _, ref := range set.MemberNotes {
				r.attach(ref.target(), MemoOnProject, "", corpus.Span{})
			}
		}
		group := oneLine(set.Name)
		for _, s := range sources {
			switch {
			case group == "":
			case s.Group == "":
				s.Group = group
			case s.Group != group:
				r.rep.note("source %q is in the sets %q and %q; Focal keeps one group per source, the first", s.Name, s.Group, group)
			}
		}
	}
}

func (r *reader) attach(note, kind, target string, span corpus.Span) {
	key := canon(note)
	r.attached = append(r.attached, attachment{note: key, kind: kind, target: target, span: span})
	r.noteUses[key]++
}

// resolveNotes turns notes into memos where they are attached; notes
// attached nowhere become memos on the project. An untitled note on one
// coding becomes that coding's memo.
func (r *reader) resolveNotes() {
	used := map[string]bool{}
	missing, empty := 0, 0
	for _, a := range r.attached {
		n := r.notes[a.note]
		if n == nil {
			missing++
			continue
		}
		body := r.noteBody(n)
		if body == "" {
			empty++
			continue
		}
		if a.kind == MemoOnCoding && oneLine(n.Name) == "" && r.noteUses[a.note] == 1 {
			if i, ok := r.codingIndex[a.target]; ok && r.im.Codings[i].Memo == "" {
				r.im.Codings[i].Memo = body
				used[a.note] = true
				continue
			}
		}
		id := n.GUID
		if used[a.note] {
			id = ""
		}
		used[a.note] = true
		r.im.Memos = append(r.im.Memos, r.memo(n, id, a.kind, a.target, a.span, body))
	}
	if r.x.Notes != nil {
		for i := range r.x.Notes.Notes {
			n := &r.x.Notes.Notes[i]
			if key := canon(n.GUID); used[key] || r.notes[key] != n {
				continue
			}
			body := r.noteBody(n)
			if body == "" {
				empty++
				continue
			}
			r.im.Memos = append(r.im.Memos, r.memo(n, n.GUID, MemoOnProject, "", corpus.Span{}, body))
		}
	}
	if missing > 0 {
		r.rep.notImported("%s to notes that are not in the file", plural(missing, "reference"))
	}
	if empty > 0 {
		r.rep.notImported("%s without text (a Focal memo needs text)", plural(empty, "note"))
	}
}

func (r *reader) memo(n *xTextSource, guid, kind, target string, span corpus.Span, body string) Memo {
	return Memo{ID: r.newID(guid), Kind: kind, TargetID: target, Span: span, AuthorID: r.user(n.CreatingUser),
		Title: oneLine(n.Name), Body: body, CreatedAt: normalizeTime(n.CreationDateTime), UpdatedAt: normalizeTime(n.ModifiedDateTime)}
}

// noteBody is a note's text: its description, then its content.
func (r *reader) noteBody(n *xTextSource) string {
	var parts []string
	if n.Description != nil && strings.TrimSpace(*n.Description) != "" {
		parts = append(parts, strings.TrimSpace(*n.Description))
	}
	text, found, err := r.sourceText(n)
	if err == nil && found && strings.TrimSpace(text) != "" {
		parts = append(parts, strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")))
	}
	return strings.Join(parts, "\n\n")
}

// summarise adds the counts gathered while reading to the report.
func (r *reader) summarise() {
	if r.missingCodes > 0 {
		r.rep.notImported("%s whose code is not in the codebook", plural(r.missingCodes, "coding"))
	}
	if r.emptySelections > 0 {
		r.rep.notImported("%s that start where they end", plural(r.emptySelections, "empty selection"))
	}
	if r.emptyAfterMapping > 0 {
		r.rep.notImported("%s of selections that hold only white space, which Focal's stored text collapses", plural(r.emptyAfterMapping, "coding"))
	}
	if r.duplicates > 0 {
		r.rep.note("%s repeated the same coder's code on the same span; kept once", plural(r.duplicates, "coding"))
	}
	if r.defaultCoder > 0 {
		r.rep.note("%s name no creating user; each was given to its selection's creator, else its source's, else the project's, else the person importing", plural(r.defaultCoder, "coding"))
	}
	if r.rep.NotImported == nil {
		r.rep.NotImported = []string{}
	}
	if r.rep.Notes == nil {
		r.rep.Notes = []string{}
	}
	if r.rep.Sources == nil {
		r.rep.Sources = []SourceReport{}
	}
}

// normalizeTime turns an xsd:dateTime into Focal's UTC millisecond form,
// or "" when it is missing or unreadable.
func normalizeTime(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format("2006-01-02T15:04:05.000Z")
		}
	}
	return ""
}

// plural renders "1 coding", "3 codings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
