package nlp

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/data"
)

// english is the Punkt sentence tokenizer for English: the trained model
// prose/v2 uses (neurosnap/sentences' english.json), our word tokenizer and
// the two standard Punkt annotation passes, followed by transcriptRules.
// Nothing in it changes after newEnglish returns, so it is safe for
// concurrent use.
type english struct {
	tok *sentences.DefaultSentenceTokenizer
}

// newEnglish loads the model (about 10 ms; it is a 400 KB JSON table, not
// prose's 100 MB tagging model, which segmentation does not need).
func newEnglish(starters map[string]bool) (*english, error) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		return nil, fmt.Errorf("nlp: loading the English sentence model: %w", err)
	}
	st, err := sentences.LoadTraining(b)
	if err != nil {
		return nil, fmt.Errorf("nlp: loading the English sentence model: %w", err)
	}
	// The model was trained on news text. In transcripts "OK." is far more
	// often a whole answer than Oklahoma, and "e.g.", "i.e." and "etc." are
	// common but missing.
	st.AbbrevTypes.Remove("ok")
	for _, a := range []string{"e.g", "i.e", "etc", "approx", "vs", "cf"} {
		st.AbbrevTypes.Add(a)
	}
	punct := sentences.NewPunctStrings()
	w := &enWords{}
	w.PunctStrings = punct
	ann := sentences.NewAnnotations(st, punct, w)
	ann = append(ann, &transcriptRules{words: w, starters: starters, sentStarters: st.SentStarters})
	return &english{
		tok: &sentences.DefaultSentenceTokenizer{
			Storage:       st,
			PunctStrings:  punct,
			WordTokenizer: w,
			Annotations:   ann,
		},
	}, nil
}

// breaks appends to out the byte offsets (relative to para) after which a
// sentence ends inside para, in increasing order. para holds no line break.
func (e *english) breaks(para string, out []int) []int {
	for _, t := range e.tok.AnnotatedTokens(para) {
		if t.SentBreak {
			out = append(out, t.Position)
		}
	}
	return out
}

// enWords is the word tokenizer and token classifier that Punkt calls. It
// replaces neurosnap's DefaultWordTokenizer, which misses the last word of
// a text that ends in a non-ASCII character, ignores "…", compiles regular
// expressions per token and sees opening quotes as part of the next word
// (so `"The` was never recognised as a sentence starter).
type enWords struct {
	sentences.DefaultWordTokenizer
}

// Tokenize splits text at white space. Each token's Position is the byte
// offset just after it, which is where a sentence would end. With
// onlyPeriodContext, as Punkt asks, only tokens holding sentence
// punctuation and the token after each are returned; Punkt only ever looks
// at those pairs.
func (w *enWords) Tokenize(text string, onlyPeriodContext bool) []*sentences.Token {
	tokens := make([]*sentences.Token, 0, 16)
	wantNext := false
	i := 0
	for i < len(text) {
		if sp, n := isSpaceAt(text, i); sp {
			i += n
			continue
		}
		start := i
		for i < len(text) {
			sp, n := isSpaceAt(text, i)
			if sp {
				break
			}
			i += n
		}
		word := text[start:i]
		punct := hasSentencePunct(word)
		if onlyPeriodContext && !punct && !wantNext {
			continue
		}
		wantNext = punct
		// Opening quotes and brackets are dropped so that Punkt sees the
		// word itself (`"The` is the sentence starter "the"); "[..." keeps
		// its bracket, which marks an omission.
		tok := stripOpeners(word)
		if strings.HasPrefix(tok, ".") || strings.HasPrefix(tok, "…") {
			tok = word
		}
		t := sentences.NewToken(tok)
		t.Position = i
		tokens = append(tokens, t)
	}
	return tokens
}

// hasSentencePunct reports whether s holds a character that can end a
// sentence.
func hasSentencePunct(s string) bool {
	// A byte loop: strings.ContainsAny took a quarter of the time here.
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '?', '!':
			return true
		case "…"[0]:
			if strings.HasPrefix(s[i:], "…") {
				return true
			}
		}
	}
	return false
}

// Type returns the token's type as the Punkt model knows it: lower case,
// commas dropped, numbers replaced by "##number##".
func (w *enWords) Type(t *sentences.Token) string {
	typ := strings.ToLower(t.Tok)
	if isNumberType(typ) {
		return "##number##"
	}
	if len(typ) > 1 && strings.IndexByte(typ, ',') >= 0 {
		typ = strings.ReplaceAll(typ, ",", "")
	}
	return typ
}

