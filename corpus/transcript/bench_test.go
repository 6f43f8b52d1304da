package transcript

import (
	"fmt"
	"strings"
	"testing"
)

// benchWords is the size of the generated transcripts: a long focus group
// series in one file, far beyond a real session (10-20k words).
const benchWords = 1_000_000

var benchSpeakers = []string{"Dana Reyes", "Zoë Lindqvist", "Tomás O'Neill", "Wei Chen", "Grace Okafor", "P6"}

var benchVocabulary = strings.Fields(`I think that we really felt the residency was a place where you
belong or not, um, and honestly nobody asked us. It's like, you know, the hospital is big and
the team changes every month; so the feeling of belonging comes from small things: coffee,
names, a nurse who remembers you. Café résumé naïve 😀 [inaudible 00:03:31] [crosstalk]`)

// benchUtterance returns n words of generated speech starting at word w.
func benchUtterance(w, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(benchVocabulary[(w+i*7)%len(benchVocabulary)])
	}
	return b.String()
}

// generateVTT writes a Zoom-style WebVTT file of about words words: numbered
// cues of about 12 words, speakers changing every few cues.
func generateVTT(words int) []byte {
	var b strings.Builder
	b.WriteString("WEBVTT\n\n")
	ms := int64(0)
	for cue, w := 1, 0; w < words; cue++ {
		n := 8 + cue%9
		speaker := benchSpeakers[(cue/3)%len(benchSpeakers)]
		fmt.Fprintf(&b, "%d\n%s --> %s\n%s: %s\n\n", cue, formatClock(ms), formatClock(ms+3500), speaker, benchUtterance(w, n))
		ms += 3600
		w += n
	}
	return []byte(b.String())
}

// generateText writes a plain text transcript of about words words:
// "Name (hh:mm:ss): text" turns with continuation lines and paragraphs.
func generateText(words int) []byte {
	var b strings.Builder
	b.WriteString("Focus group — generated\n\n")
	ms := int64(0)
	for turn, w := 0, 0; w < words; turn++ {
		speaker := benchSpeakers[turn%len(benchSpeakers)]
		n := 20 + turn%60
		fmt.Fprintf(&b, "%s (%s): %s\n", speaker, formatClock(ms)[:8], benchUtterance(w, n))
		if turn%4 == 0 {
			fmt.Fprintf(&b, "%s\n\n%s\n", benchUtterance(w+1, 15), benchUtterance(w+2, 10))
			n += 25
		}
		b.WriteByte('\n')
		ms += 20_000
		w += n
	}
	return []byte(b.String())
}

func benchmarkParse(b *testing.B, name string, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	turns := 0
	for b.Loop() {
		p, err := Parse(name, data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		turns = len(p.Turns)
	}
	b.ReportMetric(float64(turns), "turns")
}

func BenchmarkParseVTT(b *testing.B) {
	benchmarkParse(b, "bench.vtt", generateVTT(benchWords))
}

func BenchmarkParseText(b *testing.B) {
	benchmarkParse(b, "bench.txt", generateText(benchWords))
}

func TestBenchmarkInputsParse(t *testing.T) {
	// The generators must produce what the benchmarks claim to measure.
	for name, data := range map[string][]byte{"a.vtt": generateVTT(5000), "a.txt": generateText(5000)} {
		p, err := Parse(name, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkParsed(t, p, nil)
		words := 0
		for _, turn := range p.Turns {
			words += len(strings.Fields(turn.Text))
		}
		if words < 5000 || len(speakersOf(p.Turns)) < len(benchSpeakers) {
			t.Errorf("%s: %d words, speakers %q", name, words, speakersOf(p.Turns))
		}
	}
}
