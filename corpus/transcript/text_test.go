package transcript

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseTextRules(t *testing.T) {
	tests := []struct {
		name   string
		file   string // its extension picks txt or md when the content does not
		input  string
		want   []string // turnSummary lines
		notes  []string // fragments that some note must contain
		format Format
	}{
		{
			name:  "colon labels on consecutive lines",
			file:  "a.txt",
			input: "Interviewer: How was it?\nP1: Fine.\nP2: Not fine.\n",
			want:  []string{"Interviewer|Interviewer|-|-|How was it?", "P1|P1|-|-|Fine.", "P2|P2|-|-|Not fine."},
		},
		{
			name:  "continuation lines join with a space, a blank line makes a paragraph",
			file:  "a.txt",
			input: "Ann: one\ntwo\n\nthree\nBob: four\n",
			want:  []string{"Ann|Ann|-|-|one two\nthree", "Bob|Bob|-|-|four"},
		},
		{
			name:  "label alone on its line, text below",
			file:  "a.txt",
			input: "Aaron van Wirdum:\n\nWe're going to discuss.\nMore.\n\nSjors Provoost:\n\nYeah.\n",
			want:  []string{"Aaron van Wirdum|Aaron van Wirdum|-|-|We're going to discuss. More.", "Sjors Provoost|Sjors Provoost|-|-|Yeah."},
		},
		{
			name:  "full name with alias then the alias is one speaker",
			file:  "a.txt",
			input: "Aaron van Wirdum (AvW): Live from Utrecht.\n\nSjors Provoost (SP): Hello\n\nAvW: Sjors, hi.\n",
			want: []string{
				"Aaron van Wirdum|Aaron van Wirdum (AvW)|-|-|Live from Utrecht.",
				"Sjors Provoost|Sjors Provoost (SP)|-|-|Hello",
				"Aaron van Wirdum|AvW|-|-|Sjors, hi.",
			},
		},
		{
			name:  "one name with different notes is several speakers",
			file:  "a.txt",
			input: "Participant (female): a\nParticipant (male): b\nParticipant: c\nFemale: d\nParticipant (MALE): e\nDana (moderator): f\nDana: g\nParticipant: h\n",
			want: []string{
				"Participant (female)|Participant (female)|-|-|a",
				"Participant (male)|Participant (male)|-|-|b",
				"Participant|Participant|-|-|c",
				"Participant (female)|Female|-|-|d",
				"Participant (male)|Participant (MALE)|-|-|e",
				"Dana|Dana (moderator)|-|-|f\ng",
				"Participant|Participant|-|-|h",
			},
		},
		{
			name:  "labels differing only in case are one speaker",
			file:  "a.txt",
			input: "Maria: a\nJOHN: b\nMARIA: c\n",
			want:  []string{"Maria|Maria|-|-|a", "JOHN|JOHN|-|-|b", "Maria|MARIA|-|-|c"},
		},
		{
			name:  "the same speaker labelled twice in a row is one turn",
			file:  "a.txt",
			input: "[Johnny Doe] 11:02:14\nMaking sure. Okay.\n\n[Johnny Doe] 11:02:22\nThat's fine.\n\n[Janet Dough] 11:02:24\nYou need it.\n",
			want:  []string{"Johnny Doe|Johnny Doe|11:02:14.000|-|Making sure. Okay.\nThat's fine.", "Janet Dough|Janet Dough|11:02:24.000|-|You need it."},
		},
		{
			name:  "times in parentheses and brackets",
			file:  "a.txt",
			input: "Dana Reyes (00:00:04): Hi everyone.\n[00:01:05] Grace Okafor: Nope.\nMalik: [00:01:10] Good here.\n",
			want: []string{
				"Dana Reyes|Dana Reyes|00:00:04.000|-|Hi everyone.",
				"Grace Okafor|Grace Okafor|00:01:05.000|-|Nope.",
				"Malik|Malik|00:01:10.000|-|Good here.",
			},
		},
		{
			name:  "Otter: name and time alone on a line",
			file:  "otter.txt",
			input: "Speaker 1  0:03\nHello there, everyone.\n\nJane Smith  1:02:15\nHi.\nSecond line.\n\nSpeaker 1  1:02:20\nOkay.\n\nJane Smith  1:02:25\nYes.\nOkay 1:03:00\n",
			want: []string{
				"Speaker 1|Speaker 1|00:00:03.000|-|Hello there, everyone.",
				"Jane Smith|Jane Smith|01:02:15.000|-|Hi. Second line.",
				"Speaker 1|Speaker 1|01:02:20.000|-|Okay.",
				// "Okay" is named once: not an Otter speaker.
				"Jane Smith|Jane Smith|01:02:25.000|-|Yes. Okay 1:03:00",
			},
		},
		{
			name:  "id brackets",
			file:  "a.txt",
			input: "[id1] hello, I like the course.\n\n[id2] I am struggling.\n",
			want:  []string{"id1|id1|-|-|hello, I like the course.", "id2|id2|-|-|I am struggling."},
		},
		{
			name:  "bracketed markers stay in the text, even at the start of a line",
			file:  "a.txt",
			input: "Ann: And I think [inaudible 00:10:35] had a knife.\n[crosstalk 00:14:30].\n[Laughter] yes\n",
			want:  []string{"Ann|Ann|-|-|And I think [inaudible 00:10:35] had a knife. [crosstalk 00:14:30]. [Laughter] yes"},
		},
		{
			name:  "a one-off [Name] is a marker, a repeated one a label",
			file:  "a.txt",
			input: "[Mod] Welcome.\n[Ann] Hi.\n[Both laugh]\n[Mod] Ok.\n[Ann] Yes.\n",
			want:  []string{"Mod|Mod|-|-|Welcome.", "Ann|Ann|-|-|Hi. [Both laugh]", "Mod|Mod|-|-|Ok.", "Ann|Ann|-|-|Yes."},
		},
		{
			name:  "prose with colons is not a label",
			file:  "a.txt",
			input: "Ann: We asked.\nThe point is: we never did.\nNote: this is Ann still.\n",
			want:  []string{"Ann|Ann|-|-|We asked. The point is: we never did. Note: this is Ann still."},
		},
		{
			name:  "a title line before the first label is a turn without speaker",
			file:  "a.txt",
			input: "Focus group 2 — Belonging\nRecorded 14 March\n\nDana: Hi.\nDana (again): no\nGrace: Hello.\n",
			want: []string{
				"||-|-|Focus group 2 — Belonging Recorded 14 March",
				"Dana|Dana|-|-|Hi.\nno",
				"Grace|Grace|-|-|Hello.",
			},
			notes: []string{"line 1: text before the first speaker label (lines 1-2) kept as 1 turn without a speaker"},
		},
		{
			name:  "metadata before the first confirmed label is not a speaker",
			file:  "a.txt",
			input: "Tema: Activación\n\nFecha: 23 de abril\n\nAnn: Hola.\nBen: Hola.\nAnn: Bien.\n",
			want: []string{
				"||-|-|Tema: Activación",
				"||-|-|Fecha: 23 de abril",
				"Ann|Ann|-|-|Hola.",
				"Ben|Ben|-|-|Hola.",
				"Ann|Ann|-|-|Bien.",
			},
			notes: []string{"kept as 2 turns without a speaker"},
		},
		{
			name:  "a speaker who speaks once after the first confirmed label is a speaker",
			file:  "a.txt",
			input: "Mod: Hi.\nAnn: Hello.\nMod: Next?\nCarl: Me once.\n",
			want:  []string{"Mod|Mod|-|-|Hi.", "Ann|Ann|-|-|Hello.", "Mod|Mod|-|-|Next?", "Carl|Carl|-|-|Me once."},
		},
		{
			name:  "short files with single labels still have speakers",
			file:  "a.txt",
			input: "A: hi\nB: hello\n",
			want:  []string{"A|A|-|-|hi", "B|B|-|-|hello"},
		},
		{
			name:  "a document without labels: one turn per block",
			file:  "a.txt",
			input: "I really like learning.\nIt is good.\n\nI guess some people\nstruggle.\n",
			want:  []string{"||-|-|I really like learning. It is good.", "||-|-|I guess some people struggle."},
		},
		{
			name:  "a timestamp line sets the time of the next turn; a backwards time is dropped",
			file:  "a.txt",
			input: "00:01:00\nAnn: one\n[00:02:00]\nBen: two\nAnn (00:00:30): three\n",
			want:  []string{"Ann|Ann|00:01:00.000|-|one", "Ben|Ben|00:02:00.000|-|two", "Ann|Ann|-|-|three"},
			notes: []string{"line 5: time 00:00:30.000 is earlier than the previous turn's 00:02:00.000; time dropped"},
		},
		{
			name:  "a timestamp inside a turn does not leak to the next label",
			file:  "a.txt",
			input: "Ann: one\n[00:05:00]\nmore\nBen: two\n",
			want:  []string{"Ann|Ann|-|-|one\nmore", "Ben|Ben|-|-|two"},
		},
		{
			name:  "a label without text is skipped with a note",
			file:  "a.txt",
			input: "Ann:\nBen: two\n",
			want:  []string{"Ben|Ben|-|-|two"},
			notes: []string{`line 1: speaker label "Ann" has no text; skipped`},
		},
		{
			name:  "markdown: front matter, headings, bold labels, timestamp headings",
			file:  "a.md",
			input: "---\ntitle: 'A: B'\nspeakers:\n  - Ann\n---\n# Episode\n\n## [00:02:47]\n\n**Ann:** Hello *there*, see [the site](https://x.org).\n\n## [00:03:00] Topic two\n\n[00:03:01] **Ben**: Yes \\[sic\\] <https://y.org> AT&amp;T snake_case 5 * 3\n",
			want: []string{
				"Ann|Ann|00:02:47.000|-|Hello there, see the site.",
				"Ben|Ben|00:03:01.000|-|Yes [sic] https://y.org AT&T snake_case 5 * 3",
			},
		},
		{
			name:  "markdown list items are paragraphs",
			file:  "a.md",
			input: "# T\n- [\\[00:00:00\\] Intro](#intro)\n- [\\[00:02:47\\] Lore](#lore)\n\n**Ann:** hi\n",
			want:  []string{"||-|-|- [00:00:00] Intro\n- [00:02:47] Lore", "Ann|Ann|-|-|hi"},
		},
		{
			name:   "a heading in a plain text file is text",
			file:   "a.txt",
			format: FormatText,
			input:  "# not a heading\nAnn: hi\nAnn: again\n",
			want:   []string{"||-|-|# not a heading", "Ann|Ann|-|-|hi\nagain"},
		},
		{
			name:  "CRLF, BOM and lone CR keep line numbers",
			file:  "a.txt",
			input: "\ufeffAnn: one\r\n\r\nBen:\rtwo\r\n",
			want:  []string{"Ann|Ann|-|-|one", "Ben|Ben|-|-|two"},
		},
		{
			name:  "rule lines and unclosed front matter",
			file:  "a.txt",
			input: "---\nAnn: hi\n-----\nBen: yo\n",
			want:  []string{"Ann|Ann|-|-|hi", "Ben|Ben|-|-|yo"},
			notes: []string{"line 1: front matter opened with --- is never closed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.file, tt.input, Options{Format: tt.format})
			if got := turnSummary(p.Turns); !slices.Equal(got, tt.want) {
				t.Errorf("turns:\n got %q\nwant %q", got, tt.want)
			}
			for _, n := range tt.notes {
				if !hasNote(p.Notes, n) {
					t.Errorf("no note containing %q in %q", n, p.Notes)
				}
			}
		})
	}
}

