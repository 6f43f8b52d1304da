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

// CodePassage is one code's distinct passage.
type CodePassage struct {
	Code int // index into Dataset.Codes
	Quote
}

// AllCodePassages lists every code's distinct passages in transcript
// order: by source, then start, then code path. It is what the tables of
// passages (passages.csv, the workbook's passages sheet) hold.
func (d *Dataset) AllCodePassages() []CodePassage {
	n := 0
	for _, qs := range d.codePassages {
		n += len(qs)
	}
	out := make([]CodePassage, 0, n)
	for c, qs := range d.codePassages {
		for _, q := range qs {
			out = append(out, CodePassage{Code: c, Quote: q})
		}
	}
	slices.SortStableFunc(out, func(a, b CodePassage) int {
		if c := cmp.Compare(a.Source, b.Source); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Span.Start, b.Span.Start); c != 0 {
			return c
		}
		return cmp.Compare(d.Codes[a.Code].Path, d.Codes[b.Code].Path)
	})
	return out
}

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
// consensus, two coders or more); 0 otherwise. A coder counts when they
// coded the source, whether or not their codings survive the selection.
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
	if len(coders) < 2 {
		return 0
	}
	return len(coders)
}

// part is one coding's passage, d.Codings[coding].Passages[passage],
// counted for unit (a code or a theme).
type part struct {
	turn, unit      int
	start, end      int
	coding, passage int
}

// reservePassages gives each code's and theme's list of distinct passages
// room for as many passages as its codings have (a passage joins one or
// more of them), in one array for the codes and one for the themes.
func (b *builder) reservePassages() {
	d := b.d
	perCode, perTheme := make([]int, len(d.Codes)), make([]int, len(d.Themes))
	for i := range d.Codings {
		c := &d.Codings[i]
		perCode[c.Code] += len(c.Passages)
		for _, th := range d.Codes[c.Code].Themes {
			perTheme[th] += len(c.Passages)
		}
	}
	reserve(d.codePassages, perCode)
	reserve(d.themePassages, perTheme)
}

// reserve gives lists[i] a capacity of sizes[i], carved from one array.
func reserve(lists [][]Quote, sizes []int) {
	total := 0
	for _, n := range sizes {
		total += n
	}
	all := make([]Quote, total)
	for i, n := range sizes {
		if n > 0 {
			lists[i], all = all[:0:n], all[n:]
		}
	}
}

// clippedSource is a kept source whose codings are clipped:
// d.Codings[first:last], with the index of its text.
type clippedSource struct {
	idx         *corpus.PositionIndex
	text        string
	first, last int
	// of is codersOfSource of the source.
	of int
}

// distinctPassages groups the passages of every source's codings into
// distinct passages per code and per theme. The codes' and the themes'
// are grouped at once on two goroutines: each reads the codings and
// writes its own lists. The words of passages that join several codings
// are rendered afterwards, on one goroutine, source by source.
func (b *builder) distinctPassages(sources []clippedSource) {
	d := b.d
	// group sweeps every source's passages into out, a passage under each
	// of its coding's themes (byTheme) or under its code.
	group := func(byTheme bool, out [][]Quote) {
		var parts []part
		for s, c := range sources {
			parts = parts[:0]
			for ci := c.first; ci < c.last; ci++ {
				cd := &d.Codings[ci]
				units := []int{cd.Code}
				if byTheme {
					units = d.Codes[cd.Code].Themes
				}
				for pi, p := range cd.Passages {
					for _, unit := range units {
						parts = append(parts, part{turn: p.Turn, unit: unit, start: p.Span.Start, end: p.Span.End, coding: ci, passage: pi})
					}
				}
			}
			b.sweep(s, c.of, parts, out)
		}
	}
	themes := make(chan struct{})
	go func() {
		defer close(themes)
		group(true, d.themePassages)
	}()
	group(false, d.codePassages)
	<-themes
	for _, lists := range [][][]Quote{d.codePassages, d.themePassages} {
		for _, qs := range lists {
			for i := range qs {
				if q := &qs[i]; q.joined {
					// The passage joins several codings' words: render the
					// union as the parts were rendered.
					c := sources[q.Source]
					if words, span, err := trimmedSlice(c.idx, c.text, q.Span); err == nil {
						q.Text = d.Policy.wording(&d.Sources[q.Source], c.text, span, words)
					}
				}
			}
		}
	}
}

// sweep sorts the parts of one source by turn, unit and start, and joins
// each run of parts of one turn and unit into passages by coding.Joins,
// appending them to out[unit]. A passage whose words join several
// codings' is marked joined, its words left to distinctPassages.
func (b *builder) sweep(s, of int, parts []part, out [][]Quote) {
	d := b.d
	slices.SortFunc(parts, func(x, y part) int {
		if c := cmp.Compare(x.turn, y.turn); c != 0 {
			return c
		}
		if c := cmp.Compare(x.unit, y.unit); c != 0 {
			return c
		}
		if c := cmp.Compare(x.start, y.start); c != 0 {
			return c
		}
		return cmp.Compare(x.coding, y.coding)
	})
	// The codes and coders of a source's passages share two arrays; each
	// passage holds a capped slice of them.
	codes := make([]int, 0, len(parts))
	coders := make([]string, 0, len(parts))
	for lo := 0; lo < len(parts); {
		hi := lo + 1
		extent := corpus.Span{Start: parts[lo].start, End: parts[lo].end}
		for hi < len(parts) && parts[hi].turn == parts[lo].turn && parts[hi].unit == parts[lo].unit &&
			coding.Joins(extent, corpus.Span{Start: parts[hi].start, End: parts[hi].end}) {
			extent.End = max(extent.End, parts[hi].end)
			hi++
		}
		q := Quote{Source: s, Turn: parts[lo].turn, Span: extent, Codings: hi - lo, Of: of}
		c0, k0 := len(codes), len(coders)
		for _, pt := range parts[lo:hi] {
			c := &d.Codings[pt.coding]
			p := &c.Passages[pt.passage]
			q.Voice = p.Voice
			if p.Span == extent && q.Text == "" {
				q.Text = p.Text
			}
			if !slices.Contains(codes[c0:], c.Code) {
				codes = append(codes, c.Code)
			}
			if !slices.Contains(coders[k0:], c.Coder) {
				coders = append(coders, c.Coder)
			}
		}
		q.Codes, q.Coders = codes[c0:len(codes):len(codes)], coders[k0:len(coders):len(coders)]
		if len(q.Codes) > 1 {
			slices.SortFunc(q.Codes, func(a, c int) int { return cmp.Compare(d.Codes[a].Path, d.Codes[c].Path) })
		}
		q.joined = q.Text == ""
		out[parts[lo].unit] = append(out[parts[lo].unit], q)
		lo = hi
	}
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
