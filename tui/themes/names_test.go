package themes

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/tui/internal/fixture"
)

func TestALongThemeNameIsNotCutMidWordAt80Columns(t *testing.T) {
	p := fixture.Small(t)
	name := "Carrying two worlds between home and the ward"
	addTheme(t, p, name)
	m := open(t, p, fixture.Coder, 80, 24, true)
	s := screen(m)
	// The list ends the name at a word; the pane beside gives it whole.
	for _, cut := range []string{"Carrying tw…", "Carrying two w…", "worlds betw…"} {
		if strings.Contains(s, cut) {
			t.Errorf("the theme's name is cut mid-word (%q):\n%s", cut, s)
		}
	}
	var whole strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "│"); i >= 0 {
			whole.WriteString(strings.TrimSpace(line[i+len("│"):]) + " ")
		}
	}
	if !strings.Contains(whole.String(), name) && !strings.Contains(strings.Join(strings.Fields(whole.String()), " "), name) {
		t.Errorf("the highlighted theme's pane does not give the whole name:\n%s", s)
	}
}
