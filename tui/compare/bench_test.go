package compare

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
	"github.com/focalqda/focal/tui/internal/keypress"
)

// largeCompared is a generated source of chars code points coded by two
// coders (the fixture coder's codings, and each shifted by a few
// characters for the other), blinding off.
func largeCompared(b *testing.B, chars, codings int) *fixture.Project {
	b.Helper()
	p := fixture.Large(b, chars, codings)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	all, err := p.Study.Store().Codings(ctx, store.CodingFilter{Viewer: fixture.Coder, Source: p.Source.ID})
	if err != nil {
		b.Fatal(err)
	}
	other := store.WithActor(ctx, fixture.OtherCoder)
	for i, c := range all {
		if i%3 == 0 {
			continue // left to the first coder alone
		}
		if _, err := p.Study.Store().AddCoding(other, store.NewCoding{Source: p.Source.ID, Code: c.Code, Start: c.Start + i%5, End: c.End}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := p.Study.Store().AddCoder(ctx, pi, "pi"); err != nil {
		b.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, pi), false); err != nil {
		b.Fatal(err)
	}
	return p
}

func benchOpen(b *testing.B, p *fixture.Project) {
	b.ReportAllocs()
	for b.Loop() {
		m := open(b, p, 120, 40, false)
		if len(m.Data().Open) == 0 {
			b.Fatal("nothing to compare")
		}
		_ = m.View()
	}
}

func benchKey(b *testing.B, p *fixture.Project) {
	m := open(b, p, 120, 40, false)
	next := keypress.Of("]")
	b.ReportAllocs()
	for b.Loop() {
		var cmd tea.Cmd
		m, cmd = m.Update(next)
		_ = cmd
		_ = m.View()
	}
}

// BenchmarkCompareOpenDemoSize opens the compare view on a demo-sized source
// (the small fixture repeated to about 28,000 characters and 230 codings
// per coder, as in the demo's sources).
func BenchmarkCompareOpenDemoSize(b *testing.B) { benchOpen(b, largeCompared(b, 28_000, 230)) }

// BenchmarkCompareOpenLarge opens it on a 300,000-character source with
// 2,000 codings by one coder and about 1,330 by the other.
func BenchmarkCompareOpenLarge(b *testing.B) { benchOpen(b, largeCompared(b, 300_000, 2_000)) }

// BenchmarkCompareKeyDemoSize steps to the next disagreement and draws.
func BenchmarkCompareKeyDemoSize(b *testing.B) { benchKey(b, largeCompared(b, 28_000, 230)) }

// BenchmarkCompareKeyLarge steps to the next disagreement and draws.
func BenchmarkCompareKeyLarge(b *testing.B) { benchKey(b, largeCompared(b, 300_000, 2_000)) }
