package coding

import (
	"strings"

	"github.com/focalqda/focal/corpus/nlp"
)

// LikelyMeant finds the existing code a new code name was probably meant
// to be: a code whose path (or, for a bare name, whose own name) is the
// same once case, accents and a plural ending are set aside, or within a
// small number of typing mistakes (one for short names, two from eight
// letters on). It returns the existing code's path. Inductive coding
// creates codes by naming them, so a name that merely resembles another is
// not an error in itself: the caller asks whether it was meant.
func LikelyMeant(name string, codes []CodeSnapshot) (string, bool) {
	name = strings.Trim(strings.TrimSpace(name), "/")
	if name == "" {
		return "", false
	}
	bare := !strings.Contains(name, "/")
	want := foldPath(name)
	best, bestDist := "", -1
	for _, c := range codes {
		if c.Retired {
			continue
		}
		have := foldPath(c.Path)
		if bare {
			have = foldPath(c.Name)
		}
		d := editDistance(want, have, 2)
		if d < 0 || d > allowedTypos(want) {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c.Path, d
		}
	}
	return best, bestDist >= 0
}

// allowedTypos is how many edits still count as the same name.
func allowedTypos(folded string) int {
	switch n := len([]rune(folded)); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// foldPath lowers case, drops accents and a plural ending on each part of
// a code path, so that "Belonging/Isolations" and "belonging/isolation"
// fold alike.
func foldPath(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		p = nlp.Fold(strings.Join(strings.Fields(p), " "))
		switch {
		case strings.HasSuffix(p, "ies") && len(p) > 4:
			p = strings.TrimSuffix(p, "ies") + "y"
		case strings.HasSuffix(p, "es") && len(p) > 4 && strings.ContainsAny(p[len(p)-3:len(p)-2], "sxz"):
			p = strings.TrimSuffix(p, "es")
		case strings.HasSuffix(p, "s") && !strings.HasSuffix(p, "ss") && len(p) > 3:
			p = strings.TrimSuffix(p, "s")
		}
		parts[i] = p
	}
	return strings.Join(parts, "/")
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours, in code
// points), or -1 when it is above limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return -1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return -1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(rb)]; d <= limit {
		return d
	}
	return -1
}
