package plot

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindMPFit, Spec{Name: "spectrum",
		Summary: "at the chosen snapshots (default last): the bulk histogram of σ with the fitted Marchenko–Pastur density and edges, and the outliers against the bulk, cutoff and instability threshold",
		Build:   mpSpectrum})
	Register(format.KindMPFit, Spec{Name: "order", Multi: true,
		Summary: "the order parameter: modes outside the MP bulk, and modes past the instability threshold, against training time; one curve per hidden size, replicas as bands",
		Build:   mpOrder})
	Register(format.KindMPFit, Spec{Name: "modes",
		Summary: "σ of the outlying modes (by tracked id) against training time, over the fitted bulk, cutoff and threshold",
		Build:   mpModes})
	Register(format.KindMPFit, Spec{Name: "fit", Multi: true,
		Summary: "goodness of the MP fit (KS distance against its finite-size reference) and the fitted noise variance s² against training time",
		Build:   mpFitQuality})
}

// mpSnapshot is everything an mpfit stream says about one snapshot.
type mpSnapshot struct {
	summary            format.Fit
	outliers           []format.Fit
	hist, density      []format.Fit
	hasSummary         bool
	index, epoch, step int64
}

func readMPFit(in Input) (format.Header, []*mpSnapshot, error) {
	rd, err := reader[format.Fit](in)
	if err != nil {
		return format.Header{}, nil, err
	}
	defer rd.Close()
	var snaps []*mpSnapshot
	by := map[int64]*mpSnapshot{}
	for rd.Next() {
		f := *rd.Row()
		s := by[f.Snapshot]
		if s == nil {
			s = &mpSnapshot{index: f.Snapshot, epoch: f.Epoch, step: f.Step}
			by[f.Snapshot] = s
			snaps = append(snaps, s)
		}
		switch f.Table {
		case format.FitSummary:
			s.summary, s.hasSummary = f, true
		case format.FitOutlier:
			s.outliers = append(s.outliers, f)
		case format.FitHistSigma:
			s.hist = append(s.hist, f)
		case format.FitDensitySigma:
			s.density = append(s.density, f)
		}
	}
	if err := rd.Err(); err != nil {
		return format.Header{}, nil, err
	}
	var withSummary []*mpSnapshot
	for _, s := range snaps {
		if s.hasSummary {
			withSummary = append(withSummary, s)
		}
	}
	if len(withSummary) == 0 {
		return format.Header{}, nil, fmt.Errorf("%s: the mpfit stream has no summary rows", in.Name)
	}
	sort.SliceStable(withSummary, func(a, b int) bool { return withSummary[a].index < withSummary[b].index })
	return rd.Header(), withSummary, nil
}

// bulkEdges returns the σ-edges of the fitted bulk. rbm-mp fits the kept
// modes with the law of an (n−k)×(p−k) noise matrix for k outliers; its
// density table spans that law's support, while the summary's sigma_lo
// and sigma_hi are the full n×p law's edges. The table's support is used
// when present, as the cutoff is measured from it.
func bulkEdges(s *mpSnapshot) (lo, hi float64) {
	if n := len(s.density); n >= 2 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, f := range s.density {
			lo, hi = min(lo, f.X), max(hi, f.X)
		}
		return lo, hi
	}
	return s.summary.SigmaLo, s.summary.SigmaHi
}

// logBulkEdges is bulkEdges for a log σ axis, where a bulk reaching σ = 0
// (a square W, whose Marchenko–Pastur law starts at 0: M = N = 784) is
// drawn from a hundredth of its upper edge, not from −∞.
func logBulkEdges(s *mpSnapshot) (lo, hi float64) {
	lo, hi = bulkEdges(s)
	if lo <= 0 {
		lo = hi / 100
	}
	return lo, hi
}

