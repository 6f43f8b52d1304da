package nlp

import "strings"

// Stem reduces a folded word (lower case, without accents: see
// corpus.FoldWord) to a light stem, so that a search for "belong" also
// finds "belonging" and "belongs", and "familia" finds "familias". It only
// takes endings off, and changes at most the last letter of what is left
// (a final "y" becomes "i": "party" and "parties" both give "parti"), so a
// word's stem shares all but its last letter with the word.
//
// English and Spanish (and Portuguese, which shares the Spanish endings it
// takes) have rules; in other languages the word is returned as it is.
// Words of three letters or fewer are never changed.
func Stem(word, lang string) string {
	switch baseLanguage(lang) {
	case "en", "":
		return stemEnglish(word)
	case "es", "pt", "gl", "ca":
		return stemSpanish(word)
	}
	return word
}

// minStem is the shortest stem an ending is taken off to leave.
const minStem = 3

// cut takes suffix off w when what is left is long enough.
func cut(w, suffix string) (string, bool) {
	if strings.HasSuffix(w, suffix) && len([]rune(w))-len([]rune(suffix)) >= minStem {
		return strings.TrimSuffix(w, suffix), true
	}
	return w, false
}

func hasVowel(w string) bool { return strings.ContainsAny(w, "aeiouy") }

func stemEnglish(w string) string {
	if len([]rune(w)) <= minStem {
		return w
	}
	for _, s := range []string{"'s", "’s", "s'", "s’"} {
		if r, ok := cut(w, s); ok {
			w = r
			if s[0] == 's' {
				w += "s"
			}
			break
		}
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied"):
		if r, ok := cut(w, w[len(w)-2:]); ok {
			w = r
		}
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w, _ = cut(w, "s")
	}
	for _, s := range []string{"ingly", "edly", "ing", "ed"} {
		if r, ok := cut(w, s); ok && hasVowel(r) {
			w = r
			if n := len(w); n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) && !strings.ContainsRune("aeiou", rune(w[n-1])) {
				w = w[:n-1]
			}
			break
		}
	}
	for _, s := range []string{"fulness", "ness", "ments", "ment", "fully", "ful", "ly"} {
		if r, ok := cut(w, s); ok {
			w = r
			break
		}
	}
	if r, ok := cut(w, "e"); ok {
		w = r
	}
	if r, ok := cut(w, "y"); ok {
		w = r + "i"
	}
	return w
}

func stemSpanish(w string) string {
	if len([]rune(w)) <= minStem {
		return w
	}
	if r, ok := cut(w, "mente"); ok {
		w = r
	}
	for _, s := range []string{"ciones", "cion", "siones", "sion"} {
		if r, ok := cut(w, s); ok {
			return r + string(s[0])
		}
	}
	for _, s := range []string{"iendo", "ando", "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida", "ar", "er", "ir"} {
		if r, ok := cut(w, s); ok {
			return r
		}
	}
	for _, s := range []string{"es", "s"} {
		if r, ok := cut(w, s); ok {
			w = r
			break
		}
	}
	for _, s := range []string{"a", "o", "e"} {
		if r, ok := cut(w, s); ok {
			return r
		}
	}
	return w
}
