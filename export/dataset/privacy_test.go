package dataset_test

import (
	"strings"
	"testing"

	"github.com/focalqda/focal/corpus"
	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
)

func TestWithdrawnMaterialIsNotAdmitted(t *testing.T) {
	in := datasettest.Input()
	fg01 := in.Sources[0]
	// José withdraws the quote "that is belonging"; c02 overlaps it only
	// through its own words and stays; c03 is untouched.
	quote := datasettest.Find(fg01, "after hard cases; that is belonging")
	p := dataset.Policy{Withdrawn: dataset.Withdrawn{Quotes: map[string][]corpus.Span{fg01.ID: {quote}}}}
	d, err := dataset.Build(in, p)
	if err != nil {
		t.Fatal(err)
	}
	if codingByID(t, d, "c02") != nil {
		t.Error("a coding overlapping a withdrawn quote is exported")
	}
	if codingByID(t, d, "c03") == nil {
		t.Error("a coding of other words was left out")
	}
	if !strings.Contains(strings.Join(d.Notes, "\n"), "withdrew in member checking") {
		t.Errorf("notes: %q", d.Notes)
	}
	// P1 withdraws as a whole: no voice, no passage.
	d, err = dataset.Build(in, dataset.Policy{Withdrawn: dataset.Withdrawn{Participants: []string{"P1"}},
		IncludeModerators: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Voices {
		if v.Participant == "P1" {
			t.Error("a withdrawn participant is a voice of the export")
		}
	}
	for _, c := range d.Codings {
		for _, ps := range c.Passages {
			if d.Voices[ps.Voice].Participant == "P1" || strings.Contains(ps.Text, "=SUM") {
				t.Errorf("a withdrawn participant's words are exported: %q", ps.Text)
			}
		}
	}
}

func TestRewordingAndRender(t *testing.T) {
	in := datasettest.Input()
	fg01 := in.Sources[0]
	quote := datasettest.Find(fg01, "checks on me after hard cases")
	p := dataset.Policy{
		Reworded: map[string][]dataset.Rewording{fg01.ID: {{Span: quote, Text: "looks out for me"}}},
		Render: func(src *dataset.Source, text string, span corpus.Span) string {
			words, _ := corpus.NewPositionIndex(text).Slice(span)
			return strings.ReplaceAll(words, "Zoë", "P1")
		},
	}
	d, err := dataset.Build(in, p)
	if err != nil {
		t.Fatal(err)
	}
	if c := codingByID(t, d, "c02"); c == nil || c.Passages[0].Text != "My co-resident looks out for me" {
		t.Errorf("c02 = %+v", c)
	}
	if c := codingByID(t, d, "c04"); c == nil || c.Passages[0].Text != "+1 to P1. Peers carry us." {
		t.Errorf("c04 = %+v", c)
	}
	var texts []string
	d.Texts(func(where, text string) { texts = append(texts, text) })
	if !strings.Contains(strings.Join(texts, "\n"), "+1 to P1.") {
		t.Error("Texts does not show the passages")
	}
}
