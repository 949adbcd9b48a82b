package plot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/rbmkit/rbmkit/format"
)

// Fixtures of rbm-sample's streams: samples, trace and diffusion.

func samplerHeader(t *testing.T, kind format.Kind, method string, chains, burnIn int, betas []float64) format.Header {
	h := fixHeader()
	h.Kind = kind
	raw, err := json.Marshal(map[string]any{"method": method, "chains": chains, "burn_in": burnIn, "sweeps": 8, "thin": 2,
		"init": "noise", "seed": 7, "replica": 2, "betas": betas})
	if err != nil {
		t.Fatal(err)
	}
	h.Set("sample", string(raw))
	return h
}

var (
	smpEpochs = []int64{0, 2}
	smpSweeps = []int64{12, 14, 16, 18} // burn-in 10, thin 2
)

const smpChains = 3

// smpPixel is pixel i of chain c's state at sweep w of snapshot s.
func smpPixel(s, c int, w int64, i int) bool { return (i+c+int(w)+s)%4 == 0 }

// smpFree is the free energy of chain c at sweep w of snapshot s and β.
func smpFree(s, c int, w int64, beta float64) float64 {
	return -10*float64(s) - float64(c) - 0.1*float64(w) + 20*(1-beta)
}

// samplesStream has snapshots 0 and 1 (epochs 0 and 2), 3 chains recorded
// at 4 sweeps, at each β of betas.
func samplesStream(t *testing.T, method string, betas []float64) []byte {
	var rows []format.Sample
	for s, e := range smpEpochs {
		for _, w := range smpSweeps {
			for c := 0; c < smpChains; c++ {
				for _, b := range betas {
					v := make([]bool, fixN)
					for i := range v {
						v[i] = smpPixel(s, c, w, i)
					}
					rows = append(rows, format.Sample{Snapshot: int64(s), Epoch: e, Step: 10 * e, Chain: int64(c), Sweep: w, Beta: b,
						V: v, Energy: smpFree(s, c, w, b) - 1, FreeEnergy: smpFree(s, c, w, b)})
				}
			}
		}
	}
	return write(t, samplerHeader(t, format.KindSamples, method, smpChains, 10, betas), rows, format.Omit("h"))
}

