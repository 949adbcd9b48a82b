package diffusion

import (
	"math"

	"github.com/rbmkit/rbmkit/rbm"
)

// GaussianVariance returns c, the variance of a reciprocal variable in the
// Gaussian limit: 1/4 for Bernoulli units (p = ½), 1 for spins.
func GaussianVariance(u rbm.Units) float64 {
	if u == rbm.Spin {
		return 1
	}
	return 0.25
}

// Mode is one mode pair (x_α, y_α) of the Gaussian limit.
type Mode struct {
	Sigma float64 // σ_α, the singular value of W
	C     float64 // c, the Gaussian variance of the units' projections
}

// Threshold is 1/c: the mode converges only when σ_α is below it.
func (m Mode) Threshold() float64 { return 1 / m.C }

// RatePlus is k₊ = 1/c − σ_α, the relaxation rate of x₊ = (x+y)/√2
// (negative above the threshold: the rate at which x₊ runs away).
func (m Mode) RatePlus() float64 { return 1/m.C - m.Sigma }

// RateMinus is k₋ = 1/c + σ_α, the relaxation rate of x₋ = (x−y)/√2.
func (m Mode) RateMinus() float64 { return 1/m.C + m.Sigma }

// Converges reports whether the diffusion has a stationary distribution:
// σ_α < 1/c.
func (m Mode) Converges() bool { return m.RatePlus() > 0 }

// Stationary returns the Boltzmann variances of x₊ and x₋, 1/k₊ and 1/k₋;
// plus is +Inf at or above the threshold.
func (m Mode) Stationary() (plus, minus float64) {
	plus = math.Inf(1)
	if m.Converges() {
		plus = 1 / m.RatePlus()
	}
	return plus, 1 / m.RateMinus()
}

// Variances returns Var x₊ and Var x₋ at time t of the exact diffusion
// started from independent x, y of variance v0.
func (m Mode) Variances(t, v0 float64) (plus, minus float64) {
	return ouVariance(m.RatePlus(), t, v0), ouVariance(m.RateMinus(), t, v0)
}

// ouVariance is v0 e^{−2kt} + (1 − e^{−2kt})/k, written with expm1 so that
// it stays accurate for small k·t and equals v0 + 2t at k = 0.
func ouVariance(k, t, v0 float64) float64 {
	if k == 0 {
		return v0 + 2*t
	}
	decay := math.Exp(-2 * k * t)
	return v0*decay - math.Expm1(-2*k*t)/k
}

// Moments are the second moments of (x_α, y_α) over an ensemble at one
// time.
type Moments struct {
	Time              float64
	VarX, VarY, CovXY float64
}

// VarPlus is the variance of x₊ = (x+y)/√2.
func (s Moments) VarPlus() float64 { return (s.VarX+s.VarY)/2 + s.CovXY }

// VarMinus is the variance of x₋ = (x−y)/√2.
func (s Moments) VarMinus() float64 { return (s.VarX+s.VarY)/2 - s.CovXY }

// Analytic returns the exact moments of the diffusion at time t from
// independent x, y of variance v0.
func (m Mode) Analytic(t, v0 float64) Moments {
	p, q := m.Variances(t, v0)
	return Moments{Time: t, VarX: (p + q) / 2, VarY: (p + q) / 2, CovXY: (p - q) / 2}
}
