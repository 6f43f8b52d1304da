package corpus

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus/transcript"
)

func TestBuildStoredText(t *testing.T) {
	parsed := []transcript.Turn{
		{Speaker: "Dana Reyes", Label: "Dana Reyes", Text: "Welcome,\teveryone.  ", StartMS: 1000, EndMS: 4000},
		{Speaker: "Zoë", Label: "Zoe\u0308", Text: "I felt\r\n\r\nlike the only one\u00a0there. ", StartMS: 4000, EndMS: 9000},
		{Speaker: "Dana Reyes", Label: "DR", Text: "   ", StartMS: -1, EndMS: -1},
		{Text: "A line without a label 😅", StartMS: -1, EndMS: -1},
	}
	d, err := Build(parsed)
	if err != nil {
		t.Fatal(err)
	}
	want := "Dana Reyes: Welcome, everyone.\nZoë: I felt\nlike the only one there.\nA line without a label 😅\n"
	if d.Text != want {
		t.Fatalf("text:\n%q\nwant\n%q", d.Text, want)
	}
	if len(d.Turns) != 3 {
		t.Fatalf("turns = %d, want 3 (the blank one dropped)", len(d.Turns))
	}
	idx := NewPositionIndex(d.Text)
	wantUtter := []string{"Welcome, everyone.", "I felt\nlike the only one there.", "A line without a label 😅"}
	wantLabel := []string{"Dana Reyes", "Zoë", ""}
	for i, turn := range d.Turns {
		if turn.Seq != i+1 {
			t.Errorf("turn %d seq = %d", i, turn.Seq)
		}
		got, _ := idx.Slice(turn.Utterance())
		if got != wantUtter[i] {
			t.Errorf("turn %d utterance = %q, want %q", i, got, wantUtter[i])
		}
		label, _ := idx.Slice(turn.LabelSpan)
		if label != wantLabel[i] || turn.Label != wantLabel[i] {
			t.Errorf("turn %d label = %q/%q, want %q", i, label, turn.Label, wantLabel[i])
		}
	}
	if d.Chars != idx.Len() {
		t.Errorf("Chars = %d, want %d", d.Chars, idx.Len())
	}
	if strings.Join(d.Speakers, ",") != "Dana Reyes,Zoë" {
		t.Errorf("speakers = %v", d.Speakers)
	}
	if len(d.SHA256) != 64 {
		t.Errorf("sha = %q", d.SHA256)
	}
}

func TestBuildNothingLeft(t *testing.T) {
	if _, err := Build([]transcript.Turn{{Label: "A", Text: " \n\t"}}); err != ErrNoText {
		t.Fatalf("err = %v, want ErrNoText", err)
	}
}

func TestNormalizeLineKeepsSpaceBeforeReplacementCharacter(t *testing.T) {
	if got := NormalizeLine("bad \uFFFD  here"); got != "bad \uFFFD here" {
		t.Errorf("NormalizeLine = %q", got)
	}
}

// A run of more than 30 combining marks: normalising a line must give what
// normalising the whole text gave, so positions mapped through either agree.
func TestNFCAgreesOnLinesAndWholeText(t *testing.T) {
	marks := "a" + strings.Repeat("\u0301\u0327\u031b", 14)
	text := marks + "\n" + marks + " x"
	whole := NormalizeText(text)
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		lines = append(lines, NormalizeLine(line))
	}
	if whole != strings.Join(lines, "\n") {
		t.Errorf("whole-text and per-line normalisation differ:\n%q\n%q", whole, strings.Join(lines, "\n"))
	}
	if NFC(NFC(marks)) != NFC(marks) {
		t.Error("NFC is not idempotent")
	}
}

// Stored text normalised again is unchanged, even where a run of combining
// marks is longer than the normaliser's 30 (the input CI's fuzzer found:
// seven U+0344, each two marks, U+035D, eight more U+0344). Normalising
// segment by segment reordered the marks so that a second pass cut the run
// elsewhere and gave a different text.
func TestNormalizedTextIsAFixedPoint(t *testing.T) {
	long := strings.Repeat("\u0344", 7) + "\u035d" + strings.Repeat("\u0344", 8)
	for _, text := range []string{
		long,
		"x" + long + " y\n" + long,
		"a" + strings.Repeat("\u0301\u0327\u031b", 14) + "\nb",
		strings.Repeat("\u1161\u0308", 40),
	} {
		once := NormalizeText(text)
		if twice := NormalizeText(once); twice != once {
			t.Errorf("NormalizeText(%+q) = %+q, and again %+q", text, once, twice)
		}
		if line := NormalizeLine(once); !strings.Contains(once, "\n") && line != once {
			t.Errorf("NormalizeLine of stored %+q gave %+q", once, line)
		}
		// The joiner the stream-safe form inserts: a run of 31 or more marks
		// is cut by U+034F, which a reader does not see.
		if strings.Count(text, "\u0344") == 15 && !strings.Contains(once, "\u034f") {
			t.Errorf("no grapheme joiner in the long run: %+q", once)
		}
	}
}

// FuzzNormalizeText checks the stored form on arbitrary text: normalising
// it again changes nothing, and normalising line by line gives the same
// lines as normalising the whole.
func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"", "a", " Dana:  hi\r\n\r\n😀 x\u0301", "\u2028\t\x01\uFEFF",
		strings.Repeat("\u0344", 7) + "\u035d" + strings.Repeat("\u0344", 8),
		"a" + strings.Repeat("\u0301\u0327\u031b", 14) + "\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		once := NormalizeText(text)
		if twice := NormalizeText(once); twice != once {
			t.Fatalf("not a fixed point: %+q then %+q", once, twice)
		}
		var lines []string
		for line := range strings.SplitSeq(once, "\n") {
			if l := NormalizeLine(line); l != line {
				t.Fatalf("stored line %+q normalised again to %+q", line, l)
			}
			lines = append(lines, line)
		}
		if strings.Join(lines, "\n") != once {
			t.Fatal("lines do not join back")
		}
	})
}
