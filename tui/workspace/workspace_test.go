package workspace

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/coding/store"
	"github.com/focalqda/focal/coding/study"
	"github.com/focalqda/focal/tui/internal/fixture"
)

var ben = Options{Coder: fixture.Coder}

// codingsOf lists a coder's codings of the fixture's first source, as the
// CLI would show them to that coder.
func codingsOf(t *testing.T, p *fixture.Project, coder string) []store.Coding {
	t.Helper()
	cs, err := p.Study.Store().Codings(t.Context(), store.CodingFilter{Viewer: coder, Source: p.Source.ID, Coder: coder})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// hasCoding reports whether a coding with the code starts with text.
func hasCoding(cs []store.Coding, code, text string) bool {
	for _, c := range cs {
		if c.Code == code && strings.HasPrefix(c.Text, text) {
			return true
		}
	}
	return false
}

func turnText(t *testing.T, p *fixture.Project, seq int) string {
	t.Helper()
	turns, err := p.Study.Store().Turns(t.Context(), p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	text, err := p.Study.Store().SourceText(t.Context(), p.Source.ID)
	if err != nil {
		t.Fatal(err)
	}
	tu := turns[seq-1]
	return string([]rune(text)[tu.Start:tu.End])
}

// withProfile renders a view as a terminal with the given colour profile
// would receive it, so that golden files do not depend on the terminal.
func withProfile(t *testing.T, view string, p colorprofile.Profile) []byte {
	t.Helper()
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(view); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestStartsAsTheCoderAndSeesOnlyWhatBlindingAllows(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	if m.coder != "ben" || !m.blinding.On {
		t.Fatalf("coder %q, blinding %v", m.coder, m.blinding.On)
	}
	for _, c := range m.transcript.Codings() {
		if c.Coder != "ben" {
			t.Errorf("blinding is on, yet ben sees %s's coding %s", c.Coder, c.Code)
		}
	}
	if n := len(m.transcript.Codings()); n != 2 {
		t.Errorf("ben sees %d codings, want his 2", n)
	}
	screen := screenText(m)
	for _, want := range []string{"fg01 · Group 1", "▶1 00:03 MOD Welcome", "ben · blind", "feeling-pa", "? help"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
}

func TestGoldenScreens(t *testing.T) {
	p := fixture.Small(t)
	tests := []struct {
		name string
		w, h int
		opts Options
		keys []string
		text string
	}{
		{name: "start", w: 80, h: 24, opts: ben},
		{name: "selection", w: 80, h: 24, opts: ben, keys: []string{"}", "w", "v", "w", "w"}},
		{name: "picker", w: 80, h: 24, opts: ben, keys: []string{"}", "s", "c"}, text: "be"},
		{name: "panes", w: 120, h: 30, opts: ben, keys: []string{"}", "b", "j", "tab"}},
		{name: "help", w: 100, h: 30, opts: ben, keys: []string{"?"}},
		{name: "no-color", w: 80, h: 24, opts: Options{Coder: fixture.Coder, NoColor: true}, keys: []string{"]", "v", "l", "l"}},
		{name: "tiny", w: 20, h: 5, opts: ben, keys: []string{"}"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := open(t, p, tc.w, tc.h, tc.opts)
			m = keys(t, m, tc.keys...)
			m = typeText(t, m, tc.text)
			golden.RequireEqual(t, withProfile(t, m.View().Content, colorprofile.ANSI256))
		})
	}
}

func TestAsksWhoIsCoding(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, Options{})
	if !strings.Contains(screenText(m), "Who is coding?") || !strings.Contains(screenText(m), "2 carmen (coder)") {
		t.Fatalf("no coder picker:\n%s", screenText(m))
	}
	m = keys(t, m, "j", "enter")
	if m.coder != "carmen" {
		t.Fatalf("chose %q", m.coder)
	}
	cs := m.transcript.Codings()
	if len(cs) != 1 || cs[0].Code != "support/mentorship" {
		t.Errorf("carmen sees %+v, want only her mentorship coding", cs)
	}
	m = open(t, p, 80, 24, Options{Coder: "zed"})
	if !strings.Contains(screenText(m), `There is no coder "zed" here`) {
		t.Errorf("an unknown coder is not said:\n%s", screenText(m))
	}
	m = keys(t, m, "1")
	if m.coder != "ben" {
		t.Errorf("digit chose %q", m.coder)
	}
}

func TestAProjectWithoutCodersEndsWithAClearError(t *testing.T) {
	s, err := study.Create(t.Context(), filepath.Join(t.TempDir(), "empty.focal"), "Empty")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := open(t, &fixture.Project{Study: s}, 80, 24, ben)
	if m.Err() == nil || !strings.Contains(m.Err().Error(), "focal coder add") {
		t.Errorf("error %v, want one naming `focal coder add`", m.Err())
	}
}

func TestCodeATurnWithThePicker(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "}", "t", "c")
	m = typeText(t, m, "ment")
	m = keys(t, m, "enter")
	if !hasCoding(codingsOf(t, p, "ben"), "support/mentorship", turnText(t, p, 2)) {
		t.Fatalf("turn 2 is not coded mentorship: %+v", codingsOf(t, p, "ben"))
	}
	if !strings.Contains(screenText(m), "saved: coded") {
		t.Errorf("no confirmation:\n%s", screenText(m))
	}
	if _, selecting := m.transcript.Selection(); selecting {
		t.Error("the selection stayed after coding it")
	}
	if !strings.Contains(screenText(m), "support/mentorship") {
		t.Errorf("the status line does not name the new code under the cursor:\n%s", screenText(m))
	}
}

func TestNewCodeWithADefinitionAndItsUndo(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "}", "s", "c")
	m = typeText(t, m, "being heard")
	m = keys(t, m, "enter")
	if !strings.Contains(screenText(m), "New code “being heard”") {
		t.Fatalf("no definition step:\n%s", screenText(m))
	}
	m = typeText(t, m, "Feeling listened to.")
	m = keys(t, m, "enter")
	code, err := p.Study.Store().Code(t.Context(), "being heard")
	if err != nil || code.Definition != "Feeling listened to." {
		t.Fatalf("code %+v, %v", code, err)
	}
	if !hasCoding(codingsOf(t, p, "ben"), "being heard", "For me it's whether people notice when you're not there.") {
		t.Fatal("the sentence is not coded")
	}
	m = keys(t, m, "u")
	if hasCoding(codingsOf(t, p, "ben"), "being heard", "For me it's whether people notice when you're not there.") {
		t.Error("undo left the coding")
	}
	if _, err := p.Study.Store().Code(t.Context(), "being heard"); err == nil {
		t.Error("undo left the code created with it")
	}
	m = keys(t, m, "ctrl+r")
	if !hasCoding(codingsOf(t, p, "ben"), "being heard", "For me it's whether people notice when you're not there.") {
		t.Errorf("redo did not bring the coding back:\n%s", screenText(m))
	}
}

func TestRemoveUndoRedo(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	before := len(codingsOf(t, p, "ben"))
	m = keys(t, m, "]", "x")
	if got := len(codingsOf(t, p, "ben")); got != before-1 {
		t.Fatalf("%d codings after x, want %d", got, before-1)
	}
	m = keys(t, m, "u")
	if got := len(codingsOf(t, p, "ben")); got != before {
		t.Fatalf("%d codings after undo, want %d", got, before)
	}
	m = keys(t, m, "ctrl+r")
	if got := len(codingsOf(t, p, "ben")); got != before-1 {
		t.Fatalf("%d codings after redo, want %d", got, before-1)
	}
	m = keys(t, m, "ctrl+r")
	if !strings.Contains(screenText(m), "nothing to redo") {
		t.Errorf("a second redo should say there is nothing to redo:\n%s", screenText(m))
	}
}

func TestOverlappingCodingsAskWhich(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m.transcript.SetCursor(m.transcript.Codings()[1].Start + 2)
	m = keys(t, m, "x")
	if !strings.Contains(screenText(m), "Remove which coding?") {
		t.Fatalf("no question:\n%s", screenText(m))
	}
	m = keys(t, m, "2")
	cs := codingsOf(t, p, "ben")
	if len(cs) != 1 || cs[0].Code != "belonging/feeling-part-of-the-team" {
		t.Errorf("left %+v, want only feeling-part-of-the-team", cs)
	}
}

func TestRecodeAndUndo(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "]", "r")
	m = typeText(t, m, "mentor")
	m = keys(t, m, "enter")
	cs := codingsOf(t, p, "ben")
	if hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") ||
		!hasCoding(cs, "support/mentorship", "For me it's whether people notice when you're not there") {
		t.Fatalf("after re-coding: %+v", cs)
	}
	m = keys(t, m, "u")
	cs = codingsOf(t, p, "ben")
	if !hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") ||
		hasCoding(cs, "support/mentorship", "For me it's whether people notice when you're not there") {
		t.Errorf("one undo should take back the whole re-coding: %+v", cs)
	}
	if !strings.Contains(m.message, "undone: re-coded belonging/feeling-part-of-the-team as support/mentorship") {
		t.Errorf("the status line does not name the re-coding undone: %q", m.message)
	}
	m = keys(t, m, "ctrl+r")
	cs = codingsOf(t, p, "ben")
	if hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") ||
		!hasCoding(cs, "support/mentorship", "For me it's whether people notice when you're not there") {
		t.Errorf("redo should make the whole re-coding again: %+v", cs)
	}
	if !strings.Contains(m.message, "redone: re-coded belonging/feeling-part-of-the-team as support/mentorship") {
		t.Errorf("the status line does not name the re-coding redone: %q", m.message)
	}
}

