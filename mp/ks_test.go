package mp

import (
	"math"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rng"
)

func uniformCDF(x float64) float64 { return min(max(x, 0), 1) }

func TestKSDistance(t *testing.T) {
	// points at the mid-quantiles (i−½)/m are 1/(2m) from the law
	for _, m := range []int{1, 7, 100} {
		x := make([]float64, m)
		for i := range x {
			x[i] = (float64(i) + 0.5) / float64(m)
		}
		if got := KS(x, uniformCDF); math.Abs(got-0.5/float64(m)) > 1e-15 {
			t.Errorf("m=%d: KS = %g, want %g", m, got, 0.5/float64(m))
		}
	}
	// against a brute-force sup over a fine grid, for random data
	r := rng.New(1, 0, "mp-test-ks")
	x := make([]float64, 50)
	for i := range x {
		x[i] = r.Float64()
	}
	slices.Sort(x)
	var brute float64
	for i, v := range x {
		// the empirical CDF jumps at v: compare just before and at v
		brute = max(brute, math.Abs(float64(i)/50-v), math.Abs(float64(i+1)/50-v))
	}
	if got := KS(x, uniformCDF); got != brute {
		t.Errorf("KS = %g, brute force %g", got, brute)
	}
}

func TestKolmogorovPValue(t *testing.T) {
	// quantiles of the Kolmogorov distribution (standard tables)
	for _, c := range []struct{ x, q float64 }{
		{0.8276, 0.50}, {1.2238, 0.10}, {1.3581, 0.05}, {1.6276, 0.01}, {1.9495, 0.001},
	} {
		if got := kolmogorovQ(c.x); math.Abs(got-c.q) > 2e-4 {
			t.Errorf("Q(%g) = %g, want %g", c.x, got, c.q)
		}
	}
	// the two series agree where they meet, and Q decreases
	if a, b := kolmogorovQ(1-1e-12), kolmogorovQ(1); math.Abs(a-b) > 1e-10 {
		t.Errorf("Q is discontinuous at 1: %g vs %g", a, b)
	}
	for x := 0.05; x < 3; x += 0.01 {
		if kolmogorovQ(x+0.01) > kolmogorovQ(x) {
			t.Fatalf("Q increases at %g", x)
		}
	}
	// calibrated for i.i.d. samples: P(p < 0.05) ≈ 5%
	r := rng.New(2, 0, "mp-test-ks")
	const trials, m = 2000, 100
	low := 0
	x := make([]float64, m)
	for range trials {
		for i := range x {
			x[i] = r.Float64()
		}
		slices.Sort(x)
		if KolmogorovPValue(KS(x, uniformCDF), m) < 0.05 {
			low++
		}
	}
	if f := float64(low) / trials; f < 0.035 || f > 0.065 {
		t.Errorf("P(p < 0.05) = %g for i.i.d. uniforms, want ≈ 0.05", f)
	}
}

// KS ≤ KSReference implies an i.i.d. p-value above 0.5, as Result says.
func TestVerdictImpliesPValue(t *testing.T) {
	for m := MinBulk; m < 1e6; m = m*11/10 + 1 {
		if p := KolmogorovPValue(KSReference(m), m); !(p > 0.5) {
			t.Errorf("m=%d: p-value at the reference is %g", m, p)
		}
	}
}
