package mp

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// shapes covers tall, wide, square and a near-square matrix.
var lawShapes = []struct{ rows, cols int }{
	{784, 100}, {100, 784}, {784, 500}, {784, 784}, {784, 780}, {784, 2000}, {50, 1},
}

// integrate computes ∫_lo^x f(λ)ρ(λ) dλ numerically, independently of the
// closed-form CDF: λ = m − h·cos φ turns the square-root edges into a
// smooth integrand, ρ(λ)·h·sin φ (smooth at λ = 0 for γ = 1 too), which
// Gauss–Legendre integrates to machine precision.
func integrate(l Law, x float64, f func(float64) float64) float64 {
	lo, hi := l.Edges()
	x = min(max(x, lo), hi)
	m, h := (lo+hi)/2, (hi-lo)/2
	phiX := math.Acos(min(max((m-x)/h, -1), 1))
	g := func(phi float64) float64 {
		lam := m - h*math.Cos(phi)
		return f(lam) * math.Sqrt(max((hi-lam)*(lam-lo), 0)) / (2 * math.Pi * l.S2 * l.Ratio() * lam) * h * math.Sin(phi)
	}
	// Near-square shapes have a sharp peak at φ ≈ √(λ₋/h): panels refine
	// geometrically toward 0.
	var sum float64
	hiPhi := phiX
	for hiPhi > 1e-9 {
		loPhi := hiPhi / 4
		sum += quad.Fixed(g, loPhi, hiPhi, 64, quad.Legendre{}, 0)
		hiPhi = loPhi
	}
	return sum + quad.Fixed(g, 0, hiPhi, 64, quad.Legendre{}, 0)
}

func one(float64) float64 { return 1 }

func TestDensityIntegratesToOneAndMoments(t *testing.T) {
	for _, sh := range lawShapes {
		l := NewLaw(0.37, sh.rows, sh.cols)
		_, hi := l.Edges()
		g := l.Ratio()
		if total := integrate(l, hi, one); math.Abs(total-1) > 1e-12 {
			t.Errorf("%d×%d: ∫ρ = %.15f, want 1", sh.rows, sh.cols, total)
		}
		mean := integrate(l, hi, func(x float64) float64 { return x })
		second := integrate(l, hi, func(x float64) float64 { return x * x })
		if math.Abs(mean-l.S2) > 1e-12 || math.Abs(mean-l.Mean()) > 1e-12 {
			t.Errorf("%d×%d: E[λ] = %.15g, want s² = %g", sh.rows, sh.cols, mean, l.S2)
		}
		if v := second - mean*mean; math.Abs(v-l.S2*l.S2*g) > 1e-12 || math.Abs(v-l.Variance()) > 1e-12 {
			t.Errorf("%d×%d: Var[λ] = %.15g, want s⁴γ = %g", sh.rows, sh.cols, v, l.S2*l.S2*g)
		}
	}
}

// A direct quadrature in λ, with the edge singularities left in, agrees
// to the accuracy such a rule can reach.
func TestDensityDirectQuadrature(t *testing.T) {
	for _, sh := range lawShapes {
		l := NewLaw(2, sh.rows, sh.cols)
		lo, hi := l.Edges()
		if sh.rows == sh.cols {
			// ∫_0^ε ρ ≈ 2√ε/(π s) for the 1/(π s √λ) divergence at 0
			eps := 1e-8
			total := 2*math.Sqrt(eps)/(math.Pi*math.Sqrt(l.S2)) + quad.Fixed(l.Density, eps, hi, 4000, quad.Legendre{}, 0)
			if math.Abs(total-1) > 1e-3 {
				t.Errorf("%d×%d: direct ∫ρ = %g", sh.rows, sh.cols, total)
			}
			continue
		}
		if total := quad.Fixed(l.Density, lo, hi, 4000, quad.Legendre{}, 0); math.Abs(total-1) > 1e-4 {
			t.Errorf("%d×%d: direct ∫ρ = %g", sh.rows, sh.cols, total)
		}
	}
}

