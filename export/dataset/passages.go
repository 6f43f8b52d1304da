package dataset

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/corpus"
)

// Passages and codings: a coding is one coder's mark; a passage is a
// distinct stretch of words, however many coders or codes marked it. The
// rule that joins overlapping codings of one turn into one passage is
// coding.GroupPassages; the dataset applies it per code and per theme
// (a theme's codes counted together), so that counts of passages, the
// framework and the exemplar quotes all rest on the same passages.

// ThemePassages are the distinct passages of a theme's own codes, in
// transcript order, each with the codes and coders that marked it.
func (d *Dataset) ThemePassages(theme int) []Quote { return d.themePassages[theme] }

// CodePassages are the distinct passages of one code, in transcript order.
func (d *Dataset) CodePassages(code int) []Quote { return d.codePassages[code] }

// CodedBy says how many coders marked a passage read from several coders'
// codings ("coded by 2 of 3 coders"); "" when its source is read from the
// consensus or from one coder.
func (q Quote) CodedBy() string {
	if q.Of == 0 {
		return ""
	}
	return coding.CodedBy(len(q.Coders), q.Of)
}

// ByEveryCoder reports whether every coder of the passage's source marked
// it, when it is read from several coders' codings.
func (q Quote) ByEveryCoder() bool { return q.Of >= 2 && len(q.Coders) >= q.Of }

// codersOfSource counts the coders whose codings a source is read from,
// when it is read from several coders (every coder's codings, no
// consensus); 0 otherwise. A coder counts when they coded the source,
// whether or not their codings survive the selection.
func codersOfSource(si *SourceInput) int {
	if si.Layer != LayerFor(ConsensusNone, AllCoders) {
		return 0
	}
	var coders []string
	for _, c := range si.Codings {
		if !slices.Contains(coders, c.Coder) {
			coders = append(coders, c.Coder)
		}
	}
	return len(coders)
}

// part is one coding's passage: d.Codings[coding].Passages[passage].
type part struct{ coding, passage int }

// distinctPassages groups the passages of the codings of source s (from
// d.Codings[first:]) into distinct passages per code and per theme.
func (b *builder) distinctPassages(s int, idx *corpus.PositionIndex, text string, first, of int) {
	d := b.d
	byTurn := map[int][]part{}
	var turns []int
	for ci := first; ci < len(d.Codings); ci++ {
		for pi, p := range d.Codings[ci].Passages {
			if byTurn[p.Turn] == nil {
				turns = append(turns, p.Turn)
			}
			byTurn[p.Turn] = append(byTurn[p.Turn], part{ci, pi})
		}
	}
	slices.Sort(turns)
	for _, k := range turns {
		parts := byTurn[k]
		byCode, byTheme := map[int][]part{}, map[int][]part{}
		for _, pt := range parts {
			code := d.Codings[pt.coding].Code
			byCode[code] = append(byCode[code], pt)
			for _, th := range d.Codes[code].Themes {
				byTheme[th] = append(byTheme[th], pt)
			}
		}
		for code, ps := range byCode {
			d.codePassages[code] = append(d.codePassages[code], b.group(s, k, idx, text, of, ps)...)
		}
		for th, ps := range byTheme {
			d.themePassages[th] = append(d.themePassages[th], b.group(s, k, idx, text, of, ps)...)
		}
	}
}

// group joins the parts of one turn into distinct passages.
func (b *builder) group(s, turn int, idx *corpus.PositionIndex, text string, of int, parts []part) []Quote {
	d := b.d
	src := &d.Sources[s]
	spans := make([]corpus.Span, len(parts))
	for i, pt := range parts {
		spans[i] = d.Codings[pt.coding].Passages[pt.passage].Span
	}
	extents, in := coding.GroupPassages(spans)
	out := make([]Quote, len(extents))
	for i, e := range extents {
		out[i] = Quote{Source: s, Turn: turn, Voice: -1, Span: e, Of: of}
	}
	for i, pt := range parts {
		c := &d.Codings[pt.coding]
		p := &c.Passages[pt.passage]
		q := &out[in[i]]
		q.Voice = p.Voice
		q.Codings++
		if p.Span == q.Span {
			q.Text = p.Text
		}
		if !slices.Contains(q.Codes, c.Code) {
			q.Codes = append(q.Codes, c.Code)
		}
		if !slices.Contains(q.Coders, c.Coder) {
			q.Coders = append(q.Coders, c.Coder)
		}
	}
	for i := range out {
		q := &out[i]
		slices.SortFunc(q.Codes, func(a, c int) int { return cmp.Compare(d.Codes[a].Path, d.Codes[c].Path) })
		if q.Text == "" {
			// The passage joins several codings' words: render the union
			// as the parts were rendered.
			words, span, err := trimmedSlice(idx, text, q.Span)
			if err == nil {
				q.Text = d.Policy.wording(src, text, span, words)
			}
			q.joined = true
		}
	}
	return out
}

// CountingRule says in words what the counts of every export count.
func (d *Dataset) CountingRule() string {
	return "A passage is a distinct stretch of a person's words: codings of one turn that share words, by any coder and with any of the codes counted together (a code, or a theme's codes), are one passage covering them all, so a passage counts once however many coders marked it. A coding is one coder's mark and counts per coder. Participants and groups count distinct people and groups."
}

// LayersText says which layer the tables read, with how many sources
// each: "all coders (3 sources)", "consensus (1 source); all coders (2
// sources)".
func (d *Dataset) LayersText() string {
	var layers []string
	count := map[string]int{}
	for _, s := range d.Sources {
		if count[s.Layer] == 0 {
			layers = append(layers, s.Layer)
		}
		count[s.Layer]++
	}
	if len(layers) == 0 {
		return "no source"
	}
	parts := make([]string, len(layers))
	for i, l := range layers {
		parts[i] = fmt.Sprintf("%s (%s)", l, countOf(count[l], "source", "sources"))
	}
	return strings.Join(parts, "; ")
}

// orderPassageCoders lists each passage's coders in the dataset's order of
// coders (the project's, the consensus last).
func (d *Dataset) orderPassageCoders() {
	rank := make(map[string]int, len(d.Coders))
	for i, c := range d.Coders {
		rank[c] = i
	}
	for _, lists := range [][][]Quote{d.themePassages, d.codePassages} {
		for _, qs := range lists {
			for i := range qs {
				slices.SortFunc(qs[i].Coders, func(a, b string) int { return cmp.Compare(rank[a], rank[b]) })
			}
		}
	}
}
