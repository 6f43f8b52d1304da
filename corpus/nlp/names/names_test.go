package names

import (
	"testing"
)

func TestEntitiesMapBackToText(t *testing.T) {
	// -short is asked for by hand, for a quick run; CI runs without it.
	if testing.Short() {
		t.Skip("loads prose's model")
	}
	r, err := NewRecognizer()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"And afterwards the attending, Dr. Castellano, came and found me in the call room at Riverside.",
		"I’m from New Jersey. I was born in Edison, and Priya’s mentor lives in Boston.",
		"",
		"“Jennifer said so,” said Malik Johnson.",
	}
	found := 0
	for _, text := range texts {
		ents, err := r.Entities(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
				t.Fatalf("entity %+v out of %q", e, text)
			}
			t.Logf("%s %q", e.Label, text[e.Start:e.End])
			found++
		}
	}
	if found == 0 {
		t.Error("no entity found in texts full of names")
	}
}

func TestSanitizeOffsets(t *testing.T) {
	text := "a’b “c” &rsquo;d"
	clean, orig := sanitize(text)
	if clean != `a'b "c" 'd` {
		t.Fatalf("clean = %q", clean)
	}
	if len(orig) != len(clean)+1 || orig[len(clean)] != len(text) {
		t.Fatalf("offsets %v", orig)
	}
	if text[orig[2]:orig[3]] != "b" {
		t.Errorf("b maps to %q", text[orig[2]:orig[3]])
	}
}
