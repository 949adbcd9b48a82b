package gibbs

import (
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/internal/stattest"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// twoModes returns an RBM of n visible units and one hidden unit whose
// distribution has two equally likely, well-separated modes: every unit off
// (h = 0: field a_i = −c) and every unit on (h = 1: field a_i + W_i = +c).
// The hidden bias −n·c makes the two branches' weights equal. A chain in
// the all-off mode turns h on with probability σ(−n·c + 2c·Σv), which needs
// about half the units on: a Gibbs chain practically never crosses.
func twoModes(n int, c float64) *rbm.Model {
	m := rbm.New(n, 1, rbm.Bernoulli)
	for i := range n {
		m.A[i] = float32(-c)
		m.W[i] = float32(2 * c)
	}
	m.B[0] = float32(-float64(n) * c)
	return m
}

// scaledLadder returns the rungs s·m for s = k/(K−1), k = 0 … K−1: the
// bottom (s = 0) has W = 0 and zero biases.
func scaledLadder(m *rbm.Model, K int) []*rbm.Model {
	out := make([]*rbm.Model, K)
	for k := range out {
		out[k] = scaled(m, float64(k)/float64(K-1))
	}
	return out
}

func TestIndependentLogZIsExact(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		m := Independent(randomModel(3, 9, 5, units, 1, 1.5))
		got, err := IndependentLogZ(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := rbm.ExactLogZ(m); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: log Z = %.12g, enumeration %.12g", units, got, want)
		}
	}
	if _, err := IndependentLogZ(randomModel(3, 4, 2, rbm.Bernoulli, 1, 1)); err == nil {
		t.Error("log Z of a model with weights: no error")
	}
}

func TestIntegratedTimeOfAR1(t *testing.T) {
	// x_t = φ x_{t−1} + ε_t has ρ(t) = φ^t, so τ_int = (1+φ)/(1−φ).
	for _, phi := range []float64{0, 0.5, 0.9} {
		r := rng.New(1, 0, "test-ar1")
		series := make([][]float64, 40)
		for c := range series {
			x := r.NormFloat64() / math.Sqrt(1-phi*phi) // stationary start
			series[c] = make([]float64, 5000)
			for i := range series[c] {
				x = phi*x + r.NormFloat64()
				series[c][i] = x
			}
		}
		tau, w, ok := IntegratedTime(series)
		want := (1 + phi) / (1 - phi)
		t.Logf("φ = %.1f: τ = %.3f (window %d), exact %.3f", phi, tau, w, want)
		if !ok || math.Abs(tau-want) > 0.08*want {
			t.Errorf("φ = %.1f: τ = %.3f (ok %v), want %.3f within 8%%", phi, tau, ok, want)
		}
	}
	if _, _, ok := IntegratedTime([][]float64{{1, 1, 1}, {2, 2, 2}}); ok {
		t.Error("constant series: ok")
	}
}

// counts returns the visible-state counts of sampler s's chains.
func counts(s *Sampler) []int {
	out := make([]int, 1<<s.Model().Visible)
	for r := range s.Chains() {
		out[stattest.StateIndex(s.Visible(r))]++
	}
	return out
}

