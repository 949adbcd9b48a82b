package bar

import (
	"math"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/ais"
	"github.com/rbmkit/rbmkit/gibbs"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// randomModel draws W ~ N(0, scale²) and biases ~ N(0, biasScale²).
func randomModel(seed uint64, n, m int, scale, biasScale float64) *rbm.Model {
	r := rng.New(seed, 0, "test-model")
	md := rbm.New(n, m, rbm.Bernoulli)
	for i := range md.W {
		md.W[i] = float32(r.NormFloat64() * scale)
	}
	for i := range md.A {
		md.A[i] = float32(r.NormFloat64() * biasScale)
	}
	for j := range md.B {
		md.B[j] = float32(r.NormFloat64() * biasScale)
	}
	return md
}

// freeEnergies returns F of each sample under m.
func freeEnergies(m *rbm.Model, xs [][]bool) []float64 {
	out := make([]float64, len(xs))
	v := make([]float64, m.Visible)
	for i, x := range xs {
		for j, on := range x {
			v[j] = 0
			if on {
				v[j] = 1
			}
		}
		out[i] = m.FreeEnergy(v)
	}
	return out
}

// TestSolveOnExactSamples: from exact samples of two models, BAR's
// log Z_1 − log Z_0 equals enumeration's, and both one-sided estimates
// agree with it where the models overlap.
func TestSolveOnExactSamples(t *testing.T) {
	m0, m1 := randomModel(1, 10, 6, 0.8, 0.5), randomModel(2, 10, 6, 0.8, 0.5)
	r := rng.New(3, 0, "test-samples")
	x0, err := ais.ExactSamples(m0, 20000, r)
	if err != nil {
		t.Fatal(err)
	}
	x1, _ := ais.ExactSamples(m1, 10000, r)
	f00, f01 := freeEnergies(m0, x0), freeEnergies(m1, x0)
	f10, f11 := freeEnergies(m0, x1), freeEnergies(m1, x1)
	w, u := make([]float64, len(x0)), make([]float64, len(x1))
	for i := range w {
		w[i] = f01[i] - f00[i]
	}
	for j := range u {
		u[j] = f10[j] - f11[j]
	}
	want := rbm.ExactLogZ(m1) - rbm.ExactLogZ(m0)
	d, err := Solve(w, u, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BAR %.4f, forward %.4f, reverse %.4f, exact %.4f", d, Forward(w, nil), Reverse(u, nil), want)
	if math.Abs(d-want) > 0.03 {
		t.Errorf("BAR %.4f, exact %.4f", d, want)
	}
	// The root: both sides of the equation balance.
	m := math.Log(float64(len(w)) / float64(len(u)))
	l, rr := 0.0, 0.0
	for _, x := range w {
		l += fermi(m + x + d)
	}
	for _, x := range u {
		rr += fermi(-m + x - d)
	}
	if math.Abs(l-rr) > 1e-6*(l+rr) {
		t.Errorf("at the root: %.9g ≠ %.9g", l, rr)
	}
	// Weights are multiplicities: doubling a sample is weighting it 2.
	cw := make([]float64, len(w))
	for i := range cw {
		cw[i] = float64(1 + i%3)
	}
	var dup []float64
	for i, x := range w {
		for range 1 + i%3 {
			dup = append(dup, x)
		}
	}
	a, _ := Solve(w, u, cw, nil)
	b, _ := Solve(dup, u, nil, nil)
	if math.Abs(a-b) > 1e-9 {
		t.Errorf("weighted %.12g, duplicated %.12g", a, b)
	}
	if math.Abs(Forward(w, cw)-Forward(dup, nil)) > 1e-9 {
		t.Error("weighted forward estimate differs from duplicated samples'")
	}
	if _, err := Solve(w, nil, nil, nil); err == nil {
		t.Error("no reverse samples: no error")
	}
}

// ladder returns rungs s·m for s = 0, 1/(K−1), …, 1 (s = 0: the
// independent-site bottom with zero biases).
func ladder(m *rbm.Model, K int) []*rbm.Model {
	out := make([]*rbm.Model, K)
	for k := range out {
		c := m.Clone()
		s := float64(k) / float64(K-1)
		for _, p := range [][]float32{c.W, c.A, c.B} {
			for i := range p {
				p[i] = float32(float64(p[i]) * s)
			}
		}
		out[k] = c
	}
	return out
}

// estimate runs trajectory tempering over models and returns BAR's log Z.
func estimate(t *testing.T, models []*rbm.Model, seed uint64, chains, burn, rounds int) Result {
	t.Helper()
	tr, err := gibbs.NewTrajectory(models, gibbs.Config{Chains: chains, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(tr)
	for i := range burn + rounds {
		tr.Round()
		if i >= burn {
			rec.Record()
		}
	}
	z0, err := gibbs.IndependentLogZ(models[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := Ladder(rec.Rungs, z0, chains, 200, rng.New(seed, 0, "test-bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestLadderMatchesEnumeration: BAR's log Z of every rung of a PTT run
// equals exact enumeration within 0.1 nat on small models (two-mode and
// random), and over independent runs the bootstrap error covers the exact
// value as often as a normal error would (68% within one, 95% within two).
func TestLadderMatchesEnumeration(t *testing.T) {
	for _, c := range []struct {
		name string
		m    *rbm.Model
		K    int
	}{
		{"random", randomModel(7, 12, 8, 1.2, 0.5), 6},
		{"strong", randomModel(8, 10, 10, 2.5, 1), 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			models := ladder(c.m, c.K)
			exact := make([]float64, c.K)
			for k, m := range models {
				exact[k] = rbm.ExactLogZ(m)
			}
			const runs = 30
			var z []float64 // (estimate − exact)/SE over runs and rungs
			worst := 0.0
			for seed := range uint64(runs) {
				res := estimate(t, models, seed+1, 50, 20, 100)
				for k := 1; k < c.K; k++ {
					worst = max(worst, math.Abs(res.LogZ[k]-exact[k]))
				}
				// One rung per run, so that the z are independent.
				k := c.K - 1 - int(seed)%(c.K-1)
				z = append(z, (res.LogZ[k]-exact[k])/res.StdErr[k])
				if seed == 0 {
					for k, l := range res.Links {
						t.Logf("link %d: BAR %.4f ± %.4f, forward %.4f, reverse %.4f; exact %.4f", k, l.DLogZ, l.StdErr, l.Forward, l.Reverse, exact[k+1]-exact[k])
					}
				}
			}
			within := func(s float64) int {
				n := 0
				for _, x := range z {
					if math.Abs(x) <= s {
						n++
					}
				}
				return n
			}
			t.Logf("worst |BAR − exact| %.4f nat; within 1 SE %d/%d, within 2 SE %d/%d", worst, within(1), runs, within(2), runs)
			if worst > 0.1 {
				t.Errorf("|BAR − exact| reaches %.4f nat", worst)
			}
			// Binomial(30, 0.68): 13…26 holds with probability > 0.999; and
			// Binomial(30, 0.95) ≥ 25 with probability 0.998.
			if n := within(1); n < 13 || n > 26 {
				t.Errorf("the exact value is within one bootstrap SE in %d of %d runs, want about 68%%", n, runs)
			}
			if n := within(2); n < 25 {
				t.Errorf("the exact value is within two bootstrap SE in %d of %d runs, want about 95%%", n, runs)
			}
		})
	}
}

func TestLadderWithoutBootstrap(t *testing.T) {
	models := ladder(randomModel(9, 8, 5, 1, 0.5), 3)
	tr, _ := gibbs.NewTrajectory(models, gibbs.Config{Chains: 40, Seed: 1})
	rec := NewRecorder(tr)
	for range 30 {
		tr.Round()
		rec.Record()
	}
	res, err := Ladder(rec.Rungs, 0, 40, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(res.StdErr[1]) || res.StdErr[0] != 0 || res.LogZ[0] != 0 {
		t.Errorf("no bootstrap: StdErr %v, LogZ %v", res.StdErr, res.LogZ)
	}
	// The recorder's free energies are the rungs' models'.
	s := rec.Rungs[1][len(rec.Rungs[1])-1]
	st := tr.Sampler(1).Visible(39)
	v := make([]float64, len(st))
	for i, x := range st {
		v[i] = float64(x)
	}
	got := []float64{s.Below, s.Own, s.Above}
	want := []float64{models[0].FreeEnergy(v), models[1].FreeEnergy(v), models[2].FreeEnergy(v)}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-4*(1+math.Abs(want[i])) {
			t.Errorf("free energies %v, models say %v", got, want)
		}
	}
	if slices.ContainsFunc(rec.Rungs[0], func(s Sample) bool { return !math.IsNaN(s.Below) }) {
		t.Error("a bottom-rung sample has a rung below")
	}
}