func TestParseTextLines(t *testing.T) {
	p := mustParse(t, "a.txt", "\ufeffTitle\r\n\r\nAnn: one\r\ntwo\r\n\r\n\r\nBen: three\n", Options{})
	var lines []int
	for _, turn := range p.Turns {
		lines = append(lines, turn.Line)
	}
	if want := []int{1, 3, 7}; !slices.Equal(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
}

func TestSpeakerPatternText(t *testing.T) {
	re := regexp.MustCompile(`^(?P<speaker>[A-Z0-9]{2,4})>\s*(?:\[(?P<time>[0-9:]+)\])?`)
	input := "Title: not a label now\nMOD> [00:00:05] Welcome.\nP1> Hi.\nstill P1\nInterviewer: text, not a label with a pattern\n"
	p := mustParse(t, "a.txt", input, Options{SpeakerPattern: re})
	want := []string{
		"||-|-|Title: not a label now",
		"MOD|MOD|00:00:05.000|-|Welcome.",
		"P1|P1|-|-|Hi. still P1 Interviewer: text, not a label with a pattern",
	}
	if got := turnSummary(p.Turns); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	_, err := Parse("a.txt", []byte("x"), Options{SpeakerPattern: regexp.MustCompile(`^(\w+):`)})
	if err == nil || !strings.Contains(err.Error(), "(?P<speaker>") {
		t.Errorf("a pattern without a speaker group must be refused, got %v", err)
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name, input string
		line        int
		msg         string
	}{
		{"empty", "", 0, "the file is empty"},
		{"blank lines only", "\n  \n\t\n", 0, "only blank lines"},
		{"only front matter and timestamps", "---\na: b\n---\n[00:01:00]\n\n----\n", 0, "no transcript text found"},
		{"invalid UTF-8", "Ann: ok\nBen: caf\xe9\n", 2, "invalid UTF-8 (byte 0xE9)"},
		{"invalid UTF-8 after CRLF", "a\r\nb\r\n\xff\r\n", 3, "invalid UTF-8"},
		{"NUL bytes", "Ann: ok\n\nx\x00y", 3, "NUL bytes"},
		{"zip", "PK\x03\x04rest", 0, "zip archive"},
		{"PDF", "%PDF-1.7\n...", 0, "PDF"},
		{"legacy doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", 0, ".doc"},
		{"labels without text", "Ann:\nBen:\n", 0, "no transcript text found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("a.txt", []byte(tt.input), Options{Format: FormatText})
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %T %v, want *Error", err, err)
			}
			if perr.Line != tt.line || !strings.Contains(perr.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", perr.Line, perr.Msg, tt.line, tt.msg)
			}
		})
	}
}

