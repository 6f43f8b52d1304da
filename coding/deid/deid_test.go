package deid

import (
	"reflect"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

func TestNameParts(t *testing.T) {
	cases := []struct {
		name string
		want []string
	}{
		{"Luz Moreno", []string{"Luz", "Moreno"}},
		{"Aaron van Wirdum (AvW)", []string{"Aaron", "Wirdum", "AvW"}},
		{"María de la Luz Pérez", []string{"María", "Luz", "Pérez"}},
		{"Tomás O'Neill", []string{"Tomás", "Neill"}},
		{"J. Smith", []string{"Smith"}},
		{"Speaker 2", []string{"Speaker"}},
		{"", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := NameParts(tc.name); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("NameParts(%q) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestVocabulary(t *testing.T) {
	v := NewVocabulary("Campana")
	for _, tc := range []struct {
		word   string
		common bool
	}{
		{"Luz", true}, {"Esperanza", true}, {"Grace", true}, {"Will", true}, {"Hope", true},
		{"Campana", true}, {"campana", true}, {"Thảo", false}, {"Begoña", false}, {"Luz Moreno", false}, {"José", false},
	} {
		if got := v.IsCommonWord(tc.word); got != tc.common {
			t.Errorf("IsCommonWord(%q) = %v, want %v", tc.word, got, tc.common)
		}
	}
}

// stored builds a stored text from turns "Label: words" and returns it with
// the utterance spans.
func stored(lines ...string) (string, []Turn) {
	var b strings.Builder
	var turns []Turn
	pos := 0
	for i, line := range lines {
		label, words, _ := strings.Cut(line, ": ")
		start := pos + len([]rune(label)) + 2
		end := start + len([]rune(words))
		turns = append(turns, Turn{Seq: i + 1, Utterance: corpus.Span{Start: start, End: end}})
		b.WriteString(line)
		b.WriteByte('\n')
		pos = end + 1
	}
	return b.String(), turns
}

type fakeNER map[string]string

// Entities labels every occurrence of the fake's words.
func (f fakeNER) Entities(text string) ([]Entity, error) {
	var out []Entity
	for w, label := range f {
		for i := 0; ; {
			k := strings.Index(text[i:], w)
			if k < 0 {
				break
			}
			out = append(out, Entity{Start: i + k, End: i + k + len(w), Label: label})
			i += k + len(w)
		}
	}
	return out, nil
}

var people = []Person{
	{Name: "Luz Moreno", Participant: "P25", Pseudonym: "P25"},
	{Name: "Joaquín Ibáñez", Participant: "P24", Pseudonym: "P24"},
	{Name: "Lucía Fernández", Moderator: true},
	{Name: "Nguyễn Thảo", Participant: "P02", Pseudonym: "Rosa"},
	{Name: "Grace Okafor", Participant: "P09", Pseudonym: "P09"},
}

func findingTexts(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text+"→"+f.Replacement)
	}
	return out
}

func TestScanSpanish(t *testing.T) {
	text, turns := stored(
		"Lucía Fernández: Luz, tú dijiste algo. ¿Qué significa?",
		"Luz Moreno: La Dra. Esperanza Villalobos me cambió la residencia; iba a dar a luz. Con luz, jajaja.",
		"Joaquín Ibáñez: lo de joaquín, escribí a bienestar.residentes@hospitalnorte.example.mx o al 555-0147.",
		"Luz Moreno: Con esperanza, y el doctor Ibáñez también.",
	)
	src := Source{ID: "s1", Name: "fg03", Language: "es", Text: text, Turns: turns}
	s := NewScanner(people, nil, NewVocabulary(), nil)
	got, err := s.Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Luz→P25",
		"Dra. Esperanza Villalobos→Dra. [nombre]",
		"joaquín→P24",
		"bienestar.residentes@hospitalnorte.example.mx→[correo]",
		"555-0147→[teléfono]",
		"doctor Ibáñez→doctor P24",
	}
	if texts := findingTexts(got); !reflect.DeepEqual(texts, want) {
		t.Errorf("findings\n got %q\nwant %q", texts, want)
	}
	idx := corpus.NewPositionIndex(text)
	for _, f := range got {
		if s, _ := idx.Slice(f.Span); s != f.Text {
			t.Errorf("finding %q at %v holds %q", f.Text, f.Span, s)
		}
	}
}

// Text with accepted replacements written into it has titles before
// pseudonyms: they name nobody.
func TestScanTitleBeforePseudonym(t *testing.T) {
	text, turns := stored("Luz Moreno: el doctor P24 y la Dra. Rosa, con la doctora Ibáñez.")
	got, err := NewScanner(people, nil, NewVocabulary(), nil).Scan(Source{ID: "s1", Language: "es", Text: text, Turns: turns})
	if err != nil {
		t.Fatal(err)
	}
	if texts, want := findingTexts(got), []string{"doctora Ibáñez→doctora P24"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("findings %q, want %q", texts, want)
	}
}

func TestScanEnglishNER(t *testing.T) {
	text, turns := stored(
		"Grace Okafor: Grace, general surgery, at Riverside. Dr. Castellano found me; thảo was there. Will you?",
		"Nguyễn Thảo: I called Jennifer at www.example.org/path.",
	)
	// The fake labels a known name as a place, as prose does with first
	// names; the known name wins.
	ner := fakeNER{"Riverside": "GPE", "Jennifer": "GPE", "Grace": "GPE", "Castellano": "PERSON"}
	s := NewScanner(people, []Word{{Text: "general surgery", Replacement: "[specialty]"}}, NewVocabulary(), ner)
	got, err := s.Scan(Source{ID: "s2", Language: "en", Text: text, Turns: turns})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Grace→P09", "general surgery→[specialty]", "Riverside→[place]", "Dr. Castellano→Dr. [name]", "thảo→Rosa",
		"Jennifer→[place]", "www.example.org/path→[link]",
	}
	if texts := findingTexts(got); !reflect.DeepEqual(texts, want) {
		t.Errorf("findings\n got %q\nwant %q", texts, want)
	}
	if got[0].Kind != KindName || got[0].Detector != DetectKnownName {
		t.Errorf("Grace labelled a place by NER should be a known name, got %+v", got[0])
	}
}

