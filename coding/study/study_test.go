package study

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// project is a study with one source "fg01" of three turns, a PI (amara)
// and two coders (ben, carl); blinding is on (the default with coders).
type project struct {
	st   *Study
	text string
}

func newProject(t *testing.T) project {
	t.Helper()
	st, err := Create(t.Context(), filepath.Join(t.TempDir(), "study.focal"), "Belonging")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d, err := corpus.Build([]transcript.Turn{
		{Speaker: "Dana", Label: "Dana", Text: "How did the first month feel?", StartMS: -1, EndMS: -1},
		{Speaker: "Zoe", Label: "Zoe", Text: "First sentence here. Second sentence here.", StartMS: -1, EndMS: -1},
		{Speaker: "Dana", Label: "Dana", Text: "Say more.", StartMS: -1, EndMS: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Store().ImportSource(t.Context(), store.NewSource{Name: "fg01", Format: "txt", Draft: d}); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"amara", "pi"}, {"ben", "coder"}, {"carl", "coder"}} {
		if _, err := st.Store().AddCoder(t.Context(), c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	src, err := st.Store().Source(t.Context(), "fg01")
	if err != nil {
		t.Fatal(err)
	}
	text, err := st.Store().SourceText(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	return project{st: st, text: text}
}

// span finds a phrase in fg01's stored text, in code points.
func (p project) span(t *testing.T, phrase string) corpus.Span {
	t.Helper()
	i := strings.Index(p.text, phrase)
	if i < 0 {
		t.Fatalf("%q is not in the text", phrase)
	}
	start := len([]rune(p.text[:i]))
	return corpus.Span{Start: start, End: start + len([]rune(phrase))}
}

func (p project) code(t *testing.T, who, code string, sp corpus.Span) store.Coding {
	t.Helper()
	res, err := p.st.AddCoding(t.Context(), As(who), store.NewCoding{Source: "fg01", Code: code, Start: sp.Start, End: sp.End})
	if err != nil {
		t.Fatalf("%s codes %v: %v", who, sp, err)
	}
	return res.Coding
}

func (p project) unblind(t *testing.T) {
	t.Helper()
	if err := p.st.Store().SetBlinding(store.WithActor(t.Context(), "amara"), false); err != nil {
		t.Fatal(err)
	}
}

func (p project) done(t *testing.T, who ...string) {
	t.Helper()
	for _, w := range who {
		if err := p.st.Store().SetSourceDone(store.WithActor(t.Context(), w), "fg01", true); err != nil {
			t.Fatal(err)
		}
	}
}
