package themes

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// largeThemed is a generated source with codings codings of 23 codes under
// five parents, each parent's codes assigned to a theme of the same name.
func largeThemed(b *testing.B, chars, codings int) *fixture.Project {
	b.Helper()
	p := fixture.Large(b, chars, codings)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	codes, err := p.Study.Store().Codes(ctx, store.CodeFilter{Viewer: fixture.Coder})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 5 {
		theme := fmt.Sprintf("theme%d", i)
		var mine []string
		for _, c := range codes {
			if strings.HasPrefix(c.Path, theme+"/") {
				mine = append(mine, c.ID)
			}
		}
		addTheme(b, p, theme, mine...)
	}
	return p
}

// BenchmarkThemesLoad reads everything the board and the theme view show:
// the themes, the codebook and every coding, grouped by code.
func BenchmarkThemesLoad(b *testing.B) {
	p := largeThemed(b, 300_000, 20_000)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadBoard(ctx, p.Study, fixture.Coder); err != nil {
			b.Fatal(err)
		}
		e, err := loadEvidence(ctx, p.Study, fixture.Coder)
		if err != nil || len(e.byCode) == 0 {
			b.Fatalf("%d codes with codings: %v", len(e.byCode), err)
		}
	}
}

// BenchmarkThemeViewOpen opens the view of a theme with about 4,000
// quotes: gathering, grouping and drawing them.
func BenchmarkThemeViewOpen(b *testing.B) {
	p := largeThemed(b, 300_000, 20_000)
	m := open(b, p, fixture.Coder, 120, 40, false)
	b.ReportAllocs()
	for b.Loop() {
		v := keys(b, m, "enter")
		if v.view.quotes < 1000 {
			b.Fatalf("%d quotes", v.view.quotes)
		}
		_ = v.View()
	}
}
