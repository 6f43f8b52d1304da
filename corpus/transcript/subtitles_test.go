package transcript

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseSubtitleRules(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		input string
		want  []string // turnSummary lines
		notes []string
	}{
		{
			name:  "Zoom: Name: text in cues, consecutive cues of one speaker merge",
			file:  "zoom.vtt",
			input: "WEBVTT\n\n1\n00:00:03.120 --> 00:00:16.095\nDana Reyes: Okay, hi.\n\n2\n00:00:16.351 --> 00:00:31.351\nDana Reyes: My name is Dana.\n\n3\n00:01:21.226 --> 00:01:24.226\nZoë Lindqvist: Sounds good.\n",
			want:  []string{"Dana Reyes|Dana Reyes|00:00:03.120|00:00:31.351|Okay, hi. My name is Dana.", "Zoë Lindqvist|Zoë Lindqvist|00:01:21.226|00:01:24.226|Sounds good."},
		},
		{
			name:  "Teams: voice tags, unpadded times, overlap keeps start order",
			file:  "teams.vtt",
			input: "WEBVTT\n\n0:0:0.210 --> 0:0:1.130\n<v Adrian Petrescu>Why hello there.</v>\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri Bakulin>There you go.</v>\n",
			want:  []string{"Yuri Bakulin|Yuri Bakulin|00:00:00.000|00:00:00.570|There you go.", "Adrian Petrescu|Adrian Petrescu|00:00:00.210|00:00:01.130|Why hello there."},
			notes: []string{"line 6: cue starts before the previous cue; cues were put in time order"},
		},
		{
			name:  "overlapping cues of different speakers stay separate",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Ann>one\n\n00:00:02.000 --> 00:00:03.000\n<v Bob>two\n\n00:00:04.000 --> 00:00:06.000\n<v Ann>three\n",
			want: []string{
				"Ann|Ann|00:00:01.000|00:00:05.000|one",
				"Bob|Bob|00:00:02.000|00:00:03.000|two",
				"Ann|Ann|00:00:04.000|00:00:06.000|three",
			},
		},
		{
			name:  "cue without speaker continues the previous speaker; Unknown before any",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:01.000 --> 00:02.000\nintro\n\n00:02.000 --> 00:03.000\nAnn: hi\n\n00:03.000 --> 00:04.000\nstill Ann\n",
			want:  []string{"Unknown|Unknown|00:00:01.000|00:00:02.000|intro", "Ann|Ann|00:00:02.000|00:00:04.000|hi still Ann"},
			notes: []string{`line 3: cue text without a speaker label; attributed to "Unknown"`},
		},
		{
			name:  "cue settings, identifiers, NOTE/STYLE/REGION, header lines",
			file:  "a.vtt",
			input: "WEBVTT - title\nKind: captions\nLanguage: en\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\nNOTE a comment\nover lines\n\nsub0\n00:00:07.120 --> 00:00:09.480 line:-1 align:left\n<c.magenta.bg_black><i>Musique</i> douce</c>\n",
			want:  []string{"Unknown|Unknown|00:00:07.120|00:00:09.480|Musique douce"},
		},
		{
			name:  "inline tags removed and entities decoded",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<b>2 &lt; 3</b> &amp; <u>4 &gt; 1</u>&nbsp;&lrm;&#233;&#x1F600;&bogus; <ruby>漢<rt>kan</rt></ruby>\n",
			want:  []string{"Unknown|Unknown|00:00:00.000|00:00:01.000|2 < 3 & 4 > 1\u00a0\u200eé😀&bogus; 漢kan"},
		},
		{
			name:  "karaoke timestamp tags and YouTube rolling duplicates",
			file:  "yt.vtt",
			input: "WEBVTT\nKind: captions\n\n00:00:01.000 --> 00:00:02.000 align:start\nyeah\n\n00:00:02.000 --> 00:00:04.000\nyeah\n<c.colorCCCCCC>what</c>\n00:00:04.000 --> 00:00:05.000\nthis<00:00:04.199><c> will</c><00:00:04.379><c> happen</c>\n\n00:00:05.000 --> 00:00:05.010\nthis will happen\n \n",
			want:  []string{"Unknown|Unknown|00:00:01.000|00:00:05.010|yeah what this will happen"},
			notes: []string{"rolling auto-captions"},
		},
		{
			name:  "without karaoke tags a repeated line is kept",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: Yes.\n\n00:00:02.000 --> 00:00:03.000\nYes.\n",
			want:  []string{"Ann|Ann|00:00:01.000|00:00:03.000|Yes. Yes."},
		},
		{
			name:  "dialogue dashes and - Name: labels",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n- Ta en kopp.\n- Det är inte varmt.\n\n00:00:02.000 --> 00:00:03.000\n- Bob: Hi.\n- Ann: Hello.\n",
			want: []string{
				"Unknown|Unknown|00:00:01.000|00:00:02.000|- Ta en kopp.\n- Det är inte varmt.",
				"Bob|Bob|00:00:02.000|00:00:03.000|Hi.",
				"Ann|Ann|00:00:02.000|00:00:03.000|Hello.",
			},
		},
		{
			name:  "several voices in one cue",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.loud Esme>It's a blue apple tree!\n<v Mary>No way!\n",
			want:  []string{"Esme|Esme|00:00:01.000|00:00:02.000|It's a blue apple tree!", "Mary|Mary|00:00:01.000|00:00:02.000|No way!"},
		},
		{
			name:  "Name: only counts on the first line of a cue",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: we said\nThe point: none\n",
			want:  []string{"Ann|Ann|00:00:01.000|00:00:02.000|we said The point: none"},
		},
		{
			name:  "missing header, CRLF and BOM",
			file:  "a.vtt",
			input: "\ufeff00:00:00.500 --> 00:00:07.000\r\nCaption text #1\r\n\r\n00:00:07.000 --> 00:00:11.890\r\nCaption text #2\r\n",
			want:  []string{"Unknown|Unknown|00:00:00.500|00:00:11.890|Caption text #1 Caption text #2"},
			notes: []string{"line 1: the WEBVTT header is missing"},
		},
		{
			name:  "a cue ending before it starts",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nAnn: hi\n",
			want:  []string{"Ann|Ann|00:00:05.000|00:00:05.000|hi"},
			notes: []string{"line 3: cue ends before it starts (00:00:05.000 > 00:00:04.000); end time set to the start"},
		},
		{
			name:  "empty cues and untimed text",
			file:  "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: one\n\n00:00:02.000 --> 00:00:03.000\n\nforgotten timing\n\n00:00:04.000 --> 00:00:05.000\n<i></i>\n",
			// The untimed text joins the cue before it, which had no text.
			want:  []string{"Ann|Ann|00:00:01.000|00:00:03.000|one forgotten timing"},
			notes: []string{"line 8: text without a cue timing line; joined to the previous cue", "line 10: cue has no text; skipped"},
		},
		{
			name:  "SubRip with tags, labels and a missing blank line",
			file:  "a.srt",
			input: "1\n00:00:01,000 --> 00:00:02,000\n<i>Ann:</i> <font color=\"red\">Hi</font> {\\an8}there\n2\n00:00:02,000 --> 00:00:03,000\n<v Bob>2 < 3</v>\n\n3\n00:00:03,000 --> 00:00:04.500\n- Ann: ok\n",
			want: []string{
				"Ann|Ann|00:00:01.000|00:00:02.000|Hi there",
				"Bob|Bob|00:00:02.000|00:00:03.000|2 < 3",
				"Ann|Ann|00:00:03.000|00:00:04.500|ok",
			},
			notes: []string{`line 9: timestamp uses '.' instead of ','`},
		},
		{
			name:  "SBV",
			file:  "a.sbv",
			input: "0:00:00.378,0:00:11.378\nAnn: Caption #1\n\n0:00:11.378,0:00:12.305\nmore\n\n0:00:17.484,0:00:16.543\nBob: Caption #5\n",
			want:  []string{"Ann|Ann|00:00:00.378|00:00:12.305|Caption #1 more", "Bob|Bob|00:00:17.484|00:00:17.484|Caption #5"},
			notes: []string{"line 7: cue ends before it starts"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.file, tt.input, Options{})
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

func TestParseSubtitleErrors(t *testing.T) {
	tests := []struct {
		name, file, input string
		line              int
		msg               string
	}{
		{"bad timestamp", "a.vtt", "WEBVTT\n\n00:00:00.500 --> 00:00:07.000\nx\n\n00:00:07.000 --> 00:00:1d.890\ny\n", 6, `invalid timestamp "00:00:1d.890"`},
		{"bad start", "a.srt", "1\n00:00:0x,000 --> 00:00:07,000\nx\n", 2, `invalid timestamp "00:00:0x,000"`},
		{"bad timing line", "a.vtt", "WEBVTT\n\n00:00:01.000 -->\nx\n", 3, "invalid cue timing line"},
		{"timing line in text that is bad", "a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n1 --> 2\n", 5, `invalid timestamp "1"`},
		{"text before the first cue", "a.vtt", "WEBVTT\n\nhello there\n\n00:00:01.000 --> 00:00:02.000\nx\n", 3, "text before the first cue"},
		{"srt number then text", "a.srt", "1\nhello\n\n2\n00:00:01,000 --> 00:00:02,000\nx\n", 2, "expected a cue timing line"},
		{"header only", "a.vtt", "WEBVTT\n", 1, "a WEBVTT header but no cues"},
		{"no cues at all", "a.srt", "\n\n", 0, "only blank lines"},
		{"cues without text", "a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<b></b>\n", 0, "no cue has any text"},
		{"bad SBV timing", "a.sbv", "0:00:00.378,0:00:1x.378\nx\n", 1, "invalid SBV timing line"},
		{"invalid UTF-8 in a cue", "a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\xc3\x28\n", 4, "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.input), Options{})
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

func TestVTTHeaderMetadataAfterBlank(t *testing.T) {
	p := mustParse(t, "a.vtt", "WEBVTT\n\nKind: captions\nLanguage: en\n\n00:00:01.000 --> 00:00:02.000\nhi\n", Options{})
	if len(p.Turns) != 1 || !hasNote(p.Notes, "line 3: header lines") {
		t.Errorf("got %q notes %q", turnSummary(p.Turns), p.Notes)
	}
}

func TestSpeakerPatternCues(t *testing.T) {
	re := regexp.MustCompile(`^>>\s*(?P<speaker>[A-Z ]+):`)
	input := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n>> JOHN SMITH: hello\n\n00:00:02.000 --> 00:00:03.000\nNote: not a label\n\n00:00:03.000 --> 00:00:04.000\n<v Ann>voice tags still count\n"
	p := mustParse(t, "a.vtt", input, Options{SpeakerPattern: re})
	want := []string{
		"JOHN SMITH|JOHN SMITH|00:00:01.000|00:00:03.000|hello Note: not a label",
		"Ann|Ann|00:00:03.000|00:00:04.000|voice tags still count",
	}
	if got := turnSummary(p.Turns); !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestCueMarkupHelpers(t *testing.T) {
	if !hasTimestampTag("this<00:05:04.199><c> will</c>") || hasTimestampTag("<c.x>no</c> <3") {
		t.Error("hasTimestampTag")
	}
	name, rest, ok := voiceTag("<c.x><v.loud Esme Smith>Hi</v>")
	if !ok || name != "Esme Smith" || rest != "Hi</v>" {
		t.Errorf("voiceTag: %q %q %v", name, rest, ok)
	}
	if _, _, ok := voiceTag("text <v Ann>late</v>"); ok {
		t.Error("a voice tag after text does not start a segment")
	}
	if got := rollingOverlap([]string{"a", "b"}, []string{"b", "c"}); got != 1 {
		t.Errorf("rollingOverlap = %d", got)
	}
	if got := rollingOverlap([]string{"a", "b"}, []string{"a", "b"}); got != 2 {
		t.Errorf("rollingOverlap = %d", got)
	}
	if got := decodeEntities("&#0;&#xD800;&#99999999;&amp"); got != "\ufffd\ufffd\ufffd&amp" {
		t.Errorf("decodeEntities = %q", got)
	}
}
