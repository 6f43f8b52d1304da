package style

import "testing"

func TestClipWordsNeverCutsAWord(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Carrying two worlds", 30, "Carrying two worlds"},
		{"Carrying two worlds", 12, "Carrying…"},
		{"Carrying two worlds", 13, "Carrying two…"},
		{"  Carrying two worlds", 14, "  Carrying…"},
		{"Supercalifragilistic", 8, "Superca…"},
		{"Tôi là Thảo ở đây", 10, "Tôi là…"},
	} {
		if got := ClipWords(tc.in, tc.width); got != tc.want {
			t.Errorf("ClipWords(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
