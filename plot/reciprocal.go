package plot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindSpectrum, Spec{Name: "reciprocal",
		Summary: "histograms of the reciprocal variables x_α = u_α·v as densities with the fitted normal law, for the top modes (or -ids) at the chosen snapshots (default last; needs rbm-svd -data)",
		Build:   spectrumReciprocal})
}

// NormalCurve is the density of the normal law N(Mean, Variance), drawn
// over [Lo, Hi].
type NormalCurve struct {
	Mean, Variance float64
	Lo, Hi         float64
	draw.LineStyle
}

// F is the normal density at x.
func (n *NormalCurve) F(x float64) float64 {
	d := x - n.Mean
	return math.Exp(-d*d/(2*n.Variance)) / math.Sqrt(2*math.Pi*n.Variance)
}

// Plot draws the density as a polyline of 200 segments.
func (n *NormalCurve) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	const segments = 200
	pts := make([]vg.Point, segments+1)
	for i := range pts {
		x := n.Lo + (n.Hi-n.Lo)*float64(i)/segments
		pts[i] = vg.Point{X: trX(x), Y: trY(n.F(x))}
	}
	c.StrokeLines(n.LineStyle, c.ClipLinesXY(pts)...)
}

// DataRange spans [Lo, Hi] and the density from 0 to its peak.
func (n *NormalCurve) DataRange() (xmin, xmax, ymin, ymax float64) {
	return n.Lo, n.Hi, 0, 1 / math.Sqrt(2*math.Pi*n.Variance)
}

// Thumbnail is a line for the legend.
func (n *NormalCurve) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(n.LineStyle, c.Min.X, y, c.Max.X, y)
}

// reciprocalSnapshot is the modes kept from one snapshot.
type reciprocalSnapshot struct {
	index, epoch, step int64
	modes              []format.Mode
}

// readReciprocal reads the histograms of the modes wanted (by rank below
// k, or by id) at the snapshots the selection may pick, holding no more
// than those and the latest snapshot.
func readReciprocal(in Input, sel Snapshots, k int, ids []int64) (format.Header, []int64, map[int]*reciprocalSnapshot, error) {
	rd, err := reader[format.Mode](in)
	if err != nil {
		return format.Header{}, nil, nil, err
	}
	defer rd.Close()
	if !rd.Has("x_hist") {
		return format.Header{}, nil, nil, fmt.Errorf("%s: the spectrum has no histograms of the reciprocal variables (column x_hist): write it with rbm-svd -data FILE (a dataset, or rbm-sample's samples)", in.Name)
	}
	var epochs []int64
	kept := map[int]*reciprocalSnapshot{}
	// needed reports whether snapshot j, before the latest, may still be
	// picked: by "all", "first" or its epoch (the last snapshot of that
	// epoch). The latest one is kept for "last" until the next starts.
	needed := func(j int) bool {
		return sel.All || sel.First && j == 0 ||
			slices.Contains(sel.Epochs, epochs[j]) && !slices.Contains(epochs[j+1:], epochs[j])
	}
	var cur *reciprocalSnapshot
	for rd.Next() {
		m := rd.Row()
		if cur == nil || m.Snapshot != cur.index {
			epochs = append(epochs, m.Epoch)
			for j := range kept {
				if !needed(j) {
					delete(kept, j)
				}
			}
			cur = &reciprocalSnapshot{index: m.Snapshot, epoch: m.Epoch, step: m.Step}
			kept[len(epochs)-1] = cur
		}
		if ids == nil && m.Rank >= int64(k) || ids != nil && !slices.Contains(ids, m.ModeID) {
			continue
		}
		row := *m
		row.U, row.V = nil, nil
		row.XHist = slices.Clone(m.XHist)
		cur.modes = append(cur.modes, row)
	}
	if err := rd.Err(); err != nil {
		return format.Header{}, nil, nil, err
	}
	if len(epochs) == 0 {
		return format.Header{}, nil, nil, fmt.Errorf("%s: the spectrum stream has no modes", in.Name)
	}
	return rd.Header(), epochs, kept, nil
}

// dataSource names the configurations of a spectrum's data columns, with
// their number when it is known (n > 0).
func dataSource(h format.Header, n int64) string {
	count := ""
	if n > 0 {
		count = fmt.Sprintf("%d ", n)
	}
	switch kind, _ := h.Get(format.KeyDataKind); kind {
	case string(format.KindSamples):
		return count + "Gibbs samples of the model (β = 1) at each snapshot"
	case string(format.KindDataset):
		return count + "examples of the dataset"
	}
	return count + "configurations given to rbm-svd -data"
}

