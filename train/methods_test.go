package train

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/internal/stattest"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// enumeration lists every visible state of n units in the convention of
// units, indexed as rbm.ExactVisibleLogProbs indexes them.
func enumeration(n int, units rbm.Units) [][]float64 {
	out := make([][]float64, 1<<n)
	for s := range out {
		out[s] = make([]float64, n)
		for i := range out[s] {
			out[s][i] = float64(s >> i & 1)
			if units == rbm.Spin {
				out[s][i] = 2*out[s][i] - 1
			}
		}
	}
	return out
}

// moments returns ⟨v E[h|v]ᵀ⟩, ⟨v⟩ and ⟨E[h|v]⟩ of model m under the
// distribution p over the states, by direct sums.
func moments(m *rbm.Model, states [][]float64, p []float64) (vh, v, h []float64) {
	n, k := m.Visible, m.Hidden
	vh, v, h = make([]float64, n*k), make([]float64, n), make([]float64, k)
	hm := make([]float64, k)
	for s, x := range states {
		m.HiddenProb(x, hm)
		for i := range x {
			v[i] += p[s] * x[i]
			for j := range hm {
				vh[i*k+j] += p[s] * x[i] * hm[j]
			}
		}
		for j := range hm {
			h[j] += p[s] * hm[j]
		}
	}
	return vh, v, h
}

func probs(logp []float64) []float64 {
	p := make([]float64, len(logp))
	for i, l := range logp {
		p[i] = math.Exp(l)
	}
	return p
}

func to32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// exactStep makes the trainer's update from the exact statistics of the
// data distribution p and of the model itself.
func exactStep(tr *Trainer, states [][]float64, p []float64) {
	m := tr.Model
	q := probs(rbm.ExactVisibleLogProbs(m))
	dvh, dv, dh := moments(m, states, p)
	mvh, mv, mh := moments(m, states, q)
	gW := make([]float32, len(dvh))
	for i := range gW {
		gW[i] = float32(dvh[i] - mvh[i])
	}
	tr.apply(gW, to32(dv), to32(mv), to32(dh), to32(mh))
}

