package refiqda

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// buildWhole is what corpus.Build makes of a text taken as one turn
// without a speaker: the stored form newSourceText must reproduce.
func buildWhole(t *testing.T, text string) string {
	t.Helper()
	d, err := corpus.Build([]transcript.Turn{{Text: text, StartMS: transcript.NoTime, EndMS: transcript.NoTime}})
	if errors.Is(err, corpus.ErrNoText) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return d.Text
}

func TestStoredFormIsCorpusBuild(t *testing.T) {
	tests := []struct{ name, text string }{
		{"plain", "one line"},
		{"crlf and blank lines", "first line\r\n\r\n\r\nsecond line\r\n"},
		{"lone cr", "a\rb\r"},
		{"surplus white space", "  many   spaces\tand\ttabs  \n\n  indented \n"},
		{"no-break space and controls", "a\u00a0\u00a0b\x01c\u200bd"},
		{"unicode line separators", "one\u2028two\u2029three"},
		{"decomposed accents", "Jose\u0301 y Begon\u0303a"},
		{"combining mark after space", "a \u0301b"},
		{"emoji", "I 😀 think 👩‍⚕️ so\r\n"},
		{"byte-order mark inside", "a\uFEFFb"},
		{"only white space", " \r\n\t \n"},
		{"empty", ""},
		{"replacement character", "bad \uFFFD byte"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newSourceText(tc.text)
			if want := buildWhole(t, tc.text); st.stored != want {
				t.Errorf("stored = %q, corpus.Build = %q", st.stored, want)
			}
			if st.storedChars() != utf8.RuneCountInString(st.stored) {
				t.Errorf("storedChars = %d, want %d", st.storedChars(), utf8.RuneCountInString(st.stored))
			}
		})
	}
}

// utf16At is the UTF-16 offset of the byte offset b of s.
func utf16At(s string, b int) int64 {
	return int64(len(utf16.Encode([]rune(s[:b]))))
}

func cpAt(s string, b int) int64 { return int64(utf8.RuneCountInString(s[:b])) }

func TestMapSpanFollowsNormalisation(t *testing.T) {
	raw := "Dana:  I was the   only one 😀\r\n\r\nJose\u0301: and me\r\n"
	st := newSourceText(raw)
	if st.stored != "Dana: I was the only one 😀\nJosé: and me\n" {
		t.Fatalf("stored = %q", st.stored)
	}
	slice := func(s corpus.Span) string { return string([]rune(st.stored)[s.Start:s.End]) }
	find := func(sub string) (int, int) {
		i := strings.Index(raw, sub)
		if i < 0 {
			t.Fatalf("%q not in raw", sub)
		}
		return i, i + len(sub)
	}
	tests := []struct {
		name    string
		reading Reading
		sub     string
		want    string
	}{
		{"words in code points", Reading{Unit: CodePoints}, "only one", "only one"},
		{"collapsed spaces inside", Reading{Unit: CodePoints}, "the   only", "the only"},
		{"after emoji and CRLF in UTF-16", Reading{Unit: UTF16}, "and me", "and me"},
		{"after emoji and CRLF in code points", Reading{Unit: CodePoints}, "and me", "and me"},
		{"CRLF as one", Reading{Unit: CodePoints, CRLFAsOne: true}, "and me", "and me"},
		{"emoji itself in UTF-16", Reading{Unit: UTF16}, "😀", "😀"},
		{"decomposed name", Reading{Unit: CodePoints}, "Jose\u0301", "José"},
		{"across a blank line, ending inside a composition", Reading{Unit: UTF16}, "😀\r\n\r\nJose", "😀\nJosé"},
		{"leading white space dropped", Reading{Unit: CodePoints}, "  I was", " I was"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := find(tc.sub)
			var sp rawSpan
			switch {
			case tc.reading.Unit == UTF16 && !tc.reading.CRLFAsOne:
				sp = rawSpan{utf16At(raw, a), utf16At(raw, b)}
			case tc.reading.CRLFAsOne:
				lf := strings.ReplaceAll(raw, "\r\n", "\n")
				off := strings.Index(lf, strings.ReplaceAll(tc.sub, "\r\n", "\n"))
				sp = rawSpan{cpAt(lf, off), cpAt(lf, off+len(strings.ReplaceAll(tc.sub, "\r\n", "\n")))}
			default:
				sp = rawSpan{cpAt(raw, a), cpAt(raw, b)}
			}
			got, ok := st.mapSpan(tc.reading, sp)
			if !ok {
				t.Fatalf("mapSpan(%v) outside the text", sp)
			}
			if slice(got) != tc.want {
				t.Errorf("mapped %q to %q, want %q", tc.sub, slice(got), tc.want)
			}
		})
	}
}

