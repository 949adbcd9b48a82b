package trajectory

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
)

// randomModel returns an n×m model with parameters ~ N(0, std²).
func randomModel(n, m int, units rbm.Units, std float64, r *rand.Rand) *rbm.Model {
	md := rbm.New(n, m, units)
	for _, p := range [][]float32{md.W, md.A, md.B} {
		for i := range p {
			p[i] = float32(r.NormFloat64() * std)
		}
	}
	return md
}

// walk is a synthetic training trajectory on an enumerable model: from
// θ₀, steps of N(0, step²) on every parameter, with drift pulling W
// toward a fixed random target so the model grows structured.
type walk struct {
	n, m        int
	units       rbm.Units
	steps       int
	step, drift float64
	target      float64 // the std of the target's parameters
	seed        uint64
}

// errors runs an estimator (pitfall p) along the walk and returns, at
// every tenth update, the estimate's error against exact log Z and its
// standard error.
func (w walk) errors(t *testing.T, cfg Config, p pitfalls) (errs, ses []float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(w.seed, 1))
	model := randomModel(w.n, w.m, w.units, 0.01, r)
	target := randomModel(w.n, w.m, w.units, w.target, r)
	e, err := New(model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.pit = p
	for s := 1; s <= w.steps; s++ {
		for _, pair := range [][2][]float32{{model.W, target.W}, {model.A, target.A}, {model.B, target.B}} {
			for i := range pair[0] {
				pair[0][i] += float32(w.drift*(float64(pair[1][i])-float64(pair[0][i])) + w.step*r.NormFloat64())
			}
		}
		e.Update(model)
		if s%10 == 0 {
			est := e.Estimate()
			errs = append(errs, est.LogZ-rbm.ExactLogZ(model))
			ses = append(ses, est.StdErr)
		}
	}
	return errs, ses
}

func meanAbs(xs []float64) (mean, worst float64) {
	for _, x := range xs {
		mean += math.Abs(x)
		worst = max(worst, math.Abs(x))
	}
	return mean / float64(len(xs)), worst
}

// TestPitfallsAreCaught runs the estimator along synthetic trajectories
// of enumerable models, strongly coupled so that one sweep per step mixes
// slowly: the right order of sweep and weights, and resampling ∝ e^{+lw},
// track exact log Z; each of the two known errors, injected, does not.
func TestPitfallsAreCaught(t *testing.T) {
	cfg := Config{Chains: 256, Groups: 8, Threshold: 0.9, Seed: 3}
	for _, w := range []walk{
		{n: 14, m: 10, units: rbm.Bernoulli, steps: 300, step: 0.08, drift: 0.02, target: 6},
		{n: 14, m: 10, units: rbm.Spin, steps: 300, step: 0.02, drift: 0.02, target: 1.5},
	} {
		for _, seed := range []uint64{5, 6, 7} {
			w.seed = seed
			for _, c := range []struct {
				name string
				p    pitfalls
				ok   bool
			}{
				{"right", pitfalls{}, true},
				{"sweep under θ_t", pitfalls{sweepUnderNew: true}, false},
				{"resample by e^-lw", pitfalls{negativeSign: true}, false},
			} {
				errs, ses := w.errors(t, cfg, c.p)
				mean, worst := meanAbs(errs)
				ms, _ := meanAbs(ses)
				t.Logf("%v seed %d %s: mean |err| %.3f worst %.3f, mean se %.3f", w.units, seed, c.name, mean, worst, ms)
				if c.ok && (mean > 0.35 || worst > 0.6) {
					t.Errorf("%v seed %d: mean |log Z error| %.3f (want ≤ 0.35), worst %.3f (want ≤ 0.6)", w.units, seed, mean, worst)
				}
				if !c.ok && mean < 0.7 {
					t.Errorf("%v seed %d: with %s the mean |log Z error| is %.3f: the test does not catch it (want ≥ 0.7)", w.units, seed, c.name, mean)
				}
			}
		}
	}
}

