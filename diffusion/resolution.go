package diffusion

import "math"

// BandZ is the number of standard errors of Judge's statistic by which a
// mode's expected statistic must clear the divergence line ln 2, on the side
// the theory puts it, for a simulation to decide that mode.
const BandZ = 2

// GrowthSE is the standard error of Judge's Growth for this mode when its
// series is measured at the given times on n trajectories started from
// independent x, y of variance v0: the sampling error of the variance
// estimate, propagated through the least-squares fit.
//
// The sample variance s² of n Gaussian values has Var ln s² ≈ 2/(n−1), and
// two times t < t′ of one set of trajectories share them:
// Cov(ln s²(t), ln s²(t′)) ≈ 2ρ²/(n−1), with ρ the correlation of x₊(t) and
// x₊(t′), e^{−k₊(t′−t)} √(Var x₊(t)/Var x₊(t′)) for the Ornstein–Uhlenbeck
// process. The fitted slope is Σ aᵢ ln s²(tᵢ) over the last half, so its
// variance is Σᵢⱼ aᵢ aⱼ 2ρᵢⱼ²/(n−1). NaN with fewer than two points there or
// n < 2.
func (m Mode) GrowthSE(times []float64, v0 float64, n int) float64 {
	ts := lastHalf(times)
	if len(ts) < 2 || n < 2 {
		return math.NaN()
	}
	var mean float64
	for _, t := range ts {
		mean += t
	}
	mean /= float64(len(ts))
	a := make([]float64, len(ts))
	var sxx float64
	for i, t := range ts {
		a[i] = t - mean
		sxx += a[i] * a[i]
	}
	if !(sxx > 0) {
		return math.NaN()
	}
	k := m.RatePlus()
	v := make([]float64, len(ts))
	for i, t := range ts {
		v[i] = ouVariance(k, t, v0)
	}
	var s float64
	for i := range ts {
		for j := range ts {
			lo, hi := min(i, j), max(i, j)
			rho := math.Exp(-k*(ts[hi]-ts[lo])) * math.Sqrt(v[lo]/v[hi])
			s += a[i] * a[j] * rho * rho
		}
	}
	return math.Sqrt(2*s/float64(n-1)) / sxx
}

// lastHalf returns the times Judge fits: those at or past the middle of the
// span.
func lastHalf(times []float64) []float64 {
	if len(times) < 2 {
		return nil
	}
	mid := (times[0] + times[len(times)-1]) / 2
	var out []float64
	for _, t := range times {
		if t >= mid {
			out = append(out, t)
		}
	}
	return out
}

// Band is the interval of σ around the threshold 1/c inside which a
// simulation measured at the given times on n trajectories from variance v0
// cannot decide whether a mode diverges: Judge's statistic
// Growth·(span/2), fitted to the exact variances, lies within BandZ of its
// standard errors of the line ln 2, or on the wrong side of it.
//
// Both limits come from the simulated time and the trajectories. In a span T
// a runaway rate 2(σ − 1/c) ≪ 1/T looks like the free diffusion
// Var x₊ = v₀ + 2t, which never doubles over the last half, so the band
// reaches above 1/c by about ln 2/T even with exact variances (Low ≤ 1/c ≤
// High always); the sampling error of the variances, √(2/(n−1)) in
// ln Var, widens it on both sides. Outside the band the expected statistic
// clears ln 2 by BandZ standard errors on the side the theory says.
func Band(c float64, times []float64, v0 float64, n int) (low, high float64) {
	if len(lastHalf(times)) < 2 || n < 2 || !(c > 0) {
		return math.NaN(), math.NaN()
	}
	half := (times[len(times)-1] - times[0]) / 2
	// margin(σ, s) is the expected statistic's distance past ln 2, less or
	// plus BandZ standard errors (s = −1: the converging side's test, s = +1:
	// the diverging side's); each increases with σ.
	margin := func(sigma, s float64) float64 {
		m := Mode{Sigma: sigma, C: c}
		g := Judge(m.AnalyticSeries(times, v0)).Growth
		return (g-s*BandZ*m.GrowthSE(times, v0, n))*half - math.Ln2
	}
	th := 1 / c
	// Below: the largest σ ≤ 1/c whose statistic stays BandZ errors under ln 2.
	low = 0
	if margin(0, -1) < 0 {
		low = bisect(func(s float64) float64 { return margin(s, -1) }, 0, th)
	}
	// Above: the smallest σ ≥ 1/c whose statistic clears ln 2 by BandZ errors.
	high = th
	if margin(th, 1) < 0 {
		step := th
		for margin(th+step, 1) < 0 {
			step *= 2
			if step > 1e6*th {
				return low, math.Inf(1)
			}
		}
		high = bisect(func(s float64) float64 { return margin(s, 1) }, th, th+step)
	}
	return min(low, th), max(high, th)
}

// bisect returns the root of an increasing f between a and b, where
// f(a) < 0 ≤ f(b) is not checked: a root beyond [a, b] returns an end.
func bisect(f func(float64) float64, a, b float64) float64 {
	if f(b) < 0 {
		return b
	}
	for range 60 {
		m := (a + b) / 2
		if f(m) < 0 {
			a = m
		} else {
			b = m
		}
	}
	return (a + b) / 2
}
