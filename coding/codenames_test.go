package coding

import "testing"

func TestLikelyMeant(t *testing.T) {
	codes := []CodeSnapshot{
		{ID: "1", Name: "belonging", Path: "belonging"},
		{ID: "2", ParentID: "1", Name: "isolation", Path: "belonging/isolation"},
		{ID: "3", ParentID: "1", Name: "mentorship", Path: "belonging/mentorship"},
		{ID: "4", Name: "workload", Path: "workload"},
		{ID: "5", Name: "pay", Path: "pay"},
		{ID: "6", Name: "old name", Path: "old name", Retired: true},
		{ID: "7", Name: "I'm", Path: "I'm"},
	}
	tests := []struct {
		name, want string
	}{
		{"belonging/isolaton", "belonging/isolation"},  // one letter dropped
		{"belonging/isloation", "belonging/isolation"}, // two letters swapped
		{"Belonging/Isolation", "belonging/isolation"}, // case
		{"belonging/isolations", "belonging/isolation"},
		{"belonging/mentorships", "belonging/mentorship"},
		{"isolaton", "belonging/isolation"}, // a bare name, against codes' own names
		{"wörkload", "workload"},            // accents
		{"workloads", "workload"},
		{"belonging/mentoring", ""}, // another idea: three edits away
		{"belonging/exclusion", ""},
		{"pat", ""}, // short names must match exactly (after folding)
		{"pays", "pay"},
		{"I’m", "I'm"}, // a typographic apostrophe is the same name (short: no typo allowed)
		{"Im", ""},
		{"old nam", ""}, // a retired code is no longer a name to reuse
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := LikelyMeant(tc.name, codes)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("LikelyMeant(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	// Worked by hand: kitten → sitting is three edits (k→s, e→i, +g).
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, -1},
		{"ab", "ba", 2, 1},       // one swap
		{"ca", "abc", 3, 3},      // optimal string alignment: not 2
		{"ñandú", "nandu", 2, 2}, // code points, not bytes
		{"same", "same", 0, 0},
	} {
		if got := editDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}
