package cli

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/focalqda/focal/coding/agreement/methods"
)

// writeMethods writes `focal agree --methods`: a paragraph a methods
// section can take over, naming what was compared, the figures with their
// intervals, the bootstrap, the software and the references, with the
// commands that recompute every number. The paragraph is composed by
// package methods, which the investigators' report uses too.
func writeMethods(out io.Writer, r agreeReport) error {
	p := methods.Compose(methods.Input{Report: r.Report, Excluded: len(r.Excluded), LeftOutCodes: r.LeftOutCodes,
		Tentative: r.Thresholds.Tentative, Reliable: r.Thresholds.Reliable, Software: softwareName()})
	fmt.Fprintln(out, methods.Wrap(p.Text, 80))
	fmt.Fprintln(out)
	fmt.Fprintln(out, "References")
	for _, ref := range p.References {
		fmt.Fprintln(out, methods.Wrap(ref, 80))
	}
	return nil
}

// softwareName names this Focal with its version and commit, as a methods
// paragraph cites it.
func softwareName() string {
	facts := buildFactsOf(debug.ReadBuildInfo())
	return methods.Software(facts.Version, facts.Commit)
}
