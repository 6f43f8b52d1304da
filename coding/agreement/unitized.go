package agreement

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/agree"
	"github.com/focalqda/focal/corpus"
)

// Domain is a group of codes compared as the values of one variable
// ("semantic domain" in ATLAS.ti): coders choose at most one of its codes
// for any stretch of text, so that the stretches they mark with its codes
// can be compared both for where they lie and for which code they carry.
type Domain struct {
	// Name names the domain: the theme's or parent code's path, or the
	// codes listed.
	Name string `json:"name"`
	// Kind says where the codes came from: "theme", "parent code" or
	// "codes".
	Kind  string   `json:"kind"`
	Codes []string `json:"codes"`
}

// UnitizedCode is one code compared alone: marked with it or not.
type UnitizedCode struct {
	Code string `json:"code"`
	// Segments is, per coder, the codings of the code with some text in
	// the scope; Marked the characters they cover together (overlapping
	// codings of one coder count once).
	Segments []int64 `json:"segments"`
	Marked   []int64 `json:"marked"`
	// Binary is |u-alpha of the code alone.
	Binary agree.UnitizedAlpha `json:"binary_u_alpha"`
	// JoinedSegments counts codings joined into another of the same coder
	// because they overlap.
	JoinedSegments int `json:"joined_segments"`
}

// DomainCode is one code's (k)u-alpha within its domain.
type DomainCode struct {
	Code string `json:"code"`
	// Units is the units of the code, all coders together, and Marked the
	// characters they cover (summed over coders).
	Units  int64 `json:"units"`
	Marked int64 `json:"marked"`
	// Paired is the part of Marked that other coders also marked with a
	// code of the domain, averaged over them; Coverage is Paired/Marked.
	Paired   float64     `json:"paired"`
	Coverage agree.Value `json:"coverage"`
	// KAlpha is (k)u-alpha: where coders' marks meet, how reliably this
	// code is told apart from the domain's other codes.
	KAlpha agree.UnitizedAlpha `json:"k_u_alpha"`
}

// CoderOverlap is a stretch where one coder marked it with two codes
// that are values of one variable (the same domain, or two domains for
// Cu-alpha).
type CoderOverlap struct {
	Source  string   `json:"source"`
	Coder   string   `json:"coder"`
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Turn    int      `json:"turn"`
	Speaker string   `json:"speaker"`
	Codes   []string `json:"codes"`
	Text    string   `json:"text"`
}

// UnitizedDomain is the unitizing family of one domain.
type UnitizedDomain struct {
	Name  string   `json:"name"`
	Kind  string   `json:"kind"`
	Codes []string `json:"codes"`
	// Length is the characters of the continuum, all sources together.
	Length int64 `json:"length"`
	// Binary is |u-alpha: marked with any code of the domain, or not.
	Binary agree.UnitizedAlpha `json:"binary_u_alpha"`
	// U is u-alpha: the codes and the unmarked gap as categories.
	U agree.UnitizedAlpha `json:"u_alpha"`
	// CU is cu-alpha: which code, where two coders both marked the text.
	CU      agree.UnitizedAlpha `json:"cu_alpha"`
	PerCode []DomainCode        `json:"per_code"`
	// SelfOverlaps lists where a coder marked two codes of the domain at
	// once; while there are any, the coefficients are undefined.
	SelfOverlaps   []CoderOverlap `json:"self_overlaps"`
	JoinedSegments int            `json:"joined_segments"`
}

// AcrossDomains is Cu-alpha: several domains compared as the values of one
// variable, each coding taking its domain as its value.
type AcrossDomains struct {
	Domains []string `json:"domains"`
	// CU is Cu-alpha: which domain, where two coders both marked the text.
	CU agree.UnitizedAlpha `json:"cu_alpha"`
	// Shared lists codes that belong to more than one domain; with any,
	// Cu-alpha is undefined.
	Shared       []string       `json:"shared_codes"`
	SelfOverlaps []CoderOverlap `json:"self_overlaps"`
}

// UnitizedReport is the result of ComputeUnitized.
type UnitizedReport struct {
	Scope   Scope    `json:"scope"`
	Coders  []string `json:"coders"`
	Sources []string `json:"sources"`
	// Length is the characters of the continuum, all sources together.
	Length int64 `json:"length"`
	// Codes holds each code compared alone.
	Codes []UnitizedCode `json:"per_code"`
	// Domains holds the unitizing family of each domain.
	Domains []UnitizedDomain `json:"domains"`
	// Across is Cu-alpha, with two or more domains.
	Across *AcrossDomains `json:"across_domains,omitempty"`
}

