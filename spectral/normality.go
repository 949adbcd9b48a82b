package spectral

import (
	"fmt"
	"math"
	"slices"
)

// SampleStats summarizes a sample and its distance from normality.
type SampleStats struct {
	N int
	// Mean and Variance (unbiased, /(N−1)).
	Mean, Variance float64
	// Skewness g₁ = m₃/m₂^{3/2} and ExcessKurtosis g₂ = m₄/m₂² − 3, from the
	// central moments m_k = Σ(x−x̄)^k/N: both 0 for a normal law, with
	// standard errors ≈ √(6/N) and √(24/N).
	Skewness, ExcessKurtosis float64
	// KS is the Kolmogorov–Smirnov distance sup_z |F_N(z) − Φ(z)| between
	// the empirical distribution of the standardized sample
	// z = (x − Mean)/√Variance and the standard normal Φ, and KSPValue its
	// asymptotic p-value P(K > √N·KS) from the Kolmogorov distribution.
	// Mean and variance are fitted, so this p-value is conservative (the
	// Lilliefors critical values are smaller): a small p-value is strong
	// evidence against normality, a large one is weak evidence for it.
	KS, KSPValue float64
}

// Describe returns the moments of sample and its Kolmogorov–Smirnov
// distance to the fitted normal law. Statistics that need a positive
// variance or N ≥ 2 are NaN otherwise. sample is not modified.
func Describe(sample []float64) SampleStats {
	n := len(sample)
	st := SampleStats{N: n, Mean: math.NaN(), Variance: math.NaN(), Skewness: math.NaN(),
		ExcessKurtosis: math.NaN(), KS: math.NaN(), KSPValue: math.NaN()}
	if n == 0 {
		return st
	}
	mean := 0.0
	for _, x := range sample {
		mean += x
	}
	mean /= float64(n)
	st.Mean = mean
	if n < 2 {
		return st
	}
	var m2, m3, m4 float64
	for _, x := range sample {
		d := x - mean
		d2 := d * d
		m2 += d2
		m3 += d2 * d
		m4 += d2 * d2
	}
	st.Variance = m2 / float64(n-1)
	m2 /= float64(n)
	m3 /= float64(n)
	m4 /= float64(n)
	if !(m2 > 0) {
		return st
	}
	st.Skewness = m3 / math.Pow(m2, 1.5)
	st.ExcessKurtosis = m4/(m2*m2) - 3
	sorted := slices.Clone(sample)
	sortFloats(sorted)
	st.KS = ksNormal(sorted, mean, math.Sqrt(st.Variance))
	st.KSPValue = KolmogorovSurvival(math.Sqrt(float64(n)) * st.KS)
	return st
}

// ksNormal returns sup |F_n − Φ((x−mean)/sd)| for a sorted sample: the
// supremum is reached at a sample point, just before or at its step.
func ksNormal(sorted []float64, mean, sd float64) float64 {
	n := float64(len(sorted))
	d := 0.0
	for i, x := range sorted {
		f := normalCDF((x - mean) / sd)
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// KolmogorovCDF returns P(K ≤ t) for the Kolmogorov distribution, the law
// of sup_s |B(s)| for a Brownian bridge B, which √n times the KS distance
// approaches for large n:
//
//	P(K ≤ t) = 1 − 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²t²}
//	         = (√(2π)/t) Σ_{k≥1} e^{−(2k−1)²π²/(8t²)}
//
// The first series converges fast for large t, the second (Jacobi's
// transform of the first) for small t; each is used where a handful of
// terms reach full precision.
func KolmogorovCDF(t float64) float64 {
	if t <= 0 {
		return 0
	}
	if t < kolmogorovSwitch {
		return kolmogorovSmall(t)
	}
	return 1 - kolmogorovLarge(t)
}

// KolmogorovSurvival returns P(K > t) = 1 − KolmogorovCDF(t), accurate
// also far in the tail, where it is the asymptotic p-value of a KS
// distance D from n points: KolmogorovSurvival(√n·D).
func KolmogorovSurvival(t float64) float64 {
	if t <= 0 {
		return 1
	}
	if t < kolmogorovSwitch {
		return 1 - kolmogorovSmall(t)
	}
	return kolmogorovLarge(t)
}

// kolmogorovSwitch is where both series need about the same (few) terms.
const kolmogorovSwitch = 1.18

// kolmogorovLarge returns 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²t²}.
func kolmogorovLarge(t float64) float64 {
	s := 0.0
	sign := 1.0
	for k := 1; k <= 100; k++ {
		term := math.Exp(-2 * float64(k*k) * t * t)
		s += sign * term
		if term <= 1e-17*s {
			break
		}
		sign = -sign
	}
	return 2 * s
}

// kolmogorovSmall returns (√(2π)/t) Σ_{k≥1} e^{−(2k−1)²π²/(8t²)}.
func kolmogorovSmall(t float64) float64 {
	s := 0.0
	c := -math.Pi * math.Pi / (8 * t * t)
	for k := 1; k <= 100; k++ {
		o := float64(2*k - 1)
		term := math.Exp(c * o * o)
		s += term
		if term <= 1e-17*s {
			break
		}
	}
	return math.Sqrt(2*math.Pi) / t * s
}

// Histogram counts the values of x in bins equal bins over [lo, hi]: bin i
// holds lo + i·w ≤ x < lo + (i+1)·w with w = (hi−lo)/bins, the last bin
// also x = hi. Values outside [lo, hi] (and NaN) are not binned but
// counted in out, so that Σ counts + out = len(x). It panics unless
// bins ≥ 1 and lo < hi.
func Histogram(x []float64, lo, hi float64, bins int) (counts []int64, out int64) {
	if bins < 1 || !(lo < hi) {
		panic(fmt.Sprintf("spectral: Histogram of %d bins over [%g, %g]", bins, lo, hi))
	}
	counts = make([]int64, bins)
	scale := float64(bins) / (hi - lo)
	for _, v := range x {
		if !(v >= lo && v <= hi) {
			out++
			continue
		}
		counts[min(bins-1, int((v-lo)*scale))]++
	}
	return counts, out
}

// NormalRange returns the interval mean ± width·sd of a sample's fitted
// normal law, sd = √Variance: where its histogram is drawn against the
// normal density. A sample without spread (zero or NaN variance) gets
// mean ± ½.
func (s SampleStats) NormalRange(width float64) (lo, hi float64) {
	half := width * math.Sqrt(s.Variance)
	if !(half > 0) || math.IsInf(half, 0) {
		half = 0.5
	}
	return s.Mean - half, s.Mean + half
}
