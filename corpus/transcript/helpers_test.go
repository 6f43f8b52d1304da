package transcript

import (
	"slices"
	"strings"
	"testing"
)

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// docxXML wraps paragraphs in a minimal word/document.xml.
func docxXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
		body + `</w:body></w:document>`
}

// docxOf builds a DOCX archive with the given paragraphs body.
func docxOf(t testing.TB, body string) []byte {
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types/>`,
		"word/document.xml":   docxXML(body),
	})
}

// odtXML wraps paragraphs in a minimal content.xml.
func odtXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
		` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>` +
		body + `</office:text></office:body></office:document-content>`
}

// odtOf builds an ODT archive with the given paragraphs body.
func odtOf(t testing.TB, body string) []byte {
	return zipOf(t, map[string]string{
		"mimetype":    "application/vnd.oasis.opendocument.text",
		"content.xml": odtXML(body),
	})
}

// mustParse parses or fails the test.
func mustParse(t *testing.T, name, input string, opts Options) *Parsed {
	t.Helper()
	p, err := Parse(name, []byte(input), opts)
	if err != nil {
		t.Fatalf("Parse(%q): %v", name, err)
	}
	checkParsed(t, p, nil)
	return p
}

// turnSummary renders turns compactly for comparisons in tests:
// "Speaker|Label|start|end|text" per turn.
func turnSummary(turns []Turn) []string {
	out := make([]string, len(turns))
	for i, t := range turns {
		out[i] = strings.Join([]string{t.Speaker, t.Label, msString(t.StartMS), msString(t.EndMS), t.Text}, "|")
	}
	return out
}

func msString(ms int64) string {
	if ms == NoTime {
		return "-"
	}
	return formatClock(ms)
}

// hasNote reports whether a note contains all the fragments.
func hasNote(notes []string, fragments ...string) bool {
	for _, n := range notes {
		all := true
		for _, f := range fragments {
			if !strings.Contains(n, f) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
