package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one page: a title and a grid of panels.
type Figure struct {
	// Title is drawn above the grid; it names the run.
	Title string
	// Panels are the rows of the grid; a nil panel leaves its cell empty.
	Panels [][]*Panel
	// Width and Height are the size the builder suggests.
	Width, Height vg.Length
}

// Panel is one plot of a figure, with the data series drawn in it.
type Panel struct {
	*plot.Plot
	// Series are the plotters added, in order, with their legend names
	// ("" for unnamed ones such as reference lines drawn without a
	// legend entry): what tests inspect instead of pixels.
	Series []Series

	legend   plot.Legend
	entries  int
	ends     *EndLabels
	finished bool
}

// Series is one plotter of a panel.
type Series struct {
	Name    string
	Plotter plot.Plotter
}

// newPanel starts a panel with a title and axis labels.
func newPanel(title, x, y string) *Panel {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 11
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	lg := plot.NewLegend()
	lg.TextStyle.Font.Size = 9
	lg.ThumbnailWidth = vg.Points(16)
	return &Panel{Plot: p, legend: lg}
}

// add draws a plotter; a non-empty name also makes a legend entry for
// plotters that have a thumbnail.
func (p *Panel) add(name string, pl plot.Plotter) {
	p.Plot.Add(pl)
	p.Series = append(p.Series, Series{Name: name, Plotter: pl})
	if th, ok := pl.(plot.Thumbnailer); ok && name != "" {
		p.legend.Add(name, th)
		p.entries++
	}
}

// legendOnly adds a legend entry that stands for several plotters (a
// style shared by series of different colors).
func (p *Panel) legendOnly(name string, th plot.Thumbnailer) {
	p.legend.Add(name, th)
	p.entries++
}

// addQuiet draws a plotter under a name without a legend entry.
func (p *Panel) addQuiet(name string, pl plot.Plotter) {
	p.Plot.Add(pl)
	p.Series = append(p.Series, Series{Name: name, Plotter: pl})
}

// endLabel names a line at its right end, outside the data area.
func (p *Panel) endLabel(y float64, name string, c color.Color) {
	if p.ends == nil {
		p.ends = &EndLabels{}
		p.Series = append(p.Series, Series{Name: "", Plotter: p.ends})
	}
	p.ends.Labels = append(p.ends.Labels, EndLabel{Y: y, Text: name, Color: c})
}

// finish adds the plotters drawn over the data: end labels and the
// legend. Draw calls it.
func (p *Panel) finish() {
	if p.finished {
		return
	}
	p.finished = true
	if p.ends != nil {
		p.Plot.Add(p.ends)
	}
	if p.entries > 0 {
		p.Plot.Add(legendBox{legend: &p.legend, panel: p})
	}
}

// Find returns the plotters of the panel whose names begin with prefix.
func (p *Panel) Find(prefix string) []plot.Plotter {
	var out []plot.Plotter
	for _, s := range p.Series {
		if strings.HasPrefix(s.Name, prefix) {
			out = append(out, s.Plotter)
		}
	}
	return out
}

// single is a figure of one panel.
func single(title string, p *Panel, w, h vg.Length) *Figure {
	return &Figure{Title: title, Panels: [][]*Panel{{p}}, Width: w, Height: h}
}

// Formats are the output formats Render writes.
var Formats = []string{"png", "svg", "pdf"}

// FormatOf returns the format named by a file name's extension, or "" if
// it names none of Formats.
func FormatOf(file string) string {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(file), "."))
	for _, f := range Formats {
		if ext == f {
			return f
		}
	}
	return ""
}

// Resolution is the pixel density of PNG output, dots per inch; a length
// given in px is 1/Resolution inch in every format.
const Resolution = 96

// ParseLength reads a length such as "16cm", "120mm", "6in", "400pt" or
// "800px". A bare number is in cm.
func ParseLength(s string) (vg.Length, error) {
	units := []struct {
		suffix string
		unit   vg.Length
	}{{"cm", vg.Centimeter}, {"mm", vg.Millimeter}, {"in", vg.Inch}, {"pt", vg.Points(1)}, {"px", vg.Inch / Resolution}}
	t := strings.TrimSpace(s)
	unit := vg.Centimeter
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, unit = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.unit
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v > 0) || v > 1e4 {
		return 0, fmt.Errorf("length %q: want a positive number with a unit cm, mm, in, pt or px (e.g. 16cm, 800px)", s)
	}
	l := vg.Length(v) * unit
	if l.Dots(Resolution) > 20000 {
		return 0, fmt.Errorf("length %q is larger than 20000 px", s)
	}
	return l, nil
}

