package rbmsample

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rbmkit/rbmkit/format"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/spectral"
)

// modeTrajectory returns K snapshots s·m, s = k/K for k = 1…K, of a model m
// with two equally likely, well-separated modes (every visible unit off,
// every unit on; see gibbs's twoModes): a made-up training run along which
// the modes appear.
func modeTrajectory(n, K int, c float64) []*rbm.Model {
	m := rbm.New(n, 1, rbm.Bernoulli)
	for i := range n {
		m.A[i], m.W[i] = float32(-c), float32(2*c)
	}
	m.B[0] = float32(-float64(n) * c)
	out := make([]*rbm.Model, K)
	for k := range out {
		s := float64(k+1) / float64(K)
		mk := m.Clone()
		for _, p := range [][]float32{mk.W, mk.A, mk.B} {
			for i := range p {
				p[i] = float32(float64(p[i]) * s)
			}
		}
		out[k] = mk
	}
	return out
}

// TestPTTEquilibrium: one sample per column after the rounds, at every
// rung, matches the rung's exact distribution on a two-mode model (that
// plain Gibbs does not cross: package gibbs's tests), with one sweep a
// round, with -round-sweeps 3 and with -swap-order deo, and the samples'
// energy columns are the rung's model's; rbm.sample records round_sweeps
// and swap_order only when they are not the defaults.
func TestPTTEquilibrium(t *testing.T) {
	const n, K, chains, rounds = 10, 9, 4000, 60
	models := modeTrajectory(n, K, 3)
	in := checkpoint(t, nil, models...)
	for _, c := range []struct {
		sweeps int
		order  string
	}{{1, "bottom-up"}, {3, "bottom-up"}, {1, "deo"}} {
		sweeps := c.sweeps
		t.Run(fmt.Sprintf("round-sweeps %d, %s", sweeps, c.order), func(t *testing.T) {
			args := []string{"-chains", fmt.Sprint(chains), "-burn-in", fmt.Sprint(rounds - 1), "-sweeps", "1", "-thin", "1",
				"-round-sweeps", fmt.Sprint(sweeps), "-swap-order", c.order}
			h, rows := readAll[format.Sample](t, mustRun(t, in, append([]string{"-method", "ptt", "-all-rungs", "-hidden"}, args...)...))
			if h.Kind != format.KindSamples || len(rows) != K*chains {
				t.Fatalf("kind %s, %d rows; want samples, %d", h.Kind, len(rows), K*chains)
			}
			set, _ := h.Get("sample")
			if !strings.Contains(set, `"method":"ptt"`) || !strings.Contains(set, `"rung_epochs":[0,1,2,3,4,5,6,7,8]`) {
				t.Errorf("rbm.sample %s: want method ptt and the rungs' epochs", set)
			}
			if recorded := strings.Contains(set, fmt.Sprintf(`"round_sweeps":%d`, sweeps)); recorded != (sweeps != 1) || strings.Count(set, "round_sweeps") > 1 {
				t.Errorf("rbm.sample %s: round_sweeps %d recorded: %v, want %v", set, sweeps, recorded, sweeps != 1)
			}
			if recorded := strings.Contains(set, `"swap_order":"deo"`); recorded != (c.order == "deo") || strings.Count(set, "swap_order") > 1 {
				t.Errorf("rbm.sample %s: swap_order %s recorded: %v", set, c.order, recorded)
			}
			for k, m := range models {
				counts := make([]int, 1<<n)
				for c, r := range rows[k*chains : (k+1)*chains] {
					if r.Snapshot != int64(k) || r.Epoch != int64(k) || r.Chain != int64(c) || r.Sweep != rounds || r.Beta != 1 {
						t.Fatalf("rung %d row %d: snapshot %d epoch %d chain %d sweep %d β %v", k+1, c, r.Snapshot, r.Epoch, r.Chain, r.Sweep, r.Beta)
					}
					counts[stateOf(r.V)]++
					if c%500 == 0 {
						v, hh := toValues(r.V, m.Units), toValues(r.H, m.Units)
						if e := m.Energy(v, hh); math.Abs(e-r.Energy) > 1e-4*(1+math.Abs(e)) {
							t.Errorf("rung %d row %d: energy %v, model says %v", k+1, c, r.Energy, e)
						}
						if f := m.FreeEnergy(v); math.Abs(f-r.FreeEnergy) > 1e-4*(1+math.Abs(f)) {
							t.Errorf("rung %d row %d: free energy %v, model says %v", k+1, c, r.FreeEnergy, f)
						}
					}
				}
				if k < 3 {
					continue // too few cells where the model is nearly uniform
				}
				if p := chiSquareP(t, counts, rbm.ExactVisibleLogProbs(m)); p < 1e-3 {
					t.Errorf("rung %d (epoch %d): chi-square p = %.3g against its exact distribution", k+1, k, p)
				}
			}
		})
	}
}

