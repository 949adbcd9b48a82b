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
	Register(format.KindSpectrum, Spec{Name: "modes", With: []format.Kind{format.KindCheckpoint},
		Summary: "σ_α against training time for the top tracked modes (by their final σ), ambiguous matches circled; given the run's ladder stream (rbm-train -ladder) after it, its rungs as light vertical lines",
		Build:   spectrumModes})
	Register(format.KindSpectrum, Spec{Name: "hist",
		Summary: "histogram of σ (log bins) at the chosen snapshots (default last)",
		Build:   spectrumHist})
	Register(format.KindSpectrum, Spec{Name: "ipr",
		Summary: "localization of the singular vectors: N·Σu_i⁴ and M·Σv_j⁴ (3n/(n+2) ≈ 3 expected for random, delocalized vectors) against σ at the chosen snapshots (default first and last)",
		Build:   spectrumIPR})
	Register(format.KindSpectrum, Spec{Name: "vectors",
		Summary: "the top tracked modes' left singular vectors u_α as images at the chosen snapshots (needs the u column)",
		Build:   spectrumVectors})
}

// spectrumSnapshot is one snapshot of a spectrum stream.
type spectrumSnapshot struct {
	index, epoch, step int64
	modes              []format.Mode
}

// readSpectrum reads a spectrum stream snapshot by snapshot; keepVectors
// keeps the singular vectors of the snapshots for which keep says so.
func readSpectrum(in Input, keep func(epoch int64, first bool) bool) (format.Header, []spectrumSnapshot, bool, error) {
	rd, err := reader[format.Mode](in)
	if err != nil {
		return format.Header{}, nil, false, err
	}
	defer rd.Close()
	hasU := rd.Has("u")
	var snaps []spectrumSnapshot
	for rd.Next() {
		m := *rd.Row()
		if n := len(snaps); n == 0 || snaps[n-1].index != m.Snapshot {
			snaps = append(snaps, spectrumSnapshot{index: m.Snapshot, epoch: m.Epoch, step: m.Step})
		}
		cur := &snaps[len(snaps)-1]
		if keep != nil && keep(m.Epoch, len(snaps) == 1) {
			m.U = append([]float64(nil), m.U...)
		} else {
			m.U = nil
		}
		m.V = nil
		cur.modes = append(cur.modes, m)
	}
	if err := rd.Err(); err != nil {
		return format.Header{}, nil, false, err
	}
	if len(snaps) == 0 {
		return format.Header{}, nil, false, fmt.Errorf("%s: the spectrum stream has no modes", in.Name)
	}
	return rd.Header(), snaps, hasU, nil
}

func spectrumModes(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, snaps, _, err := readSpectrum(in, nil)
	if err != nil {
		return nil, err
	}
	var rungs []rung
	if len(ins) > 1 {
		if err := sameRun(h, ins[1]); err != nil {
			return nil, err
		}
		if rungs, err = readRungs(ins[1]); err != nil {
			return nil, err
		}
	}
	k := opt.Modes
	if k <= 0 {
		k = 10
	}
	// The modes drawn: the top k by σ at the last snapshot.
	final := append([]format.Mode(nil), snaps[len(snaps)-1].modes...)
	sort.SliceStable(final, func(a, b int) bool { return final[a].Sigma > final[b].Sigma })
	k = min(k, len(final))
	// The rungs' times on the snapshots' scale: one conversion over both,
	// so that a rung inside an epoch gets its fraction of it.
	epochs, steps := make([]int64, len(snaps), len(snaps)+len(rungs)), make([]int64, len(snaps), len(snaps)+len(rungs))
	for i, s := range snaps {
		epochs[i], steps[i] = s.epoch, s.step
	}
	for _, r := range rungs {
		epochs, steps = append(epochs, r.epoch), append(steps, r.step)
	}
	times, unit := trainingTime(epochs, steps)
	times, rungTimes := times[:len(snaps)], times[len(snaps):]
	p := newPanel(fmt.Sprintf("top %d modes at the last snapshot (epoch %d), followed by their tracked id", k, snaps[len(snaps)-1].epoch),
		"", "singular value σ_α of W")
	logY(p)
	if len(rungs) > 0 {
		p.add(fmt.Sprintf("ladder rung (%d, rbm-train -ladder)", len(rungs)), &Rungs{X: rungTimes,
			LineStyle: draw.LineStyle{Color: rungColor, Width: vg.Points(0.6)}})
	}
	var crossings plotter.XYs
	for r := 0; r < k; r++ {
		id := final[r].ModeID
		var xys plotter.XYs
		for i, s := range snaps {
			for _, m := range s.modes {
				if m.ModeID == id {
					xys = append(xys, plotter.XY{X: times[i], Y: m.Sigma})
					if m.Crossing {
						crossings = append(crossings, plotter.XY{X: times[i], Y: m.Sigma})
					}
					break
				}
			}
		}
		name := fmt.Sprintf("mode %d", id)
		p.addQuiet(name, line(xys, colorOf(r), 1.5))
		p.endLabel(xys[len(xys)-1].Y, name, colorOf(r))
	}
	thr, label, err := threshold(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	p.add("", refLine(thr, label, thresholdColor, dashed, true))
	if len(crossings) > 0 {
		sc, _ := plotter.NewScatter(crossings)
		sc.GlyphStyle = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(3.5), Color: edgeColor}
		p.add("ambiguous id match (crossing)", sc)
	}
	timeAxis(p, times, unit)
	return single("Singular values of W by tracked mode: "+identity(h), p, 17*vg.Centimeter, 12*vg.Centimeter), nil
}

