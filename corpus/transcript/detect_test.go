package transcript

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, input string
		want        Format
	}{
		{"x.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", FormatVTT}, // content wins
		{"x", "\ufeffWEBVTT - title\n", FormatVTT},
		{"x", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", FormatSRT},
		{"x.srt", "1\n00:00:01.000 --> 00:00:02.000\nhi\n", FormatSRT},
		{"x", "00:00:01.000 --> 00:00:02.000\nhi\n", FormatVTT}, // WebVTT without its header
		{"x.vtt", "00:00:01,000 --> 00:00:02,000\nhi\n", FormatSRT},
		{"x", "0:00:00.378,0:00:11.378\nhi\n", FormatSBV},
		{"x.vtt", "no timings at all\n", FormatVTT}, // the parser says what is missing
		{"x", "---\ntitle: x\n---\nAnn: hi\n", FormatMarkdown},
		{"x", "# Title\n\nAnn: hi\n", FormatMarkdown},
		{"x", "[00:02:47] **Audrow Nash:** hi\n", FormatMarkdown},
		{"x.md", "Ann: hi\n", FormatMarkdown},
		{"x.MARKDOWN", "Ann: hi\n", FormatMarkdown},
		{"x", "Ann: hi\n", FormatText},
		{"dir.v1/x", "Ann: says A --> B\n", FormatText},
		{`C:\dir\x.TXT`, "Ann: hi\n", FormatText},
	}
	for _, tt := range tests {
		got, err := Detect(tt.name, []byte(tt.input))
		if err != nil || got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, %v; want %q", tt.name, tt.input, got, err, tt.want)
		}
	}
	if got, err := Detect("x.bin", docxOf(t, "<w:p/>")); err != nil || got != FormatDOCX {
		t.Errorf("docx: %q %v", got, err)
	}
	if got, err := Detect("x", odtOf(t, "<text:p/>")); err != nil || got != FormatODT {
		t.Errorf("odt: %q %v", got, err)
	}
	for _, bad := range []string{"", "a\x00b", "\xff\xfe\x00", "PK\x03\x04junk"} {
		if _, err := Detect("x", []byte(bad)); err == nil {
			t.Errorf("Detect(%q) must fail", bad)
		} else if _, ok := err.(*Error); !ok {
			t.Errorf("Detect(%q): %T", bad, err)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{
		"vtt": FormatVTT, "WebVTT": FormatVTT, ".srt": FormatSRT, "subrip": FormatSRT, "sbv": FormatSBV,
		"txt": FormatText, "text": FormatText, "md": FormatMarkdown, "Markdown": FormatMarkdown,
		"docx": FormatDOCX, "odt": FormatODT, "": "", "auto": "",
	} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	_, err := ParseFormat("pdf")
	if err == nil || !strings.Contains(err.Error(), "use one of vtt, srt, sbv, txt, md, docx, odt") {
		t.Errorf("ParseFormat(pdf): %v", err)
	}
	if _, err := Parse("a.txt", []byte("Ann: hi"), Options{Format: "pdf"}); err == nil {
		t.Error("Parse with an unknown format must fail")
	}
	p, err := Parse("a.txt", []byte("00:01.000 --> 00:02.000\nAnn: hi\n"), Options{Format: "WebVTT"})
	if err != nil || p.Format != FormatVTT || len(p.Turns) != 1 || p.Turns[0].Speaker != "Ann" {
		t.Errorf("Parse with Format \"WebVTT\": %+v, %v", p, err)
	}
}

func TestErrorString(t *testing.T) {
	if got := (&Error{Line: 17, Msg: `invalid timestamp "00:00:1d.890"`}).Error(); got != `line 17: invalid timestamp "00:00:1d.890"` {
		t.Errorf("got %q", got)
	}
	if got := (&Error{Msg: "the file is empty"}).Error(); got != "the file is empty" {
		t.Errorf("got %q", got)
	}
}

func TestNotebookCaps(t *testing.T) {
	n := newNotebook("line")
	for i := range maxNotes + 5 {
		n.add(i+1, "note %d", i)
	}
	n.addOnce("k", 3, "repeated")
	list := n.list()
	if len(list) != maxNotes+1 || !strings.HasSuffix(list[len(list)-1], "6 further notes not shown") {
		t.Errorf("got %d notes, last %q", len(list), list[len(list)-1])
	}
}
