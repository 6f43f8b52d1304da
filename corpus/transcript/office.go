package transcript

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits on a DOCX or ODT archive (docs/IMPORT.md, "Limits"): a few
// kilobytes of zip can claim gigabytes of XML (a zip bomb), or hold
// millions of entries whose directory alone fills memory.
const (
	// maxDecompressedBytes caps what is read from one entry.
	maxDecompressedBytes = 200 << 20
	// maxArchiveBytes caps the total size of all entries, decompressed,
	// as the archive's headers state it (archive/zip reads no further).
	maxArchiveBytes = 256 << 20
	// maxArchiveEntries caps the number of entries: a long Word document
	// has a few dozen.
	maxArchiveEntries = 10000
)

// XML namespaces of the parts read.
const (
	wordNS   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	mcNS     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	odtText  = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	odOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
)

// paragraph is one paragraph of a word-processor document. Line breaks
// inside it are "\n".
type paragraph struct {
	text    strings.Builder
	heading bool
}

// parseOffice reads a DOCX or ODT transcript: its paragraphs become lines
// (numbered by paragraph) for the text rules, with a paragraph break
// between paragraphs.
func parseOffice(data []byte, format Format, opts Options) (*Parsed, error) {
	ext := "." + string(format)
	if len(data) == 0 {
		return nil, &Error{Msg: "the file is empty"}
	}
	if !isZip(data) {
		return nil, notOfficeError(ext, "it is not a zip archive (it may be a renamed .doc or text file)")
	}
	if err := refuseManyEntries(data); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, notOfficeError(ext, fmt.Sprintf("the zip archive cannot be opened (%v); it may be damaged", err))
	}
	if err := checkArchiveLimits(zr); err != nil {
		return nil, err
	}
	var paras []*paragraph
	if format == FormatDOCX {
		paras, err = readDOCX(zr)
	} else {
		paras, err = readODT(zr)
	}
	if err != nil {
		return nil, err
	}
	var src []sourceLine
	notes := newNotebook("paragraph")
	for i, p := range paras {
		for line := range strings.SplitSeq(p.text.String(), "\n") {
			src = append(src, sourceLine{text: line, num: i + 1, heading: p.heading})
			noteInvisible(line, i+1, notes)
		}
		src = append(src, sourceLine{num: i + 1})
	}
	parsed, err := parseTextLines(src, format, opts, notes)
	if err != nil {
		return nil, err
	}
	parsed.Format = format
	return parsed, nil
}

