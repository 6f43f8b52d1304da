package groups

import (
	"fmt"
	"strings"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/tui/style"
)

// saturationLines draw the saturation page: the parameters, the table of
// groups with their codes, new codes, running total and a bar of new
// codes, the runs with their ratios, the result (the point, or how far off
// it is), and the sentence for a methods section.
func (m Model) saturationLines(w int) []string {
	s := m.saturation.Result
	o := s.Options
	runs := "rolling runs"
	if o.Consecutive {
		runs = "consecutive runs"
	}
	dim := func(text string) string { return m.paint.Render(m.theme.Dim(), style.Clip(text, w)) }
	out := []string{
		style.Clip(fmt.Sprintf(" base %d, run %d, threshold ≤%s, %s · %s in import order",
			o.Base, o.Run, analysis.Percent(o.Threshold), runs, analysis.Count(len(s.Steps), "focus group")), w),
		dim(" codings: " + m.saturation.Layer),
		"",
	}
	if len(s.Steps) == 0 {
		return append(out, dim(" no transcripts yet"))
	}
	nameW := 5
	most := 1
	for _, st := range s.Steps {
		nameW = max(nameW, min(len([]rune(st.Name))+1, 28))
		most = max(most, len(st.New))
	}
	out = append(out, dim(fmt.Sprintf(" %2s %-*s %5s %4s %10s  new codes", "#", nameW, "group", "codes", "new", "cumulative")))
	for i, st := range s.Steps {
		text := style.Clip(fmt.Sprintf(" %2d %-*s %5d %4d %10d  ", i+1, nameW, style.Clip(st.Name, nameW), st.Codes, len(st.New), st.Cumulative), w)
		bar := ""
		if n := len(st.New); n > 0 {
			bar = strings.Repeat("█", max(1, n*20/most))
		}
		bar = style.Clip(bar, max(w-len([]rune(text)), 0))
		mark := ""
		if i+1 == o.Base {
			mark = style.Clip(" ← base", max(w-len([]rune(text))-len([]rune(bar)), 0))
		}
		out = append(out, text+m.paint.Render(m.theme.Accent(), bar)+m.paint.Render(m.theme.Dim(), mark))
	}
	if len(s.Runs) > 0 {
		out = append(out, "", style.Clip(fmt.Sprintf(" base: %s, %s", analysis.Range("focus group", 1, o.Base), analysis.Count(s.BaseCodes, "code")), w))
		out = append(out, dim(fmt.Sprintf(" %-14s %4s %8s", "run", "new", "of base")))
		for _, r := range s.Runs {
			verdict := "over the threshold"
			if r.Saturated {
				verdict = "at or under the threshold: saturation"
			}
			out = append(out, style.Clip(fmt.Sprintf(" %-14s %4d %8s  %s", runName(r), r.New, analysis.Percent(r.Ratio), verdict), w))
		}
	}
	out = append(out, "")
	result := "saturation: " + s.Short
	if s.Reached {
		result = fmt.Sprintf("saturation: reached at %s (confirmed by %s)", analysis.Count(s.Point, "focus group"),
			analysis.Range("focus group", s.Confirming.First, s.Confirming.Last))
	}
	cell := m.theme.Accent()
	cell.Bold = true
	for _, l := range style.Wrap(result, max(w-1, 1)) {
		out = append(out, m.paint.Render(cell, style.Clip(" "+l, w)))
	}
	out = append(out, "", m.paint.Render(style.Cell{Bold: true}, style.Clip(" For the methods section:", w)))
	for _, l := range style.Wrap(s.Sentence("focus group", m.saturation.Layer), max(w-2, 1)) {
		out = append(out, style.Clip(" "+l, w))
	}
	out = append(out, "", dim(" other parameters, by source, another order: focal saturation --help"))
	return out
}

// runName names a run by its groups' positions: "5–6", or "5".
func runName(r analysis.SaturationRun) string {
	if r.First == r.Last {
		return fmt.Sprint(r.First)
	}
	return fmt.Sprintf("%d–%d", r.First, r.Last)
}
