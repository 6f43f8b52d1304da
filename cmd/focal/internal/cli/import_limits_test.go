package cli

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
	"github.com/focalqda/focal/corpus/transcript"
)

// A transcript above the size limit is refused in one line naming the file
// and the limit, before it is read, and the project is unchanged.
func TestImportRefusesTranscriptAboveTheSizeLimit(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	r.ok("init", "study.focal")
	big := r.write("big.txt", "")
	if err := os.Truncate(big, maxTranscriptBytes+1); err != nil {
		t.Fatal(err)
	}
	errOut := r.fail(1, "import", big)
	want := "focal: import " + big + ": the file is larger than the 50 MB limit for a transcript; split it into parts and import each\n"
	if errOut != want {
		t.Errorf("stderr:\n%q\nwant\n%q", errOut, want)
	}
	if list := r.ok("source", "list", "--json"); strings.TrimSpace(list) != "[]" {
		t.Errorf("sources after a refused import: %s", list)
	}
	errOut = r.fail(1, "import", big, "--dry-run")
	if errOut != want {
		t.Errorf("dry run stderr: %q", errOut)
	}
}

// Word units found a chunk of utterances at a time are the word units of
// the whole text at once.
func TestWordsInRunesMatchesWholeText(t *testing.T) {
	data := generatedTranscript("txt", 3*wordChunk*20)
	parsed, err := transcript.Parse("fg.txt", data, transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Build(parsed.Turns)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Turns) <= 2*wordChunk {
		t.Fatalf("only %d turns: not several chunks", len(d.Turns))
	}
	idx := corpus.NewPositionIndex(d.Text)
	var utterances []nlp.Span
	for _, turn := range d.Turns {
		a, _ := idx.ByteOffset(turn.Utterance().Start)
		b, _ := idx.ByteOffset(turn.Utterance().End)
		utterances = append(utterances, nlp.Span{Start: a, End: b})
	}
	var whole []corpus.Span
	for _, s := range nlp.Words(d.Text, utterances) {
		a := idx.RuneOffset(s.Start)
		b := idx.RuneOffset(s.End)
		whole = append(whole, corpus.Span{Start: a, End: b})
	}
	got := wordsInRunes(d.Text, utterances)
	if !slices.Equal(got, whole) || len(got) < 1000 {
		t.Fatalf("chunked: %d words, whole: %d words", len(got), len(whole))
	}
}
