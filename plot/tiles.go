package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Tile is one small image of a Tiles grid: Rows×Cols values, row-major,
// and a caption drawn under it.
type Tile struct {
	Values  []float64
	Caption string
}

// Coloring maps a tile's values to colors.
type Coloring int

const (
	// Gray draws 0 as white and 1 as black (values clamped to [0, 1]), as
	// ink on paper; −1 (spin units) is white too.
	Gray Coloring = iota
	// Diverging draws 0 as white, negative values blue and positive red,
	// each tile scaled to its own largest |value|.
	Diverging
)

// Tiles is a plotter that draws a grid of images of one shape, in reading
// order, each kept square-pixelled inside its cell; axes are not used.
type Tiles struct {
	Rows, Cols int
	Tiles      []Tile
	Coloring   Coloring
	// Columns is the number of tiles per grid row; 0 chooses the number
	// that makes the tiles largest on the canvas.
	Columns int
}

// newTiles checks that every tile has rows×cols values.
func newTiles(rows, cols int, tiles []Tile, c Coloring) (*Tiles, error) {
	for i, t := range tiles {
		if len(t.Values) != rows*cols {
			return nil, fmt.Errorf("tile %d has %d values, want %d×%d", i, len(t.Values), rows, cols)
		}
	}
	return &Tiles{Rows: rows, Cols: cols, Tiles: tiles, Coloring: c}, nil
}

// DataRange implements plot.DataRanger: the tiles fill the data area.
func (t *Tiles) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }

func (t *Tiles) captionStyle() text.Style {
	return text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 8), Handler: plot.DefaultTextHandler,
		XAlign: text.XCenter, YAlign: text.YTop}
}

// layout returns the grid columns and rows and the tile side for a canvas.
func (t *Tiles) layout(w, h, caption vg.Length) (cols, rows int, side vg.Length) {
	n := len(t.Tiles)
	aspect := vg.Length(t.Rows) / vg.Length(t.Cols) // height per unit width
	try := func(c int) (int, vg.Length) {
		r := (n + c - 1) / c
		s := min(w/vg.Length(c)/1.08, (h/vg.Length(r)-caption)/(aspect*1.08))
		return r, s
	}
	if t.Columns > 0 {
		rows, side = try(t.Columns)
		return t.Columns, rows, side
	}
	for c := 1; c <= n; c++ {
		if r, s := try(c); s > side {
			cols, rows, side = c, r, s
		}
	}
	return cols, rows, side
}

// Plot implements plot.Plotter.
func (t *Tiles) Plot(c draw.Canvas, _ *plot.Plot) {
	if len(t.Tiles) == 0 {
		return
	}
	sty := t.captionStyle()
	var caption vg.Length
	for _, tl := range t.Tiles {
		if tl.Caption != "" {
			caption = sty.Height("Mg") + vg.Points(2)
			break
		}
	}
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	cols, rows, side := t.layout(w, h, caption)
	if side <= 0 {
		return
	}
	tileH := side * vg.Length(t.Rows) / vg.Length(t.Cols)
	cellW, cellH := w/vg.Length(cols), h/vg.Length(rows)
	for i, tl := range t.Tiles {
		r, col := i/cols, i%cols
		cx := c.Min.X + cellW*(vg.Length(col)+0.5)
		top := c.Max.Y - cellH*vg.Length(r) - (cellH-tileH-caption)/2
		rect := vg.Rectangle{Min: vg.Point{X: cx - side/2, Y: top - tileH}, Max: vg.Point{X: cx + side/2, Y: top}}
		c.DrawImage(rect, t.image(tl.Values))
		if tl.Caption != "" {
			s := sty
			if w := s.Width(tl.Caption); w > cellW*0.98 { // shrink to fit the cell
				s.Font.Size = max(4, s.Font.Size*cellW*0.98/w)
			}
			c.FillText(s, vg.Point{X: cx, Y: top - tileH - vg.Points(1)}, tl.Caption)
		}
	}
}

// image renders values as an RGBA image, each value a block of k×k pixels
// so that viewers that smooth when scaling keep the pixels sharp.
func (t *Tiles) image(values []float64) image.Image {
	k := max(1, (96+t.Cols-1)/t.Cols)
	img := image.NewRGBA(image.Rect(0, 0, t.Cols*k, t.Rows*k))
	colorAt := t.colorFunc(values)
	for r := 0; r < t.Rows; r++ {
		for c := 0; c < t.Cols; c++ {
			col := colorAt(values[r*t.Cols+c])
			for y := r * k; y < (r+1)*k; y++ {
				for x := c * k; x < (c+1)*k; x++ {
					img.SetRGBA(x, y, col)
				}
			}
		}
	}
	return img
}

func (t *Tiles) colorFunc(values []float64) func(float64) color.RGBA {
	if t.Coloring == Gray {
		return func(v float64) color.RGBA {
			g := uint8(math.Round(255 * (1 - min(1, max(0, v)))))
			return color.RGBA{g, g, g, 255}
		}
	}
	scale := 0.0
	for _, v := range values {
		scale = max(scale, math.Abs(v))
	}
	if scale == 0 {
		scale = 1
	}
	cmap := moreland.SmoothBlueRed()
	cmap.SetMin(-1)
	cmap.SetMax(1)
	return func(v float64) color.RGBA {
		c, err := cmap.At(min(1, max(-1, v/scale)))
		if err != nil {
			return color.RGBA{0, 0, 0, 255}
		}
		r, g, b, _ := c.RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
	}
}
