package deid

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// word is one run of word characters (letters, digits, combining marks)
// in a text, as byte offsets.
type word struct{ start, end int }

// words splits text into its words; everything between them (spaces,
// punctuation, apostrophes) separates words.
func words(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		if corpus.IsWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start, len(text)})
	}
	return out
}

// termWords splits a term into its words; "" when it has none.
func termWords(text string) []string {
	ws := words(text)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = text[w.start:w.end]
	}
	return out
}

// maxGap is the longest run of separators (in bytes) allowed between two
// words of one term in a text: "Dr. Whitfield", "O'Neill", "555-0147",
// but not two words a sentence apart.
const maxGap = 4

// matcher finds whole-word occurrences of many terms in a text. A term
// matches a sequence of consecutive words of the text, compared exactly
// or (for terms marked fold) after nlp.Fold, whatever separates them as
// long as it is short and holds no line break.
type matcher struct {
	terms []matchTerm
	// byFirst indexes terms by the folded form of their first word.
	byFirst map[string][]int
}

type matchTerm struct {
	words  []string
	folded []string
	fold   bool
	id     int
}

func newMatcher() *matcher { return &matcher{byFirst: map[string][]int{}} }

// add registers a term under id; a term without words is ignored.
func (m *matcher) add(text string, fold bool, id int) {
	ws := termWords(text)
	if len(ws) == 0 {
		return
	}
	t := matchTerm{words: ws, fold: fold, id: id}
	for _, w := range ws {
		t.folded = append(t.folded, nlp.Fold(w))
	}
	m.byFirst[t.folded[0]] = append(m.byFirst[t.folded[0]], len(m.terms))
	m.terms = append(m.terms, t)
}

// match is one occurrence of a term: byte offsets into the text searched.
type match struct {
	start, end int
	id         int
}

// find calls fn for every occurrence of every term in text, in order of
// position; at one position longer terms come first. Occurrences may
// overlap.
func (m *matcher) find(text string, fn func(match)) {
	if len(m.terms) == 0 {
		return
	}
	ws := words(text)
	folded := make([]string, len(ws))
	for i, w := range ws {
		folded[i] = nlp.Fold(text[w.start:w.end])
	}
	var found []match
	for i := range ws {
		cands := m.byFirst[folded[i]]
		found = found[:0]
		for _, ti := range cands {
			t := &m.terms[ti]
			if i+len(t.words) > len(ws) {
				continue
			}
			ok := true
			for k := range t.words {
				w := ws[i+k]
				if k > 0 && !shortGap(text[ws[i+k-1].end:w.start]) {
					ok = false
					break
				}
				if t.fold {
					ok = folded[i+k] == t.folded[k]
				} else {
					ok = text[w.start:w.end] == t.words[k]
				}
				if !ok {
					break
				}
			}
			if ok {
				found = append(found, match{start: ws[i].start, end: ws[i+len(t.words)-1].end, id: t.id})
			}
		}
		// Longest first at one position, then by registration order.
		for a := 1; a < len(found); a++ {
			for b := a; b > 0 && found[b].end > found[b-1].end; b-- {
				found[b], found[b-1] = found[b-1], found[b]
			}
		}
		for _, f := range found {
			fn(f)
		}
	}
}

func shortGap(gap string) bool {
	return len(gap) <= maxGap && !strings.ContainsAny(gap, "\n\r")
}

// startsUpper reports whether s begins with an upper-case or title-case
// letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}
