package mp

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DefaultAllowance is the default outlier allowance c, in units of the
// Tracy–Widom edge scale: 2.02 is the 99% quantile of TW₁. In 1000 Gaussian
// matrices each of 784×100 and 100×100, the largest σ exceeded the true
// edge plus 2.02 scales in 0.5–0.6% of draws (centring on (√n+√p)² is
// slightly conservative), and Fit, which tests each candidate outlier with
// it kept in the bulk fit, flagged 0.2%.
const DefaultAllowance = 2.02

// Options tune Fit. The zero value selects the defaults.
type Options struct {
	// Allowance is c in the outlier cutoff: the bulk's upper σ-edge plus c
	// Tracy–Widom scales (zero means DefaultAllowance).
	Allowance float64
}

// Mode is one singular value and its position in the caller's slice.
type Mode struct {
	Index int
	Sigma float64
}

// Result is a robust Marchenko–Pastur fit of one spectrum.
type Result struct {
	// S2 is the fitted entry variance s² of the noise.
	S2 float64
	// Law is the matrix's MP law with that s² (its edges are docs/science.md's
	// bulk edges); Bulk is the law the kept modes are fitted and tested
	// against: Law{S2, n−k, p−k} for k outliers (see Fit). Bulk's own λ
	// variable is σ²/(n−k); compare the two through their Sigma methods.
	Law, Bulk Law
	// Allowance is the c used; SigmaCutoff is the outlier cutoff in σ, the
	// upper σ-edge of Bulk plus c·Bulk.SigmaEdgeScale(), and Cutoff the same
	// in Law's λ = σ²/n.
	Allowance, SigmaCutoff, Cutoff float64
	// Outliers are the modes above the cutoff, by decreasing σ. Their count
	// is the order parameter of hierarchical learning.
	Outliers []Mode
	// KS is the Kolmogorov–Smirnov distance between the kept modes and
	// Bulk.
	KS float64
	// PValue is the asymptotic Kolmogorov p-value of KS for Bulk.P i.i.d.
	// points. Eigenvalues are far more rigid than i.i.d. draws (the KS
	// distance of a true MP spectrum shrinks like ln p / p, not 1/√p), so
	// this p-value is very conservative: a true MP spectrum scores near 1,
	// and a small value is strong evidence against MP, but a value near 1
	// proves little.
	PValue float64
	// KSReference is the finite-size reference for KS, KSReference(Bulk.P):
	// about the 99% quantile of KS for a true MP spectrum of that size.
	KSReference float64
	// ConsistentWithMP is the verdict: at least MinBulk modes were kept and
	// KS ≤ KSReference. It implies PValue > 0.5.
	ConsistentWithMP bool

	sigma []float64 // the input, for Table
}

// MinBulk is the fewest kept modes for which the verdict can be positive.
const MinBulk = 8