func TestSamplesImages(t *testing.T) {
	data := samplesStream(t, "gibbs", []float64{1})
	for _, tc := range []struct {
		snapshots string
		count     int
		snap      int
		want      [][2]int64 // (chain, sweep) of the tiles, in order
	}{
		// By default the last snapshot, the latest states first chosen,
		// drawn chain by chain.
		{"", 0, 1, [][2]int64{{0, 12}, {0, 14}, {0, 16}, {0, 18}, {1, 12}, {1, 14}, {1, 16}, {1, 18}, {2, 12}, {2, 14}, {2, 16}, {2, 18}}},
		{"", 4, 1, [][2]int64{{0, 16}, {0, 18}, {1, 18}, {2, 18}}},
		{"first", 2, 0, [][2]int64{{0, 18}, {1, 18}}},
	} {
		sel, err := ParseSnapshots(tc.snapshots)
		if err != nil {
			t.Fatal(err)
		}
		fig := build(t, "", Options{Count: tc.count, Snapshots: sel}, open(t, data, "samples"))
		if len(fig.Panels) != 1 {
			t.Fatalf("%+v: %d rows, want 1", tc, len(fig.Panels))
		}
		p := fig.Panels[0][0]
		tiles := p.Series[0].Plotter.(*Tiles)
		if tiles.Coloring != Gray || tiles.Rows != 4 || tiles.Cols != 4 || len(tiles.Tiles) != len(tc.want) {
			t.Fatalf("%+v: %d tiles of %d×%d (coloring %v), want %d gray 4×4", tc, len(tiles.Tiles), tiles.Rows, tiles.Cols, tiles.Coloring, len(tc.want))
		}
		for k, tl := range tiles.Tiles {
			c, w := tc.want[k][0], tc.want[k][1]
			if want := fmt.Sprintf("c%d s%d", c, w); tl.Caption != want {
				t.Errorf("%+v: tile %d caption %q, want %q", tc, k, tl.Caption, want)
			}
			for i, v := range tl.Values {
				if want := float64(b2i(smpPixel(tc.snap, int(c), w, i))); v != want {
					t.Fatalf("%+v: tile %d pixel %d = %v, want %v", tc, k, i, v, want)
				}
			}
		}
		if want := fmt.Sprintf("epoch %d ", smpEpochs[tc.snap]); !strings.HasPrefix(p.Title.Text, want) || !strings.Contains(p.Title.Text, "of 3 chains") {
			t.Errorf("panel title %q, want the epoch %d and the chain count", p.Title.Text, smpEpochs[tc.snap])
		}
		for _, want := range []string{"replica 2", "seed 7", "Gibbs sampling, 3 chains", "burn-in 10"} {
			if !strings.Contains(fig.Title, want) {
				t.Errorf("figure title %q does not say %q", fig.Title, want)
			}
		}
	}
	// Both snapshots: one row each.
	sel, _ := ParseSnapshots("all")
	if fig := build(t, "images", Options{Snapshots: sel}, open(t, data, "samples")); len(fig.Panels) != 2 {
		t.Errorf("-snapshot all: %d rows, want 2", len(fig.Panels))
	}
	// Parallel tempering recorded at every β: only the β = 1 replicas.
	pt := samplesStream(t, "pt", []float64{1, 0.5})
	fig := build(t, "images", Options{}, open(t, pt, "pt"))
	if n := len(fig.Panels[0][0].Series[0].Plotter.(*Tiles).Tiles); n != 12 || !strings.Contains(fig.Title, "β = 1 replicas only") {
		t.Errorf("tempering: %d tiles, title %q; want the 12 β = 1 states, said", n, fig.Title)
	}
}

// stairBins reads the bin weights of a staircase drawn by stairs.
func stairBins(l *plotter.Line) []float64 {
	var out []float64
	for i := 1; i+1 < len(l.XYs); i += 2 {
		out = append(out, l.XYs[i].Y)
	}
	return out
}

func TestSamplesEnergy(t *testing.T) {
	fig := build(t, "energy", Options{Bins: 5}, open(t, samplesStream(t, "gibbs", []float64{1}), "samples"))
	if len(fig.Panels) != 1 || len(fig.Panels[0]) != 1 {
		t.Fatalf("want one panel, the last snapshot's")
	}
	p := fig.Panels[0][0]
	// The halves of the recorded sweeps of snapshot 1.
	halves := [][]int64{smpSweeps[:2], smpSweeps[2:]}
	var all []float64
	for _, w := range smpSweeps {
		for c := 0; c < smpChains; c++ {
			all = append(all, smpFree(1, c, w, 1))
		}
	}
	lo, hi := slices.Min(all), slices.Max(all)
	var got []string
	for _, s := range p.Series {
		got = append(got, s.Name)
	}
	if len(got) != 2 {
		t.Fatalf("series %q, want one per half", got)
	}
	for k, half := range halves {
		var values []float64
		for _, w := range half {
			for c := 0; c < smpChains; c++ {
				values = append(values, smpFree(1, c, w, 1))
			}
		}
		want := make([]float64, 5)
		for _, v := range values {
			want[min(4, int(5*(v-lo)/(hi-lo)))] += 1 / float64(len(values))
		}
		mean, _ := meanSD(values)
		name := fmt.Sprintf("sweeps %d–%d (2 recorded): %.1f ±", half[0], half[1], mean)
		if !strings.HasPrefix(p.Series[k].Name, name) {
			t.Errorf("half %d is %q, want %q…", k, p.Series[k].Name, name)
		}
		l := p.Series[k].Plotter.(*plotter.Line)
		bins := stairBins(l)
		if len(bins) != 5 || l.XYs[0].X != lo || l.XYs[len(l.XYs)-1].X != hi {
			t.Fatalf("half %d: staircase %v over [%v, %v]", k, l.XYs, lo, hi)
		}
		for b := range bins {
			if !near(bins[b], want[b]) {
				t.Errorf("half %d bin %d = %v, want %v", k, b, bins[b], want[b])
			}
		}
	}
	if !strings.Contains(p.X.Label.Text, "F(v)") || !strings.Contains(p.X.Label.Text, "nats") {
		t.Errorf("x label %q", p.X.Label.Text)
	}

	// Tempering at every β: one histogram per β, β = 1 first.
	fig = build(t, "energy", Options{}, open(t, samplesStream(t, "pt", []float64{1, 0.5}), "pt"))
	p = fig.Panels[0][0]
	if len(p.Series) != 2 || !strings.HasPrefix(p.Series[0].Name, "β = 1: ") || !strings.HasPrefix(p.Series[1].Name, "β = 0.5: ") {
		t.Errorf("tempering: series %v", p.Series)
	}
	// mean at β = 0.5: the β = 1 mean plus 10
	var mean float64
	for _, w := range smpSweeps {
		for c := 0; c < smpChains; c++ {
			mean += smpFree(1, c, w, 0.5) / float64(len(smpSweeps)*smpChains)
		}
	}
	if want := fmt.Sprintf(": %.1f ±", mean); !strings.Contains(p.Series[1].Name, want) {
		t.Errorf("β = 0.5 is %q, want the mean %s", p.Series[1].Name, want)
	}
}

