// Package names finds names of people, places and organisations in English
// text with prose/v2's named-entity model, as byte ranges of the text it
// is given. De-identification uses them as suggestions that a researcher
// confirms: the model is noisy on transcripts (first names labelled as
// places, lower-case names missed) and knows no Spanish.
//
// prose reloads its ~100 MB model for every document unless it is given
// one; a Recognizer loads it once and is then safe for concurrent use.
// This package links prose's tagging model (about 17 MB) into the program.
package names

import (
	"fmt"
	"strings"

	"github.com/jdkato/prose/v2"
)

// Entity is a named entity: a byte range of the text and its label
// (PERSON, GPE, ORG, …, as prose's model labels them).
type Entity struct {
	Start, End int
	Label      string
}

// Recognizer finds named entities with one loaded model.
type Recognizer struct {
	model *prose.Model
}

// NewRecognizer loads prose's English tagging and entity model (about 0.4 s).
// Build one per process and share it.
func NewRecognizer() (*Recognizer, error) {
	m := prose.ModelFromData("focal-en")
	if m == nil {
		return nil, fmt.Errorf("names: prose's English model did not load")
	}
	return &Recognizer{model: m}, nil
}

// quoteFixes are the replacements prose's tokenizer makes before it splits
// a text; Entities makes them itself, keeping track of offsets, so that
// tokens map back to the original bytes.
var quoteFixes = []struct{ from, to string }{
	{"\u201c", `"`}, {"\u201d", `"`}, {"\u2018", "'"}, {"\u2019", "'"}, {"&rsquo;", "'"},
}

// Entities returns the named entities of text, in order. Segmentation is
// off (prose rebuilds its segmenter per document): pass one utterance or
// paragraph at a time.
func (r *Recognizer) Entities(text string) ([]Entity, error) {
	clean, orig := sanitize(text)
	doc, err := prose.NewDocument(clean, prose.UsingModel(r.model), prose.WithSegmentation(false))
	if err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	var out []Entity
	pos := 0
	cur := -1 // index into out of the entity being extended
	for _, tok := range doc.Tokens() {
		k := strings.Index(clean[pos:], tok.Text)
		if tok.Text == "" || k < 0 {
			cur = -1
			continue
		}
		start, end := pos+k, pos+k+len(tok.Text)
		pos = end
		label := tok.Label
		switch {
		case label == "" || label == "O":
			cur = -1
		default:
			typ := label
			if i := strings.IndexByte(label, '-'); i >= 0 {
				typ = label[i+1:]
			}
			// The model often labels each word of a name B- ("Malik",
			// "Johnson"); adjacent words of one label are one entity.
			if cur >= 0 && out[cur].Label == typ {
				out[cur].End = orig[end]
				continue
			}
			out = append(out, Entity{Start: orig[start], End: orig[end], Label: typ})
			cur = len(out) - 1
		}
	}
	return out, nil
}

// sanitize makes prose's quote replacements and returns the new text with
// the original byte offset of each of its byte offsets (len+1 entries).
func sanitize(text string) (string, []int) {
	var b strings.Builder
	orig := make([]int, 0, len(text)+1)
	for i := 0; i < len(text); {
		fixed := false
		for _, f := range quoteFixes {
			if strings.HasPrefix(text[i:], f.from) {
				for k := 0; k < len(f.to); k++ {
					orig = append(orig, i)
				}
				b.WriteString(f.to)
				i += len(f.from)
				fixed = true
				break
			}
		}
		if !fixed {
			orig = append(orig, i)
			b.WriteByte(text[i])
			i++
		}
	}
	orig = append(orig, len(text))
	return b.String(), orig
}
