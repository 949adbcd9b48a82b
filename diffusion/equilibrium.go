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
//
// chain[i] names the chain sample i came from (nil: every sample its own
// chain). Per mode, effective is the number of independent samples Var x₊
// is worth (EffectiveSamples of its per-sample terms q_i = (z_i − z̄)² +
// ½Σ_j v_αj² Var h_j, z = (x+⟨y|v⟩)/√2, whose mean is Var x₊ up to the
// n−1): n for independent samples, fewer when each chain's successive
// samples are correlated, as parallel trajectory tempering's are.
func (b *Basis) Equilibrium(m *rbm.Model, v [][]bool, chain []int64, t float64) (out []Moments, effective []float64) {
	k, n := len(b.Sigma), len(v)
	out, effective = make([]Moments, k), make([]float64, k)
	if n < 2 || k == 0 {
		for a := range out {
			out[a] = Moments{Time: t, VarX: math.NaN(), VarY: math.NaN(), CovXY: math.NaN()}
			effective[a] = math.NaN()
		}
		return out, effective
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
	perSample := make([]float64, n*k) // Σ_j v_αj² Var h_j at each sample
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
				perSample[c*k+a] += u * u * vj
			}
		}
	}
	y := project64(means, n, b.V)
	nf := float64(n)
	q := make([]float64, n)
	for a := range k {
		vx, vy, cxy := sampleMoments(x, y, n, k, a)
		// mean of the conditional variance over v, scaled to the (n−1)
		// convention of the other terms: Var y = Var⟨y|v⟩ + E Var(y|v).
		out[a] = Moments{Time: t, VarX: vx, VarY: vy + condVar[a]/nf, CovXY: cxy}
		zMean := 0.0
		for c := range n {
			zMean += (x[c*k+a] + y[c*k+a]) / math.Sqrt2
		}
		zMean /= nf
		for c := range n {
			d := (x[c*k+a]+y[c*k+a])/math.Sqrt2 - zMean
			q[c] = d*d + perSample[c*k+a]/2
		}
		effective[a] = EffectiveSamples(q, chain)
	}
	return out, effective
}

// EffectiveSamples is the number of independent draws the mean of q is
// worth when q[i] came from chain chain[i] (nil: each from its own chain)
// and successive draws of a chain may be correlated: n·s²/(n·Var̂ q̄) with
// s² the samples' variance (n−1) and Var̂ q̄ estimated from the chains'
// own means as independent replicas (batch means, one batch per chain:
// C/(C−1) Σ_c (n_c/n)² (q̄_c − q̄)²), which holds whatever the correlation
// within a chain is, however short the chains. Unlike Sokal's windowed τ
// (gibbs.IntegratedTime) it needs no window to fit in each chain's series,
// which a few thinned samples per chain cannot give. It is n when every
// chain holds one sample (independent draws, such as Gibbs chains' final
// states) or there is a single chain (no replicas to compare), and never
// more than n: correlation within a chain is taken to cost, never to buy,
// so the noise of C replicas cannot shrink the naive error.
func EffectiveSamples(q []float64, chain []int64) float64 {
	n := len(q)
	if chain == nil || n < 2 {
		return float64(n)
	}
	if len(chain) != n {
		panic("diffusion: EffectiveSamples: chain and q of different lengths")
	}
	sum, count := map[int64]float64{}, map[int64]int{}
	var ids []int64
	mean := 0.0
	for i, c := range chain {
		if _, seen := count[c]; !seen {
			ids = append(ids, c)
		}
		sum[c] += q[i]
		count[c]++
		mean += q[i]
	}
	nf, cf := float64(n), float64(len(ids))
	if len(ids) == n || len(ids) < 2 {
		return nf
	}
	mean /= nf
	s2 := 0.0
	for _, v := range q {
		s2 += (v - mean) * (v - mean)
	}
	s2 /= nf - 1
	// In order of first appearance, so the sum is the same at every run.
	varMean := 0.0
	for _, c := range ids {
		w := float64(count[c]) / nf
		d := sum[c]/float64(count[c]) - mean
		varMean += w * w * d * d
	}
	varMean *= cf / (cf - 1)
	if !(varMean > 0) || s2/varMean > nf {
		return nf
	}
	return s2 / varMean
}

// ReachedZ is how many standard errors of ln Var x₊ the chains' variance
// may sit from the equilibrium one and still count as having reached it.
const ReachedZ = 2

// Reached compares the chains' Var x₊ (n independent chains) with the
// equilibrium's (from equilibrium samples worth effective independent
// ones, Equilibrium): the log ratio ln(Var_chains/Var_eq), its standard
// error sqrt(2/(n−1) + 2/(effective−1)) (that of a Gaussian variance
// estimate from independent draws on each side, an upper bound for the
// Rao–Blackwellised equilibrium one; with correlated samples the
// equilibrium side counts only the effective ones), and whether
// |log ratio| ≤ ReachedZ·SE. A NaN variance on either side, or samples
// worth at most one independent draw (SE NaN), is not reached.
func Reached(chains, eq Moments, n int, effective float64) (logRatio, se float64, ok bool) {
	logRatio = math.Log(chains.VarPlus() / eq.VarPlus())
	se = math.NaN()
	if effective > 1 {
		se = math.Sqrt(2/float64(n-1) + 2/(effective-1))
	}
	return logRatio, se, math.Abs(logRatio) <= ReachedZ*se
}
