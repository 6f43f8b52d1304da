package deid

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus/nlp"
)

// DetectInstitution is the detector of institutions' names: capitalised
// words before Hospital, General, Clinic, Medical Center, University
// ("Springfield General", "St. Mary's Hospital"), or after Hospital,
// Clínica, Universidad, Centro de Salud ("Universidad de Chile",
// "Hospital San Juan de Dios").
const DetectInstitution = "institution"

// Parts of the institution patterns.
const (
	// instWord is a capitalised word ("Mary's", "Ibáñez", "O'Neill") or a
	// saint's title.
	instWord = `(?:St\.|Sta\.|Sto\.|\p{Lu}[\p{L}\p{M}'’\-]*)`
	// instLink joins the words of a name: "of", "de la", "and".
	instLink = `(?:of|de|del|de la|de los|de las|y|and|&|la|el|los|las|the)`
	// instAfter ends an English-style name: "Springfield General".
	instAfter = `(?:General Hospital|Hospital|General|Clinic|Medical Cent(?:er|re)|Health Cent(?:er|re)|University|Infirmary)`
	// instBefore starts a Spanish-style name, and "University of …".
	instBefore = `(?:Hospital General|Hospital|Cl[ií]nica|Sanatorio|Policl[ií]nico|Universidad|University|Centro de Salud|Centro M[ée]dico|Instituto Nacional|Instituto)`
	instStart  = `(?:^|[^\p{L}\p{M}\p{N}])`
)

var (
	// instNameAfter: up to five words (a link word between two allowed)
	// then the ending; group 1 is the whole name.
	instNameAfter = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(instStart + `(` + instWord + `(?: (?:` + instLink + ` )?` + instWord + `){0,4} ` + instAfter + `)`)
	})
	// instNameBefore: the start then up to five words or numbers ("Hospital
	// 20 de Noviembre"); group 1 is the whole name.
	instNameBefore = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(instStart + `(` + instBefore + `(?: (?:` + instLink + ` )?(?:` + instWord + `|\d+)){1,5})`)
	})
)

// notInstitutionStart are capitalised words that start a sentence or a
// phrase rather than a name: "Then Springfield General called" names
// Springfield General. They are dropped from the start of a match.
var notInstitutionStart = setOf(
	// English
	"the", "a", "an", "this", "that", "these", "those", "our", "my", "your", "his", "her", "their", "its",
	"at", "in", "on", "to", "from", "for", "with", "by", "and", "but", "or", "so", "then", "when", "while",
	"if", "because", "after", "before", "yes", "yeah", "no", "well", "okay", "ok", "oh", "like", "also",
	"even", "just", "i", "we", "you", "they", "he", "she", "it", "um", "uh", "anyway", "actually", "both",
	"every", "each", "some", "all", "any", "one", "two", "three", "what", "which", "where", "why", "how",
	"there", "here", "now", "once", "since", "until", "at", "into", "near", "via", "over", "about",
	// Spanish
	"el", "la", "los", "las", "un", "una", "unos", "unas", "en", "de", "del", "al", "con", "por", "para",
	"pero", "entonces", "cuando", "si", "sí", "bueno", "pues", "mi", "su", "sus", "nuestro", "nuestra",
	"yo", "él", "ella", "nosotros", "ellos", "ellas", "que", "qué", "como", "cómo", "después", "antes",
	"y", "o", "ni", "ya", "luego", "allá", "allí", "aquí", "este", "esta", "ese", "esa", "ahí", "desde",
	"hasta", "hacia", "sin", "sobre", "también", "todo", "toda", "todos", "otro", "otra",
)

// notInstitutionAfter are the words that make "… General" a title, not a
// hospital: "the Surgeon General", "Attorney General".
var notInstitutionAfter = setOf(
	"attorney", "surgeon", "secretary", "inspector", "consul", "postmaster", "solicitor", "governor",
	"adjutant", "brigadier", "major", "lieutenant", "director", "accountant", "auditor", "procurator",
	"registrar", "paymaster", "quartermaster", "comptroller", "vicar", "general",
)