// Trace fixture: snapshots 0 and 1 (epochs 0 and 2), 7 chains, sweeps 1…6,
// burn-in 3. With tempering at β = 1, 0.5, 0.25 exchanges are tried after
// even sweeps; chains below 2 (pair 1↔0.5) and below 5 (pair 0.5↔0.25)
// have theirs accepted.
const trChains, trSweeps = 7, 6

func trEnergy(s, c, w int, beta float64) float64 {
	return 100/float64(w) + float64(c*c) - 5*float64(s) + 50*(1-beta)
}

func traceStream(t *testing.T, betas []float64) []byte {
	method := "gibbs"
	if len(betas) > 1 {
		method = "pt"
	}
	var rows []format.TracePoint
	for s, e := range smpEpochs {
		for w := 1; w <= trSweeps; w++ {
			for c := 0; c < trChains; c++ {
				for k, b := range betas {
					r := format.TracePoint{Snapshot: int64(s), Epoch: e, Step: 10 * e, Chain: int64(c), Sweep: int64(w), Beta: b,
						Energy: trEnergy(s, c, w, b), FreeEnergy: trEnergy(s, c, w, b) - 1}
					if k+1 < len(betas) && w%2 == 0 {
						r.SwapTried = true
						r.Swapped = c < []int{2, 5}[k]
					}
					rows = append(rows, r)
				}
			}
		}
	}
	return write(t, samplerHeader(t, format.KindTrace, method, trChains, 3, betas), rows)
}

