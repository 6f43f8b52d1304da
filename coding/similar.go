package coding

import (
	"cmp"
	"slices"

	"github.com/focalqda/focal/corpus"
)

// CodedSpan is a stretch of one source coded with one code by one coder,
// in code points of the stored text.
type CodedSpan struct {
	Code, Coder, Source string
	Start, End          int
}

// Similarity says how much of the text coded with a code is also coded
// with another: a high share between two coders' codes ("being the only
// one" and "isolation") suggests they are one idea under two names.
type Similarity struct {
	// Code is the other code.
	Code string
	// Shared counts the characters coded with both codes (by anyone).
	Shared int
	// Share is Shared over the coded characters of the smaller of the two
	// codes: 1 when one code's text lies wholly inside the other's.
	Share float64
	// SameCoder is true when some coder applied both codes to shared text;
	// two codes one person applies together are less likely duplicates.
	SameCoder bool
}

// SimilarCodes ranks the codes whose coded text overlaps the target code's
// text, most overlapping first. Each code's text is the union of its spans
// over coders, so a passage coded twice counts once.
func SimilarCodes(target string, spans []CodedSpan) []Similarity {
	type key struct{ code, source string }
	cover := map[key][]corpus.Span{}
	byCoder := map[key]map[string][]corpus.Span{}
	for _, s := range spans {
		if s.End <= s.Start {
			continue
		}
		k := key{s.Code, s.Source}
		iv := corpus.Span{Start: s.Start, End: s.End}
		cover[k] = append(cover[k], iv)
		if byCoder[k] == nil {
			byCoder[k] = map[string][]corpus.Span{}
		}
		byCoder[k][s.Coder] = append(byCoder[k][s.Coder], iv)
	}
	for k, ivs := range cover {
		cover[k] = corpus.Union(ivs)
	}
	total := map[string]int{}
	for k, ivs := range cover {
		total[k.code] += corpus.TotalLen(ivs)
	}
	shared := map[string]int{}
	sameCoder := map[string]bool{}
	for k, ivs := range cover {
		if k.code == target {
			continue
		}
		mine, ok := cover[key{target, k.source}]
		if !ok {
			continue
		}
		n := corpus.TotalLen(corpus.Intersect(mine, ivs))
		if n == 0 {
			continue
		}
		shared[k.code] += n
		for coder, theirs := range byCoder[k] {
			if own, ok := byCoder[key{target, k.source}][coder]; ok && corpus.TotalLen(corpus.Intersect(corpus.Union(own), corpus.Union(theirs))) > 0 {
				sameCoder[k.code] = true
			}
		}
	}
	out := make([]Similarity, 0, len(shared))
	for code, n := range shared {
		out = append(out, Similarity{Code: code, Shared: n, Share: float64(n) / float64(min(total[target], total[code])), SameCoder: sameCoder[code]})
	}
	slices.SortFunc(out, func(a, b Similarity) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(b.Shared, a.Shared), cmp.Compare(a.Code, b.Code))
	})
	return out
}
