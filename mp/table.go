package mp

import (
	"math"
	"slices"
)

// TableOptions set the histogram and the curve of Result.Table. The zero
// value selects the defaults.
type TableOptions struct {
	// Bins is the number of histogram bins; zero picks the
	// Freedman–Diaconis width 2·IQR·m^{−1/3} of the m kept modes (at most
	// MaxBins bins).
	Bins int
	// Points is the number of grid points of the fitted density; zero
	// means 200.
	Points int
}

// MaxBins caps the automatic bin count, which far outliers would inflate.
const MaxBins = 1000

// Bin is one histogram bin [Lo, Hi) (the last one is closed). Density is
// Count/(p·(Hi−Lo)) over all p modes, outliers included, so the bars
// integrate to 1.
type Bin struct {
	Lo, Hi  float64
	Count   int
	Density float64
}

// Point is the fitted density at X.
type Point struct {
	X, Density float64
}

// Panel is one variable's histogram and fitted curve. The curve is the
// bulk's density times the kept fraction (p−k)/p, so that over the bulk it
// is on the bars' scale: it integrates to the kept fraction, the bars to 1.
type Panel struct {
	Bins  []Bin
	Curve []Point
}

// Table holds the density panels in λ = σ²/n (the matrix's n, as in
// Result.Law) and in σ.
type Table struct {
	Lambda, Sigma Panel
}

// Table tabulates the empirical spectrum and the fitted density for
// plotting, in both variables.
func (r *Result) Table(opt TableOptions) Table {
	points := opt.Points
	if points == 0 {
		points = 200
	}
	p, k := r.Law.P, len(r.Outliers)
	frac := float64(p-k) / float64(p)
	n, nb := float64(r.Law.N), float64(r.Bulk.N)

	sigmas := slices.Clone(r.sigma)
	slices.Sort(sigmas)
	lambdas := make([]float64, p)
	for i, s := range sigmas {
		lambdas[i] = s * s / n
	}

	// Bulk's λ' = σ²/(n−k) = λ·n/(n−k), so ρ_λ(λ) = ρ_bulk(λ·n/nb)·n/nb.
	lamLo, lamHi := r.Bulk.Edges()
	lamLo, lamHi = lamLo*nb/n, lamHi*nb/n
	sigLo, sigHi := r.Bulk.SigmaEdges()
	return Table{
		Lambda: Panel{
			Bins: histogram(lambdas, p-k, opt.Bins, lamLo, lamHi),
			Curve: curve(lamLo, lamHi, points, func(x float64) float64 {
				return frac * r.Bulk.Density(x*n/nb) * n / nb
			}),
		},
		Sigma: Panel{
			Bins: histogram(sigmas, p-k, opt.Bins, sigLo, sigHi),
			Curve: curve(sigLo, sigHi, points, func(x float64) float64 {
				return frac * r.Bulk.SigmaDensity(x)
			}),
		},
	}
}

// histogram bins all the ascending values over a range that covers them and
// the bulk support [lo, hi]; the first kept of them set the automatic width.
func histogram(ascending []float64, kept, bins int, lo, hi float64) []Bin {
	lo = min(lo, ascending[0])
	hi = max(hi, ascending[len(ascending)-1])
	if !(hi > lo) {
		hi = lo + 1
	}
	if bins <= 0 {
		bins = 1
		if iqr := quantileSorted(ascending[:kept], 0.75) - quantileSorted(ascending[:kept], 0.25); iqr > 0 {
			width := 2 * iqr / math.Cbrt(float64(kept))
			bins = int(math.Ceil((hi - lo) / width))
		}
		bins = min(max(bins, 1), MaxBins)
	}
	width := (hi - lo) / float64(bins)
	out := make([]Bin, bins)
	for i := range out {
		out[i].Lo = lo + float64(i)*width
		out[i].Hi = lo + float64(i+1)*width
	}
	out[bins-1].Hi = hi
	for _, x := range ascending {
		i := min(int((x-lo)/width), bins-1)
		out[i].Count++
	}
	total := float64(len(ascending))
	for i := range out {
		out[i].Density = float64(out[i].Count) / (total * (out[i].Hi - out[i].Lo))
	}
	return out
}

// quantileSorted is the linearly interpolated q-quantile of sorted values.
func quantileSorted(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	h := q * float64(len(sorted)-1)
	i := min(int(h), len(sorted)-2)
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// curve samples density on an even grid over [lo, hi], skipping an infinite
// endpoint (the hard edge λ = 0 of a square bulk).
func curve(lo, hi float64, points int, density func(float64) float64) []Point {
	out := make([]Point, 0, points)
	for i := range points {
		x := lo + (hi-lo)*float64(i)/float64(max(points-1, 1))
		if d := density(x); !math.IsInf(d, 0) {
			out = append(out, Point{X: x, Density: d})
		}
	}
	return out
}