func TestRedoSurvivesRestartingTheWorkspace(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "]", "r")
	m = typeText(t, m, "mentor")
	m = keys(t, m, "enter", "u")
	if !strings.Contains(m.message, "undone: re-coded") {
		t.Fatalf("undo: %q", m.message)
	}
	// Quit, and open the workspace again on the same project: redo is the
	// core's, kept in the project's log, not in the closed session.
	keys(t, m, "q")
	m = open(t, p, 80, 24, ben)
	m = keys(t, m, "ctrl+r")
	cs := codingsOf(t, p, "ben")
	if hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") ||
		!hasCoding(cs, "support/mentorship", "For me it's whether people notice when you're not there") {
		t.Errorf("redo in a new session did not make the re-coding again: %+v\n%s", cs, m.message)
	}
	if !strings.Contains(m.message, "redone: re-coded belonging/feeling-part-of-the-team as support/mentorship") {
		t.Errorf("the status line: %q", m.message)
	}
	// And u takes the redone re-coding back, again in one step.
	m = keys(t, m, "u")
	if cs := codingsOf(t, p, "ben"); !hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") {
		t.Errorf("undo after redo: %+v", cs)
	}
}

func TestRedoRefusedWhenTheCodeWasRetiredSince(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "]", "r")
	m = typeText(t, m, "mentor")
	m = keys(t, m, "enter", "u")
	// Another coder's work meanwhile does not end ben's redo, but taking
	// the code out of the codebook stands in its way.
	if _, err := p.Study.Store().RetireCode(store.WithActor(t.Context(), fixture.OtherCoder), "support/mentorship", "", true); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+r")
	if !m.messageBad || !strings.Contains(m.message, "retired") {
		t.Errorf("redo onto a retired code should be refused, saying why: %q", m.message)
	}
	if cs := codingsOf(t, p, "ben"); !hasCoding(cs, "belonging/feeling-part-of-the-team", "For me it's whether people notice when you're not there") {
		t.Errorf("a refused redo changed ben's codings: %+v", cs)
	}
}

