package nlp

import "testing"

func TestStemConflatesInflections(t *testing.T) {
	groups := []struct {
		lang  string
		stem  string
		words []string
	}{
		{"en", "nurs", []string{"nurse", "nurses", "nursing", "nursed"}},
		{"en", "stop", []string{"stop", "stops", "stopped", "stopping"}},
		{"en", "feel", []string{"feel", "feels", "feeling", "feelings"}},
		{"en", "isolat", []string{"isolated", "isolation", "isolate"}},
		{"en", "family", []string{"family", "families"}},
		{"en", "study", []string{"study", "studies", "studied"}},
		{"en", "class", []string{"class", "classes"}},
		{"en-GB", "thing", []string{"thing", "things"}},
		{"es", "enfermer", []string{"enfermera", "enfermeras", "enfermero", "enfermeros"}},
		{"es", "trabaj", []string{"trabajo", "trabajando", "trabajado"}},
		{"es", "hospital", []string{"hospital", "hospitales"}},
		{"pt", "medic", []string{"medico", "medicos", "medica"}},
		{"fr", "infirmier", []string{"infirmiers", "infirmier"}},
		{"de", "pfleg", []string{"pflege", "pflegen"}},
		// Unknown languages and short words are left alone.
		{"", "nurses", []string{"nurses"}},
		{"en", "was", []string{"was"}},
		{"en", "covid19", []string{"covid19"}},
	}
	for _, g := range groups {
		for _, w := range g.words {
			if got := Stem(g.lang, w); got != g.stem {
				t.Errorf("Stem(%q, %q) = %q, want %q", g.lang, w, got, g.stem)
			}
		}
	}
}

func TestStopWordsFollowTheLanguage(t *testing.T) {
	cases := []struct {
		lang, word string
		want       bool
	}{
		{"en", "the", true},
		{"en", "nurses", false},
		{"es", "esta", true}, // "está", folded
		{"es", "the", false},
		{"es-MX", "que", true},
		{"", "the", true}, // unknown language: every list
		{"", "que", true},
		{"en", "que", false},
	}
	for _, c := range cases {
		if got := IsStopWord(c.lang, c.word); got != c.want {
			t.Errorf("IsStopWord(%q, %q) = %v, want %v", c.lang, c.word, got, c.want)
		}
	}
	if got := Fold("Está"); got != "esta" {
		t.Errorf("Fold(Está) = %q", got)
	}
	if got := Fold("Don’t"); got != "don't" {
		t.Errorf("Fold(Don’t) = %q", got)
	}
}
