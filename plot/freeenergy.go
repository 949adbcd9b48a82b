package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindFreeEnergy, Spec{Name: "slices",
		Summary: "mean-field free-energy slices F(z·u_α, z·v_α) − F(0) along the top modes, one curve per snapshot (default: up to 6 spread over the run): the double well of symmetry breaking",
		Build:   feSlices})
	Register(format.KindFreeEnergy, Spec{Name: "logz",
		Summary: "log Z and the average log-likelihood against training time, per method, with standard errors",
		Build:   feLogZ})
	Register(format.KindFreeEnergy, Spec{Name: "landau",
		Summary: "Landau coefficients of the top modes against training time: the quadratic 1 − σ^J (negative past the threshold) and the quartic (Σu⁴ + Σv⁴)/12",
		Build:   feLandau})
}

// viridis anchors, for snapshots in time order.
var viridis = []color.RGBA{{68, 1, 84, 255}, {59, 82, 139, 255}, {33, 145, 140, 255}, {94, 201, 98, 255}, {253, 231, 37, 255}}

// sequential returns the color at t ∈ [0, 1] of a perceptually ordered
// map (viridis, ending before its lightest yellow to stay visible on white).
func sequential(t float64) color.RGBA {
	t = 0.9 * min(1, max(0, t))
	f := t * float64(len(viridis)-1)
	i := min(int(f), len(viridis)-2)
	w := f - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-w) + float64(y)*w)) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

func readFreeEnergy(in Input) (format.Header, []format.Estimate, error) {
	rd, err := reader[format.Estimate](in)
	if err != nil {
		return format.Header{}, nil, err
	}
	defer rd.Close()
	var rows []format.Estimate
	for rd.Next() {
		rows = append(rows, *rd.Row())
	}
	if err := rd.Err(); err != nil {
		return format.Header{}, nil, err
	}
	return rd.Header(), rows, nil
}

// feSnapshots lists the snapshots (index, epoch, step) of rows that pass
// keep, in order.
type feSnap struct{ index, epoch, step int64 }

func feSnapshots(rows []format.Estimate, keep func(format.Estimate) bool) []feSnap {
	seen := map[int64]bool{}
	var out []feSnap
	for _, r := range rows {
		if keep(r) && !seen[r.Snapshot] {
			seen[r.Snapshot] = true
			out = append(out, feSnap{r.Snapshot, r.Epoch, r.Step})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].index < out[b].index })
	return out
}

