package refiqda

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/focalqda/focal/corpus"
)

// Unit names what a REFI-QDA position counts.
type Unit string

// The units positions are found in. REFI-QDA 1.5 §10.2 asks for Unicode
// code points; NVivo writes UTF-16 code units.
const (
	CodePoints Unit = "code points"
	UTF16      Unit = "UTF-16 units"
)

// Reading is one way of counting the characters of a source text: the unit,
// and whether a CRLF line end counts as one character or two.
type Reading struct {
	Unit Unit `json:"unit"`
	// CRLFAsOne is set when "\r\n" counts as one character (tools that
	// normalise line ends before counting).
	CRLFAsOne bool `json:"crlf_as_one,omitempty"`
}

// String says how positions are read, for reports.
func (r Reading) String() string {
	if r.CRLFAsOne {
		return string(r.Unit) + " (CRLF as one)"
	}
	return string(r.Unit)
}

// numReadings is how many readings are tried.
const numReadings = 4

// allReadings lists the candidates in order of preference when they score
// alike: the standard first.
func allReadings() [numReadings]Reading {
	return [numReadings]Reading{
		{Unit: CodePoints},
		{Unit: UTF16},
		{Unit: CodePoints, CRLFAsOne: true},
		{Unit: UTF16, CRLFAsOne: true},
	}
}

// sourceText is the text of one REFI-QDA source as found in the file
// together with its stored form and the map between the two.
type sourceText struct {
	runes  []rune // the text as found (byte-order mark removed), in code points
	stored string // Focal's stored form (docs/DATA.md)
	// fwd[i] is the stored position where a selection starting at raw code
	// point i starts; bwd[i] where one ending at i ends. Characters dropped
	// by normalisation (surplus white space, blank lines, CR of CRLF) are
	// left out of a selection; a selection that starts or ends inside an
	// NFC composition takes the whole composed character.
	fwd, bwd []int32
	astral   bool // has characters outside the BMP (two UTF-16 units)
	crlf     bool // has "\r\n"
	offsets  [numReadings][]int32
}

// newSourceText normalises a decoded text into stored form and builds the
// position map. The stored form is what corpus.Build makes of the text's
// lines taken as turns without speakers; the caller checks that.
func newSourceText(text string) *sourceText {
	t := &sourceText{runes: []rune(text)}
	n := len(t.runes)
	for i, r := range t.runes {
		if r > 0xFFFF {
			t.astral = true
		}
		if r == '\r' && i+1 < n && t.runes[i+1] == '\n' {
			t.crlf = true
		}
	}
	// NFC, keeping for each output code point the raw range it came from.
	nfc, srcA, srcB := composeNFC(text, t.runes)
	// Lines, white space and blank lines, as corpus.NormalizeText does.
	var b strings.Builder
	b.Grow(len(text) + 1)
	// origin is the index into nfc of each stored code point, -1 for none;
	// the stored form is never longer than nfc plus a final line end.
	origin := make([]int32, 0, len(nfc)+1)
	emit := func(r rune, o int) {
		b.WriteRune(r)
		origin = append(origin, int32(o))
	}
	i := 0
	for i < len(nfc) {
		// One line: up to the next line separator.
		j := i
		for j < len(nfc) && !isLineBreak(nfc[j]) {
			j++
		}
		wrote, space := false, -1
		for k := i; k < j; k++ {
			r := nfc[k]
			if r == utf8.RuneError {
				// U+FFFD is text to corpus.NormalizeLine, even where a
				// blank-detecting helper would disagree.
				if space >= 0 {
					emit(' ', space)
				}
				emit(r, k)
				wrote, space = true, -1
				continue
			}
			if isBlank(r) {
				if wrote && space < 0 {
					space = k
				}
				continue
			}
			if space >= 0 {
				emit(' ', space)
				space = -1
			}
			emit(r, k)
			wrote = true
		}
		if wrote {
			if j < len(nfc) {
				emit('\n', j)
			} else {
				emit('\n', -1)
			}
		}
		// Skip the separator run.
		for j < len(nfc) && isLineBreak(nfc[j]) {
			j++
		}
		i = j
	}
	t.stored = b.String()
	m := len(origin)
	rangeOf := func(k int) (int32, int32) {
		if o := origin[k]; o >= 0 {
			return srcA[o], srcB[o]
		}
		return int32(n), int32(n)
	}
	t.fwd = make([]int32, n+1)
	t.bwd = make([]int32, n+1)
	k := 0
	for p := 0; p <= n; p++ {
		for k < m {
			if _, b := rangeOf(k); b > int32(p) {
				break
			}
			k++
		}
		t.fwd[p] = int32(k)
	}
	k = 0
	for p := 0; p <= n; p++ {
		for k < m {
			if a, _ := rangeOf(k); a >= int32(p) {
				break
			}
			k++
		}
		t.bwd[p] = int32(k)
	}
	return t
}

