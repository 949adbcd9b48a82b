package bar

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// fermi is 1/(1+e^x), without overflow.
func fermi(x float64) float64 {
	if x > 0 {
		e := math.Exp(-x)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(x))
}

// weight returns c[i], or 1 when c is nil.
func weight(c []float64, i int) float64 {
	if c == nil {
		return 1
	}
	return c[i]
}

func total(c []float64, n int) float64 {
	if c == nil {
		return float64(n)
	}
	s := 0.0
	for _, x := range c {
		s += x
	}
	return s
}

// Forward returns the one-sided estimate log Σ c_i e^{−w_i} / Σ c_i of
// log Z_1 − log Z_0 from the forward works w (weights c, nil for 1).
func Forward(w, c []float64) float64 {
	hi := math.Inf(-1)
	for i, x := range w {
		if weight(c, i) > 0 {
			hi = max(hi, -x)
		}
	}
	s := 0.0
	for i, x := range w {
		if c := weight(c, i); c > 0 {
			s += c * math.Exp(-x-hi)
		}
	}
	return hi + math.Log(s/total(c, len(w)))
}

// Reverse returns the one-sided estimate −log Σ c_j e^{−u_j} / Σ c_j of
// log Z_1 − log Z_0 from the reverse works u.
func Reverse(u, c []float64) float64 { return -Forward(u, c) }

// Solve returns BAR's estimate of log Z_1 − log Z_0 from the forward works
// w (samples of model 0) and the reverse works u (samples of model 1),
// weighted by cw and cu (nil: every sample counts once; a bootstrap
// replicate's multiplicities otherwise).
func Solve(w, u, cw, cu []float64) (float64, error) {
	return newWorks(w, u).solve(cw, cu, math.NaN())
}

// works are one link's works with their exponentials, taken once about
// their midpoints, so that an evaluation of BAR's equation costs a
// division per sample (ok false: the works span too much for that).
type works struct {
	w, u, ew, eu []float64
	sw, su       float64
	ok           bool
	err          error // a work is not finite
}

func newWorks(w, u []float64) *works {
	k := &works{w: w, u: u}
	var okw, oku bool
	k.ew, k.sw, okw = expShifted(w)
	k.eu, k.su, oku = expShifted(u)
	k.ok = okw && oku
	for _, x := range slices.Concat(w, u) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			k.err = fmt.Errorf("bar: a work is %v", x)
			break
		}
	}
	return k
}

// solve is Solve starting from start (NaN: between the one-sided
// estimates); a bootstrap replicate starts from the full sample's root,
// which it is near, and needs a few Newton steps.
func (k *works) solve(cw, cu []float64, start float64) (float64, error) {
	w, u := k.w, k.u
	n0, n1 := total(cw, len(w)), total(cu, len(u))
	if !(n0 > 0 && n1 > 0) {
		return math.NaN(), errors.New("bar: need samples of both models")
	}
	if k.err != nil {
		return math.NaN(), k.err
	}
	m := math.Log(n0 / n1)
	// h falls strictly with d; its derivative is −Σ c f(1−f) over both
	// sides. Where the shifted exponentials would overflow, each
	// evaluation takes its own.
	ew, eu := k.ew, k.eu
	h := func(d float64) (v, dv float64) {
		aw, au := m+d+k.sw, -m-d+k.su
		fast := k.ok && math.Abs(aw) < 700 && math.Abs(au) < 700
		ea, eb := math.Exp(aw), math.Exp(au)
		for i, x := range w {
			var f float64
			if fast {
				f = 1 / (1 + ew[i]*ea)
			} else {
				f = fermi(m + x + d)
			}
			c := weight(cw, i)
			v += c * f
			dv -= c * f * (1 - f)
		}
		for j, x := range u {
			var f float64
			if fast {
				f = 1 / (1 + eu[j]*eb)
			} else {
				f = fermi(-m + x - d)
			}
			c := weight(cu, j)
			v -= c * f
			dv -= c * f * (1 - f)
		}
		return v, dv
	}
	// Start between the one-sided estimates, then bracket the root.
	d, step := start, 0.01
	if math.IsNaN(d) {
		d, step = (Forward(w, cw)+Reverse(u, cu))/2, 1
	}
	v, dv := h(d)
	lo, hi := math.Inf(-1), math.Inf(1)
	for x, vx := d, v; ; step *= 2 {
		if vx > 0 {
			lo = x
		} else {
			hi = x
		}
		if !math.IsInf(lo, 0) && !math.IsInf(hi, 0) {
			break
		}
		if step > 1e6 {
			return math.NaN(), errors.New("bar: no root bracketed")
		}
		if math.IsInf(lo, 0) {
			x = hi - step
		} else {
			x = lo + step
		}
		vx, _ = h(x)
	}
	// Newton steps from d, kept inside [lo, hi]; a bisection where a step
	// would leave it.
	for range 200 {
		next := d - v/dv
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-d) <= 1e-12*(1+math.Abs(d)) || hi-lo <= 1e-12*(1+math.Abs(d)) {
			return next, nil
		}
		d = next
		v, dv = h(d)
		if v > 0 {
			lo = d
		} else {
			hi = d
		}
	}
	return d, nil
}

