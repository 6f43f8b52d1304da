package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
)

// benchProject builds the benchmark project: 100 sources of about
// 30,000 characters, 8 coders, 200 codes and 100,000 codings.
func benchProject(b *testing.B) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := Create(ctx, filepath.Join(b.TempDir(), "bench.focal"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("we were the only ones on the team who felt that nobody asked about our day and the attending never learned my name so I stopped speaking up")
	for i := range 100 {
		var turns []transcript.Turn
		for t := range 240 {
			var sb strings.Builder
			for w := 0; w < 25; w++ {
				sb.WriteString(words[rng.IntN(len(words))])
				sb.WriteByte(' ')
			}
			turns = append(turns, transcript.Turn{Speaker: fmt.Sprintf("P%d", t%6), Label: fmt.Sprintf("P%d", t%6), Text: sb.String(), StartMS: -1, EndMS: -1})
		}
		d, err := corpus.Build(turns)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ImportSource(ctx, NewSource{Name: fmt.Sprintf("fg%03d", i), Format: "txt", Draft: d, AllowDuplicate: true}); err != nil {
			b.Fatal(err)
		}
	}
	for c := range 8 {
		if _, err := s.AddCoder(ctx, fmt.Sprintf("coder%d", c), "coder"); err != nil {
			b.Fatal(err)
		}
	}
	for c := range 8 {
		var rows []CodingRow
		for range 100000 / 8 {
			start := rng.IntN(29000)
			code := rng.IntN(200) // 200 codes under 10 parents
			rows = append(rows, CodingRow{Coder: fmt.Sprintf("coder%d", c), NewCoding: NewCoding{
				Source: fmt.Sprintf("fg%03d", rng.IntN(100)), Code: fmt.Sprintf("theme%02d/code%03d", code/20, code),
				Start: start, End: start + 20 + rng.IntN(300)}})
		}
		if _, err := s.ImportCodings(WithActor(ctx, fmt.Sprintf("coder%d", c)), rows); err != nil {
			b.Fatal(err)
		}
	}
	// A PI switches blinding off so that listings show every coder's work.
	if _, err := s.AddCoder(ctx, "pi", "pi"); err != nil {
		b.Fatal(err)
	}
	if err := s.SetBlinding(WithActor(ctx, "pi"), false); err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkCodingsLargeProject(b *testing.B) {
	s := benchProject(b)
	ctx := context.Background()
	var total int
	s.db.QueryRow(`SELECT count(*) FROM codings`).Scan(&total)
	b.Logf("project: %d codings", total)
	b.Run("list-one-code-with-text", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			codings, err := s.Codings(ctx, CodingFilter{Code: "theme02/code042"})
			if err != nil {
				b.Fatal(err)
			}
			n = len(codings)
		}
		b.ReportMetric(float64(n), "codings")
	})
	b.Run("list-all-codings-with-text", func(b *testing.B) {
		// What the workspace reads to suggest codes to merge a code into.
		b.ReportAllocs()
		for b.Loop() {
			codings, err := s.Codings(ctx, CodingFilter{})
			if err != nil || len(codings) != total {
				b.Fatalf("%d codings, %v", len(codings), err)
			}
		}
	})
	b.Run("add-coding", func(b *testing.B) {
		b.ReportAllocs()
		ctx := WithActor(ctx, "coder3")
		i := 0
		var took []time.Duration
		for b.Loop() {
			i++
			t0 := time.Now()
			if _, err := s.AddCoding(ctx, NewCoding{Source: "fg042", Code: "theme00/code017", Start: i % 29000, End: i%29000 + 1 + i/29000}); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
		// The target is about the median, which a mean per operation hides.
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
	})
}