// TestPTTMixing checks the mixing stream against itself and the log: the
// walkers of a column occupy every rung once per round, the round trips
// counted from the rung rows are the round_trips rows, the acceptance rows
// are the logged rates, and every summary row is present.
func TestPTTMixing(t *testing.T) {
	const K, chains, burn, sweeps = 5, 30, 10, 40
	models := modeTrajectory(8, K, 1.5)
	mix := filepath.Join(t.TempDir(), "mix.arrows")
	code, out, stderr := rbmsample(checkpoint(t, nil, models...), "-method", "ptt", "-chains", fmt.Sprint(chains),
		"-burn-in", fmt.Sprint(burn), "-sweeps", fmt.Sprint(sweeps), "-thin", "20", "-mixing", mix)
	if code != 0 {
		t.Fatal(stderr)
	}
	if _, rows := readAll[format.Sample](t, out); len(rows) != 2*chains || rows[0].Snapshot != K-1 {
		t.Fatalf("%d sample rows, want %d of the last snapshot only", len(rows), 2*chains)
	}
	data, err := os.ReadFile(mix)
	if err != nil {
		t.Fatal(err)
	}
	h, rows := readAll[format.MixingRow](t, data)
	if h.Kind != format.KindMixing {
		t.Fatalf("kind %s", h.Kind)
	}
	R, rungs := burn+sweeps, K+1 // the bottom rung too
	by := map[string][]format.MixingRow{}
	for _, r := range rows {
		by[r.What] = append(by[r.What], r)
	}
	if len(by["acceptance"]) != rungs-1 || len(by["round_trips"]) != chains*rungs+1 ||
		len(by["tau_rung"]) != chains*rungs+1 || len(by["tau_energy"]) != chains+1 || len(by["from_bottom"]) != chains+1 ||
		len(by["rung"]) != R*chains*rungs {
		t.Fatalf("row counts %d %d %d %d %d %d", len(by["acceptance"]), len(by["round_trips"]), len(by["tau_rung"]), len(by["tau_energy"]),
			len(by["from_bottom"]), len(by["rung"]))
	}
	for k, r := range by["acceptance"] {
		name := func(k int) string {
			if k == 0 {
				return "ind"
			}
			return fmt.Sprint(k - 1)
		}
		if want := fmt.Sprintf("%s→%s:%.2f", name(k), name(k+1), r.Value); !strings.Contains(stderr, want) {
			t.Errorf("log does not say %s: %s", want, stderr)
		}
		if r.Rung != int64(k) || r.Round != int64(R) || !(r.Value > 0 && r.Value <= 1) {
			t.Errorf("acceptance row %+v", r)
		}
	}
	// Round trips recounted from the rung rows (bottom, top, bottom).
	at := func(round, c, w int) int { return int(by["rung"][(round*chains+c)*rungs+w].Rung) }
	total := 0
	for c := range chains {
		for round := range R {
			seen := make([]bool, rungs)
			for w := range rungs {
				seen[at(round, c, w)] = true
			}
			if strings.Contains(fmt.Sprint(seen), "false") {
				t.Fatalf("round %d column %d: walkers' rungs are not a permutation", round+1, c)
			}
		}
		for w := range rungs {
			trips, phase := 0, 0
			if w == 0 {
				phase = 1
			}
			for round := range R {
				switch k := at(round, c, w); {
				case k == 0 && phase == 2:
					trips++
					phase = 1
				case k == 0:
					phase = 1
				case k == rungs-1 && phase == 1:
					phase = 2
				}
			}
			got := by["round_trips"][c*rungs+w]
			if got.Chain != int64(c) || got.Walker != int64(w) || int(got.Value) != trips {
				t.Errorf("column %d walker %d: round_trips row %+v, rung rows give %d", c, w, got, trips)
			}
			total += trips
		}
	}
	if last := by["round_trips"][chains*rungs]; int(last.Value) != total || total == 0 {
		t.Errorf("total round trips %v, rows sum to %d", last.Value, total)
	}
	// The share of the top's rounds past the burn-in whose walker had been
	// at the bottom, replayed from the rung rows (walker 0 starts there).
	fresh, some := 0, false
	for c := range chains {
		been := make([]bool, rungs)
		been[0] = true
		n := 0
		for round := range R {
			top := -1
			for w := range rungs {
				been[w] = been[w] || at(round, c, w) == 0
				if at(round, c, w) == rungs-1 {
					top = w
				}
			}
			if round >= burn && been[top] {
				n++
			}
		}
		got := by["from_bottom"][c]
		if got.Chain != int64(c) || got.Rung != K || got.Value != float64(n)/sweeps {
			t.Errorf("column %d: from_bottom row %+v, rung rows give %d of %d rounds", c, got, n, sweeps)
		}
		fresh += n
		some = some || n > 0 && n < sweeps
	}
	if last := by["from_bottom"][chains]; last.Chain != -1 || last.Value != float64(fresh)/(sweeps*chains) || !some {
		t.Errorf("overall from_bottom row %+v, rung rows give %d of %d (some column neither 0 nor all: %v)", last, fresh, sweeps*chains, some)
	}
	for _, r := range by["tau_energy"] {
		if r.Rung != K || r.Epoch != K-1 {
			t.Fatalf("tau_energy row %+v: want the last rung", r)
		}
	}
	if r := by["tau_rung"][chains*rungs]; r.Chain != -1 || !r.OK || !(r.Value >= 1) || r.Window < 1 {
		t.Errorf("overall tau_rung row %+v", r)
	}

	// -walker-columns 2: the same stream without the rung rows of columns
	// 2 on.
	few := filepath.Join(t.TempDir(), "few.arrows")
	if code, _, stderr := rbmsample(checkpoint(t, nil, models...), "-method", "ptt", "-chains", fmt.Sprint(chains),
		"-burn-in", fmt.Sprint(burn), "-sweeps", fmt.Sprint(sweeps), "-thin", "20", "-mixing", few, "-walker-columns", "2"); code != 0 {
		t.Fatal(stderr)
	}
	if data, err = os.ReadFile(few); err != nil {
		t.Fatal(err)
	}
	var want []format.MixingRow
	for _, r := range rows {
		if r.What != "rung" || r.Chain < 2 {
			want = append(want, r)
		}
	}
	if _, got := readAll[format.MixingRow](t, data); !slices.Equal(got, want) {
		t.Errorf("-walker-columns 2: %d rows, want the %d of the full stream's summaries and columns 0 and 1", len(got), len(want))
	}
}

