package coding

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
)

// Anchored is where one coding lies after a correction to its source's
// stored text.
type Anchored struct {
	// Span is the coding's range in the corrected text.
	Span corpus.Span
	// Flagged says that the coding's own words changed: an insertion,
	// deletion or replacement lies inside it or overlaps it. A researcher
	// should review it.
	Flagged bool
	// Reason is, for a flagged coding, a short sentence for the researcher
	// saying what happened to its words; it is empty otherwise.
	Reason string
}

// Reanchor carries the spans of existing codings (code points into oldText)
// through a correction that turned oldText into newText, and returns one
// Anchored per span, in the same order. Both texts are valid UTF-8, as
// stored texts always are.
//
// Positions shift with the text: an edit before a coding moves it, an edit
// after it leaves it alone. An edit inside or overlapping a coding flags it,
// and its span grows or shrinks to cover the corresponding new text; a
// coding whose words were all deleted becomes an empty span at the point of
// the deletion, flagged. Nothing is dropped and nothing is moved elsewhere
// silently. Text inserted exactly at a coding's start or end does not
// change the coding's words: the coding keeps its words, without the
// insertion, and is not flagged. An empty span is a position; text inserted
// at it goes before it.
//
// The edits are found by a diff over code points that first compares whole
// lines, then words within changed lines, then characters within changed
// words, so that separate corrections across a long transcript are each
// located on their own and a one-word fix in a 300,000-character text stays
// cheap.
//
// The only error is a span that does not lie within oldText.
func Reanchor(oldText, newText string, spans []corpus.Span) ([]Anchored, error) {
	oldLen := utf8.RuneCountInString(oldText)
	for i, s := range spans {
		if s.Start < 0 || s.End > oldLen || s.Start > s.End {
			return nil, fmt.Errorf("coding %d: span %d–%d is not within the text before the correction (0–%d)", i, s.Start, s.End, oldLen)
		}
	}
	anchored := make([]Anchored, len(spans))
	if oldText == newText {
		for i, s := range spans {
			anchored[i] = Anchored{Span: s}
		}
		return anchored, nil
	}

	edits := diffCorrection(oldText, newText)
	// The position indexes are only needed to quote the words of flagged
	// codings, so they are built the first time one is flagged.
	var oldIndex, newIndex *corpus.PositionIndex
	for i, s := range spans {
		a, first, last := anchorSpan(edits, s)
		if a.Flagged {
			if oldIndex == nil {
				oldIndex, newIndex = corpus.NewPositionIndex(oldText), corpus.NewPositionIndex(newText)
			}
			a.Reason = describeReanchoredChange(oldIndex, newIndex, s, a.Span, first, last)
		}
		anchored[i] = a
	}
	return anchored, nil
}

// correctionEdit says that the code points [oldStart, oldEnd) of the old
// text became [newStart, newEnd) of the new text. Between two edits of a
// list the texts agree, so edits are ordered and never touch each other.
// When used on other sequences (lines, words) the offsets index those.
type correctionEdit struct {
	oldStart, oldEnd int
	newStart, newEnd int
}

func (e correctionEdit) isInsertion() bool { return e.oldStart == e.oldEnd }

// anchorSpan maps one old span through the edits. It also returns the first
// and last edit that touch the coding's words, for describing the change.
func anchorSpan(edits []correctionEdit, s corpus.Span) (a Anchored, first, last correctionEdit) {
	if s.Start == s.End {
		// An empty span has no words, but if the text around its position
		// was replaced or deleted, the place it marked is gone: put it at
		// the start of the replacement and ask for a review.
		if e, inside := editStrictlyAround(edits, s.Start); inside {
			p := e.newStart
			return Anchored{Span: corpus.Span{Start: p, End: p}, Flagged: true}, e, e
		}
		p := positionAfterInsertions(edits, s.Start)
		return Anchored{Span: corpus.Span{Start: p, End: p}}, first, last
	}

	var start, end int
	if e, inside := editStrictlyAround(edits, s.Start); inside {
		start = e.newStart
	} else {
		start = positionAfterInsertions(edits, s.Start)
	}
	if e, inside := editStrictlyAround(edits, s.End); inside {
		end = e.newEnd
	} else {
		end = positionBeforeInsertions(edits, s.End)
	}

	// The edits from the first whose old range ends after the coding
	// starts to the last that starts before it ends touch its words: a
	// replacement or deletion overlapping it, or an insertion strictly
	// inside it. An insertion at s.Start has oldEnd == s.Start and one at
	// s.End has oldStart == s.End, so boundary insertions are left out.
	touchFrom := firstEditEndingAfter(edits, s.Start)
	touchTo := sort.Search(len(edits), func(i int) bool { return edits[i].oldStart >= s.End })
	a = Anchored{Span: corpus.Span{Start: start, End: end}}
	if touchFrom < touchTo {
		a.Flagged = true
		first, last = edits[touchFrom], edits[touchTo-1]
	}
	return a, first, last
}