func TestTraceEnergy(t *testing.T) {
	fig := build(t, "", Options{}, open(t, traceStream(t, []float64{1, 0.5, 0.25}), "trace"))
	if len(fig.Panels) != 1 || len(fig.Panels[0]) != 2 {
		t.Fatalf("want one row (the last snapshot) of two panels")
	}
	for q, p := range fig.Panels[0] {
		shift := float64(q) // F = E − 1 in the fixture
		ls := lines(p)
		mean := ls["mean over all 7 chains"]
		if mean == nil || len(mean.XYs) != trSweeps {
			t.Fatalf("panel %d: lines %v", q, keys(ls))
		}
		for i, xy := range mean.XYs {
			w := i + 1
			want := 0.0
			for c := 0; c < trChains; c++ {
				want += (trEnergy(1, c, w, 1) - shift) / trChains
			}
			if xy.X != float64(w) || !near(xy.Y, want) {
				t.Errorf("panel %d mean at sweep %d = %v, want (%d, %v)", q, w, xy, w, want)
			}
		}
		// A handful of chains, β = 1 only.
		for c := 0; c < trChains; c++ {
			l := ls[fmt.Sprintf("chain %d", c)]
			if (l != nil) != (c < traceChains) {
				t.Fatalf("panel %d: chain %d drawn: %v", q, c, l != nil)
			}
			if l != nil && (len(l.XYs) != trSweeps || !near(l.XYs[2].Y, trEnergy(1, c, 3, 1)-shift)) {
				t.Errorf("panel %d chain %d: %v", q, c, l.XYs)
			}
		}
		rl := refLines(p)
		if len(rl) != 1 || !rl[0].Vertical || rl[0].Value != 3 || !strings.Contains(rl[0].Label, "burn-in") {
			t.Errorf("panel %d: reference lines %+v, want the end of the burn-in at sweep 3", q, rl)
		}
	}
	if !strings.Contains(fig.Panels[0][0].Y.Label.Text, "E(v,h)") || !strings.Contains(fig.Panels[0][1].Y.Label.Text, "F(v)") {
		t.Errorf("y labels %q, %q", fig.Panels[0][0].Y.Label.Text, fig.Panels[0][1].Y.Label.Text)
	}
	// Without the sampler's metadata there is no burn-in to mark.
	h := fixHeader()
	rows := []format.TracePoint{{Sweep: 1, Beta: 1, Energy: 1, FreeEnergy: 0}, {Sweep: 2, Beta: 1, Energy: 2, FreeEnergy: 1}}
	fig = build(t, "energy", Options{}, open(t, write(t, h, rows), "bare"))
	if rl := refLines(fig.Panels[0][0]); len(rl) != 0 {
		t.Errorf("no metadata: reference lines %+v", rl)
	}
}

func TestTraceSwaps(t *testing.T) {
	fig := build(t, "swaps", Options{}, open(t, traceStream(t, []float64{1, 0.5, 0.25}), "trace"))
	p := fig.Panels[0][0]
	ls := lines(p)
	if len(ls) != 2 {
		t.Fatalf("lines %v, want one per snapshot", keys(ls))
	}
	tried := float64(trChains * trSweeps / 2)
	for s, e := range smpEpochs {
		l := ls[fmt.Sprintf("epoch %d (snapshot %d)", e, s)]
		if l == nil || len(l.XYs) != 2 {
			t.Fatalf("snapshot %d: %v", s, keys(ls))
		}
		for k, want := range []float64{2.0 / 7, 5.0 / 7} {
			if l.XYs[k].X != float64(k+1) || !near(l.XYs[k].Y, want) {
				t.Errorf("snapshot %d pair %d: %v, want rate %v", s, k, l.XYs[k], want)
			}
		}
		bars := p.Find(fmt.Sprintf("epoch %d (snapshot %d) ± stderr", e, s))
		if len(bars) != 1 {
			t.Fatalf("snapshot %d: %d error bar sets", s, len(bars))
		}
		eb := bars[0].(*plotter.YErrorBars)
		if want := math.Sqrt(2.0 / 7 * 5.0 / 7 / tried); !near(eb.YErrors[0].Low, want) {
			t.Errorf("standard error %v, want %v", eb.YErrors[0].Low, want)
		}
	}
	if tk := p.X.Tick.Marker.Ticks(0, 3); len(tk) != 2 || tk[0].Label != "1↔0.5" || tk[1].Label != "0.5↔0.25" {
		t.Errorf("pair ticks %v", tk)
	}
	sel, _ := ParseSnapshots("2")
	if fig := build(t, "swaps", Options{Snapshots: sel}, open(t, traceStream(t, []float64{1, 0.5, 0.25}), "trace")); len(lines(fig.Panels[0][0])) != 1 {
		t.Errorf("-snapshot 2: want one line")
	}

	// A trace without tempering has no exchanges to draw.
	_, err := Build([]Input{open(t, traceStream(t, []float64{1}), "gibbs.arrows")}, "swaps", Options{})
	if err == nil || !strings.Contains(err.Error(), "gibbs.arrows: the trace has no parallel tempering") || !strings.Contains(err.Error(), "-mode pt") {
		t.Errorf("no tempering: err = %v", err)
	}
}

