package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The charts of the Word report are PNG images drawn here: a word processor
// shows them everywhere, and the numbers are printed in them, as in the
// HTML report's SVG charts. They are drawn at pngScale pixels per point of
// the SVG layout (about 150 dpi at the size they are placed).

const pngScale = 2

// chartImage is a chart drawn as PNG with its size in points, for placing.
type chartImage struct {
	PNG           []byte
	Width, Height float64 // points (1/72 inch)
	// Alt describes the chart for those who cannot see it.
	Alt string
}

// canvas draws rectangles and text in the SVG layout's units.
type canvas struct {
	img         *image.RGBA
	faces       map[faceKey]font.Face
	regular, bd *opentype.Font
}

type faceKey struct {
	size float64
	bold bool
}

func newCanvas(width, height float64) (*canvas, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	bd, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, int(width*pngScale+0.5), int(height*pngScale+0.5)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return &canvas{img: img, faces: map[faceKey]font.Face{}, regular: regular, bd: bd}, nil
}

func (c *canvas) face(size float64, bold bool) (font.Face, error) {
	k := faceKey{size, bold}
	if f, ok := c.faces[k]; ok {
		return f, nil
	}
	ft := c.regular
	if bold {
		ft = c.bd
	}
	f, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size * pngScale, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	c.faces[k] = f
	return f, nil
}