// composeNFC returns the NFC form of text as code points (corpus.NFC's,
// joiners in long runs of marks included), and for each the range of raw
// code points [srcA, srcB) it came from. Text already in NFC maps one to
// one, and so does each piece the normaliser leaves as it was; a piece it
// changes maps as a whole.
func composeNFC(text string, runes []rune) (nfc []rune, srcA, srcB []int32) {
	n := len(runes)
	if norm.NFC.IsNormalString(text) {
		srcA, srcB = make([]int32, n), make([]int32, n)
		for i := range n {
			srcA[i], srcB[i] = int32(i), int32(i+1)
		}
		return runes, srcA, srcB
	}
	nfc = make([]rune, 0, n+1)
	srcA, srcB = make([]int32, 0, n+1), make([]int32, 0, n+1)
	var it norm.Iter
	it.InitString(norm.NFC, text)
	cp, pos := 0, 0
	for !it.Done() {
		out := it.Next()
		raw := text[pos:it.Pos()]
		pos = it.Pos()
		count := utf8.RuneCountInString(raw)
		if string(out) == raw {
			for _, r := range raw {
				nfc = append(nfc, r)
				srcA, srcB = append(srcA, int32(cp)), append(srcB, int32(cp+1))
				cp++
			}
			continue
		}
		for _, r := range string(out) {
			nfc = append(nfc, r)
			srcA, srcB = append(srcA, int32(cp)), append(srcB, int32(cp+count))
		}
		cp += count
	}
	return nfc, srcA, srcB
}

// isLineBreak matches the line separators of corpus.NormalizeText.
func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
}