func spectrumReciprocal(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.Last = true
	}
	k := opt.Modes
	if k <= 0 {
		k = 6
	}
	ids := opt.ModeIDs
	if len(ids) > 0 {
		k = len(ids)
	}
	h, epochs, kept, err := readReciprocal(in, sel, k, ids)
	if err != nil {
		return nil, err
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	var rows [][]*Panel
	sizes := map[int64]bool{}
	for _, i := range picked {
		s := kept[i]
		modes := s.modes
		if ids != nil {
			modes = nil
			for _, id := range ids {
				j := slices.IndexFunc(s.modes, func(m format.Mode) bool { return m.ModeID == id })
				if j < 0 {
					return nil, fmt.Errorf("%s: mode id %d is not in the spectrum at epoch %d (rbm-svd -modes may have left it out)", in.Name, id, s.epoch)
				}
				modes = append(modes, s.modes[j])
			}
		} else {
			slices.SortStableFunc(modes, func(a, b format.Mode) int { return int(a.Rank - b.Rank) })
		}
		var row []*Panel
		for _, m := range modes {
			if len(m.XHist) == 0 {
				return nil, fmt.Errorf("%s: no histogram of x at epoch %d (the samples given to rbm-svd -data had no states of that snapshot): choose another -snapshot", in.Name, s.epoch)
			}
			p, size, err := reciprocalPanel(m, len(picked) > 1)
			if err != nil {
				return nil, fmt.Errorf("%s: epoch %d mode %d: %v", in.Name, s.epoch, m.ModeID, err)
			}
			sizes[size] = true
			row = append(row, p)
		}
		if len(row) == 0 {
			return nil, fmt.Errorf("%s: no mode to draw at epoch %d", in.Name, s.epoch)
		}
		rows = append(rows, row)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if len(rows) == 1 && cols > 3 { // one snapshot: rows of 3 panels
		rows, cols = gridOf(rows[0], 3), 3
	}
	n := int64(0)
	if len(sizes) == 1 {
		for n = range sizes {
		}
	}
	of := dataSource(h, n)
	title := fmt.Sprintf("Reciprocal variables x_α = u_α·v of %s:\nhistogram as a density (blue), normal law of the same mean and variance (red); %s", of, identity(h))
	if len(picked) == 1 {
		s := kept[picked[0]]
		title += fmt.Sprintf(", epoch %d (step %d)", s.epoch, s.step)
	}
	return &Figure{Title: title, Panels: rows,
		Width: vg.Length(cols) * 9 * vg.Centimeter, Height: vg.Length(len(rows))*7.5*vg.Centimeter + 1.5*vg.Centimeter}, nil
}

// reciprocalPanel draws one mode's histogram of x as a density, with the
// normal law of the same mean and variance, and returns the sample size.
func reciprocalPanel(m format.Mode, withEpoch bool) (*Panel, int64, error) {
	bins := len(m.XHist)
	if !(m.XHistLo < m.XHistHi) {
		return nil, 0, fmt.Errorf("histogram range [%g, %g] is empty", m.XHistLo, m.XHistHi)
	}
	total := m.XHistOut
	for _, c := range m.XHist {
		total += c
	}
	if total == 0 {
		return nil, 0, fmt.Errorf("empty histogram")
	}
	w := (m.XHistHi - m.XHistLo) / float64(bins)
	hb := make([]plotter.HistogramBin, bins)
	for i, c := range m.XHist {
		hb[i] = plotter.HistogramBin{Min: m.XHistLo + float64(i)*w, Max: m.XHistLo + float64(i+1)*w, Weight: float64(c) / (float64(total) * w)}
	}
	hb[bins-1].Max = m.XHistHi
	title := fmt.Sprintf("mode %d (rank %d), σ = %.3g", m.ModeID, m.Rank, m.Sigma)
	if withEpoch {
		title = fmt.Sprintf("epoch %d: %s", m.Epoch, title)
	}
	title += fmt.Sprintf("\nKS p %s, skewness %s, excess kurtosis %s", pValue(m.XKSP), fixed2(m.XSkew), fixed2(m.XKurt))
	if m.XHistOut > 0 {
		title += fmt.Sprintf("\n(%d of %d values beyond mean ± 4 sd not drawn)", m.XHistOut, total)
	}
	p := newPanel(title, fmt.Sprintf("x = u·v of mode %d", m.ModeID), "probability density")
	p.Title.TextStyle.Font.Size = 10
	p.addQuiet("histogram", &plotter.Histogram{Bins: hb, FillColor: faded(colorOf(0), 0.55),
		LineStyle: draw.LineStyle{Color: colorOf(0), Width: vg.Points(0.5)}})
	if m.XVar > 0 { // a sample without spread has no normal law to draw
		p.addQuiet("normal", &NormalCurve{Mean: m.XMean, Variance: m.XVar, Lo: m.XHistLo, Hi: m.XHistHi,
			LineStyle: draw.LineStyle{Color: thresholdColor, Width: vg.Points(1.5)}})
	}
	p.Y.Min = 0
	p.X.Min, p.X.Max = m.XHistLo, m.XHistHi
	return p, total, nil
}

// pValue prints a p-value after "p": "= 0.23", "= 0.0031", "< 0.0001".
func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 1e-4:
		return "< 0.0001"
	case p < 0.01:
		return fmt.Sprintf("= %.2g", p)
	}
	return fmt.Sprintf("= %.2f", p)
}

// fixed2 prints x with two decimals, without a sign on zero.
func fixed2(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	if s == "-0.00" {
		return "0.00"
	}
	return s
}