func TestUTF16(t *testing.T) {
	encode := func(s string, big bool) []byte {
		out := []byte{0xFF, 0xFE}
		if big {
			out = []byte{0xFE, 0xFF}
		}
		for _, r := range s { // BMP only in this test
			hi, lo := byte(r>>8), byte(r)
			if big {
				out = append(out, hi, lo)
			} else {
				out = append(out, lo, hi)
			}
		}
		return out
	}
	for _, big := range []bool{false, true} {
		p, err := Parse("a.txt", encode("Zoë: héllo\r\nAnn: ok\r\n", big), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Zoë|Zoë|-|-|héllo", "Ann|Ann|-|-|ok"}
		if got := turnSummary(p.Turns); !slices.Equal(got, want) {
			t.Errorf("big-endian %v: got %q", big, got)
		}
		if !hasNote(p.Notes, "UTF-16") {
			t.Errorf("no UTF-16 note: %q", p.Notes)
		}
	}
	if _, err := Parse("a.txt", []byte{0xFF, 0xFE, 'a'}, Options{}); err == nil {
		t.Error("odd-length UTF-16 must be an error")
	}
}

func TestMarkdownInline(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                            "plain",
		"**bold** and *it* and _u_":        "bold and it and u",
		"snake_case and 2*3 and 5 * 3":     "snake_case and 2*3 and 5 * 3",
		"[text](http://x.org/a_(b)) end":   "text end",
		"![alt](img.png)":                  "alt",
		"<https://x.org> <br> </i>":        "https://x.org  ",
		`\[00:00:00\] \*x\*`:               "[00:00:00] *x*",
		"`code`":                           "code",
		"[not a link] and [x]":             "[not a link] and [x]",
		"AT&amp;T &lt;3 &#233;":            "AT&T <3 é",
		"unclosed [link](http://x":         "unclosed [link](http://x",
		"[a [nested](u) link](v)":          "a nested link",
		"2 < 3 and 4 > 1":                  "2 < 3 and 4 > 1",
		"****":                             "****",
		"emoji 😀 *stays* valid ☃":          "emoji 😀 stays valid ☃",
		"[inaudible 00:03:31] [crosstalk]": "[inaudible 00:03:31] [crosstalk]",
	} {
		if got := mdInline(in); got != want {
			t.Errorf("mdInline(%q) = %q, want %q", in, got, want)
		}
	}
}
