package coding

import (
	"slices"
	"testing"
)

// codebookBeforeHarmonising is a small codebook as it might stand when
// open coding ends.
func codebookBeforeHarmonising() CodebookSnapshot {
	return CodebookSnapshot{Codes: []CodeSnapshot{
		{ID: "b", Name: "belonging", Path: "belonging", Definition: "Feeling part of a group."},
		{ID: "iso", ParentID: "b", Name: "isolation", Path: "belonging/isolation",
			Definition: "Feeling cut off from others.", WhenToUse: "Loneliness is named.",
			WhenNotToUse: "Chosen solitude.", Example: "Nobody ever called."},
		{ID: "only", ParentID: "b", Name: "being the only one", Path: "belonging/being the only one"},
		{ID: "home", Name: "home", Path: "home"},
		{ID: "gone", Name: "weather", Path: "weather", Retired: true},
	}}
}

// edited returns a copy of the codebook with one code changed by edit.
func edited(s CodebookSnapshot, id string, edit func(*CodeSnapshot)) CodebookSnapshot {
	codes := slices.Clone(s.Codes)
	for i := range codes {
		if codes[i].ID == id {
			edit(&codes[i])
		}
	}
	return CodebookSnapshot{Codes: codes}
}

func withCode(s CodebookSnapshot, c CodeSnapshot) CodebookSnapshot {
	return CodebookSnapshot{Codes: append(slices.Clone(s.Codes), c)}
}

func withoutCode(s CodebookSnapshot, id string) CodebookSnapshot {
	return CodebookSnapshot{Codes: slices.DeleteFunc(slices.Clone(s.Codes), func(c CodeSnapshot) bool { return c.ID == id })}
}

