package trajectory

import (
	"math"

	"github.com/rbmkit/rbmkit/rbm"
)

// conditionalEnergy returns Ē(v) = E_{h|v}[E(v,h)] under model m: with
// z = b + Wᵀv, E(v,h) = −aᵀv − Σ_j h_j z_j, and h_j given v has mean μ(z_j)
// (σ for Bernoulli units, tanh for spins), so Ē(v) = −aᵀv − Σ_j z_j μ(z_j).
// z is scratch of length Hidden. Sums run in a fixed order, in float64.
func conditionalEnergy(m *rbm.Model, v []float32, z []float64) float64 {
	for j, b := range m.B {
		z[j] = float64(b)
	}
	e := 0.0
	for i, vi := range v {
		if vi == 0 {
			continue
		}
		x := float64(vi)
		e -= float64(m.A[i]) * x
		row := m.W[i*m.Hidden : (i+1)*m.Hidden]
		for j, w := range row {
			z[j] += x * float64(w)
		}
	}
	for _, x := range z {
		if m.Units == rbm.Spin {
			e -= x * math.Tanh(x)
		} else {
			e -= x * rbm.Sigmoid(x)
		}
	}
	return e
}

// thermo sets est's mean energy and entropy from the chains, given the
// groups' log Z estimates logZg and the pooled est.LogZ (see the package
// doc, Entropy).
func (e *Estimator) thermo(est *Estimate, logZg []float64) {
	g := len(logZg)
	z := make([]float64, e.cur.Hidden)
	eg := make([]float64, g) // each group's weighted mean of Ē
	omega := make([]float64, g)
	num, den := 0.0, 0.0
	for k := range logZg {
		lo, hi := e.group(k)
		lw := e.lw[lo:hi]
		lse := rbm.LogSumExp(lw)
		s := 0.0
		for c, x := range lw {
			s += math.Exp(x-lse) * conditionalEnergy(e.cur, e.s.Visible(lo+c), z)
		}
		eg[k] = s
		omega[k] = math.Exp(logZg[k] - est.LogZ) // Ẑ_g / mean Ẑ
		num += omega[k] * s
		den += omega[k]
	}
	est.Energy = num / den
	est.Entropy = est.Energy + est.LogZ
	// Delta method over the independent groups: the ratio estimate R =
	// mean(ω_g Ē_g)/mean(ω_g) moves by mean(ω_g(Ē_g − R)), log Z by
	// mean(ω_g − 1).
	var se, ss float64
	for k := range eg {
		d := omega[k] * (eg[k] - est.Energy)
		se += d * d
		d += omega[k] - 1
		ss += d * d
	}
	n := float64(g)
	est.EnergyStdErr = math.Sqrt(se / (n - 1) / n)
	est.EntropyStdErr = math.Sqrt(ss / (n - 1) / n)
}
