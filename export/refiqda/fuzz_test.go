package refiqda

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/focalqda/focal/corpus/testenv"
)

// FuzzReadProject feeds arbitrary .qde XML to the reader. Whatever the
// input, it either fails with a one-line error or returns a project whose
// invariants hold (checkInvariants): codings inside their stored texts,
// references resolved, texts in stored form.
func FuzzReadProject(f *testing.F) {
	f.Add([]byte(miniQDE("", "0", "3")))
	f.Add([]byte(strings.Replace(miniQDE("", "27", "35"), "\n      <PlainTextSelection",
		"<PlainTextContent>Intro 😀 line&#13;\n&#13;\nI was the only one there</PlainTextContent>\n      <PlainTextSelection", 1)))
	f.Add([]byte(`<Project name="n"><Sources><TextSource guid="x"><PlainTextContent>a  b</PlainTextContent>` +
		`<PlainTextSelection guid="s" startPosition="1" endPosition="3"/></TextSource></Sources></Project>`))
	f.Add([]byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1:0"><Codes><Code guid="{A}" name="a/b" isCodable="true"><Code guid="{A}" name="" isCodable="x"/></Code></Codes>` +
		`<Sets><Set guid="s" name="/x//y/"><MemberCode guid="{a}"/></Set></Sets></CodeBook>`))
	if qde, err := MarshalProject(fixtureProject(f), WriteOptions{}); err == nil {
		f.Add(qde)
	}
	// A real project among the seeds when ../shared is beside the clone (CI
	// fails without it; elsewhere the fuzzing goes on without that seed).
	if path, err := testenv.SharedPath("samples/refi/skyloom_Project.qde"); err != nil {
		testenv.MissingPart(f, "the seed ../shared/samples/refi/skyloom_Project.qde", err.Error())
	} else if data, err := os.ReadFile(path); err != nil {
		testenv.MissingPart(f, "the seed ../shared/samples/refi/skyloom_Project.qde", err.Error())
	} else {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadXML(data, nil)
		if err != nil {
			if strings.Contains(err.Error(), "\n") || err.Error() == "" {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		checkInvariants(t, im)
		for _, s := range im.Sources {
			if !utf8.ValidString(s.Text) {
				t.Fatalf("invalid UTF-8 in %s", s.Name)
			}
		}
		for _, r := range im.Report.Sources {
			if r.StoredOnWordBoundaries > r.Selections {
				t.Fatalf("report %+v", r)
			}
		}
	})
}

// FuzzSourceText checks the stored form and the position map on arbitrary
// text: the stored form is what corpus.Build makes of it, and mapping keeps
// spans ordered and inside the stored text, in every reading.
func FuzzSourceText(f *testing.F) {
	for _, s := range []string{"", "a", "Dana:  hi\r\n\r\n😀 x\u0301", "\u2028\t\x01\uFEFF", "e\u0301\u0327 \uFFFD  z\r",
		// More than 30 combining marks: the stored form cuts the run with a
		// combining grapheme joiner, which the position map must account for.
		"a" + strings.Repeat("\u0301\u0327\u031b", 14) + "\nb"} {
		f.Add(s, int64(0), int64(3))
	}
	f.Fuzz(func(t *testing.T, text string, a, b int64) {
		if !utf8.ValidString(text) {
			return
		}
		st := newSourceText(text)
		if want := buildWhole(t, text); st.stored != want {
			t.Fatalf("stored %q, corpus.Build %q", st.stored, want)
		}
		n := st.storedChars()
		for i := 1; i < len(st.fwd); i++ {
			if st.fwd[i] < st.fwd[i-1] || st.bwd[i] < st.bwd[i-1] {
				t.Fatalf("position map not monotone at %d", i)
			}
		}
		if a > b {
			a, b = b, a
		}
		for _, r := range allReadings() {
			s, ok := st.mapSpan(r, rawSpan{a, b})
			if !ok {
				continue
			}
			if s.Start < 0 || s.End > n || s.Start > s.End {
				t.Fatalf("%v: span %v outside 0–%d", r, s, n)
			}
		}
	})
}