func TestMemoOnTheTurn(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "m")
	if !strings.Contains(screenText(m), "1 new memo on turn 1 (MOD)") {
		t.Fatalf("no choice of target:\n%s", screenText(m))
	}
	m = keys(t, m, "1")
	m = typeText(t, m, "Opens warmly.")
	keys(t, m, "enter")
	memos, err := p.Study.Store().Memos(t.Context(), store.MemoFilter{Viewer: "ben", Target: &store.MemoTarget{Kind: store.MemoOnTurn, Ref: "fg01:1"}})
	if err != nil || len(memos) != 1 || memos[0].Body != "Opens warmly." {
		t.Errorf("memos %+v, %v", memos, err)
	}
}

func TestDoneTogglesForTheCoder(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "d")
	if !strings.Contains(screenText(m), "✓ done") {
		t.Fatalf("not marked done:\n%s", screenText(m))
	}
	m = keys(t, m, "d")
	if !strings.Contains(screenText(m), "○ not done") {
		t.Errorf("still done:\n%s", screenText(m))
	}
}

func TestFilterSearchAndCodebook(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, ben)
	m = keys(t, m, "f")
	m = typeText(t, m, "isol")
	m = keys(t, m, "enter")
	screen := screenText(m)
	if !strings.Contains(screen, "only belonging/isolation") || strings.Contains(screen, "Welcome") {
		t.Fatalf("not filtered:\n%s", screen)
	}
	m = keys(t, m, "f")
	if strings.Contains(screenText(m), "only belonging") {
		t.Fatal("f did not clear the filter")
	}
	m = keys(t, m, "/")
	m = typeText(t, m, "exam")
	m = keys(t, m, "enter")
	if pos := m.transcript.Position(); pos.Turn.Seq != 5 || !strings.Contains(screenText(m), "1 match for") {
		t.Errorf("search went to turn %d:\n%s", pos.Turn.Seq, screenText(m))
	}
	m = keys(t, m, "b")
	if !strings.Contains(screenText(m), "Codebook") || !strings.Contains(screenText(m), "isolation") {
		t.Fatalf("no codebook pane:\n%s", screenText(m))
	}
	m = keys(t, m, "j", "enter")
	if m.filter.Path != "belonging/feeling-part-of-the-team" || !strings.Contains(screenText(m), "only belonging/feeling") {
		t.Errorf("enter in the codebook did not filter:\n%s", screenText(m))
	}
	// esc takes back the innermost thing first: the search, then the filter.
	m = keys(t, m, "esc")
	if pos := m.transcript.Position(); pos.Query != "" || !strings.Contains(screenText(m), "only belonging") {
		t.Errorf("the first esc should end the search only:\n%s", screenText(m))
	}
	m = keys(t, m, "esc")
	if strings.Contains(screenText(m), "only belonging") {
		t.Error("esc did not clear the filter")
	}
}

