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
