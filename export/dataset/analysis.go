package dataset

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/focalqda/focal/coding/analysis"
)

// The units saturation is counted over.
const (
	// ByGroup counts each focus group once, whatever its sources.
	ByGroup = "group"
	// BySource counts each source (transcript) once.
	BySource = "source"
)

// The orders of units.
const (
	// OrderImport orders units by when their first source was imported.
	OrderImport = "import"
	// OrderName orders units by name, numbers in natural order.
	OrderName = "name"
)

// SaturationChoice says over which units, in which order, saturation is
// computed.
type SaturationChoice struct {
	// By is ByGroup or BySource.
	By string
	// Order is OrderImport or OrderName; ignored when List is set.
	Order string
	// List names every unit in the order they were held.
	List []string
}

// SaturationUnits lists the groups (or sources) of the dataset in the order
// chosen, each with the paths of the codes that have an exported passage
// in it.
func (d *Dataset) SaturationUnits(c SaturationChoice) ([]analysis.SaturationUnit, error) {
	type unit struct {
		name     string
		imported string
		codes    []string
	}
	var units []unit
	at := map[string]int{}
	unitOf := make([]int, len(d.Sources))
	for s, src := range d.Sources {
		name := src.Name
		if c.By != BySource {
			name = GroupName(src.Group)
		}
		i, ok := at[name]
		if !ok {
			i = len(units)
			at[name] = i
			units = append(units, unit{name: name, imported: src.ImportedAt})
		}
		if src.ImportedAt != "" && (units[i].imported == "" || src.ImportedAt < units[i].imported) {
			units[i].imported = src.ImportedAt
		}
		unitOf[s] = i
	}
	for _, cd := range d.Codings {
		u := &units[unitOf[cd.Source]]
		u.codes = append(u.codes, d.Codes[cd.Code].Path)
	}
	switch {
	case len(c.List) > 0:
		var ordered []unit
		seen := map[string]bool{}
		for _, name := range c.List {
			i, ok := at[name]
			if !ok {
				return nil, fmt.Errorf("--order names %q, which is not a %s of the selection; they are: %s", name, unitWord(c.By), listOrNone(unitNames(units, func(u unit) string { return u.name })))
			}
			if seen[name] {
				return nil, fmt.Errorf("--order names %q twice", name)
			}
			seen[name] = true
			ordered = append(ordered, units[i])
		}
		if len(ordered) != len(units) {
			var missing []string
			for _, u := range units {
				if !seen[u.name] {
					missing = append(missing, u.name)
				}
			}
			return nil, fmt.Errorf("--order must name every %s of the selection in the order they were held; missing: %s", unitWord(c.By), listOrNone(missing))
		}
		units = ordered
	case c.Order == OrderName:
		slices.SortStableFunc(units, func(a, b unit) int {
			if naturalLess(a.name, b.name) {
				return -1
			}
			if naturalLess(b.name, a.name) {
				return 1
			}
			return 0
		})
	default:
		slices.SortStableFunc(units, func(a, b unit) int { return cmp.Compare(a.imported, b.imported) })
	}
	out := make([]analysis.SaturationUnit, len(units))
	for i, u := range units {
		out[i] = analysis.SaturationUnit{Name: u.name, Codes: u.codes}
	}
	return out, nil
}

func unitWord(by string) string {
	if by == BySource {
		return "source"
	}
	return "group"
}

