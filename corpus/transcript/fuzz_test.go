package transcript

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkParsed asserts the invariants every parse keeps, whatever the input:
// an *Error or at least one turn; valid UTF-8; labels without a trailing
// colon or a line break; no empty turns; times ordered.
func checkParsed(t *testing.T, p *Parsed, err error) {
	t.Helper()
	if err != nil {
		var perr *Error
		if !errors.As(err, &perr) {
			t.Fatalf("error is %T, not *Error: %v", err, err)
		}
		if perr.Msg == "" || perr.Line < 0 {
			t.Fatalf("error without a message or with a negative line: %#v", perr)
		}
		if p != nil {
			t.Fatalf("both a result and an error")
		}
		return
	}
	if p == nil || len(p.Turns) == 0 {
		t.Fatalf("no error and no turns: %#v", p)
	}
	lastStart := NoTime
	for i, turn := range p.Turns {
		if !utf8.ValidString(turn.Label) || !utf8.ValidString(turn.Text) || !utf8.ValidString(turn.Speaker) {
			t.Fatalf("turn %d: invalid UTF-8: %#v", i, turn)
		}
		if strings.ContainsAny(turn.Label, "\n\r") || strings.HasSuffix(turn.Label, ":") || strings.HasSuffix(turn.Label, "：") {
			t.Fatalf("turn %d: bad label %q", i, turn.Label)
		}
		if turn.Label != strings.TrimSpace(turn.Label) {
			t.Fatalf("turn %d: label %q has surrounding space", i, turn.Label)
		}
		if (turn.Label == "") != (turn.Speaker == "") {
			t.Fatalf("turn %d: label %q but speaker %q", i, turn.Label, turn.Speaker)
		}
		if strings.TrimSpace(turn.Text) == "" {
			t.Fatalf("turn %d: empty text", i)
		}
		if turn.StartMS < NoTime || turn.EndMS < NoTime {
			t.Fatalf("turn %d: negative time %d-%d", i, turn.StartMS, turn.EndMS)
		}
		if turn.StartMS != NoTime && turn.EndMS != NoTime && turn.StartMS > turn.EndMS {
			t.Fatalf("turn %d: starts at %d after it ends at %d", i, turn.StartMS, turn.EndMS)
		}
		if turn.StartMS != NoTime {
			if lastStart != NoTime && turn.StartMS < lastStart {
				t.Fatalf("turn %d: starts at %d before the previous turn at %d", i, turn.StartMS, lastStart)
			}
			lastStart = turn.StartMS
		}
		if turn.Line < 1 {
			t.Fatalf("turn %d: line %d", i, turn.Line)
		}
	}
	for _, n := range p.Notes {
		if !utf8.ValidString(n) || n == "" {
			t.Fatalf("bad note %q", n)
		}
	}
}

// addLayoutSeeds adds the fixtures of testdata/layouts as seeds.
func addLayoutSeeds(f *testing.F) {
	files, err := filepath.Glob("testdata/layouts/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, ".want") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

func FuzzParseVTT(f *testing.F) {
	addSeeds(f,
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJohn Smith: Hello\n",
		"\ufeffWEBVTT\r\n\r\n0:0:0.0 --> 0:0:0.570\r\n<v Yuri>There you go.</v>\r\n",
		"WEBVTT\nKind: captions\n\n00:16.500 --> 00:18.500 align:start\nthe <00:17.500><c>moon</c> &amp; &#x1F600;\n00:18.500 --> 00:19.000\nthe moon\nrises\n",
		"WEBVTT\n\nNOTE hi\n\nSTYLE\n::cue {}\n\nid\n00:00:01.000 --> 00:00:00.500\n- Bob: hi\n- Ann: yo\n",
		"00:00:01.000 --> 00:00:02.000\ntext\n\nmore\n",
		"WEBVTT\n\n00:00:07.000 --> 00:00:1d.890\nx\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("x.vtt", data, Options{Format: FormatVTT})
		checkParsed(t, p, err)
	})
}

func FuzzParseSRT(f *testing.F) {
	addSeeds(f,
		"1\n00:00:00,500 --> 00:00:07,000\nAnn: Caption text #1\n\n2\n00:00:07,000 --> 00:00:11.890\n<i>Bob:</i> yes\n",
		"1\n00:00:01,000 --> 00:00:02,000\n\n\n2\ntext\n3\n00:00:03,000 --> 00:00:04,000\n{\\an8}x\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("x.srt", data, Options{Format: FormatSRT})
		checkParsed(t, p, err)
	})
}

func FuzzParseSBV(f *testing.F) {
	addSeeds(f,
		"0:00:00.378,0:00:11.378\nCaption text #1\n\n0:00:17.484,0:00:16.543\nAnn: x\n",
		"0:00:00.378,0:00:11.378\na\n0:00:11.378,0:00:12.000\nb\n\nc\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("x.sbv", data, Options{Format: FormatSBV})
		checkParsed(t, p, err)
	})
}

