package analysis

import (
	"fmt"
	"slices"
	"strconv"
)

// Backing is what a theme (or a code) rests on, counted by the front end
// in its own unit (quotes, passages): the one rule below reads it.
type Backing struct {
	// Items counts the quotes or passages behind the theme.
	Items int
	// ByVoice counts them per known voice (a participant, or a speaker not
	// linked to one); Items minus their sum have no known speaker.
	ByVoice []VoiceCount
	// Groups are the focus groups they come from.
	Groups []string
	// ProjectGroups counts the groups of the project (or the selection).
	ProjectGroups int
}

// VoiceCount is one voice's part of a theme.
type VoiceCount struct {
	Voice string
	Items int
}

// CautionKind names a reason to be careful with a theme.
type CautionKind string

// The kinds of caution, in the order they are checked.
const (
	// NoSupport: nothing coded supports the theme.
	NoSupport CautionKind = "no-support"
	// NoKnownSpeaker: everything behind the theme is text without a
	// known speaker.
	NoKnownSpeaker CautionKind = "no-known-speaker"
	// OneVoice: one participant's words only.
	OneVoice CautionKind = "one-voice"
	// TwoVoices: two participants' words only.
	TwoVoices CautionKind = "two-voices"
	// MostlyOneVoice: three or more voices, but one gives more than half.
	MostlyOneVoice CautionKind = "mostly-one-voice"
	// OneGroup: every item comes from one group of several.
	OneGroup CautionKind = "one-group"
)

// Caution is one reason to be careful with a theme, in words.
type Caution struct {
	Kind CautionKind `json:"kind"`
	Text string      `json:"text"`
}

// Cautions is Focal's one rule for a theme that rests on too little: no
// coded words; only words without a known speaker; one or two voices; one
// voice giving more than half of it; or every item from one focus group
// when the project has several (said only when more than one voice speaks
// in it: one voice is in one group as a rule). noun names the unit counted ("quote",
// "passage"); with named, the texts name the voices and the group (screens
// and the workbook); without, they name no one (the report). The texts
// start in lower case.
func (b Backing) Cautions(noun string, named bool) []Caution {
	if b.Items == 0 {
		return []Caution{{NoSupport, "no " + noun + " supports this theme"}}
	}
	voices := slices.Clone(b.ByVoice)
	voices = slices.DeleteFunc(voices, func(v VoiceCount) bool { return v.Items == 0 })
	slices.SortStableFunc(voices, func(a, c VoiceCount) int { return c.Items - a.Items })
	var out []Caution
	detail := func(vs []VoiceCount) string {
		if !named {
			return ""
		}
		n, names := 0, make([]string, len(vs))
		for i, v := range vs {
			n += v.Items
			names[i] = v.Voice
		}
		verb := "gives"
		if len(vs) > 1 {
			verb = "give"
		}
		return fmt.Sprintf(": %s %s %d of %s", List(names), verb, n, count(b.Items, noun))
	}
	switch {
	case len(voices) == 0:
		out = append(out, Caution{NoKnownSpeaker, "this theme rests on text without a known speaker"})
	case len(voices) == 1:
		out = append(out, Caution{OneVoice, "this theme rests on one participant's words" + detail(voices)})
	case len(voices) == 2:
		out = append(out, Caution{TwoVoices, "this theme rests on two participants' words" + detail(voices)})
	case 2*voices[0].Items > b.Items:
		text := "this theme rests mostly on one participant's words"
		if named {
			text += detail(voices[:1])
		} else {
			text += fmt.Sprintf(": one gives %d of %s", voices[0].Items, count(b.Items, noun))
		}
		out = append(out, Caution{MostlyOneVoice, text})
	}
	// One voice is in one group as a rule: the group is not said twice.
	groups := slices.Compact(slices.Sorted(slices.Values(b.Groups)))
	if len(groups) == 1 && b.ProjectGroups > 1 && len(voices) != 1 {
		text := "this theme was found in one group only"
		if named {
			text += fmt.Sprintf(": every %s is from %s (of %d groups)", noun, groups[0], b.ProjectGroups)
		}
		out = append(out, Caution{OneGroup, text})
	}
	return out
}

// count writes "1 quote", "3 quotes".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
