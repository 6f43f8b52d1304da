package transcript

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// sniffLines is how many non-blank lines detection reads looking for a cue
// timing line: enough for a WebVTT header with metadata and a STYLE block.
const sniffLines = 40

// Detect tells the format of a transcript file from its content first and
// from the extension of name second (docs/IMPORT.md, "Detection"). Empty
// files, binary files and zip archives that are neither DOCX nor ODT are
// errors.
func Detect(name string, data []byte) (Format, error) {
	if len(data) == 0 {
		return "", &Error{Msg: "the file is empty"}
	}
	if isZip(data) {
		return detectZip(name, data)
	}
	if err := refuseKnownBinary(data, ""); err != nil {
		return "", err
	}
	ext := extension(name)
	if ext == ".docx" || ext == ".odt" {
		return "", notOfficeError(ext, "it is not a zip archive (it may be a renamed .doc or text file)")
	}
	lines, err := prepareText(data, newNotebook("line"))
	if err != nil {
		return "", err
	}
	return sniffText(lines, ext), nil
}

// isZip reports whether data starts like a zip archive (DOCX and ODT are).
func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
}

func notOfficeError(ext, why string) error {
	what := "DOCX"
	if ext == ".odt" {
		what = "ODT"
	}
	return &Error{Msg: fmt.Sprintf("not a %s file: %s", what, why)}
}

// odtMimeTypes are the OpenDocument types read as text documents.
var odtMimeTypes = map[string]bool{
	"application/vnd.oasis.opendocument.text":          true,
	"application/vnd.oasis.opendocument.text-template": true,
	"application/vnd.oasis.opendocument.text-master":   true,
}

// detectZip tells DOCX from ODT by the archive's entries.
func detectZip(name string, data []byte) (Format, error) {
	ext := extension(name)
	if err := refuseManyEntries(data); err != nil {
		return "", err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", &Error{Msg: fmt.Sprintf("the file looks like a zip archive (DOCX or ODT) but cannot be opened: %v; it may be damaged or incomplete", err)}
	}
	hasContentXML := false
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return FormatDOCX, nil
		case "mimetype":
			mime := readSmallEntry(f, 256)
			if odtMimeTypes[mime] {
				return FormatODT, nil
			}
			if strings.HasPrefix(mime, "application/vnd.oasis.opendocument.") {
				return "", &Error{Msg: fmt.Sprintf("the file is an OpenDocument %s, not a text document; save the transcript as .odt, .docx or .txt", strings.TrimPrefix(mime, "application/vnd.oasis.opendocument."))}
			}
		case "content.xml":
			hasContentXML = true
		}
	}
	if hasContentXML && ext == ".odt" {
		return FormatODT, nil
	}
	if ext == ".docx" || ext == ".odt" {
		return "", notOfficeError(ext, "the zip archive has neither word/document.xml nor an OpenDocument text mimetype")
	}
	return "", &Error{Msg: "the file is a zip archive that is neither a DOCX nor an ODT document"}
}

// readSmallEntry reads at most limit bytes of a zip entry, "" on failure.
func readSmallEntry(f *zip.File, limit int64) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// sniffText tells the format of a decoded text file.
func sniffText(lines []string, ext string) Format {
	first := -1
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return formatOfExtension(ext, FormatText)
	}
	if isWebVTTHeader(lines[first]) {
		return FormatVTT
	}
	if _, _, ok := parseSBVTiming(strings.TrimSpace(lines[first])); ok {
		return FormatSBV
	}
	seen := 0
	prev := ""
	for _, l := range lines[first:] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if seen++; seen > sniffLines {
			break
		}
		if strings.Contains(l, "-->") && startsWithDigit(l) {
			t, problem := parseArrowTiming(l)
			switch valid := problem == ""; {
			case valid && t.startSep == ',':
				return FormatSRT
			case valid && ext == ".srt":
				return FormatSRT
			case valid:
				// Cue times with "." but no WEBVTT header: WebVTT without
				// its header (the parser notes it) unless named .srt.
				return FormatVTT
			}
			if f := formatOfExtension(ext, ""); f == FormatVTT || f == FormatSRT || f == FormatSBV {
				return f
			}
			if allDigits(prev) {
				return FormatSRT
			}
			return FormatVTT
		}
		prev = l
	}
	switch f := formatOfExtension(ext, ""); f {
	case FormatVTT, FormatSRT, FormatSBV:
		// No cue timing found: the parser for the named format says what
		// is missing.
		return f
	}
	if looksLikeMarkdown(lines) {
		return FormatMarkdown
	}
	return formatOfExtension(ext, FormatText)
}

// formatOfExtension maps an extension to a text format, or def.
func formatOfExtension(ext string, def Format) Format {
	switch ext {
	case ".vtt", ".webvtt":
		return FormatVTT
	case ".srt":
		return FormatSRT
	case ".sbv":
		return FormatSBV
	case ".md", ".markdown":
		return FormatMarkdown
	case ".txt", ".text":
		return FormatText
	}
	return def
}

// looksLikeMarkdown reports Markdown signs: YAML front matter, "#" headings
// or bold speaker labels.
func looksLikeMarkdown(lines []string) bool {
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		if frontMatterEnd(lines) > 0 {
			return true
		}
	}
	for i, l := range lines {
		if i > 2000 {
			break
		}
		l = strings.TrimSpace(l)
		if _, ok := markdownHeading(l); ok {
			return true
		}
		if _, rest, ok := cutLeadingClock(l); ok {
			l = rest
		}
		if _, ok := matchBoldLabel(l); ok {
			return true
		}
	}
	return false
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}
