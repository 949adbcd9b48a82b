package plot

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindSamples, Spec{Name: "images",
		Summary: "the recorded visible states at β = 1 as an image grid (default: the last recorded sweep of the last snapshot), captioned with chain and sweep",
		Build:   samplesImages})
	Register(format.KindSamples, Spec{Name: "energy",
		Summary: "histograms of the free energy F(v) of the samples at the chosen snapshots (default last): the first and second half of the recorded sweeps at β = 1, which agree at equilibrium, or one histogram per β for parallel tempering recorded at every β",
		Build:   samplesEnergy})
}

// samplerSettings are the rbm.sample metadata rbm-sample writes on samples,
// trace and mixing streams, with the phrases of the figures.
type samplerSettings format.SamplerSettings

// samplerOf reads the rbm.sample metadata; ok is false when the header
// has none or it does not parse.
func samplerOf(h format.Header) (samplerSettings, bool) {
	s, ok := format.SamplerOf(h)
	return samplerSettings(s), ok
}

// describe says in a phrase how the states were sampled.
func (s samplerSettings) describe() string {
	var parts []string
	switch s.Method {
	case format.SamplerPT:
		what := "parallel tempering"
		if n := len(s.Betas); n > 1 {
			what += fmt.Sprintf(", %d β from %s to %s", n, short(s.Betas[0]), short(s.Betas[n-1]))
		}
		if s.Chains > 0 {
			what += fmt.Sprintf(", %d systems", s.Chains)
		}
		parts = append(parts, what)
	case format.SamplerGibbs:
		parts = append(parts, fmt.Sprintf("Gibbs sampling, %d chains", s.Chains))
	default:
		parts = append(parts, s.Method)
	}
	if s.Init != "" {
		parts = append(parts, "from "+s.Init)
	}
	parts = append(parts, fmt.Sprintf("burn-in %d sweeps", s.BurnIn))
	if s.Thin > 0 {
		parts = append(parts, fmt.Sprintf("then every %d of %d", s.Thin, s.Sweeps))
	}
	return strings.Join(parts, ", ")
}

// short writes a number in at most three significant digits.
func short(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }

// samplesTitle names what is shown, the sampler and the run.
func samplesTitle(what string, h format.Header) string {
	title := what + ": " + identity(h)
	if s, ok := samplerOf(h); ok {
		title += "\n" + s.describe()
	}
	return title
}

// snapshotRef is a snapshot of a samples, trace or diffusion stream.
type snapshotRef struct{ index, epoch, step int64 }

// snapshotList collects the snapshots of a stream in order of first
// appearance and picks among them.
type snapshotList struct {
	refs []snapshotRef
	at   map[int64]int
}

// see records a row's snapshot and returns its position in the list.
func (l *snapshotList) see(index, epoch, step int64) int {
	if l.at == nil {
		l.at = map[int64]int{}
	}
	if i, ok := l.at[index]; ok {
		return i
	}
	l.at[index] = len(l.refs)
	l.refs = append(l.refs, snapshotRef{index, epoch, step})
	return len(l.refs) - 1
}

// pick applies a selection (def when it is empty) and returns positions
// in the list, ascending.
func (l *snapshotList) pick(sel, def Snapshots, name string) ([]int, error) {
	if sel.IsZero() {
		sel = def
	}
	epochs := make([]int64, len(l.refs))
	for i, r := range l.refs {
		epochs[i] = r.epoch
	}
	picked, err := sel.Pick(epochs)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return picked, nil
}

func (r snapshotRef) String() string {
	return fmt.Sprintf("epoch %d (snapshot %d, step %d)", r.epoch, r.index, r.step)
}

// keptState is a recorded visible state kept for drawing.
type keptState struct {
	chain, sweep int64
	v            []bool
}

// better reports whether a is preferred to b: a later sweep, then a lower
// chain.
func (a keptState) better(b keptState) bool {
	if a.sweep != b.sweep {
		return a.sweep > b.sweep
	}
	return a.chain < b.chain
}

