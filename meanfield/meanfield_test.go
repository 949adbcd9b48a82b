package meanfield

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/internal/testmodel"
	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// randomModel has W_ij ~ N(0, ws²) and biases ~ N(0, bs²).
func randomModel(seed uint64, n, m int, u rbm.Units, ws, bs float64) *rbm.Model {
	return testmodel.Gaussian(rng.New(seed, 0, "meanfield-test-model"), n, m, u, ws, bs)
}

func mustNew(t *testing.T, m *rbm.Model) *Problem {
	t.Helper()
	p, err := New(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var units = []rbm.Units{rbm.Bernoulli, rbm.Spin}

// With W = 0 the units are independent and both approximations are exact:
// log Z = Σ log Σ_v e^{a v} over both layers.
func TestZeroWeightsExact(t *testing.T) {
	for _, u := range units {
		for _, approx := range []Approximation{Naive, TAP} {
			m := randomModel(1, 12, 8, u, 0, 1.5)
			p := mustNew(t, m)
			mv, mh := p.Symmetric()
			s := p.Solve(approx, mv, mh, Options{})
			want := rbm.ExactLogZ(m)
			if !s.Converged || math.Abs(-s.F-want) > 1e-12*math.Abs(want) {
				t.Errorf("%v %v: −F = %.15g (converged %v), exact log Z %.15g", u, approx, -s.F, s.Converged, want)
			}
		}
	}
}

// Naive mean field is a variational bound: −F_MF ≤ log Z everywhere, in
// particular at every fixed point Explore finds.
func TestNaiveIsLowerBound(t *testing.T) {
	for _, u := range units {
		for k, ws := range []float64{0.1, 0.5, 1, 2} {
			m := randomModel(uint64(10+k), 12, 8, u, ws/math.Sqrt(8), 0.5)
			p := mustNew(t, m)
			modes, err := spectral.TopModes(m, 3)
			if err != nil {
				t.Fatal(err)
			}
			starts, err := p.Explore(Naive, modes, Options{})
			if err != nil {
				t.Fatal(err)
			}
			exact := rbm.ExactLogZ(m)
			for _, s := range starts {
				if -s.F > exact+1e-12 {
					t.Errorf("%v scale %g start (%d,%g): −F_MF = %.12g above log Z = %.12g", u, ws, s.Rank, s.Z, -s.F, exact)
				}
			}
			if z, ok := LogZ(starts); !ok || z > exact {
				t.Errorf("%v scale %g: LogZ %.12g (converged %v), exact %.12g", u, ws, z, ok, exact)
			}
		}
	}
}

// At weak coupling TAP (second order in W) is closer to the exact log Z
// than naive mean field (first order), and both errors vanish with W.
func TestTAPBeatsNaiveAtWeakCoupling(t *testing.T) {
	for _, u := range units {
		for seed := uint64(0); seed < 3; seed++ {
			prevNaive := math.Inf(1)
			for _, ws := range []float64{0.4, 0.2, 0.1, 0.05} {
				// Entries of scale ws/√M keep the coupling per unit at ws.
				m := randomModel(20+seed, 12, 8, u, ws/math.Sqrt(8), 0.5)
				p := mustNew(t, m)
				exact := rbm.ExactLogZ(m)
				errOf := func(approx Approximation) float64 {
					starts, err := p.Explore(approx, nil, Options{})
					if err != nil {
						t.Fatal(err)
					}
					z, ok := LogZ(starts)
					if !ok {
						t.Fatalf("%v scale %g: %v did not converge", u, ws, approx)
					}
					return math.Abs(z - exact)
				}
				naive, tap := errOf(Naive), errOf(TAP)
				if !(tap < naive) {
					t.Errorf("%v seed %d scale %g: |TAP − exact| = %.3g, |MF − exact| = %.3g", u, seed, ws, tap, naive)
				}
				// Halving the coupling divides the naive error by about 4
				// (it is second order in W); TAP's is of higher order.
				if ws < 0.2 {
					if r := prevNaive / naive; r < 3.5 || r > 4.5 {
						t.Errorf("%v seed %d scale %g: naive error shrank by %.3g on halving W, want ≈ 4", u, seed, ws, r)
					}
				}
				if ws <= 0.2 && tap > 0.1*naive {
					t.Errorf("%v seed %d scale %g: TAP error %.3g is not of higher order than naive %.3g", u, seed, ws, tap, naive)
				}
				prevNaive = naive
			}
		}
	}
}

// numGrad is the central-difference gradient of F in (mv, mh).
func numGrad(p *Problem, approx Approximation, mv, mh []float64) []float64 {
	const h = 1e-6
	x := append(append([]float64(nil), mv...), mh...)
	f := func(x []float64) float64 { return p.FreeEnergy(approx, x[:p.N], x[p.N:]) }
	g := make([]float64, len(x))
	for k := range x {
		orig := x[k]
		x[k] = orig + h
		up := f(x)
		x[k] = orig - h
		down := f(x)
		x[k] = orig
		g[k] = (up - down) / (2 * h)
	}
	return g
}

// The converged iteration sits at a stationary point of the free energy it
// reports: the update equations and F agree.
func TestFixedPointIsStationary(t *testing.T) {
	for _, u := range units {
		for _, approx := range []Approximation{Naive, TAP} {
			m := randomModel(30, 12, 8, u, 0.3, 0.7)
			p := mustNew(t, m)
			mv, mh := p.Symmetric()
			s := p.Solve(approx, mv, mh, Options{})
			if !s.Converged {
				t.Fatalf("%v %v: no convergence in %d sweeps (residual %g)", u, approx, s.Iterations, s.Residual)
			}
			for k, g := range numGrad(p, approx, s.Mv, s.Mh) {
				if math.Abs(g) > 1e-6 {
					t.Errorf("%v %v: ∂F/∂x[%d] = %g at the fixed point", u, approx, k, g)
				}
			}
		}
	}
}

// Hessian's count of descending directions equals the number of negative
// eigenvalues of a finite-difference Hessian, at random interior points of
// strongly coupled models.
func TestHessianMatchesFiniteDifferences(t *testing.T) {
	r := rng.New(1, 0, "meanfield-test-points")
	for _, u := range units {
		for _, approx := range []Approximation{Naive, TAP} {
			seen := map[int]bool{}
			for trial := range 12 {
				m := randomModel(uint64(40+trial), 5, 4, u, 1.5+0.5*float64(trial%4), 0.5)
				p := mustNew(t, m)
				mv, mh := make([]float64, p.N), make([]float64, p.M)
				for i := range mv {
					mv[i] = p.fromSpin(0.9 * (2*r.Float64() - 1))
				}
				for j := range mh {
					mh[j] = p.fromSpin(0.9 * (2*r.Float64() - 1))
				}
				st, err := p.Hessian(approx, mv, mh)
				if err != nil {
					t.Fatal(err)
				}
				// Second differences of the analytic gradient's finite
				// version: H_kl ≈ (g(x + h e_l) − g(x − h e_l))_k / 2h.
				n := p.N + p.M
				hess := mat.NewSymDense(n, nil)
				x := append(append([]float64(nil), mv...), mh...)
				const h = 1e-4
				cols := make([][]float64, n)
				for l := range n {
					orig := x[l]
					x[l] = orig + h
					up := numGrad(p, approx, x[:p.N], x[p.N:])
					x[l] = orig - h
					down := numGrad(p, approx, x[:p.N], x[p.N:])
					x[l] = orig
					cols[l] = make([]float64, n)
					for k := range n {
						cols[l][k] = (up[k] - down[k]) / (2 * h)
					}
				}
				for k := range n {
					for l := k; l < n; l++ {
						hess.SetSym(k, l, (cols[l][k]+cols[k][l])/2)
					}
				}
				var eig mat.EigenSym
				if !eig.Factorize(hess, false) {
					t.Fatal("eigen decomposition failed")
				}
				negative := 0
				minEig := math.Inf(1)
				for _, e := range eig.Values(nil) {
					minEig = min(minEig, e)
					if e < 0 {
						negative++
					}
				}
				if negative != st.Unstable || (minEig > 0) != (st.Margin > 0) {
					t.Errorf("%v %v trial %d: Hessian says %d unstable (margin %.4g), finite differences %d negative eigenvalues (min %.4g)",
						u, approx, trial, st.Unstable, st.Margin, negative, minEig)
				}
				seen[negative] = true
			}
			if len(seen) < 2 {
				t.Errorf("%v %v: the trials only produced saddles of index %v; the test needs variety", u, approx, seen)
			}
		}
	}
}

// planted returns a zero-spin-field model whose W has the single mode
// σ·u·vᵀ, with u and v of uniform magnitude and mixed signs. In the spin
// convention it is J = σ u vᵀ with zero fields; for Bernoulli units W =
// σ u vᵀ with a = −W·1/2, b = −Wᵀ·1/2 (the same zero spin fields).
func planted(units rbm.Units, n, m int, sigma float64) (*rbm.Model, []float64, []float64) {
	u, v := make([]float64, n), make([]float64, m)
	for i := range u {
		u[i] = 1 / math.Sqrt(float64(n))
		if i%3 == 1 {
			u[i] = -u[i]
		}
	}
	for j := range v {
		v[j] = 1 / math.Sqrt(float64(m))
		if j%2 == 1 {
			v[j] = -v[j]
		}
	}
	md := rbm.New(n, m, units)
	for i := range n {
		for j := range m {
			w := sigma * u[i] * v[j]
			md.W[i*m+j] = float32(w)
			if units == rbm.Bernoulli {
				md.A[i] -= float32(w / 2)
				md.B[j] -= float32(w / 2)
			}
		}
	}
	return md, u, v
}

// On planted single-mode models the symmetric solution loses stability
// exactly where the Landau quadratic coefficient changes sign (σ = 4 for
// Bernoulli units, 1 for spins); beyond it the displaced starts find two
// stable broken-symmetry minima below the symmetric point, at the
// amplitude the Landau expansion predicts near the threshold.
func TestPlantedModeThreshold(t *testing.T) {
	for _, u := range units {
		th := Threshold(u)
		for _, ratio := range []float64{0.5, 0.9, 0.975, 1.025, 1.1, 1.5} {
			t.Run(fmt.Sprintf("%v/sigma=%g", u, ratio*th), func(t *testing.T) {
				m, uu, vv := planted(u, 12, 8, ratio*th)
				p := mustNew(t, m)
				modes, err := spectral.TopModes(m, 1)
				if err != nil {
					t.Fatal(err)
				}
				md := modes[0]
				c2, c4 := Landau(md.Sigma, md.U, md.V, u)
				if (c2 > 0) != (ratio < 1) {
					t.Fatalf("Landau quadratic %g at σ/threshold = %g", c2, ratio)
				}
				if want := (1/12.0 + 1/8.0) / 12; math.Abs(c4-want) > 1e-6 {
					t.Errorf("Landau quartic %g, want (1/N + 1/M)/12 = %g for uniform vectors", c4, want)
				}
				// At the symmetric point the Hessian margin is the Landau
				// quadratic coefficient: var = 1/4 (or 1) scales W to J.
				mv, mh := p.Symmetric()
				sym, err := p.Hessian(Naive, mv, mh)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(sym.Margin-c2) > 1e-6 || (sym.Unstable == 1) != (ratio > 1) {
					t.Errorf("symmetric point: margin %g (Landau quadratic %g), %d unstable directions", sym.Margin, c2, sym.Unstable)
				}
				starts, err := p.Explore(Naive, modes, Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range starts {
					if !s.Converged {
						t.Fatalf("start (%d, %g) did not converge: residual %g after %d sweeps", s.Rank, s.Z, s.Residual, s.Iterations)
					}
				}
				symmetric, plus, minus := starts[0], starts[1], starts[2]
				if math.Abs(symmetric.Projection) > 1e-9 {
					t.Errorf("the symmetric start moved to projection %g", symmetric.Projection)
				}
				if ratio < 1 {
					if plus.ID != 0 || minus.ID != 0 || !symmetric.Stability.Stable() {
						t.Errorf("below threshold the starts reached points %d, %d (symmetric stable: %v)", plus.ID, minus.ID, symmetric.Stability.Stable())
					}
					return
				}
				if plus.ID == minus.ID || plus.ID == 0 || minus.ID == 0 {
					t.Fatalf("above threshold the ± starts reached points %d and %d", plus.ID, minus.ID)
				}
				for _, s := range []Start{plus, minus} {
					if !s.Stability.Stable() || !(s.F < symmetric.F) {
						t.Errorf("broken solution from z=%g: stable %v, F %.9g vs symmetric %.9g", s.Z, s.Stability.Stable(), s.F, symmetric.F)
					}
				}
				if plus.Projection <= 0 || math.Abs(plus.Projection+minus.Projection) > 1e-6 || math.Abs(plus.F-minus.F) > 1e-9 {
					t.Errorf("broken solutions not mirror images: projections %g, %g; F %g, %g", plus.Projection, minus.Projection, plus.F, minus.F)
				}
				if ratio < 1.05 {
					zL := math.Sqrt(-c2 / (2 * c4))
					if math.Abs(plus.Projection/zL-1) > 0.05 {
						t.Errorf("broken solution at z = %.4f, Landau predicts %.4f", plus.Projection, zL)
					}
				}
				_, _ = uu, vv
			})
		}
	}
}

// Near the symmetric point of a zero-field model the slice is the Landau
// polynomial: F(z) − F(0) = c₂z² + c₄z⁴ + O(z⁶).
func TestSliceIsLandauNearZero(t *testing.T) {
	for _, u := range units {
		for _, ratio := range []float64{0.5, 1.5} {
			m, _, _ := planted(u, 12, 8, ratio*Threshold(u))
			p := mustNew(t, m)
			modes, err := spectral.TopModes(m, 1)
			if err != nil {
				t.Fatal(err)
			}
			md := modes[0]
			c2, c4 := Landau(md.Sigma, md.U, md.V, u)
			zs := []float64{-0.6, -0.3, 0, 0.15, 0.3, 0.6}
			f := p.Slice(Naive, md.U, md.V, zs)
			f0 := f[2]
			for k, z := range zs {
				want := c2*z*z + c4*z*z*z*z
				// The next term is Σ m⁶/30 over units: z⁶(1/N² + 1/M²)/30.
				bound := 1.5*math.Pow(z, 6)*(1/144.0+1/64.0)/30 + 1e-6
				if got := f[k] - f0; math.Abs(got-want) > bound {
					t.Errorf("%v σ=%g: F(%g) − F(0) = %.9g, Landau %.9g", u, md.Sigma, z, got, want)
				}
			}
		}
	}
}
