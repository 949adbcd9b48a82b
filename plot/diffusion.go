package plot

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/rbmkit/rbmkit/format"
)

func init() {
	Register(format.KindDiffusion, Spec{Name: "variance",
		Summary: "Var x+ of the top modes (default 4) against time at the chosen snapshots (default last): the Langevin simulation (points) over its exact Gaussian curve (dashed), log scale, and below it Gibbs sampling of the binary model against sweeps beside the Gaussian stationary value",
		Build:   diffusionVariance})
	Register(format.KindDiffusion, Spec{Name: "verdict",
		Summary: "growth rate of ln Var x+ against σ_α for every mode at the chosen snapshots (default all): simulation (by verdict) and exact theory, and Gibbs sampling per sweep, with the threshold σ = 1/c where the diffusion stops converging",
		Build:   diffusionVerdict})
}

var (
	divergeColor  = thresholdColor
	convergeColor = palette[0]
)

// diffusionSettings are the rbm.diffusion metadata rbm-sample writes, with
// the phrase of the figures.
type diffusionSettings format.DiffusionSettings

func diffusionOf(h format.Header) (diffusionSettings, bool) {
	s, ok := format.DiffusionOf(h)
	return diffusionSettings(s), ok
}

func (s diffusionSettings) describe() string {
	return fmt.Sprintf("Gaussian limit with c = %s: Euler–Maruyama, dt = %s, %d trajectories from Var = %s; Gibbs: %d chains from noise, %d sweeps",
		short(s.C), short(s.Dt), s.Trajectories, short(s.Start), s.Chains, s.Sweeps)
}

func diffusionTitle(what string, h format.Header) string {
	title := what + ": " + identity(h)
	if s, ok := diffusionOf(h); ok {
		title += "\n" + s.describe()
	}
	return title
}

// diffusionKey is one mode of one source at one snapshot.
type diffusionKey struct {
	snapshot int
	source   string
	rank     int64
}

type diffusionData struct {
	header format.Header
	snaps  snapshotList
	series map[diffusionKey][]format.DiffusionPoint
	modes  map[diffusionKey]format.DiffusionPoint
	ranks  []int64
}

func readDiffusion(in Input) (*diffusionData, error) {
	rd, err := reader[format.DiffusionPoint](in)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	d := &diffusionData{header: rd.Header(), series: map[diffusionKey][]format.DiffusionPoint{}, modes: map[diffusionKey]format.DiffusionPoint{}}
	for rd.Next() {
		r := *rd.Row()
		k := diffusionKey{d.snaps.see(r.Snapshot, r.Epoch, r.Step), r.Source, r.Rank}
		if !slices.Contains(d.ranks, r.Rank) {
			d.ranks = append(d.ranks, r.Rank)
		}
		switch r.Table {
		case format.DiffusionSeries:
			d.series[k] = append(d.series[k], r)
		case format.DiffusionMode:
			d.modes[k] = r
		}
	}
	if err := rd.Err(); err != nil {
		return nil, err
	}
	if len(d.snaps.refs) == 0 {
		return nil, fmt.Errorf("%s: the diffusion stream has no rows", in.Name)
	}
	slices.Sort(d.ranks)
	return d, nil
}

// verdictText says what was measured and what the theory says.
func verdictText(m format.DiffusionPoint, ok bool) string {
	if !ok {
		return "no summary"
	}
	if m.VerdictAnalytic == "" || m.VerdictAnalytic == m.Verdict {
		return m.Verdict
	}
	return fmt.Sprintf("%s (theory: %s)", m.Verdict, m.VerdictAnalytic)
}

// gibbsVerdict says what Gibbs sampling found beside the Gaussian theory.
func gibbsVerdict(m format.DiffusionPoint, ok bool) string {
	if !ok {
		return "no summary"
	}
	out := "measured: " + m.Verdict
	if m.VerdictAnalytic != "" {
		out += "; Gaussian theory: " + m.VerdictAnalytic
		if m.VerdictAnalytic == format.Diverges {
			out += " (no stationary value)"
		}
	}
	return out
}

// varianceTicks are logTicks over wide ranges, with at most about seven
// labelled powers of ten, and niceTicks over narrow ones, where a log axis
// would have few labels.
type varianceTicks struct{}

