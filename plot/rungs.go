package plot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

// rungColor is light, so that many rungs stay behind the data.
var rungColor = color.NRGBA{R: 0x55, G: 0x77, B: 0x99, A: 0x60}

// rung is where a ladder rung was cut: its update count and the epochs
// completed by then.
type rung struct{ epoch, step int64 }

// readRungs reads a ladder stream (rbm-train -ladder): the epoch and step
// of every rung, in order. A checkpoint stream without the rung column is
// a run's main stream, whose snapshots are no rungs.
func readRungs(in Input) ([]rung, error) {
	rd, err := reader[format.Snapshot](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	if !rd.Has("rung") {
		return nil, fmt.Errorf("%s: a checkpoint stream without the rung column, not a ladder stream (rbm-train -ladder FILE)", in.Name)
	}
	var out []rung
	for rd.Next() {
		out = append(out, rung{epoch: rd.Row().Epoch, step: rd.Row().Step})
	}
	return out, rd.Err()
}

// sameRun rejects a further stream of another run than the figure's
// first: the same shape, seed and replica.
func sameRun(a format.Header, in Input) error {
	b := in.Header
	if a.Visible != b.Visible || a.Hidden != b.Hidden || a.Seed != b.Seed || a.Replica != b.Replica {
		return fmt.Errorf("%s is of another run (%s) than the figure's first stream (%s)", in.Name, identity(b), identity(a))
	}
	return nil
}

// Rungs draws a light vertical line across the panel at each training time
// in X: where ladder rungs were cut.
type Rungs struct {
	X []float64
	draw.LineStyle
}

// Plot implements plot.Plotter.
func (r *Rungs) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	for _, t := range r.X {
		if x := tx(t); x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(r.LineStyle, x, c.Min.Y, x, c.Max.Y)
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (r *Rungs) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(r.LineStyle, x, c.Min.Y+vg.Points(1), x, c.Max.Y-vg.Points(1))
}
