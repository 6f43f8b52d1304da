package cli

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/focalqda/focal/coding/agreement"
	"github.com/focalqda/focal/coding/study"
)

// BenchmarkAgreeLargeProject times `focal agree` on the benchmark
// project (100 sources, 8 coders, 200 codes, 100,000 codings; see
// exportBenchProject; FOCAL_BENCH_PROJECT=FILE reuses a kept copy):
// reading the input through the core, computing every statistic of every
// pair and code at character and at turn units, and computing and writing
// the JSON as `focal agree --json` does.
func BenchmarkAgreeLargeProject(b *testing.B) {
	s := exportBenchProject(b)
	ctx := context.Background()
	st := study.New(s)
	// As focal agree asks: the codings without their ids.
	query := func(unit string) study.AgreementQuery {
		return study.AgreementQuery{Unit: unit, Scope: "participants", WithoutCodingIDs: true}
	}
	// cpu runs fn and adds the CPU time it took (all threads, the
	// garbage collector included) to *total.
	cpu := func(total *time.Duration, fn func()) {
		start, _ := interchangeCPU()
		fn()
		end, _ := interchangeCPU()
		*total += end - start
	}
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		var spent time.Duration
		for b.Loop() {
			cpu(&spent, func() {
				if _, err := st.AgreementInput(ctx, study.As("pi"), query("turn")); err != nil {
					b.Fatal(err)
				}
			})
		}
		b.ReportMetric(spent.Seconds()/float64(b.N), "cpu-s/op")
	})
	for _, unit := range []string{"char", "turn"} {
		d, err := st.AgreementInput(ctx, study.As("pi"), query(unit))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("compute-"+unit, func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			var spent time.Duration
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeapMB(func() {
					cpu(&spent, func() {
						opts := d.Options
						opts.PooledOnly = true
						if _, err := agreement.Compute(d.Sources, d.Codes, d.Coders, opts); err != nil {
							b.Fatal(err)
						}
					})
				}))
			}
			b.ReportMetric(peak, "peak-heap-MB")
			b.ReportMetric(spent.Seconds()/float64(b.N), "cpu-s/op")
		})
		b.Run("json-"+unit, func(b *testing.B) {
			b.ReportAllocs()
			var peak float64
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeapMB(func() {
					opts := d.Options
					opts.PooledOnly = true
					rep, err := agreement.Compute(d.Sources, d.Codes, d.Coders, opts)
					if err != nil {
						b.Fatal(err)
					}
					if err := writeAgreeJSON(io.Discard, newAgreeReport(rep, d, thresholds{Tentative: 0.667, Reliable: 0.8})); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(peak, "peak-heap-MB")
		})
	}
}