func TestMapSpanEdgeCases(t *testing.T) {
	st := newSourceText("ab  \r\n\r\n  cd")
	cp := Reading{Unit: CodePoints}
	if s, ok := st.mapSpan(cp, rawSpan{2, 10}); !ok || s != (corpus.Span{Start: 2, End: 3}) {
		t.Errorf("white space and line ends: %v %v, want the one stored line end", s, ok)
	}
	if s, ok := st.mapSpan(cp, rawSpan{2, 4}); !ok || s.End > s.Start {
		t.Errorf("trailing spaces only: %v %v, want an empty span", s, ok)
	}
	if _, ok := st.mapSpan(cp, rawSpan{0, 13}); ok {
		t.Error("a span past the end was mapped")
	}
	if s, ok := st.mapSpan(cp, rawSpan{0, 12}); !ok || s != (corpus.Span{Start: 0, End: 5}) {
		t.Errorf("whole text: %v %v, want 0–5 (the final line end is Focal's own)", s, ok)
	}
	// Half a surrogate pair: the start rounds down, the end up.
	emoji := newSourceText("x😀y")
	u16 := Reading{Unit: UTF16}
	if s, ok := emoji.mapSpan(u16, rawSpan{2, 2}); !ok || s != (corpus.Span{Start: 1, End: 2}) {
		t.Errorf("inside the emoji: %v %v, want the emoji", s, ok)
	}
}

func TestDetectReading(t *testing.T) {
	raw := "Ana: 😀 we 😀 were\r\nthe only 😀 ones\r\nreally 👍 yes\r\n"
	st := newSourceText(raw)
	words := []string{"we", "were", "only", "ones", "really", "yes"}
	spansIn := func(at func(int) int64) []rawSpan {
		var out []rawSpan
		for _, w := range words {
			i := strings.Index(raw, w)
			out = append(out, rawSpan{at(i), at(i + len(w))})
		}
		return out
	}
	lf := strings.ReplaceAll(raw, "\r\n", "\n")
	tests := []struct {
		name  string
		spans []rawSpan
		want  Reading
	}{
		{"code points", spansIn(func(b int) int64 { return cpAt(raw, b) }), Reading{Unit: CodePoints}},
		{"UTF-16 units", spansIn(func(b int) int64 { return utf16At(raw, b) }), Reading{Unit: UTF16}},
		{"code points, CRLF as one", func() []rawSpan {
			var out []rawSpan
			for _, w := range words {
				i := strings.Index(lf, w)
				out = append(out, rawSpan{cpAt(lf, i), cpAt(lf, i+len(w))})
			}
			return out
		}(), Reading{Unit: CodePoints, CRLFAsOne: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, scores, ok := st.detect(tc.spans)
			if !ok || got != tc.want {
				t.Fatalf("detect = %v (%v), want %v; scores %+v", got, ok, tc.want, scores)
			}
			for _, sp := range tc.spans {
				s, _ := st.mapSpan(got, sp)
				text := string([]rune(st.stored)[s.Start:s.End])
				found := false
				for _, w := range words {
					found = found || text == w
				}
				if !found {
					t.Errorf("span %v maps to %q, not a word", sp, text)
				}
			}
		})
	}
	if _, _, ok := st.detect([]rawSpan{{0, 1000}}); ok {
		t.Error("a selection past the end fits some reading")
	}
	// Without emoji or CRLF every reading is the standard one.
	plain := newSourceText("plain text here\n")
	if _, scores, _ := plain.detect([]rawSpan{{0, 5}}); len(scores) != 1 {
		t.Errorf("plain text scored %d readings, want 1", len(scores))
	}
}