func (varianceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || hi < 5*lo {
		return niceTicks{}.Ticks(lo, hi)
	}
	decades := math.Log10(hi / lo)
	if decades <= 8 {
		return logTicks{}.Ticks(lo, hi)
	}
	every := int(math.Ceil(decades / 7))
	var out []plot.Tick
	for e := math.Ceil(math.Log10(lo)); e <= math.Floor(math.Log10(hi)); e++ {
		t := plot.Tick{Value: math.Pow(10, e)}
		if int(e)%every == 0 {
			t.Label = "1e" + strconv.Itoa(int(e))
			if e >= -3 && e < 5 {
				t.Label = strconv.FormatFloat(t.Value, 'g', -1, 64)
			}
		}
		out = append(out, t)
	}
	return out
}

// compare writes σ against the threshold.
func compare(sigma, thr float64) string {
	rel := "<"
	if sigma >= thr {
		rel = "≥"
	}
	return fmt.Sprintf("σ = %.3g %s 1/c = %s", sigma, rel, short(thr))
}

// positive keeps the points a log axis can draw.
func positive(xys plotter.XYs) plotter.XYs {
	var out plotter.XYs
	for _, p := range xys {
		if p.Y > 0 && !math.IsInf(p.Y, 0) && !math.IsNaN(p.X) {
			out = append(out, p)
		}
	}
	return out
}

