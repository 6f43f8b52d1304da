package workbook_test

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
)

// The fixture's North group by hand (see export/report's test): José (P2)
// 2 turns, 18 words; Zoë (P1) 1 turn, 13 words; 31 words, 3 turns. Gini of
// words 10/124 = 0.0806…; Dana the moderator 2 of 5 turns.
func TestWorkbookAnalysisSheets(t *testing.T) {
	f, _, _ := writeFixture(t, dataset.Policy{})
	talk := rows(t, f, "talk")
	want := [][]string{
		{"North", "P2", "participant", "2", "0.667", "18", "0.581", "0.081", "0.167"},
		{"North", "P1", "participant", "1", "0.333", "13", "0.419", "0.081", "0.167"},
		{"North", "Dana", "moderator (shares of everyone's)", "2", "0.400", "12", "0.279"},
	}
	for i, w := range want {
		if got := talk[i+1]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("talk row %d = %q, want %q", i+1, got, w)
		}
	}
	// Dana→P1, P1→P2, P2→Dana, Dana→P2 in North.
	tr := rows(t, f, "turn transitions")
	var north []string
	for _, r := range tr[1:] {
		if r[0] == "North" {
			north = append(north, r[1]+">"+r[2]+"="+r[3])
		}
	}
	if strings.Join(north, " ") != "Dana>P1=1 Dana>P2=1 P1>P2=1 P2>Dana=1" {
		t.Errorf("North transitions = %q", north)
	}
	carriers := rows(t, f, "theme carriers")
	found := false
	for _, r := range carriers[1:] {
		if r[0] == "Odd <one>" {
			found = true
			if r[1] != "theme" || !strings.Contains(r[len(r)-1], "This theme rests on one participant's words: Guest (fg02) gives 1 of 1 passage") {
				t.Errorf("Odd <one> = %q", r)
			}
		}
	}
	if !found {
		t.Error("no row for the theme Odd <one>")
	}
	sat := rows(t, f, "saturation")
	if sat[1][1] != "North" || sat[1][5] != "base" || sat[2][1] != "West" {
		t.Errorf("saturation rows = %q", sat[:3])
	}
	joined := ""
	for _, r := range sat {
		joined += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"note: result: not reached: the method needs at least 6 units", "note: methods section: Thematic saturation was assessed"} {
		if !strings.Contains(joined, want) {
			t.Errorf("saturation sheet lacks %q:\n%s", want, joined)
		}
	}
}
