package nlp

import (
	"math/bits"
	"sync"
	"unicode"
	"unicode/utf8"
)

// detectSample is how much of a text DetectLanguage reads. A few thousand
// words decide the language of a transcript as well as a million do, and a
// bound keeps the cost flat.
const detectSample = 64 << 10

// Thresholds of DetectLanguage, found on short paragraphs of speech: a guess
// needs this much evidence, or DetectLanguage says it is unsure.
const (
	detectMinScore = 2.0  // weighted stop-word hits of the best language
	detectMinShare = 0.15 // its hits as a share of all words
	detectMargin   = 1.5  // how many times the runner-up's score it needs
)

// DetectLanguage guesses the language of text from the frequency of
// function words: "en", "es", "fr", "de" or "pt", or "" when unsure (too
// few words, too few function words, or two languages too close).
//
// Each word that is a function word of k of the languages adds 1/k to each
// of them, so shared words ("a", "de", "que", "no") count for little and
// words of one language only decide. Only the first 64 KiB are read; speaker
// labels in the text do no harm, as they are rarely function words.
func DetectLanguage(text string) string {
	if len(text) > detectSample {
		// Cut at a rune boundary.
		cut := detectSample
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut]
	}
	score := make([]float64, len(langTables)+len(otherLanguages))
	hits := make([]int, len(score))
	words := 0
	var lower []byte
	function := functionWords()
	for _, w := range Words(text, []Span{{0, len(text)}}) {
		words++
		lower = appendLower(lower[:0], text[w.Start:w.End])
		mask := function[string(lower)]
		if mask == 0 {
			continue
		}
		weight := 1 / float64(bits.OnesCount16(mask))
		for i := range score {
			if mask&(1<<i) != 0 {
				score[i] += weight
				hits[i]++
			}
		}
	}
	best, second := -1, -1
	for i := range score {
		if best < 0 || score[i] > score[best] {
			best, second = i, best
		} else if second < 0 || score[i] > score[second] {
			second = i
		}
	}
	switch {
	case words == 0, score[best] < detectMinScore,
		float64(hits[best]) < detectMinShare*float64(words),
		score[best] < detectMargin*score[second],
		best >= len(langTables): // a language Focal does not segment
		return ""
	}
	return langTables[best].code
}

// otherLanguages are the function words of languages Focal does not
// segment but meets in transcripts. They compete in DetectLanguage so that
// Swedish, Dutch or Italian, which share words such as "de", "en", "som"
// and "che" with the languages Focal knows, are "unsure" rather than read
// as Spanish or Portuguese.
var otherLanguages = [][]string{
	// Swedish (Norwegian and Danish share most of these).
	{"och", "att", "det", "är", "som", "jag", "inte", "på", "för", "med", "har", "vi", "ett", "var",
		"till", "kan", "så", "men", "om", "hon", "han", "av", "när", "också", "bara", "eller", "mycket",
		"ja", "nej", "vad", "hur", "där", "här", "skulle", "nu", "ju", "liksom", "alltså", "också", "mig", "dig",
		"ikke", "og", "jeg", "af", "hvad", "meget", "ikkje", "eg", "kva"},
	// Dutch.
	{"het", "een", "van", "en", "is", "dat", "niet", "ik", "je", "op", "zijn", "met", "voor", "maar",
		"ook", "er", "wat", "als", "bij", "nog", "wel", "naar", "dan", "heb", "hebben", "was", "kan", "zo",
		"uit", "omdat", "hoe", "nee", "ja", "echt", "gewoon", "eigenlijk", "wij", "jullie", "mijn", "ze"},
	// Italian.
	{"il", "che", "non", "di", "la", "è", "per", "una", "sono", "mi", "ma", "ho", "lo", "gli", "con",
		"del", "della", "questo", "anche", "come", "perché", "più", "molto", "quando", "io", "noi", "voi",
		"loro", "allora", "cioè", "ecco", "sì", "grazie", "però", "quindi", "abbiamo", "siamo", "sei"},
}

// appendLower appends the lower-case form of s to b, with typographic
// apostrophes turned into ASCII ones so that "don’t" matches "don't".
func appendLower(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '’' || r == 'ʼ':
			r = '\''
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r >= utf8.RuneSelf:
			r = unicode.ToLower(r)
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// functionWords maps each function word of langTables to the set of
// languages (bit i for langTables[i]) that have it. It is built once, on
// first use rather than when focal starts, and only read.
var functionWords = sync.OnceValue(func() map[string]uint16 {
	m := make(map[string]uint16)
	for i, t := range langTables {
		for _, w := range t.function {
			m[w] |= 1 << i
		}
	}
	for i, words := range otherLanguages {
		for _, w := range words {
			m[w] |= 1 << (len(langTables) + i)
		}
	}
	return m
})
