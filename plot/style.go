package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/mp"
	"github.com/rbmkit/rbmkit/rbm"
)

// palette is the ten-color qualitative cycle most researchers know
// (matplotlib's tab10): series k gets palette[k%10].
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xd6, 0x27, 0x28, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
}

func colorOf(k int) color.RGBA { return palette[k%len(palette)] }

// faded is c at the given opacity, for bands.
func faded(c color.RGBA, alpha float64) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(alpha * 255)}
}

var (
	thresholdColor = color.RGBA{0xd6, 0x27, 0x28, 0xff}
	edgeColor      = color.RGBA{0x33, 0x33, 0x33, 0xff}
	dashed         = []vg.Length{vg.Points(5), vg.Points(3)}
	dotted         = []vg.Length{vg.Points(1.5), vg.Points(2)}
)

// identity names a run from its header: model shape, replica and seed.
func identity(h format.Header) string {
	parts := []string{fmt.Sprintf("N = %d", h.Visible)}
	if h.Hidden > 0 {
		parts = append(parts, fmt.Sprintf("M = %d", h.Hidden))
	}
	if u, err := rbm.ParseUnits(h.Units); err == nil && u == rbm.Spin {
		parts = append(parts, "±1 units")
	}
	parts = append(parts, fmt.Sprintf("replica %d", h.Replica))
	if h.Seed != 0 {
		parts = append(parts, fmt.Sprintf("seed %d", h.Seed))
	}
	return strings.Join(parts, ", ")
}

// threshold returns the mean-field instability threshold on σ(W) for the
// header's units, and a label for it.
func threshold(h format.Header) (float64, string, error) {
	u, err := rbm.ParseUnits(h.Units)
	if err != nil {
		return 0, "", err
	}
	t := mp.InstabilityThreshold(u)
	return t, "mean-field instability σ = " + strconv.FormatFloat(t, 'g', -1, 64), nil
}

// RefLine is a horizontal (or vertical) reference line across a panel,
// labelled at its end: a bulk edge, a threshold.
type RefLine struct {
	Value    float64
	Vertical bool
	Label    string
	draw.LineStyle
	// InRange makes the axis include the value.
	InRange bool
}

func refLine(value float64, label string, c color.Color, dashes []vg.Length, inRange bool) *RefLine {
	return &RefLine{Value: value, Label: label, InRange: inRange,
		LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1.2), Dashes: dashes}}
}

// Plot implements plot.Plotter.
func (l *RefLine) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	sty := text.Style{Color: l.Color, Font: font.From(plot.DefaultFont, 8), Handler: plot.DefaultTextHandler}
	if l.Vertical {
		x := tx(l.Value)
		if x < c.Min.X || x > c.Max.X {
			return
		}
		c.StrokeLine2(l.LineStyle, x, c.Min.Y, x, c.Max.Y)
		if l.Label != "" {
			sty.Rotation = math.Pi / 2
			sty.XAlign, sty.YAlign = text.XRight, text.YBottom
			c.FillText(sty, vg.Point{X: x - vg.Points(2), Y: c.Max.Y - vg.Points(3)}, l.Label)
		}
		return
	}
	y := ty(l.Value)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
	if l.Label != "" {
		sty.XAlign, sty.YAlign = text.XRight, text.YBottom
		pt := vg.Point{X: c.Max.X - vg.Points(3), Y: y + vg.Points(1.5)}
		w, h := sty.Width(l.Label), sty.Height(l.Label)
		c.SetColor(color.NRGBA{255, 255, 255, 200})
		c.Fill(vg.Rectangle{Min: vg.Point{X: pt.X - w - 1, Y: pt.Y}, Max: vg.Point{X: pt.X + 1, Y: pt.Y + h}}.Path())
		c.FillText(sty, pt, l.Label)
	}
}

// DataRange implements plot.DataRanger.
func (l *RefLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	if !l.InRange {
		return
	}
	if l.Vertical {
		return l.Value, l.Value, ymin, ymax
	}
	return xmin, xmax, l.Value, l.Value
}

// Thumbnail implements plot.Thumbnailer.
func (l *RefLine) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// line is a solid line through xys.
func line(xys plotter.XYs, c color.Color, width float64) *plotter.Line {
	l := &plotter.Line{XYs: xys, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(width)}}
	return l
}

// band is the area between lo and hi (same x, ascending) filled with c.
func band(x, lo, hi []float64, c color.Color) *plotter.Polygon {
	ring := make(plotter.XYs, 0, 2*len(x))
	for i := range x {
		ring = append(ring, plotter.XY{X: x[i], Y: lo[i]})
	}
	for i := len(x) - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: x[i], Y: hi[i]})
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: c}
}

