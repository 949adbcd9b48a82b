package gibbs

import "math"

// SokalC is the window factor of IntegratedTime: the window W is the
// smallest lag with W ≥ SokalC·τ(W). Sokal's lecture notes (1996) advise 4
// to 10; 5 keeps the bias e^{−W/τ} under 1% for an exponential decay.
const SokalC = 5

// IntegratedTime estimates the integrated autocorrelation time
//
//	τ_int = 1 + 2 Σ_{t=1}^{W} ρ(t)
//
// of one observable (float64, float32, or a small integer such as a rung)
// recorded along several independent chains of equal
// length (series[c][i]: chain c's value after step i), with Sokal's
// automatic window W (the smallest lag with W ≥ SokalC·τ(W)). The
// autocovariance at each lag is averaged over the chains, each about its
// own mean, before being normalised by the lag-0 one, so that chains that
// never move (a walker stuck at one rung) lower the variance rather than
// produce 0/0. An n-step chain then gives about n/τ effectively
// independent values. ok is false when the observable does not vary at
// all (τ NaN) or when no window fits in the series (τ is then the sum up
// to the last lag, a lower bound): the chains were too short to say.
func IntegratedTime[T float64 | float32 | uint16](series [][]T) (tau float64, window int, ok bool) {
	if len(series) == 0 || len(series[0]) < 2 {
		return math.NaN(), 0, false
	}
	n := len(series[0])
	// The chains' means; the series are not copied, so that long runs of
	// many walkers cost no second copy in float64.
	means := make([]float64, len(series))
	for c, x := range series {
		if len(x) != n {
			panic("gibbs: IntegratedTime: series of different lengths")
		}
		for _, v := range x {
			means[c] += float64(v)
		}
		means[c] /= float64(n)
	}
	cov := func(lag int) float64 {
		s := 0.0
		for c, x := range series {
			m := means[c]
			for i := 0; i+lag < n; i++ {
				s += (float64(x[i]) - m) * (float64(x[i+lag]) - m)
			}
		}
		return s / float64(len(series)*(n-lag))
	}
	c0 := cov(0)
	if !(c0 > 0) {
		return math.NaN(), 0, false
	}
	tau = 1
	for w := 1; w < n; w++ {
		tau += 2 * cov(w) / c0
		if float64(w) >= SokalC*tau {
			return tau, w, true
		}
	}
	return tau, n - 1, false
}
