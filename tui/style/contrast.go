package style

import (
	"image/color"
	"math"

	"github.com/charmbracelet/x/ansi"
)

// The two text colours a code's background is given, as 256-colour
// indexes: pure black and pure white in the xterm palette.
const (
	textBlack = ansi.IndexedColor(16)
	textWhite = ansi.IndexedColor(231)
)

// Luminance is a colour's relative luminance as WCAG 2.1 defines it: 0 for
// black, 1 for white.
func Luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG 2.1 contrast ratio of two colours, from 1 (the
// same) to 21 (black on white).
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TextOn is the colour of text drawn on the background bg: black or white,
// whichever contrasts more with it. Either way the ratio is at least 4.5:1
// (the least of the better of the two, over all colours, is about 4.58).
func TextOn(bg color.Color) color.Color {
	if bg == nil {
		return nil
	}
	if Contrast(textBlack, bg) >= Contrast(textWhite, bg) {
		return textBlack
	}
	return textWhite
}

// The backgrounds of search matches (black text) and of the selection
// (white text) in the transcript.
const (
	SearchBackground    = ansi.IndexedColor(220)
	SelectionBackground = ansi.IndexedColor(25)
)