// firstEditEndingAfter is the index of the first edit whose old range ends
// after p (len(edits) if none does).
func firstEditEndingAfter(edits []correctionEdit, p int) int {
	return sort.Search(len(edits), func(i int) bool { return edits[i].oldEnd > p })
}

// editStrictlyAround returns the edit whose old range contains p other than
// at its ends, if there is one.
func editStrictlyAround(edits []correctionEdit, p int) (correctionEdit, bool) {
	i := firstEditEndingAfter(edits, p)
	if i < len(edits) && edits[i].oldStart < p {
		return edits[i], true
	}
	return correctionEdit{}, false
}

// positionAfterInsertions maps an old position that is not strictly inside
// an edit to the new text, placing it after any text inserted at it.
func positionAfterInsertions(edits []correctionEdit, p int) int {
	i := firstEditEndingAfter(edits, p)
	if i == 0 {
		return p
	}
	return p + edits[i-1].newEnd - edits[i-1].oldEnd
}

// positionBeforeInsertions maps an old position that is not strictly inside
// an edit to the new text, placing it before any text inserted at it (but
// after the replacement of text that ends at it).
func positionBeforeInsertions(edits []correctionEdit, p int) int {
	i := sort.Search(len(edits), func(i int) bool { return edits[i].oldEnd >= p })
	if i < len(edits) && edits[i].oldEnd == p && !edits[i].isInsertion() {
		i++
	}
	if i == 0 {
		return p
	}
	return p + edits[i-1].newEnd - edits[i-1].oldEnd
}

// Limits for the wording of reasons, in code points: codings this short are
// quoted whole; in longer ones only the changed words are quoted, with a
// little context, so that the reason stays one readable line.
const (
	reasonWholeQuoteLimit = 80
	reasonContext         = 24
	reasonChangeLimit     = 60
)

// describeReanchoredChange words the reason for a flagged coding. first and
// last are the first and last edit touching its words.
func describeReanchoredChange(oldIndex, newIndex *corpus.PositionIndex, oldSpan, newSpan corpus.Span, first, last correctionEdit) string {
	if oldSpan.Start == oldSpan.End {
		if first.newStart == first.newEnd {
			return "the text at its position was deleted"
		}
		return "the text at its position was replaced"
	}
	if newSpan.Start == newSpan.End {
		return "all of its words were deleted"
	}
	// The spans were checked against the texts, so slicing cannot fail.
	oldWords, _ := oldIndex.Slice(oldSpan)
	newWords, _ := newIndex.Slice(newSpan)
	oldRunes, newRunes := []rune(oldWords), []rune(newWords)
	if len(oldRunes) <= reasonWholeQuoteLimit && len(newRunes) <= reasonWholeQuoteLimit {
		return fmt.Sprintf("its words changed: %s → %s", quoteForResearcher(oldWords), quoteForResearcher(newWords))
	}
	// The changed stretch, relative to the coding, on each side. The parts
	// of the coding before first and after last are unchanged text.
	oldFrom := max(first.oldStart, oldSpan.Start) - oldSpan.Start
	oldTo := min(last.oldEnd, oldSpan.End) - oldSpan.Start
	newFrom := max(first.newStart, newSpan.Start) - newSpan.Start
	newTo := min(last.newEnd, newSpan.End) - newSpan.Start
	return fmt.Sprintf("its words changed: %s → %s",
		quoteForResearcher(excerptAround(oldRunes, oldFrom, oldTo)),
		quoteForResearcher(excerptAround(newRunes, newFrom, newTo)))
}