// isBlank matches what corpus.NormalizeLine collapses into one space.
func isBlank(r rune) bool {
	return r != utf8.RuneError && (unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF')
}

// isWordRune tells letters, digits and marks: a position between two of
// them splits a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// distinct reports whether reading r can differ from the standard reading
// on this text, or from another reading earlier in the list.
func (t *sourceText) distinct(r Reading) bool {
	if r.Unit == UTF16 && !t.astral {
		return false
	}
	if r.CRLFAsOne && !t.crlf {
		return false
	}
	return true
}

// unitOffsets returns, for reading r, the position of each raw code point
// in r's units (nil when r counts code points with line ends as written).
func (t *sourceText) unitOffsets(r Reading) []int32 {
	if r.Unit == CodePoints && !r.CRLFAsOne {
		return nil
	}
	idx := 0
	for i, c := range allReadings() {
		if c == r {
			idx = i
		}
	}
	if t.offsets[idx] != nil {
		return t.offsets[idx]
	}
	off := make([]int32, len(t.runes)+1)
	u := int32(0)
	for i, c := range t.runes {
		off[i] = u
		switch {
		case r.CRLFAsOne && c == '\n' && i > 0 && t.runes[i-1] == '\r':
		case r.Unit == UTF16 && c > 0xFFFF:
			u += 2
		default:
			u++
		}
	}
	off[len(t.runes)] = u
	t.offsets[idx] = off
	return off
}

// length is the length of the text in r's units.
func (t *sourceText) length(r Reading) int64 {
	if off := t.unitOffsets(r); off != nil {
		return int64(off[len(off)-1])
	}
	return int64(len(t.runes))
}

// toRaw converts a position in r's units to a raw code point index. exact
// is false when the position falls inside a character (half a surrogate
// pair); ceil then chooses the character's end instead of its start. ok is
// false outside the text.
func (t *sourceText) toRaw(r Reading, pos int64, ceil bool) (cp int, exact, ok bool) {
	if pos < 0 || pos > t.length(r) {
		return 0, false, false
	}
	off := t.unitOffsets(r)
	if off == nil {
		return int(pos), true, true
	}
	// The last code point at or before pos: after a CRLF counted as one,
	// that is after the LF.
	i := sort.Search(len(off), func(i int) bool { return int64(off[i]) > pos }) - 1
	if int64(off[i]) == pos {
		return i, true, true
	}
	if ceil {
		return i + 1, false, true
	}
	return i, false, true
}

// onWordBoundary reports whether raw code point position p splits no word.
func (t *sourceText) onWordBoundary(p int) bool {
	return p <= 0 || p >= len(t.runes) || !isWordRune(t.runes[p-1]) || !isWordRune(t.runes[p])
}

// rawSpan is a selection's positions as written in the file.
type rawSpan struct{ start, end int64 }

// Score is how well one reading fits a source's selections.
type Score struct {
	Reading Reading `json:"reading"`
	// Fits is false when some selection lies outside the text in this reading.
	Fits bool `json:"fits"`
	// OnWordBoundaries counts the selections that start and end between words.
	OnWordBoundaries int `json:"on_word_boundaries"`
}

// score rates every reading on this text: for each, whether all
// selections fit and how many start and end between words. Readings that
// cannot differ from an earlier one on this text get its score.
func (t *sourceText) score(spans []rawSpan) [numReadings]Score {
	var out [numReadings]Score
	readings := allReadings()
	for i, r := range readings {
		if !t.distinct(r) {
			// Only the unit or only the line ends can differ; the reading
			// that keeps what differs is earlier in the list.
			same := r
			if r.Unit == UTF16 && !t.astral {
				same.Unit = CodePoints
			}
			if r.CRLFAsOne && !t.crlf {
				same.CRLFAsOne = false
			}
			for j := range i {
				if readings[j] == same {
					out[i] = out[j]
				}
			}
			out[i].Reading = r
			continue
		}
		s := Score{Reading: r, Fits: true}
		for _, sp := range spans {
			a, ea, oka := t.toRaw(r, sp.start, false)
			b, eb, okb := t.toRaw(r, sp.end, true)
			if !oka || !okb {
				s.Fits, s.OnWordBoundaries = false, 0
				break
			}
			if ea && eb && t.onWordBoundary(a) && t.onWordBoundary(b) {
				s.OnWordBoundaries++
			}
		}
		out[i] = s
	}
	return out
}

// distinctScores lists the scores of the readings that can differ on this
// text, for reports.
func (t *sourceText) distinctScores(all [numReadings]Score) []Score {
	var out []Score
	for _, s := range all {
		if t.distinct(s.Reading) {
			out = append(out, s)
		}
	}
	return out
}

// choose picks the reading that fits every selection and puts most of them
// on word boundaries. On a tie it takes prefer (the reading that fits the
// file's other sources best) when it is among the best, else the earliest
// in the list, the standard first. ok is false when no reading fits.
func choose(scores [numReadings]Score, prefer Reading) (best Reading, ok bool) {
	top := -1
	for _, s := range scores {
		if s.Fits && s.OnWordBoundaries > top {
			best, top = s.Reading, s.OnWordBoundaries
		}
	}
	if top < 0 {
		return Reading{}, false
	}
	for _, s := range scores {
		if s.Reading == prefer && s.Fits && s.OnWordBoundaries == top {
			return prefer, true
		}
	}
	return best, true
}

// detect chooses the reading of one source on its own (see choose).
func (t *sourceText) detect(spans []rawSpan) (best Reading, scores []Score, ok bool) {
	all := t.score(spans)
	best, ok = choose(all, allReadings()[0])
	return best, t.distinctScores(all), ok
}

// mapSpan maps a selection read with r onto the stored text. ok is false
// when the selection lies outside the text; an empty result means the
// selection held only characters that normalisation drops.
func (t *sourceText) mapSpan(r Reading, sp rawSpan) (corpus.Span, bool) {
	a, _, oka := t.toRaw(r, sp.start, false)
	b, _, okb := t.toRaw(r, sp.end, true)
	if !oka || !okb || a > b {
		return corpus.Span{}, false
	}
	s := corpus.Span{Start: int(t.fwd[a]), End: int(t.bwd[b])}
	if s.End < s.Start {
		s.End = s.Start
	}
	return s, true
}

// storedChars is the length of the stored text in code points.
func (t *sourceText) storedChars() int {
	return int(t.fwd[len(t.runes)])
}