func TestCDFMatchesIntegralAndQuantileInverts(t *testing.T) {
	for _, sh := range lawShapes {
		l := NewLaw(0.8, sh.rows, sh.cols)
		lo, hi := l.Edges()
		for i := 0; i <= 40; i++ {
			x := lo + (hi-lo)*float64(i)/40
			if got, want := l.CDF(x), integrate(l, x, one); math.Abs(got-want) > 1e-12 {
				t.Errorf("%d×%d: CDF(%g) = %.15g, ∫ρ = %.15g", sh.rows, sh.cols, x, got, want)
			}
		}
		if l.CDF(lo-1) != 0 || l.CDF(hi+1) != 1 {
			t.Errorf("%d×%d: CDF outside the support is not 0/1", sh.rows, sh.cols)
		}
		for _, q := range []float64{1e-9, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.9999, 1 - 1e-9} {
			x := l.Quantile(q)
			if x < lo || x > hi {
				t.Errorf("%d×%d: Quantile(%g) = %g outside [%g, %g]", sh.rows, sh.cols, q, x, lo, hi)
			}
			if got := l.CDF(x); math.Abs(got-q) > 1e-12 {
				t.Errorf("%d×%d: CDF(Quantile(%g)) = %.15g", sh.rows, sh.cols, q, got)
			}
		}
		if l.Quantile(0) != lo || l.Quantile(1) != hi {
			t.Errorf("%d×%d: Quantile(0), Quantile(1) = %g, %g, want the edges %g, %g", sh.rows, sh.cols, l.Quantile(0), l.Quantile(1), lo, hi)
		}
	}
}

func TestSigmaVariable(t *testing.T) {
	for _, sh := range lawShapes {
		l := NewLaw(0.5, sh.rows, sh.cols)
		n, p := float64(max(sh.rows, sh.cols)), float64(min(sh.rows, sh.cols))
		lo, hi := l.SigmaEdges()
		s := math.Sqrt(l.S2)
		if math.Abs(lo-s*(math.Sqrt(n)-math.Sqrt(p))) > 1e-12 || math.Abs(hi-s*(math.Sqrt(n)+math.Sqrt(p))) > 1e-12 {
			t.Errorf("%d×%d: σ-edges [%g, %g]", sh.rows, sh.cols, lo, hi)
		}
		// ∫ρ_σ over the σ-bulk is 1 and its partial integrals are SigmaCDF
		// (ρ_σ is smooth at 0 for γ = 1 and has √ edges otherwise).
		total := quad.Fixed(l.SigmaDensity, lo, hi, 4000, quad.Legendre{}, 0)
		if math.Abs(total-1) > 1e-4 {
			t.Errorf("%d×%d: ∫ρ_σ = %g", sh.rows, sh.cols, total)
		}
		for _, q := range []float64{0.05, 0.3, 0.5, 0.8, 0.97} {
			x := l.SigmaQuantile(q)
			if got := l.SigmaCDF(x); math.Abs(got-q) > 1e-12 {
				t.Errorf("%d×%d: SigmaCDF(SigmaQuantile(%g)) = %g", sh.rows, sh.cols, q, got)
			}
			if part := quad.Fixed(l.SigmaDensity, lo, x, 4000, quad.Legendre{}, 0); math.Abs(part-q) > 1e-4 {
				t.Errorf("%d×%d: ∫ρ_σ up to SigmaQuantile(%g) = %g", sh.rows, sh.cols, q, part)
			}
		}
		// the change of variable, pointwise
		for _, x := range []float64{lo + 0.1*(hi-lo), (lo + hi) / 2, hi - 0.1*(hi-lo)} {
			lam := x * x / n
			if got, want := l.SigmaDensity(x), l.Density(lam)*2*x/n; math.Abs(got-want) > 1e-14*want {
				t.Errorf("%d×%d: ρ_σ(%g) = %g, ρ(σ²/n)·2σ/n = %g", sh.rows, sh.cols, x, got, want)
			}
		}
	}
}