// TestResampleKeepsTheHeavyChains sets one group's weights by hand: a
// systematic resampling ∝ e^{+lw} copies chain k about n·p_k times (within
// one), moves the group's estimate into its anchor and resets the weights.
func TestResampleKeepsTheHeavyChains(t *testing.T) {
	m := randomModel(6, 3, rbm.Bernoulli, 0.5, rand.New(rand.NewPCG(1, 2)))
	e, err := New(m, Config{Chains: 64, Groups: 2, Threshold: 0.5, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	// Mark each chain of group 0 by its visible state: chain k holds the
	// binary digits of k.
	for k := range 32 {
		on := make([]bool, 6)
		for i := range on {
			on[i] = k>>i&1 == 1
		}
		e.s.SetVisible(k, on)
		e.lw[k] = float64(k%4) * 0.7
	}
	before := e.Estimate()
	e.resample(0)
	after := e.Estimate()
	if math.Abs(after.LogZ-before.LogZ) > 1e-12 {
		t.Errorf("log Z moved from %v to %v by resampling", before.LogZ, after.LogZ)
	}
	for k := range 32 {
		if e.lw[k] != 0 {
			t.Fatalf("lw[%d] = %v after resampling, want 0", k, e.lw[k])
		}
	}
	count := make([]int, 32)
	for k := range 32 {
		id := 0
		for i, x := range e.s.Visible(k) {
			if x == 1 {
				id |= 1 << i
			}
		}
		count[id]++
	}
	z := 0.0
	for k := range 32 {
		z += math.Exp(float64(k%4) * 0.7)
	}
	for k, c := range count {
		want := 32 * math.Exp(float64(k%4)*0.7) / z
		if math.Abs(float64(c)-want) >= 1 {
			t.Errorf("chain %d (lw %.1f) copied %d times, want %.2f ± 1 (∝ e^{+lw})", k, float64(k%4)*0.7, c, want)
		}
	}
	if e.Estimate().Resamplings != 1 {
		t.Errorf("resamplings = %d, want 1", e.Estimate().Resamplings)
	}
}

// TestESS checks the groups' ESS against Kish's formula (Σw)²/Σw² and the
// variance of the log weights against a direct computation.
func TestESS(t *testing.T) {
	m := randomModel(6, 3, rbm.Spin, 0.5, rand.New(rand.NewPCG(1, 2)))
	e, err := New(m, Config{Chains: 8, Groups: 2, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	lw := []float64{0, 1, 2, 3, -1, -1, -1, -1}
	copy(e.lw, lw)
	s, s2 := 0.0, 0.0
	for _, x := range lw[:4] {
		s += math.Exp(x)
		s2 += math.Exp(2 * x)
	}
	kish := (s*s/s2/4 + 1) / 2 // group 1's weights are equal: ESS 1
	est := e.Estimate()
	if math.Abs(est.ESS-kish) > 1e-12 {
		t.Errorf("ESS %v, want %v", est.ESS, kish)
	}
	if want := (5.0/3 + 0) / 2; math.Abs(est.VarLogW-want) > 1e-12 {
		t.Errorf("var log w %v, want %v", est.VarLogW, want)
	}
}

// TestFloor checks Estimate.Floor against a brute-force sum over the
// hidden states (not rbm.FreeEnergy's closed form): it is the largest
// log Σ_h e^{−E(v,h)} over the chains' states, so never above exact log Z;
// a sound estimate is not flagged, and one pushed below the floor (every
// group's anchor lowered by 10⁴ nats, as chains that lost the model's mass
// would leave it) is.
func TestFloor(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		w := walk{n: 12, m: 8, units: units, steps: 60, step: 0.05, drift: 0.02, target: 1, seed: 5}
		r := rand.New(rand.NewPCG(w.seed, 1))
		model := randomModel(w.n, w.m, w.units, 0.3, r)
		e, err := New(model, Config{Chains: 64, Groups: 4, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		for s := 1; s <= w.steps; s++ {
			for i := range model.W {
				model.W[i] += float32(w.step * r.NormFloat64())
			}
			e.Update(model)
		}
		est := e.Estimate()
		want := math.Inf(-1)
		for k := range e.Chains() {
			want = max(want, bruteLogSumHidden(model, e.s.Visible(k)))
		}
		if math.Abs(est.Floor-want) > 1e-9*math.Abs(want) {
			t.Errorf("%v: floor %.12g, brute force %.12g", units, est.Floor, want)
		}
		if exact := rbm.ExactLogZ(model); est.Floor > exact {
			t.Errorf("%v: floor %.6f above exact log Z %.6f", units, est.Floor, exact)
		}
		if est.Failed() {
			t.Errorf("%v: sound estimate %.4f flagged (floor %.4f)", units, est.LogZ, est.Floor)
		}
		for g := range e.anchor {
			e.anchor[g] -= 1e4
		}
		if low := e.Estimate(); !low.Failed() {
			t.Errorf("%v: estimate %.1f below floor %.1f not flagged", units, low.LogZ, low.Floor)
		}
	}
}

// bruteLogSumHidden is log Σ_h e^{−E(v,h)} by enumerating the hidden
// states (0/1, or ±1 for spins).
func bruteLogSumHidden(m *rbm.Model, v []float32) float64 {
	lo := 0.0
	if m.Units == rbm.Spin {
		lo = -1
	}
	terms := make([]float64, 0, 1<<m.Hidden)
	for code := range 1 << m.Hidden {
		negE := 0.0
		for i, x := range v {
			negE += float64(m.A[i]) * float64(x)
		}
		for j := range m.Hidden {
			h := lo
			if code>>j&1 == 1 {
				h = 1
			}
			negE += float64(m.B[j]) * h
			for i, x := range v {
				negE += float64(x) * float64(m.W[i*m.Hidden+j]) * h
			}
		}
		terms = append(terms, negE)
	}
	return rbm.LogSumExp(terms)
}
