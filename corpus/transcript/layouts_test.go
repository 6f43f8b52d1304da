package transcript

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layoutWant is what a fixture in testdata/layouts must give: the turns
// ("Speaker|start|text", "¶" for a paragraph break), fragments of notes,
// and the words of the file that are not speech (labels, times, markup),
// in file order.
type layoutWant struct {
	turns []string
	notes []string
	drop  []string
}

func readLayoutWant(t *testing.T, path string) layoutWant {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w layoutWant
	for line := range strings.SplitSeq(strings.TrimRight(string(data), "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "drop:"):
			for _, word := range strings.Fields(strings.TrimPrefix(line, "drop:")) {
				if word = layoutWord(word); word != "" {
					w.drop = append(w.drop, word)
				}
			}
		case strings.HasPrefix(line, "note: "):
			w.notes = append(w.notes, strings.TrimPrefix(line, "note: "))
		default:
			w.turns = append(w.turns, line)
		}
	}
	return w
}

// layoutWord is a word as compared: Markdown bold and heading marks at its
// edges do not count ("**Emma**" is "Emma"); everything else does, so an
// underscore lost from "v=_qdhc5WLd2A" is a different word.
func layoutWord(w string) string {
	return strings.Trim(w, "*#")
}

func layoutWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if w = layoutWord(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// TestLayouts reads each fixture of testdata/layouts (one per layout that
// docs/IMPORT.md lists) and checks who said what, the notes, and that
// every word of speech is kept unchanged: the words of the file, less the
// words its .want file names as labels, times and markup (each where it
// next occurs), are exactly the words of the turns, in order.
func TestLayouts(t *testing.T) {
	files, err := filepath.Glob("testdata/layouts/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".want") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := readLayoutWant(t, strings.TrimSuffix(path, filepath.Ext(path))+".want")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(filepath.Base(path), data, Options{})
			checkParsed(t, p, err)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var spoken []string
			for _, turn := range p.Turns {
				got = append(got, turn.Speaker+"|"+msString(turn.StartMS)+"|"+strings.ReplaceAll(turn.Text, "\n", "¶"))
				spoken = append(spoken, layoutWords(turn.Text)...)
			}
			if !slices.Equal(got, want.turns) {
				t.Errorf("turns:\n got %q\nwant %q", got, want.turns)
			}
			for _, frag := range want.notes {
				if !hasNote(p.Notes, frag) {
					t.Errorf("no note with %q in %q", frag, p.Notes)
				}
			}
			// Each word named in "drop:" is taken out where it next occurs,
			// in order: a label "Tailor" is dropped, "Tailor" in speech is
			// not.
			var fileWords []string
			drop := want.drop
			for _, w := range layoutWords(string(data)) {
				if len(drop) > 0 && drop[0] == w {
					drop = drop[1:]
					continue
				}
				fileWords = append(fileWords, w)
			}
			if len(drop) > 0 {
				t.Errorf("words named in drop: not found in order: %q", drop)
			}
			if !slices.Equal(spoken, fileWords) {
				t.Errorf("words of speech changed:\nturns %q\n file %q", spoken, fileWords)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d layout fixtures found", n)
	}
}
