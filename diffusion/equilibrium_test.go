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
		got := b.Equilibrium(m, samples, 7)
		for a, e := range exact {
			g := got[a]
			if g.Time != 7 {
				t.Errorf("%v mode %d: time %v, want 7", units, a, g.Time)
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
}