// A trainer for exact-gradient steps (its data are never used).
func exactTrainer(t *testing.T, cfg Config, n int) *Trainer {
	t.Helper()
	cfg.K, cfg.BatchSize = 1, 1
	if cfg.Method == "" {
		cfg.Method = CD
	}
	tr, err := New(cfg, &Data{Visible: n, Count: 1, Bits: make([]uint8, n)})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// A centered exact-gradient step is the gradient step in the centered
// parameters (W, a_c = a + Wλ, b_c = b + Wᵀμ), written back in the
// uncentered ones: checked against the exact log-likelihood's central
// differences taken along the centered coordinates (a change of W with
// a_c, b_c held), with the offsets moved first as the step moves them.
// Without centering the step is the plain exact gradient; the two differ,
// and both raise the log-likelihood.
func TestCenteredStepIsReparameterizedGradient(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		t.Run(units.String(), func(t *testing.T) {
			const n, k, lr, nu = 6, 4, 0.1, 0.3
			target := randomModel(n, k, 1.2, rbm.Bernoulli, 21)
			states := enumeration(n, units)
			p := probs(rbm.ExactVisibleLogProbs(target))
			start := randomModel(n, k, 0.7, units, 22)
			steps := map[bool][3][]float64{}
			for _, centered := range []bool{false, true} {
				tr := exactTrainer(t, Config{Hidden: k, Units: units, LearningRate: lr, Centered: centered, CenterSlide: nu}, n)
				copy(tr.Model.W, start.W)
				copy(tr.Model.A, start.A)
				copy(tr.Model.B, start.B)
				var mu, lambda []float64
				if centered {
					r := rng.New(23, 0, "offsets")
					for i := range tr.ext.mu {
						tr.ext.mu[i] = float32(r.Float64()*1.2 - 0.6) // any offsets: the identity holds for all
					}
					for j := range tr.ext.lambda {
						tr.ext.lambda[j] = float32(r.Float64()*1.2 - 0.6)
					}
					// The offsets the step will use: λ slid towards the
					// phases' mean hidden activities.
					_, _, dh := moments(start, states, p)
					_, _, mh := moments(start, states, probs(rbm.ExactVisibleLogProbs(start)))
					for j, l := range tr.ext.lambda {
						lambda = append(lambda, float64((1-float32(nu))*l+float32(nu)*(float32(dh[j])+float32(mh[j]))/2))
					}
					for _, m := range tr.ext.mu {
						mu = append(mu, float64(m))
					}
				} else {
					mu, lambda = make([]float64, n), make([]float64, k)
				}
				// The exact gradient along the centered coordinates, by
				// central differences of the exact log-likelihood.
				ll := func(dw []float64, da, db []float64) float64 {
					m := rbm.New(n, k, units)
					for i := range m.W {
						m.W[i] = float32(float64(start.W[i]) + dw[i])
					}
					for i := range m.A {
						m.A[i] = float32(float64(start.A[i]) + da[i])
					}
					for j := range m.B {
						m.B[j] = float32(float64(start.B[j]) + db[j])
					}
					return rbm.ExactAverageLogLikelihood(m, states, p)
				}
				const h = 1e-3
				gW, gA, gB := make([]float64, n*k), make([]float64, n), make([]float64, k)
				for i := 0; i < n; i++ {
					for j := 0; j < k; j++ {
						diff := 0.0
						for _, s := range []float64{1, -1} {
							dw, da, db := make([]float64, n*k), make([]float64, n), make([]float64, k)
							dw[i*k+j] = s * h
							da[i] = -s * h * lambda[j] // a = a_c − Wλ with a_c held
							db[j] = -s * h * mu[i]     // b = b_c − Wᵀμ with b_c held
							diff += s * ll(dw, da, db)
						}
						gW[i*k+j] = diff / (2 * h)
					}
				}
				for i := range gA {
					da := make([]float64, n)
					da[i] = h
					up := ll(make([]float64, n*k), da, make([]float64, k))
					da[i] = -h
					gA[i] = (up - ll(make([]float64, n*k), da, make([]float64, k))) / (2 * h)
				}
				for j := range gB {
					db := make([]float64, k)
					db[j] = h
					up := ll(make([]float64, n*k), make([]float64, n), db)
					db[j] = -h
					gB[j] = (up - ll(make([]float64, n*k), make([]float64, n), db)) / (2 * h)
				}
				// The centered step written in the uncentered parameters.
				wantW, wantA, wantB := make([]float64, n*k), make([]float64, n), make([]float64, k)
				for i := range wantW {
					wantW[i] = lr * gW[i]
				}
				for i := range wantA {
					wantA[i] = lr * gA[i]
					for j := 0; j < k; j++ {
						wantA[i] -= wantW[i*k+j] * lambda[j]
					}
				}
				for j := range wantB {
					wantB[j] = lr * gB[j]
					for i := 0; i < n; i++ {
						wantB[j] -= wantW[i*k+j] * mu[i]
					}
				}
				exactStep(tr, states, p)
				var got [3][]float64
				for c, pair := range [][2][]float32{{tr.Model.W, start.W}, {tr.Model.A, start.A}, {tr.Model.B, start.B}} {
					for i := range pair[0] {
						got[c] = append(got[c], float64(pair[0][i])-float64(pair[1][i]))
					}
				}
				for c, want := range [][]float64{wantW, wantA, wantB} {
					for i := range want {
						if d := math.Abs(got[c][i] - want[i]); d > 2e-5+1e-3*math.Abs(want[i]) {
							t.Fatalf("centered %v: parameter block %d [%d] moved by %.7f, the exact gradient step says %.7f", centered, c, i, got[c][i], want[i])
						}
					}
				}
				if centered && tr.ext.lambda[0] != float32(lambda[0]) {
					t.Fatalf("hidden offset %v, want %v", tr.ext.lambda[0], lambda[0])
				}
				zero := func(l int) []float64 { return make([]float64, l) }
				if ll(got[0], got[1], got[2]) <= ll(zero(n*k), zero(n), zero(k)) {
					t.Errorf("centered %v: the step lowered the log-likelihood", centered)
				}
				steps[centered] = got
			}
			if d := math.Abs(steps[true][1][0] - steps[false][1][0]); d < 1e-4 {
				t.Errorf("the centered and plain steps of a₀ agree (%g apart): the test cannot tell them apart", d)
			}
		})
	}
}

