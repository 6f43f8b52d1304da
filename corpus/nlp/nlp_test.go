package nlp

import (
	"reflect"
	"sync"
	"testing"
)

// newSeg builds a Segmenter or stops the test.
func newSeg(t testing.TB) *Segmenter {
	t.Helper()
	s, err := NewSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// turn lays utterance out as stored text "P1: utterance\n" and returns the
// text and its utterance span.
func turn(utterance string) (string, []Span) {
	text := "P1: " + utterance + "\n"
	return text, []Span{{4, 4 + len(utterance)}}
}

// texts returns the text of each span.
func texts(text string, spans []Span) []string {
	out := make([]string, 0, len(spans))
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

type sentenceCase struct {
	in   string
	want []string
}

func runSentenceCases(t *testing.T, lang string, cases []sentenceCase) {
	t.Helper()
	seg := newSeg(t)
	for _, c := range cases {
		text, utts := turn(c.in)
		got := seg.Sentences(text, utts, lang)
		checkSentences(t, text, utts, got)
		if g := texts(text, got); !reflect.DeepEqual(g, c.want) {
			t.Errorf("Sentences(%q, %q)\n got  %q\n want %q", c.in, lang, g, c.want)
		}
	}
}

func TestSentencesEnglish(t *testing.T) {
	runSentenceCases(t, "en", []sentenceCase{
		{"Dr. Smith said it was fine. I asked him, e.g. about the costs.",
			[]string{"Dr. Smith said it was fine.", "I asked him, e.g. about the costs."}},
		{"We met at 3 p.m. on Monday. Then we left.",
			[]string{"We met at 3 p.m. on Monday.", "Then we left."}},
		{"It was 5 a.m. Then he woke up.", []string{"It was 5 a.m.", "Then he woke up."}},
		{"She lives in the U.S. We don't. The U.S. Army came.",
			[]string{"She lives in the U.S.", "We don't.", "The U.S. Army came."}},
		{"Mr. Brown came. Mrs. Green and Ms. White too. Prof. Black left.",
			[]string{"Mr. Brown came.", "Mrs. Green and Ms. White too.", "Prof. Black left."}},
		{"No. I don't think so. He's No. 1 in the class.",
			[]string{"No.", "I don't think so.", "He's No. 1 in the class."}},
		{"I was... I was going home. It's like… you know. I don't know... maybe.",
			[]string{"I was...", "I was going home.", "It's like… you know.", "I don't know... maybe."}},
		{"I really don't know… Maybe we should go.", []string{"I really don't know…", "Maybe we should go."}},
		{`He said "Stop." Then he left. She said "no!" and left. "Why?" I asked.`,
			[]string{`He said "Stop."`, "Then he left.", `She said "no!" and left.`, `"Why?"`, "I asked."}},
		{"He said, “I don’t know.” Then he left. (He was tired.) We stayed.",
			[]string{"He said, “I don’t know.”", "Then he left.", "(He was tired.)", "We stayed."}},
		{"It cost $3.50, i.e. 3.5 dollars. Really?! Yes. OK. Fine.",
			[]string{"It cost $3.50, i.e. 3.5 dollars.", "Really?!", "Yes.", "OK.", "Fine."}},
		{"Apples, pears, etc. We bought them all.", []string{"Apples, pears, etc.", "We bought them all."}},
		// prose splits here, after "etc.".
		{"The forms, letters, etc. never arrived.", []string{"The forms, letters, etc. never arrived."}},
		{"Café au lait 😀 is great. Naïve people say so. Ça va?", []string{"Café au lait 😀 is great.", "Naïve people say so.", "Ça va?"}},
		{"Cafe\u0301 is fine. Jose\u0301 agrees.", []string{"Cafe\u0301 is fine.", "Jose\u0301 agrees."}},
		{"I can see Mt. Fuji. J. Smith came too.", []string{"I can see Mt. Fuji.", "J. Smith came too."}},
		{"Quote: \"Bohr [...] used stairways [...]\" (Smith 55). Next one.",
			[]string{"Quote: \"Bohr [...] used stairways [...]\" (Smith 55).", "Next one."}},
		{"um yeah   so   like we went there", []string{"um yeah   so   like we went there"}},
		{"...", []string{"..."}},
		{"Hello?! Is that you? 🙂", []string{"Hello?!", "Is that you?", "🙂"}},
	})
}

func TestSentencesSpanish(t *testing.T) {
	runSentenceCases(t, "es", []sentenceCase{
		{"La Dra. Pérez vino ayer. ¿Qué pasó? No sé.",
			[]string{"La Dra. Pérez vino ayer.", "¿Qué pasó?", "No sé."}},
		{"El Sr. García y la Sra. López, con la Srta. Ruiz y el Lic. Díaz, llegaron. Ud. sabe.",
			[]string{"El Sr. García y la Sra. López, con la Srta. Ruiz y el Lic. Díaz, llegaron.", "Ud. sabe."}},
		{"Había papeles, p. ej. formularios. Fuimos a EE. UU. el año pasado. Vivimos en EE. UU. Y luego volvimos.",
			[]string{"Había papeles, p. ej. formularios.", "Fuimos a EE. UU. el año pasado.", "Vivimos en EE. UU.", "Y luego volvimos."}},
		{"Costaba 3.5 euros, o 3,5 euros. Muy caro, etc. Luego nada.",
			[]string{"Costaba 3.5 euros, o 3,5 euros.", "Muy caro, etc.", "Luego nada."}},
		{"¡Hola! ¿Cómo estás? —¿Vienes? —preguntó ella.",
			[]string{"¡Hola!", "¿Cómo estás?", "—¿Vienes? —preguntó ella."}},
		{"¿Qué?, dijo. No sé... quizás. No sé… Bueno, sí. Eso es todo...",
			[]string{"¿Qué?, dijo.", "No sé... quizás.", "No sé…", "Bueno, sí.", "Eso es todo..."}},
		{"«Vuelva mañana», nos dijeron. «Se fue». Después (risas). Vale.",
			[]string{"«Vuelva mañana», nos dijeron.", "«Se fue».", "Después (risas).", "Vale."}},
		{"Lo vi con J. García. Yo no.", []string{"Lo vi con J. García.", "Yo no."}},
		{"sí. bueno, mira. ¿y tú? 😂 Yo también.", []string{"sí.", "bueno, mira.", "¿y tú?", "😂 Yo también."}},
		{"1. Primero esto. 2. Luego aquello.", []string{"1. Primero esto.", "2.", "Luego aquello."}},
		{"Fue en EE.UU. Y ya.", []string{"Fue en EE.UU.", "Y ya."}},
	})
}

func TestSentencesOtherLanguages(t *testing.T) {
	runSentenceCases(t, "fr", []sentenceCase{
		{"M. Dupont et Mme Martin sont venus. C'est tout. Vraiment ?", []string{"M. Dupont et Mme Martin sont venus.", "C'est tout.", "Vraiment ?"}},
	})
	runSentenceCases(t, "de-AT", []sentenceCase{
		{"Am 3. Oktober kam Dr. Müller, z.B. mit Fr. Weber. Das war gut.", []string{"Am 3. Oktober kam Dr. Müller, z.B. mit Fr. Weber.", "Das war gut."}},
	})
	// Unknown languages get every table.
	runSentenceCases(t, "", []sentenceCase{
		{"La Dra. Pérez y Dr. Smith. We met at 3 p.m. Then we left.", []string{"La Dra. Pérez y Dr. Smith.", "We met at 3 p.m.", "Then we left."}},
	})
	runSentenceCases(t, "xx", []sentenceCase{
		{"The U.S. Army came. ¿Qué? Nada.", []string{"The U.S. Army came.", "¿Qué?", "Nada."}},
	})
}

// TestSentencesSpans checks exact byte offsets on a small stored text with
// several turns, a paragraph break inside a turn, non-ASCII letters, an
// emoji and a turn without final punctuation.
func TestSentencesSpans(t *testing.T) {
	text := "Moderator: Welcome. Dr. Ruiz, ¿empezamos?\n" +
		"María: Sí 😀. Bueno\nOtra cosa. Y ya\n" +
		"P2: ok\n"
	utts := []Span{{11, 42}, {51, 82}, {87, 89}}
	// "María: " is 8 bytes; "Sí 😀." is 9; "¿" is 2.
	want := []Span{{11, 19}, {20, 42}, {51, 60}, {61, 66}, {67, 77}, {78, 82}, {87, 89}}
	for _, lang := range []string{"en", "es", ""} {
		got := newSeg(t).Sentences(text, utts, lang)
		checkSentences(t, text, utts, got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("lang %q: got %v %q, want %v %q", lang, got, texts(text, got), want, texts(text, want))
		}
	}
}

// TestSentencesBadUtterances feeds spans out of range, reversed, empty and
// overlapping: no panic, and the documented clipping.
func TestSentencesBadUtterances(t *testing.T) {
	seg := newSeg(t)
	text := "P1: One. Two.\nP2: Three. Four.\n"
	for _, utts := range [][]Span{
		nil,
		{{-5, 3}},
		{{4, 100}},
		{{10, 5}, {4, 13}},
		{{4, 13}, {8, 30}},
		{{0, 0}, {len(text), len(text) + 1}},
		{{18, 31}, {4, 13}},
	} {
		for _, lang := range []string{"en", "es", ""} {
			got := seg.Sentences(text, utts, lang)
			checkSentences(t, text, utts, got)
			checkWords(t, text, utts, Words(text, utts))
		}
	}
	if got := seg.Sentences(text, []Span{{4, 13}, {8, 30}}, "en"); !reflect.DeepEqual(texts(text, got), []string{"One.", "Two.", "P2: Three.", "Four."}) {
		t.Errorf("overlapping utterances: got %q", texts(text, got))
	}
}

// TestSentencesGenerated checks the invariants on generated transcripts.
func TestSentencesGenerated(t *testing.T) {
	seg := newSeg(t)
	for seed := range uint64(5) {
		for _, spanish := range []bool{false, true} {
			text, utts := genTranscript(3000, spanish, seed)
			for _, lang := range []string{"en", "es", ""} {
				checkSentences(t, text, utts, seg.Sentences(text, utts, lang))
			}
			checkWords(t, text, utts, Words(text, utts))
		}
	}
}

// TestSegmenterConcurrent runs one Segmenter from several goroutines (run
// with -race) and expects the same results as sequential calls.
func TestSegmenterConcurrent(t *testing.T) {
	seg := newSeg(t)
	text, utts := genTranscript(20000, false, 7)
	want := map[string][]Span{}
	langs := []string{"en", "es", ""}
	for _, l := range langs {
		want[l] = seg.Sentences(text, utts, l)
	}
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			l := langs[i%len(langs)]
			if got := seg.Sentences(text, utts, l); !reflect.DeepEqual(got, want[l]) {
				t.Errorf("lang %q: concurrent result differs", l)
			}
		})
	}
	wg.Wait()
}

func TestWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Don't stop, well-being matters; d'accord!", []string{"Don't", "stop", "well-being", "matters", "d'accord"}},
		{"I don’t know — it’s the students' fault, 'cause of the '90s.", []string{"I", "don’t", "know", "it’s", "the", "students", "fault", "cause", "of", "the", "90s"}},
		{"It costs 3.5 or 1,000.50 euros, i.e. a lot... end.Next", []string{"It", "costs", "3.5", "or", "1,000.50", "euros", "i", "e", "a", "lot", "end", "Next"}},
		{"well--being -x- x- rock-'n'-roll", []string{"well", "being", "x", "x", "rock", "n", "roll"}},
		{"Café naïve José\u0301 😀👍🏽 ok", []string{"Café", "naïve", "José\u0301", "ok"}},
		{"\u0301\u0301 a\u0301b x²+½ Ⅻ", []string{"a\u0301b", "x²", "½", "Ⅻ"}},
		{"¿Qué pasó? ¡Nada! l·l col·legi", []string{"Qué", "pasó", "Nada", "l·l", "col·legi"}},
		{"日本語のテキスト и русский", []string{"日本語のテキスト", "и", "русский"}},
		{"e-mail: a_b@example.com #tag 10:30", []string{"e-mail", "a", "b", "example", "com", "tag", "10", "30"}},
		{"", nil},
		{"... — !!", nil},
	} {
		text, utts := turn(c.in)
		got := Words(text, utts)
		checkWords(t, text, utts, got)
		g := texts(text, got)
		if len(g) == 0 {
			g = nil
		}
		if !reflect.DeepEqual(g, c.want) {
			t.Errorf("Words(%q)\n got  %q\n want %q", c.in, g, c.want)
		}
	}
}

