package workspace

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/focalqda/focal/coding"
	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/internal/fixture"
)

// noWrites is the real core with every write failing the test.
type noWrites struct {
	*study.Study
	t *testing.T
}

func (s noWrites) fail(name string) { s.t.Helper(); s.t.Errorf("read-only workspace called %s", name) }

func (s noWrites) AddCoding(context.Context, study.Person, study.NewCoding) (study.AddCodingResult, error) {
	s.fail("AddCoding")
	return study.AddCodingResult{}, nil
}
func (s noWrites) RemoveCoding(context.Context, study.Person, string) (coding.Coding, error) {
	s.fail("RemoveCoding")
	return coding.Coding{}, nil
}
func (s noWrites) Recode(context.Context, study.Person, string, string, string, bool) (study.Recoded, error) {
	s.fail("Recode")
	return study.Recoded{}, nil
}
func (s noWrites) SetSourceDone(context.Context, study.Person, string, bool) error {
	s.fail("SetSourceDone")
	return nil
}
func (s noWrites) AddMemo(context.Context, study.Person, study.MemoTarget, string, string) (coding.Memo, error) {
	s.fail("AddMemo")
	return coding.Memo{}, nil
}
func (s noWrites) EditMemo(context.Context, study.Person, string, string) (coding.Memo, bool, error) {
	s.fail("EditMemo")
	return coding.Memo{}, false, nil
}

func (s noWrites) Undo(context.Context, study.Person) (study.Change, error) {
	s.fail("Undo")
	return study.Change{}, nil
}
func (s noWrites) Redo(context.Context, study.Person) (study.Change, error) {
	s.fail("Redo")
	return study.Change{}, nil
}
func (s noWrites) RenameCode(context.Context, study.Person, string, string) (coding.Code, error) {
	s.fail("RenameCode")
	return coding.Code{}, nil
}
func (s noWrites) DescribeCode(context.Context, study.Person, string, study.CodeDescription) (coding.Code, error) {
	s.fail("DescribeCode")
	return coding.Code{}, nil
}
func (s noWrites) MoveCode(context.Context, study.Person, string, string) (coding.Code, error) {
	s.fail("MoveCode")
	return coding.Code{}, nil
}
func (s noWrites) MergeCode(context.Context, study.Person, string, string) (coding.Code, error) {
	s.fail("MergeCode")
	return coding.Code{}, nil
}
func (s noWrites) SplitCode(context.Context, study.Person, string, string, []string) (coding.Code, error) {
	s.fail("SplitCode")
	return coding.Code{}, nil
}
func (s noWrites) RetireCode(context.Context, study.Person, string, string, bool) (coding.Code, error) {
	s.fail("RetireCode")
	return coding.Code{}, nil
}
func (s noWrites) AddTheme(context.Context, study.Person, study.NewTheme) (coding.Theme, error) {
	s.fail("AddTheme")
	return coding.Theme{}, nil
}
func (s noWrites) RenameTheme(context.Context, study.Person, string, string) (coding.Theme, error) {
	s.fail("RenameTheme")
	return coding.Theme{}, nil
}
func (s noWrites) DescribeTheme(context.Context, study.Person, string, study.ThemeDescription) (coding.Theme, bool, error) {
	s.fail("DescribeTheme")
	return coding.Theme{}, false, nil
}
func (s noWrites) AssignCodes(context.Context, study.Person, string, []string) (study.ThemeCodesChange, error) {
	s.fail("AssignCodes")
	return study.ThemeCodesChange{}, nil
}
func (s noWrites) UnassignCodes(context.Context, study.Person, string, []string) (study.ThemeCodesChange, error) {
	s.fail("UnassignCodes")
	return study.ThemeCodesChange{}, nil
}
func (s noWrites) MoveCodeBetweenThemes(context.Context, study.Person, string, string, string) (study.ThemeCodeMove, error) {
	s.fail("MoveCodeBetweenThemes")
	return study.ThemeCodeMove{}, nil
}
func (s noWrites) RemoveTheme(context.Context, study.Person, string, bool) (study.ThemeRemoval, error) {
	s.fail("RemoveTheme")
	return study.ThemeRemoval{}, nil
}
func (s noWrites) SeedConsensus(context.Context, study.Person, string, []string, float64) (study.SeedResult, error) {
	s.fail("SeedConsensus")
	return study.SeedResult{}, nil
}
func (s noWrites) ResolvePlace(context.Context, study.Person, study.Resolution) ([]corpus.Span, error) {
	s.fail("ResolvePlace")
	return nil, nil
}
func (s noWrites) CompleteConsensus(context.Context, study.Person, string, bool) (int, error) {
	s.fail("CompleteConsensus")
	return 0, nil
}
func (s noWrites) ReopenConsensus(context.Context, study.Person, string) error {
	s.fail("ReopenConsensus")
	return nil
}