// Exact-gradient training with each optimizer and schedule, centered or
// not, brings the model to the known distribution of a target RBM (KL
// near zero) from the trainer's initialization.
func TestExactTrainingEachOptimizerReachesTarget(t *testing.T) {
	const n, k, iters = 6, 6, 1500
	target := randomModel(n, 4, 1.5, rbm.Bernoulli, 11)
	p := probs(rbm.ExactVisibleLogProbs(target))
	for _, c := range []Config{
		{Optimizer: SGD, LearningRate: 0.2, Momentum: 0.5, Schedule: Constant},
		{Optimizer: SGD, LearningRate: 0.3, Momentum: 0.5, Schedule: Linear, LRFinal: 0.1},
		{Optimizer: SGD, LearningRate: 0.3, Momentum: 0.5, Schedule: Exponential, LRFinal: 0.1},
		{Optimizer: SGD, LearningRate: 0.3, Momentum: 0.5, Schedule: Cosine, LRFinal: 0.1, Centered: true, CenterSlide: 0.01},
		{Optimizer: SGD, LearningRate: 0.2, Momentum: 0.5, Centered: true, CenterSlide: 0.01},
		{Optimizer: Adam, LearningRate: 0.02, AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8},
		{Optimizer: Adam, LearningRate: 0.05, AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8, Schedule: Cosine, LRFinal: 0.01},
		{Optimizer: Adam, LearningRate: 0.05, AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8, Schedule: Exponential, LRFinal: 0.05,
			Centered: true, CenterSlide: 0.01},
	} {
		for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
			name := fmt.Sprintf("%s-%s-centered=%v-%v", c.Optimizer, c.Schedule, c.Centered, units)
			c.Hidden, c.Units, c.InitStd, c.Seed, c.ScheduleSteps = k, units, 0.1, 12, iters
			tr := exactTrainer(t, c, n)
			states := enumeration(n, units)
			before := kl(p, tr.Model)
			for range iters {
				exactStep(tr, states, p)
			}
			after := kl(p, tr.Model)
			t.Logf("%s: KL %.4f → %.6f nats", name, before, after)
			if before < 0.1 || after > 0.005 {
				t.Errorf("%s: KL from the target's distribution %.4f → %.5f nats, want near zero", name, before, after)
			}
		}
	}
}

// The schedules' learning rates at the start, the middle and the end.
func TestSchedules(t *testing.T) {
	for _, c := range []struct {
		s           Schedule
		mid, finish float64
	}{
		{Constant, 1, 1},
		{Linear, 0.55, 0.1},
		{Exponential, math.Sqrt(0.1), 0.1},
		{Cosine, 0.55, 0.1},
	} {
		tr := &Trainer{Cfg: Config{LearningRate: 2, Schedule: c.s, LRFinal: 0.1, ScheduleSteps: 100}}
		for _, at := range []struct {
			step int
			want float64
		}{{0, 2}, {50, 2 * c.mid}, {100, 2 * c.finish}, {150, 2 * c.finish}} {
			tr.Step = at.step
			if got := float64(tr.learningRate()); math.Abs(got-at.want) > 1e-6 {
				t.Errorf("%s at step %d: lr %v, want %v", c.s, at.step, got, at.want)
			}
		}
	}
}