// ComputeUnitized computes Krippendorff's unitizing alphas (see
// agree.Unitizing) on the sources. The continuum of a source is its
// stretches in the scope (the participants' utterances, or all the text),
// in code points; the sources are laid end to end. Each code is compared
// alone (|u-alpha: marked with it or not); each domain gives |u-alpha,
// u-alpha, cu-alpha and each of its codes' (k)u-alpha; two or more domains
// also give Cu-alpha, with the domains as values. A coding is one
// segment; a coder's overlapping codings with one code are joined; where a
// coder marked text with two codes of one domain the domain's coefficients
// are undefined and the places are listed. Without domains, codes gives
// the codes to compare alone; with domains, their codes are.
func ComputeUnitized(sources []Source, codes []string, domains []Domain, coders []string, scope Scope) (UnitizedReport, error) {
	if len(coders) < 2 {
		return UnitizedReport{}, errors.New("agreement needs at least two coders")
	}
	r := UnitizedReport{Scope: scope, Coders: coders, Sources: []string{}, Codes: []UnitizedCode{}, Domains: []UnitizedDomain{}}
	conts := make([]agree.Continuum, len(sources))
	withins := make([][]agree.Span, len(sources))
	for i, src := range sources {
		r.Sources = append(r.Sources, src.Name)
		withins[i] = slices.SortedFunc(slices.Values(Within(src, scope)), func(a, b agree.Span) int { return cmp.Compare(a.Start, b.Start) })
		c, err := agree.NewContinuum(withins[i]...)
		if err != nil {
			return UnitizedReport{}, fmt.Errorf("%s: %w", src.Name, err)
		}
		conts[i] = c
		r.Length += int64(c.Len())
	}
	domains = slices.Clone(domains)
	for i, d := range domains {
		// A code listed twice in a domain is one value.
		var once []string
		for _, code := range d.Codes {
			if !slices.Contains(once, code) {
				once = append(once, code)
			}
		}
		domains[i].Codes = once
	}
	if len(domains) > 0 {
		codes = nil
		seen := map[string]bool{}
		for _, d := range domains {
			for _, code := range d.Codes {
				if !seen[code] {
					seen[code] = true
					codes = append(codes, code)
				}
			}
		}
	}
	for _, code := range codes {
		uc, err := unitizedCode(sources, conts, withins, code, coders)
		if err != nil {
			return UnitizedReport{}, err
		}
		r.Codes = append(r.Codes, uc)
	}
	// texts indexes each source's text, when a place in it is first
	// reported.
	texts := make([]*sourceText, len(sources))
	for _, d := range domains {
		values := map[string]int{}
		for i, code := range d.Codes {
			values[code] = i
		}
		alphas, overlaps, err := unitize(sources, conts, texts, values, len(d.Codes), coders, d.Codes)
		if err != nil {
			return UnitizedReport{}, fmt.Errorf("domain %s: %w", d.Name, err)
		}
		ud := UnitizedDomain{Name: d.Name, Kind: d.Kind, Codes: d.Codes, Length: alphas.Length, Binary: alphas.Binary, U: alphas.U, CU: alphas.CU,
			SelfOverlaps: overlaps, JoinedSegments: alphas.JoinedSegments}
		for i, v := range alphas.PerValue {
			ud.PerCode = append(ud.PerCode, DomainCode{Code: d.Codes[i], Units: v.Units, Marked: v.Marked, Paired: v.Paired,
				Coverage: v.Coverage, KAlpha: v.Alpha})
		}
		r.Domains = append(r.Domains, ud)
	}
	if len(domains) >= 2 {
		r.Across = acrossDomains(sources, conts, texts, domains, coders)
	}
	return r, nil
}

// unitizedCode compares coders on one code alone.
func unitizedCode(sources []Source, conts []agree.Continuum, withins [][]agree.Span, code string, coders []string) (UnitizedCode, error) {
	uc := UnitizedCode{Code: code, Segments: make([]int64, len(coders)), Marked: make([]int64, len(coders))}
	u, err := agree.NewUnitizing(len(coders), 1)
	if err != nil {
		return uc, err
	}
	segs := make([][]agree.Segment, len(coders))
	for i, src := range sources {
		per := src.Codings[code]
		within := withins[i]
		for c := range coders {
			segs[c] = segs[c][:0]
			if c < len(per) {
				for _, s := range per[c] {
					segs[c] = append(segs[c], agree.Segment{Start: s.Start, End: s.End})
					if lengthWithin([]corpus.Span{s}, within) > 0 {
						uc.Segments[c]++
					}
				}
				uc.Marked[c] += lengthWithin(corpus.Union(per[c]), within)
			}
		}
		if _, err := u.Add(conts[i], segs); err != nil {
			return uc, fmt.Errorf("%s, code %s: %w", src.Name, code, err)
		}
	}
	res := u.Result()
	uc.Binary, uc.JoinedSegments = res.Binary, res.JoinedSegments
	return uc, nil
}