func TestRender(t *testing.T) {
	text := "La Dra. Villalobos me ayudó. Villalobos es buena. Riverside y Riverside.\n"
	r := Render(text, []Replacement{{Span: corpus.Span{Start: 3, End: 18}, Text: "Dra. Villalobos", With: "Dra. [nombre]"}},
		[]Word{{Text: "Riverside", Replacement: "[lugar]"}})
	if got, want := r.String(), "La Dra. [nombre] me ayudó. Villalobos es buena. [lugar] y [lugar].\n"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// A passage that starts inside the replaced name gets it whole.
	if got, want := r.Slice(corpus.Span{Start: 10, End: 27}), "Dra. [nombre] me ayudó"; got != want {
		t.Errorf("Slice = %q, want %q", got, want)
	}
	if got, want := r.Slice(corpus.Span{Start: 29, End: 39}), "Villalobos"; got != want {
		t.Errorf("Slice = %q, want %q", got, want)
	}
	// After a correction moved the text, the nearest occurrence is used.
	moved := "Hola. " + text
	r = Render(moved, []Replacement{{Span: corpus.Span{Start: 3, End: 18}, Text: "Dra. Villalobos", With: "X"}}, nil)
	if got := r.String(); !strings.HasPrefix(got, "Hola. La X me") || len(r.Stale) != 0 {
		t.Errorf("moved: %q, stale %v", got, r.Stale)
	}
	r = Render("nothing here", []Replacement{{Span: corpus.Span{Start: 0, End: 4}, Text: "Ana", With: "X"}}, nil)
	if len(r.Stale) != 1 {
		t.Errorf("a replacement whose text is gone should be stale")
	}
}

func TestGate(t *testing.T) {
	vocab := NewVocabulary()
	terms := append(PeopleTerms(people, vocab),
		GateTerm{Text: "Dra. Esperanza Villalobos", What: "accepted identifier"},
		GateTerm{Text: "Esperanza", What: "accepted identifier"},
		GateTerm{Text: "Riverside", What: "accepted identifier (place)"})
	g := NewGate(terms, []Allowance{{Word: "Grace", Phrase: "Amazing Grace"}, {Word: "Will", Reason: "a verb here"}})
	cases := []struct {
		name, text string
		found      []string
	}{
		{"common word in lower case passes", "Con luz, jajaja. Tengo la esperanza de que algún día.", nil},
		{"capitalised common-word name is caught", "Luz, tú dijiste algo.", []string{"Luz"}},
		{"lower-case name prose misses", "lo de joaquín y de thao", []string{"joaquín", "thao"}},
		{"name inside quotes", `she said "Luz Moreno" twice`, []string{"Luz Moreno"}},
		{"accents dropped", "JOAQUIN IBANEZ", []string{"JOAQUIN IBANEZ"}},
		{"inside a word is not a name", "Luzmila and Graceful", nil},
		{"possessive", "Grace's idea at Riverside", []string{"Grace", "Riverside"}},
		{"allowed phrase", "we sang Amazing Grace", nil},
		{"allowed word", "Will you come?", nil},
		{"accepted identifier", "La Dra. Esperanza Villalobos", []string{"Dra. Esperanza Villalobos"}},
		{"pseudonym is fine", "P25 and Rosa", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var found []string
			for _, v := range g.Check("here", tc.text) {
				found = append(found, v.Found)
			}
			if !reflect.DeepEqual(found, tc.found) {
				t.Errorf("Check(%q) found %q, want %q", tc.text, found, tc.found)
			}
		})
	}
}

func TestMatcherGaps(t *testing.T) {
	m := newMatcher()
	m.add("Dr. Whitfield", false, 0)
	m.add("555-0147", false, 1)
	var got []string
	text := "Dr Whitfield, Dr.\nWhitfield, call 555 0147 or 5550147"
	m.find(text, func(mt match) { got = append(got, text[mt.start:mt.end]) })
	if want := []string{"Dr Whitfield", "555 0147"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
