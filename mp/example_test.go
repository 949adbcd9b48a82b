package mp_test

import (
	"fmt"
	"math"

	"github.com/rbmkit/rbmkit/mp"
)

// The law of the singular values of a 784×500 noise matrix with entry
// standard deviation 0.01, and the strength a rank-one signal needs to show.
func ExampleLaw() {
	law := mp.NewLaw(0.01*0.01, 784, 500)
	lo, hi := law.SigmaEdges()
	fmt.Printf("γ = %.3f, σ-bulk [%.4f, %.4f]\n", law.Ratio(), lo, hi)
	fmt.Printf("median λ = %.4g, P(σ ≤ 0.45) = %.3f\n", law.Quantile(0.5), law.SigmaCDF(0.45))
	fmt.Printf("detectable spike θ > %.4f, which lands at σ = %.4f if θ = 1\n",
		mp.DetectionThreshold(0.01, 784, 500), law.SpikeSigma(1))
	// Output:
	// γ = 0.638, σ-bulk [0.0564, 0.5036]
	// median λ = 7.825e-05, P(σ ≤ 0.45) = 0.948
	// detectable spike θ > 0.2502, which lands at σ = 1.0641 if θ = 1
}

// Fit the spectrum of a 784×100 matrix with three learned modes on top of
// noise of standard deviation 0.2. Its bulk is that of the noise restricted
// to the complement of the learned directions, a 781×97 noise matrix; here
// that bulk is idealized as perfectly rigid (its mid-quantiles).
func ExampleFit() {
	bulk := mp.Law{S2: 0.04, N: 781, P: 97}
	sigma := []float64{30, 20, 12}
	for i := range 97 {
		sigma = append(sigma, bulk.SigmaQuantile((96.5-float64(i))/97))
	}
	res, err := mp.Fit(sigma, 784, 100, mp.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("s = %.3f, %d outliers above σ = %.2f\n", math.Sqrt(res.S2), len(res.Outliers), res.SigmaCutoff)
	for _, o := range res.Outliers {
		fmt.Printf("mode %d: σ = %g\n", o.Index, o.Sigma)
	}
	fmt.Println("consistent with MP:", res.ConsistentWithMP)
	// Output:
	// s = 0.200, 3 outliers above σ = 7.66
	// mode 0: σ = 30
	// mode 1: σ = 20
	// mode 2: σ = 12
	// consistent with MP: true
}
