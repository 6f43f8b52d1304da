package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus/testenv"
)

// samplesDir is the folder of real-world files published by others
// (../shared/samples/SOURCES.md from the project root). They are never
// copied into the repository; without the folder the tests skip, or under
// CI fail (testenv).
func samplesDir(t *testing.T) string {
	t.Helper()
	return testenv.Shared(t, "samples")
}

func readSample(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samplesDir(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseSample(t *testing.T, rel string) *Parsed {
	t.Helper()
	data := readSample(t, rel)
	p, err := Parse(filepath.Base(rel), data, Options{})
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	checkParsed(t, p, nil)
	return p
}

// speakersOf lists the distinct speakers in order of appearance.
func speakersOf(turns []Turn) []string {
	var out []string
	for _, t := range turns {
		if !slices.Contains(out, t.Speaker) {
			out = append(out, t.Speaker)
		}
	}
	return out
}

type sampleWant struct {
	format    Format
	turns     int
	speakers  []string // distinct, in order of appearance
	first     Turn     // compared field by field; Text as a prefix
	firstAt   int      // index of the turn compared with first
	contains  []string // fragments some turn must contain
	notes     []string // fragments some note must contain
	noNotes   bool
	forbidden []string // fragments no turn may contain (markup, metadata)
}

func TestSampleTranscripts(t *testing.T) {
	captions := func(n int) string {
		var parts []string
		for i := 1; i <= n; i++ {
			parts = append(parts, "Caption text #"+string(rune('0'+i)))
		}
		return strings.Join(parts, " ")
	}
	tests := map[string]sampleWant{
		"transcripts/webvttpy_teams_timeframe.vtt": {
			format: FormatVTT, turns: 2, speakers: []string{"Yuri Bakulin", "Adrian Petrescu"},
			first:    Turn{Speaker: "Yuri Bakulin", Label: "Yuri Bakulin", Text: "There you go.", StartMS: 0, EndMS: 570, Line: 3},
			contains: []string{"Why hello there, Yuri."}, noNotes: true,
		},
		"transcripts/webvttpy_styles2_french.vtt": {
			format: FormatVTT, turns: 1, speakers: []string{"Unknown"},
			first:     Turn{Speaker: "Unknown", Label: "Unknown", Text: "Musique douce --- Some italic and normal coloured text. By the way, 2 < 3 !", StartMS: 7120, EndMS: 149280, Line: 37},
			contains:  []string{"\n-Stéphane ? Où on se gare ?\n-Euh, là-bas, au chêne."},
			forbidden: []string{"::cue", "font-family", "sub0", "<c", "</c>", "&lt;"},
		},
		"transcripts/webvttpy_captions_with_bom.vtt": {
			format: FormatVTT, turns: 1,
			first: Turn{Speaker: "Unknown", Label: "Unknown", Text: captions(4), StartMS: 500, EndMS: 21580, Line: 3},
		},
		"transcripts/webvttpy_comments.vtt": {
			format: FormatVTT, turns: 1,
			first:     Turn{Speaker: "Unknown", Label: "Unknown", Text: "- Ta en kopp varmt te.\n- Det är inte varmt.\n- Har en kopp te.\n- Det smakar som te.\n- Ta en kopp", StartMS: 135000, EndMS: 150000, Line: 8},
			forbidden: []string{"Kyle", "may not translate"},
		},
		"transcripts/webvttpy_cue_tags.vtt": {
			format: FormatVTT, turns: 1,
			first: Turn{Speaker: "Unknown", Label: "Unknown", Text: "When the moon hits your eye Like a big-a pizza pie That's amore", StartMS: 16500, EndMS: 21500, Line: 3},
		},
		"transcripts/webvttpy_youtube_dl.vtt": {
			format: FormatVTT, turns: 1,
			first: Turn{Speaker: "Unknown", Label: "Unknown", Text: "yeah what this will happen is I'm telling", StartMS: 286070, EndMS: 305400, Line: 12},
			notes: []string{"line 16: caption lines repeated from the previous cue"},
		},
		"transcripts/webvttpy_sample.srt": {
			format: FormatSRT, turns: 1,
			first: Turn{Speaker: "Unknown", Label: "Unknown", Text: captions(5), StartMS: 500, EndMS: 23880, Line: 2},
		},
		"transcripts/webvttpy_sample.sbv": {
			format: FormatSBV, turns: 1,
			first: Turn{Speaker: "Unknown", Label: "Unknown", Text: "Caption text #1 Caption text #2 Caption text #3 (line 1) Caption text #3 (line 2) Caption text #4 Caption text #5", StartMS: 378, EndMS: 17484, Line: 1},
			notes: []string{"line 14: cue ends before it starts (00:00:17.484 > 00:00:16.543); end time set to the start"},
		},
		"transcripts/zoomfilter_input_example.txt": {
			format: FormatText, turns: 8, speakers: []string{"Johnny Doe", "Janet Dough"},
			first:    Turn{Speaker: "Johnny Doe", Label: "Johnny Doe", Text: "Making sure. Okay.\nThat's perfectly fine, and that makes sense.", StartMS: 39734000, EndMS: NoTime, Line: 13},
			firstAt:  4,
			contains: []string{"How you doing?", "Yeah, I'm… I mean, I'm…\nI'm about 4 months in"}, noNotes: true,
			forbidden: []string{"11:02", "[Johnny"},
		},
		"transcripts/qualcoder_example_transcript_idbrackets.txt": {
			format: FormatText, turns: 7, speakers: []string{"id1", "id2", "id3"},
			first:    Turn{Speaker: "id3", Label: "id3", Text: "No. I think the slides are OK but I don't like all the assignments.", StartMS: NoTime, EndMS: NoTime, Line: 5},
			firstAt:  2,
			contains: []string{"Hmm, I will ask the tutor for more help as I am really struggling."}, noNotes: true,
		},
		"transcripts/audrownash_06_osra_3speakers.md": {
			// 329 bold labels; consecutive labels of one speaker (across the
			// "## [hh:mm:ss]" headings) merge into 309 turns, plus the table
			// of contents before the first label.
			format: FormatMarkdown, turns: 310, speakers: []string{"", "Audrow Nash", "Tully Foote", "Geoff Biggs"},
			first:     Turn{Speaker: "Tully Foote", Label: "Tully Foote", Text: "Hi, I'm Tully Foote, the community advisor to OSRF and open source lead at Intrinsic.", StartMS: 151000, EndMS: NoTime, Line: 63},
			firstAt:   2,
			contains:  []string{"- [00:00:00] Episode intro\n- [00:02:47] Willow Garage", "I'm sure you've heard about the Robot Operating System"},
			notes:     []string{"line 1: text before the first speaker label (lines 1-31) kept as 1 turn without a speaker"},
			forbidden: []string{"**", "## ", "](#"},
		},
		"transcripts/breaking-down-taproot-activation-options.crosstalk.en.md": {
			format: FormatMarkdown, turns: 247, speakers: []string{"Aaron van Wirdum", "Sjors Provoost"},
			first:     Turn{Speaker: "Aaron van Wirdum", Label: "Aaron van Wirdum", Text: "We're going to discuss Taproot activation, or more generally soft fork activation.", StartMS: NoTime, EndMS: NoTime, Line: 16},
			contains:  []string{"And I think [inaudible 00:10:35] had like a knife.", "So it kind of [crosstalk 00:14:30]."},
			forbidden: []string{"transcript_by", "soft-fork-activation"}, noNotes: true,
		},
		"transcripts/taproot-activation-update.en.md": {
			// 179 labels merge into 176 turns; 3 link lines precede them.
			format: FormatMarkdown, turns: 179, speakers: []string{"", "Aaron van Wirdum", "Sjors Provoost"},
			first:     Turn{Speaker: "Aaron van Wirdum", Label: "Aaron van Wirdum (AvW)", Text: "Live from Utrecht this is the van Wirdum Sjorsnado.", StartMS: NoTime, EndMS: NoTime, Line: 26},
			firstAt:   3,
			contains:  []string{"Previous episode on lockinontimeout (LOT): https://btctranscripts.com/", "… the signaling starts."},
			notes:     []string{"kept as 3 turns without a speaker"},
			forbidden: []string{"transcript_by", "## Intro", "<https"},
		},
		"transcripts/taproot-activation-update.es.md": {
			// "Tema:", "Ubicación:", "Fecha:" come before the first
			// confirmed label and occur once: metadata, not speakers.
			format: FormatMarkdown, turns: 185, speakers: []string{"", "Aaron van Wirdum", "Sjors Provoost"},
			first:    Turn{Speaker: "", Label: "", Text: "Fecha: 23 de abril de 2021", StartMS: NoTime, EndMS: NoTime, Line: 20},
			firstAt:  2,
			contains: []string{"En directo desde Utrecht este es el van Wirdum Sjorsnado."},
			notes:    []string{"kept as 7 turns without a speaker"},
		},
		"transcripts/qualcoder_ID1.docx": {
			format: FormatDOCX, turns: 3, speakers: []string{""},
			first:    Turn{Text: "I really like learning new things. I think this course is good for me", StartMS: NoTime, EndMS: NoTime, Line: 1},
			contains: []string{"lecture slides and web links have been really good.", "I'm happy to pay €200."}, noNotes: true,
		},
		"transcripts/qualcoder_ID2.odt": {
			format: FormatODT, turns: 3, speakers: []string{""},
			first:    Turn{Text: "The course cost €200.00 and I do not want to waste my money.", StartMS: NoTime, EndMS: NoTime, Line: 3},
			firstAt:  2,
			contains: []string{"I have not studied much before, but my father Joe Bloggs really encouraged me to study again. I know that I must get help"}, noNotes: true,
		},
	}
	for rel, want := range tests {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			p := parseSample(t, rel)
			checkSample(t, p, want)
		})
	}
}

