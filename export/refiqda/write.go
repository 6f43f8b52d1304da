package refiqda

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/focalqda/focal/corpus"
)

// Origin is what Focal writes as the origin of its files.
const Origin = "Focal"

// WriteOptions tune WriteQDPX and MarshalProject.
type WriteOptions struct {
	// Positions is the unit of the positions written: CodePoints, as
	// REFI-QDA 1.5 §10.2 asks, unless set to UTF16 for programs that count
	// UTF-16 units (NVivo 12). The two differ only on text with emoji or
	// other characters outside the Basic Multilingual Plane.
	Positions Unit
	// Modified stamps the zip entries. A fixed time (Focal uses the time of
	// the project's last change) keeps two exports of an unchanged project
	// byte-identical; the zero time stands for 1980-01-01.
	Modified time.Time
}

// focalNamespace is the namespace of the GUIDs Focal derives for things
// that have no UUID of their own (selections, variables, source groups,
// notes of coding memos): a UUID v5 of the project id and the thing.
func focalNamespace() uuid.UUID {
	return uuid.MustParse("0c7b6f4e-3d1a-4e8b-9f51-6a2d8c4e1b70")
}

// derivedGUID names a thing without a UUID of its own, the same in every
// export of the project.
func derivedGUID(projectID string, parts ...string) string {
	return uuid.NewSHA1(focalNamespace(), []byte(projectID+"\x00"+strings.Join(parts, "\x00"))).String()
}

var rgbRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$`)
})

// WriteQDPX writes a project exchange file: a zip holding project.qde and
// sources/<guid>.txt with each source's stored text. Entries come in a
// fixed order with fixed times, so the same project gives the same bytes.
// project.qde is written source by source, so that memory stays bounded
// by the largest source rather than growing with the whole project's XML.
func WriteQDPX(w io.Writer, p *Project, opts WriteOptions) error {
	modified := opts.Modified.UTC()
	if opts.Modified.IsZero() {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	zw := zip.NewWriter(w)
	// The fastest deflate level: a large project's XML compresses well
	// anyway, and the output stays the same for the same input.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	create := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	f, err := create("project.qde")
	if err != nil {
		return err
	}
	if err := writeProject(f, p, opts); err != nil {
		return err
	}
	sources := append([]Source(nil), p.Sources...)
	sort.Slice(sources, func(i, j int) bool { return sources[i].ID < sources[j].ID })
	for _, s := range sources {
		f, err := create("sources/" + s.ID + ".txt")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, s.Text); err != nil {
			return err
		}
	}
	return zw.Close()
}

// MarshalProject renders p as project.qde XML valid against the QDA-XML
// 1.0 project schema.
func MarshalProject(p *Project, opts WriteOptions) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeProject(&buf, p, opts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// emptySources is how the project's XML holds its sources before they are
// written: the element with nothing in it, where writeProject puts them.
const emptySources = "<Sources></Sources>"

// writeProject writes p as project.qde XML to out. Everything but the
// sources is encoded first (it is small); the sources, which hold every
// coding, are then encoded one at a time into their place, indented as if
// the whole tree had been encoded at once (TestProjectStreamsAsOneTree).
func writeProject(out io.Writer, p *Project, opts WriteOptions) error {
	w := projectWriter{p: p, opts: opts, notesOf: map[string][]xRef{}}
	x, bySource, user, err := w.project()
	if err != nil {
		return err
	}
	head, err := encodeXML(x)
	if err != nil {
		return err
	}
	at := bytes.Index(head, []byte(emptySources))
	if x.Sources == nil || at < 0 {
		_, err := out.Write(head)
		return err
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	bw.Write(head[:at+len("<Sources>")])
	for _, s := range p.Sources {
		// A new encoder for each source starts without a line break, which
		// is written here; its prefix is the depth of a source in the tree.
		bw.WriteString("\n")
		enc := xml.NewEncoder(bw)
		enc.Indent("    ", "  ")
		if err := enc.EncodeElement(w.textSource(s, bySource[s.ID], user), xml.StartElement{Name: xml.Name{Local: "TextSource"}}); err != nil {
			return err
		}
		if err := enc.Flush(); err != nil {
			return err
		}
	}
	bw.WriteString("\n  </Sources>")
	bw.Write(head[at+len(emptySources):])
	return bw.Flush()
}

// encodeXML encodes v as an indented XML document.
func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// projectWriter builds the XML of one project.
type projectWriter struct {
	p    *Project
	opts WriteOptions
	// notesOf lists the notes attached to each thing, by the thing's id
	// (for turn memos: by selection key).
	notesOf map[string][]xRef
	notes   []xTextSource
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// project builds the project's XML without its sources' contents: where
// the sources go it holds an empty Sources element (when there are any).
// It returns the codings of each source and the function that names a
// user in the file, for textSource.
func (w *projectWriter) project() (*xProject, map[string][]*Coding, func(string) string, error) {
	p := w.p
	title := p.Title
	if strings.TrimSpace(title) == "" {
		title = "Focal project"
	}
	x := &xProject{XMLName: xml.Name{Space: nsProject, Local: "Project"}, Name: title, Origin: orDefault(p.Origin, Origin),
		CreationDateTime: p.CreatedAt, ModifiedDateTime: p.ModifiedAt}
	users := map[string]bool{}
	if len(p.Users) > 0 {
		x.Users = &xUsers{}
		for _, u := range p.Users {
			x.Users.Users = append(x.Users.Users, xUser{GUID: u.ID, Name: u.Name})
			users[u.ID] = true
		}
	}
	user := func(id string) string {
		if users[id] {
			return id
		}
		return ""
	}
	if err := w.collectNotes(user); err != nil {
		return nil, nil, nil, err
	}
	codes := map[string]bool{}
	for _, c := range p.Codes {
		codes[c.ID] = true
	}
	if tree := w.codeTree(""); len(tree) > 0 {
		x.CodeBook = &xCodeBook{Codes: &xCodes{Codes: tree}}
	}
	sourceName := map[string]string{}
	for _, s := range p.Sources {
		sourceName[s.ID] = s.Name
	}
	for _, c := range p.Codes {
		if c.ParentID != "" && !codes[c.ParentID] {
			return nil, nil, nil, fmt.Errorf("code %s has a parent that is not in the file", c.Name)
		}
	}
	w.variablesAndCases(x, sourceName)
	bySource := map[string][]*Coding{}
	if len(p.Sources) > 0 {
		x.Sources = &xSources{}
		for i := range p.Codings {
			c := &p.Codings[i]
			if _, ok := sourceName[c.SourceID]; !ok {
				return nil, nil, nil, fmt.Errorf("coding %s is on a source that is not in the file", c.ID)
			}
			if !codes[c.CodeID] {
				return nil, nil, nil, fmt.Errorf("coding %s uses a code that is not in the file", c.ID)
			}
			bySource[c.SourceID] = append(bySource[c.SourceID], c)
		}
	}
	if len(w.notes) > 0 {
		x.Notes = &xNotes{Notes: w.notes}
	}
	x.Sets = w.sets(codes)
	x.NoteRefs = w.notesOf[""]
	return x, bySource, user, nil
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// collectNotes turns memos and coding memos into notes and records which
// thing each is attached to.
func (w *projectWriter) collectNotes(user func(string) string) error {
	p := w.p
	known := map[string]map[string]bool{MemoOnSource: {}, MemoOnCode: {}, MemoOnCoding: {}, MemoOnTheme: {}}
	for _, s := range p.Sources {
		known[MemoOnSource][s.ID] = true
	}
	for _, c := range p.Codes {
		known[MemoOnCode][c.ID] = true
	}
	for _, c := range p.Codings {
		known[MemoOnCoding][c.ID] = true
	}
	for _, th := range p.Themes {
		known[MemoOnTheme][th.ID] = true
	}
	memos := append([]Memo(nil), p.Memos...)
	sort.SliceStable(memos, func(i, j int) bool {
		if memos[i].CreatedAt != memos[j].CreatedAt {
			return memos[i].CreatedAt < memos[j].CreatedAt
		}
		return memos[i].ID < memos[j].ID
	})
	for _, m := range memos {
		key := ""
		switch m.Kind {
		case MemoOnProject, "":
		case MemoOnTurn:
			if !known[MemoOnSource][m.TargetID] {
				return fmt.Errorf("memo %s is on a turn of a source that is not in the file", m.ID)
			}
			key = selectionKey(m.TargetID, m.Span)
		case MemoOnSource, MemoOnCode, MemoOnCoding, MemoOnTheme:
			if !known[m.Kind][m.TargetID] {
				return fmt.Errorf("memo %s is on a %s that is not in the file", m.ID, m.Kind)
			}
			key = m.TargetID
		default:
			return fmt.Errorf("memo %s has an unknown target kind %q", m.ID, m.Kind)
		}
		w.notes = append(w.notes, xTextSource{GUID: m.ID, Name: oneLine(m.Title), CreatingUser: user(m.AuthorID),
			CreationDateTime: m.CreatedAt, ModifiedDateTime: m.UpdatedAt, PlainTextContent: strPtr(m.Body)})
		w.notesOf[key] = append(w.notesOf[key], xRef{TargetGUID: m.ID})
	}
	for _, c := range p.Codings {
		if c.Memo == "" {
			continue
		}
		id := derivedGUID(p.ID, "coding-memo", c.ID)
		w.notes = append(w.notes, xTextSource{GUID: id, CreatingUser: user(c.UserID), CreationDateTime: c.CreatedAt,
			PlainTextContent: strPtr(c.Memo)})
		w.notesOf[c.ID] = append(w.notesOf[c.ID], xRef{TargetGUID: id})
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// codeTree builds the codes under parent, in the order given.
func (w *projectWriter) codeTree(parent string) []xCode {
	var out []xCode
	for _, c := range w.p.Codes {
		if c.ParentID != parent {
			continue
		}
		xc := xCode{GUID: c.ID, Name: c.Name, IsCodable: "true", Description: strPtr(codeDescription(c)),
			NoteRefs: w.notesOf[c.ID], Codes: w.codeTree(c.ID)}
		if rgbRE().MatchString(c.Color) {
			xc.Color = c.Color
		}
		out = append(out, xc)
	}
	return out
}

// variablesAndCases writes participants as cases, their attributes as
// text variables.
func (w *projectWriter) variablesAndCases(x *xProject, sourceName map[string]string) {
	p := w.p
	if len(p.Participants) == 0 {
		return
	}
	keys := map[string]bool{}
	for _, pt := range p.Participants {
		for k := range pt.Attributes {
			keys[k] = true
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	varID := map[string]string{}
	if len(names) > 0 {
		x.Variables = &xVariables{}
		for _, k := range names {
			varID[k] = derivedGUID(p.ID, "variable", k)
			x.Variables.Variables = append(x.Variables.Variables, xVariable{GUID: varID[k], Name: k, Type: "Text"})
		}
	}
	x.Cases = &xCases{}
	for _, pt := range p.Participants {
		xc := xCase{GUID: pt.ID, Name: pt.Name, Description: strPtr(caseDescription(pt, sourceName))}
		attrs := make([]string, 0, len(pt.Attributes))
		for k := range pt.Attributes {
			attrs = append(attrs, k)
		}
		sort.Strings(attrs)
		for _, k := range attrs {
			v := pt.Attributes[k]
			xc.Values = append(xc.Values, xVariableValue{VariableRef: xRef{TargetGUID: varID[k]}, TextValue: &v})
		}
		seen := map[string]bool{}
		for _, s := range p.Sources {
			for _, k := range pt.Speakers {
				if k.SourceID == s.ID && !seen[s.ID] {
					seen[s.ID] = true
					xc.SourceRefs = append(xc.SourceRefs, xRef{TargetGUID: s.ID})
				}
			}
		}
		x.Cases.Cases = append(x.Cases.Cases, xc)
	}
}

// selectionKey names the selection of a span of a source.
func selectionKey(sourceID string, s corpus.Span) string {
	return sourceID + "\x00" + strconv.Itoa(s.Start) + "\x00" + strconv.Itoa(s.End)
}

// textSource writes one source with one selection per coded span (a Coding
// per coder and code) and one per turn that has memos.
func (w *projectWriter) textSource(s Source, codings []*Coding, user func(string) string) xTextSource {
	p := w.p
	xs := xTextSource{GUID: s.ID, Name: s.Name, PlainTextPath: "internal://" + s.ID + ".txt", CreationDateTime: s.CreatedAt,
		Description: strPtr(sourceDescription(s)), NoteRefs: w.notesOf[s.ID]}
	type selection struct {
		span    corpus.Span
		codings []*Coding
	}
	bySpan := map[corpus.Span]*selection{}
	var spans []corpus.Span
	add := func(sp corpus.Span) *selection {
		sel := bySpan[sp]
		if sel == nil {
			sel = &selection{span: sp}
			bySpan[sp] = sel
			spans = append(spans, sp)
		}
		return sel
	}
	for _, c := range codings {
		sel := add(corpus.Span{Start: c.Start, End: c.End})
		sel.codings = append(sel.codings, c)
	}
	for _, m := range p.Memos {
		if m.Kind == MemoOnTurn && m.TargetID == s.ID {
			add(m.Span)
		}
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End < spans[j].End
	})
	runes := []rune(s.Text)
	pos := positionWriter(runes, w.opts.Positions)
	for _, sp := range spans {
		sel := bySpan[sp]
		sort.Slice(sel.codings, func(i, j int) bool {
			a, b := sel.codings[i], sel.codings[j]
			if a.UserID != b.UserID {
				return a.UserID < b.UserID
			}
			if a.CodeID != b.CodeID {
				return a.CodeID < b.CodeID
			}
			return a.ID < b.ID
		})
		xsel := xSelection{GUID: derivedGUID(p.ID, "selection", s.ID, strconv.Itoa(sp.Start), strconv.Itoa(sp.End)),
			Name: preview(runes, sp), StartPosition: pos(sp.Start), EndPosition: pos(sp.End),
			NoteRefs: w.notesOf[selectionKey(s.ID, sp)]}
		coder := ""
		for i, c := range sel.codings {
			if i == 0 {
				coder = c.UserID
			} else if coder != c.UserID {
				coder = ""
			}
			xsel.Codings = append(xsel.Codings, xCoding{GUID: c.ID, CreatingUser: user(c.UserID), CreationDateTime: c.CreatedAt,
				CodeRef: &xRef{TargetGUID: c.CodeID}, NoteRefs: w.notesOf[c.ID]})
		}
		xsel.CreatingUser = user(coder)
		xs.Selections = append(xs.Selections, xsel)
	}
	return xs
}

// positionWriter renders code point offsets of a text in the chosen unit.
func positionWriter(runes []rune, unit Unit) func(int) string {
	if unit != UTF16 {
		return strconv.Itoa
	}
	off := make([]int, len(runes)+1)
	for i, r := range runes {
		off[i+1] = off[i] + 1
		if r > 0xFFFF {
			off[i+1]++
		}
	}
	return func(cp int) string {
		if cp < 0 || cp > len(runes) {
			return strconv.Itoa(cp)
		}
		return strconv.Itoa(off[cp])
	}
}

// preview is the start of a selection's text, its name in other programs.
func preview(runes []rune, s corpus.Span) string {
	const max = 60
	if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
		return ""
	}
	text := oneLine(string(runes[s.Start:s.End]))
	if r := []rune(text); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return text
}

// sets writes themes as sets of codes (with their memos as member notes)
// and source groups as sets of sources.
func (w *projectWriter) sets(codes map[string]bool) *xSets {
	p := w.p
	out := &xSets{}
	for _, th := range p.Themes {
		set := xSet{GUID: th.ID, Name: th.Path, Description: strPtr(themeDescription(th)), MemberNotes: w.notesOf[th.ID]}
		for _, c := range p.Codes {
			for _, id := range th.CodeIDs {
				if id == c.ID && codes[id] {
					set.MemberCodes = append(set.MemberCodes, xRef{TargetGUID: id})
				}
			}
		}
		out.Sets = append(out.Sets, set)
	}
	groups := map[string][]string{}
	var names []string
	for _, s := range p.Sources {
		if s.Group == "" {
			continue
		}
		if _, ok := groups[s.Group]; !ok {
			names = append(names, s.Group)
		}
		groups[s.Group] = append(groups[s.Group], s.ID)
	}
	sort.Strings(names)
	for _, g := range names {
		set := xSet{GUID: derivedGUID(p.ID, "group", g), Name: g}
		for _, id := range groups[g] {
			set.MemberSources = append(set.MemberSources, xRef{TargetGUID: id})
		}
		out.Sets = append(out.Sets, set)
	}
	if len(out.Sets) == 0 {
		return nil
	}
	return out
}

// ErrEmptyCodebook is returned by WriteQDC when there are no codes: the
// codebook schema needs at least one.
var ErrEmptyCodebook = errors.New("the codebook has no codes, so there is nothing to export")

// WriteQDC writes a codebook exchange file: the code tree with
// descriptions, and themes as sets of codes. It is valid against the
// QDA-XML 1.0 codebook schema.
func WriteQDC(w io.Writer, p *Project) error {
	b, err := MarshalCodebook(p)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// MarshalCodebook renders the codebook of p as .qdc XML.
func MarshalCodebook(p *Project) ([]byte, error) {
	if len(p.Codes) == 0 {
		return nil, ErrEmptyCodebook
	}
	var tree func(parent string) []wCBCode
	tree = func(parent string) []wCBCode {
		var out []wCBCode
		for _, c := range p.Codes {
			if c.ParentID != parent {
				continue
			}
			wc := wCBCode{GUID: c.ID, Name: c.Name, IsCodable: "true", Description: strPtr(codeDescription(c)), Codes: tree(c.ID)}
			if rgbRE().MatchString(c.Color) {
				wc.Color = c.Color
			}
			out = append(out, wc)
		}
		return out
	}
	x := wCodebook{XMLName: xml.Name{Space: nsCodebook, Local: "CodeBook"}, Origin: orDefault(p.Origin, Origin),
		Codes: wCBCodes{Codes: tree("")}}
	if len(x.Codes.Codes) == 0 {
		return nil, errors.New("the codebook has no top-level code (a parent is missing)")
	}
	codes := map[string]bool{}
	for _, c := range p.Codes {
		codes[c.ID] = true
	}
	if len(p.Themes) > 0 {
		x.Sets = &wCBSets{}
		for _, th := range p.Themes {
			set := wCBSet{GUID: th.ID, Name: th.Path, Description: strPtr(themeDescription(th))}
			for _, c := range p.Codes {
				for _, id := range th.CodeIDs {
					if id == c.ID {
						set.MemberCodes = append(set.MemberCodes, wCBMember{GUID: id})
					}
				}
			}
			x.Sets.Sets = append(x.Sets.Sets, set)
		}
	}
	return encodeXML(x)
}