// logTicks labels 1, 2 and 5 times each power of ten when the range spans
// less than three decades (only the powers of ten otherwise; every integer
// multiple within less than a decade), with minor ticks at the others.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) {
		return nil
	}
	decades := math.Log10(hi / lo)
	few := decades < 3
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || few && (m == 2 || m == 5) || decades < 0.8 {
				t.Label = strconv.FormatFloat(v, 'g', 4, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// timeScale is a log scale on which 0 is drawn at zero, a position left of
// the smallest positive time, so the initialization has a place.
type timeScale struct{ zero float64 }

func (s timeScale) Normalize(lo, hi, x float64) float64 {
	f := func(v float64) float64 { return math.Log(max(v, s.zero)) }
	a, b := f(lo), f(hi)
	if b == a {
		return 0.5
	}
	return (f(x) - a) / (b - a)
}

// timeTicks are logTicks above the first positive time, and "0" at zero.
type timeTicks struct{ first, zero float64 }

func (t timeTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	if lo <= 0 {
		out = append(out, plot.Tick{Value: 0, Label: "0"})
	}
	for _, tk := range (logTicks{}).Ticks(max(lo, t.first), hi) {
		if tk.Value >= t.first*(1-1e-9) {
			out = append(out, tk)
		}
	}
	if len(out) < 3 { // a short range: label the ends
		out = append(out, plot.Tick{Value: t.first, Label: strconv.FormatFloat(t.first, 'g', 3, 64)},
			plot.Tick{Value: hi, Label: strconv.FormatFloat(hi, 'g', 3, 64)})
	}
	return out
}

// timeAxis makes p's x axis a log axis of training time in epochs that
// also shows time 0, given the times drawn.
func timeAxis(p *Panel, times []float64, unit string) {
	first := math.Inf(1)
	for _, t := range times {
		if t > 0 {
			first = min(first, t)
		}
	}
	p.X.Label.Text = unit + " (log scale; 0 = initialization)"
	if math.IsInf(first, 1) {
		return // only the initialization: a linear axis will do
	}
	zero := first / math.Sqrt(10)
	p.X.Scale = timeScale{zero: zero}
	p.X.Tick.Marker = timeTicks{first: first, zero: zero}
}

// logY makes p's y axis logarithmic.
func logY(p *Panel) {
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{}
}

// trainingTime converts snapshots' (epoch, step) into training time in
// epochs, fractional for snapshots inside an epoch: the steps per epoch are
// estimated as the smallest step/epoch over snapshots past epoch 0 (exact
// when one of them ends an epoch, as the last snapshot of a run does).
// Without such snapshots the time is in minibatch updates.
func trainingTime(epochs, steps []int64) (times []float64, unit string) {
	perEpoch := math.Inf(1)
	for i, e := range epochs {
		if e > 0 {
			perEpoch = min(perEpoch, math.Floor(float64(steps[i])/float64(e)))
		}
	}
	times = make([]float64, len(epochs))
	switch {
	case !math.IsInf(perEpoch, 1) && perEpoch > 0:
		for i, s := range steps {
			times[i] = float64(s) / perEpoch
		}
		return times, "training time (epochs)"
	default:
		allZero := true
		for i, s := range steps {
			times[i] = float64(s)
			allZero = allZero && s == 0
		}
		if allZero {
			for i, e := range epochs {
				times[i] = float64(e)
			}
			return times, "training time (epochs)"
		}
		return times, "training time (minibatch updates)"
	}
}

// niceTicks labels a linear axis at 1, 2 or 5 times a power of ten,
// five to seven labels, with numbers written as short as they can be.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step-1e-9) * step
	for v := first; v <= hi+step*1e-9; v += step {
		v := math.Round(v/step) * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: number(v)})
		if m := v + step/2; m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	if first-step/2 >= lo {
		ticks = append(ticks, plot.Tick{Value: first - step/2})
	}
	return ticks
}

// number writes a tick value briefly: plainly when it is neither tiny nor
// huge, else as 5e-5 (the plot font has no superscript minus).
func number(v float64) string {
	a := math.Abs(v)
	if v == 0 || a >= 1e-3 && a < 1e5 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	e := int(math.Floor(math.Log10(a)))
	m := v / math.Pow(10, float64(e))
	if math.Abs(m-math.Round(m)) < 1e-9 {
		m = math.Round(m)
	}
	return strconv.FormatFloat(m, 'g', 4, 64) + "e" + strconv.Itoa(e)
}
