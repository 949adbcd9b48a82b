package plot

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// glyphSVG is an SVG canvas whose text is glyph outlines, as outlined
// draws it, but each glyph's outline is written once, in font units, as a
// <path> of the figure's <defs>, and every occurrence is a <use> of it,
// translated and scaled. Outlines drawn in place were most of a figure's
// bytes (nine tenths of a diffusion figure's) and of report.html's, which
// inlines the figures.
//
// gonum's SVG canvas cannot write a <use>, so each glyph is filled as a
// placeholder path (a lone move, closed: nothing a plot draws) that keeps
// the drawing order, the transform groups and the fill style, and WriteTo
// puts the <use> in its place.
type glyphSVG struct {
	vg.CanvasWriterTo
	buf  sfnt.Buffer
	ids  map[glyphKey]int
	defs []string // outline path data, by id
	uses []glyphUse
}

type glyphKey struct {
	face any // the font's *sfnt.Font
	idx  sfnt.GlyphIndex
}

type glyphUse struct {
	id          int
	x, y, scale float64 // where the glyph's origin is, in points, and points per font unit
}

// FillString implements vg.Canvas.
func (c *glyphSVG) FillString(f font.Face, pt vg.Point, s string) {
	eachGlyph(&c.buf, f, pt, s, func(idx sfnt.GlyphIndex, segs sfnt.Segments, at func(fixed.Point26_6) vg.Point) {
		key := glyphKey{f.Face, idx}
		id, ok := c.ids[key]
		if !ok {
			if c.ids == nil {
				c.ids = map[glyphKey]int{}
			}
			id = len(c.defs)
			c.ids[key] = id
			c.defs = append(c.defs, outlineData(segs))
		}
		o := at(fixed.Point26_6{})
		unit := at(fixed.Point26_6{X: 1}).X - o.X
		c.uses = append(c.uses, glyphUse{id, o.X.Points(), o.Y.Points(), unit.Points()})
		c.CanvasWriterTo.Fill(vg.Path{{Type: vg.MoveComp, Pos: o}, {Type: vg.CloseComp}})
	})
}

// outlineData is a glyph outline as SVG path data in font units, y down.
func outlineData(segs sfnt.Segments) string {
	var b strings.Builder
	open := false
	for _, seg := range segs {
		switch seg.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				b.WriteByte('Z')
			}
			open = true
			fmt.Fprintf(&b, "M%d,%d", seg.Args[0].X, seg.Args[0].Y)
		case sfnt.SegmentOpLineTo:
			fmt.Fprintf(&b, "L%d,%d", seg.Args[0].X, seg.Args[0].Y)
		case sfnt.SegmentOpQuadTo:
			fmt.Fprintf(&b, "Q%d,%d,%d,%d", seg.Args[0].X, seg.Args[0].Y, seg.Args[1].X, seg.Args[1].Y)
		case sfnt.SegmentOpCubeTo:
			fmt.Fprintf(&b, "C%d,%d,%d,%d,%d,%d", seg.Args[0].X, seg.Args[0].Y, seg.Args[1].X, seg.Args[1].Y, seg.Args[2].X, seg.Args[2].Y)
		}
	}
	if open {
		b.WriteByte('Z')
	}
	return b.String()
}

// placeholder is how gonum's SVG canvas writes a glyph's placeholder path;
// the group is its style attribute, if any.
var placeholder = regexp.MustCompile(`<path d="M[-+0-9.e]+,[-+0-9.e]+Z"\s*(style="[^"]*")?\s*/>`)

// WriteTo implements vg.CanvasWriterTo: the SVG, with the glyphs' outlines
// in <defs> and each placeholder a <use>. The ids start with a hash of the
// drawing, so that figures inlined in one web page do not take each
// other's glyphs.
func (c *glyphSVG) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	if _, err := c.CanvasWriterTo.WriteTo(&b); err != nil {
		return 0, err
	}
	svg := b.Bytes()
	h := fnv.New32a()
	h.Write(svg)
	prefix := fmt.Sprintf("g%08x-", h.Sum32())
	k := 0
	svg = placeholder.ReplaceAllFunc(svg, func(m []byte) []byte {
		if k >= len(c.uses) {
			return m
		}
		u := c.uses[k]
		k++
		style := placeholder.FindSubmatch(m)[1]
		if len(style) > 0 {
			style = append([]byte(" "), style...)
		}
		return fmt.Appendf(nil, `<use xlink:href="#%s%d" transform="translate(%.*g,%.*g) scale(%.*g,%.*g)"%s/>`,
			prefix, u.id, 5, u.x, 5, u.y, 5, u.scale, 5, -u.scale, style)
	})
	if k != len(c.uses) {
		return 0, fmt.Errorf("svg: %d glyphs drawn, %d placeholders written", len(c.uses), k)
	}
	var defs bytes.Buffer
	if len(c.defs) > 0 {
		defs.WriteString("<defs>\n")
		for id, d := range c.defs {
			fmt.Fprintf(&defs, "<path id=\"%s%d\" d=\"%s\"/>\n", prefix, id, d)
		}
		defs.WriteString("</defs>\n")
	}
	// The definitions go first in the drawing, after the <svg> start tag.
	at := bytes.Index(svg, []byte("<svg"))
	if at < 0 {
		return 0, fmt.Errorf("svg: no <svg> element")
	}
	at += bytes.IndexByte(svg[at:], '>') + 1
	if at < len(svg) && svg[at] == '\n' {
		at++
	}
	n, err := w.Write(slices.Concat(svg[:at], defs.Bytes(), svg[at:]))
	return int64(n), err
}
