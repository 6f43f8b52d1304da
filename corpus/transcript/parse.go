package transcript

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Options tune Parse.
type Options struct {
	// Format forces a format; "" detects it with Detect.
	Format Format
	// SpeakerPattern, when set, replaces the built-in speaker label rules
	// (docs/IMPORT.md). It is matched against each trimmed line of a text,
	// Markdown, DOCX or ODT transcript and against the first line of each
	// subtitle cue (tags removed), and counts only when it matches at the
	// line's first character. It must have a named group (?P<speaker>...):
	// the label. An optional group (?P<time>...) holds a clock time such as
	// 00:01:02. The text after the whole match is the start of the
	// utterance, e.g. `^(?P<speaker>[A-Z]{2,3})>\s*` for "MOD> text".
	// Front matter, headings and timestamp lines are still recognised, and
	// WebVTT voice tags still name speakers.
	SpeakerPattern *regexp.Regexp
}

// Parse reads a transcript file. name is used only for its extension, when
// the content does not tell the format. Every problem with the input is
// returned as an *Error; recoveries are listed in Parsed.Notes.
func Parse(name string, data []byte, opts Options) (*Parsed, error) {
	if re := opts.SpeakerPattern; re != nil && re.SubexpIndex("speaker") < 0 {
		return nil, &Error{Msg: "the speaker pattern has no named group (?P<speaker>...); add one around the label"}
	}
	format, err := ParseFormat(string(opts.Format))
	if err != nil {
		return nil, err
	}
	if ext := extension(name); format == "" && (isZip(data) || ext == ".docx" || ext == ".odt") {
		f, err := Detect(name, data)
		if err != nil {
			return nil, err
		}
		format = f
	}
	switch format {
	case FormatDOCX, FormatODT:
		p, err := parseOffice(data, format, opts)
		if err != nil {
			return nil, err
		}
		return withLookCheck(p), nil
	}
	if err := refuseKnownBinary(data, format); err != nil {
		return nil, err
	}
	notes := newNotebook("line")
	lines, err := prepareText(data, notes)
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = sniffText(lines, extension(name))
	}
	for i, l := range lines {
		noteInvisible(l, i+1, notes)
	}
	var p *Parsed
	switch format {
	case FormatVTT:
		p, err = parseVTT(lines, opts, notes)
	case FormatSRT:
		p, err = parseSRT(lines, opts, notes)
	case FormatSBV:
		p, err = parseSBV(lines, opts, notes)
	default:
		src := make([]sourceLine, len(lines))
		for i, l := range lines {
			src[i] = sourceLine{text: l, num: i + 1}
		}
		p, err = parseTextLines(src, format, opts, notes)
	}
	if err != nil {
		return nil, err
	}
	p.Format = format
	return withLookCheck(p), nil
}

// withLookCheck adds the "does not look like a transcript" warning.
func withLookCheck(p *Parsed) *Parsed {
	if n := notTranscriptNote(p); n != "" {
		p.Notes = append(p.Notes, n)
	}
	return p
}

// ParseFormat reads a format name as given to --format: vtt (webvtt), srt
// (subrip), sbv, txt (text), md (markdown), docx or odt, in any case and with
// or without a leading dot. "" and "auto" mean "detect" and return "".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "", "auto":
		return "", nil
	case "vtt", "webvtt":
		return FormatVTT, nil
	case "srt", "subrip":
		return FormatSRT, nil
	case "sbv":
		return FormatSBV, nil
	case "txt", "text":
		return FormatText, nil
	case "md", "markdown":
		return FormatMarkdown, nil
	case "docx":
		return FormatDOCX, nil
	case "odt":
		return FormatODT, nil
	}
	return "", &Error{Msg: fmt.Sprintf("unknown format %q; use one of vtt, srt, sbv, txt, md, docx, odt", s)}
}

// refuseKnownBinary names files that are clearly not text transcripts, so
// the error says what the file is rather than "invalid UTF-8".
func refuseKnownBinary(data []byte, format Format) error {
	switch {
	case isZip(data):
		what := "a zip archive (such as a DOCX or ODT document)"
		if format != "" {
			return &Error{Msg: fmt.Sprintf("the file is %s, not a %s file; import it without --format, or with --format docx or odt", what, formatTitle(format))}
		}
		return &Error{Msg: "the file is " + what + ", not a text transcript"}
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return &Error{Msg: "the file is a Word 97-2003 (.doc) or other legacy Office file; save it as .docx, .odt or .txt and import that"}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return &Error{Msg: "the file is a PDF, which Focal cannot read; export the transcript as .docx or .txt and import that"}
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return &Error{Msg: "the file is in Rich Text Format (RTF); save it as .docx, .odt or .txt and import that"}
	}
	return nil
}

// formatTitle is a format's name as people write it.
func formatTitle(f Format) string {
	switch f {
	case FormatVTT:
		return "WebVTT"
	case FormatSRT:
		return "SubRip (SRT)"
	case FormatSBV:
		return "SBV"
	case FormatText:
		return "plain text"
	case FormatMarkdown:
		return "Markdown"
	case FormatDOCX:
		return "DOCX"
	case FormatODT:
		return "ODT"
	}
	return string(f)
}

// prepareText turns the bytes of a text file into lines: UTF-16 (with a
// byte-order mark) is converted, a UTF-8 BOM is dropped, CRLF and lone CR
// become LF. Line i of the result is line i+1 of the original file, because
// every kind of line end counts as one. Empty, binary (NUL bytes) and
// non-UTF-8 files are errors.
func prepareText(data []byte, notes *notebook) ([]string, error) {
	if len(data) == 0 {
		return nil, &Error{Msg: "the file is empty"}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		decoded, err := decodeUTF16(data)
		if err != nil {
			return nil, err
		}
		data = decoded
		notes.add(0, "the file is in UTF-16; it was converted to UTF-8")
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	}
	data = normalizeLineEnds(data)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &Error{Line: lineOf(data, i), Msg: "the file contains NUL bytes: it is a binary file, not a text transcript"}
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		return nil, &Error{Line: lineOf(data, off), Msg: fmt.Sprintf(
			"invalid UTF-8 (byte 0x%02X); the file may use another encoding such as Windows-1252: save it as UTF-8 and import it again", data[off])}
	}
	text := string(data)
	if strings.TrimSpace(text) == "" {
		return nil, &Error{Msg: "the file is empty (it has only blank lines)"}
	}
	return strings.Split(text, "\n"), nil
}

// decodeUTF16 converts UTF-16 with a byte-order mark to UTF-8. Unpaired
// surrogates become U+FFFD.
func decodeUTF16(data []byte) ([]byte, error) {
	bigEndian := data[0] == 0xFE
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, &Error{Msg: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes; it is damaged or not UTF-16"}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return []byte(string(utf16.Decode(units))), nil
}

// normalizeLineEnds turns CRLF and lone CR into LF. Each original line end
// stays one line end, so line numbers are preserved.
func normalizeLineEnds(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '\r' {
			out = append(out, c)
			continue
		}
		out = append(out, '\n')
		if i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
	}
	return out
}

// firstInvalidUTF8 is the offset of the first byte that is not valid UTF-8.
func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineOf is the 1-based line of a byte offset in LF-normalised data.
func lineOf(data []byte, off int) int {
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// extension is the lower-case extension of a file name, with its dot.
func extension(name string) string {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return ""
	}
	return strings.ToLower(base[i:])
}
