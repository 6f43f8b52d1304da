package transcript

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/tui/style"
)

// at is the text from the cursor on, a few characters of it.
func at(m Model) string {
	runes := []rune(m.doc.text)
	return string(runes[m.cursor:min(m.cursor+10, len(runes))])
}

func spanText(m Model, s corpus.Span) string {
	return string([]rune(m.doc.text)[s.Start:s.End])
}

// utterance finds the start of the first occurrence of words in the text.
func position(t *testing.T, m Model, words string) int {
	t.Helper()
	i := strings.Index(m.doc.text, words)
	if i < 0 {
		t.Fatalf("%q is not in the sample", words)
	}
	return utf8.RuneCountInString(m.doc.text[:i])
}

func TestWrappingKeepsEveryGlyphOnceWithinTheWidth(t *testing.T) {
	m := newTestModel(80, 20, false)
	d := m.doc
	for width := 1; width <= 60; width++ {
		for ti := range d.turns {
			l := d.linesFor(ti, width)
			if l.lines[0] != 0 {
				t.Fatalf("width %d turn %d: first line starts at glyph %d", width, ti, l.lines[0])
			}
			for li := range l.lines {
				from, to := lineGlyphs(l, li)
				if to <= from {
					t.Fatalf("width %d turn %d line %d is empty", width, ti, li)
				}
				w := 0
				for gi := from; gi < to; gi++ {
					w += int(l.glyphs[gi].width)
				}
				last := d.text[l.glyphs[to-1].off]
				// A line may pass the width by one trailing space (it hangs
				// in the gap), or hold one glyph wider than a narrow line.
				if w > width && !((last == ' ' || last == '\n') && w-1 <= width) && to-from > 1 {
					t.Errorf("width %d turn %d line %d is %d cells: %q", width, ti, li, w,
						d.text[l.glyphs[from].off:l.glyphs[to-1].off])
				}
			}
		}
	}
}

func TestDisplayCellsMapBackToTheSameCharacter(t *testing.T) {
	for _, width := range []int{24, 40, 57, 80, 133} {
		m := newTestModel(width, 10, false)
		for ti := range m.doc.turns {
			l := m.lines(ti)
			for _, g := range l.glyphs {
				m.cursor = int(g.pos)
				r := m.lineOf(m.cursor)
				if got := m.glyphAtColumn(r, m.cursorX()); got != m.cursor {
					t.Fatalf("width %d: position %d is drawn at column %d of its line, which maps back to %d", width, m.cursor, m.cursorX(), got)
				}
			}
		}
	}
}

func TestViewIsExactlyThePaneSize(t *testing.T) {
	codings := []Coding{{ID: "a", CodeID: "c1", Name: "isolation", Own: true, Start: 130, End: 190}}
	for _, size := range [][2]int{{80, 24}, {20, 5}, {1, 1}, {3, 2}, {23, 4}, {39, 7}, {69, 3}, {200, 60}} {
		for _, mono := range []bool{false, true} {
			m := newTestModel(size[0], size[1], mono)
			m.SetCodings(codings)
			m, _ = keys(m, "G", "v", "k", "k", "j", "pgdown", "pgup", "w", "B", ")", "(", "}", "{")
			lines := strings.Split(m.View(), "\n")
			if len(lines) != size[1] {
				t.Fatalf("%v: %d lines", size, len(lines))
			}
			for i, line := range lines {
				if w := ansi.StringWidth(line); w != size[0] {
					t.Fatalf("%v: line %d is %d cells wide: %q", size, i, w, ansi.Strip(line))
				}
			}
		}
	}
}

func TestZeroSizeAndEmptyDocumentDrawNothingAndDoNotPanic(t *testing.T) {
	m := New(style.Theme{})
	if m.View() != "" {
		t.Error("a pane of no size should draw nothing")
	}
	m.SetSize(10, 2)
	m, _ = keys(m, "j", "w", "v", "c", "x")
	if got := m.View(); got != "          \n          " {
		t.Errorf("an empty pane should be blank, got %q", got)
	}
	m.SetDocument(Document{Text: ""})
	m, _ = keys(m, "j", "G")
	m.SetSize(0, 0)
	_ = m.View()
}

