package nlp

import "testing"

func TestStemGroupsForms(t *testing.T) {
	groups := []struct {
		lang  string
		words []string
	}{
		{"en", []string{"belong", "belonging", "belongs", "belonged"}},
		{"en", []string{"party", "parties"}},
		{"en", []string{"carried", "carrying", "carry", "carries"}},
		{"en", []string{"stop", "stopped", "stopping", "stops"}},
		{"en", []string{"hope", "hoped", "hoping", "hopes"}},
		{"en", []string{"resident", "residents", "resident's"}},
		{"en", []string{"isolate", "isolated", "isolating"}},
		{"es", []string{"familia", "familias"}},
		{"es", []string{"intérprete", "intérpretes"}},
		{"es", []string{"situacion", "situaciones"}},
		{"es", []string{"hablar", "hablando", "hablado"}},
		{"es", []string{"nuevo", "nueva", "nuevos", "nuevas"}},
	}
	for _, g := range groups {
		want := Stem(g.words[0], g.lang)
		for _, w := range g.words[1:] {
			if got := Stem(w, g.lang); got != want {
				t.Errorf("Stem(%q, %s) = %q, want %q (as %q)", w, g.lang, got, want, g.words[0])
			}
		}
	}
}

func TestStemKeepsApart(t *testing.T) {
	for _, p := range [][3]string{{"en", "team", "tea"}, {"en", "mentor", "men"}, {"es", "casa", "caso_"}} {
		if Stem(p[1], p[0]) == Stem(p[2], p[0]) {
			t.Errorf("%q and %q stem alike (%q)", p[1], p[2], Stem(p[1], p[0]))
		}
	}
}

func TestStemSharesAllButTheLastLetter(t *testing.T) {
	for _, w := range []string{"parties", "belonging", "familias", "situaciones", "hablando", "stopped", "carrying", "mentorship"} {
		for _, lang := range []string{"en", "es"} {
			s := []rune(Stem(w, lang))
			r := []rune(w)
			if len(s) > len(r) || string(s[:len(s)-1]) != string(r[:len(s)-1]) {
				t.Errorf("Stem(%q, %s) = %q: not the word's start but for its last letter", w, lang, string(s))
			}
		}
	}
}

func TestStopWordsPerLanguage(t *testing.T) {
	en, es := StopWords("en-GB"), StopWords("es")
	if !en["the"] || en["familia"] || !es["que"] || es["the"] {
		t.Errorf("en has the: %v, es has que: %v; en has familia: %v, es has the: %v", en["the"], es["que"], en["familia"], es["the"])
	}
	if any := StopWords("xx"); !any["the"] || !any["que"] {
		t.Error("an unknown language should leave out every language's function words")
	}
}