func checkSample(t *testing.T, p *Parsed, want sampleWant) {
	t.Helper()
	if p.Format != want.format {
		t.Errorf("format %s, want %s", p.Format, want.format)
	}
	if len(p.Turns) != want.turns {
		t.Fatalf("%d turns, want %d: %q", len(p.Turns), want.turns, turnSummary(p.Turns[:min(len(p.Turns), 5)]))
	}
	if want.speakers != nil {
		if got := speakersOf(p.Turns); !slices.Equal(got, want.speakers) {
			t.Errorf("speakers %q, want %q", got, want.speakers)
		}
	}
	got, w := p.Turns[want.firstAt], want.first
	if got.Speaker != w.Speaker || got.Label != w.Label || !strings.HasPrefix(got.Text, w.Text) ||
		got.StartMS != w.StartMS || got.EndMS != w.EndMS || got.Line != w.Line {
		t.Errorf("turn %d:\n got %+v\nwant %+v", want.firstAt, got, w)
	}
	all := strings.Join(turnSummary(p.Turns), "\n")
	for _, c := range want.contains {
		if !strings.Contains(all, c) {
			t.Errorf("no turn contains %q", c)
		}
	}
	for _, f := range want.forbidden {
		for _, turn := range p.Turns {
			if strings.Contains(turn.Text, f) || strings.Contains(turn.Label, f) {
				t.Errorf("turn at line %d contains %q: %q", turn.Line, f, clip(turn.Text))
			}
		}
	}
	for _, n := range want.notes {
		if !hasNote(p.Notes, n) {
			t.Errorf("no note containing %q in %q", n, p.Notes)
		}
	}
	if want.noNotes && len(p.Notes) > 0 {
		t.Errorf("unexpected notes %q", p.Notes)
	}
}