// Fit estimates the noise variance s² of the singular values sigma of a
// rows×cols matrix (any order, len(sigma) = min(rows, cols)), robustly
// against outliers, and finds the outliers.
//
// The bulk left once k outlying modes are set aside is modelled as the
// spectrum of the noise compressed to the orthogonal complement of the k
// outlying directions: an (n−k)×(p−k) matrix with the same entry variance,
// so Bulk = Law{s², n−k, p−k} (for k = 0, the matrix's own law, with γ
// fixed by the shape). This is exact for a low-rank signal far above the
// noise; fitting the kept modes with the full shape instead biases s² by
// O(k/p) and inflates KS. For a given k, s² is fitted on the p−k smallest
// modes by quantile matching: the i-th smallest λ' = σ²/(n−k) against the
// MP quantile at (i−½)/(p−k), least squares through the origin (quantiles
// scale with s²); unlike the mean, this does not lean on the few largest
// kept modes.
//
// The outlier count k starts from a fit of the lower half of the spectrum
// alone (outliers sit at the top and barely move it) and then moves one
// mode at a time until it is self-consistent:
//
//   - with k modes set aside, the largest kept mode is at most the cutoff
//     of the bulk fitted on the kept modes (else k grows), and
//   - the smallest outlier lies above the cutoff of the bulk fitted with it
//     put back (else k shrinks).
//
// The cutoff is the upper σ-edge of Bulk plus c Tracy–Widom scales
// (Law.SigmaEdgeScale). Each move keeps the other condition true, so the
// walk is monotone and ends. Since the cutoff lies above the fitted bulk's
// edge, the final fit never truncates its own bulk, and no truncation
// correction is needed.
func Fit(sigma []float64, rows, cols int, opt Options) (*Result, error) {
	shape := NewLaw(1, rows, cols)
	if shape.P < 1 {
		return nil, fmt.Errorf("mp: shape %d×%d: need at least one row and one column", rows, cols)
	}
	if len(sigma) != shape.P {
		return nil, fmt.Errorf("mp: %d singular values for a %d×%d matrix: want min(rows, cols) = %d", len(sigma), rows, cols, shape.P)
	}
	for i, s := range sigma {
		if !(s >= 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("mp: sigma[%d] = %v: singular values are finite and non-negative", i, s)
		}
	}
	c := opt.Allowance
	if c == 0 {
		c = DefaultAllowance
	}

	n, p := shape.N, shape.P
	order := make([]int, p) // by decreasing σ
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(sigma[j], sigma[i]) })
	asc := make([]float64, p) // σ², ascending
	for j, i := range order {
		asc[p-1-j] = sigma[i] * sigma[i]
	}
	if asc[p-1] == 0 {
		return nil, fmt.Errorf("mp: all singular values are zero")
	}
	// top(j) is the j-th largest σ, from 1.
	top := func(j int) float64 { return sigma[order[j-1]] }

	bulkLaw := func(s2 float64, k int) Law { return Law{S2: s2, N: n - k, P: p - k} }
	cutoff := func(l Law) float64 {
		_, hi := l.SigmaEdges()
		return hi + c*l.SigmaEdgeScale()
	}
	fits := map[int]float64{} // s² by k
	refit := func(k int) float64 {
		s2, ok := fits[k]
		if !ok {
			s2 = quantileFit(asc[:p-k], float64(n-k), p-k, bulkLaw(1, k).Ratio())
			fits[k] = s2
		}
		return s2
	}
	cut := func(k int) float64 { return cutoff(bulkLaw(refit(k), k)) }

	start := cutoff(Law{S2: quantileFit(asc[:max(1, p/2)], float64(n), p, shape.Ratio()), N: n, P: p})
	k := 0
	for k < p-1 && top(k+1) > start {
		k++
	}
	for {
		if k < p-1 && top(k+1) > cut(k) {
			k++
		} else if k > 0 && top(k) <= cut(k-1) {
			k--
		} else {
			break
		}
	}
	s2 := refit(k)
	if !(s2 > 0) {
		return nil, fmt.Errorf("mp: the bulk fit collapsed to s² = %v (the kept singular values are zero)", s2)
	}
	res := &Result{Allowance: c, sigma: slices.Clone(sigma)}
	res.S2 = s2
	res.Law = Law{S2: s2, N: n, P: p}
	res.Bulk = bulkLaw(s2, k)
	res.SigmaCutoff = cutoff(res.Bulk)
	res.Cutoff = res.SigmaCutoff * res.SigmaCutoff / float64(n)
	for j := range k {
		res.Outliers = append(res.Outliers, Mode{Index: order[j], Sigma: sigma[order[j]]})
	}
	kept := make([]float64, p-k) // σ, ascending
	for j := range kept {
		kept[j] = sigma[order[p-1-j]]
	}
	res.KS = KS(kept, res.Bulk.SigmaCDF)
	res.PValue = KolmogorovPValue(res.KS, p-k)
	res.KSReference = KSReference(p - k)
	res.ConsistentWithMP = p-k >= MinBulk && res.KS <= res.KSReference
	return res, nil
}

// quantileFit returns the least-squares s² in σ²_(i)/n ≈ s²·Q₁((i−½)/total)
// over the given smallest squared singular values σ²_(1..j) of a spectrum
// of size total, where Q₁ is the unit MP quantile for ratio g.
func quantileFit(ascendingSq []float64, n float64, total int, g float64) float64 {
	var num, den float64
	for i, x := range ascendingSq {
		q := unitQuantile((float64(i)+0.5)/float64(total), g)
		num += x / n * q
		den += q * q
	}
	return num / den
}

// Above returns the modes with σ strictly above threshold, by decreasing σ:
// e.g. Above(sigma, InstabilityThreshold(units)) for the modes beyond the
// mean-field instability.
func Above(sigma []float64, threshold float64) []Mode {
	var out []Mode
	for i, s := range sigma {
		if s > threshold {
			out = append(out, Mode{Index: i, Sigma: s})
		}
	}
	slices.SortStableFunc(out, func(x, y Mode) int { return cmp.Compare(y.Sigma, x.Sigma) })
	return out
}
