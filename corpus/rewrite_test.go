package corpus

import (
	"testing"
	"unicode/utf8"
)

func TestRewritePlaces(t *testing.T) {
	// "Ana: I trust Dr Lobo here.\nBen: me too\n"
	//  0123456789...
	text := "Ana: I trust Dr Lobo here.\nBen: me too\n"
	r, skipped := Rewrite(text, []Edit{
		{Span: Span{Start: 32, End: 38}, With: "[withdrawn]", Drop: true}, // "me too"
		{Span: Span{Start: 0, End: 3}, With: "P1"},                        // "Ana"
		{Span: Span{Start: 13, End: 20}, With: "[name]"},                  // "Dr Lobo"
		{Span: Span{Start: 15, End: 19}, With: "overlapping"},             // inside "Dr Lobo": left out
	})
	if want := "P1: I trust [name] here.\nBen: [withdrawn]\n"; r.Text != want {
		t.Fatalf("text %q, want %q", r.Text, want)
	}
	if len(skipped) != 1 || skipped[0].With != "overlapping" {
		t.Errorf("skipped %v", skipped)
	}
	slice := func(s Span) string {
		idx := NewPositionIndex(r.Text)
		w, _ := idx.Slice(s)
		return w
	}
	for _, c := range []struct {
		old  Span
		want string
		ok   bool
	}{
		{Span{5, 26}, "I trust [name] here.", true}, // a whole utterance
		{Span{7, 12}, "trust", true},                // kept words move with the edit before them
		{Span{16, 26}, "[name] here.", true},        // part of a name covers all of its replacement
		{Span{13, 15}, "[name]", true},              // the first word of a name
		{Span{34, 36}, "", false},                   // wholly inside withdrawn words: no place
		{Span{27, 35}, "Ben: ", true},               // cut back to the words kept
		{Span{27, 38}, "Ben: ", true},               // ending where withdrawn words end
	} {
		got, ok := r.Place(c.old)
		if ok != c.ok || (ok && slice(got) != c.want) {
			t.Errorf("Place(%v) = %v %q, %v; want %q, %v", c.old, got, slice(got), ok, c.want, c.ok)
		}
	}
	// A place that starts in kept words and runs through withdrawn ones to
	// kept words keeps the marker between them.
	if got, ok := r.Place(Span{Start: 28, End: 39}); !ok || slice(got) != "en: [withdrawn]\n" {
		t.Errorf("through withdrawn words: %q, %v", slice(got), ok)
	}
}

// FuzzRewrite checks, for any text and edits, that words outside every
// edit are found at their new place unchanged.
func FuzzRewrite(f *testing.F) {
	f.Add("Ana: Ich höre 🙂 das.\nBen: ja\n", 0, 3, 5, 9, "P1", true)
	f.Add("abc", 1, 1, 0, 3, "", false)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d int, with string, drop bool) {
		if !utf8.ValidString(text) || !utf8.ValidString(with) {
			return
		}
		n := utf8.RuneCountInString(text)
		clamp := func(x int) int { return min(max(x, 0), n) }
		e1 := Edit{Span: Span{Start: clamp(a), End: clamp(max(a, b))}, With: with, Drop: drop}
		e2 := Edit{Span: Span{Start: clamp(c), End: clamp(max(c, d))}, With: "[x]"}
		r, skipped := Rewrite(text, []Edit{e1, e2})
		kept := []Edit{e1, e2}
		if len(skipped) > 0 {
			kept = nil
			for _, e := range []Edit{e1, e2} {
				if e != skipped[0] {
					kept = append(kept, e)
				}
			}
		}
		old := NewPositionIndex(text)
		idx := NewPositionIndex(r.Text)
		for p := range n {
			inside := false
			for _, e := range kept {
				inside = inside || (e.Span.Start <= p && p < e.Span.End)
			}
			if inside {
				continue
			}
			got, ok := r.Place(Span{Start: p, End: p + 1})
			if !ok {
				t.Fatalf("character %d outside every edit has no place", p)
			}
			w, _ := idx.Slice(got)
			o, _ := old.Slice(Span{Start: p, End: p + 1})
			if w != o {
				t.Fatalf("character %d %q is %q at %v", p, o, w, got)
			}
		}
	})
}
