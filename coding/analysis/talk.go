package analysis

import (
	"slices"
	"strings"
	"unicode"
)

// Turn is one turn of a focus group as the talk figures count it.
type Turn struct {
	// Voice names who spoke: a participant's id, or the speaker's label.
	Voice     string
	Moderator bool
	// Words counts the words of the utterance (see CountWords).
	Words int
}

// CountWords counts the words of a text: runs of letters, digits or
// apostrophes between anything else ("don't" is one word, "—" none).
func CountWords(text string) int {
	n, in := 0, false
	for _, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == '’'
		if word && !in {
			n++
		}
		in = word
	}
	return n
}

// Share is one voice's part of a group's talk.
type Share struct {
	Voice     string
	Moderator bool
	Turns     int
	Words     int
	// TurnShare and WordShare are fractions of the participants' turns and
	// words (moderators apart); for a moderator, of everyone's.
	TurnShare float64
	WordShare float64
}

// Value is a figure that may be undefined, with the reason.
type Value struct {
	V       float64
	Defined bool
	Reason  string
}

// GroupTalk is how one group talked.
type GroupTalk struct {
	Name string
	// Participants are the non-moderator voices, most words first.
	Participants []Share
	// Moderators are the moderators' voices, apart.
	Moderators []Share
	// Turns and Words total the participants' turns and words.
	Turns, Words int
	// GiniWords and GiniTurns are the Gini coefficients of the
	// participants' words and turns: 0 when all said as much, towards 1
	// when one voice said nearly everything.
	GiniWords, GiniTurns Value
	// Transitions counts who spoke after whom.
	Transitions Transitions
}

// Transitions is a turn-transition table: Counts[i][j] is how many times
// Voices[j] spoke right after Voices[i] in the same source.
type Transitions struct {
	Voices []string
	Counts [][]int
}

// Talk computes the figures of one group from its sources' turns, each in
// the order spoken. Turns with an empty voice (no speaker) are skipped: the
// turns on either side of one count as consecutive.
func Talk(name string, sources [][]Turn) GroupTalk {
	g := GroupTalk{Name: name}
	at := map[string]int{}
	var shares []Share
	allWords, allTurns := 0, 0
	var order []string
	for _, turns := range sources {
		for _, t := range turns {
			if t.Voice == "" {
				continue
			}
			i, ok := at[t.Voice]
			if !ok {
				i = len(shares)
				at[t.Voice] = i
				shares = append(shares, Share{Voice: t.Voice, Moderator: t.Moderator})
				order = append(order, t.Voice)
			}
			shares[i].Turns++
			shares[i].Words += t.Words
			allWords += t.Words
			allTurns++
			if !shares[i].Moderator {
				g.Turns++
				g.Words += t.Words
			}
		}
	}
	for _, s := range shares {
		if s.Moderator {
			s.TurnShare, s.WordShare = frac(s.Turns, allTurns), frac(s.Words, allWords)
			g.Moderators = append(g.Moderators, s)
			continue
		}
		s.TurnShare, s.WordShare = frac(s.Turns, g.Turns), frac(s.Words, g.Words)
		g.Participants = append(g.Participants, s)
	}
	slices.SortStableFunc(g.Participants, func(a, b Share) int { return b.Words - a.Words })
	words := make([]float64, len(g.Participants))
	turns := make([]float64, len(g.Participants))
	for i, s := range g.Participants {
		words[i], turns[i] = float64(s.Words), float64(s.Turns)
	}
	g.GiniWords, g.GiniTurns = Gini(words), Gini(turns)
	g.Transitions = transitions(order, at, sources)
	return g
}

func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func transitions(order []string, at map[string]int, sources [][]Turn) Transitions {
	tr := Transitions{Voices: order, Counts: make([][]int, len(order))}
	for i := range tr.Counts {
		tr.Counts[i] = make([]int, len(order))
	}
	for _, turns := range sources {
		prev := -1
		for _, t := range turns {
			if t.Voice == "" {
				continue
			}
			cur := at[t.Voice]
			if prev >= 0 {
				tr.Counts[prev][cur]++
			}
			prev = cur
		}
	}
	return tr
}

// Gini is the Gini coefficient of the values: the mean absolute difference
// between every two values (each pair both ways, a value with itself
// included) divided by twice the mean, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n Σ x). It is
// 0 when all values are equal and (n − 1)/n when one holds everything. It
// is undefined for fewer than two values or when all are zero.
func Gini(xs []float64) Value {
	if len(xs) < 2 {
		return Value{Reason: "fewer than two participants spoke"}
	}
	var sum, diff float64
	for _, a := range xs {
		sum += a
		for _, b := range xs {
			if a > b {
				diff += a - b
			} else {
				diff += b - a
			}
		}
	}
	if sum == 0 {
		return Value{Reason: "nobody spoke a word"}
	}
	return Value{V: diff / (2 * float64(len(xs)) * sum), Defined: true}
}

// List joins names as a reader says them: "A", "A and B", "A, B and C".
func List(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
