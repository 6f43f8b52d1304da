package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestPassagesFromTheCodebookPaneAndTheDashboardGoBackWhereTheyCameFrom(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "b", "j", "j", "p")
	if m.screen != screenPassages || !strings.Contains(screenText(m), "Passages · belonging/isolation") {
		t.Fatalf("p in the codebook pane:\n%s", screenText(m))
	}
	m = keys(t, m, "enter")
	if m.screen != screenCoding || !strings.Contains(screenText(m), "turn 2/") {
		t.Fatalf("enter did not jump to the passage's turn:\n%s", screenText(m))
	}

	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	if err := p.Study.Store().SetBlinding(store.WithActor(ctx, "amara"), false); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+l", "A")
	if m.screen != screenDashboard {
		t.Fatalf("A with blinding off:\n%s", screenText(m))
	}
	m = keys(t, m, "p")
	if m.screen != screenPassages || !strings.Contains(screenText(m), "Passages · ") {
		t.Fatalf("p on the dashboard:\n%s", screenText(m))
	}
	m = keys(t, m, "q")
	if m.screen != screenDashboard {
		t.Errorf("q from passages opened on the dashboard went to screen %d, want the dashboard", m.screen)
	}
}

func TestSearchAllSourcesFromTheSlashPromptAndQueriesOpen(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "/")
	m = typeText(t, m, "yes")
	m = keys(t, m, "tab")
	if m.screen != screenSearch || !strings.Contains(screenText(m), "Search · all sources · “yes”") || !strings.Contains(screenText(m), "fg02 2 P07") {
		t.Fatalf("tab in / did not search every source:\n%s", screenText(m))
	}
	m = keys(t, m, "q", "Q")
	if m.screen != screenQueries || !strings.Contains(screenText(m), "Queries · code co-occurrence · codings of ben") {
		t.Fatalf("Q:\n%s", screenText(m))
	}
	m = keys(t, m, "q")
	var titles []string
	for _, sec := range m.helpSections() {
		titles = append(titles, sec.Title)
	}
	if all := strings.Join(titles, "|"); !strings.Contains(all, "Search all sources (F, or tab in /)") || !strings.Contains(all, "Queries (Q)") {
		t.Errorf("help sections: %s", all)
	}
}
