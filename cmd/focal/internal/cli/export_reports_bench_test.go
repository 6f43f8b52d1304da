package cli

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/corpus/transcript"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/report"
	"github.com/focalqda/focal/export/tidy"
	"github.com/focalqda/focal/export/workbook"
)

// exportBenchProject builds the benchmark project: 100 sources of
// about 30,000 characters (240 turns, a moderator and five participants
// with attributes each), 8 coders who marked every source done, 200 codes
// under 10 parents, 20 themes of 10 codes, and 100,000 codings. With
// FOCAL_BENCH_KEEP=FILE the project is copied there, to time the binary;
// with FOCAL_BENCH_PROJECT=FILE that project is used instead of a new one;
// FOCAL_BENCH_CODINGS=N makes N codings instead of 100,000.
func exportBenchProject(b *testing.B) *store.Store {
	b.Helper()
	ctx := store.WithActor(context.Background(), "pi")
	if kept := os.Getenv("FOCAL_BENCH_PROJECT"); kept != "" {
		s, err := store.Open(ctx, kept)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	path := filepath.Join(b.TempDir(), "bench.focal")
	s, err := store.Create(ctx, path, "bench")
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("we were the only ones on the team who felt that nobody asked about our day and the attending never learned my name so I stopped speaking up")
	attrs := map[string]map[string]string{}
	for i := range 100 {
		var turns []transcript.Turn
		for t := range 240 {
			var sb strings.Builder
			for w := 0; w < 25; w++ {
				sb.WriteString(words[rng.IntN(len(words))])
				sb.WriteByte(' ')
			}
			who := fmt.Sprintf("Speaker %d", t%6)
			turns = append(turns, transcript.Turn{Speaker: who, Label: who, Text: sb.String(), StartMS: int64(t) * 9000, EndMS: int64(t)*9000 + 8000})
		}
		d, err := corpus.Build(turns)
		if err != nil {
			b.Fatal(err)
		}
		src, err := s.ImportSource(ctx, store.NewSource{Name: fmt.Sprintf("fg%03d", i), Group: fmt.Sprintf("site %d", i%5), Format: "vtt",
			Draft: d, AllowDuplicate: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.SetSpeakerRole(ctx, src.ID, "Speaker 0", "moderator"); err != nil {
			b.Fatal(err)
		}
		for k := 1; k < 6; k++ {
			p := fmt.Sprintf("P%03d", i*5+k)
			if err := s.LinkSpeaker(ctx, src.ID, fmt.Sprintf("Speaker %d", k), p); err != nil {
				b.Fatal(err)
			}
			attrs[p] = map[string]string{"pgy": fmt.Sprintf("PGY-%d", 1+rng.IntN(4)), "site": fmt.Sprintf("site %d", i%5)}
		}
	}
	if err := s.SetParticipantAttributes(ctx, attrs); err != nil {
		b.Fatal(err)
	}
	if _, err := s.AddCoder(ctx, "pi", "pi"); err != nil {
		b.Fatal(err)
	}
	for c := range 8 {
		if _, err := s.AddCoder(ctx, fmt.Sprintf("coder%d", c), "coder"); err != nil {
			b.Fatal(err)
		}
	}
	codings := 100000
	if n, err := strconv.Atoi(os.Getenv("FOCAL_BENCH_CODINGS")); err == nil && n > 0 {
		codings = n // FOCAL_BENCH_CODINGS=200000 for the memory figures of docs/BENCHMARKS.md
	}
	for c := range 8 {
		var rows []store.CodingRow
		for range codings / 8 {
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
	for t := range 20 {
		th, err := s.AddTheme(ctx, store.NewTheme{Name: fmt.Sprintf("Theme %02d", t), Definition: "A pattern of meaning across groups."})
		if err != nil {
			b.Fatal(err)
		}
		var codes []string
		for k := range 10 {
			code := (t*10 + k) % 200
			codes = append(codes, fmt.Sprintf("theme%02d/code%03d", code/20, code))
		}
		if _, err := s.AssignCodes(ctx, th.Path, codes); err != nil {
			b.Fatal(err)
		}
	}
	// Every coder marks every source done, so that agreement is computed.
	for c := range 8 {
		cctx := store.WithActor(ctx, fmt.Sprintf("coder%d", c))
		for i := range 100 {
			if err := s.SetSourceDone(cctx, fmt.Sprintf("fg%03d", i), true); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := s.SetBlinding(ctx, false); err != nil {
		b.Fatal(err)
	}
	// Closing checkpoints the WAL into the file, which can then be copied.
	s.Close()
	if keep := os.Getenv("FOCAL_BENCH_KEEP"); keep != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(keep, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	s, err = store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// peakHeapMB samples the heap while fn runs and returns the highest heap in
// use, in MB: the part of the process's memory that the export controls.
func peakHeapMB(fn func()) float64 {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return float64(peak) / (1 << 20)
}

// BenchmarkExportLargeProject measures the exports for investigators on
// the benchmark project, each from the project file to the bytes
// written: assembling the dataset (agreement included for xlsx and the
// report), then writing. peak-heap-MB is the highest heap in use during
// one export. The workbook runs under the soft memory limit that `focal
// export xlsx` sets.
func BenchmarkExportLargeProject(b *testing.B) {
	s := exportBenchProject(b)
	ctx := context.Background()
	run := func(b *testing.B, withAgreement bool, write func(d *dataset.Dataset) error) {
		b.ReportAllocs()
		if strings.HasPrefix(b.Name(), "BenchmarkExportLargeProject/xlsx") {
			defer limitWorkbookMemory()() // as runExportXLSX does
		}
		var peak float64
		var codings int
		for b.Loop() {
			runtime.GC()
			p := peakHeapMB(func() {
				d, err := assembleDataset(ctx, study.New(s), study.As("pi"), investigatorOptions{agreementUnit: "char"}, withAgreement)
				if err != nil {
					b.Fatal(err)
				}
				codings = len(d.Codings)
				if err := write(d); err != nil {
					b.Fatal(err)
				}
			})
			peak = max(peak, p)
		}
		b.ReportMetric(peak, "peak-heap-MB")
		b.ReportMetric(float64(codings), "codings")
	}
	b.Run("dataset", func(b *testing.B) {
		run(b, false, func(*dataset.Dataset) error { return nil })
	})
	b.Run("xlsx", func(b *testing.B) {
		run(b, true, func(d *dataset.Dataset) error {
			_, err := workbook.Write(io.Discard, d)
			return err
		})
	})
	b.Run("xlsx-no-agreement", func(b *testing.B) {
		run(b, false, func(d *dataset.Dataset) error {
			_, err := workbook.Write(io.Discard, d)
			return err
		})
	})
	b.Run("csv", func(b *testing.B) {
		run(b, false, func(d *dataset.Dataset) error {
			for _, t := range []tidy.Table{tidy.Segments, tidy.Passages, tidy.Matrix, tidy.Presence, tidy.Sources, tidy.Participants} {
				if err := tidy.Write(io.Discard, d, t, tidy.ByTurn, tidy.Options{}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	b.Run("html", func(b *testing.B) {
		run(b, true, func(d *dataset.Dataset) error { return report.Write(io.Discard, d, report.HTML, report.Options{}) })
	})
	b.Run("html-no-agreement", func(b *testing.B) {
		run(b, false, func(d *dataset.Dataset) error { return report.Write(io.Discard, d, report.HTML, report.Options{}) })
	})
	b.Run("docx-no-agreement", func(b *testing.B) {
		run(b, false, func(d *dataset.Dataset) error { return report.Write(io.Discard, d, report.Docx, report.Options{}) })
	})
}
