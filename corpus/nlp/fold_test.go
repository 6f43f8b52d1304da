package nlp

import "testing"

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"José", "jose"},
		{"JOSÉ", "jose"},
		{"jose", "jose"},
		{"Thảo", "thao"},
		{"Está", "esta"},
		{"Don’t", "don't"}, // typographic apostrophe
		{"donʼt", "don't"}, // modifier letter apostrophe
		{"Søren", "søren"}, // not a base letter plus a mark: kept
		{"Straße", "straße"},
		{"Đức", "đuc"},
		{"e\u0301", "e"}, // a combining accent typed apart
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
