package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestCompareOpensOnlyWithBlindingOffAndGoesBack(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "C")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "blind coding is on") {
		t.Fatalf("C under blinding:\n%s", screenText(m))
	}
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, "amara"), false); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+l", "C")
	if m.screen != screenCompare || !strings.Contains(screenText(m), "Compare fg01 · ben | carmen") {
		t.Fatalf("C with blinding off:\n%s", screenText(m))
	}
	m = keys(t, m, "q")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "? help") {
		t.Fatalf("q did not go back:\n%s", screenText(m))
	}
}