// hexColor reads "#rrggbb".
func hexColor(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

func (c *canvas) rect(x, y, w, h float64, fill string) {
	r := image.Rect(int(x*pngScale), int(y*pngScale), int((x+w)*pngScale), int((y+h)*pngScale))
	draw.Draw(c.img, r, &image.Uniform{hexColor(fill)}, image.Point{}, draw.Src)
}

// text draws body with its baseline at y; anchor is start, middle or end.
func (c *canvas) text(x, y, size float64, anchor, fill string, bold bool, body string) error {
	f, err := c.face(size, bold)
	if err != nil {
		return err
	}
	d := &font.Drawer{Dst: c.img, Src: &image.Uniform{hexColor(fill)}, Face: f}
	width := d.MeasureString(body)
	px := fixed.I(int(x * pngScale))
	switch anchor {
	case "middle":
		px -= width / 2
	case "end":
		px -= width
	}
	d.Dot = fixed.Point26_6{X: px, Y: fixed.I(int(y * pngScale))}
	d.DrawString(body)
	return nil
}

// measure is the width of body in layout units.
func (c *canvas) measure(size float64, bold bool, body string) (float64, error) {
	f, err := c.face(size, bold)
	if err != nil {
		return 0, err
	}
	return float64(font.MeasureString(f, body).Ceil()) / pngScale, nil
}

func (c *canvas) png() ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, c.img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// heatMapPNG draws the theme × group table as the HTML report's heat map
// does: the number of passages and of participants printed in every cell,
// a sequential blue scale with white text on dark cells, and a legend.
func heatMapPNG(h heat) (*chartImage, error) {
	if len(h.Themes) == 0 || len(h.Groups) == 0 {
		return nil, nil
	}
	const size, small, rowH, colW, pad = 11.0, 9.0, 38.0, 96.0, 6.0
	longest := 0
	for _, t := range h.Themes {
		longest = max(longest, utf8.RuneCountInString(t))
	}
	labelChars := min(max(longest, 12), 40)
	labelW := float64(labelChars)*size*charWidth + 2*pad
	headerLines := 1
	var groupLines [][]string
	for _, g := range h.Groups {
		lines := wrapWords(g, 15, 3)
		groupLines = append(groupLines, lines)
		headerLines = max(headerLines, len(lines))
	}
	headerH := 8 + float64(headerLines)*13
	legendH := 34.0
	palette := heatPalette()
	legendEnd := fmt.Sprintf("more passages (up to %d)", h.Max)
	legendX := pad + 15*10*charWidth
	legendW := legendX + float64(len(palette))*20 + 6 + float64(utf8.RuneCountInString(legendEnd))*10*charWidth + pad
	width := max(labelW+colW*float64(len(h.Groups))+pad, legendW)
	height := headerH + rowH*float64(len(h.Themes)) + legendH
	c, err := newCanvas(width, height)
	if err != nil {
		return nil, err
	}
	var errs []error
	text := func(x, y, size float64, anchor, fill string, bold bool, body string) {
		if err := c.text(x, y, size, anchor, fill, bold, body); err != nil {
			errs = append(errs, err)
		}
	}
	for g, lines := range groupLines {
		x := labelW + colW*float64(g) + colW/2
		for i, line := range lines {
			text(x, 13+float64(i)*13, 10.5, "middle", "#111827", true, line)
		}
	}
	for t, theme := range h.Themes {
		y := headerH + rowH*float64(t)
		text(pad, y+rowH/2+4, size, "start", "#111827", false, clip(theme, labelChars))
		for g := range h.Groups {
			x := labelW + colW*float64(g)
			v, people := h.Passages[t][g], h.Voices[t][g]
			k := shade(v, h.Max)
			c.rect(x, y, colW, rowH, "#ffffff")
			c.rect(x+1, y+1, colW-2, rowH-2, palette[k])
			fg := textOn(k)
			text(x+colW/2, y+17, 13, "middle", fg, true, fmt.Sprint(v))
			text(x+colW/2, y+30, small, "middle", fg, false, plural(people, "participant"))
		}
	}
	ly := headerH + rowH*float64(len(h.Themes)) + 10
	text(pad, ly+11, 10, "start", "#374151", false, "fewer passages")
	for k := range palette {
		x := legendX + float64(k)*20
		c.rect(x, ly, 18, 14, "#9ca3af")
		c.rect(x+0.5, ly+0.5, 17, 13, palette[k])
	}
	text(legendX+float64(len(palette))*20+6, ly+11, 10, "start", "#374151", false, legendEnd)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	b, err := c.png()
	if err != nil {
		return nil, err
	}
	return &chartImage{PNG: b, Width: width, Height: height,
		Alt: "Heat map of passages per theme and group. Each cell gives the number of passages of a theme in a group and how many participants they come from; darker cells hold more passages. The table below gives the same numbers."}, nil
}

// barChartPNG draws the codes' passages as horizontal bars with the number
// printed at each bar and the codings and participants beside it.
func barChartPNG(codes []codeView) (*chartImage, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	const size, rowH, barH, barW, pad = 10.0, 19.0, 12.0, 220.0, 6.0
	longest, most := 0, 0
	for _, c := range codes {
		longest = max(longest, utf8.RuneCountInString(c.Path))
		most = max(most, c.Passages)
	}
	labelChars := min(max(longest, 12), 40)
	labelW := float64(labelChars)*size*charWidth + 2*pad
	c, err := newCanvas(1, 1)
	if err != nil {
		return nil, err
	}
	numW := 0.0
	for _, cv := range codes {
		w, err := c.measure(9, false, besideBar(cv))
		if err != nil {
			return nil, err
		}
		numW = max(numW, w)
	}
	numW += 4*size*charWidth + 2*pad
	width := labelW + barW + numW
	height := rowH*float64(len(codes)) + 2*pad
	c, err = newCanvas(width, height)
	if err != nil {
		return nil, err
	}
	for i, cv := range codes {
		y := pad + rowH*float64(i)
		w := 0.0
		if most > 0 {
			w = barW * float64(cv.Passages) / float64(most)
		}
		if err := c.text(labelW-pad, y+rowH/2+3.5, size, "end", "#111827", false, clip(cv.Path, labelChars)); err != nil {
			return nil, err
		}
		c.rect(labelW, y+(rowH-barH)/2, max(w, 1), barH, "#2563eb")
		n := fmt.Sprint(cv.Passages)
		if err := c.text(labelW+w+4, y+rowH/2+3.5, size, "start", "#111827", true, n); err != nil {
			return nil, err
		}
		nw, err := c.measure(size, true, n+" ")
		if err != nil {
			return nil, err
		}
		if err := c.text(labelW+w+4+nw, y+rowH/2+3.5, 9, "start", "#4b5563", false, besideBar(cv)); err != nil {
			return nil, err
		}
	}
	b, err := c.png()
	if err != nil {
		return nil, err
	}
	return &chartImage{PNG: b, Width: width, Height: height,
		Alt: "Bar chart of passages per code, most first, with the number of passages at each bar and the codings and participants beside it. The table below gives the same numbers."}, nil
}

func besideBar(c codeView) string {
	return fmt.Sprintf("· %s · %s", plural(c.Codings, "coding"), plural(c.Participants, "participant"))
}