// spread picks at most n of m items, evenly spaced, first and last
// included.
func spread(m, n int) []int {
	if m <= n {
		out := make([]int, m)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for k := 0; k < n; k++ {
		i := int(math.Round(float64(k) * float64(m-1) / float64(n-1)))
		if len(out) == 0 || out[len(out)-1] != i {
			out = append(out, i)
		}
	}
	return out
}

var methodNames = map[string]string{format.MethodExact: "exact enumeration", format.MethodAIS: "AIS", format.MethodRAIS: "reverse AIS", format.MethodMF: "naive mean field", format.MethodTAP: "TAP", format.MethodTrajectory: "along training (rbm-train -logz)"}

func methodName(m string) string {
	if n, ok := methodNames[m]; ok {
		return n
	}
	return m
}

func feSlices(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, rows, err := readFreeEnergy(in)
	if err != nil {
		return nil, err
	}
	isSlice := func(r format.Estimate) bool { return r.Quantity == format.QuantitySlice }
	snaps := feSnapshots(rows, isSlice)
	if len(snaps) == 0 {
		return nil, fmt.Errorf("%s: the freeenergy stream has no slice rows (run rbm-freeenergy with slices)", in.Name)
	}
	var picked []int
	if opt.Snapshots.IsZero() {
		picked = spread(len(snaps), 6)
	} else {
		epochs := make([]int64, len(snaps))
		for i, s := range snaps {
			epochs[i] = s.epoch
		}
		if picked, err = opt.Snapshots.Pick(epochs); err != nil {
			return nil, fmt.Errorf("%s: %v", in.Name, err)
		}
	}
	var methods []string
	ranks := map[int64]bool{}
	for _, r := range rows {
		if isSlice(r) {
			if !slices.Contains(methods, r.Method) {
				methods = append(methods, r.Method)
			}
			ranks[r.Rank] = true
		}
	}
	order := map[string]int{format.MethodTAP: 0, format.MethodMF: 1} // TAP solid when both
	sort.SliceStable(methods, func(a, b int) bool { return order[methods[a]] < order[methods[b]] })
	var rankList []int64
	for r := range ranks {
		rankList = append(rankList, r)
	}
	slices.Sort(rankList)
	k := opt.Modes
	if k <= 0 {
		k = 4
	}
	rankList = rankList[:min(k, len(rankList))]

	var panels []*Panel
	for _, rank := range rankList {
		p := newPanel(fmt.Sprintf("along mode α = %d (rank %d by σ)", rank+1, rank), "z (spin magnetization along u_α and v_α)", "F(z) − F(0) (nats)")
		for pi, i := range picked {
			s := snaps[i]
			c := sequential(float64(pi) / float64(max(1, len(picked)-1)))
			for mi, m := range methods {
				var xys plotter.XYs
				sigma := math.NaN()
				for _, r := range rows {
					if isSlice(r) && r.Snapshot == s.index && r.Rank == rank && r.Method == m {
						xys = append(xys, plotter.XY{X: r.Z, Y: r.Value})
						sigma = r.Sigma
					}
				}
				if len(xys) == 0 {
					continue
				}
				sort.Slice(xys, func(a, b int) bool { return xys[a].X < xys[b].X })
				l := line(xys, c, 1.5)
				if mi > 0 {
					l.Dashes = dashed
				}
				name := fmt.Sprintf("epoch %d", s.epoch)
				if !math.IsNaN(sigma) {
					name += fmt.Sprintf(", σ = %.3g", sigma)
				}
				if mi > 0 { // the title says which method is dashed
					p.addQuiet(name+" ("+methodName(m)+")", l)
				} else {
					p.add(name, l)
				}
			}
		}
		p.add("", refLine(0, "", edgeColor, dotted, false))
		panels = append(panels, p)
	}
	what := methodName(methods[0])
	if len(methods) > 1 {
		what += " (solid) and " + methodName(methods[1]) + " (dashed)"
	}
	title := fmt.Sprintf("Free-energy landscape along the singular modes, %s: %s", what, identity(h))
	cols := min(len(panels), 2)
	rowsN := (len(panels) + cols - 1) / cols
	return &Figure{Title: title, Panels: gridOf(panels, cols),
		Width: vg.Length(cols) * 14 * vg.Centimeter, Height: vg.Length(rowsN)*10*vg.Centimeter + vg.Centimeter}, nil
}

func feLogZ(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, rows, err := readFreeEnergy(in)
	if err != nil {
		return nil, err
	}
	quantities := []struct{ name, title, y string }{
		{format.QuantityLogZ, "log partition function", "log Z (nats)"},
		{format.QuantityLogLik, "average log-likelihood of the data", "log-likelihood (nats per example)"},
	}
	var panels []*Panel
	for _, q := range quantities {
		snaps := feSnapshots(rows, func(r format.Estimate) bool { return r.Quantity == q.name })
		if len(snaps) == 0 {
			continue
		}
		epochs, steps := make([]int64, len(snaps)), make([]int64, len(snaps))
		for i, s := range snaps {
			epochs[i], steps[i] = s.epoch, s.step
		}
		times, unit := trainingTime(epochs, steps)
		at := map[int64]float64{}
		for i, s := range snaps {
			at[s.index] = times[i]
		}
		var methods []string
		for _, r := range rows {
			if r.Quantity == q.name && !slices.Contains(methods, r.Method) {
				methods = append(methods, r.Method)
			}
		}
		p := newPanel(q.title, "", q.y)
		for mi, m := range methods {
			var xys plotter.XYs
			var errs plotter.YErrors
			anyErr := false
			for _, r := range rows {
				if r.Quantity == q.name && r.Method == m {
					xys = append(xys, plotter.XY{X: at[r.Snapshot], Y: r.Value})
					e := r.StdErr
					if math.IsNaN(e) {
						e = 0
					}
					anyErr = anyErr || e > 0
					errs = append(errs, struct{ Low, High float64 }{e, e})
				}
			}
			idx := make([]int, len(xys))
			for i := range idx {
				idx[i] = i
			}
			sort.SliceStable(idx, func(a, b int) bool { return xys[idx[a]].X < xys[idx[b]].X })
			sx, se := make(plotter.XYs, len(idx)), make(plotter.YErrors, len(idx))
			for i, j := range idx {
				sx[i], se[i] = xys[j], errs[j]
			}
			c := colorOf(mi)
			l := line(sx, c, 1.5)
			sc, _ := plotter.NewScatter(sx)
			sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(2), Color: c}
			p.add(methodName(m), l)
			p.addQuiet(methodName(m)+" points", sc)
			if anyErr {
				eb := &plotter.YErrorBars{XYs: sx, YErrors: se, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(1)}, CapWidth: vg.Points(4)}
				p.addQuiet(methodName(m)+" ± stderr", eb)
			}
		}
		timeAxis(p, times, unit)
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("%s: the freeenergy stream has no logZ or loglik rows", in.Name)
	}
	title := "Partition function and likelihood (error bars: one standard error): " + identity(h)
	return &Figure{Title: title, Panels: [][]*Panel{panels}, Width: vg.Length(len(panels)) * 14 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}

