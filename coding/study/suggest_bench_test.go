package study

import (
	"context"
	"os"
	"testing"
)

// BenchmarkSuggest times `focal suggest` at the core on the benchmark
// project (docs/BENCHMARKS.md, "Suggestions"): 100 sources of about 30,000
// characters, 24,000 turns, 200 codes with about 500 codings each.
// FOCAL_BENCH_PROJECT names a copy of it; without it the benchmark is
// skipped. Each iteration is one code's suggestions from scratch: reading
// the sources, indexing every passage, ranking.
func BenchmarkSuggest(b *testing.B) {
	path := os.Getenv("FOCAL_BENCH_PROJECT")
	if path == "" {
		b.Skip("set FOCAL_BENCH_PROJECT to a copy of the benchmark project (docs/BENCHMARKS.md)")
	}
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, unit := range []string{UnitSentence, UnitTurn} {
		b.Run(unit, func(b *testing.B) {
			for b.Loop() {
				s, err := st.Suggest(ctx, As("pi"), SuggestRequest{Code: "theme00/code000", Unit: unit})
				if err != nil {
					b.Fatal(err)
				}
				if len(s.Suggestions) != 10 {
					b.Fatalf("%d suggestions", len(s.Suggestions))
				}
			}
		})
	}
}
