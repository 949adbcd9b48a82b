package mp

import (
	"fmt"
	"math"
)

// Law is the Marchenko–Pastur law of the singular values of an N×M matrix
// whose entries are i.i.d. with variance S2. It is written in two variables:
// λ = σ²/n, whose density is the MP density ρ(λ) with mean s² and support
// [s²(1−√γ)², s²(1+√γ)²], and σ itself, with support
// [s(√n−√p), s(√n+√p)].
type Law struct {
	// S2 is s², the variance of one entry.
	S2 float64
	// N is n = max(rows, cols) and P is p = min(rows, cols).
	N, P int
}

// NewLaw returns the law of the singular values of a rows×cols matrix with
// entry variance s2; the orientation does not matter.
func NewLaw(s2 float64, rows, cols int) Law {
	return Law{S2: s2, N: max(rows, cols), P: min(rows, cols)}
}

// Check reports whether the law is usable.
func (l Law) Check() error {
	if l.P < 1 || l.N < l.P {
		return fmt.Errorf("mp: shape n=%d, p=%d: need n ≥ p ≥ 1", l.N, l.P)
	}
	if !(l.S2 > 0) || math.IsInf(l.S2, 0) {
		return fmt.Errorf("mp: variance s²=%v: need a finite positive value", l.S2)
	}
	return nil
}

// Ratio returns γ = p/n ∈ (0, 1].
func (l Law) Ratio() float64 { return float64(l.P) / float64(l.N) }

// Edges returns the support [λ₋, λ₊] = [s²(1−√γ)², s²(1+√γ)²] in λ.
func (l Law) Edges() (lo, hi float64) {
	a, b := unitEdges(l.Ratio())
	return l.S2 * a, l.S2 * b
}

// SigmaEdges returns the support [s(√n−√p), s(√n+√p)] in σ.
func (l Law) SigmaEdges() (lo, hi float64) {
	s, rn, rp := math.Sqrt(l.S2), math.Sqrt(float64(l.N)), math.Sqrt(float64(l.P))
	return s * (rn - rp), s * (rn + rp)
}

// Mean returns E[λ] = s².
func (l Law) Mean() float64 { return l.S2 }

// Variance returns Var[λ] = s⁴γ.
func (l Law) Variance() float64 { return l.S2 * l.S2 * l.Ratio() }

// Density returns ρ(λ) = √((λ₊−λ)(λ−λ₋)) / (2π s² γ λ), zero outside the
// support. For γ = 1 it diverges as 1/√λ at λ = 0 and returns +Inf there.
func (l Law) Density(lambda float64) float64 {
	return unitDensity(lambda/l.S2, l.Ratio()) / l.S2
}

// CDF returns P(λ' ≤ λ), in closed form.
func (l Law) CDF(lambda float64) float64 { return unitCDF(lambda/l.S2, l.Ratio()) }

// Quantile returns the λ at which the CDF reaches q ∈ [0, 1].
func (l Law) Quantile(q float64) float64 { return l.S2 * unitQuantile(q, l.Ratio()) }

// SigmaDensity returns the density of σ = √(nλ): ρ_σ(σ) = ρ(σ²/n)·2σ/n. It
// is finite everywhere, also for γ = 1 (the quarter-circle law).
func (l Law) SigmaDensity(sigma float64) float64 {
	if sigma <= 0 {
		if l.P == l.N && sigma == 0 {
			// the limit σ → 0 of ρ(σ²/n)·2σ/n, with ρ(λ) ≈ 1/(π s √λ)
			return 2 / (math.Pi * math.Sqrt(l.S2*float64(l.N)))
		}
		return 0
	}
	n := float64(l.N)
	return l.Density(sigma*sigma/n) * 2 * sigma / n
}

// SigmaCDF returns P(σ' ≤ σ).
func (l Law) SigmaCDF(sigma float64) float64 {
	if sigma <= 0 {
		return 0
	}
	return l.CDF(sigma * sigma / float64(l.N))
}

// SigmaQuantile returns the σ at which SigmaCDF reaches q.
func (l Law) SigmaQuantile(q float64) float64 { return math.Sqrt(float64(l.N) * l.Quantile(q)) }

// EdgeScale returns the Tracy–Widom fluctuation scale of the largest λ of a
// Gaussian matrix (Johnstone 2001): s²(√n+√p)(1/√n+1/√p)^{1/3}/n. The
// largest eigenvalue is λ₊ + EdgeScale·TW₁ to leading order.
func (l Law) EdgeScale() float64 {
	return l.S2 * unitEdgeScale(l.N, l.P)
}