// The tempered negative phase samples the model's exact distribution: its
// β = 1 replicas (one per chain, independent), after the model changed in
// place under them as training changes it, pass Pearson's test against
// the exact probabilities, which rejects the same model at β = 0.85.
// Mostly-off units send the products through the row sums of Wᵀ, which
// the sampler must make again after the change. One sweep per step: the
// exchange parity must alternate across steps for every pair to exchange.
func TestTemperedPhaseSamplesExact(t *testing.T) {
	for _, c := range []struct {
		name  string
		units rbm.Units
		scale float64
		shift float32
	}{{"bernoulli", rbm.Bernoulli, 2, 0}, {"sparse", rbm.Bernoulli, 1.5, -2.5}, {"spin", rbm.Spin, 0.7, 0}} {
		t.Run(c.name, func(t *testing.T) {
			const n, k, chains = 10, 6, 4000
			target := randomModel(n, k, c.scale, c.units, 31)
			for _, bias := range [][]float32{target.A, target.B} {
				for i := range bias {
					bias[i] += c.shift
				}
			}
			cfg := Config{Hidden: k, Units: c.units, Method: PT, K: 1, Chains: chains, BatchSize: 10, LearningRate: 0.1,
				Ladder: 4, BetaMin: 0.4, Seed: 32}
			tr, err := New(cfg, mnistLike(20, n))
			if err != nil {
				t.Fatal(err)
			}
			batch := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
			// Burn in under another model, then change it in place.
			other := randomModel(n, k, c.scale, c.units, 33)
			for _, pair := range [][2][]float32{{tr.Model.W, other.W}, {tr.Model.A, other.A}, {tr.Model.B, other.B}} {
				copy(pair[0], pair[1])
			}
			for range 10 {
				tr.phases(batch)
				tr.Step++
			}
			for _, pair := range [][2][]float32{{tr.Model.W, target.W}, {tr.Model.A, target.A}, {tr.Model.B, target.B}} {
				copy(pair[0], pair[1])
			}
			for range 25 {
				tr.phases(batch)
				tr.Step++
			}
			if c.shift != 0 && tr.fields.Ones(tr.vk[:chains*n], chains, n) == nil {
				t.Fatal("the chains are not sparse: the test misses the row sums")
			}
			for k, rate := range tr.ext.pt.SwapRates() {
				if !(rate > 0.05 && rate < 1) {
					t.Errorf("pair %d of the ladder exchanged at rate %v: no tempering", k, rate)
				}
			}
			counts := make([]int, 1<<n)
			for r := range chains {
				counts[stattest.StateIndex(tr.vk[r*n:(r+1)*n])]++
			}
			pv := stattest.ChiSquare(t, counts, rbm.ExactVisibleLogProbs(target))
			t.Logf("chi-square p = %.3g", pv)
			if pv < 1e-3 {
				t.Errorf("the β = 1 replicas' frequencies differ from the exact distribution: chi-square p = %.3g", pv)
			}
			hot := target.Clone()
			for _, p := range [][]float32{hot.W, hot.A, hot.B} {
				for i := range p {
					p[i] *= 0.85
				}
			}
			if pw := stattest.ChiSquare(t, counts, rbm.ExactVisibleLogProbs(hot)); pw > 1e-6 {
				t.Errorf("the chi-square test cannot tell β = 0.85 from β = 1 (p = %.3g): no power", pw)
			}
		})
	}
}

// newMethods are runs of each method beyond plain SGD, for the
// determinism and resume tests.
var newMethods = map[string]Config{
	"centered":     {Method: PCD, K: 2, Centered: true, CenterSlide: 0.05, Momentum: 0.5},
	"adam-cosine":  {Method: PCD, K: 2, Optimizer: Adam, AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8, Schedule: Cosine, LRFinal: 0.1, ScheduleSteps: 30},
	"l1-linear-cd": {Method: CD, K: 1, L1: 1e-3, WeightDecay: 1e-3, Momentum: 0.5, Schedule: Linear, LRFinal: 0.5, ScheduleSteps: 30},
	"exp-sgd":      {Method: PCD, K: 1, Momentum: 0.5, Schedule: Exponential, LRFinal: 0.1, ScheduleSteps: 30},
	"pt":           {Method: PT, K: 2, Ladder: 3, BetaMin: 0.5, Momentum: 0.5},
	"pt-centered-adam": {Method: PT, K: 1, Ladder: 2, BetaMin: 0.7, Centered: true, CenterSlide: 0.01,
		Optimizer: Adam, AdamBeta1: 0.9, AdamBeta2: 0.99, AdamEps: 1e-8},
}