func FuzzParseText(f *testing.F) {
	addSeeds(f,
		"Title\n\nInterviewer: Hello\nP3: Hi there\n\nmore text\n",
		"---\ntitle: x\n---\n## [00:02:47]\n[00:02:47] **Audrow Nash:** text\n\n**Tully**: yes [inaudible 00:03:31]\n",
		"Aaron van Wirdum (AvW): Hi\n\nAvW: again\nSP: …x\n",
		"[Johnny Doe] 11:02:09\nHow you doing?\n\n[id1] hello\nSpeaker 1  0:03\ntext\n",
		"Name (00:01:02): hi\nOther (00:00:01): back in time\n",
		"Note: not a label\nThe point is: prose\nMaria:\n\ntext\n",
		"- [\\[00:00:00\\] Intro](#x) *a* _b_ `c` <https://x.y> &amp;\n",
		// Layouts of issue 17: Otter (plain and Markdown-edited), heading
		// speakers, bold labels without a colon, Zoom chat, timestamped
		// lines, a lone underscore, surnames, invisible characters.
		"Emma Lund  0:00\nHi.\n\nBo  0:09\nYes.\n\nEmma Lund  0:21\nOk.\n\nTranscribed by https://otter.ai\n",
		"**Emma**    0:00\nHi.\n\n**Noor**    0:07\nYes.\n",
		"# T\n\n### Systems Developer\n\nWe moved.\n\n### Owner\n\nDid we?\n\n### Systems Developer\n\nYes.\n\n### Owner\n\nv=_qd\n",
		"**Interviewer** How?\n\n**Amara** Flyer.\n\n**Interviewer** Thanks.\n",
		"00:01:12\tDana Reyes:\tCan you see?\n00:01:30\tgrace o.:\tyes\n",
		"00:00:04 Welcome.\n00:00:09 Today.\n00:00:15 At 10:30.\n",
		"Michael KENNEDY: Hi.\nKENNEDY: Again.\nInterviewer1: a\nInterviewer 1: b\n",
		"Ana: I paid \u202e0.5\u200b.\nBen: \x1b[31m ok\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{FormatText, FormatMarkdown} {
			p, err := Parse("x.txt", data, Options{Format: format})
			checkParsed(t, p, err)
		}
	})
}

func FuzzParseTextPattern(f *testing.F) {
	addSeeds(f, "MOD> hello\nP1> hi\n", "x> y\n\nz\n")
	pattern := regexp.MustCompile(`^(?P<speaker>[^>\n]{0,20})>\s*(?:\[(?P<time>[0-9:.]+)\])?`)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("x.txt", data, Options{Format: FormatText, SpeakerPattern: pattern})
		checkParsed(t, p, err)
		p, err = Parse("x.vtt", data, Options{Format: FormatVTT, SpeakerPattern: pattern})
		checkParsed(t, p, err)
	})
}

// zipOf builds a zip archive in memory.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzParseDOCX(f *testing.F) {
	f.Add(`<w:p><w:r><w:t>Interviewer: hi</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">P1:</w:t><w:tab/><w:t>yes</w:t><w:br/><w:t>more</w:t></w:r></w:p>`)
	f.Add(`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>[00:01:00]</w:t></w:r></w:p><w:p><w:r><w:t>text</w:t></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		data := zipOf(t, map[string]string{"word/document.xml": docxXML(body)})
		p, err := Parse("x.docx", data, Options{})
		checkParsed(t, p, err)
	})
}

func FuzzParseODT(f *testing.F) {
	f.Add(`<text:h>Title</text:h><text:p>A:<text:s text:c="3"/>hi<text:line-break/>B: yo<text:tab/>x</text:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		data := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": odtXML(body)})
		p, err := Parse("x.odt", data, Options{})
		checkParsed(t, p, err)
	})
}

func FuzzDetectAndParse(f *testing.F) {
	addSeeds(f,
		"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
		"1\n00:00:01,000 --> 00:00:02,000\nhi\n",
		"0:00:01.000,0:00:02.000\nhi\n",
		"# Title\n\n**A:** hi\n",
		"A: hi\nB: ho\n",
		"PK\x03\x04garbage",
		"\xff\xfeA\x00:\x00 \x00h\x00i\x00",
		"\x00\x01\x02",
		"caf\xe9\n",
	)
	addLayoutSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"x", "x.vtt", "x.srt", "x.md", "x.docx"} {
			format, derr := Detect(name, data)
			p, err := Parse(name, data, Options{})
			checkParsed(t, p, err)
			if derr != nil && err == nil {
				t.Fatalf("%s: Detect failed (%v) but Parse succeeded", name, derr)
			}
			if derr == nil && err == nil && p.Format != format {
				t.Fatalf("%s: Detect says %s, Parse used %s", name, format, p.Format)
			}
		}
	})
}