// TestWordsSpans checks exact offsets across turns: words never cross an
// utterance boundary, labels are not words.
func TestWordsSpans(t *testing.T) {
	text := "Ana: Sí, ¿y tú?\nP1: I'm-fine 😀\n"
	utts := []Span{{5, 18}, {23, 36}}
	got := Words(text, utts)
	checkWords(t, text, utts, got)
	// "Sí" and "tú" are 3 bytes each, "¿" 2, the emoji 4.
	want := []Span{{5, 8}, {12, 13}, {14, 17}, {23, 31}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v %q, want %v", got, texts(text, got), want)
	}
	// An utterance boundary cuts a word.
	if got := Words("abcdef", []Span{{0, 3}, {3, 6}}); !reflect.DeepEqual(got, []Span{{0, 3}, {3, 6}}) {
		t.Errorf("cut word: got %v", got)
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Moderator: So what did you think of the clinic?\nP1: Well, I mean, it was okay. The nurses were nice but we waited a long time.", "en"},
		{"I don't know, to be honest. It was fine I guess.", "en"},
		{"Moderador: ¿Y qué les pareció la clínica?\nP1: Bueno, pues la verdad es que estuvo bien. Las enfermeras fueron muy amables, pero esperamos mucho.", "es"},
		{"No sé, la verdad. Yo creo que sí, pero mi madre no.", "es"},
		{"Eu não sei, mas acho que a clínica é muito boa. Você também gostou?", "pt"},
		{"Je ne sais pas, mais je pense que c'est bien. Et vous, vous êtes allés?", "fr"},
		{"Ich weiß nicht, aber ich finde das sehr gut. Und wir waren auch da.", "de"},
		{"", ""},
		{"Hello.", ""},
		{"12345 67890 😀 !!!", ""},
		{"Barcelona Madrid Sevilla Valencia", ""},
		// Languages Focal does not segment are unsure, not the nearest
		// one it knows (a Swedish focus group was read as Spanish).
		{"- Ta en kopp varmt te.\n- Det är inte varmt.\n- Har en kopp te.\n- Det smakar som te.\n- Ta en kopp", ""},
		{"Ta en kopp varmt te. Det är inte varmt. Jag vet inte, men jag tycker att det var bra och vi har pratat om det.", ""},
		{"Ik weet het niet, maar ik vind het eigenlijk wel goed. En wij waren er ook.", ""},
		{"Non lo so, ma penso che sia molto bello. Anche noi siamo andati, perché è vicino.", ""},
	} {
		if got := DetectLanguage(c.text); got != c.want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	en, _ := genTranscript(50000, false, 3)
	es, _ := genTranscript(50000, true, 3)
	if got := DetectLanguage(en); got != "en" {
		t.Errorf("generated English: %q", got)
	}
	if got := DetectLanguage(es); got != "es" {
		t.Errorf("generated Spanish: %q", got)
	}
}

func TestBaseLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "EN-gb": "en", "es_MX": "es", " pt-BR ": "pt", "": ""} {
		if got := baseLanguage(in); got != want {
			t.Errorf("baseLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
