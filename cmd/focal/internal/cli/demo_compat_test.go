package cli

import (
	"context"
	"io"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
)

// buildDemo is buildDemoSources for tests that build a project on the
// store directly: the demo's transcripts and speakers, imported by its PI.
func buildDemo(ctx context.Context, s *store.Store, out io.Writer) error {
	return buildDemoSources(ctx, study.New(s), study.As(demoPI), out)
}
