package plot

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendBox draws a panel's legend inside its data area, in the corner
// where it hides the least data, on a translucent white box.
type legendBox struct {
	legend *plot.Legend
	panel  *Panel
}

func (l legendBox) Plot(c draw.Canvas, p *plot.Plot) {
	pts := samplePoints(c, p, l.panel.Series)
	inset := vg.Points(4)
	inner := draw.Crop(c, inset, -inset, inset, -inset)
	size := l.legend.Rectangle(inner).Size()
	// Legend.Rectangle has left and right swapped; place it here.
	rect := func(top, left bool) vg.Rectangle {
		r := vg.Rectangle{Min: vg.Point{X: inner.Max.X - size.X, Y: inner.Min.Y}, Max: vg.Point{X: inner.Max.X, Y: inner.Min.Y + size.Y}}
		if left {
			r.Min.X, r.Max.X = inner.Min.X, inner.Min.X+size.X
		}
		if top {
			r.Min.Y, r.Max.Y = inner.Max.Y-size.Y, inner.Max.Y
		}
		return r
	}
	best, bestN := [2]bool{true, false}, math.MaxInt
	for _, corner := range [][2]bool{{true, false}, {true, true}, {false, false}, {false, true}} {
		r := rect(corner[0], corner[1])
		n := 0
		for _, pt := range pts {
			if pt.X >= r.Min.X && pt.X <= r.Max.X && pt.Y >= r.Min.Y && pt.Y <= r.Max.Y {
				n++
			}
		}
		if n < bestN {
			best, bestN = corner, n
		}
	}
	l.legend.Top, l.legend.Left = best[0], best[1]
	r := rect(best[0], best[1])
	pad := vg.Points(2)
	box := vg.Rectangle{Min: vg.Point{X: r.Min.X - pad, Y: r.Min.Y - pad}, Max: vg.Point{X: r.Max.X + pad, Y: r.Max.Y + pad}}
	c.SetColor(color.NRGBA{255, 255, 255, 210})
	c.Fill(box.Path())
	l.legend.Draw(inner)
}

// samplePoints returns canvas points along the drawn data, to see where a
// legend would hide it.
func samplePoints(c draw.Canvas, p *plot.Plot, series []Series) []vg.Point {
	tx, ty := p.Transforms(&c)
	var pts []vg.Point
	add := func(x, y float64) {
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			return
		}
		pts = append(pts, vg.Point{X: tx(x), Y: ty(y)})
	}
	path := func(xys plotter.XYs) {
		for i, q := range xys {
			add(q.X, q.Y)
			if i > 0 { // points along the segment, in canvas space
				a := vg.Point{X: tx(xys[i-1].X), Y: ty(xys[i-1].Y)}
				b := vg.Point{X: tx(q.X), Y: ty(q.Y)}
				for k := 1; k < 10; k++ {
					f := vg.Length(k) / 10
					pts = append(pts, vg.Point{X: a.X + f*(b.X-a.X), Y: a.Y + f*(b.Y-a.Y)})
				}
			}
		}
	}
	for _, s := range series {
		switch d := s.Plotter.(type) {
		case *plotter.Line:
			path(d.XYs)
		case *plotter.Scatter:
			for _, q := range d.XYs {
				add(q.X, q.Y)
			}
		case *plotter.Polygon:
			for _, ring := range d.XYs {
				path(ring)
			}
		case *plotter.Histogram:
			for _, b := range d.Bins {
				for k := 0; k <= 4; k++ {
					add((b.Min+b.Max)/2, b.Weight*float64(k)/4)
				}
			}
		case *RefLine:
			for k := 0; k <= 20; k++ {
				f := vg.Length(k) / 20
				if d.Vertical {
					pts = append(pts, vg.Point{X: tx(d.Value), Y: c.Min.Y + f*(c.Max.Y-c.Min.Y)})
				} else {
					pts = append(pts, vg.Point{X: c.Min.X + f*(c.Max.X-c.Min.X), Y: ty(d.Value)})
				}
			}
		}
	}
	return pts
}

// EndLabels names lines at their right ends, outside the data area,
// moving labels apart where they would overlap.
type EndLabels struct {
	Labels []EndLabel
}

// EndLabel is the name of a line ending at Y, drawn in its color.
type EndLabel struct {
	Y     float64
	Text  string
	Color color.Color
}

func (e *EndLabels) style() text.Style {
	return text.Style{Font: font.From(plot.DefaultFont, 9), Handler: plot.DefaultTextHandler, YAlign: text.YCenter}
}

// Plot implements plot.Plotter.
func (e *EndLabels) Plot(c draw.Canvas, p *plot.Plot) {
	_, ty := p.Transforms(&c)
	sty := e.style()
	h := sty.Height("Mg")
	type placed struct {
		y vg.Length
		i int
	}
	var ls []placed
	for i, l := range e.Labels {
		if math.IsNaN(l.Y) || math.IsInf(l.Y, 0) {
			continue
		}
		ls = append(ls, placed{ty(l.Y), i})
	}
	sort.Slice(ls, func(a, b int) bool { return ls[a].y > ls[b].y })
	// Push labels down so that none overlaps the one above, then up so
	// that none leaves the canvas at the bottom.
	for k := 1; k < len(ls); k++ {
		ls[k].y = min(ls[k].y, ls[k-1].y-h)
	}
	if n := len(ls); n > 0 && ls[n-1].y < c.Min.Y+h/2 {
		ls[n-1].y = c.Min.Y + h/2
		for k := n - 2; k >= 0; k-- {
			ls[k].y = max(ls[k].y, ls[k+1].y+h)
		}
	}
	for _, l := range ls {
		sty.Color = e.Labels[l.i].Color
		c.FillText(sty, vg.Point{X: c.Max.X + vg.Points(4), Y: l.y}, e.Labels[l.i].Text)
	}
}

// GlyphBoxes implements plot.GlyphBoxer, so the plot leaves room for the
// labels on the right.
func (e *EndLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	sty := e.style()
	var boxes []plot.GlyphBox
	for _, l := range e.Labels {
		w, h := sty.Width(l.Text), sty.Height(l.Text)
		boxes = append(boxes, plot.GlyphBox{X: 1, Y: 0.5,
			Rectangle: vg.Rectangle{Min: vg.Point{X: 0, Y: -h / 2}, Max: vg.Point{X: vg.Points(4) + w, Y: h / 2}}})
	}
	return boxes
}