func TestSampleMalformed(t *testing.T) {
	captions := "Caption text #1 Caption text #2 Caption text #3 Caption text #4 Caption text #5"
	recovered := map[string]struct {
		format Format
		first  Turn
		note   string
	}{
		"webvttpy_invalid.vtt": {FormatVTT,
			Turn{Text: captions + " Caption text #6 Caption text #7", StartMS: 500, EndMS: 30280, Line: 1},
			"line 1: the WEBVTT header is missing; read as WebVTT anyway"},
		"webvttpy_invalid_timeframe.srt": {FormatSRT,
			Turn{Text: captions, StartMS: 500, EndMS: 23880, Line: 2},
			`line 6: timestamp uses '.' instead of ','`},
		"webvttpy_invalid_timeframe_in_cue_text.vtt": {FormatVTT,
			Turn{Text: "Caption text #1 Caption text #2 Caption text #3", StartMS: 500, EndMS: 16320, Line: 3},
			"line 6: cue has no text; skipped"},
		"webvttpy_metadata_headers_multiline.vtt": {FormatVTT,
			Turn{Text: "Caption text #1 Caption text #2", StartMS: 500, EndMS: 11890, Line: 9},
			`line 9: cue text without a speaker label; attributed to "Unknown"`},
		"webvttpy_missing_caption_text.srt": {FormatSRT,
			Turn{Text: "Caption text #1 Caption text #3 Caption text #4 Caption text #5", StartMS: 500, EndMS: 23880, Line: 2},
			"line 6: cue has no text; skipped"},
		"webvttpy_missing_caption_text.vtt": {FormatVTT,
			Turn{Text: "Caption text #1 Caption text #3 Caption text #4 Caption text #5", StartMS: 500, EndMS: 23880, Line: 3},
			"line 6: cue has no text; skipped"},
		"webvttpy_missing_timeframe.srt": {FormatSRT,
			Turn{Text: captions, StartMS: 500, EndMS: 23880, Line: 2},
			"line 6: text without a cue timing line; joined to the previous cue"},
		"webvttpy_missing_timeframe.vtt": {FormatVTT,
			Turn{Text: captions + " Caption text #6 Caption text #7", StartMS: 500, EndMS: 30280, Line: 3},
			"line 6: text without a cue timing line; joined to the previous cue"},
	}
	refused := map[string]Error{
		"webvttpy_empty.vtt":             {Line: 0, Msg: "the file is empty"},
		"webvttpy_invalid_timeframe.vtt": {Line: 6, Msg: `invalid timestamp "00:00:1d.890" (expected hh:mm:ss.mmm)`},
		"webvttpy_no_captions.vtt":       {Line: 1, Msg: "the file has a WEBVTT header but no cues"},
	}
	for name, want := range recovered {
		t.Run(name, func(t *testing.T) {
			p := parseSample(t, "malformed/"+name)
			want.first.Speaker, want.first.Label = "Unknown", "Unknown"
			if p.Format != want.format || len(p.Turns) != 1 || p.Turns[0] != want.first {
				t.Errorf("got %s %q, want %s %q", p.Format, turnSummary(p.Turns), want.format, turnSummary([]Turn{want.first}))
			}
			if !hasNote(p.Notes, want.note) {
				t.Errorf("no note %q in %q", want.note, p.Notes)
			}
		})
	}
	for name, want := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(name, readSample(t, "malformed/"+name), Options{})
			var perr *Error
			if !errors.As(err, &perr) || *perr != want {
				t.Errorf("got %#v, want %#v", err, want)
			}
		})
	}
	// Every malformed file is covered above.
	entries, err := os.ReadDir(filepath.Join(samplesDir(t), "malformed"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		_, r1 := recovered[e.Name()]
		_, r2 := refused[e.Name()]
		if !r1 && !r2 {
			t.Errorf("malformed/%s is not covered by this test", e.Name())
		}
	}
}

