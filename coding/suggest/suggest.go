// Package suggest ranks passages of a project's transcripts by how much
// they resemble the passages already coded with a code, with a lexical
// model built from the project alone (nothing leaves the machine), and says
// why each passage is ranked where it is.
//
// The model is Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic
// Relevance Framework: BM25 and Beyond", Foundations and Trends in
// Information Retrieval 3(4)) over word stems, with the language's stop
// words left out. The "query" is the code's coded passages: each of their
// terms weighs the share of those passages it occurs in, so that a word
// that runs through the code counts more than one that occurs once. For a
// passage d, with the project's N passages, n(t) of them holding term t,
// tf(t,d) its count in d, |d| the number of terms of d and avgdl their
// mean over the project:
//
//	idf(t)     = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
//	share(t)   = (code's passages holding t) / (code's passages)
//	weight(t,d)= share(t) · idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
//	score(d)   = Σ over the terms d shares with the code's passages of weight(t,d)
//
// with k1 = 1.2 and b = 0.75. The weights of the shared terms are the
// explanation: they add up to the score.
//
// The package knows nothing of coders or blinding: the core (coding/study)
// decides which coded passages a person's model is built from and which
// passages may be suggested to them.
package suggest

import (
	"cmp"
	"math"
	"slices"

	"github.com/focalqda/focal/corpus/nlp"
)

// The BM25 parameters: K1 saturates a term's count in a passage, B
// normalises by the passage's length. These are the usual values
// (Robertson & Zaragoza 2009, section 3.3).
const (
	K1 = 1.2
	B  = 0.75
)

// Text is a passage's text and the language it is in ("en", "es", a tag,
// or "" when unknown), which chooses the stop words and the stemmer.
type Text struct {
	Text string
	Lang string
}

// Index holds the terms of a project's passages and how many passages
// hold each term. Build it once with NewIndex; it is only read after.
type Index struct {
	vocab  map[string]int // term -> id
	terms  []string       // id -> term
	df     []int          // id -> passages holding it
	docs   [][]termCount  // per passage, its terms and counts, by term id
	length []int          // per passage, its number of terms
	avgLen float64
	// cache maps a word as written to its term id (-1: a stop word), per
	// language, so that each distinct spelling is folded and stemmed once.
	cache map[string]map[string]int
	// words is the word buffer NewIndex reuses from passage to passage.
	words []nlp.Span
}

type termCount struct {
	term, count int
}

// NewIndex builds the index of the passages, in order: passage i of the
// result is passages[i].
func NewIndex(passages []Text) *Index {
	ix := &Index{vocab: map[string]int{}, cache: map[string]map[string]int{},
		docs: make([][]termCount, len(passages)), length: make([]int, len(passages))}
	defer func() { ix.words = nil }()
	// The passages' term lists live in one backing array, filled in order.
	var store []termCount
	total := 0
	var ids []int
	for i, p := range passages {
		ids = ix.appendTermIDs(ids[:0], p)
		slices.Sort(ids)
		from := len(store)
		for j := 0; j < len(ids); {
			k := j
			for k < len(ids) && ids[k] == ids[j] {
				k++
			}
			store = append(store, termCount{ids[j], k - j})
			ix.df[ids[j]]++
			j = k
		}
		ix.docs[i] = store[from:len(store):len(store)]
		ix.length[i] = len(ids)
		total += len(ids)
	}
	if len(passages) > 0 {
		ix.avgLen = float64(total) / float64(len(passages))
	}
	return ix
}

// Len is the number of passages indexed.
func (ix *Index) Len() int { return len(ix.docs) }

// Terms returns the index terms of a text (stems of its words without the
// stop words), in the order they occur, with repeats.
func Terms(t Text) []string {
	var out []string
	for _, w := range nlp.Words(t.Text, []nlp.Span{{Start: 0, End: len(t.Text)}}) {
		if term, ok := termOf(t.Lang, t.Text[w.Start:w.End]); ok {
			out = append(out, term)
		}
	}
	return out
}

// termOf folds, filters and stems one word; ok is false for a stop word.
func termOf(lang, word string) (string, bool) {
	f := nlp.Fold(word)
	if nlp.IsStopWord(lang, f) {
		return "", false
	}
	// A word of one letter or a bare number says nothing of a topic.
	if len([]rune(f)) < 2 {
		return "", false
	}
	stem := nlp.Stem(lang, f)
	if stem != f && nlp.IsStopWord(lang, stem) {
		// "knows" is "know", a stop word.
		return "", false
	}
	return stem, true
}

// appendTermIDs appends the term ids of a text, adding new terms to the
// vocabulary.
func (ix *Index) appendTermIDs(dst []int, t Text) []int {
	cache := ix.cache[t.Lang]
	if cache == nil {
		cache = map[string]int{}
		ix.cache[t.Lang] = cache
	}
	ix.words = nlp.AppendWords(ix.words[:0], t.Text, []nlp.Span{{Start: 0, End: len(t.Text)}})
	for _, w := range ix.words {
		word := t.Text[w.Start:w.End]
		id, ok := cache[word]
		if !ok {
			id = -1
			if term, keep := termOf(t.Lang, word); keep {
				id = ix.termID(term)
			}
			cache[word] = id
		}
		if id >= 0 {
			dst = append(dst, id)
		}
	}
	return dst
}

