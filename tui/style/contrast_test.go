package style

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestContrastFollowsWCAG(t *testing.T) {
	// Reference values from the WCAG 2.1 definition, worked by hand:
	// black on white is 21:1, a colour on itself 1:1, and mid grey #777777
	// (luminance 0.1845) on white 4.48:1.
	white, black := color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}
	for _, tc := range []struct {
		a, b color.Color
		want float64
	}{
		{black, white, 21},
		{white, white, 1},
		{color.RGBA{0x77, 0x77, 0x77, 255}, white, 4.48},
		// The case: black on #5f0087 (luminance 0.0405) is 1.85:1.
		{black, color.RGBA{0x5f, 0x00, 0x87, 255}, 1.81},
	} {
		if got := Contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.05 {
			t.Errorf("contrast %v on %v = %.2f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// Every background a code can have: the palette, every colour of the
// 256-colour table (a code's own #rrggbb is drawn as is), and a sweep of
// #rrggbb values.
func TestEveryCodeColourGetsTextOfAtLeast4Point5To1(t *testing.T) {
	var backgrounds []color.Color
	var th Theme
	for place := range len(codePalette()) {
		backgrounds = append(backgrounds, th.CodeColor(place, ""))
	}
	for i := range 256 {
		backgrounds = append(backgrounds, ansi.IndexedColor(i))
	}
	for r := 0; r < 256; r += 17 {
		for g := 0; g < 256; g += 17 {
			for b := 0; b < 256; b += 17 {
				backgrounds = append(backgrounds, th.CodeColor(0, fmt.Sprintf("#%02x%02x%02x", r, g, b)))
			}
		}
	}
	backgrounds = append(backgrounds, th.CodeColor(0, "#5f0087"), lipgloss.Color("#5f0087"))
	for _, bg := range backgrounds {
		fg := TextOn(bg)
		if c := Contrast(fg, bg); c < 4.5 {
			t.Errorf("text %v on %v: contrast %.2f:1, under 4.5:1", fg, bg, c)
		}
	}
	// The purple of the issue gets white text, not black.
	if fg := TextOn(lipgloss.Color("#5f0087")); fg != textWhite {
		t.Errorf("text on #5f0087 is %v, want white", fg)
	}
	// The palette's light tones keep black text.
	for place := range len(codePalette()) {
		if fg := TextOn(th.CodeColor(place, "")); fg != textBlack {
			t.Errorf("palette tone %d: text %v, want black", place, fg)
		}
	}
}

func TestTheWorkspacesOtherTextOnColourMeets4Point5To1(t *testing.T) {
	var th Theme
	sel := th.Selected()
	for _, tc := range []struct {
		what   string
		fg, bg color.Color
	}{
		{"a highlighted row", sel.Fg, sel.Bg},
		{"a search match", textBlack, SearchBackground},
		{"the selection", textWhite, SelectionBackground},
	} {
		if c := Contrast(tc.fg, tc.bg); c < 4.5 {
			t.Errorf("%s: contrast %.2f:1", tc.what, c)
		}
	}
}