func feLandau(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	h, rows, err := readFreeEnergy(in)
	if err != nil {
		return nil, err
	}
	k := opt.Modes
	if k <= 0 {
		k = 8
	}
	quantities := []struct{ name, title, y string }{
		{format.QuantityLandauQuadratic, "quadratic coefficient 1 − σ^J: negative past the instability", "1 − σ^J"},
		{format.QuantityLandauQuartic, "quartic coefficient (Σ u_i⁴ + Σ v_j⁴)/12", "(Σu⁴ + Σv⁴)/12"},
	}
	var panels []*Panel
	for qi, q := range quantities {
		snaps := feSnapshots(rows, func(r format.Estimate) bool { return r.Quantity == q.name })
		if len(snaps) == 0 {
			return nil, fmt.Errorf("%s: the freeenergy stream has no %s rows", in.Name, q.name)
		}
		epochs, steps := make([]int64, len(snaps)), make([]int64, len(snaps))
		for i, s := range snaps {
			epochs[i], steps[i] = s.epoch, s.step
		}
		times, unit := trainingTime(epochs, steps)
		at := map[int64]float64{}
		for i, s := range snaps {
			at[s.index] = times[i]
		}
		p := newPanel(q.title, "", q.y)
		for rank := int64(0); rank < int64(k); rank++ {
			var xys plotter.XYs
			for _, r := range rows {
				if r.Quantity == q.name && r.Rank == rank {
					xys = append(xys, plotter.XY{X: at[r.Snapshot], Y: r.Value})
				}
			}
			if len(xys) == 0 {
				continue
			}
			sort.Slice(xys, func(a, b int) bool { return xys[a].X < xys[b].X })
			name := fmt.Sprintf("rank %d", rank)
			p.addQuiet(name, line(xys, colorOf(int(rank)), 1.5))
			p.endLabel(xys[len(xys)-1].Y, name, colorOf(int(rank)))
		}
		if qi == 0 {
			p.add("", refLine(0, "symmetric point unstable below 0", thresholdColor, dashed, true))
		} else {
			// Uniformly random unit vectors have E Σu⁴ = 3/(N+2).
			haar := (3/float64(h.Visible+2) + 3/float64(h.Hidden+2)) / 12
			p.add("", refLine(haar, "random (Haar) vectors, expected", edgeColor, dotted, true))
		}
		timeAxis(p, times, unit)
		panels = append(panels, p)
	}
	title := "Landau expansion of the mean-field free energy along the modes (by rank at each snapshot): " + identity(h)
	return &Figure{Title: title, Panels: [][]*Panel{panels}, Width: 28 * vg.Centimeter, Height: 11 * vg.Centimeter}, nil
}
