package deid

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
)

// Kinds of identifiers a finding may be.
const (
	KindName         = "name"         // the name of a speaker or participant the project knows
	KindPerson       = "person"       // another person's name (a title, or named-entity recognition)
	KindPlace        = "place"        // a place: town, hospital, site, country
	KindOrganisation = "organisation" // an institution
	KindEmail        = "email"
	KindPhone        = "phone"
	KindURL          = "url"
	KindListed       = "listed" // a word of the project's list
)

// Detectors say how a finding was found.
const (
	DetectKnownName = "known-name" // a speaker's name or part of it
	DetectNER       = "ner"        // named-entity recognition (English)
	DetectHonorific = "honorific"  // a title before a capitalised name: Dr., Dra., Mr., Sra.
	DetectWordList  = "word-list"  // the project's word list
	DetectPattern   = "pattern"    // e-mail address, phone number, URL
)

// Source is one transcript to scan: its stored text and the utterance of
// each turn (code points). Speaker labels are not scanned: they are known
// names already.
type Source struct {
	ID       string
	Name     string
	Language string
	Text     string
	Turns    []Turn
}

// Turn is one turn of a source.
type Turn struct {
	Seq       int
	Utterance corpus.Span
}

// Word is an entry of the project's word list: a word or phrase that
// identifies someone, with its replacement.
type Word struct {
	Text        string
	Replacement string
	// Kind says what it is (place, person, …); "listed" when not said.
	Kind string
	// Fold matches it whatever its case and accents; otherwise as written.
	Fold bool
}

// Entity is a named entity found in a text, as byte offsets into it, with
// its label: PERSON, GPE (a place), LOC, ORG.
type Entity struct {
	Start, End int
	Label      string
}

// EntityFinder finds named entities in English text. The scanner asks it
// about one utterance at a time.
type EntityFinder interface {
	Entities(text string) ([]Entity, error)
}

// Finding is one place in a source that may identify someone.
type Finding struct {
	Source string // source id
	Turn   int    // turn seq
	// Span is the finding's place in the stored text, in code points.
	Span corpus.Span
	// Occurrence counts earlier occurrences of Text in the same turn, so
	// that a finding can be found again after the text around it changed.
	Occurrence  int
	Text        string
	Kind        string
	Detector    string
	Replacement string
	// Person is the index (into the scanner's people) of the person named,
	// or -1.
	Person int
	// Participant is the participant a listed name belongs to (a
	// nickname), when Person is -1.
	Participant string
}

// Scanner finds what may identify someone in transcripts.
type Scanner struct {
	people []Person
	words  []Word
	ner    EntityFinder
	names  *matcher
	// nameOwner gives, per name term id, the person it names (-1 when
	// several people share it) and the term.
	nameTerms []nameTerm
	listed    *matcher
	// pseudonyms are the known people's pseudonyms: a title before one
	// names nobody.
	pseudonyms map[string]bool
	// lower holds the words the project writes in lower case; a one-word
	// entity that is one of them ("Okay", "Which" at a sentence start) is
	// not suggested.
	lower map[string]bool
	// vocab says which names are common words, matched only as written.
	vocab *Vocabulary
	// nameList finds the project's listed names (AddNames).
	nameList    *matcher
	listedNames []listedName
}

type nameTerm struct {
	text   string
	person int
}

// NewScanner prepares a scanner for the project's known people, its word
// list and (optionally) a named-entity finder for English sources. The
// vocabulary decides which name parts are common words, matched only as
// written.
func NewScanner(people []Person, words []Word, vocab *Vocabulary, ner EntityFinder) *Scanner {
	s := &Scanner{people: people, words: words, ner: ner, names: newMatcher(), listed: newMatcher(), lower: map[string]bool{}, pseudonyms: map[string]bool{},
		vocab: vocab, nameList: newMatcher()}
	for _, p := range people {
		if p.Pseudonym != "" {
			s.pseudonyms[p.Pseudonym] = true
		}
	}
	owner := map[string]int{}
	var order []string
	note := func(text string, p int) {
		prev, ok := owner[text]
		switch {
		case !ok:
			owner[text] = p
			order = append(order, text)
		case prev >= 0 && !samePerson(people[prev], people[p]):
			owner[text] = -1
		}
	}
	for i, p := range people {
		if strings.TrimSpace(p.Name) == "" {
			continue
		}
		note(p.Name, i)
		for _, part := range NameParts(p.Name) {
			note(part, i)
		}
	}
	for _, text := range order {
		id := len(s.nameTerms)
		s.nameTerms = append(s.nameTerms, nameTerm{text: text, person: owner[text]})
		s.names.add(text, !vocab.IsCommonWord(text), id)
	}
	for i, w := range words {
		s.listed.add(w.Text, w.Fold, i)
	}
	return s
}

// samePerson reports whether two speakers are one person: the same
// participant, or the same name without one.
func samePerson(a, b Person) bool {
	if a.Participant != "" || b.Participant != "" {
		return a.Participant == b.Participant
	}
	return a.Name == b.Name
}