// Size returns the page size: the figure's suggestion, with width or height
// replaced by the given ones (0 keeps the suggestion, scaled to keep the
// aspect ratio when only one is given).
func (f *Figure) Size(width, height vg.Length) (vg.Length, vg.Length) {
	w, h := f.Width, f.Height
	if w <= 0 || h <= 0 {
		w, h = 16*vg.Centimeter, 12*vg.Centimeter
	}
	switch {
	case width > 0 && height > 0:
		return width, height
	case width > 0:
		return width, h * width / w
	case height > 0:
		return w * height / h, height
	}
	return w, h
}

// Render draws the figure in the given format ("png", "svg" or "pdf") at
// the given size (0 for the figure's own, see Size) and writes it to w.
func (f *Figure) Render(w io.Writer, width, height vg.Length, format string) error {
	width, height = f.Size(width, height)
	var c vg.CanvasWriterTo
	switch format {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(Resolution), vgimg.UseBackgroundColor(color.White))}
	case "svg":
		c = &glyphSVG{CanvasWriterTo: vgsvg.New(width, height)}
	case "pdf":
		c = &outlined{CanvasWriterTo: vgpdf.New(width, height)}
	default:
		return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
	}
	f.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// Draw draws the figure on a canvas: the title on top, then the panels,
// aligned so that their data areas line up.
func (f *Figure) Draw(dc draw.Canvas) {
	if f.Title != "" {
		sty := text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 12), Handler: plot.DefaultTextHandler,
			XAlign: text.XCenter, YAlign: text.YTop}
		// A title wider than the page is set smaller, down to 7 pt.
		if w, avail := sty.Width(f.Title), dc.Max.X-dc.Min.X-vg.Points(8); w > avail {
			sty.Font.Size = max(7, sty.Font.Size*avail/w)
		}
		pad := vg.Points(6)
		top := vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - pad}
		dc.FillText(sty, top, f.Title)
		dc.Max.Y -= sty.Height(f.Title) + 2*pad
	}
	rows := len(f.Panels)
	cols := 0
	for _, r := range f.Panels {
		cols = max(cols, len(r))
	}
	if rows == 0 || cols == 0 {
		return
	}
	grid := make([][]*plot.Plot, rows)
	labels := make([][][2]string, rows)
	for i, r := range f.Panels {
		grid[i] = make([]*plot.Plot, cols)
		labels[i] = make([][2]string, cols)
		for j, p := range r {
			if p != nil {
				p.finish()
				grid[i][j] = p.Plot
				// gonum places an axis label's glyph box at the axis'
				// arithmetic midpoint, which on a log axis lies near
				// its end and shrinks the data area; the labels are
				// drawn here instead, in strips cut off each panel.
				labels[i][j] = [2]string{p.X.Label.Text, p.Y.Label.Text}
				p.X.Label.Text, p.Y.Label.Text = "", ""
			}
		}
	}
	pad := vg.Points(8)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 2 * pad, PadY: pad, PadTop: pad / 2, PadBottom: pad / 2, PadLeft: pad / 2, PadRight: pad}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		for j, p := range grid[i] {
			if p == nil {
				continue
			}
			xl, yl := labels[i][j][0], labels[i][j][1]
			c := canvases[i][j]
			xsty, ysty := p.X.Label.TextStyle, p.Y.Label.TextStyle
			if yl != "" {
				c.Min.X += ysty.Height(yl) + vg.Points(2)
			}
			if xl != "" {
				c.Min.Y += xsty.Height(xl) + vg.Points(2)
			}
			p.Draw(c)
			data := p.DataCanvas(c)
			fit := func(sty *text.Style, txt string, avail vg.Length) {
				if w := sty.Width(txt); w > avail {
					sty.Font.Size = max(6, sty.Font.Size*avail/w)
				}
			}
			whole := canvases[i][j]
			cx, cy := (data.Min.X+data.Max.X)/2, (data.Min.Y+data.Max.Y)/2
			fit(&xsty, xl, 2*min(cx-whole.Min.X, whole.Max.X-cx))
			fit(&ysty, yl, 2*min(cy-whole.Min.Y, whole.Max.Y-cy))
			if xl != "" {
				xsty.XAlign, xsty.YAlign = text.XCenter, text.YBottom
				dc.FillText(xsty, vg.Point{X: cx, Y: whole.Min.Y}, xl)
			}
			if yl != "" {
				ysty.Rotation = math.Pi / 2
				ysty.XAlign, ysty.YAlign = text.XCenter, text.YTop
				dc.FillText(ysty, vg.Point{X: whole.Min.X, Y: cy}, yl)
			}
			p.X.Label.Text, p.Y.Label.Text = xl, yl
		}
	}
}