// TestSampleDetection checks that Detect agrees with the extension of every
// sample.
func TestSampleDetection(t *testing.T) {
	readSample(t, "SOURCES.md")
	for _, dir := range []string{"transcripts", "malformed"} {
		entries, err := os.ReadDir(filepath.Join(samplesDir(t), dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data := readSample(t, filepath.Join(dir, e.Name()))
			got, err := Detect(e.Name(), data)
			if len(data) == 0 {
				if err == nil {
					t.Errorf("%s: empty file detected as %s", e.Name(), got)
				}
				continue
			}
			if want := formatOfExtension(extension(e.Name()), Format(strings.TrimPrefix(extension(e.Name()), "."))); err != nil || got != want {
				t.Errorf("%s: Detect = %s, %v; want %s", e.Name(), got, err, want)
			}
		}
	}
}

// TestSampleTranscriptsKeepTheWords checks the real text and Markdown
// transcripts word by word: every word of every turn is in the file, in
// order (after the file's Markdown escapes, emphasis marks and link
// addresses, which the parser removes, are taken out of the comparison).
// A word the parser invented or altered (a lone "_" dropped from a URL) is
// not found.
// linkAddress is a Markdown link, its text in group 1.
var linkAddress = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)`)

func TestSampleTranscriptsKeepTheWords(t *testing.T) {
	dir := filepath.Join(samplesDir(t), "transcripts")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if ext != ".txt" && ext != ".md" {
			continue
		}
		checked++
		t.Run(e.Name(), func(t *testing.T) {
			p := parseSample(t, filepath.Join("transcripts", e.Name()))
			file := string(readSample(t, filepath.Join("transcripts", e.Name())))
			if ext == ".md" {
				file = linkAddress.ReplaceAllString(file, "$1")
			}
			file = strings.NewReplacer("\\", "", "*", "").Replace(file)
			at := 0
			for i, turn := range p.Turns {
				for _, w := range strings.Fields(strings.ReplaceAll(turn.Text, "*", "")) {
					k := strings.Index(file[at:], w)
					if k < 0 {
						t.Fatalf("turn %d (line %d): word %q not found in the file after byte %d", i, turn.Line, w, at)
					}
					at += k + len(w)
				}
			}
		})
	}
	if checked < 3 {
		t.Fatalf("only %d text samples", checked)
	}
}
