package workspace

import (
	"strings"
	"testing"
)

func TestTUIGroupViewFromTheDashboard(t *testing.T) {
	m := openReadOnly(t, false)
	m = keys(t, m, "A", "v")
	if m.screen != screenGroups {
		t.Fatalf("v on the dashboard did not open the group view:\n%s", screenText(m))
	}
	s := screenText(m)
	for _, want := range []string{"Groups · how they talked", "Gini of words", "Who spoke after whom", "participant"} {
		if !strings.Contains(s, want) {
			t.Errorf("the group view lacks %q:\n%s", want, s)
		}
	}
	m = keys(t, m, "esc")
	if m.screen != screenDashboard {
		t.Errorf("esc did not go back to the dashboard:\n%s", screenText(m))
	}
}
