package refiqda

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// REFI-QDA gives codes, sets, sources and cases one free-text description.
// Focal keeps more (a code's criteria and example, a theme's summaries, a
// source's language and moderators, a participant's pseudonym and
// speakers), so it writes them into the description as labelled
// paragraphs or lines that people can read in any program, and reads them
// back. A description without labels is read whole as the definition.

// Paragraph labels of a code description.
const (
	labelWhenToUse    = "When to use: "
	labelWhenNotToUse = "When not to use: "
	labelExample      = "Example: "
)

// codeDescription writes a code's definition, criteria and example as one
// description, or "" when all are empty.
func codeDescription(c Code) string {
	var parts []string
	if c.Definition != "" {
		parts = append(parts, c.Definition)
	}
	for _, p := range [][2]string{{labelWhenToUse, c.WhenToUse}, {labelWhenNotToUse, c.WhenNotToUse}, {labelExample, c.Example}} {
		if p[1] != "" {
			parts = append(parts, p[0]+p[1])
		}
	}
	return strings.Join(parts, "\n\n")
}

// parseCodeDescription reads what codeDescription writes; any other text is
// the definition.
func parseCodeDescription(desc string, c *Code) {
	sections := splitSections(desc, []string{labelWhenToUse, labelWhenNotToUse, labelExample})
	c.Definition = sections[""]
	c.WhenToUse = sections[labelWhenToUse]
	c.WhenNotToUse = sections[labelWhenNotToUse]
	c.Example = sections[labelExample]
}

// summaryLabel labels a theme's summary for participants in one language.
func summaryLabel(lang string) string { return "Summary (" + lang + "): " }

// summaryLabelRE matches the label of a summary; like the package's other
// expressions it is compiled on first use, not when focal starts.
var summaryLabelRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^Summary \(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\): `)
})

// themeDescription writes a theme's definition and its summaries.
func themeDescription(th Theme) string {
	var parts []string
	if th.Definition != "" {
		parts = append(parts, th.Definition)
	}
	langs := make([]string, 0, len(th.Summaries))
	for lang := range th.Summaries {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		if s := th.Summaries[lang]; s != "" {
			parts = append(parts, summaryLabel(lang)+s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// parseThemeDescription reads what themeDescription writes.
func parseThemeDescription(desc string, th *Theme) {
	var labels []string
	for _, p := range paragraphs(desc) {
		if m := summaryLabelRE().FindStringSubmatch(p); m != nil {
			labels = append(labels, m[0])
		}
	}
	sections := splitSections(desc, labels)
	th.Definition = sections[""]
	for _, l := range labels {
		if th.Summaries == nil {
			th.Summaries = map[string]string{}
		}
		lang := summaryLabelRE().FindStringSubmatch(l)[1]
		th.Summaries[lang] = sections[l]
	}
}

// paragraphs splits text at blank lines.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitSections splits text into paragraphs and gathers them under the
// label that starts the paragraph, or under "" before any label.
// Paragraphs without a label continue the current section.
func splitSections(text string, labels []string) map[string]string {
	out := map[string]string{}
	current := ""
	for _, p := range paragraphs(text) {
		for _, l := range labels {
			if strings.HasPrefix(p, l) {
				current, p = l, strings.TrimPrefix(p, l)
				if out[current] != "" {
					out[current] += "\n\n"
				}
				out[current] += p
				p = ""
				break
			}
		}
		if p == "" {
			continue
		}
		if out[current] != "" {
			out[current] += "\n\n"
		}
		out[current] += p
	}
	for k, v := range out {
		out[k] = strings.TrimSpace(v)
	}
	return out
}

// Line labels of a source description.
const (
	labelLanguage  = "Language: "
	labelModerator = "Moderator: "
)

// sourceDescription writes a source's language and moderators, one per line.
func sourceDescription(s Source) string {
	var lines []string
	if s.Language != "" {
		lines = append(lines, labelLanguage+s.Language)
	}
	for _, m := range s.Moderators {
		lines = append(lines, labelModerator+m)
	}
	return strings.Join(lines, "\n")
}

// parseSourceDescription reads what sourceDescription writes and returns
// the other lines.
func parseSourceDescription(desc string, s *Source) (rest string) {
	var other []string
	for _, line := range strings.Split(strings.ReplaceAll(desc, "\r\n", "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, labelLanguage) && validLanguage(strings.TrimSpace(strings.TrimPrefix(line, labelLanguage))):
			s.Language = strings.TrimSpace(strings.TrimPrefix(line, labelLanguage))
		case strings.HasPrefix(line, labelModerator) && strings.TrimSpace(strings.TrimPrefix(line, labelModerator)) != "":
			s.Moderators = append(s.Moderators, strings.TrimSpace(strings.TrimPrefix(line, labelModerator)))
		default:
			other = append(other, line)
		}
	}
	return strings.TrimSpace(strings.Join(other, "\n"))
}

var languageRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$`)
})

func validLanguage(tag string) bool { return languageRE().MatchString(tag) }

// Line labels of a case description.
const labelPseudonym = "Pseudonym: "

var speakerLineRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^Speaker: ("(?:[^"\\]|\\.)*") in ("(?:[^"\\]|\\.)*")$`)
})

// caseDescription writes a participant's pseudonym and speakers, one per
// line: `Speaker: "Ana" in "fg01"`.
func caseDescription(p Participant, sourceName map[string]string) string {
	var lines []string
	if p.Pseudonym != "" {
		lines = append(lines, labelPseudonym+p.Pseudonym)
	}
	for _, k := range p.Speakers {
		lines = append(lines, "Speaker: "+strconv.Quote(k.Speaker)+" in "+strconv.Quote(sourceName[k.SourceID]))
	}
	return strings.Join(lines, "\n")
}

// caseSpeaker is a speaker named in a case description, by source name.
type caseSpeaker struct{ speaker, source string }

// parseCaseDescription reads what caseDescription writes and returns the
// other lines.
func parseCaseDescription(desc string, p *Participant) (speakers []caseSpeaker, rest string) {
	var other []string
	for _, line := range strings.Split(strings.ReplaceAll(desc, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, labelPseudonym) && strings.TrimSpace(strings.TrimPrefix(line, labelPseudonym)) != "" {
			p.Pseudonym = strings.TrimSpace(strings.TrimPrefix(line, labelPseudonym))
			continue
		}
		if m := speakerLineRE().FindStringSubmatch(line); m != nil {
			speaker, err1 := strconv.Unquote(m[1])
			source, err2 := strconv.Unquote(m[2])
			if err1 == nil && err2 == nil {
				speakers = append(speakers, caseSpeaker{speaker: speaker, source: source})
				continue
			}
		}
		other = append(other, line)
	}
	return speakers, strings.TrimSpace(strings.Join(other, "\n"))
}
