package help

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/focalqda/focal/tui/internal/keypress"
	"github.com/focalqda/focal/tui/style"
)

func TestListsAndScrolls(t *testing.T) {
	var bindings []key.Binding
	for _, name := range []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta"} {
		bindings = append(bindings, key.NewBinding(key.WithKeys(name[:1]), key.WithHelp(name[:1], name)))
	}
	m := New(style.Theme{})
	m.SetSize(40, 4)
	m.SetSections([]Section{{Title: "Greek", Bindings: bindings}})
	if !strings.Contains(ansi.Strip(m.View()), "alpha") {
		t.Fatalf("view:\n%s", ansi.Strip(m.View()))
	}
	m, _ = m.Update(keypress.Of("pgdown"))
	m, _ = m.Update(keypress.Of("j"))
	if view := ansi.Strip(m.View()); !strings.Contains(view, "zeta") || strings.Contains(view, "alpha") {
		t.Errorf("after scrolling:\n%s", view)
	}
	for _, k := range []string{"esc", "?", "q"} {
		_, cmd := m.Update(keypress.Of(k))
		if _, ok := cmd().(CloseMsg); !ok {
			t.Errorf("%s did not close", k)
		}
	}
	m.SetSize(200, 3)
	if lines := strings.Split(m.View(), "\n"); len(lines) != 3 {
		t.Errorf("%d lines", len(lines))
	}
}

func TestLongDescriptionsWrapWholeWordsAt80Columns(t *testing.T) {
	long := "themes board: define themes, assign codes, quotes by participant and group"
	var sections []Section
	for _, title := range []string{"Workspace", "Themes board (T)", "Codebook pane (b)"} {
		sections = append(sections, Section{Title: title, Bindings: []key.Binding{
			key.NewBinding(key.WithKeys("T"), key.WithHelp("T", long)),
			key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "re-read the project (others' changes)")),
		}})
	}
	m := New(style.Theme{})
	m.SetSize(80, 60)
	m.SetSections(sections)
	view := ansi.Strip(m.View())
	words := map[string]bool{}
	for _, w := range strings.Fields(long + " re-read the project (others' changes) ctrl+l T Workspace Themes board (T) Codebook pane (b)") {
		words[w] = true
	}
	for _, line := range strings.Split(view, "\n") {
		if ansi.StringWidth(line) > 80 {
			t.Errorf("line wider than 80: %q", line)
		}
		for _, w := range strings.Fields(line) {
			if !words[w] {
				t.Errorf("%q is not a whole word of the help (cut?) in line %q", w, line)
			}
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(view), " "), "quotes by participant and group") {
		t.Errorf("the description is not there whole:\n%s", view)
	}
}
