package membercheck

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/nlp"
)

// Answers to a theme: does it reflect the participant's experience?
const (
	Yes    = "yes"
	Partly = "partly"
	No     = "no"
)

// Answers to a quote.
const (
	Keep   = "keep"
	Remove = "remove"
	Edit   = "edit"
)

// ThemeAnswers and QuoteAnswers are the values in the order packets offer
// them.
var (
	ThemeAnswers = []string{Yes, Partly, No}
	QuoteAnswers = []string{Keep, Remove, Edit}
)

// MaxCommentLength bounds free text taken from a returned packet (a cell
// holds at most 32,767 characters).
const MaxCommentLength = 32767

// answerWords maps every accepted spelling, folded (lower case, no
// accents), to its value. Every language's words are accepted whatever the
// packet's language, so a participant may answer in either.
var answerWords = map[string]map[string]string{
	"theme": {
		"yes": Yes, "si": Yes, "sí": Yes,
		"partly": Partly, "partially": Partly, "parcialmente": Partly, "en parte": Partly,
		"no": No,
	},
	"quote": {
		"keep": Keep, "mantener": Keep, "conservar": Keep,
		"remove": Remove, "quitar": Remove, "eliminar": Remove, "borrar": Remove,
		"edit": Edit, "editar": Edit, "corregir": Edit,
	},
}

// ParseAnswer reads what a participant put in an answer cell of an item
// ("theme" or "quote"): any language's word for an allowed answer, in any
// case, with or without accents, surrounded by white space or not. An
// empty cell is no answer (""). Anything else is refused with a message
// that lists the allowed answers in lang.
func ParseAnswer(item, cell, lang string) (string, error) {
	words, ok := answerWords[item]
	if !ok {
		return "", fmt.Errorf("unknown item %q", item)
	}
	if !utf8.ValidString(cell) {
		return "", fmt.Errorf("the answer is not valid text; %s", allowedList(item, lang))
	}
	s := strings.TrimFunc(cell, func(r rune) bool { return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' })
	if s == "" {
		return "", nil
	}
	if utf8.RuneCountInString(s) > 40 {
		return "", fmt.Errorf("the answer is not one of the choices; %s", allowedList(item, lang))
	}
	key := strings.Join(strings.Fields(nlp.Fold(s)), " ")
	key = strings.TrimRight(key, ".!")
	if v, ok := words[key]; ok {
		return v, nil
	}
	return "", fmt.Errorf("%q is not one of the choices; %s", clip(s, 40), allowedList(item, lang))
}

func allowedList(item, lang string) string {
	w := WordingFor(lang)
	values := ThemeAnswers
	if item == "quote" {
		values = QuoteAnswers
	}
	labels := make([]string, len(values))
	for i, v := range values {
		labels[i] = w.Choice(v)
	}
	return "allowed: " + strings.Join(labels, ", ")
}

// CleanComment reads free text from a returned packet: NFC, line ends made
// LF, control characters other than line breaks and tabs dropped, white
// space trimmed. Text longer than MaxCommentLength is refused.
func CleanComment(cell string) (string, error) {
	if !utf8.ValidString(cell) {
		return "", fmt.Errorf("the text is not valid UTF-8")
	}
	cell = strings.ReplaceAll(strings.ReplaceAll(cell, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, r := range cell {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			continue
		}
		b.WriteRune(r)
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = corpus.NormalizeLine(l)
	}
	s := strings.TrimSpace(strings.Join(lines, "\n"))
	if utf8.RuneCountInString(s) > MaxCommentLength {
		return "", fmt.Errorf("the text is longer than %d characters", MaxCommentLength)
	}
	return s, nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
