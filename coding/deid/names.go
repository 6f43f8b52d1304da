package deid

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus/nlp"
)

// Person is someone whose real name the project knows: a speaker of a
// source, linked to a participant or not (a moderator, an unlinked voice).
type Person struct {
	// Name is the name as the transcript labels the speaker ("Luz Moreno").
	Name string
	// Participant is the participant's id ("P25"); empty for a speaker who
	// is not linked to a participant.
	Participant string
	// Pseudonym replaces the person's name; empty for unlinked speakers.
	Pseudonym string
	// Moderator is set for a speaker whose role is moderator.
	Moderator bool
}

// Pseudonymised reports whether the person's name is no real name: the
// transcript already labels them by their participant id or pseudonym
// (speaker "P1" linked to participant P1), as a transcript that arrives
// pseudonymised does. Such a name is not a gate term.
func (p Person) Pseudonymised() bool {
	name := strings.TrimSpace(p.Name)
	if name == "" || p.Participant == "" {
		return false
	}
	return strings.EqualFold(name, strings.TrimSpace(p.Participant)) || strings.EqualFold(name, strings.TrimSpace(p.Pseudonym))
}

// particles are the lower-case words inside names that are not names by
// themselves ("Aaron van Wirdum", "María de la Luz").
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "la": true, "las": true, "los": true,
	"da": true, "das": true, "do": true, "dos": true, "di": true, "du": true, "le": true, "y": true, "e": true, "bin": true,
	"ibn": true, "al": true, "el": true, "ter": true, "te": true, "zu": true,
}

// NameParts lists the words of a name that identify its bearer on their
// own, for matching a first or family name used alone: "Luz Moreno" gives
// "Luz" and "Moreno"; "Aaron van Wirdum (AvW)" gives "Aaron", "Wirdum" and
// "AvW". Particles, initials and single letters are left out, and so are
// words that are not capitalised. The whole name is not included.
func NameParts(name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range termWords(name) {
		if utf8.RuneCountInString(w) < 2 || particles[strings.ToLower(w)] || !startsUpper(w) || isNumber(w) {
			continue
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Vocabulary knows which names are also common words: a built-in list of
// names that are words in English and Spanish ("Grace", "Will", "Hope",
// "Luz", "Esperanza"), and the words a project adds (for example names
// whose lower-case occurrences a researcher rejected as findings: "dar a
// luz"). Names that are common words are matched case-sensitively, all
// other names whatever their case and accents, so that a lower-case
// "joaquín" is still caught.
type Vocabulary struct {
	lower map[string]bool
}

// NewVocabulary returns the built-in vocabulary with the project's own
// common words added.
func NewVocabulary(common ...string) *Vocabulary {
	v := &Vocabulary{lower: map[string]bool{}}
	for _, w := range common {
		v.lower[nlp.Fold(strings.TrimSpace(w))] = true
	}
	return v
}

// IsCommonWord reports whether a one-word name is also a common word. A
// name of several words never is.
func (v *Vocabulary) IsCommonWord(name string) bool {
	ws := termWords(name)
	if len(ws) != 1 {
		return false
	}
	f := nlp.Fold(ws[0])
	return commonWordNames[f] || v != nil && v.lower[f]
}

// commonWordNames are given and family names that are also common words
// in English or Spanish, folded. The project's own lower-case words add to
// them (see Vocabulary).
var commonWordNames = setOf(
	// English
	"grace", "will", "hope", "faith", "joy", "mercy", "charity", "patience", "prudence", "honor", "honour",
	"rose", "lily", "ivy", "daisy", "iris", "violet", "hazel", "holly", "heather", "olive", "ruby", "pearl",
	"amber", "jade", "crystal", "dawn", "summer", "autumn", "april", "may", "june", "august", "sky", "rain",
	"river", "brook", "star", "angel", "bill", "bob", "frank", "mark", "rob", "sue", "pat", "jack", "art",
	"chase", "chip", "hunter", "grant", "guy", "miles", "norm", "ray", "rich", "rock", "sandy", "wade",
	"cliff", "dale", "glen", "lane", "drew", "penny", "ginger", "honey", "melody", "harmony", "destiny",
	"liberty", "justice", "major", "king", "prince", "earl", "duke", "young", "long", "white", "black",
	"brown", "green", "gray", "grey", "bell", "hall", "wood", "stone", "hill", "field", "ford", "bishop",
	"mason", "baker", "cook", "smith", "taylor", "miller", "fisher", "porter", "page", "ward", "banks",
	"sterling", "free", "best", "love", "hope", "sunny", "happy", "precious", "fern", "sage", "rowan",
	// Spanish
	"luz", "esperanza", "paz", "sol", "rocio", "dolores", "amparo", "consuelo", "pilar", "soledad",
	"remedios", "mercedes", "rosario", "socorro", "milagros", "caridad", "fe", "gracia", "alegria",
	"victoria", "estrella", "blanca", "cruz", "rosa", "azucena", "violeta", "perla", "aurora", "cielo",
	"paloma", "flor", "angel", "salvador", "clemente", "modesto", "leal", "bueno", "moreno", "rubio",
	"blanco", "delgado", "calvo", "rico", "bravo", "castillo", "campos", "rios", "torres", "reyes",
	"santos", "cortes", "fuentes", "flores", "leon", "lobo", "nieves", "montes", "prado", "serrano",
	"marina", "mar", "luna", "alba", "reina", "dulce", "feliz",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
