package corpus

import (
	"testing"
	"unicode/utf8"
)

func TestPositionIndexRoundTrip(t *testing.T) {
	texts := map[string]string{
		"ascii":     "Ana: I felt like the only one.\n",
		"accents":   "Zoë: ¿Qué pasó? Nguyễn Thảo dijo que sí.\n",
		"emoji":     "P3: I was 😅 honestly 👩🏽‍⚕️ tired.\n",
		"combining": "Rene\u0301: cafe\u0301\n",
		"long":      string(make([]byte, 0)) + longMixed(500),
	}
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			idx := NewPositionIndex(text)
			if got, want := idx.Len(), utf8.RuneCountInString(text); got != want {
				t.Fatalf("Len = %d, want %d", got, want)
			}
			r := 0
			for b := range text {
				gotB, err := idx.ByteOffset(r)
				if err != nil || gotB != b {
					t.Fatalf("ByteOffset(%d) = %d, %v; want %d", r, gotB, err, b)
				}
				if gotR := idx.RuneOffset(b); gotR != r {
					t.Fatalf("RuneOffset(%d) = %d, want %d", b, gotR, r)
				}
				r++
			}
			if b, _ := idx.ByteOffset(r); b != len(text) {
				t.Fatalf("ByteOffset(end) = %d, want %d", b, len(text))
			}
			if _, err := idx.ByteOffset(r + 1); err == nil {
				t.Fatal("ByteOffset past the end should fail")
			}
		})
	}
}

func TestPositionIndexSlice(t *testing.T) {
	text := "Nguyễn: 😅 sí\n"
	idx := NewPositionIndex(text)
	got, err := idx.Slice(Span{8, 12})
	if err != nil || got != "😅 sí" {
		t.Fatalf("Slice = %q, %v", got, err)
	}
	if _, err := idx.Slice(Span{5, 3}); err == nil {
		t.Fatal("reversed span should fail")
	}
}

func longMixed(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			s += "a"
		case 1:
			s += "é"
		case 2:
			s += "😅"
		default:
			s += "\n"
		}
	}
	return s
}

func TestRuneCursorMatchesIndex(t *testing.T) {
	text := longMixed(1000)
	idx := NewPositionIndex(text)
	cur := NewRuneCursor(text)
	offsets := []int{0, 3, 3, 10, 200, 150, 999, len(text), len(text) + 5}
	for _, b := range offsets {
		want := idx.RuneOffset(min(b, len(text)))
		if got := cur.RuneOffset(b); got != want {
			t.Errorf("RuneOffset(%d) = %d, want %d", b, got, want)
		}
	}
}