// logBins returns bins of equal width in log σ over the positive values,
// with their counts.
func logBins(values []float64, bins int) []plotter.HistogramBin {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v > 0 {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if math.IsInf(lo, 1) {
		return nil
	}
	if hi <= lo*1.0001 {
		lo, hi = lo/1.1, hi*1.1
	}
	return binsOver(values, lo, hi, bins)
}

// binsOver counts the values in bins of equal width in log σ over [lo, hi].
func binsOver(values []float64, lo, hi float64, bins int) []plotter.HistogramBin {
	a, b := math.Log(lo), math.Log(hi)
	out := make([]plotter.HistogramBin, bins)
	for i := range out {
		out[i].Min = math.Exp(a + (b-a)*float64(i)/float64(bins))
		out[i].Max = math.Exp(a + (b-a)*float64(i+1)/float64(bins))
	}
	out[0].Min, out[bins-1].Max = lo, hi
	for _, v := range values {
		if v < lo || v > hi {
			continue
		}
		i := min(bins-1, int(float64(bins)*(math.Log(v)-a)/(b-a)))
		out[i].Weight++
	}
	return out
}

func spectrumHist(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, snaps, _, err := readSpectrum(in, nil)
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
	thr, label, err := threshold(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	bins := opt.Bins
	if bins <= 0 {
		bins = 40
	}
	// One set of bins for all panels, so that they compare.
	var all []float64
	for _, i := range picked {
		for _, m := range snaps[i].modes {
			all = append(all, m.Sigma)
		}
	}
	edges := logBins(all, bins)
	if edges == nil {
		return nil, fmt.Errorf("%s: no positive singular value to draw", in.Name)
	}
	lo, hi := edges[0].Min, edges[len(edges)-1].Max
	var panels []*Panel
	for _, i := range picked {
		s := snaps[i]
		sigma := make([]float64, len(s.modes))
		for j, m := range s.modes {
			sigma[j] = m.Sigma
		}
		p := newPanel(fmt.Sprintf("epoch %d (step %d): %d modes", s.epoch, s.step, len(sigma)), "singular value σ of W (log scale)", "modes per bin")
		p.X.Scale = logScale{}
		p.X.Tick.Marker = logTicks{}
		hist := &plotter.Histogram{Bins: binsOver(sigma, lo, hi, bins), FillColor: colorOf(0), LineStyle: draw.LineStyle{Color: edgeColor, Width: vg.Points(0.5)}}
		p.addQuiet("σ", hist)
		rl := refLine(thr, label, thresholdColor, dashed, true)
		rl.Vertical = true
		p.add("", rl)
		p.X.Min, p.X.Max = min(lo, thr), max(hi, thr)
		panels = append(panels, p)
	}
	cols := min(len(panels), 3)
	rows := (len(panels) + cols - 1) / cols
	title := fmt.Sprintf("Spectrum of W (%d log-spaced bins): %s", bins, identity(h))
	return &Figure{Title: title, Panels: gridOf(panels, cols),
		Width: vg.Length(cols) * 14 * vg.Centimeter, Height: vg.Length(rows)*10*vg.Centimeter + vg.Centimeter}, nil
}

// logScale is plot.LogScale that tolerates a zero lower bound (bars start
// at 0 on the other axis, never on this one).
type logScale struct{}

func (logScale) Normalize(lo, hi, x float64) float64 {
	a, b := math.Log(lo), math.Log(hi)
	return (math.Log(x) - a) / (b - a)
}

func spectrumVectors(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rows, cols, err := imageShape(in.Header, in.Name)
	if err != nil {
		return nil, err
	}
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.Last = true
	}
	wanted := map[int64]bool{}
	for _, e := range sel.Epochs {
		wanted[e] = true
	}
	// Vectors are kept for every snapshot that may be selected; "last" is
	// only known at the end, so with it every snapshot's are kept.
	keep := func(epoch int64, first bool) bool { return sel.All || sel.Last || sel.First && first || wanted[epoch] }
	h, snaps, hasU, err := readSpectrum(in, keep)
	if err != nil {
		return nil, err
	}
	if !hasU {
		return nil, fmt.Errorf("%s: the spectrum stream has no singular vectors (column u): write it with rbm-svd -vectors, or draw the vectors figure of the checkpoint stream", in.Name)
	}
	epochs := make([]int64, len(snaps))
	for i, s := range snaps {
		epochs[i] = s.epoch
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	k := opt.Modes
	if k <= 0 {
		k = 8
	}
	var panels [][]*Panel
	kk := 0
	for _, i := range picked {
		s := snaps[i]
		modes := append([]format.Mode(nil), s.modes...)
		sort.SliceStable(modes, func(a, b int) bool { return modes[a].Rank < modes[b].Rank })
		modes = modes[:min(k, len(modes))]
		kk = max(kk, len(modes))
		var tiles []Tile
		for _, m := range modes {
			tiles = append(tiles, Tile{Values: m.U, Caption: fmt.Sprintf("mode %d  σ = %.3g", m.ModeID, m.Sigma)})
		}
		grid, err := newTiles(rows, cols, tiles, Diverging)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in.Name, err)
		}
		grid.Columns = k
		p := newPanel(fmt.Sprintf("epoch %d (step %d)", s.epoch, s.step), "", "")
		p.HideAxes()
		p.add("vectors", grid)
		panels = append(panels, []*Panel{p})
	}
	title := fmt.Sprintf("Left singular vectors u_α of W by tracked mode (top %d by σ), %s\nblue < 0 < red, each image scaled to its own max |u_i|", kk, identity(h))
	width, height := vectorRowsSize(k, len(panels))
	return &Figure{Title: title, Panels: panels, Width: width, Height: height}, nil
}

