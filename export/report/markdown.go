package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/focalqda/focal/export/dataset"
)

// mdEscape keeps text literal in Markdown: characters that would start
// emphasis, code, links, HTML or tables are escaped, and so are those that
// would start a heading, list or quote at the beginning of a line.
func mdEscape(text string) string {
	var b strings.Builder
	lineStart := true
	for _, r := range text {
		switch {
		case strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
		case lineStart && strings.ContainsRune("#+-=>", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		lineStart = r == '\n' || (lineStart && (r == ' ' || r == '\t'))
	}
	return b.String()
}

// mdCell is text fit for a table cell: escaped, on one line.
func mdCell(text string) string {
	return strings.ReplaceAll(strings.ReplaceAll(mdEscape(text), "\r", ""), "\n", "<br>")
}

func mdTable(w *bufio.Writer, header []string, right []bool, rows [][]string) {
	w.WriteString("|")
	for _, h := range header {
		w.WriteString(" " + mdCell(h) + " |")
	}
	w.WriteString("\n|")
	for i := range header {
		if i < len(right) && right[i] {
			w.WriteString("---:|")
		} else {
			w.WriteString("---|")
		}
	}
	w.WriteString("\n")
	for _, r := range rows {
		w.WriteString("|")
		for _, c := range r {
			w.WriteString(" " + c + " |")
		}
		w.WriteString("\n")
	}
	w.WriteString("\n")
}

func writeMarkdown(out io.Writer, m *model) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "# %s\n\nThemes for investigators · exported %s · %s\n\n", mdEscape(m.Title), mdEscape(m.ExportedAt), mdEscape(m.Selection))

	w.WriteString("## About this report\n\n")
	fmt.Fprintf(w, "It reads %s. %s\n\n%s\n\n", mdEscape(m.Layer), mdEscape(m.Moderators), mdEscape(m.CountingRule))
	var rows [][]string
	for _, s := range m.Sources {
		rows = append(rows, []string{mdCell(s.Name), mdCell(dataset.GroupName(s.Group)), mdCell(s.Consensus), mdCell(s.Layer), fmt.Sprint(s.Codings)})
	}
	mdTable(w, []string{"Source", "Group", "Consensus", "Layer", "Codings"}, []bool{false, false, false, false, true}, rows)
	for _, n := range m.Notes {
		fmt.Fprintf(w, "Note: %s\n\n", mdEscape(n))
	}

	w.WriteString("## Themes at a glance\n\n")
	fmt.Fprintf(w, "%d themes from %d participants in %d groups. A theme that rests on one or two participants' words, mostly on one participant's, or on one group is marked.\n\n",
		len(m.Themes), m.Participants, len(m.Groups))
	fmt.Fprintf(w, "Layer: %s.\n\n", mdEscape(m.Layers))
	header, right, rows := m.themesTable()
	for i := range rows {
		for j := range rows[i] {
			rows[i][j] = mdCell(rows[i][j])
		}
	}
	mdTable(w, header, right, rows)

	fmt.Fprintf(w, "## Themes by group\n\nPassages of each theme in each group (participants in parentheses). Layer: %s.\n\n", mdEscape(m.Layers))
	header = append([]string{"Theme"}, m.Heat.Groups...)
	right = make([]bool, len(header))
	rows = nil
	for t, theme := range m.Heat.Themes {
		row := []string{mdCell(theme)}
		for g := range m.Heat.Groups {
			right[g+1] = true
			row = append(row, fmt.Sprintf("%d (%d)", m.Heat.Passages[t][g], m.Heat.Voices[t][g]))
		}
		rows = append(rows, row)
	}
	mdTable(w, header, right, rows)

	w.WriteString("## Themes and quotes\n\n")
	for _, t := range m.Themes {
		fmt.Fprintf(w, "### %s\n\n", mdEscape(t.Path))
		if t.Definition != "" {
			fmt.Fprintf(w, "%s\n\n", mdEscape(t.Definition))
		}
		for _, s := range t.Summaries {
			fmt.Fprintf(w, "**%s:** %s\n\n", mdEscape(strings.ToUpper(s.Language)), mdEscape(s.Text))
		}
		fmt.Fprintf(w, "%s\n\n", mdEscape(t.SupportLine))
		if t.Warning != "" {
			fmt.Fprintf(w, "**Caution:** %s\n\n", mdEscape(t.Warning))
		}
		if len(t.Codes) > 0 {
			fmt.Fprintf(w, "Codes: %s\n\n", mdEscape(strings.Join(t.Codes, ", ")))
		}
		if len(t.Quotes) == 0 {
			w.WriteString("No quote in this export.\n\n")
		}
		for _, q := range t.Quotes {
			text := q.Text
			if q.Shortened {
				text += " […]"
			}
			lines := strings.Split(mdEscape("“"+text+"”"), "\n")
			for _, line := range lines {
				fmt.Fprintf(w, "> %s\n", line)
			}
			fmt.Fprintf(w, ">\n> — %s, %s (%s)\n\n", mdEscape(q.Who), mdEscape(q.Where), mdEscape(q.Codes))
		}
	}

	fmt.Fprintf(w, "## Code frequencies\n\nLayer: %s.\n\n", mdEscape(m.Layers))
	rows = nil
	for _, c := range m.Codes {
		rows = append(rows, []string{mdCell(c.Path), fmt.Sprint(c.Passages), fmt.Sprint(c.Codings), fmt.Sprint(c.Participants)})
	}
	mdTable(w, []string{"Code", "Passages", "Codings", "Participants"}, []bool{false, true, true, true}, rows)
	writeAnalysisMarkdown(w, m.Analysis)
	writeSuggestionsMarkdown(w, m.Suggestions)

	w.WriteString("## Agreement\n\n")
	if a := m.Agreement; a != nil {
		fmt.Fprintf(w, "Agreement between %s per code, on %d sources, with %s units (scope: %s). %s is the headline figure.\n\n",
			mdEscape(a.Coders), a.Sources, mdEscape(a.Unit), mdEscape(a.Scope), a.Headline)
		header := []string{"Code", "Units", "% agreement", a.Headline}
		if len(a.Pairs) > 0 {
			header = append(header, "Fleiss' kappa")
			for _, p := range a.Pairs {
				header = append(header, "kappa "+p)
			}
		}
		header = append(header, "Note")
		right := make([]bool, len(header))
		for i := 1; i < len(header)-1; i++ {
			right[i] = true
		}
		rows = nil
		for _, r := range a.Rows {
			row := []string{mdCell(r.Code), fmt.Sprint(r.Units), r.Agreement, r.Headline}
			if len(a.Pairs) > 0 {
				row = append(append(row, r.Fleiss), r.Pairs...)
			}
			rows = append(rows, append(row, mdCell(r.Note)))
		}
		mdTable(w, header, right, rows)
		fmt.Fprintf(w, "%s\n\n", mdEscape(a.Overall))
		for _, e := range a.Excluded {
			fmt.Fprintf(w, "Left out: %s\n\n", mdEscape(e))
		}
		if a.Methods != "" {
			fmt.Fprintf(w, "### Methods paragraph (for the paper)\n\n%s\n\n", mdEscape(a.Methods))
			if a.MethodsNote != "" {
				fmt.Fprintf(w, "%s\n\n", mdEscape(a.MethodsNote))
			}
			w.WriteString("References:\n\n")
			for _, ref := range a.MethodsReferences {
				fmt.Fprintf(w, "- %s\n", mdEscape(ref))
			}
			w.WriteString("\n")
		}
	} else if m.AgreementNot != "" {
		fmt.Fprintf(w, "No agreement table: %s.\n\n", mdEscape(m.AgreementNot))
	} else {
		w.WriteString("No agreement table.\n\n")
	}
	writeMemberCheckMarkdown(w, m.MemberCheck)
	return w.Flush()
}