func mpSpectrum(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, snaps, err := readMPFit(in)
	if err != nil {
		return nil, err
	}
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.Last = true
	}
	epochs := make([]int64, len(snaps))
	for i, s := range snaps {
		epochs[i] = s.epoch
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	thr, thrLabel, err := threshold(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	var rows [][]*Panel
	for _, i := range picked {
		s := snaps[i]
		if len(s.hist) == 0 {
			return nil, fmt.Errorf("%s: snapshot at epoch %d has no histogram table (was rbm-mp run with -no-tables?)", in.Name, s.epoch)
		}
		rows = append(rows, []*Panel{mpBulkPanel(s, thr, thrLabel), mpOutlierPanel(s, h, thr, thrLabel)})
	}
	title := "Marchenko–Pastur fit of the spectrum of W: " + identity(h)
	return &Figure{Title: title, Panels: rows, Width: 28 * vg.Centimeter,
		Height: vg.Length(len(rows))*11*vg.Centimeter + vg.Centimeter}, nil
}

// mpBulkPanel draws the histogram of σ over the bulk and a little beyond,
// with the fitted density, the edges and the cutoff.
func mpBulkPanel(s *mpSnapshot, thr float64, thrLabel string) *Panel {
	sm := s.summary
	verdict := "consistent with MP"
	if !sm.Consistent {
		verdict = "not consistent with MP"
	}
	p := newPanel(fmt.Sprintf("epoch %d: bulk, s² = %.3g, KS = %.3g (reference %.3g): %s", s.epoch, sm.S2, sm.KS, sm.KSReference, verdict),
		"singular value σ of W", "density of modes (per unit σ)")
	// Show the bulk and some room past the cutoff; outliers further out
	// are in the other panel.
	elo, ehi := bulkEdges(s)
	xmax := max(sm.Cutoff, ehi) + 0.5*(ehi-elo)
	var bins []plotter.HistogramBin
	beyond := int64(0)
	for _, f := range s.hist {
		if f.X >= xmax {
			beyond += max(f.Count, 0)
			continue
		}
		bins = append(bins, plotter.HistogramBin{Min: f.X, Max: f.XHi, Weight: f.Value})
	}
	hist := &plotter.Histogram{Bins: bins, FillColor: faded(colorOf(0), 0.55), LineStyle: draw.LineStyle{Color: colorOf(0), Width: vg.Points(0.5)}}
	p.add("histogram of σ", hist)
	var curve plotter.XYs
	for _, f := range s.density {
		if f.X <= xmax {
			curve = append(curve, plotter.XY{X: f.X, Y: f.Value})
		}
	}
	if len(curve) > 0 {
		p.add("fitted MP density", line(curve, edgeColor, 1.8))
	}
	lo := refLine(elo, "", edgeColor, dotted, true)
	hi := refLine(ehi, "", edgeColor, dotted, true)
	cut := refLine(sm.Cutoff, "", thresholdColor, dotted, true)
	lo.Vertical, hi.Vertical, cut.Vertical = true, true, true
	p.add("edges of the fitted bulk", lo)
	p.addQuiet("bulk edge (upper)", hi)
	p.add("outlier cutoff (edge + Tracy–Widom)", cut)
	if thr <= xmax {
		t := refLine(thr, thrLabel, thresholdColor, dashed, true)
		t.Vertical = true
		p.add("", t)
	}
	if beyond > 0 {
		p.X.Label.Text += fmt.Sprintf(" (%d modes beyond σ = %.3g not shown)", beyond, xmax)
	}
	p.X.Max = xmax
	p.Y.Min = 0
	return p
}

// mpOutlierPanel draws the outlying modes by rank against the bulk, the
// cutoff and the threshold, on a log σ axis.
func mpOutlierPanel(s *mpSnapshot, h format.Header, thr float64, thrLabel string) *Panel {
	sm := s.summary
	p := newPanel(fmt.Sprintf("epoch %d: %d outliers, %d past the instability threshold", s.epoch, sm.Outliers, sm.Unstable),
		"rank α of the mode (by decreasing σ)", "singular value σ_α of W (log scale)")
	logY(p)
	n := max(len(s.outliers), 1)
	xmax := float64(n) + 0.5
	elo, ehi := logBulkEdges(s)
	p.add("fitted MP bulk", band([]float64{0.5, xmax}, []float64{elo, elo}, []float64{ehi, ehi}, faded(colorOf(7), 0.35)))
	cut := refLine(sm.Cutoff, "outlier cutoff", thresholdColor, dotted, true)
	p.add("", cut)
	p.add("", refLine(thr, thrLabel, thresholdColor, dashed, true))
	if len(s.outliers) > 0 {
		var xys plotter.XYs
		for _, f := range s.outliers {
			xys = append(xys, plotter.XY{X: float64(f.Rank + 1), Y: f.X})
		}
		sort.Slice(xys, func(a, b int) bool { return xys[a].X < xys[b].X })
		sc, _ := plotter.NewScatter(xys)
		sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(2.5), Color: colorOf(0)}
		p.add("outlying modes", sc)
		p.Y.Max = max(xys[0].Y, thr) * 1.4 // room above the largest
	}
	p.X.Min, p.X.Max = 0.5, xmax
	return p
}

