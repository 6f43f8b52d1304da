package study

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// BenchmarkCodePassages opens a code's passages on the benchmark project
// (100,000 codings by 8 coders over 100 sources; see docs/BENCHMARKS.md),
// named by $FOCAL_BENCH_PROJECT and copied first, so it is never changed.
// Blinding is off there, so the PI reads every coder's passages.
func BenchmarkCodePassages(b *testing.B) {
	src := os.Getenv("FOCAL_BENCH_PROJECT")
	if src == "" {
		b.Skip("set FOCAL_BENCH_PROJECT to the benchmark project (docs/BENCHMARKS.md)")
	}
	path := filepath.Join(b.TempDir(), "bench.focal")
	copyFile(b, src, path)
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for _, c := range []struct {
		name string
		q    PassageQuery
	}{
		{"one-code", PassageQuery{Code: "theme00/code000"}},
		{"with-subcodes", PassageQuery{Code: "theme00", Subtree: true}},
		{"one-code-context", PassageQuery{Code: "theme00/code000", Context: 1}},
	} {
		b.Run(c.name, func(b *testing.B) {
			n, ops, cpu := 0, 0, processCPU()
			for b.Loop() {
				ps, err := st.CodePassages(ctx, As("pi"), c.q)
				if err != nil {
					b.Fatal(err)
				}
				n, ops = len(ps), ops+1
			}
			reportCPU(b, cpu, ops)
			b.ReportMetric(float64(n), "passages")
		})
	}
}

// reportCPU reports the process's CPU time per operation since from (the
// wall time on a loaded machine says more of the load than of the code).
func reportCPU(b *testing.B, from time.Duration, ops int) {
	if used := processCPU() - from; used > 0 && ops > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(ops), "cpu-ms/op")
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSearch searches a project of one million words (40 sources of
// 250 turns of 100 words) for a word, a phrase, a stem and a regular
// expression.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	st, err := Create(ctx, filepath.Join(b.TempDir(), "words.focal"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	vocab := strings.Fields("we were the only ones on the team and nobody knew my name so I felt apart from " +
		"everyone until a mentor asked how I was doing which changed things for me belonging takes time " +
		"residents attendings nurses rotation night shift family language accent español familia")
	words := 0
	for s := range 40 {
		var turns []transcript.Turn
		for t := range 250 {
			var w strings.Builder
			for i := range 100 {
				if i > 0 {
					w.WriteByte(' ')
				}
				w.WriteString(vocab[(s*7+t*13+i*(1+t%3))%len(vocab)])
				if i%15 == 14 {
					w.WriteByte('.')
				}
			}
			words += 100
			turns = append(turns, transcript.Turn{Speaker: fmt.Sprintf("P%d", t%6), Label: fmt.Sprintf("P%d", t%6),
				Text: w.String(), StartMS: -1, EndMS: -1})
		}
		d, err := corpus.Build(turns)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Store().ImportSource(ctx, store.NewSource{Name: fmt.Sprintf("fg%02d", s), Format: "txt", Language: "en", Draft: d}); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		q    SearchQuery
	}{
		{"word", SearchQuery{Pattern: "mentor"}},
		{"phrase", SearchQuery{Pattern: "only ones"}},
		{"prefix", SearchQuery{Pattern: "famil*"}},
		{"stem", SearchQuery{Pattern: "belong", Stem: true}},
		{"regexp", SearchQuery{Pattern: `night\s+shift`, Regexp: true}},
		{"speaker", SearchQuery{Pattern: "mentor", Speaker: "P1"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			n, ops, cpu := 0, 0, processCPU()
			for b.Loop() {
				r, err := st.Search(ctx, c.q)
				if err != nil {
					b.Fatal(err)
				}
				n, ops = len(r.Hits), ops+1
			}
			reportCPU(b, cpu, ops)
			b.ReportMetric(float64(words), "words")
			b.ReportMetric(float64(n), "hits")
		})
	}
}
