package cli

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

// BenchmarkAgreeIntervalsLargeProject times the cluster bootstrap of
// `focal agree --ci 0.95 --unit turn` on the benchmark project
// (FOCAL_BENCH_PROJECT=FILE, a copy of /tmp/bench.focal): 100 replicates,
// with the intervals of every figure (as --json shows) and of the figures
// the text shows.
func BenchmarkAgreeIntervalsLargeProject(b *testing.B) {
	s := exportBenchProject(b)
	ctx := context.Background()
	st := study.New(s)
	d, err := st.AgreementInput(ctx, study.As("pi"), study.AgreementQuery{Unit: "turn", Scope: "participants", IncludeUnfinished: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, shown := range []string{"json", "text"} {
		b.Run(shown, func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			var spent time.Duration
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeapMB(func() {
					start, _ := interchangeCPU()
					opts := d.Options
					opts.PooledOnly = true
					opts.Intervals = &agreement.Intervals{Confidence: 0.95, Replicates: 100, Seed: 1, Clusters: agreement.ClusterTurns}
					if shown == "text" {
						opts.Intervals.Only = shownFigures(len(d.Coders), false)
					}
					if _, err := agreement.Compute(d.Sources, d.Codes, d.Coders, opts); err != nil {
						b.Fatal(err)
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
