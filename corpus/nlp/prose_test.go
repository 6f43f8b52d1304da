package nlp

import (
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
)

// proseSentences segments text with prose/v2 as NOTES describes (one
// document, tagging and extraction off), for comparison.
func proseSentences(text string) []string {
	doc, err := prose.NewDocument(text, prose.WithTagging(false), prose.WithExtraction(false), prose.WithTokenization(false))
	if err != nil {
		panic(err)
	}
	var out []string
	for _, s := range doc.Sentences() {
		out = append(out, s.Text)
	}
	return out
}

// TestEnglishAgainstProse compares our English sentences with prose's, one
// paragraph at a time, on generated transcripts. The only difference we
// mean to make on this material is "etc." before a lower-case word, where
// prose ends the sentence ("the forms, letters, etc." | "never arrived"):
// every other difference fails the test. (Our other departures, such as
// "Mr. Brown" and "5 a.m. Then", are in TestSentencesEnglish.)
func TestEnglishAgainstProse(t *testing.T) {
	// -short is asked for by hand, for a quick run; CI runs without it.
	if testing.Short() {
		t.Skip("slow: builds a prose document per paragraph")
	}
	seg := newSeg(t)
	text, utts := genTranscript(8000, false, 11)
	same, total := 0, 0
	for _, u := range utts {
		for para := range strings.SplitSeq(text[u.Start:u.End], "\n") {
			total++
			ours := texts(para, seg.Sentences(para, []Span{{0, len(para)}}, "en"))
			theirs := proseSentences(para)
			switch {
			case strings.Join(ours, "|") == strings.Join(theirs, "|"):
				same++
			case !strings.Contains(para, "etc. "):
				t.Errorf("differs from prose:\nours  %q\nprose %q", ours, theirs)
			}
		}
	}
	t.Logf("%d of %d paragraphs segmented as prose does; the others differ at \"etc.\"", same, total)
}

// BenchmarkProseReference is what NOTES' approach would cost on the
// 1M-word text: one prose document per source with segmentation only,
// before any mapping back to offsets.
func BenchmarkProseReference(b *testing.B) {
	text, _ := genTranscript(1_000_000, false, 1)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SinkStr = proseSentences(text)[0]
	}
}