// TestPTTSameBytes: the samples and mixing streams are the same bytes at
// GOMAXPROCS 1 and 2, and another seed changes them.
func TestPTTSameBytes(t *testing.T) {
	models := []*rbm.Model{randomModel(1, 40, 30, rbm.Bernoulli, 0.1, 0.2), randomModel(2, 40, 30, rbm.Bernoulli, 0.5, 0.2), randomModel(3, 40, 30, rbm.Bernoulli, 1, 0.2)}
	in := checkpoint(t, nil, models...)
	dir := t.TempDir()
	run := func(procs int, seed string, extra ...string) ([]byte, []byte) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		mix := filepath.Join(dir, "mix.arrows")
		out := mustRun(t, in, append([]string{"-method", "ptt", "-chains", "70", "-burn-in", "5", "-sweeps", "6", "-thin", "2", "-all-rungs", "-save-hidden", "-mixing", mix, "-seed", seed}, extra...)...)
		m, err := os.ReadFile(mix)
		if err != nil {
			t.Fatal(err)
		}
		return out, m
	}
	out1, mix1 := run(1, "5")
	out2, mix2 := run(2, "5")
	if !bytes.Equal(out1, out2) || !bytes.Equal(mix1, mix2) {
		t.Error("output differs between GOMAXPROCS 1 and 2")
	}
	if out3, _ := run(2, "6"); bytes.Equal(out1, out3) {
		t.Error("seeds 5 and 6 gave the same output")
	}
	// With -fill-below high enough that every link is filled.
	fill := []string{"-fill-below", "0.95", "-fill-max", "7"}
	fout1, fmix1 := run(1, "5", fill...)
	fout2, fmix2 := run(2, "5", fill...)
	if !bytes.Equal(fout1, fout2) || !bytes.Equal(fmix1, fmix2) {
		t.Error("-fill-below: output differs between GOMAXPROCS 1 and 2")
	}
	if bytes.Equal(fout1, out1) {
		t.Error("-fill-below 0.95 changed nothing")
	}
	// With three sweeps a round, alone and with the fill (which keeps them).
	for _, extra := range [][]string{{"-round-sweeps", "3"}, append([]string{"-round-sweeps", "3"}, fill...), {"-swap-order", "deo", "-round-sweeps", "3"}} {
		sout1, smix1 := run(1, "5", extra...)
		sout2, smix2 := run(2, "5", extra...)
		if !bytes.Equal(sout1, sout2) || !bytes.Equal(smix1, smix2) {
			t.Errorf("%v: output differs between GOMAXPROCS 1 and 2", extra)
		}
		if bytes.Equal(sout1, out1) || bytes.Equal(sout1, fout1) {
			t.Errorf("%v changed nothing", extra)
		}
	}
	// The header records the arguments, so an explicit -round-sweeps 1
	// is the default's rows, not its bytes (compared as text: NaN values).
	sout, smix := run(2, "5", "-round-sweeps", "1")
	sh, srows := readAll[format.Sample](t, sout)
	h1, rows1 := readAll[format.Sample](t, out1)
	_, smrows := readAll[format.MixingRow](t, smix)
	_, mrows1 := readAll[format.MixingRow](t, mix1)
	sset, _ := sh.Get("sample")
	set1, _ := h1.Get("sample")
	if sset != set1 || !reflect.DeepEqual(srows, rows1) || fmt.Sprint(smrows) != fmt.Sprint(mrows1) {
		t.Error("-round-sweeps 1: settings or rows differ from the default's")
	}
}