func spectrumIPR(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, snaps, _, err := readSpectrum(in, nil)
	if err != nil {
		return nil, err
	}
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.First, sel.Last = true, true
	}
	epochs := make([]int64, len(snaps))
	for i, s := range snaps {
		epochs[i] = s.epoch
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	thr, label, err := threshold(h)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", in.Name, err)
	}
	sides := []struct {
		name string
		size int
		get  func(format.Mode) float64
	}{
		{fmt.Sprintf("left vectors u (N = %d): N·Σ u_i⁴", h.Visible), h.Visible, func(m format.Mode) float64 { return m.IPRU }},
		{fmt.Sprintf("right vectors v (M = %d): M·Σ v_j⁴", h.Hidden), h.Hidden, func(m format.Mode) float64 { return m.IPRV }},
	}
	var panels []*Panel
	for _, side := range sides {
		p := newPanel(side.name, "singular value σ of W (log scale)", "normalized inverse participation ratio")
		p.X.Scale = logScale{}
		p.X.Tick.Marker = logTicks{}
		logY(p)
		points := 0
		for k, i := range picked {
			s := snaps[i]
			var xys plotter.XYs
			for _, m := range s.modes {
				if v := side.get(m); !math.IsNaN(v) && m.Sigma > 0 {
					xys = append(xys, plotter.XY{X: m.Sigma, Y: v * float64(side.size)})
				}
			}
			if len(xys) == 0 {
				continue
			}
			points += len(xys)
			sc, _ := plotter.NewScatter(xys)
			sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(1.8), Color: faded(colorOf(k), 0.8)}
			p.add(fmt.Sprintf("epoch %d", s.epoch), sc)
		}
		if points == 0 {
			return nil, fmt.Errorf("%s: the spectrum has no inverse participation ratios (they need the singular vectors: rbm-svd computes them when tracking or with -vectors)", in.Name)
		}
		// A uniformly random unit vector in n dimensions has E Σx⁴ = 3/(n+2).
		haar := 3 * float64(side.size) / float64(side.size+2)
		p.add("", refLine(haar, fmt.Sprintf("random (Haar) vectors, expected: %.3g", haar), edgeColor, dotted, true))
		t := refLine(thr, label, thresholdColor, dashed, false)
		t.Vertical = true
		p.add("", t)
		// room for the points at the edges (log axes)
		p.X.Min, p.X.Max = p.X.Min/1.15, p.X.Max*1.15
		p.Y.Min, p.Y.Max = p.Y.Min/1.1, p.Y.Max*1.1
		panels = append(panels, p)
	}
	title := "Localization of the singular vectors of W (the Landau quartic coefficient is (Σu⁴ + Σv⁴)/12): " + identity(h)
	return &Figure{Title: title, Panels: [][]*Panel{panels}, Width: 28 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}
