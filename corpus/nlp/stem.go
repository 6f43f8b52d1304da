package nlp

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// IsStopWord reports whether a folded word (see [Fold]) is a function word
// of the language ("en", "es", "fr", "de", "pt", or a tag such as "es-MX"):
// an article, pronoun, preposition, auxiliary or discourse marker of
// speech, the same lists that DetectLanguage counts. For any other
// language, "" included, a word of any of the lists is a stop word.
func IsStopWord(lang, folded string) bool {
	mask := foldedFunctionWords()[folded]
	if mask == 0 {
		return false
	}
	i := langIndex(baseLanguage(lang))
	return i < 0 || mask&(1<<i) != 0
}

// moreStopWords are further words of speech that say nothing of a topic:
// contractions, light verbs, vague nouns and quantifiers. They are stop
// words for IsStopWord but not function words for DetectLanguage, whose
// thresholds were set on the function lists alone.
var moreStopWords = map[string][]string{
	"en": {
		"didn't", "doesn't", "isn't", "wasn't", "weren't", "can't", "won't", "wouldn't", "couldn't",
		"shouldn't", "haven't", "hasn't", "i've", "i'd", "i'll", "you're", "you've", "you'd", "we're",
		"we've", "they're", "they've", "there's", "he's", "she's", "what's", "let's", "gonna", "wanna",
		"get", "gets", "got", "getting", "go", "goes", "going", "went", "gone", "say", "says", "said",
		"make", "made", "thing", "things", "stuff", "lot", "lots", "kind", "sort", "way", "one", "ones",
		"other", "others", "something", "anything", "everything", "someone", "somebody", "anyone",
		"even", "still", "much", "many", "more", "most", "maybe", "sure", "guess", "little", "bit",
		"here", "than", "too", "into", "out", "up", "down", "over", "off", "back", "again", "only",
		"am", "being", "him", "them", "us", "its", "mine", "yours", "ours", "theirs", "myself",
		"yourself", "ourselves", "themselves", "whom", "whose", "while", "until", "since", "each",
		"both", "such", "own", "same", "few", "those", "might", "must", "shall", "may", "let",
	},
	"es": {
		"pues", "bueno", "entonces", "eso", "esto", "ese", "esa", "esos", "esas", "este", "esta",
		"estos", "estas", "todo", "todos", "toda", "todas", "nada", "algo", "ser", "estar", "tener",
		"hacer", "hace", "hizo", "decir", "dice", "dijo", "va", "van", "voy", "vamos", "ir", "fui",
		"ya", "aqui", "ahi", "alla", "asi", "cosa", "cosas", "vez", "veces", "otro", "otra",
		"otros", "otras", "mismo", "misma", "cada", "donde", "cual", "quien", "sea", "sido", "han",
		"hemos", "habia", "tenia", "tienen", "puede", "pueden", "mucho", "mucha", "muchos", "poco",
		"bien", "sin", "sobre", "entre", "hasta", "desde", "solo", "tambien", "ahora", "luego",
	},
}

// langIndex is the position of a language in langTables, or -1.
func langIndex(code string) int {
	for i, t := range langTables {
		if t.code == code {
			return i
		}
	}
	return -1
}

// foldedFunctionWords is functionWords and moreStopWords with every word
// folded, so that a folded word of the text can be looked up directly.
var foldedFunctionWords = sync.OnceValue(func() map[string]uint16 {
	m := make(map[string]uint16)
	for i, t := range langTables {
		for _, w := range t.function {
			m[Fold(w)] |= 1 << i
		}
		for _, w := range moreStopWords[t.code] {
			m[Fold(w)] |= 1 << i
		}
	}
	return m
})

// Stem reduces a folded word (see [Fold]) to a stem that its inflected
// forms share, by a light suffix stripper of the language: "nurses",
// "nursing" and "nursed" all give "nurs"; "enfermeras" and "enfermero"
// give "enfermer". It is deliberately light (inflections, a few
// derivational endings), predictable and explainable; words of fewer than
// four letters and words with digits are left as they are. For a language
// it does not know, "" included, Stem returns the word unchanged.
func Stem(lang, folded string) string {
	if utf8.RuneCountInString(folded) < 4 || strings.ContainsAny(folded, "0123456789") {
		return folded
	}
	switch baseLanguage(lang) {
	case "en":
		return stemEnglish(folded)
	case "es", "pt":
		return stemIberian(folded)
	case "fr":
		return stemFrench(folded)
	case "de":
		return stemGerman(folded)
	}
	return folded
}

// hasVowel reports whether s holds a vowel (y counts), so that a stripped
// stem is still a syllable.
func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// strip removes the first of the suffixes that w ends with when what is
// left has at least min runes and a vowel; it reports whether it did.
func strip(w string, min int, suffixes ...string) (string, bool) {
	for _, suf := range suffixes {
		if !strings.HasSuffix(w, suf) {
			continue
		}
		stem := w[:len(w)-len(suf)]
		if utf8.RuneCountInString(stem) >= min && hasVowel(stem) {
			return stem, true
		}
		return w, false
	}
	return w, false
}

// stemEnglish strips English inflections and common derivational endings.
func stemEnglish(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if strings.HasSuffix(w, "n't") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	}
	if strings.HasSuffix(w, "ily") {
		// "family", "daily": not an adverb made with -ly.
		return w
	}
	if s, ok := strip(w, 3, "ational", "ations", "ation", "nesses", "ness", "ments", "ment", "fully", "ful", "ingly", "ings", "ing", "edly", "ed", "ly"); ok {
		if strings.Contains(w[len(s):], "ation") {
			// "isolation" and "isolated" both give "isolat".
			return s + "at"
		}
		return undouble(s)
	}
	if strings.HasSuffix(w, "es") && !strings.HasSuffix(w, "ses") || strings.HasSuffix(w, "sses") {
		w = w[:len(w)-2]
	} else if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		w = w[:len(w)-1]
	}
	if len(w) > 3 {
		w = strings.TrimSuffix(w, "e")
	}
	return w
}

// undouble turns a doubled final consonant left by -ing or -ed into one
// ("stopp" from "stopped" into "stop"), except l, s and z ("fall", "pass",
// "buzz"); a stem ending in e after stripping keeps its shape without it.
func undouble(s string) string {
	n := len(s)
	if n >= 2 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiouylsz", rune(s[n-1])) {
		return s[:n-1]
	}
	return strings.TrimSuffix(s, "e")
}

// stemIberian strips Spanish and Portuguese plurals, gender endings and
// the gerund and participle endings.
func stemIberian(w string) string {
	if s, ok := strip(w, 3, "amientos", "imientos", "amiento", "imiento", "aciones", "acion", "acoes", "acao", "mente",
		"ando", "iendo", "ados", "idos", "adas", "idas", "ado", "ido", "ada", "ida"); ok {
		return s
	}
	if s, ok := strip(w, 3, "es", "s"); ok {
		w = s
	}
	if s, ok := strip(w, 3, "a", "o", "e"); ok {
		w = s
	}
	return w
}

// stemFrench strips French plurals, feminine endings and a few
// derivational and participle endings.
func stemFrench(w string) string {
	if s, ok := strip(w, 3, "ements", "ement", "ations", "ation", "euses", "euse", "ees", "ee", "ant", "es", "s", "x", "e"); ok {
		return s
	}
	return w
}

// stemGerman strips German inflectional endings.
func stemGerman(w string) string {
	if s, ok := strip(w, 3, "ungen", "ung", "heiten", "heit", "keiten", "keit", "ern", "em", "en", "er", "es", "e", "n", "s"); ok {
		return s
	}
	return w
}