// zipEntryCount reads the number of entries an archive's end record
// states, without reading its directory (which costs memory per entry):
// ok is false when the record cannot be found, and archive/zip then says
// what is wrong.
func zipEntryCount(data []byte) (n uint64, ok bool) {
	const eocdLen, zip64LocatorLen = 22, 20
	from := max(0, len(data)-(eocdLen+65535))
	i := bytes.LastIndex(data[from:], []byte("PK\x05\x06"))
	if i < 0 {
		return 0, false
	}
	i += from
	if i+eocdLen > len(data) {
		return 0, false
	}
	n = uint64(binary.LittleEndian.Uint16(data[i+10:]))
	if n != 0xFFFF {
		return n, true
	}
	// Zip64: the locator before the end record points at the zip64 end
	// record, which holds the count.
	loc := i - zip64LocatorLen
	if loc < 0 || !bytes.HasPrefix(data[loc:], []byte("PK\x06\x07")) {
		return 0, false
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if len(data) < 56 || off > uint64(len(data)-56) || !bytes.HasPrefix(data[off:], []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}

// refuseManyEntries refuses an archive whose end record states more
// entries than a document has, before its directory is read.
func refuseManyEntries(data []byte) error {
	if n, ok := zipEntryCount(data); ok && n > maxArchiveEntries {
		return &Error{Msg: fmt.Sprintf("the archive has %d entries, above the limit of %d for a document; it is damaged or not a real document", n, maxArchiveEntries)}
	}
	return nil
}

// checkArchiveLimits refuses an archive with more entries, or more bytes
// decompressed in all, than a document has, before anything is read.
func checkArchiveLimits(zr *zip.Reader) error {
	if n := len(zr.File); n > maxArchiveEntries {
		return &Error{Msg: fmt.Sprintf("the archive has %d entries, above the limit of %d for a document; it is damaged or not a real document", n, maxArchiveEntries)}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxArchiveBytes || f.UncompressedSize64 > maxArchiveBytes {
			return &Error{Msg: fmt.Sprintf("the archive holds more than %d MB when decompressed, above the limit for a document; it is damaged or not a real document", maxArchiveBytes>>20)}
		}
	}
	return nil
}

// findEntry returns the archive entry with the given name, or nil.
func findEntry(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// readEntryXML streams the XML of one archive entry to handle and reports
// damage as *Error. An entry whose header claims more than limit bytes is
// refused before reading; archive/zip itself refuses to read past the size
// in the header (zip.ErrFormat), so a lying header cannot inflate further.
func readEntryXML(f *zip.File, limit int64, handle func(*xml.Decoder) error) error {
	if f.UncompressedSize64 > uint64(limit) {
		return &Error{Msg: fmt.Sprintf("%s is larger than %d MB when decompressed; the file is damaged or not a real document", f.Name, limit>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Msg: fmt.Sprintf("cannot read %s in the archive (%v); the file may be damaged or encrypted", f.Name, err)}
	}
	defer rc.Close()
	err = handle(xml.NewDecoder(rc))
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Msg: fmt.Sprintf("%s in the archive is damaged (%v)", f.Name, err)}
	case err != nil:
		return &Error{Msg: fmt.Sprintf("%s is not valid XML (%v); the document is damaged", f.Name, err)}
	}
	return nil
}

// paragraphStack tracks open paragraphs. Text boxes put paragraphs inside
// paragraphs; each becomes its own paragraph, numbered by where it starts.
type paragraphStack struct {
	all  []*paragraph
	open []*paragraph
}

func (s *paragraphStack) start() *paragraph {
	p := &paragraph{}
	s.all = append(s.all, p)
	s.open = append(s.open, p)
	return p
}

func (s *paragraphStack) end() {
	if len(s.open) > 0 {
		s.open = s.open[:len(s.open)-1]
	}
}

func (s *paragraphStack) current() *paragraph {
	if len(s.open) == 0 {
		return nil
	}
	return s.open[len(s.open)-1]
}

func (s *paragraphStack) write(text string) {
	if p := s.current(); p != nil {
		p.text.WriteString(text)
	}
}

// readDOCX reads the paragraphs of word/document.xml: w:p paragraphs, w:t
// text, w:tab and w:br/w:cr inside runs. Deleted text (w:delText), field
// codes and the fallback copies of text boxes are not text. Paragraphs in
// a heading or title style are headings.
func readDOCX(zr *zip.Reader) ([]*paragraph, error) {
	doc := findEntry(zr, "word/document.xml")
	if doc == nil {
		return nil, notOfficeError(".docx", "the archive has no word/document.xml")
	}
	headingStyles := map[string]bool{}
	if styles := findEntry(zr, "word/styles.xml"); styles != nil {
		// A damaged styles part only costs heading detection.
		_ = readEntryXML(styles, maxDecompressedBytes, func(d *xml.Decoder) error { return readDOCXHeadingStyles(d, headingStyles) })
	}
	var stack paragraphStack
	err := readEntryXML(doc, maxDecompressedBytes, func(d *xml.Decoder) error {
		inText, runDepth := false, 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Space == mcNS && t.Name.Local == "Fallback" {
					if err := d.Skip(); err != nil {
						return err
					}
					continue
				}
				if t.Name.Space != wordNS {
					continue
				}
				switch t.Name.Local {
				case "p":
					stack.start()
				case "r":
					runDepth++
				case "t":
					inText = true
				case "tab":
					if runDepth > 0 {
						stack.write("\t")
					}
				case "br", "cr":
					if runDepth > 0 {
						stack.write("\n")
					}
				case "noBreakHyphen":
					stack.write("-")
				case "pStyle":
					if p := stack.current(); p != nil && isHeadingStyle(attr(t, wordNS, "val"), headingStyles) {
						p.heading = true
					}
				case "outlineLvl":
					if p := stack.current(); p != nil && attr(t, wordNS, "val") != "9" {
						p.heading = true
					}
				}
			case xml.EndElement:
				if t.Name.Space != wordNS {
					continue
				}
				switch t.Name.Local {
				case "p":
					stack.end()
				case "r":
					runDepth--
				case "t":
					inText = false
				}
			case xml.CharData:
				if inText {
					stack.write(string(t))
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return stack.all, nil
}

// readDOCXHeadingStyles collects the ids of styles named "heading N",
// "Title" or "Subtitle" (names are stable across languages; ids are not:
// German Word writes "berschrift1").
func readDOCXHeadingStyles(d *xml.Decoder, heading map[string]bool) error {
	id := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Space != wordNS {
			continue
		}
		switch start.Name.Local {
		case "style":
			id = attr(start, wordNS, "styleId")
		case "name":
			name := strings.ToLower(attr(start, wordNS, "val"))
			if id != "" && (strings.HasPrefix(name, "heading") || name == "title" || name == "subtitle") {
				heading[id] = true
			}
		}
	}
}

// isHeadingStyle reports a heading style id, from styles.xml or, without
// it, from the English ids Word uses.
func isHeadingStyle(id string, heading map[string]bool) bool {
	if heading[id] {
		return true
	}
	lower := strings.ToLower(id)
	return lower == "title" || lower == "subtitle" || strings.HasPrefix(lower, "heading")
}

func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == space || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

// readODT reads the paragraphs of content.xml: text:p and text:h (a
// heading), with text:span and links inline, text:s spaces, text:tab and
// text:line-break. Footnotes, annotations and tracked deletions are not
// part of the spoken text.
func readODT(zr *zip.Reader) ([]*paragraph, error) {
	content := findEntry(zr, "content.xml")
	if content == nil {
		return nil, notOfficeError(".odt", "the archive has no content.xml")
	}
	var stack paragraphStack
	err := readEntryXML(content, maxDecompressedBytes, func(d *xml.Decoder) error {
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Space == odOffice && t.Name.Local == "annotation" {
					if err := d.Skip(); err != nil {
						return err
					}
					continue
				}
				if t.Name.Space != odtText {
					continue
				}
				switch t.Name.Local {
				case "note", "tracked-changes":
					if err := d.Skip(); err != nil {
						return err
					}
				case "p":
					stack.start()
				case "h":
					stack.start().heading = true
				case "s":
					n, err := strconv.Atoi(attr(t, odtText, "c"))
					if err != nil || n < 1 {
						n = 1
					}
					stack.write(strings.Repeat(" ", min(n, 1000)))
				case "tab":
					stack.write("\t")
				case "line-break":
					stack.write("\n")
				}
			case xml.EndElement:
				if t.Name.Space == odtText && (t.Name.Local == "p" || t.Name.Local == "h") {
					stack.end()
				}
			case xml.CharData:
				// ODF collapses white space in text; line ends in the
				// XML are not line breaks.
				stack.write(strings.Map(func(r rune) rune {
					if r == '\n' || r == '\r' || r == '\t' {
						return ' '
					}
					return r
				}, string(t)))
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return stack.all, nil
}