// Diffusion fixture: snapshots 0 and 1 (epochs 0 and 5), modes of rank 0…2
// with σ = (6 − 2r)(s+1)/2: at the last snapshot 6, 4 and 2 against the
// threshold 4.
func dfSigma(s, r int) float64 { return float64(6-2*r) * float64(s+1) / 2 }

var dfTimes = []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}

func dfVar(s, r int, t float64) float64 { return 0.25 * math.Exp(2*(dfSigma(s, r)-4)*t) }

func blankDiffusion(s, r int, source, table string) format.DiffusionPoint {
	nan := math.NaN()
	sig := dfSigma(s, r)
	return format.DiffusionPoint{Table: table, Source: source, Snapshot: int64(s), Epoch: int64(5 * s), Step: int64(50 * s), Rank: int64(r),
		Sigma: sig, Threshold: 4, RatePlus: 4 - sig, RateMinus: 4 + sig, Time: nan, VarX: nan, VarY: nan, CovXY: nan,
		VarPlus: nan, VarMinus: nan, VarPlusAnalytic: nan, VarMinusAnalytic: nan, Growth: nan, GrowthAnalytic: nan}
}

func dfVerdict(diverges bool) string {
	if diverges {
		return "diverges"
	}
	return "converges"
}

func diffusionStream(t *testing.T) []byte {
	var rows []format.DiffusionPoint
	for s := 0; s < 2; s++ {
		for r := 0; r < 3; r++ {
			sig := dfSigma(s, r)
			stat := math.Inf(1)
			if sig < 4 {
				stat = 1 / (4 - sig)
			}
			for _, tm := range dfTimes {
				p := blankDiffusion(s, r, "ou", "series")
				p.Time, p.VarPlus, p.VarPlusAnalytic = tm, dfVar(s, r, tm)*(1+0.1*tm), dfVar(s, r, tm)
				rows = append(rows, p)
			}
			m := blankDiffusion(s, r, "ou", "mode")
			m.Time, m.Growth, m.GrowthAnalytic = 0.5, 2*(sig-4)+0.01, 2*(sig-4)
			m.Verdict, m.VerdictAnalytic = dfVerdict(sig > 4), dfVerdict(sig >= 4)
			rows = append(rows, m)
			for w := 1; w <= 4; w++ {
				p := blankDiffusion(s, r, "gibbs", "series")
				p.Time, p.VarPlus, p.VarPlusAnalytic = float64(w), 0.2+0.01*float64(w), stat
				rows = append(rows, p)
			}
			g := blankDiffusion(s, r, "gibbs", "mode")
			g.Time, g.Growth, g.Verdict, g.VerdictAnalytic = 4, 0.001*float64(r), "converges", dfVerdict(sig >= 4)
			rows = append(rows, g)
		}
	}
	h := fixHeader()
	h.Set("diffusion", `{"c":0.25,"dt":0.001,"time":0.5,"trajectories":100,"start":0.25,"chains":50,"sweeps":4}`)
	return write(t, h, rows)
}

