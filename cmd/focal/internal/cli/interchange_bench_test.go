package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
	"github.com/focalqda/focal/export/refiqda"
)

// interchangeBenchProject builds the benchmark project: 100
// sources of about 30,000 characters with six speakers each, 8 coders, 200
// codes under 10 parents and 100,000 codings, blinding off.
func interchangeBenchProject(b *testing.B) *store.Store {
	b.Helper()
	ctx := context.Background()
	s, err := store.Create(ctx, filepath.Join(b.TempDir(), "bench.focal"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("we were the only ones on the team who felt that nobody asked about our día and the attending never learned my name so I stopped speaking up 😅")
	for i := range 100 {
		var turns []transcript.Turn
		for t := range 240 {
			var sb strings.Builder
			for range 25 {
				sb.WriteString(words[rng.IntN(len(words))])
				sb.WriteByte(' ')
			}
			turns = append(turns, transcript.Turn{Speaker: fmt.Sprintf("P%d", t%6), Label: fmt.Sprintf("P%d", t%6), Text: sb.String(), StartMS: -1, EndMS: -1})
		}
		d, err := corpus.Build(turns)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ImportSource(ctx, store.NewSource{Name: fmt.Sprintf("fg%03d", i), Format: "txt", Draft: d, AllowDuplicate: true}); err != nil {
			b.Fatal(err)
		}
	}
	for c := range 8 {
		if _, err := s.AddCoder(ctx, fmt.Sprintf("coder%d", c), "coder"); err != nil {
			b.Fatal(err)
		}
	}
	for c := range 8 {
		var rows []store.CodingRow
		for range 100000 / 8 {
			start := rng.IntN(29000)
			code := rng.IntN(200)
			rows = append(rows, store.CodingRow{Coder: fmt.Sprintf("coder%d", c), NewCoding: store.NewCoding{
				Source: fmt.Sprintf("fg%03d", rng.IntN(100)), Code: fmt.Sprintf("theme%02d/code%03d", code/20, code),
				Start: start, End: start + 20 + rng.IntN(300)}})
		}
		if _, err := s.ImportCodings(store.WithActor(ctx, fmt.Sprintf("coder%d", c)), rows); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.AddCoder(ctx, "pi", "pi"); err != nil {
		b.Fatal(err)
	}
	if err := s.SetBlinding(store.WithActor(ctx, "pi"), false); err != nil {
		b.Fatal(err)
	}
	return s
}

// exportQDPX is what `focal export qdpx` does, without the file.
func exportQDPX(b *testing.B, s *store.Store, w io.Writer) int {
	ex, err := s.ExportProject(context.Background(), store.ExportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := refiqda.WriteQDPX(w, projectFromExport(ex), refiqda.WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	return len(ex.Codings)
}

// BenchmarkInterchange measures `focal export qdpx` and `focal import` of a
// .qdpx on a project with 100,000 codings (targets: 5 s and 10 s).
func BenchmarkInterchange(b *testing.B) {
	s := interchangeBenchProject(b)
	var file bytes.Buffer
	if n := exportQDPX(b, s, &file); n != 100000 {
		b.Fatalf("%d codings exported", n)
	}
	b.Logf("the .qdpx is %.1f MB", float64(file.Len())/1e6)
	b.Run("export-qdpx-100k-codings", func(b *testing.B) {
		b.ReportAllocs()
		cpu0, ok := interchangeCPU()
		for b.Loop() {
			exportQDPX(b, s, io.Discard)
		}
		reportCPU(b, cpu0, ok)
	})
	b.Run("import-qdpx-100k-codings", func(b *testing.B) {
		b.ReportAllocs()
		ctx := store.WithActor(context.Background(), "pi")
		i := 0
		cpu0, ok := interchangeCPU()
		for b.Loop() {
			i++
			target, err := store.Create(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("import%d.focal", i)), "")
			if err != nil {
				b.Fatal(err)
			}
			im, err := refiqda.ReadQDPX(bytes.NewReader(file.Bytes()), int64(file.Len()))
			if err != nil {
				b.Fatal(err)
			}
			data, err := projectData(im, importOptions{language: "en"}, "bench.qdpx")
			if err != nil {
				b.Fatal(err)
			}
			res, err := target.ImportProject(ctx, data, store.ImportOptions{File: "bench.qdpx"})
			if err != nil {
				b.Fatal(err)
			}
			if res.Codings != 100000 {
				b.Fatalf("%d codings imported", res.Codings)
			}
			target.Close()
		}
		reportCPU(b, cpu0, ok)
	})
}

// reportCPU adds the CPU seconds per operation since cpu0, a steadier
// figure than wall time when other work shares the machine.
func reportCPU(b *testing.B, cpu0 time.Duration, ok bool) {
	if cpu1, ok1 := interchangeCPU(); ok && ok1 {
		b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	}
}
