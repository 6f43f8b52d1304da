package cli

import (
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// BenchmarkAgreePerSourceLargeProject runs `focal agree --per-source` on
// the benchmark project (100 sources, 8 coders, 200 codes: 20,000
// cells of each code in each source, 28 pairs each; FOCAL_BENCH_PROJECT=FILE
// reuses a copy with blinding off) as the command line does, from the
// project file to the bytes written (thrown away). peak-heap-MB is the
// highest heap in use: it stays near that of `focal agree --json`, since
// the cells are computed while they are written, a few at a time
// (docs/BENCHMARKS.md, "agree --per-source in bounded memory").
func BenchmarkAgreePerSourceLargeProject(b *testing.B) {
	s := exportBenchProject(b)
	project := s.Path()
	for _, c := range []struct{ name, args string }{
		{"json", "agree --json"},
		{"per-source-json", "agree --per-source --json"},
		{"per-source-text", "agree --per-source"},
		{"per-source-ci-json", "agree --per-source --ci 0.95 --replicates 100 --json"},
		{"ci-json", "agree --ci 0.95 --json"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak float64
			var spent time.Duration
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeapMB(func() {
					start, _ := interchangeCPU()
					var stderr strings.Builder
					app := &App{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
					if code := app.Run(append(strings.Fields(c.args), "-p", project, "--as", "pi")); code != 0 {
						b.Fatalf("focal %s: exit %d: %s", c.args, code, stderr.String())
					}
					end, _ := interchangeCPU()
					spent += end - start
				}))
			}
			b.ReportMetric(peak, "peak-heap-MB")
			b.ReportMetric(spent.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
