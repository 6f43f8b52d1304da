package study

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// BenchmarkAddCoding measures what the core's rules cost on the path a
// coder takes most: one coding, one transaction with synchronous=FULL, on a
// codebook of 200 codes, through the store alone and through the core (who
// acts, the typo rule) in the same run.
func BenchmarkAddCoding(b *testing.B) {
	ctx := context.Background()
	st, err := Create(ctx, filepath.Join(b.TempDir(), "bench.focal"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var turns []transcript.Turn
	for t := range 240 {
		turns = append(turns, transcript.Turn{Speaker: fmt.Sprintf("P%d", t%6), Label: fmt.Sprintf("P%d", t%6),
			Text: strings.Repeat("we were the only ones on the team ", 4), StartMS: -1, EndMS: -1})
	}
	d, err := corpus.Build(turns)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Store().ImportSource(ctx, store.NewSource{Name: "fg01", Format: "txt", Draft: d}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.Store().AddCoder(ctx, "ana", "coder"); err != nil {
		b.Fatal(err)
	}
	for c := range 200 {
		if _, err := st.AddCode(ctx, As("ana"), store.NewCode{Path: fmt.Sprintf("theme%02d/code%03d", c/20, c)}); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	next := func() store.NewCoding {
		i++
		start := (i * 7) % 30000
		return store.NewCoding{Source: "fg01", Code: fmt.Sprintf("theme%02d/code%03d", i%200/20, i%200), Start: start, End: start + 25}
	}
	b.Run("store", func(b *testing.B) {
		actx := store.WithActor(ctx, "ana")
		for b.Loop() {
			if _, err := st.Store().AddCoding(actx, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("core", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.AddCoding(ctx, As("ana"), next()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
