package deid

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
)

// fixtureMark is an identifier marked in a fixture sentence, in bytes of
// the sentence without marks.
type fixtureMark struct {
	start, end int
	text, what string
}

// fixtureSentence is one utterance of the fixture.
type fixtureSentence struct {
	lang, text string
	marks      []fixtureMark
	line       int
}

// readFixture reads testdata/names-fixture.txt (its header says the format).
func readFixture(t *testing.T) (people []Person, names []ListedName, sentences []fixtureSentence) {
	t.Helper()
	f, err := os.Open("testdata/names-fixture.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		key, rest, ok := strings.Cut(line, ": ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(rest, "|")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		switch key {
		case "person":
			people = append(people, Person{Name: fields[0], Participant: fields[1], Pseudonym: fields[2]})
		case "name":
			names = append(names, ListedName{Name: fields[0], Participant: fields[1], Kind: fields[2]})
		case "en", "es":
			s := fixtureSentence{lang: key, line: n}
			var b strings.Builder
			for {
				i := strings.Index(rest, "[[")
				if i < 0 {
					b.WriteString(rest)
					break
				}
				j := strings.Index(rest[i:], "]]")
				if j < 0 {
					t.Fatalf("line %d: an unclosed mark", n)
				}
				b.WriteString(rest[:i])
				text, what, _ := strings.Cut(rest[i+2:i+j], "|")
				s.marks = append(s.marks, fixtureMark{start: b.Len(), end: b.Len() + len(text), text: text, what: what})
				b.WriteString(text)
				rest = rest[i+j+2:]
			}
			s.text = b.String()
			sentences = append(sentences, s)
		default:
			t.Fatalf("line %d: unknown line %q", n, key)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return people, names, sentences
}

// detectorScore is what the fixture measures of one detector.
type detectorScore struct {
	marks, caught int // marks meant for it, and how many any finding covers
	findings, fp  int // its findings, and those touching no mark
	fpTexts       []string
}

// TestDetectorsOnFixture measures the detectors on a fixture of sentences
// whose identifiers are marked: per detector, the share of the marks meant
// for it that a finding covers (recall), and its findings that touch no
// mark (false positives). The known-name and name-list detectors must
// catch every mark meant for them (they match what the project knows);
// the institution detector, a pattern, must catch at least 90 % with at
// most three false positives. Marks of "gap" are what no detector is meant
// to find; the log says which were found anyway.
//
// Run it with: go test ./coding/deid -run TestDetectorsOnFixture -v
func TestDetectorsOnFixture(t *testing.T) {
	people, names, sentences := readFixture(t)
	pseudonyms := map[string]string{"P04": "Obi"}
	scanner := NewScanner(people, nil, NewVocabulary(), nil)
	scanner.AddNames(names, func(p string) string { return pseudonyms[p] })

	scores := map[string]*detectorScore{}
	score := func(d string) *detectorScore {
		if scores[d] == nil {
			scores[d] = &detectorScore{}
		}
		return scores[d]
	}
	var gapsFound []string
	for _, s := range sentences {
		n := corpus.NewPositionIndex(s.text).Len()
		found, err := scanner.Scan(Source{ID: "s", Name: "fixture", Language: s.lang, Text: s.text,
			Turns: []Turn{{Seq: 1, Utterance: corpus.Span{Start: 0, End: n}}}})
		if err != nil {
			t.Fatal(err)
		}
		idx := corpus.NewPositionIndex(s.text)
		type span struct{ start, end int }
		var spans []span
		for _, f := range found {
			a, _ := idx.ByteOffset(f.Span.Start)
			b, _ := idx.ByteOffset(f.Span.End)
			spans = append(spans, span{a, b})
			sc := score(f.Detector)
			sc.findings++
			touches := false
			for _, m := range s.marks {
				touches = touches || a < m.end && m.start < b
			}
			if !touches {
				sc.fp++
				sc.fpTexts = append(sc.fpTexts, fmt.Sprintf("%q (line %d)", f.Text, s.line))
			}
		}
		for _, m := range s.marks {
			covered := false
			for _, sp := range spans {
				covered = covered || sp.start <= m.start && m.end <= sp.end
			}
			if m.what == "gap" {
				if covered {
					gapsFound = append(gapsFound, m.text)
				}
				continue
			}
			sc := score(m.what)
			sc.marks++
			if covered {
				sc.caught++
			} else {
				t.Logf("line %d: %s missed %q", s.line, m.what, m.text)
			}
		}
	}

	var order []string
	for d := range scores {
		order = append(order, d)
	}
	sort.Strings(order)
	var report strings.Builder
	fmt.Fprintf(&report, "\n| detector | marks | caught | recall | findings | false positives |\n|---|---|---|---|---|---|\n")
	for _, d := range order {
		sc := scores[d]
		recall := "–"
		if sc.marks > 0 {
			recall = fmt.Sprintf("%.2f", float64(sc.caught)/float64(sc.marks))
		}
		fmt.Fprintf(&report, "| %s | %d | %d | %s | %d | %d |\n", d, sc.marks, sc.caught, recall, sc.findings, sc.fp)
	}
	fmt.Fprintf(&report, "gaps found anyway: %q\n", gapsFound)
	t.Log(report.String())

	for _, d := range []string{DetectKnownName, DetectNameList} {
		if sc := score(d); sc.marks == 0 || sc.caught != sc.marks || sc.fp != 0 {
			t.Errorf("%s caught %d of %d marks with %d false positives %v; it matches what the project knows, so it must catch all and nothing else",
				d, sc.caught, sc.marks, sc.fp, sc.fpTexts)
		}
	}
	if sc := score(DetectInstitution); sc.marks < 15 || float64(sc.caught) < 0.9*float64(sc.marks) || sc.fp > 3 {
		t.Errorf("institution caught %d of %d marks with %d false positives %v; want at least 90 %% and at most 3",
			sc.caught, sc.marks, sc.fp, sc.fpTexts)
	}
	for _, d := range order {
		if sc := scores[d]; sc.fp > 0 {
			t.Logf("%s false positives: %s", d, strings.Join(sc.fpTexts, ", "))
		}
	}
}
