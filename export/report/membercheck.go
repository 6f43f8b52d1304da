package report

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/focalqda/focal/export/dataset"
)

// memberCheckView is the member-checking section: per theme how many
// participants said it reflects their experience, their comments, and how
// many quotes they removed or corrected.
type memberCheckView struct {
	Themes   []memberCheckTheme
	Comments []memberCheckComment
	Removed  int
	Edited   int
	People   int
}

type memberCheckTheme struct {
	Theme           string
	Yes, Partly, No int
}

type memberCheckComment struct {
	Who, Theme, Text string
}

// memberCheckOf summarises the dataset's member-check answers; nil when
// there are none.
func memberCheckOf(d *dataset.Dataset) *memberCheckView {
	if len(d.MemberCheck) == 0 {
		return nil
	}
	v := &memberCheckView{}
	index := map[string]int{}
	people := map[string]bool{}
	for _, a := range d.MemberCheck {
		people[a.Participant] = true
		who := a.Pseudonym
		if who == "" {
			who = a.Participant
		}
		switch a.Item {
		case "theme":
			i, ok := index[a.Theme]
			if !ok {
				i = len(v.Themes)
				index[a.Theme] = i
				v.Themes = append(v.Themes, memberCheckTheme{Theme: a.Theme})
			}
			switch a.Answer {
			case "yes":
				v.Themes[i].Yes++
			case "partly":
				v.Themes[i].Partly++
			case "no":
				v.Themes[i].No++
			}
			if a.Comment != "" {
				v.Comments = append(v.Comments, memberCheckComment{Who: who, Theme: a.Theme, Text: a.Comment})
			}
		case "quote":
			switch a.Answer {
			case "remove":
				v.Removed++
			case "edit":
				v.Edited++
			}
		}
	}
	v.People = len(people)
	return v
}

// writeMemberCheckMarkdown writes the member-checking section, if any.
func writeMemberCheckMarkdown(w *bufio.Writer, v *memberCheckView) {
	if v == nil {
		return
	}
	w.WriteString("## Member checking\n\n")
	fmt.Fprintf(w, "%d participants answered. Asked whether each theme reflects their experience:\n\n", v.People)
	var rows [][]string
	for _, t := range v.Themes {
		rows = append(rows, []string{mdCell(t.Theme), fmt.Sprint(t.Yes), fmt.Sprint(t.Partly), fmt.Sprint(t.No)})
	}
	mdTable(w, []string{"Theme", "Yes", "Partly", "No"}, []bool{false, true, true, true}, rows)
	fmt.Fprintf(w, "Quotes removed by participants: %d (left out of this report). Quotes whose wording participants corrected: %d (shown as corrected).\n\n", v.Removed, v.Edited)
	if len(v.Comments) > 0 {
		w.WriteString("### What participants would change or add\n\n")
		for _, c := range v.Comments {
			fmt.Fprintf(w, "> %s\n>\n> — %s, on %s\n\n", mdEscape(strings.Join(strings.Fields(c.Text), " ")), mdEscape(c.Who), mdEscape(c.Theme))
		}
	}
}
