package deid

import (
	"fmt"
	"strings"

	"github.com/focalqda/focal/corpus/nlp"
)

// DetectNameList is the detector of the project's name list.
const DetectNameList = "name-list"

// ListedName is an entry of the project's name list: a name researchers
// know identifies someone though no transcript labels it (a participant's
// nickname, a person mentioned, a town, a hospital). Unlike the word list,
// names are matched whatever their case and accents ("emeka", "EMEKA",
// "Éméka" for "Emeka"), as whole words; a one-word name that is also a
// common word ("Hope") is matched only as written, as speakers' names are.
type ListedName struct {
	Name string
	// Kind is KindName for a participant's other name, else KindPerson,
	// KindPlace or KindOrganisation.
	Kind string
	// Participant is the participant whose other name (nickname) it is;
	// empty for anyone or anything else.
	Participant string
	// Replacement replaces it; empty means the participant's pseudonym,
	// or the placeholder of its kind.
	Replacement string
}

// replacementIn is what replaces a listed name in a language; pseudonym is
// the participant's, when the name is a participant's.
func (n ListedName) replacementIn(lang, pseudonym string) string {
	switch {
	case n.Replacement != "":
		return n.Replacement
	case n.Participant != "" && pseudonym != "":
		return pseudonym
	case n.Kind == KindName:
		return Placeholder(KindPerson, lang)
	}
	return Placeholder(n.Kind, lang)
}

// What says what a listed name is, for the gate's refusals.
func (n ListedName) What() string {
	if n.Participant != "" {
		return "listed name of participant " + n.Participant
	}
	return fmt.Sprintf("listed name (%s)", n.Kind)
}

// NameTerms lists the gate terms for the project's name list: each name,
// whatever its case and accents unless it is a common word.
func NameTerms(names []ListedName, vocab *Vocabulary) []GateTerm {
	out := make([]GateTerm, 0, len(names))
	for _, n := range names {
		if strings.TrimSpace(n.Name) == "" {
			continue
		}
		out = append(out, GateTerm{Text: n.Name, What: n.What(), Fold: !vocab.IsCommonWord(n.Name)})
	}
	return out
}

// NameWords turns the name list into words for Render: each name replaced
// wherever it occurs, whatever its case and accents (unless it is a
// common word). pseudonym gives a participant's pseudonym.
func NameWords(names []ListedName, vocab *Vocabulary, pseudonym func(participant string) string) []Word {
	out := make([]Word, 0, len(names))
	for _, n := range names {
		if strings.TrimSpace(n.Name) == "" {
			continue
		}
		ps := ""
		if n.Participant != "" && pseudonym != nil {
			ps = pseudonym(n.Participant)
		}
		out = append(out, Word{Text: n.Name, Replacement: n.replacementIn("", ps), Kind: n.Kind, Fold: !vocab.IsCommonWord(n.Name)})
	}
	return out
}

// AddNames gives the scanner the project's name list. pseudonym gives a
// participant's pseudonym, which replaces their listed names.
func (s *Scanner) AddNames(names []ListedName, pseudonym func(participant string) string) {
	for _, n := range names {
		if strings.TrimSpace(n.Name) == "" {
			continue
		}
		ps := ""
		if n.Participant != "" && pseudonym != nil {
			ps = pseudonym(n.Participant)
		}
		s.listedNames = append(s.listedNames, listedName{ListedName: n, pseudonym: ps})
		s.nameList.add(n.Name, !s.vocab.IsCommonWord(n.Name), len(s.listedNames)-1)
	}
}

// listedName is a name of the list as the scanner uses it.
type listedName struct {
	ListedName
	pseudonym string
}

// nameListCandidates finds the listed names in one utterance.
func (s *Scanner) nameListCandidates(utt, lang string) []candidate {
	var out []candidate
	s.nameList.find(utt, func(m match) {
		n := s.listedNames[m.id]
		kind := n.Kind
		if kind == "" {
			kind = KindPerson
		}
		out = append(out, candidate{start: m.start, end: m.end, kind: kind, detector: DetectNameList,
			replacement: n.replacementIn(lang, n.pseudonym), person: -1, participant: n.Participant, priority: 3})
	})
	return out
}

// FoldName is the form two spellings of one listed name share, and so the
// key of the name list: its words folded (nlp.Fold) and joined by
// single spaces ("Éméka" and "emeka" give "emeka"; "St. Mary's" gives
// "st mary s").
func FoldName(name string) string {
	ws := termWords(name)
	for i, w := range ws {
		ws[i] = nlp.Fold(w)
	}
	return strings.Join(ws, " ")
}
