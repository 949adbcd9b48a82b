package diffusion

import (
	"math"

	"github.com/rbmkit/rbmkit/rbm"
)

// Equilibrium returns per mode the moments of x_α = u_α·v and y_α = v_α·h
// under the binary model, from equilibrium samples of its visible units
// (such as parallel trajectory tempering's), stamped with time t. The
// hidden units are summed out exactly given each v (Rao–Blackwell): with
// ⟨h_j⟩ and Var h_j the conditional moments (p, p(1−p) for Bernoulli
// units; tanh, 1−tanh² for spin), Var y_α = Var_v(v_α·⟨h⟩) + mean_v
// Σ_j v_αj² Var h_j and Cov(x_α, y_α) = Cov_v(x_α, v_α·⟨h⟩), so the
// samples need no hidden states and their moments carry no hidden-unit
// noise. Unbiased (n−1) over the samples, as Moments.
func (b *Basis) Equilibrium(m *rbm.Model, v [][]bool, t float64) []Moments {
	k, n := len(b.Sigma), len(v)
	out := make([]Moments, k)
	if n < 2 || k == 0 {
		for a := range out {
			out[a] = Moments{Time: t, VarX: math.NaN(), VarY: math.NaN(), CovXY: math.NaN()}
		}
		return out
	}
	states := make([]float32, n*m.Visible)
	for c, s := range v {
		for i, on := range s {
			switch {
			case on:
				states[c*m.Visible+i] = 1
			case m.Units == rbm.Spin:
				states[c*m.Visible+i] = -1
			}
		}
	}
	x := project(states, n, b.U)

	// The hidden units' conditional means projected (y's conditional
	// mean) and their conditional variance along each v_α.
	means := make([]float64, n*m.Hidden)
	condVar := make([]float64, k)
	vf, p := make([]float64, m.Visible), make([]float64, m.Hidden)
	for c := range n {
		for i := range vf {
			vf[i] = float64(states[c*m.Visible+i])
		}
		m.HiddenProb(vf, p)
		for j, pj := range p {
			means[c*m.Hidden+j] = pj
			vj := pj * (1 - pj)
			if m.Units == rbm.Spin {
				vj = 1 - pj*pj
			}
			for a := range k {
				u := b.V.At(j, a)
				condVar[a] += u * u * vj
			}
		}
	}
	y := project64(means, n, b.V)
	nf := float64(n)
	for a := range k {
		vx, vy, cxy := sampleMoments(x, y, n, k, a)
		// mean of the conditional variance over v, scaled to the (n−1)
		// convention of the other terms: Var y = Var⟨y|v⟩ + E Var(y|v).
		out[a] = Moments{Time: t, VarX: vx, VarY: vy + condVar[a]/nf, CovXY: cxy}
	}
	return out
}

// ReachedZ is how many standard errors of ln Var x₊ the chains' variance
// may sit from the equilibrium one and still count as having reached it.
const ReachedZ = 2

// Reached compares the chains' Var x₊ (n independent chains) with the
// equilibrium's (from samples equilibrium samples): the log ratio
// ln(Var_chains/Var_eq), its standard error sqrt(2/(n−1) + 2/(samples−1))
// (that of a Gaussian variance estimate from independent draws on each
// side, an upper bound for the Rao–Blackwellised equilibrium one), and
// whether |log ratio| ≤ ReachedZ·SE. A NaN variance on either side is not
// reached.
func Reached(chains, eq Moments, n, samples int) (logRatio, se float64, ok bool) {
	logRatio = math.Log(chains.VarPlus() / eq.VarPlus())
	se = math.Sqrt(2/float64(n-1) + 2/float64(samples-1))
	return logRatio, se, math.Abs(logRatio) <= ReachedZ*se
}
