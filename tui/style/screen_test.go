package style

import (
	"strings"
	"testing"
)

func TestScreenKeepsTheCursorLineInViewAndTheKeysOnSmallScreens(t *testing.T) {
	body := []string{"one", "two", "three", "four", "five"}
	// Six lines: title, three of body, status, keys; line 4 ("five") must show.
	got := strings.Split(Screen(6, 6, "T", body, 4, "status", "keys"), "\n")
	want := []string{"T     ", "three ", "four  ", "five  ", "status", "keys  "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("scrolled screen:\n%q\nwant\n%q", got, want)
	}
	// Short body: padded with blank lines, nothing scrolled.
	got = strings.Split(Screen(4, 5, "T", body[:1], 0, "k"), "\n")
	want = []string{"T   ", "one ", "    ", "    ", "k   "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("short body:\n%q\nwant\n%q", got, want)
	}
	// Two lines: the title and the keys.
	got = strings.Split(Screen(4, 2, "T", body, 3, "status", "keys"), "\n")
	want = []string{"T   ", "keys"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("tiny screen:\n%q\nwant\n%q", got, want)
	}
	if Screen(0, 5, "T", body, 0) != "" || Screen(5, 0, "T", body, 0) != "" {
		t.Error("a screen with no room should be empty")
	}
}