// excerptAround returns text[from:to] with a few whole words of context on
// each side, shortening a long middle and marking cuts with "…".
func excerptAround(text []rune, from, to int) string {
	start := max(0, from-reasonContext)
	if start > 0 {
		// Do not begin in the middle of a word.
		for start < from && !unicode.IsSpace(text[start-1]) {
			start++
		}
	}
	end := min(len(text), to+reasonContext)
	if end < len(text) {
		for end > to && !unicode.IsSpace(text[end]) {
			end--
		}
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(text[start:from]))
	if to-from > reasonChangeLimit {
		half := reasonChangeLimit / 2
		b.WriteString(string(text[from : from+half]))
		b.WriteString("…")
		b.WriteString(string(text[to-half : to]))
	} else {
		b.WriteString(string(text[from:to]))
	}
	b.WriteString(string(text[to:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// quoteForResearcher puts text in quotation marks on one line, showing line
// ends (a coding may span turns) as ↵.
func quoteForResearcher(text string) string {
	return `"` + strings.ReplaceAll(text, "\n", "↵") + `"`
}

// Limits that keep the diff's cost bounded on pathological corrections
// (whole transcripts replaced): a changed stretch of words is compared
// character by character only up to charDiffLimit code points, and any one
// comparison gives up looking for a finer alignment after about
// diffCostBudget steps, reporting the rest of its stretch as one
// replacement. Both only make a diff coarser, never wrong.
const (
	charDiffLimit  = 4000
	diffCostBudget = 1 << 25
	minDiffDepth   = 64
)

// diffCorrection finds the edits that turn oldText into newText, in code
// points. It compares lines first (a transcript's turns), then the words of
// changed lines, then the characters of changed words. A shortest diff is
// not always the one a reader would write, so edits that belong together
// are joined: character edits within one word ("one" → "person" is one
// replacement, not "pers" inserted, "on" kept and "e" deleted), and an
// insertion or deletion that could equally sit on the other side of a
// space next to another edit (see joinSlidableEdits). Edits separated by
// whole unchanged words stay apart.
func diffCorrection(oldText, newText string) []correctionEdit {
	// The unchanged head and tail are skipped byte-wise, cut back to whole
	// lines so that the lines compared below are real lines. '\n' is never
	// part of a multi-byte sequence, so the cuts are on code points.
	prefix := commonPrefixLength(oldText, newText)
	prefix = strings.LastIndexByte(oldText[:prefix], '\n') + 1
	suffix := commonSuffixLength(oldText[prefix:], newText[prefix:])
	if tailStart := len(oldText) - suffix; suffix > 0 && tailStart > prefix && oldText[tailStart-1] != '\n' {
		if nl := strings.IndexByte(oldText[tailStart:], '\n'); nl >= 0 {
			suffix = len(oldText) - (tailStart + nl + 1)
		} else {
			suffix = 0
		}
	}
	oldMiddle := oldText[prefix : len(oldText)-suffix]
	newMiddle := newText[prefix : len(newText)-suffix]
	base := utf8.RuneCountInString(oldText[:prefix])

	oldLines, newLines := splitLinesKeepingEnds(oldMiddle), splitLinesKeepingEnds(newMiddle)
	lineIDs := make(map[string]int, len(oldLines))
	oldLineIDs, oldLineRunes, oldLineBytes := internLines(oldLines, lineIDs)
	newLineIDs, newLineRunes, newLineBytes := internLines(newLines, lineIDs)

	var edits []correctionEdit
	for _, lineEdit := range diffSequences(oldLineIDs, newLineIDs) {
		oldFrom, newFrom := base+oldLineRunes[lineEdit.oldStart], base+newLineRunes[lineEdit.newStart]
		if lineEdit.isInsertion() || lineEdit.newStart == lineEdit.newEnd {
			edits = append(edits, correctionEdit{oldFrom, base + oldLineRunes[lineEdit.oldEnd], newFrom, base + newLineRunes[lineEdit.newEnd]})
			continue
		}
		oldBlock := []rune(oldMiddle[oldLineBytes[lineEdit.oldStart]:oldLineBytes[lineEdit.oldEnd]])
		newBlock := []rune(newMiddle[newLineBytes[lineEdit.newStart]:newLineBytes[lineEdit.newEnd]])
		for _, e := range diffChangedLines(oldBlock, newBlock) {
			edits = append(edits, correctionEdit{oldFrom + e.oldStart, oldFrom + e.oldEnd, newFrom + e.newStart, newFrom + e.newEnd})
		}
	}
	return edits
}

// diffChangedLines diffs a block of changed lines word by word, then the
// characters of each changed stretch of words. Offsets are relative to the
// blocks.
func diffChangedLines(oldBlock, newBlock []rune) []correctionEdit {
	oldWords, newWords := splitWords(oldBlock), splitWords(newBlock)
	wordIDs := make(map[string]int, len(oldWords))
	oldWordIDs := internWords(oldBlock, oldWords, wordIDs)
	newWordIDs := internWords(newBlock, newWords, wordIDs)

	var edits []correctionEdit
	for _, wordEdit := range joinSlidableEdits(oldWordIDs, newWordIDs, diffSequences(oldWordIDs, newWordIDs)) {
		oldFrom, oldTo := oldWords[wordEdit.oldStart], oldWords[wordEdit.oldEnd]
		newFrom, newTo := newWords[wordEdit.newStart], newWords[wordEdit.newEnd]
		whole := correctionEdit{oldFrom, oldTo, newFrom, newTo}
		if oldFrom == oldTo || newFrom == newTo || (oldTo-oldFrom)+(newTo-newFrom) > charDiffLimit {
			edits = append(edits, whole)
			continue
		}
		oldStretch := oldBlock[oldFrom:oldTo]
		newStretch := newBlock[newFrom:newTo]
		charEdits := joinSlidableEdits(oldStretch, newStretch, diffSequences(oldStretch, newStretch))
		charEdits = mergeEditsWithinWords(oldStretch, charEdits)
		for _, e := range charEdits {
			edits = append(edits, correctionEdit{oldFrom + e.oldStart, oldFrom + e.oldEnd, newFrom + e.newStart, newFrom + e.newEnd})
		}
	}
	return edits
}

// joinSlidableEdits joins an insertion or deletion to its neighbouring edit
// when it could equally well sit on the other side of the short stretch
// between them (that stretch repeats the edit's own text, at most the
// edit's length). A shortest diff picks one of those places arbitrarily:
// for "Zoë" → "Participant Z" the word diff may insert "Participant"
// before the space that precedes "Zoë" and replace "Zoë" by "Z" as a
// second edit, and a coding of "Zoë" would then become "Z". Joined, the
// name is one replacement. old and new are the sequences the edits index.
func joinSlidableEdits[T comparable](old, new []T, edits []correctionEdit) []correctionEdit {
	// filledSide returns the one side of a pure insertion or deletion that
	// holds text, and its range.
	filledSide := func(e correctionEdit) (seq []T, start, end int, pure bool) {
		switch {
		case e.isInsertion():
			return new, e.newStart, e.newEnd, true
		case e.newStart == e.newEnd:
			return old, e.oldStart, e.oldEnd, true
		}
		return nil, 0, 0, false
	}
	slidesRight := func(e correctionEdit, by int) bool {
		seq, start, end, pure := filledSide(e)
		if !pure || by > end-start || end+by > len(seq) {
			return false
		}
		for i := range by {
			if seq[start+i] != seq[end+i] {
				return false
			}
		}
		return true
	}
	slidesLeft := func(e correctionEdit, by int) bool {
		seq, start, end, pure := filledSide(e)
		if !pure || by > end-start || start-by < 0 {
			return false
		}
		for i := range by {
			if seq[end-1-i] != seq[start-1-i] {
				return false
			}
		}
		return true
	}
	joined := edits[:0]
	for _, e := range edits {
		for len(joined) > 0 {
			previous := joined[len(joined)-1]
			between := e.oldStart - previous.oldEnd
			if !slidesRight(previous, between) && !slidesLeft(e, between) {
				break
			}
			e = correctionEdit{previous.oldStart, e.oldEnd, previous.newStart, e.newEnd}
			joined = joined[:len(joined)-1]
		}
		joined = append(joined, e)
	}
	return joined
}

// mergeEditsWithinWords joins neighbouring character edits (offsets into
// oldText) when the text they share lies inside one word, or is no longer
// than the larger side of the edit on each side of it (the rule of
// diff-match-patch's semantic cleanup). A minimal character diff of "one" →
// "person" keeps "on", and of "alone" → "lonely" keeps "lone"; for a
// researcher the word was replaced, and a coding of "alone" should cover
// "lonely".
func mergeEditsWithinWords(oldText []rune, edits []correctionEdit) []correctionEdit {
	size := func(e correctionEdit) int { return max(e.oldEnd-e.oldStart, e.newEnd-e.newStart) }
	insideWord := func(from, to int) bool {
		for _, r := range oldText[from:to] {
			if wordClass(r) != wordClassLetters {
				return false
			}
		}
		return true
	}
	merged := edits[:0]
	for _, e := range edits {
		for len(merged) > 0 {
			previous := merged[len(merged)-1]
			shared := e.oldStart - previous.oldEnd
			if (shared > size(previous) || shared > size(e)) && !insideWord(previous.oldEnd, e.oldStart) {
				break
			}
			e = correctionEdit{previous.oldStart, e.oldEnd, previous.newStart, e.newEnd}
			merged = merged[:len(merged)-1]
		}
		merged = append(merged, e)
	}
	return merged
}

func commonPrefixLength(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffixLength(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// splitLinesKeepingEnds splits text after each '\n'; the last line may lack
// one.
func splitLinesKeepingEnds(text string) []string {
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for text != "" {
		n := strings.IndexByte(text, '\n') + 1
		if n == 0 {
			n = len(text)
		}
		lines = append(lines, text[:n])
		text = text[n:]
	}
	return lines
}

// internLines gives each distinct line a number (shared between the two
// texts through ids) and returns, besides the numbers, the code-point and
// byte offset of each line's start, with the total at the end.
func internLines(lines []string, ids map[string]int) (lineIDs, runeStarts, byteStarts []int) {
	lineIDs = make([]int, len(lines))
	runeStarts = make([]int, len(lines)+1)
	byteStarts = make([]int, len(lines)+1)
	for i, line := range lines {
		id, ok := ids[line]
		if !ok {
			id = len(ids)
			ids[line] = id
		}
		lineIDs[i] = id
		runeStarts[i+1] = runeStarts[i] + utf8.RuneCountInString(line)
		byteStarts[i+1] = byteStarts[i] + len(line)
	}
	return lineIDs, runeStarts, byteStarts
}

// The classes of code points that make up words: letters and digits (with
// combining marks) form words, other spaces form runs, and a line end or
// any other character stands alone.
const (
	wordClassLineEnd = iota
	wordClassLetters
	wordClassSpace
	wordClassOther
)

func wordClass(r rune) int {
	switch {
	case r == '\n':
		return wordClassLineEnd
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return wordClassLetters
	case unicode.IsSpace(r):
		return wordClassSpace
	default:
		return wordClassOther
	}
}

// splitWords returns the start of each word of text, followed by len(text).
func splitWords(text []rune) []int {
	starts := make([]int, 0, len(text)/4+2)
	for i, r := range text {
		class := wordClass(r)
		if i == 0 || class == wordClassLineEnd || class == wordClassOther || class != wordClass(text[i-1]) {
			starts = append(starts, i)
		}
	}
	return append(starts, len(text))
}

// internWords numbers the words of text (bounded by starts) through ids.
func internWords(text []rune, starts []int, ids map[string]int) []int {
	wordIDs := make([]int, len(starts)-1)
	for i := range wordIDs {
		word := string(text[starts[i]:starts[i+1]])
		id, ok := ids[word]
		if !ok {
			id = len(ids)
			ids[word] = id
		}
		wordIDs[i] = id
	}
	return wordIDs
}

// diffSequences returns a shortest edit script from a to b as a list of
// edits (indexes into a and b), using Myers' O(ND) algorithm in its
// linear-space form: find the middle of an optimal path, then solve the two
// halves. Past diffCostBudget steps on one stretch it gives up on finer
// alignment and reports that stretch as one replacement.
func diffSequences[T comparable](a, b []T) []correctionEdit {
	d := sequenceDiffer[T]{a: a, b: b}
	d.compare(0, len(a), 0, len(b))
	return d.edits
}

type sequenceDiffer[T comparable] struct {
	a, b []T
	// forward and backward are scratch space for the furthest-reaching
	// paths, reused by every step of the recursion.
	forward, backward []int
	edits             []correctionEdit
}

func (d *sequenceDiffer[T]) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		aLo++
		bLo++
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi--
		bHi--
	}
	if aLo == aHi || bLo == bHi {
		if aLo < aHi || bLo < bHi {
			d.emit(correctionEdit{aLo, aHi, bLo, bHi})
		}
		return
	}
	x, y, found := d.split(aLo, aHi, bLo, bHi)
	if !found {
		d.emit(correctionEdit{aLo, aHi, bLo, bHi})
		return
	}
	d.compare(aLo, x, bLo, y)
	d.compare(x, aHi, y, bHi)
}

// emit appends an edit, joining it to the previous one when they touch (the
// halves of a split can meet without an equal stretch between them).
func (d *sequenceDiffer[T]) emit(e correctionEdit) {
	if n := len(d.edits); n > 0 && d.edits[n-1].oldEnd == e.oldStart && d.edits[n-1].newEnd == e.newStart {
		d.edits[n-1].oldEnd, d.edits[n-1].newEnd = e.oldEnd, e.newEnd
		return
	}
	d.edits = append(d.edits, e)
}

// split finds a point (x, y) on a shortest edit path from (aLo, bLo) to
// (aHi, bHi) by running the search from both ends until the paths overlap.
// The stretch must have its common prefix and suffix trimmed and both sides
// non-empty; then the point is neither end, so both halves are smaller.
// This follows diff-match-patch's bisect, which bounds the diagonals so
// that no path leaves the grid.
func (d *sequenceDiffer[T]) split(aLo, aHi, bLo, bHi int) (x, y int, found bool) {
	a, b := d.a[aLo:aHi], d.b[bLo:bHi]
	n, m := len(a), len(b)
	// (n+m+1)/2+1 steps always suffice for the paths to meet.
	maxSteps := min((n+m+1)/2+1, max(minDiffDepth, diffCostBudget/(n+m)))
	offset := maxSteps
	size := 2*maxSteps + 2
	if cap(d.forward) < size {
		d.forward, d.backward = make([]int, size), make([]int, size)
	}
	forward, backward := d.forward[:size], d.backward[:size]
	for i := range forward {
		forward[i], backward[i] = -1, -1
	}
	forward[offset+1], backward[offset+1] = 0, 0
	delta := n - m
	// With an odd delta the paths can first meet on a forward step,
	// otherwise on a backward one.
	forwardMeets := delta%2 != 0
	// Diagonals that have run off the grid are not extended again.
	forwardLow, forwardHigh, backwardLow, backwardHigh := 0, 0, 0, 0
	for step := range maxSteps {
		for k := -step + forwardLow; k <= step-forwardHigh; k += 2 {
			i := offset + k
			var fx int
			if k == -step || (k != step && forward[i-1] < forward[i+1]) {
				fx = forward[i+1]
			} else {
				fx = forward[i-1] + 1
			}
			fy := fx - k
			for fx < n && fy < m && a[fx] == b[fy] {
				fx++
				fy++
			}
			forward[i] = fx
			switch {
			case fx > n:
				forwardHigh += 2
			case fy > m:
				forwardLow += 2
			case forwardMeets:
				if j := offset + delta - k; j >= 0 && j < size && backward[j] != -1 && fx >= n-backward[j] {
					return aLo + fx, bLo + fy, true
				}
			}
		}
		for k := -step + backwardLow; k <= step-backwardHigh; k += 2 {
			i := offset + k
			var bx int
			if k == -step || (k != step && backward[i-1] < backward[i+1]) {
				bx = backward[i+1]
			} else {
				bx = backward[i-1] + 1
			}
			by := bx - k
			for bx < n && by < m && a[n-bx-1] == b[m-by-1] {
				bx++
				by++
			}
			backward[i] = bx
			switch {
			case bx > n:
				backwardHigh += 2
			case by > m:
				backwardLow += 2
			case !forwardMeets:
				if j := offset + delta - k; j >= 0 && j < size && forward[j] != -1 {
					fx := forward[j]
					fy := fx - (j - offset)
					if fx >= n-bx {
						return aLo + fx, bLo + fy, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