func TestMotions(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string // the text at the cursor afterwards
	}{
		{"starts at the first utterance", nil, "Welcome, e"},
		{"l and right move by character", []string{"l", "right"}, "lcome, eve"},
		{"h at the start stays", []string{"h"}, "Welcome, e"},
		{"w goes to the next word", []string{"w", "w"}, "When you h"},
		{"ctrl+right goes to the next word", []string{"ctrl+right"}, "everyone. "},
		{"B goes back a word", []string{"w", "w", "B"}, "everyone. "},
		{") goes to the next sentence", []string{")"}, "When you h"},
		{"( goes back a sentence", []string{")", ")", "("}, "When you h"},
		{"} goes to the next turn", []string{"}"}, "For me it'"},
		{"{ goes to the start of the turn, then back", []string{"}", "w", "{", "{"}, "Welcome, e"},
		{"l at the end of a turn goes to the next turn", []string{"}", "h", "l"}, "For me it'"},
		{"h at the start of a turn goes to the end of the previous one", []string{"}", "h"}, "?"},
		{"G goes to the last turn", []string{"G"}, "What would"},
		{"g goes to the first turn", []string{"G", "g"}, "Welcome, e"},
		{"j keeps the column", []string{"w", "j"}, "ike you be"},
		{"j then k comes back", []string{"w", "j", "k"}, "everyone. "},
		{"end goes to the end of the line", []string{"end"}, " "},
		{"home goes to the start of the line", []string{"w", "home"}, "Welcome, e"},
		{"emoji and dashes are not words", []string{"}", "}", "}", "w", "w", "w"}, "日本語のテキスト"},
		{"space pages down", []string{"space"}, "you're not"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(60, 6, false)
			m, _ = keys(m, tc.keys...)
			if got := at(m); !strings.HasPrefix(got, tc.want) {
				t.Errorf("cursor at %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSelection(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"s selects the sentence", []string{"s"}, "Welcome, everyone."},
		{"t selects the turn", []string{"}", "t"}, "For me it's whether people notice when you're not there. Like, if I called out sick, would someone say we miss her? That's kind of my test."},
		{"shift+right selects characters", []string{"shift+right", "shift+right", "shift+right"}, "Welc"},
		{"v then w selects words", []string{"v", "w", "w"}, "Welcome, everyone. W"},
		{"a selection can cross turns", []string{")", "v", "}", "e"}, "When you hear the phrase feeling like you belong in residency, what comes to mind first?\nP04: F"},
		{"s then ) grows by a sentence", []string{"s", ")"}, "Welcome, everyone. W"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(60, 8, false)
			m, _ = keys(m, tc.keys...)
			s, ok := m.Selection()
			if !ok {
				t.Fatal("nothing selected")
			}
			if got := spanText(m, s); got != tc.want {
				t.Errorf("selected %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("a motion without shift ends a shift selection", func(t *testing.T) {
		m := newTestModel(60, 8, false)
		m, _ = keys(m, "shift+right", "right")
		if _, ok := m.Selection(); ok {
			t.Error("selection kept")
		}
	})
	t.Run("esc cancels, v toggles", func(t *testing.T) {
		m := newTestModel(60, 8, false)
		m, _ = keys(m, "v", "w", "esc")
		if _, ok := m.Selection(); ok {
			t.Error("esc kept the selection")
		}
		m, _ = keys(m, "v", "w", "v")
		if _, ok := m.Selection(); ok {
			t.Error("v did not end the selection")
		}
	})
}

func sampleCodings(m Model, t *testing.T) []Coding {
	p := position(t, m, "whether people")
	q := position(t, m, "good test")
	return []Coding{
		{ID: "own1", CodeID: "c1", Code: "belonging/isolation", Name: "isolation", Coder: "ben", Own: true, Start: p, End: p + 40},
		{ID: "own2", CodeID: "c2", Code: "hierarchy/microaggressions", Name: "microaggressions", Coder: "ben", Own: true, Start: p + 22, End: q + 9},
		{ID: "other", CodeID: "c3", Code: "support/peers", Name: "peers", Coder: "carmen", Start: p, End: p + 10},
	}
}

func TestRequestsToTheWorkspace(t *testing.T) {
	m := newTestModel(70, 10, false)
	m.SetCodings(sampleCodings(m, t))
	m.SetCursor(position(t, m, "whether people") + 25)

	_, sent := keys(m, "c")
	if n, ok := sent[0].(NoticeMsg); !ok || !strings.Contains(n.Text, "select a span first") {
		t.Errorf("c without a selection sent %#v", sent[0])
	}
	_, sent = keys(m, "enter")
	if len(sent) != 0 {
		t.Errorf("enter without a selection sent %#v", sent)
	}
	_, sent = keys(m, "s", "c")
	req, ok := sent[0].(CodeRequestMsg)
	if !ok || spanText(m, req.Span) != "For me it's whether people notice when you're not there." {
		t.Errorf("s c sent %#v", sent[0])
	}
	_, sent = keys(m, "x")
	rm, ok := sent[0].(RemoveRequestMsg)
	if !ok || len(rm.Codings) != 2 || rm.Codings[0].ID != "own1" || rm.Codings[1].ID != "own2" {
		t.Errorf("x sent %#v, want the two own codings under the cursor (not carmen's)", sent[0])
	}
	_, sent = keys(m, "r")
	if rc, ok := sent[0].(RecodeRequestMsg); !ok || len(rc.Codings) != 2 {
		t.Errorf("r sent %#v", sent[0])
	}
	_, sent = keys(m, "m")
	if mr, ok := sent[0].(MemoRequestMsg); !ok || mr.Turn.Seq != 2 || len(mr.Codings) != 2 {
		t.Errorf("m sent %#v", sent[0])
	}
	m.SetCursor(0)
	_, sent = keys(m, "x")
	if n, ok := sent[0].(NoticeMsg); !ok || !strings.Contains(n.Text, "no coding of yours") {
		t.Errorf("x away from codings sent %#v", sent[0])
	}
	if got := m.CodingsAt(position(t, m, "whether people")); len(got) != 2 {
		t.Errorf("codings at the start of the first coding: %d, want 2 (own and carmen's)", len(got))
	}
}

func TestJumps(t *testing.T) {
	m := newTestModel(70, 10, false)
	m.SetCodings(sampleCodings(m, t))
	m, _ = keys(m, "]")
	if !strings.HasPrefix(at(m), "whether pe") {
		t.Errorf("] went to %q", at(m))
	}
	m, _ = keys(m, "]")
	if !strings.HasPrefix(at(m), "when you'r") {
		t.Errorf("second ] went to %q", at(m))
	}
	m, _ = keys(m, "[")
	if !strings.HasPrefix(at(m), "whether pe") {
		t.Errorf("[ went to %q", at(m))
	}
	m, _ = keys(m, ">")
	if !strings.HasPrefix(at(m), "Tôi là") {
		t.Errorf("> went to %q, want the first turn after with no coding of mine", at(m))
	}
	// The last turn (MOD, uncoded) is a moderator's: > passes over it.
	m, sent := keys(m, ">")
	if n, ok := sent[len(sent)-1].(NoticeMsg); !ok || !strings.Contains(n.Text, "every later turn") {
		t.Errorf("> past the last uncoded participant turn sent %#v", sent)
	}
	if !strings.HasPrefix(at(m), "Tôi là") {
		t.Errorf("> moved to %q; the only later uncoded turn is a moderator's", at(m))
	}
}

func TestNextUncodedPassesOverModeratorTurns(t *testing.T) {
	m := newTestModel(70, 10, false)
	// Nothing coded: from the first turn (a moderator's), > goes to P04,
	// then P01, P02, and never stops on the moderator's last turn.
	var stops []string
	for range 4 {
		var sent []tea.Msg
		m, sent = keys(m, ">")
		if len(sent) > 0 {
			stops = append(stops, "notice")
			continue
		}
		stops = append(stops, m.Position().Turn.Label)
	}
	want := []string{"P04", "P01", "P02", "notice"}
	if strings.Join(stops, " ") != strings.Join(want, " ") {
		t.Errorf("> stopped at %v, want %v", stops, want)
	}
}

func TestSearch(t *testing.T) {
	m := newTestModel(70, 10, false)
	if n := m.Search("YOU"); n != 4 {
		t.Fatalf("%d matches for YOU, want 4 (case is ignored)", n)
	}
	if !strings.HasPrefix(at(m), "you hear") {
		t.Errorf("search went to %q", at(m))
	}
	m, _ = keys(m, "n")
	if !strings.HasPrefix(at(m), "you belong") {
		t.Errorf("n went to %q", at(m))
	}
	m, _ = keys(m, "N", "N")
	if !strings.HasPrefix(at(m), "you would") && !strings.HasPrefix(at(m), "you chan") {
		t.Errorf("N N wrapped to %q", at(m))
	}
	if n := m.Search("日本語"); n != 1 || !strings.HasPrefix(at(m), "日本語") {
		t.Errorf("wide characters: %d matches, at %q", n, at(m))
	}
	if n := m.Search("P04"); n != 0 {
		t.Errorf("labels are not searched, but %d matches for P04", n)
	}
	_, sent := keys(m, "n")
	if len(sent) == 0 {
		t.Error("n with no matches said nothing")
	}
}

func TestFilterShowsOnlyTurnsWithTheCode(t *testing.T) {
	m := newTestModel(70, 10, false)
	m.SetCodings(sampleCodings(m, t))
	if n := m.SetFilter("c2"); n != 2 {
		t.Fatalf("microaggressions touches %d turns, want 2", n)
	}
	if !m.Filtered() || !strings.HasPrefix(at(m), "For me") {
		t.Errorf("after the filter the cursor is at %q", at(m))
	}
	m, _ = keys(m, "}", "}", "}")
	if !strings.HasPrefix(at(m), "That's a g") {
		t.Errorf("} left the filtered turns: %q", at(m))
	}
	view := ansi.Strip(m.View())
	if strings.Contains(view, "Welcome") || strings.Contains(view, "Tôi") {
		t.Errorf("hidden turns are drawn:\n%s", view)
	}
	// With turn 5 coded too, turn 4 is hidden between turns 3 and 5.
	w := position(t, m, "What would")
	m.SetCodings(append(sampleCodings(m, t), Coding{ID: "own3", CodeID: "c2", Own: true, Start: w, End: w + 4}))
	m.SetFilter("c2")
	m.SetCursor(w)
	_, sent := keys(m, "v", "{", "c")
	if n, ok := sent[0].(NoticeMsg); !ok || !strings.Contains(n.Text, "hidden turns") {
		t.Errorf("coding across hidden turns sent %#v", sent[0])
	}
	if n := m.SetFilter("nothing"); n != 0 || !m.Filtered() {
		t.Error("a filter with no turns should change nothing")
	}
	m.ClearFilter()
	if m.Filtered() {
		t.Error("ClearFilter kept turns hidden")
	}
}

func TestMouseClickMovesAndDragSelects(t *testing.T) {
	m := newTestModel(70, 10, false)
	gutter := m.geo.gutter
	m, _ = m.Update(tea.MouseClickMsg{X: gutter + 9, Y: 0, Button: tea.MouseLeft})
	if !strings.HasPrefix(at(m), "everyone") {
		t.Errorf("click went to %q", at(m))
	}
	m, _ = m.Update(tea.MouseMotionMsg{X: gutter + 16, Y: 0, Button: tea.MouseLeft})
	m, _ = m.Update(tea.MouseReleaseMsg{X: gutter + 16, Y: 0, Button: tea.MouseLeft})
	s, ok := m.Selection()
	if !ok || spanText(m, s) != "everyone" {
		t.Errorf("drag selected %q", spanText(m, s))
	}
	m, _ = m.Update(tea.MouseClickMsg{X: gutter, Y: 1, Button: tea.MouseLeft})
	m, _ = m.Update(tea.MouseReleaseMsg{X: gutter, Y: 1, Button: tea.MouseLeft})
	if _, ok := m.Selection(); ok {
		t.Error("a click without a drag left a selection")
	}
	before := m.top
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.top == before {
		t.Error("the wheel did not scroll")
	}
}

func TestGoldenViews(t *testing.T) {
	for _, mono := range []bool{false, true} {
		name := "colour"
		if mono {
			name = "mono"
		}
		t.Run(name, func(t *testing.T) {
			m := newTestModel(76, 14, mono)
			m.SetCodings(sampleCodings(m, t))
			if mono {
				for i := range m.codings {
					m.codings[i].Color = nil
				}
			} else {
				th := style.Theme{}
				for i := range m.codings {
					m.codings[i].Color = th.CodeColor(i, "")
				}
			}
			m.Search("test")
			m, _ = keys(m, "g", "}", "s")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
	t.Run("narrow", func(t *testing.T) {
		m := newTestModel(30, 16, true)
		m.SetCodings(sampleCodings(m, t))
		m, _ = keys(m, "}", "}", "}")
		golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
	})
}

func TestPositionForTheStatusLine(t *testing.T) {
	m := newTestModel(70, 10, false)
	m.SetCodings(sampleCodings(m, t))
	m.SetCursor(position(t, m, "whether people"))
	m, _ = keys(m, "v", "l")
	p := m.Position()
	if p.Turn.Seq != 2 || p.TurnIndex != 1 || p.Turns != 5 || len(p.Codings) != 2 || !p.Selecting || p.Selection.Len() != 2 {
		t.Errorf("position %+v", p)
	}
}
