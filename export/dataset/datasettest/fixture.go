// Package datasettest builds small export datasets for the tests of the
// export packages: two focus groups with a moderator, participants with
// attributes, a consensus layer and two coders, and the awkward cases an
// export must survive (formula-like quotes, text longer than a
// spreadsheet cell holds, emoji, markup, names no sheet may carry).
package datasettest

import (
	"strings"
	"unicode/utf8"

	"github.com/focalqda/focal/coding/analysis"
	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
)

// TurnSpec is one turn of a fixture source.
type TurnSpec struct {
	Label       string // speaker label, "" for a turn without speaker
	Participant string
	Moderator   bool
	Words       string
	StartMS     int64
}

// Source lays turns out as Focal stores them ("Label: words\n") and
// returns the source with its text and turns; find locates words in it.
func Source(name, group, consensus, layer string, turns ...TurnSpec) dataset.SourceInput {
	var b strings.Builder
	si := dataset.SourceInput{Source: dataset.Source{ID: "id-" + name, Name: name, Group: group, Language: "en", Consensus: consensus, Layer: layer}}
	pos := 0
	write := func(s string) {
		b.WriteString(s)
		pos += utf8.RuneCountInString(s)
	}
	for i, t := range turns {
		if t.Label != "" {
			write(t.Label + ": ")
		}
		start := pos
		write(t.Words)
		si.Turns = append(si.Turns, dataset.Turn{Seq: i + 1, Speaker: t.Label, Participant: t.Participant, Moderator: t.Moderator,
			Utterance: corpus.Span{Start: start, End: pos}, StartMS: t.StartMS, Words: analysis.CountWords(t.Words)})
		write("\n")
	}
	si.Text = b.String()
	si.Chars = pos
	return si
}

// Find returns the code-point span of the first occurrence of words in
// the source's text, or panics: fixtures are written by hand.
func Find(si dataset.SourceInput, words string) corpus.Span {
	i := strings.Index(si.Text, words)
	if i < 0 {
		panic("fixture: " + words + " is not in " + si.Name)
	}
	start := utf8.RuneCountInString(si.Text[:i])
	return corpus.Span{Start: start, End: start + utf8.RuneCountInString(words)}
}

// Coding codes words of a source.
func Coding(si *dataset.SourceInput, id, code, coder, words string) {
	sp := Find(*si, words)
	si.Codings = append(si.Codings, dataset.CodingInput{ID: id, CodeID: code, Coder: coder, Start: sp.Start, End: sp.End})
}

// Long is a participant's turn longer than a spreadsheet cell holds
// (32,767 UTF-16 units), with emoji that take two units each.
func Long() string {
	var b strings.Builder
	for i := 0; b.Len() < 52000; i++ {
		b.WriteString("we kept going 🙂 because nobody else would, ")
	}
	b.WriteString("and that was the end.")
	return b.String()
}

