package plot

import (
	"errors"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// outlined wraps a vector canvas so that text is drawn as filled glyph
// outlines rather than as text. gonum's PDF canvas encodes text in code
// page 1252, which has no σ, α or subscripts, and an SVG names a font the
// viewer may not have, with other widths than the layout assumed; outlines
// look the same everywhere, as in PNG, at the cost of text that cannot be
// selected.
type outlined struct {
	vg.CanvasWriterTo
	buf sfnt.Buffer
}

// FillString implements vg.Canvas.
func (c *outlined) FillString(f font.Face, pt vg.Point, s string) {
	var path vg.Path
	open := false
	eachGlyph(&c.buf, f, pt, s, func(_ sfnt.GlyphIndex, segs sfnt.Segments, at func(fixed.Point26_6) vg.Point) {
		for _, seg := range segs {
			switch seg.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					path.Close()
				}
				path.Move(at(seg.Args[0]))
				open = true
			case sfnt.SegmentOpLineTo:
				path.Line(at(seg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				path.QuadTo(at(seg.Args[0]), at(seg.Args[1]))
			case sfnt.SegmentOpCubeTo:
				path.CubeTo(at(seg.Args[0]), at(seg.Args[1]), at(seg.Args[2]))
			}
		}
	})
	if open {
		path.Close()
		c.Fill(path)
	}
}

// eachGlyph lays out s in face f from pt as font.Face.Width measures it
// (advances and kerning) and calls draw with each inked glyph's outline
// and the map from its 26.6 outline coordinates (font units, y down) to
// the canvas.
func eachGlyph(buf *sfnt.Buffer, f font.Face, pt vg.Point, s string, draw func(sfnt.GlyphIndex, sfnt.Segments, func(fixed.Point26_6) vg.Point)) {
	if f.Face == nil || f.Font.Size == 0 {
		return
	}
	upem := fixed.Int26_6(f.Face.UnitsPerEm())
	// At ppem = units per em, 26.6 values are font units; scale makes
	// them lengths, exactly as font.Face.Width measures.
	scale := f.Font.Size / vg.Length(upem)
	x := vg.Length(0)
	var prev sfnt.GlyphIndex
	for i, r := range s {
		idx, err := f.Face.GlyphIndex(buf, r)
		if err != nil {
			continue
		}
		if i > 0 {
			if k, err := f.Face.Kern(buf, prev, idx, upem, xfont.HintingNone); err == nil {
				x += vg.Length(k) * scale
			} else if !errors.Is(err, sfnt.ErrNotFound) {
				continue
			}
		}
		x0 := x
		at := func(p fixed.Point26_6) vg.Point {
			return vg.Point{X: pt.X + x0 + vg.Length(p.X)*scale, Y: pt.Y - vg.Length(p.Y)*scale}
		}
		if idx != 0 { // glyph 0 is "missing": leave its space blank
			if segs, err := f.Face.LoadGlyph(buf, idx, upem, nil); err == nil && len(segs) > 0 {
				draw(idx, segs, at)
			}
		}
		if adv, err := f.Face.GlyphAdvance(buf, idx, upem, xfont.HintingNone); err == nil {
			x += vg.Length(adv) * scale
		}
		prev = idx
	}
}