// SigmaEdgeScale returns EdgeScale carried to σ: s(1/√n+1/√p)^{1/3}/2.
func (l Law) SigmaEdgeScale() float64 {
	return math.Sqrt(l.S2) * math.Cbrt(1/math.Sqrt(float64(l.N))+1/math.Sqrt(float64(l.P))) / 2
}

// DetectionThreshold returns the BBP transition for a rank-one spike: in
// W = s·X + θ u vᵀ (X with i.i.d. unit-variance entries, u and v unit
// vectors) the spike produces an outlier singular value iff θ > s(np)^{1/4}.
func DetectionThreshold(s float64, rows, cols int) float64 {
	return s * math.Sqrt(math.Sqrt(float64(rows)*float64(cols)))
}

// SpikeSigma returns the large-size limit of the singular value produced by
// a rank-one spike of strength θ (Benaych-Georges & Nadakuditi 2012): with
// τ = θ/(s√n), σ = s√n·√((1+τ²)(γ+τ²))/τ above the detection threshold
// (τ > γ^{1/4}), and the bulk edge s(√n+√p) below it.
func (l Law) SpikeSigma(theta float64) float64 {
	s, n, g := math.Sqrt(l.S2), float64(l.N), l.Ratio()
	tau := theta / (s * math.Sqrt(n))
	if tau <= math.Sqrt(math.Sqrt(g)) {
		_, hi := l.SigmaEdges()
		return hi
	}
	t2 := tau * tau
	return s * math.Sqrt(n) * math.Sqrt((1+t2)*(g+t2)) / tau
}

// The unit law (s² = 1) in λ.

func unitEdges(g float64) (lo, hi float64) {
	r := math.Sqrt(g)
	return (1 - r) * (1 - r), (1 + r) * (1 + r)
}

func unitEdgeScale(n, p int) float64 {
	rn, rp := math.Sqrt(float64(n)), math.Sqrt(float64(p))
	return (rn + rp) * math.Cbrt(1/rn+1/rp) / float64(n)
}

func unitDensity(x, g float64) float64 {
	a, b := unitEdges(g)
	if x < a || x > b {
		return 0
	}
	if x == 0 {
		return math.Inf(1)
	}
	return math.Sqrt((b-x)*(x-a)) / (2 * math.Pi * g * x)
}

// unitCDF integrates unitDensity from λ₋ in closed form. With R = √((b−t)(t−a)),
// m = (a+b)/2 = 1+γ and √(ab) = 1−γ, an antiderivative of R/t is
//
//	G(t) = R + m·asin((2t−a−b)/(b−a)) − √(ab)·asin(((a+b)t−2ab)/((b−a)t)),
//
// and G(b) − G(a) = π(m − √(ab)) = 2πγ normalizes it. Each asin(u) + π/2 is
// evaluated as 2·asin(√((1+u)/2)), which keeps its precision at t → a
// (the hard edge t → 0 for γ = 1 in particular).
func unitCDF(x, g float64) float64 {
	a, b := unitEdges(g)
	if x <= a {
		return 0
	}
	if x >= b {
		return 1
	}
	r := math.Sqrt((b - x) * (x - a))
	f := r + 2*(1+g)*math.Asin(math.Sqrt(min((x-a)/(b-a), 1)))
	if g < 1 {
		f -= 2 * (1 - g) * math.Asin(math.Sqrt(min(b*(x-a)/((b-a)*x), 1)))
	}
	return min(max(f/(2*math.Pi*g), 0), 1)
}

// unitQuantile inverts unitCDF by Newton steps safeguarded by bisection
// (the density vanishes at a soft edge and diverges at the hard edge 0).
func unitQuantile(q, g float64) float64 {
	a, b := unitEdges(g)
	switch {
	case math.IsNaN(q):
		return math.NaN()
	case q <= 0:
		return a
	case q >= 1:
		return b
	}
	lo, hi := a, b
	x := a + q*(b-a)
	for range 200 {
		f := unitCDF(x, g) - q
		if f == 0 {
			return x
		}
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		next := x - f/unitDensity(x, g)
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) <= 1e-15*x || hi-lo <= 1e-15*hi {
			return next
		}
		x = next
	}
	return x
}
