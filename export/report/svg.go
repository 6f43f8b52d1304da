package report

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

// svg builds inline SVG markup; every text it is given is escaped.
type svg struct{ b strings.Builder }

func (s *svg) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func esc(text string) string { return template.HTMLEscapeString(text) }

// text writes a text element; anchor is start, middle or end.
func (s *svg) text(x, y float64, size float64, anchor, fill, weight, body string) {
	s.raw(`<text x="%.1f" y="%.1f" font-size="%.1f" text-anchor="%s" fill="%s" font-weight="%s">%s</text>`,
		x, y, size, anchor, fill, weight, esc(body))
}

// clip shortens text to n characters with an ellipsis.
func clip(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)
	return string(r[:n-1]) + "…"
}

// wrapWords breaks text into at most maxLines lines of about width
// characters, clipping the last.
func wrapWords(text string, width, maxLines int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], strings.Join(lines[maxLines-1:], " "))
	}
	for i := range lines {
		lines[i] = clip(lines[i], width)
	}
	return lines
}

// heatPalette runs from light to dark blue; the first four take dark text
// and the rest white text, so that numbers keep a contrast of at least
// 4.5:1 on every shade.
func heatPalette() [7]string {
	return [...]string{"#f1f5f9", "#dbeafe", "#bfdbfe", "#93c5fd", "#2563eb", "#1d4ed8", "#1e3a8a"}
}

// shade picks a palette index for a value: 0 for zero, then five steps.
func shade(v, maxV int) int {
	if v <= 0 || maxV <= 0 {
		return 0
	}
	return 1 + min(5, (v*6-1)/maxV)
}

func textOn(shade int) string {
	if shade >= 4 {
		return "#ffffff"
	}
	return "#111827"
}

// charWidth is the average width of a character relative to the font size,
// for laying out labels.
const charWidth = 0.56

// heatMap draws themes (rows) × groups (columns) with the number of
// passages and of participants printed in each cell, so that nothing is
// told by colour alone.
func heatMap(h heat) template.HTML {
	if len(h.Themes) == 0 || len(h.Groups) == 0 {
		return ""
	}
	const size, small, rowH, colW, pad = 14.0, 11.5, 46.0, 118.0, 8.0
	longest := 0
	for _, t := range h.Themes {
		longest = max(longest, utf8.RuneCountInString(t))
	}
	labelChars := min(max(longest, 12), 42)
	labelW := float64(labelChars)*size*charWidth + 2*pad
	headerLines := 1
	var groupLines [][]string
	for _, g := range h.Groups {
		lines := wrapWords(g, 13, 3)
		groupLines = append(groupLines, lines)
		headerLines = max(headerLines, len(lines))
	}
	headerH := 12 + float64(headerLines)*16
	legendH := 44.0
	legendX := pad + 14*12*charWidth + 8
	legendEnd := fmt.Sprintf("more passages (up to %d)", h.Max)
	palette := heatPalette()
	legendW := legendX + float64(len(palette))*24 + 6 + float64(utf8.RuneCountInString(legendEnd))*12*charWidth + pad
	width := max(labelW+colW*float64(len(h.Groups))+pad, legendW)
	height := headerH + rowH*float64(len(h.Themes)) + legendH
	var s svg
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="heat-title heat-desc" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" style="max-width:%.2fem">`,
		width, height, width, height, width/16)
	s.raw(`<title id="heat-title">Passages per theme and group</title>`)
	s.raw(`<desc id="heat-desc">Each cell gives the number of passages of a theme in a group, and below it how many participants they come from. Darker cells hold more passages.</desc>`)
	for g, lines := range groupLines {
		x := labelW + colW*float64(g) + colW/2
		for i, line := range lines {
			s.text(x, 16+float64(i)*16, 13, "middle", "#111827", "600", line)
		}
	}
	for t, theme := range h.Themes {
		y := headerH + rowH*float64(t)
		s.raw(`<g><title>%s</title>`, esc(theme))
		s.text(pad, y+rowH/2+5, size, "start", "#111827", "400", clip(theme, labelChars))
		s.raw(`</g>`)
		for g := range h.Groups {
			x := labelW + colW*float64(g)
			v, people := h.Passages[t][g], h.Voices[t][g]
			k := shade(v, h.Max)
			s.raw(`<g><title>%s, %s: %s from %s</title>`, esc(theme), esc(h.Groups[g]), plural(v, "passage"), plural(people, "participant"))
			s.raw(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#ffffff" stroke-width="2"/>`, x, y, colW, rowH, palette[k])
			fg := textOn(k)
			s.text(x+colW/2, y+20, 16, "middle", fg, "700", fmt.Sprint(v))
			s.text(x+colW/2, y+36, small, "middle", fg, "400", plural(people, "participant"))
			s.raw(`</g>`)
		}
	}
	// Legend: the shades from fewer to more passages.
	ly := headerH + rowH*float64(len(h.Themes)) + 14
	s.text(pad, ly+12, 12, "start", "#374151", "400", "fewer passages")
	lx := legendX
	for k := range palette {
		s.raw(`<rect x="%.1f" y="%.1f" width="22" height="16" fill="%s" stroke="#9ca3af" stroke-width="0.5"/>`, lx+float64(k)*24, ly, palette[k])
	}
	s.text(lx+float64(len(palette))*24+6, ly+12, 12, "start", "#374151", "400", legendEnd)
	s.raw(`</svg>`)
	return template.HTML(s.b.String())
}

// barChart draws the codes' numbers of passages as horizontal bars with the
// number printed at the end of each bar, and the codings and participants
// beside it.
func barChart(codes []codeView) template.HTML {
	if len(codes) == 0 {
		return ""
	}
	const size, rowH, barH, barW, pad, numW = 13.0, 24.0, 15.0, 340.0, 8.0, 240.0
	longest, most := 0, 0
	for _, c := range codes {
		longest = max(longest, utf8.RuneCountInString(c.Path))
		most = max(most, c.Passages)
	}
	labelChars := min(max(longest, 12), 44)
	labelW := float64(labelChars)*size*charWidth + 2*pad
	width := labelW + barW + numW
	height := rowH*float64(len(codes)) + 2*pad
	var s svg
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="codes-title codes-desc" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" style="max-width:%.2fem">`,
		width, height, width, height, width/16)
	s.raw(`<title id="codes-title">Passages per code</title>`)
	s.raw(`<desc id="codes-desc">One bar per code, longest first, with the number of passages, of codings and of participants printed beside it.</desc>`)
	for i, c := range codes {
		y := pad + rowH*float64(i)
		w := 0.0
		if most > 0 {
			w = barW * float64(c.Passages) / float64(most)
		}
		s.raw(`<g><title>%s: %s, %s, from %s</title>`, esc(c.Path), plural(c.Passages, "passage"), plural(c.Codings, "coding"), plural(c.Participants, "participant"))
		s.text(labelW-pad, y+rowH/2+4.5, size, "end", "#111827", "400", clip(c.Path, labelChars))
		s.raw(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2563eb"/>`, labelW, y+(rowH-barH)/2, max(w, 1), barH)
		s.text(labelW+w+6, y+rowH/2+4.5, size, "start", "#111827", "600", fmt.Sprint(c.Passages))
		s.text(labelW+w+6+float64(len(fmt.Sprint(c.Passages))+1)*size*charWidth, y+rowH/2+4.5, 11.5, "start", "#4b5563", "400",
			fmt.Sprintf("· %s · %s", plural(c.Codings, "coding"), plural(c.Participants, "participant")))
		s.raw(`</g>`)
	}
	s.raw(`</svg>`)
	return template.HTML(s.b.String())
}