// Each new method gives the same weights and state bit for bit at
// GOMAXPROCS 1 and 2, and another replica gives others.
func TestNewMethodsDeterministic(t *testing.T) {
	data := mnistLike(300, 50)
	for name, cfg := range newMethods {
		cfg.Hidden, cfg.BatchSize, cfg.LearningRate, cfg.InitStd, cfg.Seed = 40, 30, 0.05, 0.01, 1
		if cfg.Optimizer == Adam {
			cfg.LearningRate = 0.005
		}
		run := func(procs, replica int) ([]float32, []byte) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			c := cfg
			c.Replica = replica
			tr, err := New(c, data)
			if err != nil {
				t.Fatal(err)
			}
			for e := 0; e < 3; e++ {
				if err := tr.RunEpoch(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			state, err := tr.MarshalState()
			if err != nil {
				t.Fatal(err)
			}
			return tr.Model.W, state
		}
		a, sa := run(1, 0)
		b, sb := run(2, 0)
		c, _ := run(2, 1)
		if !slices.Equal(a, b) || !slices.Equal(sa, sb) {
			t.Errorf("%s: weights or state differ between GOMAXPROCS 1 and 2", name)
		}
		if slices.Equal(a, c) {
			t.Errorf("%s: replicas 0 and 1 trained to the same weights", name)
		}
	}
}

// Each new method, stopped mid-epoch and resumed from its state in a
// fresh trainer, ends bit for bit where the uninterrupted run does; its
// state is version 2, a plain run's still version 1.
func TestNewMethodsResumeExactly(t *testing.T) {
	data := mnistLike(200, 30)
	for name, cfg := range newMethods {
		cfg.Hidden, cfg.BatchSize, cfg.LearningRate, cfg.InitStd, cfg.Seed = 10, 20, 0.05, 0.1, 8
		whole, second := resumedAlongside(t, cfg, data, name)
		a, _ := whole.MarshalState()
		b, _ := second.MarshalState()
		if !slices.Equal(whole.Model.W, second.Model.W) || !slices.Equal(whole.Model.A, second.Model.A) ||
			!slices.Equal(whole.Model.B, second.Model.B) || !slices.Equal(a, b) {
			t.Errorf("%s: the resumed run differs from the uninterrupted one", name)
		}
		version := binary.LittleEndian.Uint32(a)
		if want := map[bool]uint32{true: 1, false: 2}[!cfg.Centered && cfg.Optimizer != Adam]; version != want {
			t.Errorf("%s: state version %d, want %d", name, version, want)
		}
	}
}

// A version 1 state (a plain run's, as every checkpoint before the new
// methods has) cannot resume a run that needs offsets or moments.
func TestVersion1StateRefusedWhereMoreIsNeeded(t *testing.T) {
	data := mnistLike(40, 20)
	plain, _ := New(Config{Hidden: 5, Method: PCD, K: 1, BatchSize: 20, LearningRate: 0.1, Seed: 1}, data)
	state, _ := plain.MarshalState()
	if v := binary.LittleEndian.Uint32(state); v != 1 {
		t.Fatalf("a plain run's state is version %d, want 1 (unchanged bytes)", v)
	}
	adam, _ := New(Config{Hidden: 5, Method: PCD, K: 1, BatchSize: 20, LearningRate: 0.1, Seed: 1,
		Optimizer: Adam, AdamBeta1: 0.9, AdamBeta2: 0.999, AdamEps: 1e-8}, data)
	if err := adam.RestoreState(state); err == nil {
		t.Fatal("an Adam run resumed from a state without its moments")
	}
}

func TestValidateMethods(t *testing.T) {
	ok := Config{Hidden: 5, Method: CD, K: 1, BatchSize: 10, LearningRate: 0.1}
	for name, mutate := range map[string]func(*Config){
		"optimizer":      func(c *Config) { c.Optimizer = "rmsprop" },
		"adam beta":      func(c *Config) { c.Optimizer, c.AdamBeta1, c.AdamBeta2, c.AdamEps = Adam, 1, 0.999, 1e-8 },
		"adam eps":       func(c *Config) { c.Optimizer, c.AdamBeta1, c.AdamBeta2 = Adam, 0.9, 0.999 },
		"schedule":       func(c *Config) { c.Schedule = "step" },
		"schedule steps": func(c *Config) { c.Schedule = Linear },
		"exp final":      func(c *Config) { c.Schedule, c.ScheduleSteps, c.LRFinal = Exponential, 10, 0 },
		"l1":             func(c *Config) { c.L1 = -1 },
		"slide":          func(c *Config) { c.Centered = true },
		"ladder":         func(c *Config) { c.Method = PT },
		"beta min":       func(c *Config) { c.Method, c.Ladder, c.BetaMin = PT, 3, 1 },
	} {
		c := ok
		mutate(&c)
		if c.Validate(10) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
