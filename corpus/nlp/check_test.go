package nlp

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// The invariant checkers are written independently of the code under test
// (plain unicode look-ups, no shared helpers) so that they cross-check it.

// clipped returns the utterances as Sentences and Words document they are
// read: clipped to the text, each starting no earlier than the previous
// one's end, empty ones dropped.
func clipped(text string, utts []Span) []Span {
	var out []Span
	prev := 0
	for _, u := range utts {
		s, e := max(u.Start, prev), min(u.End, len(text))
		if s < e {
			out = append(out, Span{s, e})
			prev = e
		}
	}
	return out
}

// runeAt decodes the rune at text[i:], RuneError for invalid bytes.
func runeAt(text string, i int) (rune, int) { return utf8.DecodeRuneInString(text[i:]) }

func isSpaceRune(r rune, w int) bool { return w > 0 && r != utf8.RuneError && unicode.IsSpace(r) }

// checkSentences verifies the documented properties of Sentences' result.
func checkSentences(t testing.TB, text string, utts []Span, got []Span) {
	t.Helper()
	units := clipped(text, utts)
	cover := make([]int, len(text))
	prevEnd, u := 0, 0
	for k, s := range got {
		if s.Start >= s.End || s.Start < prevEnd || s.End > len(text) {
			t.Fatalf("sentence %d %v: empty, out of order or out of range (previous end %d)", k, s, prevEnd)
		}
		prevEnd = s.End
		for u < len(units) && units[u].End <= s.Start {
			u++
		}
		if u == len(units) || s.Start < units[u].Start || s.End > units[u].End {
			t.Fatalf("sentence %d %v %q not inside one utterance", k, s, text[s.Start:s.End])
		}
		un := units[u]
		if r, w := runeAt(text[:un.End], s.Start); isSpaceRune(r, w) {
			t.Fatalf("sentence %d %q starts with space", k, text[s.Start:s.End])
		}
		if r, w := utf8.DecodeLastRuneInString(text[un.Start:s.End]); isSpaceRune(r, w) {
			t.Fatalf("sentence %d %q ends with space", k, text[s.Start:s.End])
		}
		for i := s.Start; i < s.End; i++ {
			cover[i]++
			if text[i] == '\n' || text[i] == '\r' {
				t.Fatalf("sentence %d %q spans a line break", k, text[s.Start:s.End])
			}
		}
	}
	in := make([]bool, len(text))
	for _, un := range units {
		utt := text[un.Start:un.End]
		for i := 0; i < len(utt); {
			r, w := runeAt(utt, i)
			for j := un.Start + i; j < un.Start+i+w; j++ {
				in[j] = true
				if !isSpaceRune(r, w) && cover[j] != 1 {
					t.Fatalf("non-space byte %d (%q) is in %d sentences", j, utt[i:i+w], cover[j])
				}
			}
			i += w
		}
	}
	for i := range text {
		if !in[i] && cover[i] != 0 {
			t.Fatalf("byte %d outside the utterances is in a sentence", i)
		}
	}
}

// wordRune reports whether r is part of a word by the documented rule.
func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}

// joiner reports whether r joins word characters on both sides; numSep
// whether it joins digits.
func joiner(r rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '‑', '\u00ad', '·':
		return true
	}
	return false
}

func numSep(r rune) bool { return r == '.' || r == ',' }

// checkWords verifies the documented properties of Words' result.
func checkWords(t testing.TB, text string, utts []Span, got []Span) {
	t.Helper()
	units := clipped(text, utts)
	inWord := make([]bool, len(text))
	prevEnd, u := 0, 0
	for k, s := range got {
		if s.Start >= s.End || s.Start < prevEnd || s.End > len(text) {
			t.Fatalf("word %d %v: empty, out of order or out of range", k, s)
		}
		prevEnd = s.End
		for u < len(units) && units[u].End <= s.Start {
			u++
		}
		if u == len(units) || s.Start < units[u].Start || s.End > units[u].End {
			t.Fatalf("word %d %v %q not inside one utterance", k, s, text[s.Start:s.End])
		}
		un := units[u]
		word := text[s.Start:s.End]
		ut := text[:un.End] // decode inside the utterance only
		letter := false
		var prev rune = -1
		for i := 0; i < len(word); {
			r, w := utf8.DecodeRuneInString(word[i:])
			switch {
			case wordRune(r):
				letter = letter || !unicode.IsMark(r)
			case i > 0 && i+w < len(word) && joiner(r) && wordRune(prev):
			case i > 0 && i+w < len(word) && numSep(r) && unicode.IsDigit(prev):
			default:
				t.Fatalf("word %d %q holds %q at %d", k, word, r, i)
			}
			if !wordRune(r) {
				// the rune after a joiner must be a word character (digit after numSep)
				n, _ := utf8.DecodeRuneInString(word[i+w:])
				if !wordRune(n) || (numSep(r) && !joiner(r) && !unicode.IsDigit(n)) {
					t.Fatalf("word %d %q: %q not between word characters", k, word, r)
				}
			}
			prev = r
			i += w
		}
		if !letter {
			t.Fatalf("word %d %q has no letter or digit", k, word)
		}
		// Maximal: it cannot be extended on either side within the utterance.
		if s.Start > un.Start {
			r, w := utf8.DecodeLastRuneInString(text[un.Start:s.Start])
			first, _ := utf8.DecodeRuneInString(word)
			if wordRune(r) {
				t.Fatalf("word %d %q: preceded by word character %q", k, word, r)
			}
			if s.Start-w > un.Start {
				p, _ := utf8.DecodeLastRuneInString(text[un.Start : s.Start-w])
				if (joiner(r) && wordRune(p)) || (numSep(r) && unicode.IsDigit(p) && unicode.IsDigit(first)) {
					t.Fatalf("word %d %q: could extend back over %q", k, word, string(p)+string(r))
				}
			}
		}
		if s.End < un.End {
			r, w := utf8.DecodeRuneInString(ut[s.End:])
			last, _ := utf8.DecodeLastRuneInString(word)
			if wordRune(r) {
				t.Fatalf("word %d %q: followed by word character %q", k, word, r)
			}
			if s.End+w < un.End {
				n, _ := utf8.DecodeRuneInString(text[s.End+w : un.End])
				if (joiner(r) && wordRune(n)) || (numSep(r) && unicode.IsDigit(n) && unicode.IsDigit(last)) {
					t.Fatalf("word %d %q: could extend over %q", k, word, string(r)+string(n))
				}
			}
		}
		for i := s.Start; i < s.End; i++ {
			inWord[i] = true
		}
	}
	// Every letter or digit inside an utterance is in a word.
	for _, un := range units {
		for i := un.Start; i < un.End; {
			r, w := utf8.DecodeRuneInString(text[i:un.End])
			if wordRune(r) && !unicode.IsMark(r) && !inWord[i] {
				t.Fatalf("letter %q at %d is in no word", r, i)
			}
			i += w
		}
	}
}
