package report_test

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
	"github.com/focalqda/focal/export/report"
)

// The fixture's group North (fg01), worked out by hand. Words: Dana (the
// moderator) 8 + 4 = 12 in 2 turns; Zoë (P1, Mara) "=SUM(1,2) is what they
// call me, the only one on nights." 13 words; José (P2, Tom) 12 + 6 = 18
// words in 2 turns. Participants: 3 turns, 31 words; Tom 18/31 = 58.1 %,
// Mara 13/31 = 41.9 %. Gini of words 18, 13: 2 × 5 / (2 × 2 × 31) = 0.08;
// of turns 2, 1: 2 × 1 / (2 × 2 × 3) = 0.17. Dana: 2 of all 5 turns (40 %),
// 12 of all 43 words (27.9 %). Turns: Dana→Mara→Tom→Dana→Tom.
var northByHand = []string{
	"2 participants spoke 31 words in 3 turns; Gini coefficient of words 0.08, of turns 0.17.",
	"<td>Tom</td><td class=\"n\">2</td><td class=\"n\">66.7 %</td><td class=\"n\">18</td><td class=\"n\">58.1 %</td>",
	"<td>Mara</td><td class=\"n\">1</td><td class=\"n\">33.3 %</td><td class=\"n\">13</td><td class=\"n\">41.9 %</td>",
	"Dana (moderator): 2 turns, 40 % of all turns; 12 words, 27.9 % of all words.",
	"<tr><th scope=\"row\">Dana</th><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">1</td></tr>",
	"<tr><th scope=\"row\">Mara</th><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>",
	"<tr><th scope=\"row\">Tom</th><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td></tr>",
}

func TestReportShowsSaturationTalkAndCarriers(t *testing.T) {
	page := render(t, datasettest.Build(dataset.Policy{}), report.HTML)
	sat := page[strings.Index(page, `<section id="saturation">`):strings.Index(page, `<section id="voices">`)]
	// Two groups cannot fill a base of 4 and a run of 2.
	for _, want := range []string{"Saturation was not reached: the method needs at least 6 units, a base of 4 and a run of 2, and there are 2: 4 short.",
		"For the methods section: Thematic saturation was assessed with the method of Guest, Namey and Chen (2020", "<svg", "North (base)"} {
		if !strings.Contains(sat, want) {
			t.Errorf("the saturation section lacks %q:\n%s", want, sat)
		}
	}
	voices := page[strings.Index(page, `<section id="voices">`):]
	voices = voices[:strings.Index(voices, "</section>")]
	for _, want := range append(northByHand, "This theme rests on one participant") {
		if !strings.Contains(voices, want) {
			t.Errorf("the voices section lacks %q:\n%s", want, voices)
		}
	}
	// Participants are named by pseudonym in the report, never by id.
	for _, id := range []string{">P1<", ">P2<", "P1 (", "P2 ("} {
		if strings.Contains(voices, id) {
			t.Errorf("the voices section names a participant by id (%q)", id)
		}
	}
	md := render(t, datasettest.Build(dataset.Policy{}), report.Markdown)
	for _, want := range []string{"## Thematic saturation", "## How the groups talked, and who carried each theme", "| Tom | 2 | 66.7 % | 18 | 58.1 % |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}
