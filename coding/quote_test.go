package coding

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

func TestFindQuote(t *testing.T) {
	text := "Dana: Who felt alone?\nZoë: I did 😅, I was the only one.\nJosé: Me too, the only one.\n"
	idx := corpus.NewPositionIndex(text)
	turns := []corpus.Span{{Start: 6, End: 21}, {Start: 27, End: 55}, {Start: 62, End: 83}}
	span, err := FindQuote(text, turns, "I did 😅, I was")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := idx.Slice(span); got != "I did 😅, I was" {
		t.Fatalf("span %v is %q", span, got)
	}
	if _, err := FindQuote(text, turns, "the only one"); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Errorf("twice: %v", err)
	}
	span, err = FindQuote(text, turns[2:], "the only one")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := idx.Slice(span); got != "the only one" || span.Start < 62 {
		t.Errorf("within turn 3: %v %q", span, got)
	}
	if _, err := FindQuote(text, turns, "Zoë: I did"); err == nil {
		t.Error("a quote that includes a speaker label is outside the utterances")
	}
	if _, err := FindQuote(text, turns, "  "); err == nil {
		t.Error("empty quote")
	}
}
