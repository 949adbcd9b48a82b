package plot

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindTrace, Spec{Name: "energy",
		Summary: "energy E(v,h) and free energy F(v) against sweep at the chosen snapshots (default last), β = 1 replicas: a few chains as thin lines and the mean over all chains, with the end of the burn-in marked",
		Build:   traceEnergy})
	Register(format.KindTrace, Spec{Name: "swaps",
		Summary: "parallel tempering: the exchange acceptance rate of each adjacent β pair, one line per snapshot (default all), with binomial standard errors",
		Build:   traceSwaps})
}

// traceChains is how many chains the energy figure draws one by one.
const traceChains = 5

// chainTrace is the β = 1 trace of one snapshot.
type chainTrace struct {
	// sum and n accumulate E and F over all chains per sweep.
	sumE, sumF map[int64]float64
	n          map[int64]int
	// shown holds the first chains' own traces, by chain.
	shown  map[int64][]traceRow
	chains map[int64]bool
}

type traceRow struct {
	sweep int64
	e, f  float64
}

func traceEnergy(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rd, err := reader[format.TracePoint](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	var snaps snapshotList
	var data []*chainTrace
	for rd.Next() {
		t := rd.Row()
		i := snaps.see(t.Snapshot, t.Epoch, t.Step)
		if i == len(data) {
			data = append(data, &chainTrace{sumE: map[int64]float64{}, sumF: map[int64]float64{}, n: map[int64]int{},
				shown: map[int64][]traceRow{}, chains: map[int64]bool{}})
		}
		if t.Beta != 1 {
			continue
		}
		d := data[i]
		d.chains[t.Chain] = true
		d.sumE[t.Sweep] += t.Energy
		d.sumF[t.Sweep] += t.FreeEnergy
		d.n[t.Sweep]++
		if _, ok := d.shown[t.Chain]; ok || len(d.shown) < traceChains {
			d.shown[t.Chain] = append(d.shown[t.Chain], traceRow{sweep: t.Sweep, e: t.Energy, f: t.FreeEnergy})
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(snaps.refs) == 0 {
		return nil, fmt.Errorf("%s: the trace stream has no rows", in.Name)
	}
	picked, err := snaps.pick(opt.Snapshots, Snapshots{Last: true}, in.Name)
	if err != nil {
		return nil, err
	}
	set, hasSet := samplerOf(h)
	var rows [][]*Panel
	for _, i := range picked {
		d := data[i]
		if len(d.n) == 0 {
			return nil, fmt.Errorf("%s: %s has no trace at β = 1", in.Name, snaps.refs[i])
		}
		sweeps := make([]int64, 0, len(d.n))
		for s := range d.n {
			sweeps = append(sweeps, s)
		}
		slices.Sort(sweeps)
		ids := make([]int64, 0, len(d.shown))
		for c := range d.shown {
			ids = append(ids, c)
		}
		slices.Sort(ids)
		var row []*Panel
		for q, quantity := range []struct{ name, y string }{
			{"E", "energy E(v,h) of the model (nats)"},
			{"F", "free energy F(v) of the model (nats)"},
		} {
			p := newPanel(fmt.Sprintf("%s: %s, %d chains at β = 1", snaps.refs[i], map[int]string{0: "energy", 1: "free energy"}[q], len(d.chains)),
				"sweep (log scale; burn-in included)", quantity.y)
			for k, c := range ids {
				xys := make(plotter.XYs, len(d.shown[c]))
				for j, r := range d.shown[c] {
					y := r.e
					if q == 1 {
						y = r.f
					}
					xys[j] = plotter.XY{X: float64(r.sweep), Y: y}
				}
				sort.Slice(xys, func(a, b int) bool { return xys[a].X < xys[b].X })
				p.addQuiet(fmt.Sprintf("chain %d", c), line(xys, faded(colorOf(k), 0.7), 0.6))
			}
			if len(ids) > 0 { // one legend entry stands for the chains' lines
				name := fmt.Sprintf("chain %s", joinInts(ids))
				if len(ids) > 1 {
					name = fmt.Sprintf("chains %s (one line each)", joinInts(ids))
				}
				p.legendOnly(name, line(nil, faded(colorOf(0), 0.7), 0.6))
			}
			mean := make(plotter.XYs, len(sweeps))
			for j, s := range sweeps {
				sum := d.sumE[s]
				if q == 1 {
					sum = d.sumF[s]
				}
				mean[j] = plotter.XY{X: float64(s), Y: sum / float64(d.n[s])}
			}
			p.add(fmt.Sprintf("mean over all %d chains", len(d.chains)), line(mean, edgeColor, 2))
			if hasSet && set.BurnIn > 0 {
				rl := refLine(float64(set.BurnIn), fmt.Sprintf("end of burn-in (sweep %d)", set.BurnIn), thresholdColor, dashed, false)
				rl.Vertical = true
				p.add("", rl)
			}
			// Room above the traces for the legend.
			ylo, yhi := math.Inf(1), math.Inf(-1)
			for _, s := range p.Series {
				if l, ok := s.Plotter.(*plotter.Line); ok {
					for _, xy := range l.XYs {
						ylo, yhi = min(ylo, xy.Y), max(yhi, xy.Y)
					}
				}
			}
			if yhi > ylo {
				p.Y.Max = yhi + 0.3*(yhi-ylo)
			}
			p.X.Scale = plot.LogScale{}
			p.X.Tick.Marker = logTicks{}
			row = append(row, p)
		}
		rows = append(rows, row)
	}
	what := "Mixing of the sampler: energies after each sweep"
	title := what + ": " + identity(h)
	if hasSet {
		title += "\n" + set.describe()
	}
	return &Figure{Title: title, Panels: rows, Width: 30 * vg.Centimeter, Height: vg.Length(len(rows))*10*vg.Centimeter + 1.5*vg.Centimeter}, nil
}

func joinInts(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

// swapCount is the exchanges of one β pair at one snapshot.
type swapCount struct{ tried, accepted int }

func traceSwaps(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rd, err := reader[format.TracePoint](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	var snaps snapshotList
	var counts []map[float64]*swapCount // per snapshot, by the pair's upper β
	betas := map[float64]bool{}
	for rd.Next() {
		t := rd.Row()
		i := snaps.see(t.Snapshot, t.Epoch, t.Step)
		if i == len(counts) {
			counts = append(counts, map[float64]*swapCount{})
		}
		betas[t.Beta] = true
		if !t.SwapTried {
			continue
		}
		c := counts[i][t.Beta]
		if c == nil {
			c = &swapCount{}
			counts[i][t.Beta] = c
		}
		c.tried++
		if t.Swapped {
			c.accepted++
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(snaps.refs) == 0 {
		return nil, fmt.Errorf("%s: the trace stream has no rows", in.Name)
	}
	tried := false
	for _, c := range counts {
		tried = tried || len(c) > 0
	}
	if len(betas) < 2 || !tried {
		method := format.SamplerGibbs
		if s, ok := samplerOf(h); ok {
			method = s.Method
		}
		return nil, fmt.Errorf("%s: the trace has no parallel tempering (%d β, no exchange attempted; method %s): the swaps figure needs a trace of rbm-sample -mode pt", in.Name, len(betas), method)
	}
	picked, err := snaps.pick(opt.Snapshots, Snapshots{All: true}, in.Name)
	if err != nil {
		return nil, err
	}
	ladder := make([]float64, 0, len(betas))
	for b := range betas {
		ladder = append(ladder, b)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ladder)))
	// x is the pair's position k on the ladder: (β_k, β_{k+1}).
	var ticks plot.ConstantTicks
	for k := 0; k+1 < len(ladder); k++ {
		ticks = append(ticks, plot.Tick{Value: float64(k + 1), Label: short(ladder[k]) + "↔" + short(ladder[k+1])})
	}
	p := newPanel("exchange acceptance rate of each pair of neighbouring β (error bars: one binomial standard error)",
		"pair of neighbouring inverse temperatures β on the ladder", "accepted / attempted exchanges")
	for pi, i := range picked {
		c := colorOf(pi)
		if len(picked) > 2 {
			c = sequential(float64(pi) / float64(len(picked)-1))
		}
		var xys plotter.XYs
		var errs plotter.YErrors
		for k := 0; k+1 < len(ladder); k++ {
			n := counts[i][ladder[k]]
			if n == nil || n.tried == 0 {
				continue
			}
			rate := float64(n.accepted) / float64(n.tried)
			se := math.Sqrt(rate * (1 - rate) / float64(n.tried))
			xys = append(xys, plotter.XY{X: float64(k + 1), Y: rate})
			errs = append(errs, struct{ Low, High float64 }{se, se})
		}
		if len(xys) == 0 {
			continue
		}
		ref := snaps.refs[i]
		name := fmt.Sprintf("epoch %d (snapshot %d)", ref.epoch, ref.index)
		p.add(name, line(xys, c, 1.5))
		sc, _ := plotter.NewScatter(xys)
		sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(2.2), Color: c}
		p.addQuiet(name+" points", sc)
		p.addQuiet(name+" ± stderr", &plotter.YErrorBars{XYs: xys, YErrors: errs, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1)}, CapWidth: vg.Points(4)})
	}
	p.X.Tick.Marker = ticks
	p.X.Min, p.X.Max = 0.5, float64(len(ladder))-0.5
	p.Y.Min, p.Y.Max = 0, 1
	title := "Parallel tempering exchanges: " + identity(h)
	if s, ok := samplerOf(h); ok {
		title += "\n" + s.describe()
	} else {
		title += fmt.Sprintf("\n%d β from %s to %s", len(ladder), short(ladder[0]), short(ladder[len(ladder)-1]))
	}
	w := max(16*vg.Centimeter, min(32*vg.Centimeter, vg.Length(len(ladder))*2.2*vg.Centimeter))
	return single(title, p, w, 11*vg.Centimeter), nil
}