func (ix *Index) termID(term string) int {
	if id, ok := ix.vocab[term]; ok {
		return id
	}
	id := len(ix.terms)
	ix.vocab[term] = id
	ix.terms = append(ix.terms, term)
	ix.df = append(ix.df, 0)
	return id
}

// IDF is BM25's inverse document frequency of a term: ln(1 + (N − n +
// 0.5)/(n + 0.5)) for N passages of which n hold it; 0 for a term no
// passage holds.
func (ix *Index) IDF(term string) float64 {
	id, ok := ix.vocab[term]
	if !ok {
		return 0
	}
	return ix.idf(id)
}

func (ix *Index) idf(id int) float64 {
	n, total := float64(ix.df[id]), float64(len(ix.docs))
	return math.Log(1 + (total-n+0.5)/(n+0.5))
}

// Query is what the code's coded passages make of the model: each term's
// share of those passages.
type Query struct {
	// Examples is the number of coded passages the query was made from.
	Examples int
	share    map[int]float64
}

// NewQuery makes the query of a code from the texts of its coded
// passages. Terms no passage of the index holds are left out: they could
// match nothing.
func (ix *Index) NewQuery(examples []Text) Query {
	q := Query{Examples: len(examples), share: map[int]float64{}}
	if len(examples) == 0 {
		return q
	}
	seen := map[int]bool{}
	var ids []int
	for _, e := range examples {
		clear(seen)
		ids = ix.lookupTermIDs(ids[:0], e)
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				q.share[id]++
			}
		}
	}
	for id := range q.share {
		q.share[id] /= float64(len(examples))
	}
	return q
}

// lookupTermIDs is appendTermIDs without adding to the vocabulary.
func (ix *Index) lookupTermIDs(dst []int, t Text) []int {
	for _, term := range Terms(t) {
		if id, ok := ix.vocab[term]; ok {
			dst = append(dst, id)
		}
	}
	return dst
}

// Shared is one term a passage shares with the code's passages: why the
// passage is suggested. Weights of a passage's shared terms add up to its
// score.
type Shared struct {
	// Term is the stem ("isolat"); Word is a word of the passage that
	// gives it ("isolated"), for people.
	Term string `json:"term"`
	Word string `json:"word"`
	// Weight is the term's part of the score.
	Weight float64 `json:"weight"`
	// Share is the share of the code's passages that hold the term; IDF
	// how rare it is in the project; Count how often the passage holds it.
	Share float64 `json:"share"`
	IDF   float64 `json:"idf"`
	Count int     `json:"count"`
}

// Ranked is a passage with its score and why.
type Ranked struct {
	// Passage is the passage's position in the index.
	Passage int
	Score   float64
	Shared  []Shared
}

// Rank scores the passages for which eligible returns true and returns the
// limit best (all when limit <= 0) with a score above zero, best first;
// ties keep the index's order. texts must be the index's passages, for the
// words of the explanation.
func (ix *Index) Rank(q Query, texts []Text, eligible func(i int) bool, limit int) []Ranked {
	if len(q.share) == 0 {
		return nil
	}
	var out []Ranked
	for i, doc := range ix.docs {
		if eligible != nil && !eligible(i) {
			continue
		}
		score := 0.0
		for _, tc := range doc {
			if share, ok := q.share[tc.term]; ok {
				score += ix.weight(share, tc, ix.length[i])
			}
		}
		if score > 0 {
			out = append(out, Ranked{Passage: i, Score: score})
		}
	}
	slices.SortStableFunc(out, func(a, b Ranked) int { return cmp.Compare(b.Score, a.Score) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for k := range out {
		out[k].Shared = ix.explain(q, out[k].Passage, texts)
	}
	return out
}

// weight is one term's part of a passage's score.
func (ix *Index) weight(share float64, tc termCount, length int) float64 {
	tf := float64(tc.count)
	norm := 1 - B + B*float64(length)/ix.avgLen
	return share * ix.idf(tc.term) * tf * (K1 + 1) / (tf + K1*norm)
}

// explain lists the terms passage i shares with the query, heaviest first.
func (ix *Index) explain(q Query, i int, texts []Text) []Shared {
	words := map[int]string{}
	if i < len(texts) {
		t := texts[i]
		for _, w := range nlp.Words(t.Text, []nlp.Span{{Start: 0, End: len(t.Text)}}) {
			word := t.Text[w.Start:w.End]
			if id, ok := ix.cache[t.Lang][word]; ok && id >= 0 {
				if _, seen := words[id]; !seen {
					words[id] = nlp.Fold(word)
				}
			}
		}
	}
	var out []Shared
	for _, tc := range ix.docs[i] {
		share, ok := q.share[tc.term]
		if !ok {
			continue
		}
		out = append(out, Shared{Term: ix.terms[tc.term], Word: words[tc.term], Weight: ix.weight(share, tc, ix.length[i]),
			Share: share, IDF: ix.idf(tc.term), Count: tc.count})
	}
	slices.SortStableFunc(out, func(a, b Shared) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		return cmp.Compare(a.Term, b.Term)
	})
	return out
}
