package dataset_test

import (
	"slices"
	"testing"

	"github.com/focalqda/focal/export/dataset"
	"github.com/focalqda/focal/export/dataset/datasettest"
)

// TestBackingNamesEachGroupOnce: a theme's backing lists the groups its
// passages come from, each once, and the one-group caution and the
// carriers' groups read them. In the fixture, theme 1 has passages from
// both groups; with P1's and P2's words only (fg01, North), it has two
// voices (3 passages, as TestCrosstabsCountPassagesAndPeople counts North × theme 1) from
// one group of the two, which is cautioned.
func TestBackingNamesEachGroupOnce(t *testing.T) {
	d := datasettest.Build(dataset.Policy{})
	if g := d.ThemeBacking(1).Groups; len(g) != 2 || !slices.Contains(g, "North") || !slices.Contains(g, "West") {
		t.Errorf("theme 1 groups = %q, want North and West once each", g)
	}
	north := datasettest.Build(dataset.Policy{Participants: []string{"P1", "P2"}})
	b := north.ThemeBacking(1)
	if !slices.Equal(b.Groups, []string{"North"}) || b.ProjectGroups != 2 {
		t.Fatalf("theme 1 with P1 and P2 only: groups %q of %d", b.Groups, b.ProjectGroups)
	}
	if got, want := north.Caution(1, true), "This theme rests on two participants' words: P2 and P1 give 3 of 3 passages; this theme was found in one group only: every passage is from North (of 2 groups)"; got != want {
		t.Errorf("caution = %q\nwant %q", got, want)
	}
	for _, c := range north.Carriers() {
		if c.Theme == 1 && !slices.Equal(c.Groups, []string{"North"}) {
			t.Errorf("carrier groups of theme 1 = %q, want North", c.Groups)
		}
	}
}