// LearnWords notes the words a text uses in lower case. Named-entity
// recognition labels many capitalised sentence starters ("Okay", "Which",
// "Honestly") as names; a one-word entity that the project also writes in
// lower case is not suggested. Known names are found regardless.
func (s *Scanner) LearnWords(text string) {
	for _, w := range words(text) {
		word := text[w.start:w.end]
		if r, _ := utf8.DecodeRuneInString(word); unicode.IsLower(r) {
			s.lower[word] = true
		}
	}
}

// Person returns the i-th known person.
func (s *Scanner) Person(i int) Person { return s.people[i] }

// candidate is a finding inside one utterance, in bytes relative to it.
type candidate struct {
	start, end  int
	kind        string
	detector    string
	replacement string
	person      int
	participant string // of a listed name
	priority    int
}

// The pattern detectors' expressions are compiled on first use, not when
// the program starts: every focal command links this package, few scan.
var (
	emailPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)
	})
	urlPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:https?://|www\.)[^\s<>"“”]+`)
	})
	phonePattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\+\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?){2,5}|\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}|\d{3}[.\-]\d{4}|\d{2,4}(?: \d{2,4}){2,3}`)
	})
	// honorificPattern finds a title and the capitalised name after it:
	// "Dr. Whitfield", "la Dra. Esperanza Villalobos", "el doctor Ibáñez".
	honorificPattern = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\p{L}\p{N}])((?:Dr|Dra|Drs|Dres|Mr|Mrs|Ms|Mx|Prof|Profa|Sr|Sra|Srta|Lic|Licda|Ing|Mtro|Mtra|Rev|Fr)\.?|(?:[Dd]octor|[Dd]octora|[Pp]rofesor|[Pp]rofesora|[Ss]eñor|[Ss]eñora|[Ss]eñorita|[Dd]on|[Dd]oña|Professor|Doctor|Nurse|Sister|Father)) +(\p{Lu}[\p{L}\p{M}'’\-]*(?: (?:(?:de|del|de la|van|von|da|di) )?\p{Lu}[\p{L}\p{M}'’\-]*)?)`)
	})
)

// Placeholder is the suggested replacement for a kind of identifier in a
// language ("[place]", "[lugar]").
func Placeholder(kind, lang string) string {
	es := baseLang(lang) == "es"
	pick := func(en, spanish string) string {
		if es {
			return spanish
		}
		return en
	}
	switch kind {
	case KindPlace:
		return pick("[place]", "[lugar]")
	case KindOrganisation:
		return pick("[institution]", "[institución]")
	case KindEmail:
		return pick("[email]", "[correo]")
	case KindPhone:
		return pick("[phone]", "[teléfono]")
	case KindURL:
		return pick("[link]", "[enlace]")
	case "moderator":
		return pick("[moderator]", "[moderación]")
	case "speaker":
		return pick("[speaker]", "[participante]")
	}
	return pick("[name]", "[nombre]")
}

func baseLang(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		tag = tag[:i]
	}
	return tag
}

// personReplacement is what replaces a known person's name: the
// pseudonym, or a placeholder for moderators and other speakers.
func (s *Scanner) personReplacement(p int, lang string) string {
	if p < 0 {
		return Placeholder(KindPerson, lang)
	}
	switch person := s.people[p]; {
	case person.Pseudonym != "":
		return person.Pseudonym
	case person.Moderator:
		return Placeholder("moderator", lang)
	default:
		return Placeholder("speaker", lang)
	}
}

// Scan lists what may identify someone in the utterances of a source. A
// place found by several detectors is reported once, by the longest
// finding (a title with the name after it, rather than the name alone).
func (s *Scanner) Scan(src Source) ([]Finding, error) {
	idx := corpus.NewPositionIndex(src.Text)
	english := baseLang(src.Language) == "en"
	var out []Finding
	for _, t := range src.Turns {
		a, err := idx.ByteOffset(t.Utterance.Start)
		if err != nil {
			return nil, fmt.Errorf("deid: %s turn %d: %w", src.Name, t.Seq, err)
		}
		b, err := idx.ByteOffset(t.Utterance.End)
		if err != nil {
			return nil, fmt.Errorf("deid: %s turn %d: %w", src.Name, t.Seq, err)
		}
		utt := src.Text[a:b]
		cands := s.candidates(utt, src.Language)
		cands = append(cands, s.nameListCandidates(utt, src.Language)...)
		cands = append(cands, institutionCandidates(utt, src.Language)...)
		if english && s.ner != nil {
			ents, err := s.ner.Entities(utt)
			if err != nil {
				return nil, fmt.Errorf("deid: named entities in %s turn %d: %w", src.Name, t.Seq, err)
			}
			cands = append(cands, s.entityCandidates(utt, ents, src.Language)...)
		}
		for _, c := range resolve(cands) {
			text := utt[c.start:c.end]
			out = append(out, Finding{
				Source: src.ID, Turn: t.Seq,
				Span:       corpus.Span{Start: idx.RuneOffset(a + c.start), End: idx.RuneOffset(a + c.end)},
				Occurrence: strings.Count(utt[:c.start], text),
				Text:       text, Kind: c.kind, Detector: c.detector, Replacement: c.replacement, Person: c.person,
				Participant: c.participant,
			})
		}
	}
	return out, nil
}

