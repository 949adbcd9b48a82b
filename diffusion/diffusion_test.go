package diffusion

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"github.com/rbmkit/rbmkit/spectral"
)

// boltzmannCov inverts the Gaussian precision matrix [[1/c, −σ], [−σ, 1/c]]
// of U(x,y): the stationary covariance, computed without the package.
func boltzmannCov(sigma, c float64) (vx, vy, cxy float64) {
	p := mat.NewSymDense(2, []float64{1 / c, -sigma, -sigma, 1 / c})
	var inv mat.Dense
	if err := inv.Inverse(p); err != nil {
		panic(err)
	}
	return inv.At(0, 0), inv.At(1, 1), inv.At(0, 1)
}

func TestSimulatedVarianceConvergesBelowThreshold(t *testing.T) {
	modes := []Mode{{0, 0.25}, {2, 0.25}, {3.5, 0.25}, {0.6, 1}}
	cfg := Config{Dt: 2e-3, Time: 6, Records: 30, Trajectories: 10000, Seed: 3}
	series, err := Simulate(modes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(cfg.Trajectories)
	for a, m := range modes {
		s := series[a]
		if len(s) != cfg.Records+1 {
			t.Fatalf("mode %v: %d records, want %d", m, len(s), cfg.Records+1)
		}
		if s[0].Time != 0 || math.Abs(s[len(s)-1].Time-cfg.Time) > 1e-9 {
			t.Errorf("mode %v: times %v … %v, want 0 … %v", m, s[0].Time, s[len(s)-1].Time, cfg.Time)
		}
		vx, vy, cxy := boltzmannCov(m.Sigma, m.C)
		last := s[len(s)-1]
		// Five standard errors of a Gaussian (co)variance estimate, plus the
		// Euler–Maruyama bias, at most Δt·k₋/2 relative.
		bias := cfg.Dt * m.RateMinus() / 2
		for _, q := range []struct {
			name      string
			got, want float64
			se        float64
		}{
			{"Var x", last.VarX, vx, vx * math.Sqrt(2/n)},
			{"Var y", last.VarY, vy, vy * math.Sqrt(2/n)},
			{"Cov(x,y)", last.CovXY, cxy, math.Sqrt((vx*vy + cxy*cxy) / n)},
		} {
			if tol := 5*q.se + bias*math.Max(vx, vy); math.Abs(q.got-q.want) > tol {
				t.Errorf("σ=%v c=%v: %s = %.4f at t=%v, stationary %.4f (±%.4f)", m.Sigma, m.C, q.name, q.got, last.Time, q.want, tol)
			}
		}
		if v := Judge(s); v.Diverges {
			t.Errorf("σ=%v c=%v below the threshold judged divergent (growth %v)", m.Sigma, m.C, v.Growth)
		}
		if plus, minus := m.Stationary(); math.Abs(plus-(vx+cxy)) > 1e-12*plus || math.Abs(minus-(vx-cxy)) > 1e-12*plus {
			t.Errorf("σ=%v c=%v: Stationary() = %v, %v; inverse precision gives %v, %v", m.Sigma, m.C, plus, minus, vx+cxy, vx-cxy)
		}
	}
}

func TestSimulatedVarianceGrowsAboveThreshold(t *testing.T) {
	modes := []Mode{{5, 0.25}, {6, 0.25}, {1.5, 1}}
	cfg := Config{Dt: 1e-3, Time: 4, Records: 40, Trajectories: 4000, Seed: 4}
	series, err := Simulate(modes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for a, m := range modes {
		s := series[a]
		got := Judge(s)
		exact := Judge(m.AnalyticSeries(Times(s), m.C))
		asymptotic := -2 * m.RatePlus() // 2(σ − 1/c)
		t.Logf("σ=%v c=%v: growth %.4f, exact curve %.4f, asymptotic %.4f", m.Sigma, m.C, got.Growth, exact.Growth, asymptotic)
		if !got.Diverges || !exact.Diverges {
			t.Errorf("σ=%v c=%v above the threshold: diverges = %v (exact curve %v)", m.Sigma, m.C, got.Diverges, exact.Diverges)
		}
		// The growth rate over the last half: within 5% of the exact
		// curve's and of 2(σ − 1/c), plus the Euler–Maruyama bias of the
		// rate, (1 + Δt·λ)^{1/Δt} against e^{λ}: about Δt·λ²/2 in λ.
		lambda := -m.RatePlus()
		tol := 0.05*asymptotic + 2*cfg.Dt*lambda*lambda
		if math.Abs(got.Growth-exact.Growth) > tol || math.Abs(got.Growth-asymptotic) > tol {
			t.Errorf("σ=%v c=%v: growth %.4f, exact curve %.4f, asymptotic %.4f (±%.4f)", m.Sigma, m.C, got.Growth, exact.Growth, asymptotic, tol)
		}
		// The stiff mode x₋ still relaxes to 1/k₋.
		_, minus := m.Stationary()
		if last := s[len(s)-1]; math.Abs(last.VarMinus()-minus) > 5*minus*math.Sqrt(2/float64(cfg.Trajectories))+cfg.Dt*m.RateMinus()/2*minus {
			t.Errorf("σ=%v c=%v: Var x₋ = %v, want %v", m.Sigma, m.C, last.VarMinus(), minus)
		}
	}
}

func TestRunawayStopsSeries(t *testing.T) {
	// λ = 196: Var x₊ passes 10²⁰⁰ near t = 1.2; the series stops there.
	m := Mode{Sigma: 200, C: 0.25}
	series, err := Simulate([]Mode{m}, Config{Dt: 1e-3, Time: 3, Records: 30, Trajectories: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s := series[0]
	if len(s) < 5 || len(s) > 20 {
		t.Fatalf("%d records kept, want the series to stop near t = 1.2", len(s))
	}
	for _, p := range s {
		if !finite(p.VarPlus()) {
			t.Fatalf("non-finite variance kept at t = %v", p.Time)
		}
	}
	if !Judge(s).Diverges {
		t.Error("a runaway mode judged convergent")
	}
}

func TestAnalyticVariancesSolveTheirODE(t *testing.T) {
	// dV/dt = −2kV + 2 with V(0) = v0, for both signs of k and k = 0.
	for _, m := range []Mode{{0, 0.25}, {3, 0.25}, {4, 0.25}, {7, 0.25}, {0.5, 1}, {2, 1}} {
		for _, v0 := range []float64{0, 0.25, 3} {
			p0, q0 := m.Variances(0, v0)
			if p0 != v0 || q0 != v0 {
				t.Errorf("σ=%v: V(0) = %v, %v, want %v", m.Sigma, p0, q0, v0)
			}
			for _, tt := range []float64{0.1, 0.7, 2} {
				const h = 1e-5
				p1, q1 := m.Variances(tt-h, v0)
				p2, q2 := m.Variances(tt+h, v0)
				p, q := m.Variances(tt, v0)
				for _, c := range []struct{ deriv, v, k float64 }{{(p2 - p1) / (2 * h), p, m.RatePlus()}, {(q2 - q1) / (2 * h), q, m.RateMinus()}} {
					if want := -2*c.k*c.v + 2; math.Abs(c.deriv-want) > 1e-5*(1+math.Abs(want)) {
						t.Errorf("σ=%v v0=%v t=%v: dV/dt = %v, want %v", m.Sigma, v0, tt, c.deriv, want)
					}
				}
			}
		}
	}
	if m := (Mode{Sigma: 4, C: 0.25}); m.Converges() {
		t.Error("σ at the threshold judged convergent")
	}
	if c := GaussianVariance(rbm.Bernoulli); c != 0.25 {
		t.Errorf("c(bernoulli) = %v", c)
	}
	if c := GaussianVariance(rbm.Spin); c != 1 {
		t.Errorf("c(spin) = %v", c)
	}
}

func TestJudge(t *testing.T) {
	series := func(f func(t float64) float64) []Moments {
		var s []Moments
		for i := 0; i <= 20; i++ {
			tt := float64(i) * 0.5
			v := f(tt)
			s = append(s, Moments{Time: tt, VarX: v / 2, VarY: v / 2, CovXY: v / 2}) // Var x₊ = v
		}
		return s
	}
	for _, c := range []struct {
		name     string
		f        func(float64) float64
		diverges bool
		growth   float64
	}{
		{"constant", func(float64) float64 { return 2 }, false, 0},
		{"saturating", func(t float64) float64 { return 2 - math.Exp(-t) }, false, math.NaN()},
		{"exponential", func(t float64) float64 { return math.Exp(0.6 * t) }, true, 0.6},
		{"linear from 1", func(t float64) float64 { return 1 + t }, false, math.NaN()},
	} {
		v := Judge(series(c.f))
		if v.Diverges != c.diverges {
			t.Errorf("%s: diverges = %v, want %v", c.name, v.Diverges, c.diverges)
		}
		if !math.IsNaN(c.growth) && math.Abs(v.Growth-c.growth) > 1e-9 {
			t.Errorf("%s: growth %v, want %v", c.name, v.Growth, c.growth)
		}
	}
	if v := Judge(nil); !math.IsNaN(v.Growth) || v.Diverges {
		t.Errorf("Judge(nil) = %+v", v)
	}
}

func TestSimulateIdenticalAcrossGOMAXPROCS(t *testing.T) {
	modes := []Mode{{1, 0.25}, {5, 0.25}}
	cfg := Config{Dt: 0.01, Time: 1, Records: 5, Trajectories: 3*BlockTrajectories + 5, Seed: 2, Replica: 1}
	run := func(procs int) []Moments {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		s, err := Simulate(modes, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return append(s[0], s[1]...)
	}
	one := run(1)
	for _, p := range []int{2, 3} {
		if !slices.Equal(run(p), one) {
			t.Errorf("GOMAXPROCS=%d differs from GOMAXPROCS=1", p)
		}
	}
}

func TestSimulateRejects(t *testing.T) {
	good := Config{Dt: 1e-3, Time: 1, Records: 2, Trajectories: 10}
	for _, c := range []struct {
		name string
		mod  func(*Config)
		mode Mode
	}{
		{"zero dt", func(c *Config) { c.Dt = 0 }, Mode{1, 0.25}},
		{"no time", func(c *Config) { c.Time = 0 }, Mode{1, 0.25}},
		{"no records", func(c *Config) { c.Records = 0 }, Mode{1, 0.25}},
		{"one trajectory", func(c *Config) { c.Trajectories = 1 }, Mode{1, 0.25}},
		{"stiff", func(c *Config) { c.Dt = 0.1 }, Mode{7, 0.25}},
		{"bad c", func(*Config) {}, Mode{1, 0}},
	} {
		cfg := good
		c.mod(&cfg)
		if _, err := Simulate([]Mode{c.mode}, cfg); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
}

// randomBasis returns a visible × hidden model with standard normal
// weights drawn from r (zero biases) and the basis of its top 3 modes.
func randomBasis(t *testing.T, r *rand.Rand, visible, hidden int) (*rbm.Model, *Basis) {
	t.Helper()
	m := rbm.New(visible, hidden, rbm.Bernoulli)
	for i := range m.W {
		m.W[i] = float32(r.NormFloat64())
	}
	modes, err := spectral.TopModes(m, 3)
	if err != nil {
		t.Fatal(err)
	}
	return m, NewBasis(modes)
}

func TestBasisProjects(t *testing.T) {
	r := rng.New(1, 0, "test")
	m, b := randomBasis(t, r, 12, 7)
	if len(b.Sigma) != 3 || !(b.Sigma[0] >= b.Sigma[1] && b.Sigma[1] >= b.Sigma[2]) {
		t.Fatalf("σ = %v: want 3 decreasing values", b.Sigma)
	}
	// W v_α = σ_α u_α.
	for a := range 3 {
		for i := range m.Visible {
			s := 0.0
			for j := range m.Hidden {
				s += float64(m.W[i*m.Hidden+j]) * b.V.At(j, a)
			}
			if math.Abs(s-b.Sigma[a]*b.U.At(i, a)) > 1e-5 {
				t.Fatalf("mode %d row %d: (Wv)_i = %v, σu_i = %v", a, i, s, b.Sigma[a]*b.U.At(i, a))
			}
		}
	}
	// Moments against a direct projection.
	const chains = 50
	v, h := make([]float32, chains*12), make([]float32, chains*7)
	for i := range v {
		v[i] = float32(r.IntN(2))
	}
	for i := range h {
		h[i] = float32(r.IntN(2))
	}
	got := b.Moments(v, h, chains, 7)
	for a := range 3 {
		xs, ys := make([]float64, chains), make([]float64, chains)
		for c := range chains {
			for i := range 12 {
				xs[c] += float64(v[c*12+i]) * b.U.At(i, a)
			}
			for j := range 7 {
				ys[c] += float64(h[c*7+j]) * b.V.At(j, a)
			}
		}
		want := Moments{Time: 7, VarX: variance(xs, xs), VarY: variance(ys, ys), CovXY: variance(xs, ys)}
		g := got[a]
		if g.Time != 7 || math.Abs(g.VarX-want.VarX) > 1e-12 || math.Abs(g.VarY-want.VarY) > 1e-12 || math.Abs(g.CovXY-want.CovXY) > 1e-12 {
			t.Errorf("mode %d: %+v, want %+v", a, g, want)
		}
	}
}

func variance(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	s := 0.0
	for i := range x {
		s += (x[i] - mx) * (y[i] - my)
	}
	return s / float64(len(x)-1)
}