// isNumberType reports whether s matches ^-?[.,]?[0-9][0-9,.-]*$, the
// pattern the model was trained with (neurosnap's copy lacks the anchor at
// the start and so turned "a1" into "a##number##").
func isNumberType(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s != "" && (s[0] == '.' || s[0] == ',') {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != ',' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// TypeNoPeriod is the type without a final period.
func (w *enWords) TypeNoPeriod(t *sentences.Token) string {
	typ := w.Type(t)
	if len(typ) > 1 && typ[len(typ)-1] == '.' {
		return typ[:len(typ)-1]
	}
	return typ
}

// TypeNoSentPeriod is the type without a final period when the token ends a
// sentence.
func (w *enWords) TypeNoSentPeriod(t *sentences.Token) string {
	if t.SentBreak {
		return w.TypeNoPeriod(t)
	}
	return w.Type(t)
}

// FirstUpper reports whether the token starts with an upper-case letter.
func (w *enWords) FirstUpper(t *sentences.Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Tok)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// FirstLower reports whether the token starts with a lower-case letter.
func (w *enWords) FirstLower(t *sentences.Token) bool {
	r, _ := utf8.DecodeRuneInString(t.Tok)
	return unicode.IsLower(r)
}

// IsEllipsis reports whether the token ends with "..", "..." or "…",
// possibly followed by closing quotes or brackets.
func (w *enWords) IsEllipsis(t *sentences.Token) bool {
	s := stripClosers(t.Tok)
	return strings.HasSuffix(s, "..") || strings.HasSuffix(s, "…")
}

// HasSentEndChars reports whether the token ends a sentence by its
// punctuation alone: '?' or '!' (each possibly followed by closing quotes
// or brackets), or '.' followed by a closing quote or bracket. A bare final
// '.' is left to Punkt's abbreviation model.
func (w *enWords) HasSentEndChars(t *sentences.Token) bool {
	s := stripClosers(t.Tok)
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case '?', '!':
		return true
	case '.':
		return len(s) < len(t.Tok) && !strings.HasSuffix(s, "..")
	}
	return false
}

// isBracketedEllipsis reports whether tok ends with an ellipsis in brackets,
// "[...]" or "(…)", possibly followed by closing quotes.
func isBracketedEllipsis(tok string) bool {
	_, word := tokenEnd(tok)
	return strings.HasSuffix(word, "[") || strings.HasSuffix(word, "(")
}

// transcriptRules is the last annotation pass: corrections to Punkt's
// decisions for how people speak and how transcribers punctuate.
type transcriptRules struct {
	words *enWords
	// starters are lower-case words that often begin a sentence in
	// transcripts (pronouns, discourse markers); sentStarters are the
	// model's own frequent sentence starters.
	starters     map[string]bool
	sentStarters sentences.SetString
}

// Annotate applies the rules to each token that could end a sentence,
// looking at the word after it. Tokenize returns the word after every token
// with sentence punctuation, so tokens[k+1] is the very next word.
func (r *transcriptRules) Annotate(tokens []*sentences.Token) []*sentences.Token {
	w := r.words
	for k := 0; k+1 < len(tokens); k++ {
		one, two := tokens[k], tokens[k+1]
		if !hasSentencePunct(one.Tok) {
			continue
		}
		nextUpper := w.FirstUpper(two)
		switch {
		case stripClosers(two.Tok) == ".":
			// A spaced ellipsis ". . ." goes on; its last dot decides.
			one.SentBreak = false
		case isBracketedEllipsis(one.Tok):
			// "[...]" marks an omission in a quotation, not an end.
			one.SentBreak = false
		case w.IsEllipsis(one) || stripClosers(one.Tok) == ".":
			// "I was... I was going" ends a sentence; "it's like… you
			// know" trails off inside one. The same holds for the last
			// dot of a spaced ellipsis, which Punkt never breaks at.
			one.SentBreak = nextUpper
		case one.SentBreak && w.HasSentEndChars(one) && endsWithCloser(one.Tok) && w.FirstLower(two):
			// `She said "no!" and left`: the quotation ends, the
			// sentence goes on.
			one.SentBreak = false
		case strings.HasSuffix(one.Tok, "."):
			key := w.TypeNoPeriod(one)
			switch {
			case enTitles[key]:
				// "Mr. Brown", "Dr. Green": the model breaks before a
				// name that is also a common word.
				one.SentBreak = false
			case key == "no" || key == "nos":
				// "No." is an answer, "No. 5" a number.
				c, _ := utf8.DecodeRuneInString(two.Tok)
				one.SentBreak = !unicode.IsDigit(c)
			case !one.SentBreak && (one.Abbr || isInitialism(key)) && nextUpper && r.isStarter(w.Type(two)):
				// "at 5 p.m. Then we left", "in the U.S. We don't".
				one.SentBreak = true
			}
		}
	}
	return tokens
}

// isStarter reports whether a word type often begins a sentence. Only the
// part before an apostrophe counts ("I'm", "We'll").
func (r *transcriptRules) isStarter(typ string) bool {
	if i := strings.IndexAny(typ, "'’"); i > 0 {
		typ = typ[:i]
	}
	typ = strings.TrimRightFunc(typ, func(c rune) bool { return !unicode.IsLetter(c) })
	return r.starters[typ] || r.sentStarters[typ] != 0
}

// enTitles are English abbreviations that stand before a name and so never
// end a sentence.
var enTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"rev": true, "hon": true, "messrs": true, "mmes": true, "gen": true,
	"col": true, "capt": true, "cpt": true, "lt": true, "sgt": true,
	"maj": true, "adm": true, "gov": true, "sen": true, "rep": true,
	"fr": true, "mt": true, "pres": true, "supt": true, "insp": true, "det": true,
}