func TestPTTUsage(t *testing.T) {
	in := checkpoint(t, nil, randomModel(1, 6, 3, rbm.Bernoulli, 1, 1))
	for _, args := range [][]string{
		{"-method", "ptt", "-trace", "t.arrows"},
		{"-method", "gibbs", "-mixing", "m.arrows"},
		{"-method", "pt", "-all-rungs"},
		{"-method", "ptt", "-walker-columns", "2"},
	} {
		if code, _, stderr := rbmsample(in, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-method", "gibbs", "-fill-below", "0.3"}, "apply to -method ptt"},
		{[]string{"-method", "pt", "-fill-max", "3"}, "apply to -method ptt"},
		{[]string{"-method", "ptt", "-fill-below", "1"}, "want an acceptance in (0, 1)"},
		{[]string{"-method", "ptt", "-fill-below", "-0.2"}, "want an acceptance in (0, 1)"},
		{[]string{"-method", "ptt", "-fill-below", "NaN"}, "want a finite number"},
		{[]string{"-method", "ptt", "-fill-below", "0.3", "-fill-max", "-1"}, "-fill-max must be ≥ 0"},
		{[]string{"-method", "ptt", "-fill-below", "0.3", "-burn-in", "1"}, "want -burn-in ≥ 2"},
		{[]string{"-method", "ptt", "-round-sweeps", "0"}, "-round-sweeps must be ≥ 1"},
		{[]string{"-method", "ptt", "-round-sweeps", "-2"}, "-round-sweeps must be ≥ 1"},
		{[]string{"-method", "gibbs", "-round-sweeps", "3"}, "-round-sweeps applies to -method ptt"},
		{[]string{"-method", "ptt", "-swap-order", "top-down"}, "want bottom-up or deo"},
		{[]string{"-method", "pt", "-swap-order", "deo"}, "-swap-order applies to -method ptt"},
	} {
		if code, _, stderr := rbmsample(in, c.args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q: %s", c.args, code, c.want, stderr)
		}
	}
}

// TestDiffusionEquilibrium: with -equilibrium (PTT's samples of the last
// snapshot of a two-mode trajectory) the diffusion stream gains one
// equilibrium row per mode at that snapshot only, whose Var x₊ is the
// exact one (enumeration of the joint distribution), whose growth is the
// log ratio of the Gibbs chains' last Var x₊ to it, and whose verdict
// follows; every other row is the stream's without the flag.
func TestDiffusionEquilibrium(t *testing.T) {
	const n, K, chains = 10, 6, 3000
	models := modeTrajectory(n, K, 1)
	in := checkpoint(t, nil, models...)
	dir := t.TempDir()
	samples := filepath.Join(dir, "samples.arrows")
	if err := os.WriteFile(samples, mustRun(t, in, "-method", "ptt", "-chains", fmt.Sprint(chains), "-burn-in", "40", "-sweeps", "1", "-thin", "1"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-method", "diffusion", "-modes", "1", "-chains", "200", "-sweeps", "10", "-trajectories", "50", "-records", "5"}
	_, plain := readAll[format.DiffusionPoint](t, mustRun(t, in, args...))
	h, rows := readAll[format.DiffusionPoint](t, mustRun(t, in, append(args, "-equilibrium", samples)...))
	if set, ok := format.DiffusionOf(h); !ok || set.Equilibrium != samples {
		t.Errorf("rbm.diffusion %+v: want the samples' name", set)
	}
	var rest, eq []format.DiffusionPoint
	for _, p := range rows {
		if p.Table == format.DiffusionEquilibrium {
			eq = append(eq, p)
		} else {
			rest = append(rest, p)
		}
	}
	if fmt.Sprint(rest) != fmt.Sprint(plain) {
		t.Errorf("the other rows moved with -equilibrium")
	}
	if len(eq) != 1 || eq[0].Snapshot != K-1 || eq[0].Source != format.DiffusionGibbs || eq[0].Time != chains {
		t.Fatalf("equilibrium rows %+v: want one, at snapshot %d, source gibbs, time %d", eq, K-1, chains)
	}
	e := eq[0]

	// Exact Var x₊ of the last model by enumeration over (v, h).
	m := models[K-1]
	modes, err := spectral.TopModes(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	u, w := modes[0].U, modes[0].V
	var z, sx, sy, sxx, syy, sxy float64
	for s := range 1 << n {
		v := make([]float64, n)
		x := 0.0
		for i := range v {
			v[i] = float64(s >> i & 1)
			x += u[i] * v[i]
		}
		for hs := range 2 {
			hh := []float64{float64(hs)}
			y := w[0] * hh[0]
			p := math.Exp(-m.Energy(v, hh))
			z += p
			sx, sy, sxx, syy, sxy = sx+p*x, sy+p*y, sxx+p*x*x, syy+p*y*y, sxy+p*x*y
		}
	}
	mx, my := sx/z, sy/z
	exact := ((sxx/z-mx*mx)+(syy/z-my*my))/2 + (sxy/z - mx*my)
	if math.Abs(e.VarPlus-exact) > 4*exact*math.Sqrt(2.0/chains)*2 {
		t.Errorf("equilibrium Var x₊ %.4f, exact %.4f", e.VarPlus, exact)
	}
	var gibbs format.DiffusionPoint
	for _, p := range rest {
		if p.Table == format.DiffusionMode && p.Source == format.DiffusionGibbs && p.Snapshot == K-1 {
			gibbs = p
		}
	}
	if lr := math.Log(gibbs.VarPlus / e.VarPlus); math.Abs(lr-e.Growth) > 1e-12 {
		t.Errorf("growth %v, want ln(%v/%v) = %v", e.Growth, gibbs.VarPlus, e.VarPlus, lr)
	}
	if want := math.Abs(e.Growth) <= 2*e.GrowthSE; (e.Verdict == format.Reached) != want {
		t.Errorf("verdict %q with growth %v ± %v", e.Verdict, e.Growth, e.GrowthSE)
	}
	t.Logf("Var x₊: equilibrium %.4f exact %.4f Gibbs %.4f: %s", e.VarPlus, exact, gibbs.VarPlus, e.Verdict)
}

// TestDiffusionEquilibriumCorrelated: PTT samples of a strongly two-mode
// model recorded every round from few chains are correlated along each
// chain, so the equilibrium
// rows' growth_se counts fewer than all of them (the chain column reaches
// diffusion.EffectiveSamples): above the naive error of that many
// independent samples, below that of one sample per chain.
func TestDiffusionEquilibriumCorrelated(t *testing.T) {
	const n, K, chains, rounds, gibbsChains = 10, 9, 30, 40, 2000
	in := checkpoint(t, nil, modeTrajectory(n, K, 3)...)
	samples := filepath.Join(t.TempDir(), "samples.arrows")
	if err := os.WriteFile(samples, mustRun(t, in, "-method", "ptt", "-chains", fmt.Sprint(chains), "-burn-in", "40",
		"-sweeps", fmt.Sprint(rounds), "-thin", "1"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, rows := readAll[format.DiffusionPoint](t, mustRun(t, in, "-method", "diffusion", "-modes", "1", "-chains", fmt.Sprint(gibbsChains),
		"-sweeps", "10", "-trajectories", "50", "-records", "5", "-equilibrium", samples))
	se := func(samples float64) float64 { return math.Sqrt(2/float64(gibbsChains-1) + 2/(samples-1)) }
	naive, perChain := se(chains*rounds), se(chains)
	seen := 0
	for _, p := range rows {
		if p.Table != format.DiffusionEquilibrium {
			continue
		}
		seen++
		if p.Time != chains*rounds {
			t.Errorf("mode %d: time %v, want the %d samples", p.Rank, p.Time, chains*rounds)
		}
		if !(p.GrowthSE > 1.2*naive && p.GrowthSE < perChain) {
			t.Errorf("mode %d: growth_se %.4f, want above %.4f (%d independent samples) and below %.4f (%d)",
				p.Rank, p.GrowthSE, naive, chains*rounds, perChain, chains)
		}
		t.Logf("mode %d: growth_se %.4f (naive %.4f, one per chain %.4f)", p.Rank, p.GrowthSE, naive, perChain)
	}
	if seen != 1 {
		t.Fatalf("%d equilibrium rows, want 1", seen)
	}
}

// TestPTTFill: over two snapshots far apart (the two-mode model scaled by
// 0.03 and by 1, one bad link), chains that start all in one mode (-init
// data with one all-off example) give top-rung samples that pass a
// chi-square test against exact enumeration with -fill-below 0.3 and fail
// it without, for one budget of rounds; the mixing stream names the filled
// rungs (fill column) and the settings record the fill.
func TestPTTFill(t *testing.T) {
	const n, chains, burn = 14, 3000, 200
	m := modeTrajectory(n, 1, 3)[0]
	low := m.Clone()
	for _, p := range [][]float32{low.W, low.A, low.B} {
		for i := range p {
			p[i] = float32(float64(p[i]) * 0.03)
		}
	}
	in := checkpoint(t, nil, low, m)
	exact := rbm.ExactVisibleLogProbs(m)
	for _, c := range []struct {
		name string
		fill []string
		pass bool
	}{{"filled", []string{"-fill-below", "0.3"}, true}, {"unfilled", nil, false}} {
		t.Run(c.name, func(t *testing.T) {
			mix := filepath.Join(t.TempDir(), "mix.arrows")
			args := append([]string{"-method", "ptt", "-chains", fmt.Sprint(chains), "-burn-in", fmt.Sprint(burn - 1),
				"-sweeps", "1", "-thin", "1", "-init", "data", "-data", allOffData(t, n), "-mixing", mix}, c.fill...)
			code, out, stderr := rbmsample(in, args...)
			if code != 0 {
				t.Fatal(stderr)
			}
			h, rows := readAll[format.Sample](t, out)
			counts := make([]int, 1<<n)
			for _, r := range rows {
				if r.Snapshot != 1 {
					t.Fatalf("a row of snapshot %d, want the last (1) only", r.Snapshot)
				}
				counts[stateOf(r.V)]++
			}
			p := chiSquareP(t, counts, exact)
			t.Logf("top rung: chi-square p = %.3g; %s", p, stderr)
			if c.pass && p < 1e-3 || !c.pass && p > 1e-6 {
				t.Errorf("chi-square p = %.3g after %d rounds; want it to pass: %v", p, burn, c.pass)
			}
			data, err := os.ReadFile(mix)
			if err != nil {
				t.Fatal(err)
			}
			mh, mrows := readAll[format.MixingRow](t, data)
			set, _ := h.Get("sample")
			mset, _ := mh.Get("sample")
			if set != mset {
				t.Errorf("settings differ: samples %s, mixing %s", set, mset)
			}
			mr, err := format.NewReader[format.MixingRow](bytes.NewReader(data), "mixing")
			if err != nil {
				t.Fatal(err)
			}
			if mr.Has("fill") != c.pass || strings.Contains(set, "fill") != c.pass {
				t.Errorf("fill column %v, settings %s; want fill recorded: %v", mr.Has("fill"), set, c.pass)
			}
			mr.Close()
			if !c.pass {
				return
			}
			// The first half of the burn-in measures link 1 (0.03 → 1) far
			// below 0.3: models go there only.
			filled := []int{0, 0}
			if i := strings.Index(set, `"filled":`); i < 0 || !strings.Contains(set, `"fill_below":0.3`) {
				t.Fatalf("settings %s: want fill_below and filled", set)
			} else if _, err := fmt.Sscanf(set[i:], `"filled":[0,%d]`, &filled[1]); err != nil {
				t.Fatalf("settings %s: filled should be [0,n]: %v", set, err)
			}
			if filled[1] < 1 {
				t.Fatalf("filled %v", filled)
			}
			K := 3 + filled[1]
			var acc []format.MixingRow
			for _, r := range mrows {
				if r.What == "acceptance" {
					acc = append(acc, r)
				}
			}
			if len(acc) != K-1 {
				t.Fatalf("%d acceptance rows, want %d links", len(acc), K-1)
			}
			for k, r := range acc {
				// Rung k: 0 the bottom, 1 the first snapshot, 2…K−2 the
				// models at j/(filled+1) on the line to the last, K−1 that.
				wantFill, wantSnap := 0.0, int64(-1)
				switch {
				case k == 1:
					wantSnap = 0
				case k >= 2:
					wantSnap, wantFill = 0, float64(float32(k-1)/float32(filled[1]+1))
				}
				if r.Rung != int64(k) || r.Snapshot != wantSnap || r.Fill != wantFill || r.Round != burn-(burn-1)/2 {
					t.Errorf("acceptance row %d: %+v; want snapshot %d, fill %v, round %d (the rounds after the fill)", k, r, wantSnap, wantFill, burn-(burn-1)/2)
				}
				if k >= 2 && !strings.Contains(stderr, fmt.Sprintf("0+%.2f→", wantFill)) {
					t.Errorf("log does not name rung %d 0+%.2f: %s", k, wantFill, stderr)
				}
			}
		})
	}
}

// allOffData writes a dataset of one example, every unit off, and returns
// its path: -init data then starts every chain in the all-off mode.
func allOffData(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.arrows")
	if err := os.WriteFile(path, datasetStream(t, [][]bool{make([]bool, n)}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
