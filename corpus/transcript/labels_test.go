package transcript

import (
	"regexp"
	"testing"
)

func TestMatchTextLabel(t *testing.T) {
	tests := []struct {
		line   string
		label  string // "" = not a label
		name   string
		alias  string
		start  int64
		rest   string
		strong bool
	}{
		{line: "Interviewer: How are you?", label: "Interviewer", name: "Interviewer", start: NoTime, rest: "How are you?"},
		{line: "INTERVIEWER: So.", label: "INTERVIEWER", name: "INTERVIEWER", start: NoTime, rest: "So."},
		{line: "P3: yes", label: "P3", name: "P3", start: NoTime, rest: "yes"},
		{line: "p3: yes", label: "p3", name: "p3", start: NoTime, rest: "yes"}, // ids with digits may be lower case
		{line: "Dr. Smith: hello", label: "Dr. Smith", name: "Dr. Smith", start: NoTime, rest: "hello"},
		{line: "Tomás O'Neill: Yep.", label: "Tomás O'Neill", name: "Tomás O'Neill", start: NoTime, rest: "Yep."},
		{line: "Aaron van Wirdum:", label: "Aaron van Wirdum", name: "Aaron van Wirdum", start: NoTime},
		{line: "Aaron van Wirdum (AvW): Live", label: "Aaron van Wirdum (AvW)", name: "Aaron van Wirdum", alias: "AvW", start: NoTime, rest: "Live"},
		{line: "Maria (moderator): ok", label: "Maria (moderator)", name: "Maria", alias: "moderator", start: NoTime, rest: "ok"},
		{line: "Dana Reyes (00:00:04): Hi", label: "Dana Reyes", name: "Dana Reyes", start: 4000, rest: "Hi", strong: true},
		{line: "[00:01:02] Name: text", label: "Name", name: "Name", start: 62000, rest: "text", strong: true},
		{line: "[00:02:47] **Audrow Nash:** I'm sure", label: "Audrow Nash", name: "Audrow Nash", start: 167000, rest: "I'm sure", strong: true},
		{line: "**Tully Foote**: Hi", label: "Tully Foote", name: "Tully Foote", start: NoTime, rest: "Hi", strong: true},
		{line: "**Geoff:**", label: "Geoff", name: "Geoff", start: NoTime, strong: true},
		{line: "[id1] hello, I like", label: "id1", name: "id1", start: NoTime, rest: "hello, I like", strong: true},
		{line: "[Johnny Doe] 11:02:09", label: "Johnny Doe", name: "Johnny Doe", start: 39729000, strong: true},
		{line: "Speaker 1  0:03", label: "Speaker 1", name: "Speaker 1", start: 3000},
		{line: "SP:… the signaling", label: "SP", name: "SP", start: NoTime, rest: "… the signaling"},
		{line: "Name: [00:01:02] text", label: "Name", name: "Name", start: 62000, rest: "text", strong: true}, // a time attached makes a label strong,
		{line: "主持人：大家好", label: "主持人", name: "主持人", start: NoTime, rest: "大家好"},
		// Not labels.
		{line: "Note: the recording stopped here."},
		{line: "Date: 12 May"},
		{line: "The point is: we never asked."},
		{line: "Update on Taproot activation releases: <https://x>"},
		{line: "Speedy Trial activation parameters merged into Core: <https://x>"},
		{line: "See https://example.org: it is there"},
		{line: "http://example.org"},
		{line: "At 10:30 we met"},
		{line: "Well, honestly: no."},
		{line: "Why? Because: reasons"},
		{line: "A very long name that goes on and on and on: text"},
		{line: "One Two Three Four Five Six: text"},
		{line: "[inaudible 00:03:31] and then"},
		{line: "[crosstalk]"},
		{line: "[Laughter] yes"},
		{line: "[00:01:02] and then he said"},
		{line: "we met at 10:30"},
		{line: "0.21.1: release"},
		{line: "interviewer: lower-case words need a digit"},
		{line: "van Gogh: a particle cannot start a name"},
		{line: "Name:text"},
		{line: "**in summary:** lower case"},
		{line: "(AvW): only a note"},
	}
	for _, tt := range tests {
		m, ok := matchTextLabel(tt.line)
		if tt.label == "" {
			if ok {
				t.Errorf("%q: found label %q, want none", tt.line, m.label)
			}
			continue
		}
		if !ok {
			t.Errorf("%q: no label, want %q", tt.line, tt.label)
			continue
		}
		if m.label != tt.label || m.name != tt.name || m.alias != tt.alias || m.startMS != tt.start || m.rest != tt.rest || m.strong != tt.strong {
			t.Errorf("%q: got label %q name %q alias %q start %d rest %q strong %v;\nwant label %q name %q alias %q start %d rest %q strong %v",
				tt.line, m.label, m.name, m.alias, m.startMS, m.rest, m.strong, tt.label, tt.name, tt.alias, tt.start, tt.rest, tt.strong)
		}
	}
}

func TestBracketLabelNeedsRepeat(t *testing.T) {
	m, ok := matchTextLabel("[Interviewer] So tell me")
	if !ok || !m.needsRepeat {
		t.Errorf("[Name] without a digit must need a second occurrence: %+v %v", m, ok)
	}
	m, ok = matchTextLabel("[id2] text")
	if !ok || m.needsRepeat {
		t.Errorf("[id2] stands alone: %+v %v", m, ok)
	}
}

func TestMatchPatternLabel(t *testing.T) {
	re := regexp.MustCompile(`^(?P<speaker>[A-Z]+)>\s*(?:\((?P<time>[0-9:]+)\))?`)
	m, ok := matchPatternLabel(re, "MOD> (00:01:02) hello there")
	if !ok || m.label != "MOD" || m.startMS != 62000 || m.rest != "hello there" {
		t.Errorf("got %+v %v", m, ok)
	}
	if _, ok := matchPatternLabel(re, "say MOD> hi"); ok {
		t.Error("the pattern must match at the start of the line")
	}
	empty := regexp.MustCompile(`^(?P<speaker>[A-Z]*)>`)
	if _, ok := matchPatternLabel(empty, "> hi"); ok {
		t.Error("an empty speaker group is not a label")
	}
}

func TestSpeakerBook(t *testing.T) {
	b := newSpeakerBook()
	short := labelMatch{label: "AvW", name: "AvW"}
	full := labelMatch{label: "Aaron van Wirdum (AvW)", name: "Aaron van Wirdum", alias: "AvW"}
	upper := labelMatch{label: "AARON VAN WIRDUM", name: "AARON VAN WIRDUM"}
	b.learn(short) // an alias used before its definition still resolves
	b.learn(full)
	b.learn(upper)
	for _, m := range []labelMatch{short, full, upper} {
		if got := b.speaker(b.key(m)); got != "Aaron van Wirdum" {
			t.Errorf("%q: speaker %q", m.label, got)
		}
	}
}

func TestFreeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"Yuri Bakulin":   "Yuri Bakulin",
		"  **Bob:** ":    "Bob",
		"a: :":           "a",
		"x  y":           "x y",
		"Esme (ES)":      "Esme (ES)",
		"speaker one: ":  "speaker one",
		"Note":           "Note",
		"::":             "",
		"*_ Ann _*::*_ ": "Ann",
	} {
		if got := freeLabel(in).label; got != want {
			t.Errorf("freeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