// candidates finds patterns, listed words, known names and titled names
// in one utterance.
func (s *Scanner) candidates(utt, lang string) []candidate {
	var out []candidate
	for _, p := range []struct {
		re   *regexp.Regexp
		kind string
	}{{emailPattern(), KindEmail}, {urlPattern(), KindURL}, {phonePattern(), KindPhone}} {
		for _, m := range p.re.FindAllStringIndex(utt, -1) {
			start, end := m[0], trimTrailing(utt, m[0], m[1])
			if p.kind == KindPhone && !isolatedNumber(utt, start, end) {
				continue
			}
			out = append(out, candidate{start: start, end: end, kind: p.kind, detector: DetectPattern,
				replacement: Placeholder(p.kind, lang), person: -1, priority: 5})
		}
	}
	s.listed.find(utt, func(m match) {
		w := s.words[m.id]
		kind := w.Kind
		if kind == "" {
			kind = KindListed
		}
		out = append(out, candidate{start: m.start, end: m.end, kind: kind, detector: DetectWordList,
			replacement: w.Replacement, person: -1, priority: 3})
	})
	names := map[[2]int]int{}
	s.names.find(utt, func(m match) {
		nt := s.nameTerms[m.id]
		names[[2]int{m.start, m.end}] = nt.person
		out = append(out, candidate{start: m.start, end: m.end, kind: KindName, detector: DetectKnownName,
			replacement: s.personReplacement(nt.person, lang), person: nt.person, priority: 2})
	})
	for _, m := range honorificPattern().FindAllStringSubmatchIndex(utt, -1) {
		titleStart, nameStart, nameEnd := m[2], m[4], m[5]
		if r, _ := utf8.DecodeRuneInString(utt[nameEnd:]); unicode.IsDigit(r) || s.pseudonyms[utt[nameStart:nameEnd]] {
			// A pseudonym after a title ("el doctor P24", "Dr. Rosa"), as
			// text with accepted replacements written into it has.
			continue
		}
		title := utt[titleStart:m[3]]
		c := candidate{start: titleStart, end: nameEnd, kind: KindPerson, detector: DetectHonorific,
			replacement: title + " " + Placeholder(KindPerson, lang), person: -1, priority: 4}
		if p, ok := names[[2]int{nameStart, nameEnd}]; ok {
			c.kind, c.person = KindName, p
			c.replacement = title + " " + s.personReplacement(p, lang)
		}
		out = append(out, c)
	}
	return out
}

// entityCandidates turns named entities into candidates. Lower-case
// entities and short acronyms (NICU, PGY) are left out: they are rarely
// names and make the list long.
func (s *Scanner) entityCandidates(utt string, ents []Entity, lang string) []candidate {
	var out []candidate
	for _, e := range ents {
		if e.Start < 0 || e.End > len(utt) || e.Start >= e.End {
			continue
		}
		text := utt[e.Start:e.End]
		if !startsUpper(text) || isAcronym(text) {
			continue
		}
		if ws := termWords(text); len(ws) == 1 && s.lower[strings.ToLower(ws[0])] {
			continue
		}
		kind := KindPerson
		switch e.Label {
		case "PERSON":
		case "GPE", "LOC", "FAC":
			kind = KindPlace
		case "ORG":
			kind = KindOrganisation
		default:
			continue
		}
		out = append(out, candidate{start: e.Start, end: e.End, kind: kind, detector: DetectNER,
			replacement: Placeholder(kind, lang), person: -1, priority: 1})
	}
	return out
}

func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		n++
		if unicode.IsLower(r) || n > 5 {
			return false
		}
	}
	return true
}

// resolve keeps, of overlapping candidates, the longest (then the one of
// the more specific detector), and returns them in text order.
func resolve(cands []candidate) []candidate {
	sort.SliceStable(cands, func(i, j int) bool {
		li, lj := cands[i].end-cands[i].start, cands[j].end-cands[j].start
		if li != lj {
			return li > lj
		}
		if cands[i].priority != cands[j].priority {
			return cands[i].priority > cands[j].priority
		}
		return cands[i].start < cands[j].start
	})
	var kept []candidate
	for _, c := range cands {
		overlaps := false
		for _, k := range kept {
			if c.start < k.end && k.start < c.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			kept = append(kept, c)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

// trimTrailing drops sentence punctuation a pattern swallowed at its end
// ("write to a@b.org." or "see www.example.org,").
func trimTrailing(s string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if !strings.ContainsRune(".,;:!?)]}'\"”’", r) {
			break
		}
		end -= size
	}
	return end
}

// isolatedNumber reports whether a phone-like match stands alone: no
// digit or letter right before or after it, and it is not a range of
// years ("2019-2020").
func isolatedNumber(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsDigit(r) || unicode.IsLetter(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsDigit(r) || unicode.IsLetter(r) {
			return false
		}
	}
	digits := 0
	for _, r := range s[start:end] {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits >= 7
}