// expShifted returns e^{x_i − s} for the midpoint s of x's range, and
// whether the range is narrow enough for none to overflow or vanish.
func expShifted(x []float64) (e []float64, s float64, ok bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	if len(x) == 0 || hi-lo > 1200 {
		return nil, 0, false
	}
	s = (lo + hi) / 2
	e = make([]float64, len(x))
	for i, v := range x {
		e[i] = math.Exp(v - s)
	}
	return e, s, true
}

// Sample is one recorded state of rung k of a ladder: its free energies
// under the rung below, its own rung and the rung above (NaN where there
// is none), and the bootstrap group it belongs to (0 ≤ Group < groups).
type Sample struct {
	Below, Own, Above float64
	Group             int
}

// Link is the estimate across the link (k, k+1) of a ladder.
type Link struct {
	// DLogZ is BAR's log Z_{k+1} − log Z_k; Forward and Reverse the
	// one-sided estimates from rung k's and rung k+1's samples alone;
	// their difference Forward − Reverse is the hysteresis.
	DLogZ, Forward, Reverse float64
	// StdErr is the bootstrap standard error of DLogZ.
	StdErr float64
}

// Result is a ladder's log Z.
type Result struct {
	// LogZ[k] is log Z of rung k (LogZ[0] the anchor) and StdErr[k] its
	// bootstrap standard error (0 at the anchor).
	LogZ, StdErr []float64
	Links        []Link
}

// Ladder returns log Z of every rung of a ladder from samples of each rung
// (rungs[k]), anchored at logZ0, the exact log Z of rung 0, with a
// bootstrap of boot replicates over groups groups drawn from r (boot 0: no
// standard errors, NaN).
func Ladder(rungs [][]Sample, logZ0 float64, groups, boot int, r *rand.Rand) (Result, error) {
	K := len(rungs)
	if K < 2 {
		return Result{}, fmt.Errorf("bar: a ladder of %d rungs: need two at least", K)
	}
	for k, rs := range rungs {
		for _, s := range rs {
			if s.Group < 0 || s.Group >= groups {
				return Result{}, fmt.Errorf("bar: rung %d: a sample's group %d is outside [0, %d)", k, s.Group, groups)
			}
		}
	}
	res := Result{LogZ: make([]float64, K), StdErr: make([]float64, K), Links: make([]Link, K-1)}
	res.LogZ[0] = logZ0
	linkWorks := func(k int) (w, u []float64) {
		for _, s := range rungs[k] {
			w = append(w, s.Above-s.Own)
		}
		for _, s := range rungs[k+1] {
			u = append(u, s.Below-s.Own)
		}
		return w, u
	}
	var cw, cu []float64
	weights := func(k int, mult []float64) {
		cw, cu = cw[:0], cu[:0]
		for _, s := range rungs[k] {
			cw = append(cw, mult[s.Group])
		}
		for _, s := range rungs[k+1] {
			cu = append(cu, mult[s.Group])
		}
	}
	W, U, links := make([][]float64, K-1), make([][]float64, K-1), make([]*works, K-1)
	for k := range K - 1 {
		W[k], U[k] = linkWorks(k)
		links[k] = newWorks(W[k], U[k])
		d, err := links[k].solve(nil, nil, math.NaN())
		if err != nil {
			return res, fmt.Errorf("link %d–%d: %v", k, k+1, err)
		}
		res.Links[k] = Link{DLogZ: d, Forward: Forward(W[k], nil), Reverse: Reverse(U[k], nil), StdErr: math.NaN()}
		res.LogZ[k+1] = res.LogZ[k] + d
	}
	if boot < 2 {
		for k := 1; k < K; k++ {
			res.StdErr[k] = math.NaN()
		}
		return res, nil
	}
	// Welford sums of the cumulative log Z and of each link, per rung.
	mean, m2 := make([]float64, K), make([]float64, K)
	lmean, lm2 := make([]float64, K-1), make([]float64, K-1)
	mult := make([]float64, groups)
	for b := range boot {
		clear(mult)
		for range groups {
			mult[r.IntN(groups)]++
		}
		z := logZ0
		for k := range K - 1 {
			weights(k, mult)
			d, err := links[k].solve(cw, cu, res.Links[k].DLogZ)
			if err != nil {
				return res, fmt.Errorf("link %d–%d, bootstrap replicate %d: %v", k, k+1, b, err)
			}
			z += d
			n := float64(b + 1)
			dl := d - lmean[k]
			lmean[k] += dl / n
			lm2[k] += dl * (d - lmean[k])
			dz := z - mean[k+1]
			mean[k+1] += dz / n
			m2[k+1] += dz * (z - mean[k+1])
		}
	}
	for k := 1; k < K; k++ {
		res.StdErr[k] = math.Sqrt(m2[k] / float64(boot-1))
		res.Links[k-1].StdErr = math.Sqrt(lm2[k-1] / float64(boot-1))
	}
	return res, nil
}