// genericInstitution are the words of institutions' names that name no
// particular one: the endings themselves ("the University", "la
// Clínica"), services and departments ("Emergency Medicine Clinic",
// "Hospital Administration", "Centro de Salud Familiar") and days and
// months ("the Monday Clinic"). A name made only of them is no finding.
var genericInstitution = setOf(
	"general", "hospital", "clinic", "university", "infirmary", "medical", "health", "center", "centre",
	"clinica", "universidad", "sanatorio", "instituto", "centro", "salud", "medico", "policlinico", "nacional",
	"teaching", "community", "regional", "district", "county", "state", "city", "public", "private", "main",
	"emergency", "medicine", "surgery", "surgical", "outpatient", "inpatient", "family", "children's", "women's",
	"maternity", "mental", "dental", "eye", "pediatric", "paediatric", "cardiology", "oncology", "cancer",
	"psychiatric", "rehabilitation", "urgent", "care", "primary", "walk", "free", "fertility", "sexual",
	"administration", "management", "staff", "nursing", "research", "training", "student", "students",
	"familiar", "urgencia", "urgencias", "atencion", "primaria", "especialidades", "mental", "materno", "infantil",
	"pediatrico", "psiquiatrico", "odontologico", "comunitario", "municipal", "publico", "privado",
	"administracion", "direccion", "enfermeria",
	"internal", "pediatrics", "paediatrics", "psychiatry", "obstetrics", "gynecology", "gynaecology", "anesthesia",
	"anaesthesia", "radiology", "neurology", "dermatology", "orthopedics", "orthopaedics", "geriatrics",
	"cirugia", "medicina", "interna", "pediatria", "psiquiatria", "obstetricia", "ginecologia", "anestesia",
	"radiologia", "neurologia", "dermatologia", "traumatologia", "geriatria", "cardiologia", "oncologia",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre",
)

// institutionCandidates finds institutions' names in one utterance.
func institutionCandidates(utt, lang string) []candidate {
	var out []candidate
	add := func(start, end int) {
		start, end, ok := trimInstitution(utt, start, end)
		if !ok {
			return
		}
		out = append(out, candidate{start: start, end: end, kind: KindOrganisation, detector: DetectInstitution,
			replacement: Placeholder(KindOrganisation, lang), person: -1, priority: 2})
	}
	spanish := baseLang(lang) == "es"
	for _, m := range instNameAfter().FindAllStringSubmatchIndex(utt, -1) {
		if spanish && strings.HasSuffix(utt[m[2]:m[3]], "General") {
			// Spanish puts the adjective after the noun: "Cirugía
			// General", "Asamblea General"; its hospitals start with
			// "Hospital General".
			continue
		}
		add(m[2], m[3])
	}
	for _, m := range instNameBefore().FindAllStringSubmatchIndex(utt, -1) {
		add(m[2], m[3])
	}
	return out
}

// trimInstitution checks a match: it must end at a word's end, lose the
// sentence words at its start ("Then", "El"), keep a word that is not a
// generic ending ("the University" is no name), and not be a title
// ("Surgeon General").
func trimInstitution(utt string, start, end int) (int, int, bool) {
	if r, _ := utf8.DecodeRuneInString(utt[end:]); end < len(utt) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)) {
		return 0, 0, false // "Generally", "Hospitality"
	}
	// A name ends at its last capitalised word or number: "Hospital San
	// Juan de" is "Hospital San Juan".
	ws := words(utt[start:end])
	for len(ws) > 0 {
		last := utt[start+ws[len(ws)-1].start : start+ws[len(ws)-1].end]
		if startsUpper(last) || isNumber(last) {
			break
		}
		ws = ws[:len(ws)-1]
	}
	for len(ws) > 0 && notInstitutionStart[strings.ToLower(utt[start+ws[0].start:start+ws[0].end])] {
		ws = ws[1:]
	}
	if len(ws) < 2 {
		return 0, 0, false
	}
	text := func(w word) string { return utt[start+w.start : start+w.end] }
	named := false
	for _, w := range ws {
		if t := text(w); !genericInstitution[nlp.Fold(t)] && !particles[strings.ToLower(t)] && !instLinks[strings.ToLower(t)] {
			named = true
			break
		}
	}
	if !named {
		return 0, 0, false
	}
	if last := nlp.Fold(text(ws[len(ws)-1])); last == "general" && len(ws) >= 2 && notInstitutionAfter[nlp.Fold(text(ws[len(ws)-2]))] {
		return 0, 0, false
	}
	return start + ws[0].start, start + ws[len(ws)-1].end, true
}

// instLinks are the link words of the patterns.
var instLinks = setOf("of", "de", "del", "la", "los", "las", "y", "and", "el", "the")