func TestSourcesPaneOpensAnotherSource(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "tab")
	if !strings.Contains(screenText(m), "Sources") || !strings.Contains(screenText(m), "fg02") {
		t.Fatalf("no sources pane:\n%s", screenText(m))
	}
	m = keys(t, m, "j", "enter")
	if m.source.Name != "fg02" || !strings.Contains(screenText(m), "Shall we start?") {
		t.Errorf("fg02 is not open:\n%s", screenText(m))
	}
	m = open(t, p, 80, 24, Options{Coder: fixture.Coder, Source: "fg02"})
	if m.source.Name != "fg02" {
		t.Errorf("--source fg02 opened %s", m.source.Name)
	}
}

func TestRefreshShowsWhatAnotherProcessSaved(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	n := len(m.transcript.Codings())
	ctx := store.WithActor(context.Background(), "ben")
	if _, err := p.Study.Store().AddCoding(ctx, store.NewCoding{Source: "fg01", Code: "support/mentorship", Start: 2, End: 9}); err != nil {
		t.Fatal(err)
	}
	m = keys(t, m, "ctrl+l")
	if len(m.transcript.Codings()) != n+1 {
		t.Fatalf("ctrl+l: %d codings, want %d", len(m.transcript.Codings()), n+1)
	}
	if _, err := p.Study.Store().AddCoding(ctx, store.NewCoding{Source: "fg01", Code: "support/mentorship", Start: 12, End: 19}); err != nil {
		t.Fatal(err)
	}
	m = run(t, m, tickMsg{})
	if len(m.transcript.Codings()) != n+2 {
		t.Errorf("the periodic check: %d codings, want %d", len(m.transcript.Codings()), n+2)
	}
}

func TestWritesRunInTheOrderOfTheKeys(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "}", "t", "c")
	m = typeText(t, m, "ment")
	// The pick arrives, then u before the coding is saved: the undo must
	// wait for the save, then take it back.
	next, pick := m.Update(press("enter"))
	next, save := next.Update(pick())
	m = next.(Model)
	if save == nil {
		t.Fatal("the pick saved nothing")
	}
	next, undo := m.Update(press("u"))
	m = next.(Model)
	if undo != nil {
		t.Fatal("undo started while the coding was being saved")
	}
	m = run(t, m, save())
	if hasCoding(codingsOf(t, p, "ben"), "support/mentorship", turnText(t, p, 2)) {
		t.Errorf("the queued undo did not take the coding back:\n%s", screenText(m))
	}
}

