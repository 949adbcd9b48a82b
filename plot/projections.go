package plot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindSpectrum, Spec{Name: "projections", Multi: true,
		Summary: "per top mode α, the histogram of the projection m_α = u_α·v/√N of a dataset (first stream: rbm-svd -data on the data) against the model's samples (second: rbm-svd -data on rbm-sample's samples, e.g. -method ptt), at one snapshot (default last): where the model misses a mode of the data",
		Build:   spectrumProjections})
}

// spectrumProjections overlays, mode by mode, the densities of m = x/√N
// from two spectrum streams of the same checkpoint: modes are matched by
// their tracked id, which with the same rbm-svd flags on the same
// checkpoint are the same singular vectors with the same signs.
func spectrumProjections(ins []Input, opt Options) (*Figure, error) {
	if len(ins) != 2 {
		return nil, fmt.Errorf("the projections figure reads two spectrum streams, the data's then the samples', got %d", len(ins))
	}
	sel := opt.Snapshots
	if sel.IsZero() {
		sel.Last = true
	}
	k := opt.Modes
	if k <= 0 {
		k = 4
	}
	type side struct {
		h     format.Header
		snap  *reciprocalSnapshot
		label string
	}
	var sides [2]side
	for i, in := range ins {
		h, epochs, kept, err := readReciprocal(in, sel, math.MaxInt, opt.ModeIDs)
		if err != nil {
			return nil, err
		}
		picked, err := sel.Pick(epochs)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", in.Name, err)
		}
		if len(picked) != 1 {
			return nil, fmt.Errorf("%s: the projections figure draws one snapshot, the selection picks %d", in.Name, len(picked))
		}
		sides[i] = side{h, kept[picked[0]], projectionLabel(h)}
	}
	data, model := sides[0], sides[1]
	if data.snap.epoch != model.snap.epoch || data.snap.step != model.snap.step {
		return nil, fmt.Errorf("%s is at epoch %d (step %d), %s at epoch %d (step %d): draw one snapshot of one checkpoint",
			ins[0].Name, data.snap.epoch, data.snap.step, ins[1].Name, model.snap.epoch, model.snap.step)
	}
	modes := slices.Clone(data.snap.modes)
	slices.SortStableFunc(modes, func(a, b format.Mode) int { return int(a.Rank - b.Rank) })
	if opt.ModeIDs == nil {
		modes = modes[:min(k, len(modes))]
	}
	scale := 1 / math.Sqrt(float64(data.h.Visible))
	var panels []*Panel
	for _, dm := range modes {
		j := slices.IndexFunc(model.snap.modes, func(m format.Mode) bool { return m.ModeID == dm.ModeID })
		if j < 0 {
			return nil, fmt.Errorf("%s: no mode id %d at epoch %d, which %s has: were both written by rbm-svd with the same flags from one checkpoint?",
				ins[1].Name, dm.ModeID, model.snap.epoch, ins[0].Name)
		}
		mm := model.snap.modes[j]
		p := newPanel(fmt.Sprintf("mode %d (rank %d), σ = %.3g", dm.ModeID, dm.Rank, dm.Sigma),
			fmt.Sprintf("m = u·v/√N of mode %d", dm.ModeID), "probability density")
		p.Title.TextStyle.Font.Size = 10
		lo, hi := math.Inf(1), math.Inf(-1)
		for i, m := range []format.Mode{dm, mm} {
			bins, err := densityBins(m, scale)
			if err != nil {
				return nil, fmt.Errorf("%s: epoch %d mode %d: %v", ins[i].Name, m.Epoch, m.ModeID, err)
			}
			h := &plotter.Histogram{Bins: bins, LineStyle: draw.LineStyle{Color: colorOf(i), Width: vg.Points(1)}}
			if i == 0 {
				h.FillColor = faded(colorOf(0), 0.45)
			}
			p.add([]string{data.label, model.label}[i], h)
			lo, hi = min(lo, bins[0].Min), max(hi, bins[len(bins)-1].Max)
		}
		p.Y.Min = 0
		p.X.Min, p.X.Max = lo, hi
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("%s: no mode to draw at epoch %d", ins[0].Name, data.snap.epoch)
	}
	cols := min(len(panels), 2)
	rows := gridOf(panels, cols)
	title := fmt.Sprintf("Projections m_α = u_α·v/√N on the top modes: %s against %s;\n%s, epoch %d (step %d)",
		data.label, model.label, identity(data.h), data.snap.epoch, data.snap.step)
	return &Figure{Title: title, Panels: rows,
		Width: vg.Length(cols) * 10 * vg.Centimeter, Height: vg.Length(len(rows))*7.5*vg.Centimeter + 1.5*vg.Centimeter}, nil
}

// projectionLabel names a spectrum stream's configurations in a legend.
func projectionLabel(h format.Header) string {
	switch kind, _ := h.Get("data_kind"); kind {
	case string(format.KindSamples):
		return "model samples"
	case string(format.KindDataset):
		return "data examples"
	}
	return "rbm-svd -data configurations"
}

// densityBins returns a mode's histogram of x as densities of m = scale·x
// (the values beyond the histogram's range count in the total).
func densityBins(m format.Mode, scale float64) ([]plotter.HistogramBin, error) {
	bins := len(m.XHist)
	if bins == 0 || !(m.XHistLo < m.XHistHi) {
		return nil, fmt.Errorf("no histogram of x (were there configurations of this snapshot?)")
	}
	total := m.XHistOut
	for _, c := range m.XHist {
		total += c
	}
	if total == 0 {
		return nil, fmt.Errorf("empty histogram")
	}
	lo, w := scale*m.XHistLo, scale*(m.XHistHi-m.XHistLo)/float64(bins)
	hb := make([]plotter.HistogramBin, bins)
	for i, c := range m.XHist {
		hb[i] = plotter.HistogramBin{Min: lo + float64(i)*w, Max: lo + float64(i+1)*w, Weight: float64(c) / (float64(total) * w)}
	}
	hb[bins-1].Max = scale * m.XHistHi
	return hb, nil
}