func mpOrder(ins []Input, opt Options) (*Figure, error) {
	var ts []trace
	for _, in := range ins {
		h, snaps, err := readMPFit(in)
		if err != nil {
			return nil, err
		}
		t := trace{name: in.Name, header: h, values: make([][]float64, 2)}
		for _, s := range snaps {
			t.epochs, t.steps = append(t.epochs, s.epoch), append(t.steps, s.step)
			t.values[0] = append(t.values[0], float64(s.summary.Outliers))
			t.values[1] = append(t.values[1], float64(s.summary.Unstable))
		}
		ts = append(ts, t)
	}
	groups := groupByHidden(ts)
	thr, _, err := threshold(ts[0].header)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ts[0].name, err)
	}
	titles := []string{"modes outside the MP bulk (above the cutoff)", fmt.Sprintf("modes past the instability threshold σ = %g", thr)}
	var panels []*Panel
	for q, title := range titles {
		p := newPanel(title, "", "number of modes")
		var times []float64
		var unit string
		for gi, g := range groups {
			s, u := summarize(g, q)
			unit = u
			times = append(times, s.x...)
			label := groupLabel(g)
			drawSummary(p, label, s, gi, len(g), false)
		}
		timeAxis(p, times, unit)
		p.Y.Min = 0
		p.Y.Max = math.Max(p.Y.Max*1.08, 1)
		panels = append(panels, p)
	}
	title := "Order parameter of hierarchical learning"
	if len(ts) == 1 {
		title += ": " + identity(ts[0].header)
	} else {
		title += fmt.Sprintf(", N = %d: %d runs, replicas as min–max bands around the mean", ts[0].header.Visible, len(ts))
	}
	return &Figure{Title: title, Panels: [][]*Panel{panels}, Width: 28 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

func mpModes(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, snaps, err := readMPFit(in)
	if err != nil {
		return nil, err
	}
	k := opt.Modes
	if k <= 0 {
		k = 10
	}
	epochs, steps := make([]int64, len(snaps)), make([]int64, len(snaps))
	for i, s := range snaps {
		epochs[i], steps[i] = s.epoch, s.step
	}
	times, unit := trainingTime(epochs, steps)
	// The modes drawn: the k largest outliers at the last snapshot that
	// has any, then by their σ wherever they were outliers.
	best := map[int64]float64{}
	lastSeen := map[int64]int{}
	for i, s := range snaps {
		for _, f := range s.outliers {
			best[f.Mode] = f.X
			lastSeen[f.Mode] = i
		}
	}
	ids := make([]int64, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool {
		if lastSeen[ids[a]] != lastSeen[ids[b]] {
			return lastSeen[ids[a]] > lastSeen[ids[b]]
		}
		return best[ids[a]] > best[ids[b]]
	})
	ids = ids[:min(k, len(ids))]
	p := newPanel(fmt.Sprintf("%d largest outlying modes, by tracked id, over the fitted bulk", len(ids)), "", "singular value σ_α of W (log scale)")
	logY(p)
	lo, hi, cut := make([]float64, len(snaps)), make([]float64, len(snaps)), plotter.XYs{}
	for i, s := range snaps {
		lo[i], hi[i] = logBulkEdges(s)
		cut = append(cut, plotter.XY{X: times[i], Y: s.summary.Cutoff})
	}
	p.add("fitted MP bulk", band(times, lo, hi, faded(colorOf(7), 0.35)))
	cl := line(cut, thresholdColor, 1)
	cl.Dashes = dotted
	p.add("outlier cutoff", cl)
	for r, id := range ids {
		var xys plotter.XYs
		for i, s := range snaps {
			for _, f := range s.outliers {
				if f.Mode == id {
					xys = append(xys, plotter.XY{X: times[i], Y: f.X})
				}
			}
		}
		name := fmt.Sprintf("mode %d", id)
		l := line(xys, colorOf(r), 1.5)
		p.addQuiet(name, l)
		if len(xys) == 1 {
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(2), Color: colorOf(r)}
			p.addQuiet(name, sc)
		}
		p.endLabel(xys[len(xys)-1].Y, name, colorOf(r))
	}
	thr, thrLabel, err := threshold(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	p.add("", refLine(thr, thrLabel, thresholdColor, dashed, true))
	timeAxis(p, times, unit)
	return single("Learned modes leaving the Marchenko–Pastur bulk: "+identity(h), p, 17*vg.Centimeter, 12*vg.Centimeter), nil
}

func mpFitQuality(ins []Input, opt Options) (*Figure, error) {
	var ts []trace
	for _, in := range ins {
		h, snaps, err := readMPFit(in)
		if err != nil {
			return nil, err
		}
		t := trace{name: in.Name, header: h, values: make([][]float64, 3)}
		for _, s := range snaps {
			t.epochs, t.steps = append(t.epochs, s.epoch), append(t.steps, s.step)
			t.values[0] = append(t.values[0], s.summary.KS)
			t.values[1] = append(t.values[1], s.summary.KSReference)
			t.values[2] = append(t.values[2], s.summary.S2)
		}
		ts = append(ts, t)
	}
	groups := groupByHidden(ts)
	ks := newPanel("KS distance of the bulk to the fitted MP law", "", "Kolmogorov–Smirnov distance")
	s2 := newPanel("fitted noise variance of the entries of W", "", "s² (variance per entry)")
	var times []float64
	var unit string
	for gi, g := range groups {
		label := groupLabel(g)
		d, u := summarize(g, 0)
		unit = u
		times = append(times, d.x...)
		drawSummary(ks, label, d, gi, len(g), false)
		ref, _ := summarize(g, 1)
		var xys plotter.XYs
		for i := range ref.x {
			xys = append(xys, plotter.XY{X: ref.x[i], Y: ref.mean[i]})
		}
		rl := line(xys, colorOf(gi), 1)
		rl.Dashes = dashed
		ks.addQuiet(fmt.Sprintf("reference M = %d", g[0].header.Hidden), rl)
		v, _ := summarize(g, 2)
		drawSummary(s2, label, v, gi, len(g), false)
	}
	key := line(nil, edgeColor, 1)
	key.Dashes = dashed
	ks.legendOnly("finite-size reference (99% of true MP), dashed", key)
	for _, p := range []*Panel{ks, s2} {
		timeAxis(p, times, unit)
		p.Y.Min = 0
	}
	title := "Quality of the Marchenko–Pastur fit"
	if len(ts) == 1 {
		title += ": " + identity(ts[0].header)
	} else {
		title += fmt.Sprintf(", N = %d: %d runs, replicas as min–max bands", ts[0].header.Visible, len(ts))
	}
	return &Figure{Title: title, Panels: [][]*Panel{{ks, s2}}, Width: 28 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}