func TestSquareHardEdge(t *testing.T) {
	l := NewLaw(1, 500, 500)
	if !math.IsInf(l.Density(0), 1) {
		t.Errorf("ρ(0) = %g, want +Inf for γ = 1", l.Density(0))
	}
	// ρ(λ)·π·s·√λ → 1 as λ → 0
	for _, x := range []float64{1e-6, 1e-10} {
		if r := l.Density(x) * math.Pi * math.Sqrt(x); math.Abs(r-1) > 1e-4 {
			t.Errorf("ρ(%g)·π√λ = %g, want → 1", x, r)
		}
	}
	// ρ_σ is continuous at 0
	if d0, d := l.SigmaDensity(0), l.SigmaDensity(1e-7); math.Abs(d0-d) > 1e-6*d0 {
		t.Errorf("ρ_σ(0) = %g, ρ_σ(1e-7) = %g", d0, d)
	}
	// CDF(ε) ≈ 2√ε/π near the hard edge
	if got, want := l.CDF(1e-10), 2*math.Sqrt(1e-10)/math.Pi; math.Abs(got-want) > 1e-3*want {
		t.Errorf("CDF(1e-10) = %g, want ≈ %g", got, want)
	}
	if q := l.Quantile(1e-12); math.Abs(l.CDF(q)-1e-12) > 1e-15 {
		t.Errorf("Quantile(1e-12) = %g has CDF %g", q, l.CDF(q))
	}
}

func TestEdgeScales(t *testing.T) {
	for _, sh := range lawShapes {
		l := NewLaw(3, sh.rows, sh.cols)
		n, p := float64(l.N), float64(l.P)
		want := 3 * (math.Sqrt(n) + math.Sqrt(p)) * math.Cbrt(1/math.Sqrt(n)+1/math.Sqrt(p)) / n
		if got := l.EdgeScale(); math.Abs(got-want) > 1e-14*want {
			t.Errorf("%d×%d: EdgeScale = %g, want %g", sh.rows, sh.cols, got, want)
		}
		// σ = √(nλ) carries a small λ-shift δ at the edge to n·δ/(2σ₊)
		_, lamHi := l.Edges()
		_, sigHi := l.SigmaEdges()
		d := 1e-6 * l.EdgeScale()
		shift := math.Sqrt(n*(lamHi+d)) - sigHi
		if got := l.SigmaEdgeScale() * 1e-6; math.Abs(shift-got) > 1e-6*got {
			t.Errorf("%d×%d: SigmaEdgeScale = %g, the λ scale carried to σ is %g", sh.rows, sh.cols, l.SigmaEdgeScale(), shift/1e-6)
		}
	}
}

func TestSpikeSigma(t *testing.T) {
	for _, sh := range lawShapes[:6] {
		s := 0.6
		l := NewLaw(s*s, sh.rows, sh.cols)
		th := DetectionThreshold(s, sh.rows, sh.cols)
		_, edge := l.SigmaEdges()
		// continuous at the transition, increasing above it, θ-like far away
		if got := l.SpikeSigma(th * (1 + 1e-9)); math.Abs(got-edge) > 1e-6*edge {
			t.Errorf("%d×%d: SpikeSigma just above threshold = %g, edge %g", sh.rows, sh.cols, got, edge)
		}
		if l.SpikeSigma(0.5*th) != edge {
			t.Errorf("%d×%d: a subcritical spike must sit at the edge", sh.rows, sh.cols)
		}
		if !(l.SpikeSigma(2*th) > l.SpikeSigma(1.5*th) && l.SpikeSigma(1.5*th) > edge) {
			t.Errorf("%d×%d: SpikeSigma not increasing above the threshold", sh.rows, sh.cols)
		}
		if big := 1e4 * th; math.Abs(l.SpikeSigma(big)/big-1) > 1e-3 {
			t.Errorf("%d×%d: SpikeSigma(θ)/θ = %g for a huge spike, want → 1", sh.rows, sh.cols, l.SpikeSigma(big)/big)
		}
	}
}

func TestLawCheckAndOrientation(t *testing.T) {
	if NewLaw(1, 100, 784) != NewLaw(1, 784, 100) {
		t.Error("the law depends on the orientation")
	}
	for _, bad := range []Law{{S2: 0, N: 10, P: 5}, {S2: 1, N: 5, P: 10}, {S2: 1, N: 5, P: 0}, {S2: math.NaN(), N: 5, P: 5}} {
		if bad.Check() == nil {
			t.Errorf("Check(%+v) = nil", bad)
		}
	}
	if err := NewLaw(1, 3, 4).Check(); err != nil {
		t.Error(err)
	}
}
