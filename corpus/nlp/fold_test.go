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

func TestFoldLetterKeepsOneLetterForOne(t *testing.T) {
	for _, tc := range []struct{ in, want rune }{
		{'É', 'e'},
		{'ả', 'a'},
		{'’', '\''},
		{'ʼ', '\''},
		{'Ø', 'ø'},
		{'\u0301', '\u0301'}, // a mark alone stays: positions hold
		{'Z', 'z'},
	} {
		if got := FoldLetter(tc.in); got != tc.want {
			t.Errorf("FoldLetter(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Letter by letter, a word folds as Fold folds it whole.
	for _, w := range []string{"Thảo", "Don’t", "JOSÉ", "Søren"} {
		var b []rune
		for _, r := range w {
			b = append(b, FoldLetter(r))
		}
		if string(b) != Fold(w) {
			t.Errorf("%q folded letter by letter is %q, whole %q", w, string(b), Fold(w))
		}
	}
}