func TestDiffusionVariance(t *testing.T) {
	data := diffusionStream(t)
	fig := build(t, "", Options{}, open(t, data, "diffusion"))
	if len(fig.Panels) != 2 || len(fig.Panels[0]) != 3 || len(fig.Panels[1]) != 3 {
		t.Fatalf("want a row of the simulation and a row of Gibbs sampling, 3 modes each; got %d rows", len(fig.Panels))
	}
	for r := 0; r < 3; r++ {
		sig := dfSigma(1, r)
		ou := fig.Panels[0][r]
		sim := ou.Find("simulation")
		theory := lines(ou)["Gaussian theory, exact"]
		if len(sim) != 1 || theory == nil {
			t.Fatalf("mode %d: series %v", r, ou.Series)
		}
		pts := sim[0].(*plotter.Scatter).XYs
		for i, tm := range dfTimes {
			if pts[i].X != tm || !near(pts[i].Y, dfVar(1, r, tm)*(1+0.1*tm)) {
				t.Errorf("mode %d simulation at %v: %v", r, tm, pts[i])
			}
			if theory.XYs[i].X != tm || !near(theory.XYs[i].Y, dfVar(1, r, tm)) {
				t.Errorf("mode %d theory at %v: %v, want var_plus_analytic %v", r, tm, theory.XYs[i], dfVar(1, r, tm))
			}
		}
		if len(theory.Dashes) == 0 {
			t.Errorf("mode %d: the theory is not dashed", r)
		}
		title := ou.Title.Text
		for _, want := range []string{"epoch 5", fmt.Sprintf("mode %d", r+1), fmt.Sprintf("σ = %.3g", sig), "1/c = 4", dfVerdict(sig > 4)} {
			if !strings.Contains(title, want) {
				t.Errorf("mode %d title %q does not say %q", r, title, want)
			}
		}
		if r == 1 && !strings.Contains(title, "converges (theory: diverges)") { // σ = 4 exactly
			t.Errorf("σ at the threshold: title %q should show the disagreement", title)
		}

		gibbs := fig.Panels[1][r]
		bin := lines(gibbs)["binary model"]
		if bin == nil || len(bin.XYs) != 4 || bin.XYs[3].X != 4 || !near(bin.XYs[3].Y, 0.24) {
			t.Fatalf("mode %d Gibbs line %+v", r, bin)
		}
		rl := refLines(gibbs)
		if sig < 4 {
			if len(rl) != 1 || !near(rl[0].Value, 1/(4-sig)) {
				t.Errorf("mode %d: stationary value %+v, want 1/k+ = %v", r, rl, 1/(4-sig))
			}
		} else if len(rl) != 0 || !strings.Contains(gibbs.Title.Text, "no stationary value") {
			t.Errorf("mode %d above the threshold: %+v, title %q", r, rl, gibbs.Title.Text)
		}
	}
	if !strings.Contains(fig.Title, "replica 2") || !strings.Contains(fig.Title, "c = 0.25") {
		t.Errorf("figure title %q", fig.Title)
	}
	if got := build(t, "variance", Options{Modes: 2}, open(t, data, "diffusion")); len(got.Panels[0]) != 2 {
		t.Errorf("-modes 2: %d panels per row", len(got.Panels[0]))
	}
	sel, _ := ParseSnapshots("all")
	if got := build(t, "variance", Options{Snapshots: sel}, open(t, data, "diffusion")); len(got.Panels) != 4 {
		t.Errorf("-snapshot all: %d rows, want 2 per snapshot", len(got.Panels))
	}
}

