package study

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// SearchQuery is a search of the transcripts' words.
type SearchQuery struct {
	// Pattern is words or a phrase, matched as whole words ignoring case
	// and accents; a word ending in * matches every word starting so.
	// With Regexp it is a regular expression (Go syntax, ignoring case).
	Pattern string
	Regexp  bool
	// Stem matches other forms of the words ("belong" finds "belonging"),
	// by the light stemming of each source's language.
	Stem bool
	// Source limits the search to one source (name or id).
	Source string
	// Speaker limits it to the turns of one speaker: the speaker's name
	// (as `focal speaker list` gives it) or the participant.
	Speaker string
	// Group limits it to one focus group.
	Group string
	// Attrs limits it to participants with all of these attributes.
	Attrs map[string]string
	// Context is how many characters of the turn to show either side of a
	// hit (40 when 0).
	Context int
}

// Hit is one place where the search matched, as a keyword-in-context line.
type Hit struct {
	Source      string `json:"source"`
	SourceID    string `json:"-"`
	Group       string `json:"group"`
	Turn        int    `json:"turn"`
	Speaker     string `json:"speaker"`
	Participant string `json:"participant,omitempty"`
	Moderator   bool   `json:"moderator,omitempty"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Before      string `json:"before"`
	Match       string `json:"match"`
	After       string `json:"after"`
}

// SearchResult is what a search found and how much it read.
type SearchResult struct {
	Hits []Hit `json:"hits"`
	// Sources and Turns count what was searched (after the limits).
	Sources int `json:"sources"`
	Turns   int `json:"turns"`
}

// Search finds words, phrases or a regular expression in the transcripts.
// It reads the shared text only (no coder's work), so blinding does not
// narrow it; coding the hits (CodeHits) writes the person's own layer.
func (st *Study) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	var res SearchResult
	m, err := newMatcher(q)
	if err != nil {
		return res, err
	}
	w, err := st.whereabouts(ctx)
	if err != nil {
		return res, err
	}
	if err := w.checkFilters(q.Group, q.Attrs); err != nil {
		return res, err
	}
	srcs := w.list
	if q.Source != "" {
		src, err := st.store.Source(ctx, q.Source)
		if err != nil {
			return res, err
		}
		srcs = []corpus.Source{src}
	}
	if q.Speaker != "" && !w.hasSpeaker(ctx, st, srcs, q.Speaker) {
		return res, fmt.Errorf("no speaker %q in %s (see `focal speaker list`)", q.Speaker, sourcesNamed(srcs))
	}
	around := q.Context
	if around <= 0 {
		around = 40
	}
	var runes []rune
	for _, src := range srcs {
		if q.Group != "" && !strings.EqualFold(src.Group, q.Group) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		turns, err := st.store.TurnPlaces(ctx, src.ID)
		if err != nil {
			return res, err
		}
		text, err := st.store.SourceText(ctx, src.ID)
		if err != nil {
			return res, err
		}
		runes = appendRunes(runes[:0], text)
		searched := false
		for _, t := range turns {
			if q.Speaker != "" && !isSpeaker(t, q.Speaker) {
				continue
			}
			if !w.keeps(src, t.Participant, "", q.Attrs) {
				continue
			}
			if t.Start < 0 || t.End > len(runes) || t.Start >= t.End {
				continue
			}
			searched = true
			res.Turns++
			utt := runes[t.Start:t.End]
			m.find(utt, src.Language, func(s, e int) {
				res.Hits = append(res.Hits, Hit{
					Source: src.Name, SourceID: src.ID, Group: src.Group, Turn: t.Seq, Speaker: t.Speaker,
					Participant: t.Participant, Moderator: t.Role == "moderator",
					Start: t.Start + s, End: t.Start + e,
					Before: kwicBefore(utt[:s], around), Match: string(utt[s:e]), After: kwicAfter(utt[e:], around),
				})
			})
		}
		if searched {
			res.Sources++
		}
	}
	return res, nil
}

func sourcesNamed(srcs []corpus.Source) string {
	if len(srcs) == 1 {
		return srcs[0].Name
	}
	return "any source"
}

// hasSpeaker says whether some turn of srcs is the speaker's.
func (w whereabouts) hasSpeaker(ctx context.Context, st *Study, srcs []corpus.Source, name string) bool {
	id := ""
	if len(srcs) == 1 {
		id = srcs[0].ID
	}
	speakers, err := st.store.Speakers(ctx, id)
	if err != nil {
		return true // let the search itself report the trouble
	}
	for _, k := range speakers {
		if strings.EqualFold(k.Name, name) || strings.EqualFold(k.Participant, name) {
			return true
		}
	}
	return false
}

func isSpeaker(t corpus.Turn, name string) bool {
	return strings.EqualFold(t.Speaker, name) || (t.Participant != "" && strings.EqualFold(t.Participant, name))
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// kwicBefore is the last n characters of rs, on one line, starting at a
// word where it was cut.
func kwicBefore(rs []rune, n int) string {
	cut := len(rs) > n
	if cut {
		rs = rs[len(rs)-n:]
		if i := indexRune(rs, ' '); i >= 0 && i < len(rs)/2 {
			rs = rs[i+1:]
		}
	}
	s := oneLine(string(rs))
	if cut {
		s = "…" + s
	}
	return s
}

// kwicAfter is the first n characters of rs, on one line, ending at a word
// where it was cut.
func kwicAfter(rs []rune, n int) string {
	cut := len(rs) > n
	if cut {
		rs = rs[:n]
		for i := len(rs) - 1; i > len(rs)/2; i-- {
			if rs[i] == ' ' {
				rs = rs[:i]
				break
			}
		}
	}
	s := oneLine(string(rs))
	if cut {
		s += "…"
	}
	return s
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// matcher finds a query in a turn's characters.
type matcher struct {
	re    *regexp.Regexp
	words []queryWord
	stem  bool
	fold  map[rune]rune // folded form of the non-ASCII letters met
	buf   []rune
	toks  []corpus.Span
}

// queryWord is one word of the query, folded (and stemmed per language).
type queryWord struct {
	folded []rune
	prefix bool              // ended in *: any word starting so
	stems  map[string]string // language → stem, filled as languages appear
}

func newMatcher(q SearchQuery) (*matcher, error) {
	pattern := strings.TrimSpace(q.Pattern)
	if pattern == "" {
		return nil, errors.New("nothing to search for: give words, a phrase or (with --regexp) a pattern")
	}
	m := &matcher{stem: q.Stem, fold: map[rune]rune{}}
	if q.Regexp {
		re, err := regexp.Compile("(?i)" + pattern)
		if err != nil {
			return nil, fmt.Errorf("not a regular expression: %v", err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("the pattern %q matches nothing at all (an empty match) everywhere: make it match at least one character", pattern)
		}
		m.re = re
		return m, nil
	}
	rs := []rune(pattern)
	folded := m.foldAll(rs)
	for _, t := range m.tokens(folded) {
		w := queryWord{folded: append([]rune(nil), folded[t.Start:t.End]...), stems: map[string]string{}}
		if t.End < len(rs) && rs[t.End] == '*' {
			w.prefix = true
		}
		m.words = append(m.words, w)
	}
	if len(m.words) == 0 {
		return nil, fmt.Errorf("%q holds no word to search for (use --regexp for punctuation)", pattern)
	}
	return m, nil
}

// find calls hit with each match in utt (code points within utt).
func (m *matcher) find(utt []rune, lang string, hit func(start, end int)) {
	if m.re != nil {
		m.findRegexp(utt, hit)
		return
	}
	folded := m.foldAll(utt)
	toks := m.tokens(folded)
	for i := 0; i+len(m.words) <= len(toks); i++ {
		ok := true
		for j, w := range m.words {
			if !m.wordMatches(w, folded, toks[i+j], lang) {
				ok = false
				break
			}
		}
		if ok {
			hit(toks[i].Start, toks[i+len(m.words)-1].End)
			i += len(m.words) - 1
		}
	}
}

func (m *matcher) wordMatches(w queryWord, folded []rune, t corpus.Span, lang string) bool {
	if lang == "" {
		lang = "en" // a source whose language is not known is stemmed as English
	}
	word := folded[t.Start:t.End]
	if w.prefix {
		return hasRunePrefix(word, w.folded)
	}
	if !m.stem {
		return slices.Equal(word, w.folded)
	}
	stem, ok := w.stems[lang]
	if !ok {
		stem = nlp.Stem(lang, string(w.folded))
		w.stems[lang] = stem
	}
	// A stem shares all but its last letter with its word: most words are
	// ruled out without stemming them.
	sr := []rune(stem)
	if len(word) < len(sr) || !slices.Equal(word[:len(sr)-1], sr[:len(sr)-1]) {
		return false
	}
	return nlp.Stem(lang, string(word)) == stem
}

func (m *matcher) findRegexp(utt []rune, hit func(start, end int)) {
	s := string(utt)
	locs := m.re.FindAllStringIndex(s, -1)
	cp, at := 0, 0 // code point count up to byte at
	for _, l := range locs {
		if l[0] == l[1] {
			continue
		}
		cp += utf8.RuneCountInString(s[at:l[0]])
		start := cp
		cp += utf8.RuneCountInString(s[l[0]:l[1]])
		at = l[1]
		hit(start, cp)
	}
}

// foldAll lowers case and takes accents off, one letter for one letter, so
// positions stay those of the text.
func (m *matcher) foldAll(rs []rune) []rune {
	m.buf = m.buf[:0]
	for _, r := range rs {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		default:
			f, ok := m.fold[r]
			if !ok {
				f = nlp.FoldLetter(r)
				m.fold[r] = f
			}
			r = f
		}
		m.buf = append(m.buf, r)
	}
	return m.buf
}

// tokens splits folded text into words: letters, digits and marks, with an
// apostrophe between letters kept inside ("don't").
func (m *matcher) tokens(rs []rune) []corpus.Span {
	m.toks = m.toks[:0]
	start := -1
	for i, r := range rs {
		word := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		if !word && r == '\'' && start >= 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			word = true
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			m.toks = append(m.toks, corpus.Span{Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		m.toks = append(m.toks, corpus.Span{Start: start, End: len(rs)})
	}
	return m.toks
}

func hasRunePrefix(a, p []rune) bool { return len(a) >= len(p) && slices.Equal(a[:len(p)], p) }

// HitSpan is a hit chosen to be coded.
type HitSpan struct {
	Source     string // name or id
	Start, End int
}

// Extent is how far a coded hit reaches.
type Extent string

// The extents a hit can be coded to.
const (
	ExtendMatch    Extent = ""         // the matched words only
	ExtendSentence Extent = "sentence" // the sentence(s) holding them
	ExtendTurn     Extent = "turn"     // the turn(s) holding them
)

// CodeHitsRequest is a code applied to search hits.
type CodeHitsRequest struct {
	Code string
	// NewCode and CodeDefinition are as for AddCoding.
	NewCode        bool
	CodeDefinition string
	Extend         Extent
	Hits           []HitSpan
}

// CodedHits says what CodeHits did.
type CodedHits struct {
	// Spans is how many spans were coded (hits in one sentence or turn,
	// when extended, make one).
	Spans int `json:"spans"`
	// Added counts the new codings; Existed the spans already coded so.
	Added       int    `json:"added"`
	Existed     int    `json:"existed"`
	CreatedCode bool   `json:"created_code"`
	Code        string `json:"code"`
}

// CodeHits codes search hits with one code in the person's own layer, as
// ONE action: one undo takes every coding back (and the code, when it was
// created here). Hits may be extended to their sentence or turn; hits
// landing in one span code it once. All are coded, or, when one is
// refused, none.
func (st *Study) CodeHits(ctx context.Context, p Person, req CodeHitsRequest) (CodedHits, error) {
	var res CodedHits
	if strings.TrimSpace(req.Code) == "" {
		return res, errors.New("name the code to apply")
	}
	if len(req.Hits) == 0 {
		return res, errors.New("no hits to code")
	}
	switch req.Extend {
	case ExtendMatch, ExtendSentence, ExtendTurn:
	default:
		return res, fmt.Errorf("cannot extend hits to %q: say sentence or turn", req.Extend)
	}
	if _, err := st.actor(ctx, p); err != nil {
		return res, err
	}
	spans, err := st.extendHits(ctx, req.Hits, req.Extend)
	if err != nil {
		return res, err
	}
	ncs := make([]store.NewCoding, len(spans))
	for i, s := range spans {
		ncs[i] = store.NewCoding{Source: s.Source, Code: req.Code, Start: s.Start, End: s.End, CodeDefinition: req.CodeDefinition, NewCode: req.NewCode}
		if !req.NewCode {
			ncs[i].BeforeNewCode = newCodeNameRule
		}
	}
	results, err := st.store.AddCodings(p.ctx(ctx), ncs)
	if err != nil {
		return res, err
	}
	res.Spans = len(results)
	for _, r := range results {
		if r.Existed {
			res.Existed++
		} else {
			res.Added++
		}
		res.CreatedCode = res.CreatedCode || r.CreatedCode
		res.Code = r.Coding.Code
	}
	return res, nil
}

// extendHits widens hits to their sentences or turns, resolves sources to
// ids, and drops repeats, in source and position order.
func (st *Study) extendHits(ctx context.Context, hits []HitSpan, ext Extent) ([]HitSpan, error) {
	type unitsOf struct {
		id    string
		units []corpus.Span
	}
	bySource := map[string]*unitsOf{}
	var seg *nlp.Segmenter
	seen := map[HitSpan]bool{}
	var out []HitSpan
	for _, h := range hits {
		u := bySource[h.Source]
		if u == nil {
			src, err := st.store.Source(ctx, h.Source)
			if err != nil {
				return nil, err
			}
			u = &unitsOf{id: src.ID}
			switch ext {
			case ExtendTurn:
				turns, err := st.store.Turns(ctx, src.ID)
				if err != nil {
					return nil, err
				}
				for _, t := range turns {
					u.units = append(u.units, t.Utterance())
				}
			case ExtendSentence:
				units, err := st.store.Units(ctx, src.ID, "sentence")
				if errors.Is(err, store.ErrNotFound) {
					if seg == nil {
						if seg, err = nlp.NewSegmenter(); err != nil {
							return nil, err
						}
					}
					units, err = st.findSentences(ctx, seg, src)
				}
				if err != nil {
					return nil, err
				}
				u.units = units
			}
			bySource[h.Source] = u
		}
		s := HitSpan{Source: u.id, Start: h.Start, End: h.End}
		if ext != ExtendMatch {
			s = widen(s, u.units)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Source != out[j].Source {
			return out[i].Source < out[j].Source
		}
		return out[i].Start < out[j].Start
	})
	return out, nil
}

// widen stretches s over every unit it touches.
func widen(s HitSpan, units []corpus.Span) HitSpan {
	k := sort.Search(len(units), func(k int) bool { return units[k].End > s.Start })
	for ; k < len(units) && units[k].Start < s.End; k++ {
		s.Start = min(s.Start, units[k].Start)
		s.End = max(s.End, units[k].End)
	}
	return s
}

// findSentences splits a source's turns into sentences when none were
// stored at import, in code points.
func (st *Study) findSentences(ctx context.Context, seg *nlp.Segmenter, src corpus.Source) ([]corpus.Span, error) {
	text, err := st.store.SourceText(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	turns, err := st.store.Turns(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	idx := corpus.NewPositionIndex(text)
	var utts []nlp.Span
	for _, t := range turns {
		b0, err := idx.ByteOffset(t.Start)
		if err != nil {
			return nil, err
		}
		b1, err := idx.ByteOffset(t.End)
		if err != nil {
			return nil, err
		}
		utts = append(utts, nlp.Span{Start: b0, End: b1})
	}
	var out []corpus.Span
	for _, b := range seg.Sentences(text, utts, src.Language) {
		out = append(out, corpus.Span{Start: idx.RuneOffset(b.Start), End: idx.RuneOffset(b.End)})
	}
	return out, nil
}
