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

// Issue 20: s in the group view turns to thematic saturation, computed by
// the core from the codings the coder may see (here the fixture's two
// groups, Group 1 with 3 codes: the method needs 6, so it says how far off
// it is); s goes back.
func TestTUIGroupViewSaturationPage(t *testing.T) {
	m := openReadOnly(t, false)
	m = keys(t, m, "A", "v", "s")
	s := screenText(m)
	for _, want := range []string{"Groups · thematic saturation", "base 4, run 2, threshold ≤5 %", "2 focus groups in import order",
		"codings: all coders' codings", "Group 1      3    3          3", "not reached: the method needs at least 6 units", "there are 2: 4 short"} {
		if !strings.Contains(s, want) {
			t.Errorf("the saturation page lacks %q:\n%s", want, s)
		}
	}
	m = keys(t, m, "s")
	if s := screenText(m); !strings.Contains(s, "Groups · how they talked") {
		t.Errorf("s did not go back to the talk page:\n%s", s)
	}
	m = keys(t, m, "esc")
	if m.screen != screenDashboard {
		t.Errorf("esc did not go back to the dashboard:\n%s", screenText(m))
	}
}
