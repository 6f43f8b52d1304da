package coding

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
)

// spanOfQuote returns the code-point span of the first occurrence of quote
// in text, so that test cases can name codings by their words.
func spanOfQuote(t testing.TB, text, quote string) corpus.Span {
	t.Helper()
	i := strings.Index(text, quote)
	if i < 0 {
		t.Fatalf("%q does not occur in %q", quote, text)
	}
	start := utf8.RuneCountInString(text[:i])
	return corpus.Span{Start: start, End: start + utf8.RuneCountInString(quote)}
}

// wordsOf returns the text of a code-point span.
func wordsOf(text string, s corpus.Span) string {
	return string([]rune(text)[s.Start:s.End])
}

func TestReanchorHandWritten(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		coded    string // the coding's words in old (first occurrence)
		// wantWords is the coding's words in the new text; wantStart, when
		// not -1, pins where they must start (in code points).
		wantWords  string
		wantStart  int
		wantFlag   bool
		wantReason string
	}{
		{
			name:      "edit before the coding moves it",
			old:       "Anna: I was the only one here.\n",
			new:       "Anna: I really was the only one here.\n",
			coded:     "the only one",
			wantWords: "the only one",
			wantStart: 19,
		},
		{
			name:      "edit after the coding leaves it",
			old:       "Anna: I was the only one here.\n",
			new:       "Anna: I was the only one there, honestly.\n",
			coded:     "the only one",
			wantWords: "the only one",
			wantStart: 12,
		},
		{
			name:       "word replaced inside the coding",
			old:        "Anna: I was the only one here.\n",
			new:        "Anna: I was the only person here.\n",
			coded:      "the only one",
			wantWords:  "the only person",
			wantStart:  12,
			wantFlag:   true,
			wantReason: `its words changed: "the only one" → "the only person"`,
		},
		{
			name:       "last word of the coding replaced: the span covers the whole new word",
			old:        "Anna: I was the only one here.\n",
			new:        "Anna: I was the only person here.\n",
			coded:      "one",
			wantWords:  "person",
			wantStart:  21,
			wantFlag:   true,
			wantReason: `its words changed: "one" → "person"`,
		},
		{
			name:       "a word rewritten so that letters survive is still one replacement",
			old:        "Ben: I felt alone there.\n",
			new:        "Ben: I felt lonely there.\n",
			coded:      "alone",
			wantWords:  "lonely",
			wantStart:  12,
			wantFlag:   true,
			wantReason: `its words changed: "alone" → "lonely"`,
		},
		{
			name:       "a name replaced by a longer pseudonym is one replacement",
			old:        "Anna: I met Zoë there.\n",
			new:        "Anna: I met Participant Z there.\n",
			coded:      "Zoë",
			wantWords:  "Participant Z",
			wantStart:  12,
			wantFlag:   true,
			wantReason: `its words changed: "Zoë" → "Participant Z"`,
		},
		{
			name:      "insertion at the start boundary is not part of the coding",
			old:       "abcdef",
			new:       "abXYcdef",
			coded:     "cd",
			wantWords: "cd",
			wantStart: 4,
		},
		{
			name:      "insertion at the end boundary is not part of the coding",
			old:       "abcdef",
			new:       "abcdXYef",
			coded:     "cd",
			wantWords: "cd",
			wantStart: 2,
		},
		{
			name:      "word inserted just before the coding",
			old:       "Cleo: I felt alone.\n",
			new:       "Cleo: I felt very alone.\n",
			coded:     "alone",
			wantWords: "alone",
			wantStart: 18,
		},
		{
			name:      "word inserted just after the coding",
			old:       "Cleo: I felt alone.\n",
			new:       "Cleo: I felt alone again.\n",
			coded:     "I felt alone",
			wantWords: "I felt alone",
			wantStart: 6,
		},
		{
			name:       "word inserted inside the coding",
			old:        "Cleo: I felt alone.\n",
			new:        "Cleo: I felt so alone.\n",
			coded:      "felt alone",
			wantWords:  "felt so alone",
			wantStart:  8,
			wantFlag:   true,
			wantReason: `its words changed: "felt alone" → "felt so alone"`,
		},
		{
			name:       "whole coded line deleted",
			old:        "Anna: Yes.\nBen: No.\nCleo: Maybe.\n",
			new:        "Anna: Yes.\nCleo: Maybe.\n",
			coded:      "Ben: No.\n",
			wantWords:  "",
			wantStart:  11,
			wantFlag:   true,
			wantReason: "all of its words were deleted",
		},
		{
			name:       "coded utterance deleted with its line",
			old:        "Anna: Yes.\nBen: No.\nCleo: Maybe.\n",
			new:        "Anna: Yes.\nCleo: Maybe.\n",
			coded:      "No.",
			wantWords:  "",
			wantStart:  11,
			wantFlag:   true,
			wantReason: "all of its words were deleted",
		},
		{
			name:       "replacement across the coding's start grows it over the new words",
			old:        "Dev: the only one\n",
			new:        "Dev: a sole one\n",
			coded:      "only one",
			wantWords:  "sole one",
			wantStart:  7,
			wantFlag:   true,
			wantReason: `its words changed: "only one" → "sole one"`,
		},
		{
			name:      "speaker label replaced before the coding",
			old:       "Speaker 1: I felt alone.\nSpeaker 2: Me too.\n",
			new:       "Anna: I felt alone.\nSpeaker 2: Me too.\n",
			coded:     "Me too",
			wantWords: "Me too",
			wantStart: 31,
		},
		{
			name:       "speaker label replaced inside a coding of the whole turn",
			old:        "Speaker 1: I felt alone.\nSpeaker 2: Me too.\n",
			new:        "Anna: I felt alone.\nSpeaker 2: Me too.\n",
			coded:      "Speaker 1: I felt alone.",
			wantWords:  "Anna: I felt alone.",
			wantStart:  0,
			wantFlag:   true,
			wantReason: `its words changed: "Speaker 1: I felt alone." → "Anna: I felt alone."`,
		},
		{
			name:      "edit before the coding in non-ASCII and emoji text counts code points",
			old:       "Zoë: Ich fühle mich 😔 allein.\nÆsa: 👍🏽 ja.\n",
			new:       "Zoë: Ich fühle mich 😔😔 allein.\nÆsa: 👍🏽 ja.\n",
			coded:     "ja",
			wantWords: "ja",
			wantStart: 39,
		},
		{
			name:       "emoji replaced inside the coding (same leading bytes)",
			old:        "Zoë: Ich fühle mich 😔 allein.\n",
			new:        "Zoë: Ich fühle mich 😢 allein.\n",
			coded:      "mich 😔 allein",
			wantWords:  "mich 😢 allein",
			wantStart:  15,
			wantFlag:   true,
			wantReason: `its words changed: "mich 😔 allein" → "mich 😢 allein"`,
		},
		{
			name:      "accented letter fixed before the coding",
			old:       "Zoe: naive idea. Ich fühle mich allein.\n",
			new:       "Zoë: naïve idea. Ich fühle mich allein.\n",
			coded:     "allein",
			wantWords: "allein",
			wantStart: 32,
		},
		{
			name:       "coding spanning turns with a line deleted inside",
			old:        "Anna: one\nBen: two\nCleo: three\n",
			new:        "Anna: one\nCleo: three\n",
			coded:      "one\nBen: two\nCleo: three",
			wantWords:  "one\nCleo: three",
			wantStart:  6,
			wantFlag:   true,
			wantReason: `its words changed: "one↵Ben: two↵Cleo: three" → "one↵Cleo: three"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			span := spanOfQuote(t, tt.old, tt.coded)
			got, err := Reanchor(tt.old, tt.new, []corpus.Span{span})
			if err != nil {
				t.Fatal(err)
			}
			a := got[0]
			if words := wordsOf(tt.new, a.Span); words != tt.wantWords {
				t.Errorf("new words = %q, want %q (span %v)", words, tt.wantWords, a.Span)
			}
			if a.Span.Start != tt.wantStart {
				t.Errorf("new start = %d, want %d", a.Span.Start, tt.wantStart)
			}
			if a.Flagged != tt.wantFlag {
				t.Errorf("flagged = %v, want %v (reason %q)", a.Flagged, tt.wantFlag, a.Reason)
			}
			if a.Reason != tt.wantReason {
				t.Errorf("reason = %q, want %q", a.Reason, tt.wantReason)
			}
		})
	}
}

// A deletion of a word and the space next to it can be found on either side
// of the word; either way the coding ends up empty, at the deletion, flagged.
func TestReanchorDeletedWordAmbiguousSide(t *testing.T) {
	old, new := "Ben: No. Really.\n", "Ben: Really.\n"
	got, err := Reanchor(old, new, []corpus.Span{spanOfQuote(t, old, "No.")})
	if err != nil {
		t.Fatal(err)
	}
	a := got[0]
	if a.Span.Len() != 0 || (a.Span.Start != 4 && a.Span.Start != 5) || !a.Flagged || a.Reason != "all of its words were deleted" {
		t.Errorf("got %+v, want an empty flagged span at 4 or 5 saying all words were deleted", a)
	}
}

func TestReanchorEmptySpans(t *testing.T) {
	tests := []struct {
		name       string
		old, new   string
		at         int
		want       int
		wantFlag   bool
		wantReason string
	}{
		{name: "unchanged text around it", old: "abc def", new: "abc def!", at: 3, want: 3},
		{name: "insertion at its position goes before it", old: "abc def", new: "abcXY def", at: 3, want: 5},
		{name: "edit before it moves it", old: "abc def", new: "abcde def", at: 4, want: 6},
		{name: "text around it replaced", old: "abc def", new: "abc xyz", at: 5, want: 4, wantFlag: true, wantReason: "the text at its position was replaced"},
		{name: "text around it deleted", old: "abc def\nghi\n", new: "abc def\n", at: 10, want: 8, wantFlag: true, wantReason: "the text at its position was deleted"},
		{name: "empty text filled", old: "", new: "hello", at: 0, want: 5},
		{name: "at the end of the text", old: "abc", new: "xabc", at: 3, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Reanchor(tt.old, tt.new, []corpus.Span{{Start: tt.at, End: tt.at}})
			if err != nil {
				t.Fatal(err)
			}
			want := Anchored{Span: corpus.Span{Start: tt.want, End: tt.want}, Flagged: tt.wantFlag, Reason: tt.wantReason}
			if got[0] != want {
				t.Errorf("got %+v, want %+v", got[0], want)
			}
		})
	}
}

func TestReanchorSeveralEdits(t *testing.T) {
	old := "Anna: I grew up here.\n" +
		"Ben: Me too, in the same street.\n" +
		"Anna: We was always together.\n" +
		"Cleo: I never felt part of it.\n" +
		"Ben: That is sad to hear.\n"
	new := "Anna: I grew up near here.\n" +
		"Ben: Me too, in the same street.\n" +
		"Anna: We were always together.\n" +
		"Cleo: I never felt part of it.\n" +
		"Ben: That is sad.\n"
	quotes := []string{
		"I grew up here",             // edit inside
		"Me too, in the same street", // between edits
		"We was always",              // edit inside
		"I never felt part of it",    // between edits
		"That is sad to hear",        // edit inside
		"Me too, in the same street.\nAnna: We was always together.\nCleo", // spans an edit
		"Anna: I grew", // before every edit
	}
	spans := make([]corpus.Span, len(quotes))
	for i, q := range quotes {
		spans[i] = spanOfQuote(t, old, q)
	}
	got, err := Reanchor(old, new, spans)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		words string
		flag  bool
	}{
		{"I grew up near here", true},
		{"Me too, in the same street", false},
		{"We were always", true},
		{"I never felt part of it", false},
		{"That is sad", true},
		{"Me too, in the same street.\nAnna: We were always together.\nCleo", true},
		{"Anna: I grew", false},
	}
	for i, w := range want {
		if words := wordsOf(new, got[i].Span); words != w.words || got[i].Flagged != w.flag {
			t.Errorf("coding %q: got %q flagged=%v, want %q flagged=%v", quotes[i], words, got[i].Flagged, w.words, w.flag)
		}
	}
	if got[1].Span.Start != spans[1].Start+5 || got[3].Span.Start != spans[3].Start+5+1 {
		t.Errorf("codings between edits moved to %v and %v, want shifts of 5 and 6", got[1].Span, got[3].Span)
	}
}

func TestReanchorUnchangedText(t *testing.T) {
	text := "Anna: Hello 👋\n"
	spans := []corpus.Span{{Start: 0, End: 4}, {Start: 6, End: 13}, {Start: 14, End: 14}}
	got, err := Reanchor(text, text, spans)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range spans {
		if got[i] != (Anchored{Span: s}) {
			t.Errorf("span %v became %+v", s, got[i])
		}
	}
}

func TestReanchorRejectsSpansOutsideTheOldText(t *testing.T) {
	text := "Zoë 😔" // 5 code points, 9 bytes
	for _, s := range []corpus.Span{{Start: -1, End: 2}, {Start: 0, End: 6}, {Start: 4, End: 3}, {Start: 6, End: 6}} {
		if _, err := Reanchor(text, text+"!", []corpus.Span{{Start: 0, End: 5}, s}); err == nil {
			t.Errorf("span %v: no error", s)
		} else if !strings.Contains(err.Error(), "coding 1") {
			t.Errorf("span %v: error %q does not name the coding", s, err)
		}
	}
	if _, err := Reanchor(text, text+"!", []corpus.Span{{Start: 5, End: 5}, {Start: 0, End: 5}}); err != nil {
		t.Errorf("spans at the text's ends rejected: %v", err)
	}
}

func TestReanchorReasonForLongCodingQuotesOnlyTheChange(t *testing.T) {
	before := strings.Repeat("we talked about the school and the bus and the shop ", 4)
	after := strings.Repeat("and then the long winter came and nobody visited us ", 4)
	old := "Anna: " + before + "I was the only one " + after + "\n"
	new := "Anna: " + before + "I was the only person " + after + "\n"
	coded := before + "I was the only one " + after
	got, err := Reanchor(old, new, []corpus.Span{spanOfQuote(t, old, coded)})
	if err != nil {
		t.Fatal(err)
	}
	a := got[0]
	want := `its words changed: "…the shop I was the only one and then the long…" → "…the shop I was the only person and then the long…"`
	if !a.Flagged || a.Reason != want {
		t.Errorf("got flagged=%v reason\n%q\nwant\n%q", a.Flagged, a.Reason, want)
	}
}

// transcriptForTest builds a deterministic transcript of about n code
// points: turns by a few speakers, words from a small vocabulary (with
// non-ASCII and emoji), so that lines and words repeat as in real talk.
func transcriptForTest(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 1))
	speakers := []string{"Anna", "Ben", "Cleo", "Dévi", "Moderator"}
	words := []string{"I", "we", "the", "school", "was", "always", "alone", "together", "café", "naïve",
		"really", "felt", "like", "🙂", "no", "yes", "and", "but", "Zoë", "bus", "never", "home"}
	var b strings.Builder
	count := 0
	for count < n {
		line := speakers[rng.IntN(len(speakers))] + ":"
		for range 3 + rng.IntN(20) {
			line += " " + words[rng.IntN(len(words))]
		}
		line += ".\n"
		b.WriteString(line)
		count += utf8.RuneCountInString(line)
	}
	return b.String()
}

// codingsForTest spreads k codings over a text of length n, of varied
// lengths, some overlapping.
func codingsForTest(n, k int, seed uint64) []corpus.Span {
	rng := rand.New(rand.NewPCG(seed, 2))
	spans := make([]corpus.Span, k)
	for i := range spans {
		start := rng.IntN(n)
		spans[i] = corpus.Span{Start: start, End: min(n, start+rng.IntN(400))}
	}
	return spans
}

// threeScatteredEdits makes a typo fix near the start, a speaker label
// change in the middle and a deleted line near the end.
func threeScatteredEdits(t testing.TB, text string) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	fix := func(i int, edit func(string) string) {
		for ; i < len(lines); i++ {
			if changed := edit(lines[i]); changed != lines[i] {
				lines[i] = changed
				return
			}
		}
		t.Fatalf("no line from %d on could be edited", i)
	}
	fix(len(lines)/10, func(l string) string { return strings.Replace(l, " school", " schol", 1) })
	fix(len(lines)/2, func(l string) string {
		if strings.HasPrefix(l, "Moderator:") {
			return strings.Replace(l, "Moderator:", "Facilitator:", 1)
		}
		return l
	})
	lines[len(lines)*9/10] = ""
	return strings.Join(lines, "")
}

func TestReanchorLargeTranscriptLocatesEachEdit(t *testing.T) {
	old := transcriptForTest(300_000, 1)
	new := threeScatteredEdits(t, old)
	oldLen := utf8.RuneCountInString(old)
	spans := codingsForTest(oldLen, 2000, 3)
	got, err := Reanchor(old, new, spans)
	if err != nil {
		t.Fatal(err)
	}
	edits := diffCorrection(old, new)
	if len(edits) != 3 {
		t.Errorf("found %d edits, want 3: %+v", len(edits), edits)
	}
	oldRunes, newRunes := []rune(old), []rune(new)
	flagged := 0
	for i, a := range got {
		if a.Flagged {
			flagged++
			continue
		}
		if !slices.Equal(oldRunes[spans[i].Start:spans[i].End], newRunes[a.Span.Start:a.Span.End]) {
			t.Fatalf("coding %v moved to %v but its words changed", spans[i], a.Span)
		}
	}
	// Codings are at most 400 code points long, so only those near one of
	// the three edits may be flagged.
	if flagged == 0 || flagged > 100 {
		t.Errorf("%d codings flagged, want a few", flagged)
	}
}

// checkEditsTurn checks that edits are ordered, separated by non-empty
// stretches on which old and new agree, and together turn old into new.
func checkEditsTurn(t testing.TB, old, new []rune, edits []correctionEdit) {
	t.Helper()
	oldAt, newAt := 0, 0
	for i, e := range edits {
		if e.oldStart > e.oldEnd || e.newStart > e.newEnd || (e.oldStart == e.oldEnd && e.newStart == e.newEnd) {
			t.Fatalf("edit %d is malformed: %+v", i, e)
		}
		if e.oldStart-oldAt != e.newStart-newAt || (i > 0 && e.oldStart == oldAt) || e.oldStart < oldAt {
			t.Fatalf("edit %d %+v does not follow the previous one at %d/%d by an equal stretch", i, e, oldAt, newAt)
		}
		if !slices.Equal(old[oldAt:e.oldStart], new[newAt:e.newStart]) {
			t.Fatalf("before edit %d the texts differ: %q vs %q", i, string(old[oldAt:e.oldStart]), string(new[newAt:e.newStart]))
		}
		oldAt, newAt = e.oldEnd, e.newEnd
	}
	if !slices.Equal(old[oldAt:], new[newAt:]) {
		t.Fatalf("after the last edit the texts differ: %q vs %q", string(old[oldAt:]), string(new[newAt:]))
	}
}

// longestCommonSubsequence is the textbook dynamic programme, the oracle
// for the length of a shortest edit script.
func longestCommonSubsequence(a, b []int) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diagonal := 0
		for j := range b {
			above := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diagonal + 1
			} else {
				row[j+1] = max(row[j+1], row[j])
			}
			diagonal = above
		}
	}
	return row[len(b)]
}

func TestDiffSequencesIsAShortestEditScript(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 5000 {
		a := make([]int, rng.IntN(30))
		b := make([]int, rng.IntN(30))
		alphabet := 1 + rng.IntN(5)
		for i := range a {
			a[i] = rng.IntN(alphabet)
		}
		for i := range b {
			b[i] = rng.IntN(alphabet)
		}
		if trial%2 == 0 && len(a) > 0 { // make b a close variant of a
			b = slices.Clone(a)
			for range 1 + rng.IntN(3) {
				p := rng.IntN(len(b) + 1)
				b = slices.Insert(b, p, rng.IntN(alphabet+1))
				if q := rng.IntN(len(b)); rng.IntN(2) == 0 {
					b = slices.Delete(b, q, q+1)
				}
			}
		}
		edits := diffSequences(a, b)
		asRunes := func(s []int) []rune {
			r := make([]rune, len(s))
			for i, v := range s {
				r[i] = rune('a' + v)
			}
			return r
		}
		checkEditsTurn(t, asRunes(a), asRunes(b), edits)
		cost := 0
		for _, e := range edits {
			cost += (e.oldEnd - e.oldStart) + (e.newEnd - e.newStart)
		}
		if want := len(a) + len(b) - 2*longestCommonSubsequence(a, b); cost != want {
			t.Fatalf("diff of %v and %v costs %d, shortest is %d: %+v", a, b, cost, want, edits)
		}
	}
}

// Random small corrections, most of them a few edits of the old text.
func TestRandomCorrections(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	pieces := []string{"a", "b", " ", "\n", "é", "😔", "Anna: ", "the", ".", "x"}
	randomText := func() string {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 5000 {
		old := randomText()
		new := old
		if rng.IntN(3) == 0 {
			new = randomText()
		} else {
			r := []rune(new)
			for range 1 + rng.IntN(3) {
				p := rng.IntN(len(r) + 1)
				q := min(len(r), p+rng.IntN(4))
				r = slices.Concat(r[:p], []rune(pieces[rng.IntN(len(pieces))]), r[q:])
			}
			new = string(r)
		}
		checkEditsTurn(t, []rune(old), []rune(new), diffCorrection(old, new))
		oldLen := utf8.RuneCountInString(old)
		spans := make([]corpus.Span, rng.IntN(8))
		for i := range spans {
			a, b := rng.IntN(oldLen+1), rng.IntN(oldLen+1)
			spans[i] = corpus.Span{Start: min(a, b), End: max(a, b)}
		}
		got, err := Reanchor(old, new, spans)
		if err != nil {
			t.Fatal(err)
		}
		checkReanchorInvariants(t, old, new, spans, got)
	}
}

// A wholesale rewrite hits the cost limits; the diff must stay correct,
// only coarser, and the codings must all survive.
func TestReanchorWholesaleRewriteStaysCorrect(t *testing.T) {
	old := transcriptForTest(60_000, 5)
	new := transcriptForTest(60_000, 6)
	checkEditsTurn(t, []rune(old), []rune(new), diffCorrection(old, new))
	oneLineOld := strings.ReplaceAll(old, "\n", " ")
	oneLineNew := strings.ReplaceAll(new, "\n", " ")
	checkEditsTurn(t, []rune(oneLineOld), []rune(oneLineNew), diffCorrection(oneLineOld, oneLineNew))
	spans := codingsForTest(utf8.RuneCountInString(old), 50, 9)
	got, err := Reanchor(old, new, spans)
	if err != nil {
		t.Fatal(err)
	}
	checkReanchorInvariants(t, old, new, spans, got)
}

// checkReanchorInvariants checks what must hold for any correction: every
// span lies within the new text; a coding that is not flagged has exactly
// its old words; flagged codings say why; starts keep their order; and two
// unflagged codings that did not overlap still do not, in the same order.
func checkReanchorInvariants(t testing.TB, old, new string, spans []corpus.Span, got []Anchored) {
	t.Helper()
	oldRunes, newRunes := []rune(old), []rune(new)
	if len(got) != len(spans) {
		t.Fatalf("%d results for %d spans", len(got), len(spans))
	}
	for i, a := range got {
		if a.Span.Start < 0 || a.Span.Start > a.Span.End || a.Span.End > len(newRunes) {
			t.Fatalf("coding %v became %v, outside the new text of %d code points", spans[i], a.Span, len(newRunes))
		}
		if a.Flagged {
			if a.Reason == "" {
				t.Fatalf("coding %v flagged without a reason", spans[i])
			}
			continue
		}
		if a.Reason != "" {
			t.Fatalf("coding %v not flagged but has reason %q", spans[i], a.Reason)
		}
		if !slices.Equal(oldRunes[spans[i].Start:spans[i].End], newRunes[a.Span.Start:a.Span.End]) {
			t.Fatalf("coding %v → %v not flagged but %q became %q", spans[i], a.Span,
				string(oldRunes[spans[i].Start:spans[i].End]), string(newRunes[a.Span.Start:a.Span.End]))
		}
	}
	for i := range spans {
		for j := range spans {
			if spans[i].Start <= spans[j].Start && got[i].Span.Start > got[j].Span.Start {
				t.Fatalf("coding %v before %v, but %v after %v", spans[i], spans[j], got[i].Span, got[j].Span)
			}
			if !got[i].Flagged && !got[j].Flagged && spans[i].End <= spans[j].Start && got[i].Span.End > got[j].Span.Start {
				t.Fatalf("codings %v and %v did not overlap, but %v and %v do", spans[i], spans[j], got[i].Span, got[j].Span)
			}
		}
	}
}

func FuzzReanchor(f *testing.F) {
	f.Add("Anna: I was the only one here.\n", "Anna: I was the only person here.\n", []byte{12, 24, 0, 5, 30, 31})
	f.Add("Speaker 1: I felt alone.\nSpeaker 2: Me too.\n", "Anna: I felt alone.\nSpeaker 2: Me too.\n", []byte{0, 24, 11, 24, 36, 42})
	f.Add("Anna: Yes.\nBen: No.\nCleo: Maybe.\n", "Anna: Yes.\nCleo: Maybe.\n", []byte{11, 20, 16, 19, 15, 15})
	f.Add("Zoë: Ich fühle mich 😔 allein.\n", "Zoë: Ich fühle mich 😢 allein.\n", []byte{15, 28, 20, 21})
	f.Add("abcdef", "abXYcdef", []byte{2, 4, 3, 3})
	f.Add("", "hello", []byte{0, 0})
	f.Add("one two three\nfour five\n", "one too three\nfour\nfive six\n", []byte{0, 3, 4, 13, 14, 23, 7, 7})
	f.Fuzz(func(t *testing.T, old, new string, spanSeed []byte) {
		if len(old) > 4000 || len(new) > 4000 || len(spanSeed) > 64 {
			return
		}
		// Stored texts are always valid UTF-8 (corpus.Build and corrections
		// make them so); invalid bytes would turn into U+FFFD only on one side.
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			return
		}
		oldLen := utf8.RuneCountInString(old)
		var spans []corpus.Span
		for i := 0; i+1 < len(spanSeed); i += 2 {
			a, b := int(spanSeed[i])%(oldLen+1), int(spanSeed[i+1])%(oldLen+1)
			spans = append(spans, corpus.Span{Start: min(a, b), End: max(a, b)})
		}
		got, err := Reanchor(old, new, spans)
		if err != nil {
			t.Fatalf("valid spans rejected: %v", err)
		}
		checkReanchorInvariants(t, old, new, spans, got)
		checkEditsTurn(t, []rune(old), []rune(new), diffCorrection(old, new))
		if same, _ := Reanchor(old, old, spans); !slices.Equal(same, unflagged(spans)) {
			t.Fatalf("an unchanged text moved codings: %+v", same)
		}
	})
}

func unflagged(spans []corpus.Span) []Anchored {
	out := make([]Anchored, len(spans))
	for i, s := range spans {
		out[i] = Anchored{Span: s}
	}
	return out
}

// BenchmarkReanchor re-anchors 2,000 codings through three scattered small
// edits of a 300,000-character transcript.
func BenchmarkReanchor(b *testing.B) {
	old := transcriptForTest(300_000, 1)
	new := threeScatteredEdits(b, old)
	spans := codingsForTest(utf8.RuneCountInString(old), 2000, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Reanchor(old, new, spans); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleReanchor() {
	old := "Anna: I was the only one here.\nBen: Me too.\n"
	new := "Anna: I was the only person here.\nBenjamin: Me too.\n"
	got, _ := Reanchor(old, new, []corpus.Span{{Start: 12, End: 24}, {Start: 36, End: 43}})
	for _, a := range got {
		fmt.Printf("%d–%d %q flagged=%v %s\n", a.Span.Start, a.Span.End, wordsOf(new, a.Span), a.Flagged, a.Reason)
	}
	// Output:
	// 12–27 "the only person" flagged=true its words changed: "the only one" → "the only person"
	// 44–51 "Me too." flagged=false
}

// Pseudonymising a name throughout a transcript is a correction with
// thousands of separate edits; each must be found on its own.
func TestReanchorNameReplacedThroughout(t *testing.T) {
	old := transcriptForTest(300_000, 4)
	new := strings.ReplaceAll(old, "Zoë", "Participant Z")
	edits := diffCorrection(old, new)
	if want := strings.Count(old, "Zoë"); len(edits) != want {
		t.Errorf("found %d edits, want one per name, %d", len(edits), want)
	}
	checkEditsTurn(t, []rune(old), []rune(new), edits)
	spans := codingsForTest(utf8.RuneCountInString(old), 2000, 8)
	got, err := Reanchor(old, new, spans)
	if err != nil {
		t.Fatal(err)
	}
	checkReanchorInvariants(t, old, new, spans, got)
}
