package deid

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// GateTerm is something the gate does not let through: a known real name
// (or part of one), an accepted identifier or a listed word.
type GateTerm struct {
	Text string
	// What says what it is, for the researcher reading the refusal:
	// "name of participant P25", "accepted identifier (place)".
	What string
	// Fold matches the term whatever its case and accents ("josé" for
	// "José"); names that are also common words are matched as written.
	Fold bool
}

// Allowance is a reviewed exception: a word the gate lets through,
// everywhere or only inside a phrase ("Hope" in "Hope Street Clinic" is
// still refused; "Luz" inside "Con Luz y Fuerza" is not).
type Allowance struct {
	Word   string
	Phrase string
	Reason string
}

// Gate refuses text in which a known real name or an accepted identifier
// would appear. It knows only what it is told: names and identifiers
// nobody recorded pass it.
type Gate struct {
	terms   []GateTerm
	allowed []Allowance
	m       *matcher
}

// NewGate prepares a gate.
func NewGate(terms []GateTerm, allowed []Allowance) *Gate {
	g := &Gate{terms: terms, allowed: allowed, m: newMatcher()}
	for i, t := range terms {
		g.m.add(t.Text, t.Fold, i)
	}
	return g
}

// Violation is one place where a gate term would leave the project.
type Violation struct {
	// Where names the place in the export ("quote T2.Q3", "coded segment
	// 1a2b3c4d (fg03, turn 53)").
	Where string `json:"where"`
	// Found is the text as it appears; Term is the gate term it matched.
	Found string `json:"found"`
	Term  string `json:"term"`
	What  string `json:"what"`
	// Context is the text around it.
	Context string `json:"context"`
}

// Check returns the violations in one text of an export.
func (g *Gate) Check(where, text string) []Violation {
	var out []Violation
	reachedEnd := 0
	g.m.find(text, func(m match) {
		if m.start < reachedEnd {
			return
		}
		found := text[m.start:m.end]
		if g.isAllowed(text, found, m.start, m.end) {
			return
		}
		reachedEnd = m.end
		t := g.terms[m.id]
		out = append(out, Violation{Where: where, Found: found, Term: t.Text, What: t.What, Context: context(text, m.start, m.end)})
	})
	return out
}

// isAllowed reports whether a reviewed exception covers an occurrence.
func (g *Gate) isAllowed(text, found string, start, end int) bool {
	for _, a := range g.allowed {
		if a.Word != found {
			continue
		}
		if a.Phrase == "" {
			return true
		}
		for i := 0; i < len(text); {
			k := strings.Index(text[i:], a.Phrase)
			if k < 0 {
				break
			}
			ps := i + k
			if ps <= start && end <= ps+len(a.Phrase) {
				return true
			}
			i = ps + 1
		}
	}
	return false
}

// context shows up to 30 characters either side of a match on one line.
func context(text string, start, end int) string {
	a := start
	for n := 0; a > 0 && n < 30; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:a])
		a -= size
	}
	b := end
	for n := 0; b < len(text) && n < 30; n++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	s := strings.Join(strings.Fields(text[a:b]), " ")
	if a > 0 {
		s = "…" + s
	}
	if b < len(text) {
		s += "…"
	}
	return s
}

// PeopleTerms lists the gate terms for known people: each whole name and
// each name part (see NameParts). Parts that are common words are matched
// as written, all others whatever their case and accents.
func PeopleTerms(people []Person, vocab *Vocabulary) []GateTerm {
	var out []GateTerm
	seen := map[string]bool{}
	for _, p := range people {
		who := "name of a speaker"
		switch {
		case p.Participant != "":
			who = "name of participant " + p.Participant
		case p.Moderator:
			who = "name of a moderator"
		}
		for _, text := range append([]string{p.Name}, NameParts(p.Name)...) {
			if strings.TrimSpace(text) == "" || seen[text] {
				continue
			}
			seen[text] = true
			what := who
			if text != p.Name {
				what = fmt.Sprintf("%s (part of %q)", who, p.Name)
			}
			out = append(out, GateTerm{Text: text, What: what, Fold: !vocab.IsCommonWord(text)})
		}
	}
	return out
}

// Report lists violations for the researcher, at most limit of them (all
// when limit <= 0), grouped by what was found.
func Report(vs []Violation, limit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d place(s) would show a real name or an accepted identifier:\n", len(vs))
	for i, v := range vs {
		if limit > 0 && i == limit {
			fmt.Fprintf(&b, "  … and %d more (--json lists them all)\n", len(vs)-limit)
			break
		}
		fmt.Fprintf(&b, "  %s: %q (%s): %s\n", v.Where, v.Found, v.What, v.Context)
	}
	return b.String()
}
