package diffusion

import (
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// enumerate returns the exact moments of x_α = u_α·v and y_α = v_α·h under
// the model's joint Boltzmann distribution, summing e^{−E(v,h)} over every
// (v, h), and the marginal p(v) of every visible configuration (index bits
// = units on). It uses neither the conditional moments nor Equilibrium.
func enumerate(m *rbm.Model, b *Basis) ([]Moments, []float64) {
	val := func(on bool) float64 {
		if on {
			return 1
		}
		if m.Units == rbm.Spin {
			return -1
		}
		return 0
	}
	nv, nh, k := 1<<m.Visible, 1<<m.Hidden, len(b.Sigma)
	v, h := make([]float64, m.Visible), make([]float64, m.Hidden)
	var ws []float64
	var xs, ys [][]float64
	pv := make([]float64, nv)
	maxE := math.Inf(1)
	var es []float64
	for s := range nv {
		for i := range v {
			v[i] = val(s>>i&1 == 1)
		}
		for t := range nh {
			for j := range h {
				h[j] = val(t>>j&1 == 1)
			}
			e := m.Energy(v, h)
			es = append(es, e)
			maxE = math.Min(maxE, e)
			x, y := make([]float64, k), make([]float64, k)
			for a := range k {
				for i := range v {
					x[a] += b.U.At(i, a) * v[i]
				}
				for j := range h {
					y[a] += b.V.At(j, a) * h[j]
				}
			}
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	z := 0.0
	for _, e := range es {
		w := math.Exp(-(e - maxE))
		ws = append(ws, w)
		z += w
	}
	for i := range ws {
		ws[i] /= z
		pv[i/nh] += ws[i]
	}
	out := make([]Moments, k)
	for a := range k {
		var mx, my, sxx, syy, sxy float64
		for i, w := range ws {
			mx += w * xs[i][a]
			my += w * ys[i][a]
		}
		for i, w := range ws {
			dx, dy := xs[i][a]-mx, ys[i][a]-my
			sxx += w * dx * dx
			syy += w * dy * dy
			sxy += w * dx * dy
		}
		out[a] = Moments{VarX: sxx, VarY: syy, CovXY: sxy}
	}
	return out, pv
}

// TestEquilibriumMatchesEnumeration draws exact samples of v from a small
// model's enumerated marginal and checks Equilibrium's moments against
// the exact joint sums, for Bernoulli and spin units, with weights strong
// enough that the top mode is far past σ = 1/c.
func TestEquilibriumMatchesEnumeration(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		r := rng.New(4, 0, "equilibrium")
		m := rbm.New(9, 4, units)
		scale := 1.5
		if units == rbm.Spin {
			scale = 0.5
		}
		for i := range m.W {
			m.W[i] = float32(scale * r.NormFloat64())
		}
		for i := range m.A {
			m.A[i] = float32(0.3 * r.NormFloat64())
		}
		for j := range m.B {
			m.B[j] = float32(0.3 * r.NormFloat64())
		}
		modes, err := spectral.TopModes(m, 3)
		if err != nil {
			t.Fatal(err)
		}
		b := NewBasis(modes)
		exact, pv := enumerate(m, b)
		const n = 20000
		cdf := make([]float64, len(pv))
		acc := 0.0
		for i, p := range pv {
			acc += p
			cdf[i] = acc
		}
		samples := make([][]bool, n)
		for c := range samples {
			u := r.Float64() * acc
			s := 0
			for s < len(cdf)-1 && cdf[s] < u {
				s++
			}
			samples[c] = make([]bool, m.Visible)
			for i := range samples[c] {
				samples[c][i] = s>>i&1 == 1
			}
		}
		got, effective := b.Equilibrium(m, samples, nil, 7)
		for a, e := range exact {
			g := got[a]
			if g.Time != 7 {
				t.Errorf("%v mode %d: time %v, want 7", units, a, g.Time)
			}
			if effective[a] != n {
				t.Errorf("%v mode %d: independent samples worth %v, want all %d", units, a, effective[a], n)
			}
			// Sampling error of a variance from n draws: about
			// Var·sqrt(2/n) for near-Gaussian variables, doubled for the
			// discrete ones here; 4 of those.
			tol := func(v float64) float64 { return 4 * 2 * v * math.Sqrt(2.0/n) }
			sd := math.Sqrt(e.VarX * e.VarY)
			for _, c := range []struct {
				name          string
				got, want, tl float64
			}{
				{"Var x", g.VarX, e.VarX, tol(e.VarX)},
				{"Var y", g.VarY, e.VarY, tol(e.VarY)},
				{"Cov xy", g.CovXY, e.CovXY, tol(sd)},
				{"Var x₊", g.VarPlus(), e.VarPlus(), tol(e.VarPlus() + sd)},
			} {
				if math.Abs(c.got-c.want) > c.tl {
					t.Errorf("%v mode %d (σ = %.2f): %s = %.4f, exact %.4f (tolerance %.4f)", units, a, b.Sigma[a], c.name, c.got, c.want, c.tl)
				}
			}
			t.Logf("%v mode %d σ = %.2f: Var x %.4f/%.4f Var y %.4f/%.4f Cov %.4f/%.4f", units, a, b.Sigma[a], g.VarX, e.VarX, g.VarY, e.VarY, g.CovXY, e.CovXY)
		}
		// Without the hidden units' conditional variance Var y would be
		// short by E Σ_j v_αj² Var h_j: the check above can fail.
		if units == rbm.Bernoulli && b.Sigma[0] < 4 {
			t.Errorf("σ₁ = %.2f: the test wants a mode past the threshold 1/c = 4", b.Sigma[0])
		}
	}
}

func TestReached(t *testing.T) {
	eq := Moments{VarX: 1, VarY: 1, CovXY: 0.5} // Var x₊ = 1.5
	if _, se, ok := Reached(Moments{VarX: 1.02, VarY: 1, CovXY: 0.5}, eq, 100, 1000); !ok || math.Abs(se-math.Sqrt(2.0/99+2.0/999)) > 1e-12 {
		t.Errorf("1%% off with 100 chains: reached %v, se %v", ok, se)
	}
	if lr, _, ok := Reached(Moments{VarX: 0.2, VarY: 0.2, CovXY: 0.1}, eq, 100, 1000); ok || math.Abs(lr-math.Log(0.2)) > 1e-12 {
		t.Errorf("a fifth of the variance: reached %v, log ratio %v", ok, lr)
	}
	if _, _, ok := Reached(Moments{VarX: math.NaN()}, eq, 100, 1000); ok {
		t.Error("NaN reached")
	}
	// 1,000 chains 30% off (ln 1.3 = 0.26): outside 2 SE of 1,000
	// independent samples (SE 0.063), inside 2 SE of the 125 they are
	// worth when correlated (SE 0.135).
	chains := Moments{VarX: 1.3, VarY: 1.3, CovXY: 0.65}
	if _, _, ok := Reached(chains, eq, 1000, 1000); ok {
		t.Error("30% off against 1,000 independent samples: reached")
	}
	if _, se, ok := Reached(chains, eq, 1000, 125); !ok || math.Abs(se-math.Sqrt(2.0/999+2.0/124)) > 1e-12 {
		t.Errorf("30%% off against 125 effective samples: reached %v, se %v", ok, se)
	}
	if _, se, ok := Reached(chains, eq, 1000, 1); ok || !math.IsNaN(se) {
		t.Errorf("samples worth one draw: reached %v, se %v", ok, se)
	}
}

// TestEffectiveSamplesAR1 draws C stationary AR(1) chains of L values,
// x_t = φx_{t−1} + √(1−φ²)ε_t (unit variance, ρ(k) = φ^k, τ_int =
// (1+φ)/(1−φ)), whose mean 0 and variance of the mean
// Var x̄ = (L + 2Σ_{k<L}(L−k)φ^k)/(L²C) are exact. Two standard errors
// from EffectiveSamples (s²/n_eff) cover the mean about 95% of the time
// (t with C−1 degrees of freedom: 94.3% at C = 25); the naive s²/n ones,
// about √τ too small, cover it about half the time; 1/n_eff averages to
// its exact value Var x̄/Var x.
func TestEffectiveSamplesAR1(t *testing.T) {
	for _, c := range []struct {
		phi         float64
		chains, len int
	}{
		{0.8, 25, 40}, // the full study's shape: τ ≈ 9 samples, 40 per chain
		{0.5, 25, 4},  // the quick study's: 4 samples per chain
	} {
		r := rng.New(29, 0, "ar1")
		n := c.chains * c.len
		lf := float64(c.len)
		sum := lf
		for k := 1; k < c.len; k++ {
			sum += 2 * (lf - float64(k)) * math.Pow(c.phi, float64(k))
		}
		varMean := sum / (lf * lf * float64(c.chains))
		const reps = 3000
		q, chain := make([]float64, n), make([]int64, n)
		covered, coveredNaive, invEff := 0, 0, 0.0
		for range reps {
			i := 0
			for ch := range c.chains {
				x := r.NormFloat64()
				for range c.len {
					q[i], chain[i] = x, int64(ch)
					x = c.phi*x + math.Sqrt(1-c.phi*c.phi)*r.NormFloat64()
					i++
				}
			}
			mean, s2 := 0.0, 0.0
			for _, v := range q {
				mean += v
			}
			mean /= float64(n)
			for _, v := range q {
				s2 += (v - mean) * (v - mean)
			}
			s2 /= float64(n - 1)
			eff := EffectiveSamples(q, chain)
			invEff += 1 / eff
			if math.Abs(mean) <= 2*math.Sqrt(s2/eff) {
				covered++
			}
			if math.Abs(mean) <= 2*math.Sqrt(s2/float64(n)) {
				coveredNaive++
			}
		}
		cover, naive := float64(covered)/reps, float64(coveredNaive)/reps
		wantInv := varMean // Var x = 1
		gotInv := invEff / reps
		t.Logf("φ = %v, %d × %d: coverage %.3f (naive %.3f), n_eff %.1f (exact %.1f of %d)", c.phi, c.chains, c.len, cover, naive, 1/gotInv, 1/wantInv, n)
		if cover < 0.92 || cover > 0.97 {
			t.Errorf("φ = %v: 2 SE cover the mean %.3f of the time, want about 0.943", c.phi, cover)
		}
		if naive > cover-0.08 {
			t.Errorf("φ = %v: naive 2 SE cover %.3f, not measurably below %.3f", c.phi, naive, cover)
		}
		if math.Abs(gotInv/wantInv-1) > 0.05 {
			t.Errorf("φ = %v: mean 1/n_eff %.5f, exact %.5f", c.phi, gotInv, wantInv)
		}
	}
}

// TestEffectiveSamplesIndependent: samples that are each their own chain
// (nil, or distinct chain ids, such as Gibbs chains' final states) or all
// of one chain are worth n exactly, the naive count.
func TestEffectiveSamplesIndependent(t *testing.T) {
	r := rng.New(29, 1, "independent")
	q := make([]float64, 500)
	distinct, one := make([]int64, len(q)), make([]int64, len(q))
	for i := range q {
		q[i], distinct[i] = r.NormFloat64(), int64(3*i+1)
	}
	for name, chain := range map[string][]int64{"nil": nil, "distinct": distinct, "one chain": one} {
		if got := EffectiveSamples(q, chain); got != float64(len(q)) {
			t.Errorf("%s: %v, want %d", name, got, len(q))
		}
	}
}

// TestEquilibriumEffectiveRepeats: chains that each repeat one state L
// times are worth exactly C(C−1)L/(CL−1) samples for every mode (about C,
// one per chain): the chains' means are then the single states' q, whose
// spread over C−1 degrees of freedom against the n−1 of all samples gives
// that ratio, whatever the model.
func TestEquilibriumEffectiveRepeats(t *testing.T) {
	r := rng.New(29, 2, "repeats")
	m, b := randomBasis(t, r, 9, 4)
	const chains, repeat = 30, 8
	var v [][]bool
	var chain []int64
	for c := range chains {
		s := make([]bool, m.Visible)
		for i := range s {
			s[i] = r.Float64() < 0.5
		}
		for range repeat {
			v, chain = append(v, s), append(chain, int64(c))
		}
	}
	want := float64(chains*(chains-1)*repeat) / float64(chains*repeat-1)
	eqRep, effective := b.Equilibrium(m, v, chain, 1)
	eqInd, _ := b.Equilibrium(m, v, nil, 1)
	for a, e := range effective {
		if math.Abs(e-want) > 1e-9*want {
			t.Errorf("mode %d: worth %v samples, want %v", a, e, want)
		}
		if eqRep[a] != eqInd[a] {
			t.Errorf("mode %d: the chains changed the moments: %+v, %+v", a, eqRep[a], eqInd[a])
		}
	}
}
