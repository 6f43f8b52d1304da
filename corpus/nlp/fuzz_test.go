package nlp

import (
	"strings"
	"testing"
)

// lineUtterances reads text as stored text: each line is a turn, and the
// utterance is what follows the first ": " (the whole line when there is
// none). Paragraph breaks inside a turn are not modelled: every line is its
// own turn, which is the harder case for offsets.
func lineUtterances(text string) []Span {
	var utts []Span
	start := 0
	for start <= len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		u := start
		if i := strings.Index(text[start:end], ": "); i >= 0 {
			u = start + i + 2
		}
		utts = append(utts, Span{u, end})
		start = end + 1
	}
	return utts
}

// fuzzSeeds are inputs that exercise the rules; the hand-written cases of
// the unit tests are added too.
var fuzzSeeds = []string{
	"P1: Dr. Smith said it was fine. I asked, e.g. about 3.5 p.m. Then we left.\nP2: No. 1... Yes… Maybe?!",
	"Ana: La Dra. Pérez vino. ¿Qué pasó? No sé... «Se fue». —¿Vienes? —preguntó.\nP1: EE. UU. Y luego 😀",
	"P1: \"Bohr [...] used [...]\" (Smith 55). . . . Next\n\nP2:  \u00a0 x.\u2028y. \u0301\u0301 ok",
	"Moderator: 1. Primero. a.m. U.S.A. J. K. ¿¡!? ... . . ”.” ).(",
	"\xff\xfe. \xc3. A.\xe2\x80 B",
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, 0, len(s), uint8(0))
		f.Add(s, 4, len(s)/2, uint8(1))
	}
	seg, err := NewSegmenter()
	if err != nil {
		f.Fatal(err)
	}
	langs := []string{"en", "es", "", "fr", "de", "pt", "xx"}
	f.Fuzz(func(t *testing.T, text string, a, b int, l uint8) {
		lang := langs[int(l)%len(langs)]
		for _, utts := range [][]Span{lineUtterances(text), {{a, b}}, {{a, b}, {b - 3, b + 10}}} {
			got := seg.Sentences(text, utts, lang)
			checkSentences(t, text, utts, got)
		}
	})
}

func FuzzWords(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, 0, len(s))
		f.Add(s, 3, len(s)-2)
	}
	f.Add("rock-'n'-roll 1,000.50 l·l don’t \u0301a", 0, 40)
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		for _, utts := range [][]Span{lineUtterances(text), {{a, b}}, {{a, b}, {b - 3, b + 10}}} {
			got := Words(text, utts)
			checkWords(t, text, utts, got)
		}
		_ = DetectLanguage(text)
	})
}