func samplesImages(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rows, cols, err := imageShape(in.Header, in.Name)
	if err != nil {
		return nil, err
	}
	count := opt.Count
	if count <= 0 {
		count = 64
	}
	rd, err := reader[format.Sample](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	var snaps snapshotList
	var kept [][]keptState // per snapshot: the best count states at β = 1
	var chains []map[int64]bool
	otherBetas := false
	for rd.Next() {
		s := rd.Row()
		i := snaps.see(s.Snapshot, s.Epoch, s.Step)
		if i == len(kept) {
			kept, chains = append(kept, nil), append(chains, map[int64]bool{})
		}
		if s.Beta != 1 {
			otherBetas = true
			continue
		}
		chains[i][s.Chain] = true
		cand := keptState{chain: s.Chain, sweep: s.Sweep}
		if len(kept[i]) < count {
			cand.v = slices.Clone(s.V)
			kept[i] = append(kept[i], cand)
			continue
		}
		worst := 0
		for j := range kept[i] {
			if kept[i][worst].better(kept[i][j]) {
				worst = j
			}
		}
		if cand.better(kept[i][worst]) {
			cand.v = append(kept[i][worst].v[:0], s.V...)
			kept[i][worst] = cand
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(snaps.refs) == 0 {
		return nil, fmt.Errorf("%s: the samples stream has no samples", in.Name)
	}
	picked, err := snaps.pick(opt.Snapshots, Snapshots{Last: true}, in.Name)
	if err != nil {
		return nil, err
	}
	var panels [][]*Panel
	shown := 0
	for _, i := range picked {
		states := kept[i]
		if len(states) == 0 {
			return nil, fmt.Errorf("%s: %s has no samples at β = 1", in.Name, snaps.refs[i])
		}
		// Each chain's states together, in sweep order.
		sort.Slice(states, func(a, b int) bool {
			if states[a].chain != states[b].chain {
				return states[a].chain < states[b].chain
			}
			return states[a].sweep < states[b].sweep
		})
		tiles := make([]Tile, len(states))
		lo, hi := states[0].sweep, states[0].sweep
		for j, st := range states {
			v := make([]float64, len(st.v))
			for k, b := range st.v {
				if b {
					v[k] = 1
				}
			}
			tiles[j] = Tile{Values: v, Caption: fmt.Sprintf("c%d s%d", st.chain, st.sweep)}
			lo, hi = min(lo, st.sweep), max(hi, st.sweep)
		}
		grid, err := newTiles(rows, cols, tiles, Gray)
		if err != nil {
			return nil, err
		}
		sweeps := fmt.Sprintf("sweep %d", hi)
		if lo != hi {
			sweeps = fmt.Sprintf("sweeps %d–%d", lo, hi)
		}
		p := newPanel(fmt.Sprintf("%s: %d states of %d chains at β = 1, %s (caption: c chain s sweep)",
			snaps.refs[i], len(tiles), len(chains[i]), sweeps), "", "")
		p.HideAxes()
		p.add("images", grid)
		panels = append(panels, []*Panel{p})
		shown = max(shown, len(tiles))
	}
	what := "Samples of the model (1 black)"
	if otherBetas {
		what += ", β = 1 replicas only"
	}
	w, hh := gridSize(shown, rows, cols)
	if len(panels) > 1 {
		hh = vg.Length(len(panels))*(hh-1.5*vg.Centimeter) + 1.5*vg.Centimeter
	}
	return &Figure{Title: samplesTitle(what, h), Panels: panels, Width: w, Height: hh}, nil
}

// histogram counts values in bins of equal width over [lo, hi], as
// fractions of the values.
func histogram(values []float64, lo, hi float64, bins int) []plotter.HistogramBin {
	out := make([]plotter.HistogramBin, bins)
	width := (hi - lo) / float64(bins)
	for i := range out {
		out[i].Min, out[i].Max = lo+width*float64(i), lo+width*float64(i+1)
	}
	out[bins-1].Max = hi
	n := 0
	for _, v := range values {
		if math.IsNaN(v) || v < lo || v > hi {
			continue
		}
		out[min(bins-1, int((v-lo)/width))].Weight++
		n++
	}
	if len(values) > 0 {
		for i := range out {
			out[i].Weight /= float64(len(values))
		}
	}
	return out
}

// stairs draws bins as a histogram outline: a staircase from 0 at the
// left edge to 0 at the right, so that several overlay legibly. Point
// 2i+1 is the top left corner of bin i.
func stairs(bins []plotter.HistogramBin) plotter.XYs {
	xys := plotter.XYs{{X: bins[0].Min, Y: 0}}
	for _, b := range bins {
		xys = append(xys, plotter.XY{X: b.Min, Y: b.Weight}, plotter.XY{X: b.Max, Y: b.Weight})
	}
	return append(xys, plotter.XY{X: bins[len(bins)-1].Max, Y: 0})
}

// range64 returns the finite extent of values.
func range64(values []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	return lo, hi
}

func meanSD(values []float64) (mean, sd float64) {
	for _, v := range values {
		mean += v
	}
	mean /= float64(len(values))
	for _, v := range values {
		sd += (v - mean) * (v - mean)
	}
	if len(values) > 1 {
		sd = math.Sqrt(sd / float64(len(values)-1))
	}
	return mean, sd
}

// energyGroup is the free energies of one histogram of a panel.
type energyGroup struct {
	name   string
	values []float64
}

type snapFree struct {
	beta   []float64 // per row
	sweep  []int64
	free   []float64
	chains map[int64]bool
}

func samplesEnergy(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	rd, err := reader[format.Sample](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	h := rd.Header()
	var snaps snapshotList
	var data []*snapFree
	for rd.Next() {
		s := rd.Row()
		i := snaps.see(s.Snapshot, s.Epoch, s.Step)
		if i == len(data) {
			data = append(data, &snapFree{chains: map[int64]bool{}})
		}
		d := data[i]
		d.beta, d.sweep, d.free = append(d.beta, s.Beta), append(d.sweep, s.Sweep), append(d.free, s.FreeEnergy)
		d.chains[s.Chain] = true
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(snaps.refs) == 0 {
		return nil, fmt.Errorf("%s: the samples stream has no samples", in.Name)
	}
	picked, err := snaps.pick(opt.Snapshots, Snapshots{Last: true}, in.Name)
	if err != nil {
		return nil, err
	}
	bins := opt.Bins
	if bins <= 0 {
		bins = 40
	}
	var panels []*Panel
	for _, i := range picked {
		d := data[i]
		var betas []float64
		for _, b := range d.beta {
			if !slices.Contains(betas, b) {
				betas = append(betas, b)
			}
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(betas)))
		var groups []energyGroup
		var title string
		if len(betas) > 1 {
			// Parallel tempering recorded at every β: the ladder's
			// distributions, which must overlap for exchanges to pass.
			for _, b := range betas {
				g := energyGroup{name: "β = " + short(b)}
				for r, x := range d.beta {
					if x == b {
						g.values = append(g.values, d.free[r])
					}
				}
				groups = append(groups, g)
			}
			title = fmt.Sprintf("%s: %d systems × %d β; hotter replicas (β < 1) sit at higher F", snaps.refs[i], len(d.chains), len(betas))
		} else {
			// The first and the second half of the recorded sweeps: at
			// equilibrium they have the same distribution.
			var sweeps []int64
			for _, s := range d.sweep {
				if !slices.Contains(sweeps, s) {
					sweeps = append(sweeps, s)
				}
			}
			slices.Sort(sweeps)
			halves := [][]int64{sweeps}
			if len(sweeps) > 1 {
				half := (len(sweeps) + 1) / 2
				halves = [][]int64{sweeps[:half], sweeps[half:]}
			}
			for _, part := range halves {
				g := energyGroup{name: fmt.Sprintf("sweep %d", part[0])}
				if len(part) > 1 {
					g.name = fmt.Sprintf("sweeps %d–%d (%d recorded)", part[0], part[len(part)-1], len(part))
				}
				for r, s := range d.sweep {
					if s >= part[0] && s <= part[len(part)-1] {
						g.values = append(g.values, d.free[r])
					}
				}
				groups = append(groups, g)
			}
			title = fmt.Sprintf("%s: %d chains at β = %s, %d recorded sweeps", snaps.refs[i], len(d.chains), short(betas[0]), len(sweeps))
			if len(halves) > 1 {
				title += "\nat equilibrium the first and the second half of them agree"
			}
		}
		var all []float64
		for _, g := range groups {
			all = append(all, g.values...)
		}
		lo, hi := range64(all)
		if math.IsInf(lo, 1) {
			return nil, fmt.Errorf("%s: %s has no finite free energy", in.Name, snaps.refs[i])
		}
		if hi-lo < 1e-9*max(1, math.Abs(lo)) {
			lo, hi = lo-0.5, hi+0.5
		}
		p := newPanel(title, "free energy F(v) of the model at β = 1 (nats)", "fraction of samples per bin")
		for gi, g := range groups {
			c := colorOf(gi)
			if len(groups) > 2 {
				c = sequential(float64(gi) / float64(len(groups)-1))
			}
			mean, sd := meanSD(g.values)
			name := fmt.Sprintf("%s: %.1f ± %.1f", g.name, mean, sd)
			p.add(name, line(stairs(histogram(g.values, lo, hi, bins)), c, 1.3))
		}
		p.Y.Min = 0
		panels = append(panels, p)
	}
	what := "Free energy F(v) of the samples (legend: mean ± standard deviation)"
	cols := min(len(panels), 2)
	rowsN := (len(panels) + cols - 1) / cols
	return &Figure{Title: samplesTitle(what, h), Panels: gridOf(panels, cols),
		Width: vg.Length(cols) * 15 * vg.Centimeter, Height: vg.Length(rowsN)*10*vg.Centimeter + 1.5*vg.Centimeter}, nil
}