func TestUndoAndRedoReachActionsMadeBeforeTheSession(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = keys(t, m, "u")
	if got := len(codingsOf(t, p, "ben")); got != 1 {
		t.Errorf("%d codings, want 1 (ben's last coding undone)", got)
	}
	if !strings.Contains(m.message, "undone: coded") || !strings.Contains(m.message, "ctrl+r redoes it") {
		t.Errorf("the status line does not name what was undone:\n%s", screenText(m))
	}
	// It was made before this session, and redo brings it back all the same.
	m = keys(t, m, "ctrl+r")
	if got := len(codingsOf(t, p, "ben")); got != 2 {
		t.Errorf("%d codings after redo, want 2:\n%s", got, screenText(m))
	}
}

func TestHelpListsEveryKey(t *testing.T) {
	p := fixture.Small(t)
	// Tall enough for every key on one screen (the help scrolls on smaller ones).
	m := open(t, p, 200, 130, ben)
	m = keys(t, m, "?")
	screen := screenText(m)
	for _, section := range m.helpSections() {
		for _, b := range section.Bindings {
			if !strings.Contains(screen, b.Help().Desc) {
				t.Errorf("help lacks %q (%s)", b.Help().Desc, b.Help().Key)
			}
		}
	}
	m = keys(t, m, "esc")
	if strings.Contains(screenText(m), "Keys (") {
		t.Error("esc did not close help")
	}
}

func TestSmallAndChangingSizesNeverPanic(t *testing.T) {
	p := fixture.Small(t)
	prompts := [][]string{nil, {"?"}, {"s", "c"}, {"m"}, {"/"}, {"tab"}, {"b"}, {"]", "x"}}
	sizes := [][2]int{{80, 24}, {20, 5}, {1, 1}, {0, 0}, {5, 20}, {3, 3}, {30, 4}, {200, 2}, {12, 12}}
	for _, keysPressed := range prompts {
		m := open(t, p, 80, 24, ben)
		m.transcript.SetCursor(m.transcript.Codings()[1].Start + 2)
		m = keys(t, m, keysPressed...)
		for _, size := range sizes {
			m = run(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			view := m.View().Content
			lines := strings.Split(view, "\n")
			if size[0] > 0 && size[1] > 0 && len(lines) != size[1] {
				t.Errorf("%v after %v: %d lines", size, keysPressed, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); size[0] > 0 && w != size[0] {
					t.Errorf("%v after %v: a line is %d cells wide", size, keysPressed, w)
					break
				}
			}
			m = keys(t, m, "j", "w", "pgdown", "tab", "esc")
			_ = m.View()
		}
	}
}

func TestNoColorDrawsNoColours(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 100, 30, Options{Coder: fixture.Coder, NoColor: true})
	m = keys(t, m, "}", "v", "w", "b", "tab")
	view := m.View().Content
	for _, sgr := range []string{"38;5;", "48;5;", "38;2;", "48;2;"} {
		if strings.Contains(view, sgr) {
			t.Fatalf("NO_COLOR, yet the screen has colour %q", sgr)
		}
	}
	if !strings.Contains(view, "\x1b[4m") && !strings.Contains(view, ";4m") && !strings.Contains(view, "[4;") {
		t.Error("coded text is not underlined without colour")
	}
}

func TestMouseClickFocusesAndMoves(t *testing.T) {
	p := fixture.Small(t)
	m := open(t, p, 80, 24, ben)
	m = run(t, m, tea.MouseClickMsg{X: 1 + m.transcript.Position().Turn.Seq + 15, Y: 4, Button: tea.MouseLeft})
	m = run(t, m, tea.MouseReleaseMsg{X: 20, Y: 4, Button: tea.MouseLeft})
	if pos := m.transcript.Position(); pos.Turn.Seq != 2 {
		t.Errorf("the click on the fourth line went to turn %d", pos.Turn.Seq)
	}
}
