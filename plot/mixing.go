package plot

import (
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindMixing, Spec{Name: "walkers",
		Summary: "parallel trajectory tempering: the rung of each walker of the first column against round (a walker that never leaves its rungs has not mixed), with each link's exchange acceptance in the axis labels",
		Build:   mixingWalkers})
}

// mixingWalkers draws column 0's walkers' rungs against round.
func mixingWalkers(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rd, err := reader[format.MixingRow](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	paths := map[int64]plotter.XYs{}
	epochs := map[int64]int64{}  // rung → epoch (−1: the bottom)
	fills := map[int64]float64{} // rung → place on its filled link (0: an input rung)
	var acceptance []float64
	for rd.Next() {
		r := rd.Row()
		switch r.What {
		case format.MixingAcceptance:
			acceptance = append(acceptance, r.Value)
		case format.MixingRung:
			epochs[r.Rung], fills[r.Rung] = r.Epoch, r.Fill
			if r.Chain == 0 {
				paths[r.Walker] = append(paths[r.Walker], plotter.XY{X: float64(r.Round), Y: float64(r.Rung)})
			}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: the mixing stream has no rung rows", in.Name)
	}
	K := int64(len(acceptance) + 1)
	// y ticks: the rungs, named by epoch and the acceptance of the link
	// below them.
	ep, fill := make([]int64, K), make([]float64, K)
	for k := range K {
		ep[k], fill[k] = epochs[k], fills[k]
		if _, ok := epochs[k]; !ok || k == 0 {
			ep[k], fill[k] = -1, 0
		}
	}
	names := format.RungNames(ep, fill)
	var ticks plot.ConstantTicks
	for k := range K {
		label := "independent"
		if k > 0 {
			label = fmt.Sprintf("epoch %s (%.2f)", names[k], acceptance[k-1])
		}
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: label})
	}
	p := newPanel("column 0: each walker's rung after every round (in brackets: exchange acceptance with the rung below)",
		"round", "rung")
	walkers := make([]int64, 0, len(paths))
	for w := range paths {
		walkers = append(walkers, w)
	}
	slices.Sort(walkers)
	for i, w := range walkers {
		c := colorOf(i)
		if len(walkers) > 8 {
			c = sequential(float64(i) / float64(len(walkers)-1))
		}
		p.add(fmt.Sprintf("walker %d", w), line(paths[w], c, 1.2))
	}
	p.Y.Tick.Marker = ticks
	p.Y.Min, p.Y.Max = -0.5, float64(K)-0.5
	title := "Parallel trajectory tempering, walkers: " + identity(h)
	if s, ok := samplerOf(h); ok {
		title += "\n" + s.describe()
	}
	return single(title, p, 24*vg.Centimeter, max(11*vg.Centimeter, vg.Length(K)*0.7*vg.Centimeter)), nil
}