func TestTrajectoryMixesWhereGibbsDoesNot(t *testing.T) {
	const n, chains, K, rounds = 10, 3000, 10, 150
	m := twoModes(n, 3)
	exact := rbm.ExactVisibleLogProbs(m)
	// The wrong model: the same modes with weights 0.6 and 0.4.
	wrong := m.Clone()
	wrong.B[0] += float32(math.Log(1.5))
	wrongP := rbm.ExactVisibleLogProbs(wrong)
	allOff := make([]bool, n)

	// Plain Gibbs, started in the all-off mode, with as many sweeps per
	// chain as trajectory tempering makes per column (K per round).
	g, err := New(m, Config{Chains: chains, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	for r := range chains {
		g.SetVisible(r, allOff)
	}
	for range K * rounds {
		g.Sweep()
	}
	if p := stattest.ChiSquare(t, counts(g), exact); p > 1e-6 {
		t.Errorf("Gibbs chains started in one mode pass the chi-square test after %d sweeps (p = %.3g): the modes are not separated", K*rounds, p)
	}

	tr := trajectoryFrom(t, scaledLadder(m, K), Config{Chains: chains, Seed: 9}, allOff)
	for range rounds {
		tr.Round()
	}
	t.Logf("swap rates %.2f", tr.SwapRates())
	// Every rung, not only the top, samples its own model.
	for k, mk := range scaledLadder(m, K)[1:] {
		p := stattest.ChiSquare(t, counts(tr.Sampler(k+1)), rbm.ExactVisibleLogProbs(mk))
		if p < pThreshold {
			t.Errorf("rung %d: chi-square p = %.3g against its exact distribution", k+1, p)
		}
	}
	top := counts(tr.Sampler(K - 1))
	if pw := stattest.ChiSquare(t, top, wrongP); pw > 1e-6 {
		t.Errorf("the chi-square test cannot tell mode weights 0.6/0.4 from 0.5/0.5 (p = %.3g): no power", pw)
	}
	// The free energies kept through exchanges are those of the states.
	for k := range K {
		want := tr.Sampler(k).FreeEnergies(nil)
		if got := tr.FreeEnergies(k); !slices.Equal(got, want) {
			t.Fatalf("rung %d: kept free energies differ from the states'", k)
		}
	}
	// Walkers: each column's walkers occupy every rung once, and some
	// completed round trips.
	trips := 0
	for c := range chains {
		for k := range K {
			if w := tr.Walker(k, c); tr.Rung(c, w) != k {
				t.Fatalf("column %d: walker %d is at rung %d but Rung says %d", c, w, k, tr.Rung(c, w))
			}
		}
		for w := range K {
			trips += tr.RoundTrips(c, w)
		}
	}
	t.Logf("%d round trips in %d columns", trips, chains)
	if trips == 0 {
		t.Error("no walker made a round trip")
	}
}

// TestTrajectorySwapRuleIsExact checks every rung against exact enumeration
// on a ladder of unrelated random models (not scalings of one another), so
// that a wrong sign or a swapped term in Δ biases some rung.
func TestTrajectorySwapRuleIsExact(t *testing.T) {
	const chains, K, rounds = 20000, 4, 40
	models := []*rbm.Model{Independent(randomModel(21, 8, 4, rbm.Bernoulli, 0, 0.5))}
	for k := 1; k < K; k++ {
		models = append(models, randomModel(uint64(30+k), 8, 4, rbm.Bernoulli, 0.5*float64(k), 0.5))
	}
	tr, err := NewTrajectory(models, Config{Chains: chains, Seed: 4, Stream: 2})
	if err != nil {
		t.Fatal(err)
	}
	for range rounds {
		tr.Round()
	}
	// The sweeps that end a round would hide part of a bias of the
	// exchanges: test the states right after exchanges.
	tr.exchange()
	// The products kept through the exchanges give each state's free
	// energy under its new rung's model.
	for k := range K {
		got := tr.Sampler(k).FreeEnergies(nil)
		for c := 0; c < chains; c += 97 {
			st := tr.Sampler(k).Visible(c)
			v := make([]float64, len(st))
			for i, x := range st {
				v[i] = float64(x)
			}
			if want := models[k].FreeEnergy(v); math.Abs(got[c]-want) > 1e-4*(1+math.Abs(want)) {
				t.Fatalf("rung %d chain %d after exchanges: F %v, model says %v", k, c, got[c], want)
			}
		}
	}
	rates := tr.SwapRates()
	t.Logf("swap rates %.2f", rates)
	for k := 1; k < K; k++ {
		p := stattest.ChiSquare(t, counts(tr.Sampler(k)), rbm.ExactVisibleLogProbs(models[k]))
		if p < pThreshold {
			t.Errorf("rung %d after exchanges: chi-square p = %.3g", k, p)
		}
	}
}

func TestTrajectoryIdenticalAcrossGOMAXPROCS(t *testing.T) {
	run := func(procs, sweeps int, order SwapOrder) ([]float32, []float64, []int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m := randomModel(5, 30, 20, rbm.Bernoulli, 0.3, 0.5)
		tr, err := NewTrajectory(scaledLadder(m, 5), Config{Chains: 100, Seed: 3, Replica: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.SetRoundSweeps(sweeps); err != nil {
			t.Fatal(err)
		}
		if err := tr.SetSwapOrder(order); err != nil {
			t.Fatal(err)
		}
		for range 20 {
			tr.Round()
		}
		var ws []int
		for c := range tr.Chains() {
			for w := range tr.Rungs() {
				ws = append(ws, tr.Rung(c, w), tr.RoundTrips(c, w))
			}
		}
		top := tr.Sampler(4)
		return slices.Clone(top.VisibleStates()), slices.Clone(tr.FreeEnergies(4)), ws
	}
	for _, c := range []struct {
		sweeps int
		order  SwapOrder
	}{{1, SwapBottomUp}, {3, SwapBottomUp}, {3, SwapDEO}} {
		v1, f1, w1 := run(1, c.sweeps, c.order)
		for _, procs := range []int{2, 3} {
			v, f, w := run(procs, c.sweeps, c.order)
			if !slices.Equal(v, v1) || !slices.Equal(f, f1) || !slices.Equal(w, w1) {
				t.Errorf("%d sweeps a round, %s, GOMAXPROCS=%d: states, free energies or walkers differ from GOMAXPROCS=1", c.sweeps, c.order, procs)
			}
		}
	}
}

// TestTrajectoryRoundSweeps: with several sweeps a round, and with the
// even–odd swap order, every rung still samples its own model (exact
// enumeration, on a ladder of unrelated random models where exchanges
// weighed with stale free energies would bias the rungs; tested right
// after exchanges, since the sweeps of these small models would wash a
// bias out); the bottom rung is swept once a round and the others k times;
// the kept free energies are the last sweep's; the even–odd order proposes
// link k on the rounds of k's parity only; k < 1 and unknown orders are
// refused.
func TestTrajectoryRoundSweeps(t *testing.T) {
	const chains, K, rounds = 20000, 4, 15
	models := []*rbm.Model{Independent(randomModel(21, 8, 4, rbm.Bernoulli, 0, 0.5))}
	for k := 1; k < K; k++ {
		models = append(models, randomModel(uint64(40+k), 8, 4, rbm.Bernoulli, 0.5*float64(k), 0.5))
	}
	for _, c := range []struct {
		sweeps int
		order  SwapOrder
	}{{3, SwapBottomUp}, {1, SwapDEO}, {3, SwapDEO}} {
		tr, err := NewTrajectory(models, Config{Chains: chains, Seed: 6})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []int{0, -1} {
			if err := tr.SetRoundSweeps(bad); err == nil {
				t.Errorf("SetRoundSweeps(%d): no error", bad)
			}
		}
		if err := tr.SetSwapOrder("top-down"); err == nil {
			t.Error("SetSwapOrder(top-down): no error")
		}
		if tr.RoundSweeps() != 1 || tr.SwapOrder() != SwapBottomUp {
			t.Fatalf("RoundSweeps %d, SwapOrder %s before any set, want 1, %s", tr.RoundSweeps(), tr.SwapOrder(), SwapBottomUp)
		}
		if err := tr.SetRoundSweeps(c.sweeps); err != nil {
			t.Fatal(err)
		}
		if err := tr.SetSwapOrder(c.order); err != nil {
			t.Fatal(err)
		}
		for range rounds {
			tr.Round()
		}
		for k := range K {
			want := rounds * c.sweeps
			if k == 0 {
				want = rounds
			}
			if got := tr.Sampler(k).Sweeps(); got != want {
				t.Errorf("%d sweeps, %s: rung %d: %d sweeps after %d rounds, want %d", c.sweeps, c.order, k, got, rounds, want)
			}
			if got, want := tr.FreeEnergies(k), tr.Sampler(k).FreeEnergies(nil); !slices.Equal(got, want) {
				t.Fatalf("%d sweeps, %s: rung %d: kept free energies differ from the states'", c.sweeps, c.order, k)
			}
		}
		tr.exchange()
		for k := range K - 1 {
			want := int64(rounds+1) * chains
			if c.order == SwapDEO {
				want = int64((rounds+2-k%2)/2) * chains // rounds 0…rounds of k's parity
			}
			if tr.tried[k] != want {
				t.Errorf("%d sweeps, %s: link %d proposed %d times, want %d", c.sweeps, c.order, k, tr.tried[k], want)
			}
		}
		t.Logf("%d sweeps, %s: swap rates %.2f", c.sweeps, c.order, tr.SwapRates())
		for k := 1; k < K; k++ {
			p := stattest.ChiSquare(t, counts(tr.Sampler(k)), rbm.ExactVisibleLogProbs(models[k]))
			if p < pThreshold {
				t.Errorf("%d sweeps, %s: rung %d after exchanges: chi-square p = %.3g", c.sweeps, c.order, k, p)
			}
		}
	}
}

func TestNewTrajectoryRefusesBadLadders(t *testing.T) {
	m := randomModel(1, 6, 3, rbm.Bernoulli, 1, 1)
	for name, models := range map[string][]*rbm.Model{
		"one rung":         {Independent(m)},
		"bottom not W = 0": {m, m},
		"shapes differ":    {Independent(m), randomModel(1, 6, 4, rbm.Bernoulli, 1, 1)},
		"units differ":     {Independent(m), randomModel(1, 6, 3, rbm.Spin, 1, 1)},
	} {
		if _, err := NewTrajectory(models, Config{Chains: 4}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// trajectoryFrom is a trajectory over ladder whose chains all start, on
// every rung, in the visible state v.
func trajectoryFrom(t *testing.T, ladder []*rbm.Model, cfg Config, v []bool) *Trajectory {
	t.Helper()
	tr, err := NewTrajectory(ladder, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for k := range ladder {
		for r := range cfg.Chains {
			tr.Sampler(k).SetVisible(r, v)
		}
	}
	return tr
}

// TestFromBottomFollowsTheWalkers: FromBottom is whether the walker has
// been at the bottom since the start, replayed here from the walkers'
// rungs after every round (a walker reaches the bottom only across link
// (0, 1), once a round, so the rungs after each round see every visit).
func TestFromBottomFollowsTheWalkers(t *testing.T) {
	const n, chains, K, rounds = 10, 50, 6, 40
	tr := trajectoryFrom(t, scaledLadder(twoModes(n, 3), K), Config{Chains: chains, Seed: 5}, make([]bool, n))
	been := make([][]bool, chains)
	for c := range been {
		been[c] = make([]bool, K)
		been[c][0] = true // walker 0 starts at the bottom
	}
	turned, never := 0, 0
	for range rounds {
		tr.Round()
		for c := range chains {
			for w := range K {
				before := been[c][w]
				been[c][w] = been[c][w] || tr.Rung(c, w) == 0
				if got := tr.FromBottom(c, w); got != been[c][w] {
					t.Fatalf("round %d column %d walker %d: FromBottom %v, the replay %v", tr.Rounds(), c, w, got, been[c][w])
				}
				if been[c][w] && !before {
					turned++
				}
			}
		}
	}
	for c := range chains {
		if !been[c][K-1] {
			never++
		}
	}
	t.Logf("%d walkers reached the bottom during the run; the top-started walker never did in %d of %d columns", turned, never, chains)
	if turned == 0 || never == 0 {
		t.Errorf("the run does not tell FromBottom apart from a constant: %d walkers turned, %d top walkers never did", turned, never)
	}
}