func TestDiffCodebooks(t *testing.T) {
	older := codebookBeforeHarmonising()
	tests := []struct {
		name  string
		newer CodebookSnapshot
		want  []CodebookChange
	}{
		{
			name:  "nothing changed",
			newer: older,
			want:  nil,
		},
		{
			name:  "added",
			newer: withCode(older, CodeSnapshot{ID: "cope", Name: "coping", Path: "coping"}),
			want:  []CodebookChange{{"added", "coping", "added"}},
		},
		{
			name: "split from another code",
			newer: withCode(older, CodeSnapshot{ID: "iso-school", ParentID: "b", Name: "isolation at school",
				Path: "belonging/isolation at school", SplitFrom: "iso"}),
			want: []CodebookChange{{"split", "belonging/isolation at school", "split from belonging/isolation"}},
		},
		{
			name: "renamed",
			newer: edited(older, "only", func(c *CodeSnapshot) {
				c.Name, c.Path = "being the only person", "belonging/being the only person"
			}),
			want: []CodebookChange{{"renamed", "belonging/being the only person", `renamed from "being the only one"`}},
		},
		{
			name:  "moved under a parent",
			newer: edited(older, "home", func(c *CodeSnapshot) { c.ParentID, c.Path = "b", "belonging/home" }),
			want:  []CodebookChange{{"moved", "belonging/home", "moved from the top level to belonging"}},
		},
		{
			name:  "moved to the top level",
			newer: edited(older, "iso", func(c *CodeSnapshot) { c.ParentID, c.Path = "", "isolation" }),
			want:  []CodebookChange{{"moved", "isolation", "moved from belonging to the top level"}},
		},
		{
			name:  "definition changed",
			newer: edited(older, "iso", func(c *CodeSnapshot) { c.Definition = "Feeling cut off from the group." }),
			want:  []CodebookChange{{"redefined", "belonging/isolation", "definition changed"}},
		},
		{
			name: "several criteria changed make one change",
			newer: edited(older, "iso", func(c *CodeSnapshot) {
				c.Definition, c.WhenNotToUse, c.Example = "Cut off.", "", "I ate alone."
			}),
			want: []CodebookChange{{"redefined", "belonging/isolation", "definition, when not to use and example changed"}},
		},
		{
			name:  "when to use added",
			newer: edited(older, "home", func(c *CodeSnapshot) { c.WhenToUse = "A place is called home." }),
			want:  []CodebookChange{{"redefined", "home", "when to use changed"}},
		},
		{
			name:  "merged is not also retired",
			newer: edited(older, "only", func(c *CodeSnapshot) { c.MergedInto, c.Retired = "iso", true }),
			want:  []CodebookChange{{"merged", "belonging/being the only one", "merged into belonging/isolation"}},
		},
		{
			name:  "merged into a code that was renamed names it by its new path",
			newer: edited(edited(older, "only", func(c *CodeSnapshot) { c.MergedInto = "iso" }), "iso", func(c *CodeSnapshot) { c.Name, c.Path = "loneliness", "belonging/loneliness" }),
			want: []CodebookChange{
				{"merged", "belonging/being the only one", "merged into belonging/loneliness"},
				{"renamed", "belonging/loneliness", `renamed from "isolation"`},
			},
		},
		{
			name:  "retired",
			newer: edited(older, "home", func(c *CodeSnapshot) { c.Retired = true }),
			want:  []CodebookChange{{"retired", "home", "retired"}},
		},
		{
			name:  "removed altogether",
			newer: withoutCode(older, "home"),
			want:  []CodebookChange{{"retired", "home", "removed"}},
		},
		{
			name:  "already retired and still retired is no change",
			newer: edited(older, "gone", func(c *CodeSnapshot) { c.Retired = true }),
			want:  nil,
		},
		{
			name:  "retired code brought back",
			newer: edited(older, "gone", func(c *CodeSnapshot) { c.Retired = false }),
			want:  []CodebookChange{{"added", "weather", "restored"}},
		},
		{
			name: "renamed and redefined at once give two changes",
			newer: edited(older, "only", func(c *CodeSnapshot) {
				c.Name, c.Path, c.Definition = "being the only person", "belonging/being the only person", "The sole member of a group."
			}),
			want: []CodebookChange{
				{"renamed", "belonging/being the only person", `renamed from "being the only one"`},
				{"redefined", "belonging/being the only person", "definition changed"},
			},
		},
		{
			name: "renamed, moved and merged at once",
			newer: edited(older, "only", func(c *CodeSnapshot) {
				c.Name, c.ParentID, c.Path, c.MergedInto, c.Retired = "the only one", "", "the only one", "home", true
			}),
			want: []CodebookChange{
				{"renamed", "the only one", `renamed from "being the only one"`},
				{"moved", "the only one", "moved from belonging to the top level"},
				{"merged", "the only one", "merged into home"},
			},
		},
		{
			name: "a renamed parent is one change, not one per child",
			newer: CodebookSnapshot{Codes: []CodeSnapshot{
				{ID: "b", Name: "community", Path: "community", Definition: "Feeling part of a group."},
				{ID: "iso", ParentID: "b", Name: "isolation", Path: "community/isolation",
					Definition: "Feeling cut off from others.", WhenToUse: "Loneliness is named.",
					WhenNotToUse: "Chosen solitude.", Example: "Nobody ever called."},
				{ID: "only", ParentID: "b", Name: "being the only one", Path: "community/being the only one"},
				{ID: "home", Name: "home", Path: "home"},
				{ID: "gone", Name: "weather", Path: "weather", Retired: true},
			}},
			want: []CodebookChange{{"renamed", "community", `renamed from "belonging"`}},
		},
		{
			name: "harmonising: split, merge, removal and a new code, listed by path",
			newer: withCode(withCode(withoutCode(edited(older, "only", func(c *CodeSnapshot) { c.MergedInto, c.Retired = "iso", true }), "home"),
				CodeSnapshot{ID: "iso-work", ParentID: "iso", Name: "at work", Path: "belonging/isolation/at work", SplitFrom: "iso"}),
				CodeSnapshot{ID: "cope", Name: "coping", Path: "coping"}),
			want: []CodebookChange{
				{"merged", "belonging/being the only one", "merged into belonging/isolation"},
				{"split", "belonging/isolation/at work", "split from belonging/isolation"},
				{"added", "coping", "added"},
				{"retired", "home", "removed"},
			},
		},
		{
			name:  "split from a code that no longer exists names it by its old path",
			newer: withCode(withoutCode(older, "home"), CodeSnapshot{ID: "house", Name: "house", Path: "house", SplitFrom: "home"}),
			want: []CodebookChange{
				{"retired", "home", "removed"},
				{"split", "house", "split from home"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiffCodebooks(older, tt.newer)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tt.want)
			}
			reversed := CodebookSnapshot{Codes: slices.Clone(tt.newer.Codes)}
			slices.Reverse(reversed.Codes)
			if again := DiffCodebooks(older, reversed); !slices.Equal(again, got) {
				t.Errorf("order of codes changed the result:\n%v\nvs\n%v", again, got)
			}
		})
	}
}

func TestDiffCodebooksFromEmpty(t *testing.T) {
	got := DiffCodebooks(CodebookSnapshot{}, codebookBeforeHarmonising())
	want := []CodebookChange{
		{"added", "belonging", "added"},
		{"added", "belonging/being the only one", "added"},
		{"added", "belonging/isolation", "added"},
		{"added", "home", "added"},
		{"added", "weather", "added"},
		{"retired", "weather", "retired"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
}