// openReadOnly opens the small fixture with a PI, blinding off and a
// disagreement on isolation, opened read-only.
func openReadOnly(t *testing.T, blind bool) Model {
	t.Helper()
	p := fixture.Small(t)
	ctx := store.WithActor(context.Background(), fixture.Coder)
	if _, err := p.Study.Store().AddCoder(ctx, "amara", "pi"); err != nil {
		t.Fatal(err)
	}
	turns, err := p.Study.Store().Turns(ctx, p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Study.Store().AddCoding(store.WithActor(ctx, fixture.OtherCoder), store.NewCoding{Source: p.Source.ID,
		Code: "belonging/isolation", Start: turns[2].Start, End: turns[2].Start + 40}); err != nil {
		t.Fatal(err)
	}
	if !blind {
		if err := p.Study.Store().SetBlinding(store.WithActor(ctx, "amara"), false); err != nil {
			t.Fatal(err)
		}
	}
	m := New(context.Background(), noWrites{Study: p.Study, t: t}, Options{Coder: fixture.Coder, ReadOnly: true})
	m = run(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	return runCmd(t, m, m.Init())
}

func wantRefused(t *testing.T, m Model, what string) {
	t.Helper()
	if !strings.Contains(m.message, "read-only") || m.prompt != promptNone {
		t.Errorf("%s: message %q, prompt %d; want read-only and no prompt", what, m.message, m.prompt)
	}
	if !strings.Contains(screenText(m), "read-only") {
		t.Errorf("%s: the screen does not say read-only:\n%s", what, screenText(m))
	}
}

func TestTUIReadOnlyRefusesEveryWrite(t *testing.T) {
	m := openReadOnly(t, false)
	var own int = -1
	for i, c := range m.transcript.Codings() {
		if c.Own {
			own = i
			break
		}
	}
	if own < 0 {
		t.Fatal("no coding of ben's in the fixture")
	}
	at := m.transcript.Codings()[own].Start + 2
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"code a selection (c)", []string{"v", "w", "c"}},
		{"code a selection (enter)", []string{"esc", "v", "w", "enter"}},
		{"code a turn", []string{"esc", "t", "c"}},
		{"remove", []string{"esc", "x"}},
		{"remove (delete)", []string{"delete"}},
		{"re-code", []string{"r"}},
		{"memo", []string{"m"}},
		{"done", []string{"d"}},
		{"undo", []string{"u"}},
		{"redo", []string{"ctrl+r"}},
	} {
		m.transcript.SetCursor(at)
		m = keys(t, m, tc.keys...)
		wantRefused(t, m, tc.name)
		m = keys(t, m, "esc")
	}
	// The codebook pane's changes are refused; its history is not a change.
	m = keys(t, m, "esc", "b")
	if !m.showCodebook {
		t.Error("b did not open the codebook pane")
	}
	for _, k := range []string{"r", "e", "m", "M", "S", "X"} {
		m = keys(t, m, k)
		wantRefused(t, m, "codebook "+k)
	}
	m = keys(t, m, "h")
	if m.prompt != promptPager || !strings.Contains(screenText(m), "History of") {
		t.Errorf("h in a read-only codebook:\n%s", screenText(m))
	}
	// Browsing still works: the codebook pane, search, the sources pane.
	m = keys(t, m, "esc", "esc", "tab")
	if m.focus != paneSources {
		t.Error("tab did not reach the sources pane")
	}
}

func TestTUIReadOnlyCompareRefusesDecisions(t *testing.T) {
	m := openReadOnly(t, false)
	m = keys(t, m, "C")
	if m.screen != screenCompare || len(m.compare.Data().Open) == 0 {
		t.Fatalf("C: screen %d, %d open places", m.screen, len(m.compare.Data().Open))
	}
	// The key line offers no decision: none works read-only.
	if s := screenText(m); strings.Contains(s, "take A") || strings.Contains(s, "seed") || strings.Contains(s, "drop") {
		t.Errorf("the read-only compare view advertises decisions:\n%s", s)
	}
	for _, k := range [][]string{{"a"}, {"b"}, {"1"}, {"+"}, {"o"}, {"x"}, {"S"}, {"D"}, {"e", "c"}, {"e", "enter"}} {
		m = keys(t, m, k...)
		if s := screenText(m); !strings.Contains(s, "read-only") {
			t.Errorf("%v in the compare view did not say read-only:\n%s", k, s)
		}
		m = keys(t, m, "esc")
		if m.screen != screenCompare {
			m = keys(t, m, "C")
		}
	}
	m = keys(t, m, "]", "j")
	if m.screen != screenCompare {
		t.Error("browsing left the compare view")
	}
}

func TestTUIDashboardOpensAndJumpsToCompare(t *testing.T) {
	m := openReadOnly(t, false)
	m = keys(t, m, "A")
	if m.screen != screenDashboard {
		t.Fatalf("A did not open the dashboard")
	}
	s := screenText(m)
	if !strings.Contains(s, "Agreement: Cohen's kappa per pair") || !strings.Contains(s, "belonging/isolation") {
		t.Errorf("dashboard:\n%s", s)
	}
	m = keys(t, m, "s", "o", "+", "-")
	for m.agree.Current() != "belonging/isolation" {
		m = keys(t, m, "j")
	}
	m = keys(t, m, "enter")
	if m.screen != screenCompare || !strings.Contains(screenText(m), "open disagreement on belonging/isolation in fg01") {
		t.Errorf("enter: screen %d\n%s", m.screen, screenText(m))
	}
	m = keys(t, m, "q", "A", "q")
	if m.screen != screenCoding {
		t.Errorf("q did not go back to coding")
	}
	m = run(t, keys(t, m, "A"), tea.WindowSizeMsg{Width: 20, Height: 5})
	if lines := strings.Split(m.View().Content, "\n"); len(lines) != 5 {
		t.Errorf("20×5: %d lines", len(lines))
	}
}

func TestTUIDashboardRefusedUnderBlinding(t *testing.T) {
	m := openReadOnly(t, true)
	m = keys(t, m, "C")
	compareMsg := m.message
	m = keys(t, m, "A")
	if m.screen != screenCoding || m.message != compareMsg || !strings.Contains(m.message, "blind coding is on") {
		t.Errorf("A under blinding: screen %d, %q; C said %q", m.screen, m.message, compareMsg)
	}
}
