package plot

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Each glyph <use>d in the SVG lands where outlined draws the same glyph:
// the start of its definition's outline, translated and scaled, is the
// start of the matching contour that outlined fills, and every <use>
// names a definition, once per distinct glyph.
func TestGlyphSVGMatchesOutlines(t *testing.T) {
	face := gplot.DefaultTextHandler.Cache().Lookup(gplot.DefaultFont, 20)
	use := regexp.MustCompile(`<use xlink:href="#([^"]+)" transform="translate\(([^,]+),([^)]+)\) scale\(([^,]+),([^)]+)\)"`)
	def := regexp.MustCompile(`<path id="([^"]+)" d="M(-?\d+),(-?\d+)([^"]*)"`)
	num := func(b []byte) float64 {
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, text := range []string{"σ₁ = 4", "Marchenko–Pastur", "aaa"} {
		at := vg.Point{X: 10, Y: 50}
		rec := &fillRecorder{CanvasWriterTo: vgsvg.New(300, 100)}
		(&outlined{CanvasWriterTo: rec}).FillString(face, at, text)
		var moves []vg.Point // the start of each contour outlined filled
		for _, comp := range rec.paths[0] {
			if comp.Type == vg.MoveComp {
				moves = append(moves, comp.Pos)
			}
		}
		c := &glyphSVG{CanvasWriterTo: vgsvg.New(300, 100)}
		c.FillString(face, at, text)
		var out bytes.Buffer
		if _, err := c.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		if placeholder.Match(out.Bytes()) {
			t.Errorf("%q: a placeholder is left", text)
		}
		defs := map[string][3]float64{} // first point, contours
		for _, m := range def.FindAllSubmatch(out.Bytes(), -1) {
			defs[string(m[1])] = [3]float64{num(m[2]), num(m[3]), float64(1 + bytes.Count(m[4], []byte("M")))}
		}
		uses := use.FindAllSubmatch(out.Bytes(), -1)
		contour := 0
		distinct := map[string]bool{}
		for i, m := range uses {
			d, ok := defs[string(m[1])]
			if !ok {
				t.Fatalf("%q: <use> of %s, which is not defined", text, m[1])
			}
			distinct[string(m[1])] = true
			if contour >= len(moves) {
				t.Fatalf("%q: more glyphs used than outlined drew", text)
			}
			x := num(m[2]) + num(m[4])*d[0]
			y := num(m[3]) + num(m[5])*d[1]
			want := moves[contour]
			if math.Abs(x-want.X.Points()) > 0.01 || math.Abs(y-want.Y.Points()) > 0.01 {
				t.Errorf("%q glyph %d starts at (%.3f, %.3f), outlined at (%.3f, %.3f)", text, i, x, y, want.X.Points(), want.Y.Points())
			}
			contour += int(d[2])
		}
		if contour != len(moves) {
			t.Errorf("%q: the uses have %d contours, outlined drew %d", text, contour, len(moves))
		}
		if text == "aaa" && len(distinct) != 1 {
			t.Errorf("%q: %d definitions for one glyph", text, len(distinct))
		}
		if len(defs) != len(distinct) {
			t.Errorf("%q: %d definitions, %d glyphs used", text, len(defs), len(distinct))
		}
	}
}
