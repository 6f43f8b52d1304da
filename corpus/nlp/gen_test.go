package nlp

import (
	"math/rand/v2"
	"strings"
)

// Fragments for generated transcripts: enough variety of abbreviations,
// numbers, quotes, ellipses, questions and non-ASCII text to exercise every
// rule at realistic densities.
var (
	enOpeners = []string{
		"I think", "Well, I mean", "Yeah, so", "To be honest", "Dr. Smith said",
		"My mum always says", "Honestly", "At 3 p.m. on Monday", "In the U.S.",
		"Mrs. O'Neill told us", "Like", "So basically", "Um, I guess",
	}
	enMiddles = []string{
		"the clinic was really helpful", "we didn't have time for it", "it cost about $3.50 a week",
		"the nurse, e.g. the one on nights, was kind", "nobody explained the well-being plan",
		"it was like… you know… hard", "we waited 2.5 hours", "they said \"come back tomorrow\"",
		"the café near St. Mary's was closed", "I felt ignored 😕", "my GP, Dr. Patel, was fine",
		"the forms, letters, etc. never arrived", "it's a 10-minute walk", "no one called back",
	}
	enEnders    = []string{".", ".", ".", "?", "!", "...", ".\"", "?\"", " (laughs).", "."}
	esSentences = []string{
		"La Dra. Pérez nos atendió muy bien.", "¿Qué pasó después?", "No sé... quizás nada.",
		"El Sr. García dijo que costaba 3,5 euros.", "¡Qué bien!", "Bueno, pues fuimos a EE. UU. el año pasado.",
		"Había papeles, formularios, etc. y nadie los leyó.", "Mi madre, p. ej., no entendía nada.",
		"«Vuelva mañana», nos dijeron.", "Sí. Claro que sí.", "Estuvimos allí unas 2 horas y media.",
		"La Srta. López trabaja en el centro de salud de San José.",
	}
)

// genTranscript builds stored text of about words words in Focal's form:
// one "Label: utterance\n" line per turn, with an occasional paragraph
// break inside a turn. It returns the text and the utterance spans.
func genTranscript(words int, spanish bool, seed uint64) (string, []Span) {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	b.Grow(words * 7)
	var utts []Span
	labels := []string{"Moderator", "P1", "P2", "P3", "María José", "P5"}
	n := 0
	for n < words {
		b.WriteString(labels[r.IntN(len(labels))])
		b.WriteString(": ")
		start := b.Len()
		sentences := 1 + r.IntN(5)
		for i := range sentences {
			if i > 0 {
				if r.IntN(8) == 0 {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			var s string
			if spanish {
				s = esSentences[r.IntN(len(esSentences))]
			} else {
				s = enOpeners[r.IntN(len(enOpeners))] + " " + enMiddles[r.IntN(len(enMiddles))] + enEnders[r.IntN(len(enEnders))]
			}
			b.WriteString(s)
			n += strings.Count(s, " ") + 1
		}
		utts = append(utts, Span{start, b.Len()})
		b.WriteByte('\n')
	}
	return b.String(), utts
}