func unitNames[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

// LayerWords says in a few words whose codings the dataset holds, for the
// methods sentence ("the consensus", "ben's codings").
func (d *Dataset) LayerWords() string {
	layers := map[string]bool{}
	for _, s := range d.Sources {
		layers[s.Layer] = true
	}
	if len(layers) == 1 {
		for l := range layers {
			switch {
			case l == "consensus":
				return "the consensus coding"
			case strings.HasPrefix(l, "consensus ("):
				return "the consensus layer"
			case l == "all coders":
				return "all coders' codings"
			case strings.HasPrefix(l, "coder "):
				name, _, _ := strings.Cut(strings.TrimPrefix(l, "coder "), " (")
				return "the codings of " + name
			}
		}
	}
	return "the consensus where a source's was complete and " + d.choiceWords() + " elsewhere"
}

func (d *Dataset) choiceWords() string {
	switch d.Choice {
	case AllCoders:
		return "all coders' codings"
	case Consensus:
		return "the consensus layer"
	}
	return "the codings of " + d.Choice
}

// TalkOfGroups computes how each selected group talked: shares of words and
// turns, the Gini coefficients (moderators apart) and who spoke after whom.
// Every turn counts that the export may show (Policy.Admit: withdrawn
// participants and --participant apply), and moderators' turns always
// count, apart. A speaker is named by participant id, else as labelled.
func (d *Dataset) TalkOfGroups() []analysis.GroupTalk {
	p := d.Policy
	p.IncludeModerators = true
	var out []analysis.GroupTalk
	for _, g := range d.Groups {
		var sources [][]analysis.Turn
		for s := range d.Sources {
			src := &d.Sources[s]
			if src.Group != g {
				continue
			}
			turns := make([]analysis.Turn, 0, len(src.Turns))
			for t := range src.Turns {
				turn := &src.Turns[t]
				if !p.Admit(src, turn, turn.Utterance) {
					continue
				}
				turns = append(turns, analysis.Turn{Voice: TurnVoice(turn), Moderator: turn.Moderator, Words: turn.Words})
			}
			sources = append(sources, turns)
		}
		out = append(out, analysis.Talk(GroupName(g), sources))
	}
	return out
}

// TurnVoice names who spoke a turn: the participant's id, else the speaker
// as labelled; "" for a turn without a speaker.
func TurnVoice(t *Turn) string {
	if t.Participant != "" {
		return t.Participant
	}
	return t.Speaker
}

// ThemeBacking counts the distinct passages of a theme (ThemePassages)
// per voice and the groups they come from: what the one rule
// (analysis.Backing.Cautions) reads.
func (d *Dataset) ThemeBacking(theme int) analysis.Backing {
	return d.backing(d.ThemePassages(theme))
}

// backing counts passages per voice (in the order of the voices) and
// lists their groups, each once, in the order the passages reach them.
func (d *Dataset) backing(passages []Quote) analysis.Backing {
	b := analysis.Backing{ProjectGroups: len(d.Groups), Items: len(passages)}
	perVoice := make([]int, len(d.Voices))
	source := -1
	for _, q := range passages {
		if q.Voice >= 0 {
			perVoice[q.Voice]++
		}
		// Passages come source by source: a source's group is looked up
		// once.
		if q.Source != source {
			source = q.Source
			if g := GroupName(d.Sources[source].Group); !slices.Contains(b.Groups, g) {
				b.Groups = append(b.Groups, g)
			}
		}
	}
	for v := range d.Voices {
		if n := perVoice[v]; n > 0 {
			b.ByVoice = append(b.ByVoice, analysis.VoiceCount{Voice: d.Voices[v].Label, Items: n})
		}
	}
	return b
}

// Cautions says, by Focal's one rule, why a theme's support is thin (no
// passage, one or two voices, mostly one voice, one group of several).
// With named, the texts name the voices (by id) and the group.
func (d *Dataset) Cautions(theme int, named bool) []analysis.Caution {
	return d.ThemeBacking(theme).Cautions("passage", named)
}

// Caution joins a theme's cautions in one sentence-cased line; "" when
// there is none.
func (d *Dataset) Caution(theme int, named bool) string {
	var parts []string
	for _, c := range d.Cautions(theme, named) {
		parts = append(parts, c.Text)
	}
	return capitalize(strings.Join(parts, "; "))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Carrier is a theme or code with the voices behind it.
type Carrier struct {
	// Theme is the index into Themes, or -1 for a code.
	Theme int
	// Code is the index into Codes, or -1 for a theme.
	Code int
	// Voices are the voices with passages, most first.
	Voices []analysis.VoiceCount
	// Groups are the groups the passages come from, in the dataset's order.
	Groups []string
	// Passages counts the passages.
	Passages int
}

// Carriers lists, for every theme and then every code with a passage, who
// carried it: the voices with passages (most first) and the groups.
// Passages are distinct stretches of words (ThemePassages, CodePassages).
func (d *Dataset) Carriers() []Carrier {
	out := make([]Carrier, 0, len(d.Themes)+len(d.Codes))
	for t := range d.Themes {
		b := d.ThemeBacking(t)
		c := Carrier{Theme: t, Code: -1, Voices: b.ByVoice, Passages: b.Items, Groups: d.orderGroups(b.Groups)}
		sortVoices(c.Voices)
		out = append(out, c)
	}
	for code := range d.Codes {
		b := d.backing(d.CodePassages(code))
		if b.Items == 0 {
			continue
		}
		c := Carrier{Theme: -1, Code: code, Voices: b.ByVoice, Passages: b.Items, Groups: d.orderGroups(b.Groups)}
		sortVoices(c.Voices)
		out = append(out, c)
	}
	return out
}

func sortVoices(vs []analysis.VoiceCount) {
	slices.SortStableFunc(vs, func(a, b analysis.VoiceCount) int { return cmp.Compare(b.Items, a.Items) })
}

// orderGroups keeps the distinct groups named, in the dataset's order.
func (d *Dataset) orderGroups(names []string) []string {
	var out []string
	for _, g := range d.Groups {
		if slices.Contains(names, GroupName(g)) {
			out = append(out, GroupName(g))
		}
	}
	return out
}

// VoicesText writes voices with their passages: "P01 (5), P02 (3)".
func VoicesText(vs []analysis.VoiceCount) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s (%d)", v.Voice, v.Items)
	}
	return strings.Join(parts, ", ")
}
