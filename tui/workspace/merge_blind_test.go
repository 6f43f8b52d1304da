package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestMergeUnderBlindingHighlightsNoParentAndItsQuestionFits80Columns(t *testing.T) {
	p := fixture.Small(t)
	ctx := context.Background()
	turns, err := p.Study.Turns(ctx, p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A child code of ben's on a turn nothing else of his codes.
	if _, err := p.Study.AddCoding(ctx, study.As(fixture.Coder), study.NewCoding{Source: p.Source.ID,
		Code: "belonging/isolation/on-call", NewCode: true, Start: turns[4].Start, End: turns[4].End}); err != nil {
		t.Fatal(err)
	}
	m := open(t, p, 80, 24, ben)
	m = toCode(t, m, "belonging/isolation/on-call")
	m = keys(t, m, "M")
	screen := screenText(m)
	if m.prompt != promptPicker || !strings.Contains(flat(screen), "no code shares its text in your codings") {
		t.Fatalf("M under blinding:\n%s", screen)
	}
	if strings.Contains(screen, "> belonging") || strings.Contains(screen, "> support") {
		t.Fatalf("a code is highlighted though none shares the text:\n%s", screen)
	}
	// The README's "M, enter, enter" merges nothing here.
	m = keys(t, m, "enter", "enter")
	wantCode(t, p, "belonging/isolation/on-call", true)
	if m.prompt != promptPicker {
		t.Fatalf("enter with nothing highlighted left the picker (prompt %d):\n%s", m.prompt, screenText(m))
	}
	// Choosing a target asks a question read whole at 80 columns.
	m = typeText(t, m, "mentorship")
	m = keys(t, m, "enter")
	screen = screenText(m)
	words := flat(screen)
	want := "Merge belonging/isolation/on-call (1 coding of yours) into support/mentorship? Your codings and any colleague's (blinding hides them), its child codes and theme places move there; on-call is retired. u undoes it."
	if m.prompt != promptChoice || !strings.Contains(words, want) {
		t.Fatalf("the question is not read whole at 80 columns:\n%s", screen)
	}
	m = keys(t, m, "esc")
	if m.prompt != promptNone {
		t.Errorf("esc left prompt %d open", m.prompt)
	}
	wantCode(t, p, "belonging/isolation/on-call", true)
}