func diffusionVariance(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	d, err := readDiffusion(in)
	if err != nil {
		return nil, err
	}
	picked, err := d.snaps.pick(opt.Snapshots, Snapshots{Last: true}, in.Name)
	if err != nil {
		return nil, err
	}
	k := opt.Modes
	if k <= 0 {
		k = 4
	}
	ranks := d.ranks[:min(k, len(d.ranks))]
	var rows [][]*Panel
	for _, i := range picked {
		ref := d.snaps.refs[i]
		for _, source := range []string{format.DiffusionOU, format.DiffusionGibbs} {
			var row []*Panel
			for _, rank := range ranks {
				key := diffusionKey{i, source, rank}
				series := d.series[key]
				if len(series) == 0 {
					continue
				}
				sort.SliceStable(series, func(a, b int) bool { return series[a].Time < series[b].Time })
				m, ok := d.modes[key]
				sigma, thr := series[0].Sigma, series[0].Threshold
				var p *Panel
				measured, analytic := make(plotter.XYs, len(series)), make(plotter.XYs, len(series))
				for j, r := range series {
					measured[j] = plotter.XY{X: r.Time, Y: r.VarPlus}
					analytic[j] = plotter.XY{X: r.Time, Y: r.VarPlusAnalytic}
				}
				if source == format.DiffusionOU {
					p = newPanel(fmt.Sprintf("epoch %d, mode %d, Langevin simulation: %s\n%s", ref.epoch, rank+1, compare(sigma, thr), verdictText(m, ok)),
						"Langevin diffusion time t", "Var x+ (log scale)")
					th := line(positive(analytic), edgeColor, 1.2)
					th.Dashes = dashed
					p.add("Gaussian theory, exact", th)
					sc, _ := plotter.NewScatter(positive(measured))
					sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(1.6), Color: colorOf(0)}
					p.add("simulation", sc)
				} else {
					p = newPanel(fmt.Sprintf("epoch %d, mode %d, Gibbs sampling of the binary model\n%s", ref.epoch, rank+1, gibbsVerdict(m, ok)),
						"Gibbs sweeps (from random units)", "Var x+ (log scale)")
					p.add("binary model", line(positive(measured), colorOf(1), 1.2))
					if stat := series[0].VarPlusAnalytic; stat > 0 && !math.IsInf(stat, 0) {
						p.add("Gaussian stationary 1/k+", refLine(stat, "", edgeColor, dashed, true))
					}
				}
				p.Y.Scale = plot.LogScale{}
				p.Y.Tick.Marker = varianceTicks{}
				row = append(row, p)
			}
			if len(row) > 0 {
				rows = append(rows, row)
			}
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: the diffusion stream has no series rows at the chosen snapshots", in.Name)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	title := diffusionTitle(fmt.Sprintf("Variance of the growing normal mode x+ = (x + y)/√2 of the top %d mode pairs", len(ranks)), d.header)
	return &Figure{Title: title, Panels: rows,
		Width: vg.Length(cols) * 11 * vg.Centimeter, Height: vg.Length(len(rows))*9*vg.Centimeter + 1.5*vg.Centimeter}, nil
}

func diffusionVerdict(ins []Input, opt Options) (*Figure, error) {
	in := ins[0]
	d, err := readDiffusion(in)
	if err != nil {
		return nil, err
	}
	picked, err := d.snaps.pick(opt.Snapshots, Snapshots{All: true}, in.Name)
	if err != nil {
		return nil, err
	}
	ranks := d.ranks
	if opt.Modes > 0 {
		ranks = ranks[:min(opt.Modes, len(ranks))]
	}
	thr := math.NaN()
	var panels []*Panel
	for _, source := range []string{format.DiffusionOU, format.DiffusionGibbs} {
		var div, conv, theory plotter.XYs
		theoryDiverges, hidden := 0, 0
		for _, i := range picked {
			for _, rank := range ranks {
				m, ok := d.modes[diffusionKey{i, source, rank}]
				if !ok {
					continue
				}
				if !(m.Sigma > 0) { // off the log axis
					hidden++
					continue
				}
				thr = m.Threshold
				pt := plotter.XY{X: m.Sigma, Y: m.Growth}
				if m.Verdict == format.Diverges {
					div = append(div, pt)
				} else {
					conv = append(conv, pt)
				}
				if m.VerdictAnalytic == format.Diverges {
					theoryDiverges++
				}
				if !math.IsNaN(m.GrowthAnalytic) {
					theory = append(theory, plotter.XY{X: m.Sigma, Y: m.GrowthAnalytic})
				}
			}
		}
		if len(div)+len(conv)+hidden == 0 {
			continue
		}
		total := len(div) + len(conv) + hidden
		var p *Panel
		if source == format.DiffusionOU {
			p = newPanel(fmt.Sprintf("Langevin simulation of the Gaussian limit: %d of %d modes diverge (theory: %d)", len(div), total, theoryDiverges),
				"singular value σ_α of W (log scale)", "growth of ln Var x+ per unit time")
		} else {
			p = newPanel(fmt.Sprintf("Gibbs sampling of the binary model: %d of %d modes diverge (Gaussian theory: %d)", len(div), total, theoryDiverges),
				"singular value σ_α of W (log scale)", "growth of ln Var x+ per sweep")
		}
		if hidden > 0 {
			p.X.Label.Text += fmt.Sprintf("; %d modes with σ = 0 not shown", hidden)
		}
		var all plotter.XYs
		all = append(append(all, div...), conv...)
		if len(theory) > 0 {
			sort.Slice(theory, func(a, b int) bool { return theory[a].X < theory[b].X })
			sc, _ := plotter.NewScatter(theory)
			sc.GlyphStyle = draw.GlyphStyle{Shape: draw.CrossGlyph{}, Radius: vg.Points(3.5), Color: edgeColor}
			p.add("Gaussian theory, exact variances", sc)
			// The long-run limit: 2(σ − 1/c) above the threshold, 0 below.
			lo, hi := range64(xsOf(all))
			lo, hi = min(lo, thr), max(hi, thr)
			var asym plotter.XYs
			for j := 0; j <= 100; j++ {
				s := lo * math.Pow(hi/lo, float64(j)/100)
				asym = append(asym, plotter.XY{X: s, Y: 2 * max(0, s-thr)})
			}
			l := line(asym, edgeColor, 0.8)
			l.Dashes = dotted
			p.add("long-run theory 2·max(0, σ − 1/c)", l)
		}
		for _, g := range []struct {
			name string
			xys  plotter.XYs
			c    draw.GlyphStyle
		}{
			{"measured: diverges", div, draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3), Color: divergeColor}},
			{"measured: converges", conv, draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3), Color: convergeColor}},
		} {
			if len(g.xys) == 0 {
				continue
			}
			sort.Slice(g.xys, func(a, b int) bool { return g.xys[a].X < g.xys[b].X })
			sc, _ := plotter.NewScatter(g.xys)
			sc.GlyphStyle = g.c
			p.add(fmt.Sprintf("%s (%d)", g.name, len(g.xys)), sc)
		}
		rl := refLine(thr, fmt.Sprintf("threshold σ = 1/c = %s", short(thr)), thresholdColor, dashed, true)
		rl.Vertical = true
		p.add("", rl)
		p.add("", refLine(0, "", edgeColor, dotted, false))
		p.X.Scale = logScale{}
		p.X.Tick.Marker = logTicks{}
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("%s: the diffusion stream has no mode rows (the per-mode summaries) at the chosen snapshots", in.Name)
	}
	what := "Does the diffusion converge? Growth rate of Var x+ against σ_α"
	if len(picked) > 1 {
		what += fmt.Sprintf(", all modes of %d snapshots", len(picked))
	} else {
		what += ", " + d.snaps.refs[picked[0]].String()
	}
	return &Figure{Title: diffusionTitle(what, d.header), Panels: [][]*Panel{panels},
		Width: vg.Length(len(panels)) * 14 * vg.Centimeter, Height: 12 * vg.Centimeter}, nil
}

func xsOf(xys plotter.XYs) []float64 {
	out := make([]float64, len(xys))
	for i, p := range xys {
		out[i] = p.X
	}
	return out
}