func TestDiffusionVerdict(t *testing.T) {
	fig := build(t, "verdict", Options{}, open(t, diffusionStream(t), "diffusion"))
	if len(fig.Panels) != 1 || len(fig.Panels[0]) != 2 {
		t.Fatalf("want the simulation's and Gibbs sampling's panels")
	}
	ou, gibbs := fig.Panels[0][0], fig.Panels[0][1]
	points := func(p *Panel, prefix string) plotter.XYs {
		var out plotter.XYs
		for _, s := range p.Find(prefix) {
			out = append(out, s.(*plotter.Scatter).XYs...)
		}
		return out
	}
	// Every mode of both snapshots: σ = 3, 2, 1 and 6, 4, 2; only σ = 6
	// diverges in the simulation.
	div, conv := points(ou, "measured: diverges"), points(ou, "measured: converges")
	if len(div) != 1 || div[0] != (plotter.XY{X: 6, Y: 4.01}) || len(conv) != 5 {
		t.Errorf("simulation: diverging %v, converging %v", div, conv)
	}
	theory := points(ou, "Gaussian theory")
	want := plotter.XYs{{X: 1, Y: -6}, {X: 2, Y: -4}, {X: 2, Y: -4}, {X: 3, Y: -2}, {X: 4, Y: 0}, {X: 6, Y: 4}}
	if !slices.Equal(theory, want) {
		t.Errorf("theory %v, want growth_analytic %v", theory, want)
	}
	for _, p := range []*Panel{ou, gibbs} {
		rl := refLines(p)
		found := false
		for _, l := range rl {
			found = found || l.Vertical && l.Value == 4 && l.Color == thresholdColor && len(l.Dashes) > 0
		}
		if !found {
			t.Errorf("panel %q: no dashed red threshold at σ = 4 among %+v", p.Title.Text, rl)
		}
	}
	if g := points(gibbs, "measured: converges"); len(g) != 6 || len(points(gibbs, "Gaussian theory")) != 0 {
		t.Errorf("Gibbs: %v", g)
	}
	if !strings.Contains(ou.Title.Text, "1 of 6 modes diverge (theory: 2)") {
		t.Errorf("simulation title %q", ou.Title.Text)
	}
	sel, _ := ParseSnapshots("first")
	fig = build(t, "verdict", Options{Snapshots: sel}, open(t, diffusionStream(t), "diffusion"))
	if n := len(points(fig.Panels[0][0], "measured")); n != 3 || !strings.Contains(fig.Title, "epoch 0") {
		t.Errorf("-snapshot first: %d points, title %q", n, fig.Title)
	}
}

func TestSamplingKindsErrors(t *testing.T) {
	samples := samplesStream(t, "gibbs", []float64{1})
	trace := traceStream(t, []float64{1})
	diff := diffusionStream(t)
	for _, tc := range []struct {
		name  string
		build Builder
		data  []byte
		want  string
	}{
		{"images of a trace", samplesImages, trace, "x.arrows: expected a samples stream, got a trace stream"},
		{"energy of a trace", samplesEnergy, trace, "expected a samples stream, got a trace stream"},
		{"trace energy of samples", traceEnergy, samples, "expected a trace stream, got a samples stream"},
		{"swaps of samples", traceSwaps, samples, "expected a trace stream, got a samples stream"},
		{"variance of samples", diffusionVariance, samples, "expected a diffusion stream, got a samples stream"},
		{"verdict of a trace", diffusionVerdict, trace, "expected a diffusion stream, got a trace stream"},
		{"images of diffusion", samplesImages, diff, "expected a samples stream, got a diffusion stream"},
	} {
		_, err := tc.build([]Input{open(t, tc.data, "x.arrows")}, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	_, err := Build([]Input{open(t, samples, "s.arrows")}, "swaps", Options{})
	if err == nil || !strings.Contains(err.Error(), `samples streams have no figure "swaps"; they have images, energy`) {
		t.Errorf("swaps of samples: %v", err)
	}
	sel, _ := ParseSnapshots("7")
	_, err = Build([]Input{open(t, diff, "d.arrows")}, "variance", Options{Snapshots: sel})
	if err == nil || !strings.Contains(err.Error(), "no snapshot at epoch 7; the stream has epochs 0, 5") {
		t.Errorf("missing snapshot: %v", err)
	}
}

func TestSamplingFiguresRender(t *testing.T) {
	for _, tc := range []struct {
		figure string
		data   []byte
	}{
		{"images", samplesStream(t, "gibbs", []float64{1})},
		{"energy", samplesStream(t, "pt", []float64{1, 0.5})},
		{"energy", traceStream(t, []float64{1, 0.5, 0.25})},
		{"swaps", traceStream(t, []float64{1, 0.5, 0.25})},
		{"variance", diffusionStream(t)},
		{"verdict", diffusionStream(t)},
	} {
		fig := build(t, tc.figure, Options{}, open(t, tc.data, "x"))
		var buf bytes.Buffer
		if err := fig.Render(&buf, 0, 0, "png"); err != nil || buf.Len() == 0 {
			t.Errorf("%s: render: %v", tc.figure, err)
		}
	}
}