// Input is the fixture project: sources fg01 (group North, consensus
// complete, read from the consensus) and fg02 (group West, read from all
// coders), codes, themes, participants and a codebook history.
func Input() dataset.Input {
	fg01 := Source("fg01", "North", dataset.ConsensusComplete, "consensus",
		TurnSpec{Label: "Dana", Moderator: true, Words: "Welcome, everyone. What makes you feel you belong?", StartMS: 0},
		TurnSpec{Label: "Zoë", Participant: "P1", Words: "=SUM(1,2) is what they call me, the only one on nights.", StartMS: 61000},
		TurnSpec{Label: "José", Participant: "P2", Words: "My co-resident checks on me after hard cases; that is belonging.", StartMS: 125000},
		TurnSpec{Label: "Dana", Moderator: true, Words: "Say more about that.", StartMS: 190000},
		TurnSpec{Label: "José", Participant: "P2", Words: "+1 to Zoë. Peers carry us.", StartMS: 200000},
	)
	Coding(&fg01, "c01", "code-iso", dataset.Consensus, "=SUM(1,2) is what they call me, the only one on nights.")
	Coding(&fg01, "c02", "code-peer", dataset.Consensus, "My co-resident checks on me after hard cases")
	Coding(&fg01, "c03", "code-iso", dataset.Consensus, "the only one on nights")
	// Spans the moderator's question and José's answer: one passage is left.
	Coding(&fg01, "c04", "code-peer", dataset.Consensus, "Say more about that.\nJosé: +1 to Zoë. Peers carry us.")
	// Only the moderator's words: left out unless moderators are included.
	Coding(&fg01, "c05", "code-iso", dataset.Consensus, "What makes you feel you belong?")
	fg02 := Source("fg02", "West", dataset.ConsensusNone, "all coders",
		TurnSpec{Label: "Dana", Moderator: true, Words: "Tell me about support."},
		TurnSpec{Label: "Ifeoma", Participant: "P3", Words: "@channel nobody answered, and -- honestly -- I felt invisible 🙂."},
		TurnSpec{Label: "Wei", Participant: "P4", Words: Long()},
		TurnSpec{Label: "Guest", Words: "I am not on the list <script>alert(1)</script>."},
	)
	Coding(&fg02, "c10", "code-iso", "ana", "I felt invisible 🙂")
	Coding(&fg02, "c11", "code-iso", "ben", "I felt invisible 🙂")
	Coding(&fg02, "c12", "code-peer", "ana", "@channel nobody answered")
	Coding(&fg02, "c13", "code-iso", "ana", "nobody answered, and -- honestly -- I felt")
	Coding(&fg02, "c14", "code-peer", "ben", Long())
	Coding(&fg02, "c15", "code-odd", "ben", "I am not on the list <script>alert(1)</script>.")
	return dataset.Input{
		Title: "Belonging <demo> & more", ExportedAt: "2026-03-01T10:00:00Z", Choice: dataset.AllCoders,
		Sources: []dataset.SourceInput{fg01, fg02},
		Codes: []dataset.Code{
			{ID: "code-belonging", Path: "belonging", Name: "belonging", Definition: "Parent code."},
			{ID: "code-iso", Path: "belonging/isolation", Name: "isolation", Parent: "belonging", Depth: 1,
				Definition: "Feeling alone or unseen.", WhenToUse: "Explicit loneliness.", WhenNotToUse: "Mere tiredness.", Example: "the only one on nights", Versions: []string{"v1"}},
			{ID: "code-peer", Path: "support/peer", Name: "peer", Parent: "support", Depth: 1, Definition: "Support among residents."},
			{ID: "code-odd", Path: "=odd/[code]", Name: "[code]", Definition: "=1+1", Retired: true},
		},
		Themes: []dataset.ThemeInput{
			{Theme: dataset.Theme{ID: "t1", Path: "Invisible work", Name: "Invisible work", Definition: "Being different is work.",
				Summaries: []dataset.Summary{{Language: "en", Text: "Being the only one is tiring."}, {Language: "es", Text: "Ser la única cansa."}}},
				CodeIDs: []string{"code-iso"}},
			{Theme: dataset.Theme{ID: "t2", Path: "Who has your back", Name: "Who has your back", Definition: "Peers carry each other."},
				CodeIDs: []string{"code-peer", "code-iso"}},
			{Theme: dataset.Theme{ID: "t3", Path: "Odd <one>", Name: "Odd <one>", Definition: "Rests on a single voice."},
				CodeIDs: []string{"code-odd"}},
		},
		Participants: []dataset.ParticipantInput{
			{ID: "P1", Pseudonym: "Mara", Attributes: map[string]string{"pgy": "PGY-2", "site/region: [north]*?": "north"}},
			{ID: "P2", Pseudonym: "Tom", Attributes: map[string]string{"pgy": "PGY-10"}},
			{ID: "P3", Pseudonym: "Ife", Attributes: map[string]string{"pgy": "PGY-2"}},
			{ID: "P4", Pseudonym: "Wei", Attributes: map[string]string{}},
		},
		Coders:   []string{"ana", "ben"},
		Versions: []dataset.CodebookVersion{{Name: "v1", Note: "after harmonising", CreatedAt: "2026-02-01T10:00:00Z", CreatedBy: "ana", Codes: 3}},
		History: []dataset.CodebookChange{
			{At: "2026-01-10T10:00:00Z", Actor: "ana", Kind: "code.created", Code: "belonging/isolation", Detail: "Feeling alone or unseen."},
			{At: "2026-02-01T10:00:00Z", Actor: "ana", Kind: "codebook.frozen", Detail: "version v1: after harmonising"},
		},
		AgreementNote: "no source is marked done by every coder",
	}
}

// Build builds the fixture under a policy, or panics.
func Build(p dataset.Policy) *dataset.Dataset {
	d, err := dataset.Build(Input(), p)
	if err != nil {
		panic(err)
	}
	return d
}