// unitize runs one Unitizing whose values are given by values (code →
// value index), listing self-overlaps with names[value] for the values.
func unitize(sources []Source, conts []agree.Continuum, texts []*sourceText, values map[string]int, n int, coders, names []string) (agree.UnitizedAlphas, []CoderOverlap, error) {
	u, err := agree.NewUnitizing(len(coders), n)
	if err != nil {
		return agree.UnitizedAlphas{}, nil, err
	}
	overlaps := []CoderOverlap{}
	codes := make([]string, 0, len(values))
	for code := range values {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for i, src := range sources {
		segs := make([][]agree.Segment, len(coders))
		for _, code := range codes {
			per := src.Codings[code]
			for c := range coders {
				if c < len(per) {
					for _, s := range per[c] {
						segs[c] = append(segs[c], agree.Segment{Start: s.Start, End: s.End, Value: values[code]})
					}
				}
			}
		}
		found, err := u.Add(conts[i], segs)
		if err != nil {
			return agree.UnitizedAlphas{}, nil, fmt.Errorf("%s: %w", src.Name, err)
		}
		if len(found) > 0 {
			if texts[i] == nil {
				texts[i] = newSourceText(src.Text)
			}
			turns := newTurnIndex(src)
			for _, o := range found {
				co := CoderOverlap{Source: src.Name, Coder: coders[o.Coder], Start: o.Start, End: o.End,
					Text: texts[i].slice(o.Start, o.End)}
				for _, v := range o.Values {
					co.Codes = append(co.Codes, names[v])
				}
				co.Turn, co.Speaker = turns.at(o.Start)
				overlaps = append(overlaps, co)
			}
		}
	}
	return u.Result(), overlaps, nil
}

// acrossDomains computes Cu-alpha with the domains as values.
func acrossDomains(sources []Source, conts []agree.Continuum, texts []*sourceText, domains []Domain, coders []string) *AcrossDomains {
	a := &AcrossDomains{Shared: []string{}, SelfOverlaps: []CoderOverlap{}}
	values := map[string]int{}
	names := make([]string, len(domains))
	for i, d := range domains {
		a.Domains = append(a.Domains, d.Name)
		names[i] = d.Name
		for _, code := range d.Codes {
			if j, ok := values[code]; ok && j != i {
				a.Shared = append(a.Shared, code)
				continue
			}
			values[code] = i
		}
	}
	if len(a.Shared) > 0 {
		sort.Strings(a.Shared)
		v := agree.Value{Reason: fmt.Sprintf("code %s belongs to more than one domain, so its codings have no single domain", a.Shared[0])}
		a.CU = agree.UnitizedAlpha{Alpha: v, Observed: v, Expected: v}
		return a
	}
	alphas, overlaps, err := unitize(sources, conts, texts, values, len(domains), coders, names)
	if err != nil {
		v := agree.Value{Reason: err.Error()}
		a.CU = agree.UnitizedAlpha{Alpha: v, Observed: v, Expected: v}
		return a
	}
	a.CU, a.SelfOverlaps = alphas.CU, overlaps
	return a
}

// lengthWithin is how many positions of the spans (which must not overlap)
// lie inside the sorted, disjoint within spans.
func lengthWithin(spans []corpus.Span, within []agree.Span) int64 {
	var n int64
	for _, s := range spans {
		i := sort.Search(len(within), func(i int) bool { return within[i].End > s.Start })
		for ; i < len(within) && within[i].Start < s.End; i++ {
			n += int64(min(s.End, within[i].End) - max(s.Start, within[i].Start))
		}
	}
	return n
}

// turnIndex finds the turn that holds a position.
type turnIndex struct {
	turns  []Turn
	sorted bool
}

func newTurnIndex(src Source) turnIndex {
	return turnIndex{turns: src.Turns, sorted: slices.IsSortedFunc(src.Turns, func(a, b Turn) int {
		return cmp.Compare(a.Utterance.End, b.Utterance.End)
	})}
}

// at returns the turn number and speaker of the first turn whose utterance
// ends after pos (0 and "" after the last turn).
func (ti turnIndex) at(pos int) (int, string) {
	var i int
	if ti.sorted {
		i = sort.Search(len(ti.turns), func(i int) bool { return ti.turns[i].Utterance.End > pos })
	} else if i = slices.IndexFunc(ti.turns, func(t Turn) bool { return t.Utterance.End > pos }); i < 0 {
		i = len(ti.turns)
	}
	if i == len(ti.turns) {
		return 0, ""
	}
	return ti.turns[i].Seq, ti.turns[i].Speaker
}

// sourceText slices a source's text by code-point positions without
// copying it: at[p] is the byte offset of code point p (nil when the text
// is ASCII and the two agree).
type sourceText struct {
	text string
	at   []int
	n    int
}

func newSourceText(text string) *sourceText {
	st := &sourceText{text: text, n: len(text)}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			st.at = make([]int, 0, len(text)+1)
			for b := range text {
				st.at = append(st.at, b)
			}
			st.n = len(st.at)
			st.at = append(st.at, len(text))
			break
		}
	}
	return st
}

// slice is the text of code points [start, end), cut to the text.
func (st *sourceText) slice(start, end int) string {
	start, end = min(max(start, 0), st.n), min(max(end, 0), st.n)
	if start >= end {
		return ""
	}
	if st.at == nil {
		return st.text[start:end]
	}
	return st.text[st.at[start]:st.at[end]]
}
