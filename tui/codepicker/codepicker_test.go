package codepicker

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func codebook() []Code {
	return []Code{
		{ID: "b", Path: "belonging", Name: "belonging"},
		{ID: "bo", Path: "belonging/being-the-only-one", Name: "being-the-only-one", Definition: "Sole person of one's kind in a room."},
		{ID: "fp", Path: "belonging/feeling-part-of-the-team", Name: "feeling-part-of-the-team", Codings: 3},
		{ID: "is", Path: "belonging/isolation", Name: "isolation", Definition: "Feeling alone, apart or unseen.", Codings: 7},
		{ID: "h", Path: "hierarchy", Name: "hierarchy"},
		{ID: "ma", Path: "hierarchy/microaggressions", Name: "microaggressions", Definition: "Everyday remarks that single out."},
	}
}

func send(m Model, msgs ...tea.Msg) (Model, tea.Msg) {
	var last tea.Msg
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		if cmd != nil {
			last = cmd()
		}
	}
	return m, last
}

func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keypress.Text(s) {
		out = append(out, k)
	}
	return out
}

func paths(m Model) []string {
	var out []string
	for _, r := range m.rows {
		if r.code < 0 {
			out = append(out, "+"+r.create)
		} else {
			out = append(out, m.codes[r.code].Path)
		}
	}
	return out
}

func TestFilterRanksNamesThenPathsThenDefinitions(t *testing.T) {
	tests := []struct {
		typed string
		want  []string
	}{
		{"", []string{"belonging/isolation", "belonging", "belonging/being-the-only-one", "belonging/feeling-part-of-the-team", "hierarchy", "hierarchy/microaggressions"}},
		{"iso", []string{"belonging/isolation", "+iso"}},
		{"ISOLATION", []string{"belonging/isolation"}},
		{"hier", []string{"hierarchy", "hierarchy/microaggressions", "+hier"}},
		{"fptt", []string{"belonging/feeling-part-of-the-team", "+fptt"}},
		{"bel/iso", []string{"belonging/isolation", "+bel/iso"}},
		{"alone", []string{"belonging/isolation", "+alone"}},
		{"being heard", []string{"+being heard"}},
	}
	for _, tc := range tests {
		t.Run(tc.typed, func(t *testing.T) {
			m := New(style.Theme{})
			m.SetSize(60, 12)
			m.Open(Apply, "Code", codebook(), []string{"is"})
			m, _ = send(m, typed(tc.typed)...)
			if got := paths(m); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
}

func TestChooseExistingOrCreateWithDefinition(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(60, 12)
	m.Open(Apply, "Code", codebook(), nil)
	_, msg := send(m, append(typed("micro"), keypress.Of("enter"))...)
	if p, ok := msg.(PickedMsg); !ok || p.Code.ID != "ma" {
		t.Fatalf("picked %#v", msg)
	}
	m.Open(Apply, "Code", codebook(), nil)
	m, msg = send(m, append(typed("being heard"), keypress.Of("enter"))...)
	if msg != nil || !m.Editing() {
		t.Fatalf("create should ask for a definition first, sent %#v", msg)
	}
	if !strings.Contains(ansi.Strip(m.View()), "New code “being heard”") {
		t.Errorf("the definition step is not shown:\n%s", ansi.Strip(m.View()))
	}
	_, msg = send(m, append(typed("Feeling listened to."), keypress.Of("enter"))...)
	if c, ok := msg.(CreateMsg); !ok || c.Path != "being heard" || c.Definition != "Feeling listened to." {
		t.Errorf("created %#v", msg)
	}
	m.Open(Apply, "Code", codebook(), nil)
	m, _ = send(m, append(typed("x"), keypress.Of("enter"), keypress.Of("esc"))...)
	if m.Editing() {
		t.Error("esc did not leave the definition step")
	}
	_, msg = send(m, keypress.Of("esc"))
	if _, ok := msg.(CancelMsg); !ok {
		t.Errorf("esc sent %#v", msg)
	}
}

func TestChooseModeOffersNoNewCode(t *testing.T) {
	m := New(style.Theme{})
	m.SetSize(60, 12)
	m.Open(Choose, "Filter", codebook(), nil)
	m, msg := send(m, append(typed("nothing like it"), keypress.Of("enter"))...)
	if len(m.rows) != 0 || msg != nil {
		t.Errorf("rows %q, sent %#v", paths(m), msg)
	}
}

func TestArrowsMoveAndTheDefinitionFollows(t *testing.T) {
	m := New(style.Theme{Mono: true})
	m.SetSize(50, 10)
	m.Open(Apply, "Code 12–40 “whether people notice”", codebook(), []string{"is"})
	m, _ = send(m, keypress.Of("down"), keypress.Of("down"), keypress.Of("up"))
	golden.RequireEqual(t, []byte(m.View()))
}

func TestTinySizes(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {1, 1}, {5, 2}, {20, 3}} {
		m := New(style.Theme{})
		m.SetSize(size[0], size[1])
		m.Open(Apply, "Code", codebook(), nil)
		m, _ = send(m, typed("is")...)
		if lines := strings.Split(m.View(), "\n"); size[1] > 0 && len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
	}
}

func TestCodesWithANoteComeFirstUntilSomethingIsTyped(t *testing.T) {
	codes := codebook()
	codes[3].Note = "62% same text" // isolation
	codes[5].Note = "10% same text" // microaggressions
	m := New(style.Theme{})
	m.SetSize(70, 12)
	m.Open(Choose, "Merge being-the-only-one into…", codes, nil)
	got := paths(m)
	if got[0] != "belonging/isolation" || got[1] != "hierarchy/microaggressions" || len(got) != len(codes) {
		t.Errorf("order %q, want the noted codes first, in their order, then the rest", got)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "62% same text · 7") {
		t.Errorf("the note is not shown:\n%s", view)
	}
	m, _ = send(m, typed("hier")...)
	if got := paths(m); got[0] != "hierarchy" {
		t.Errorf("typing ranks by name again, got %q", got)
	}
}
