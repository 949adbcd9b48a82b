package draw

import (
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

func TestDrawUnitsFrequencies(t *testing.T) {
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	fields := []float64{-100, -20, -6, logit(1.0 / 256), logit(37.0/256) - 1e-6, logit(37.0 / 256),
		logit(37.0/256) + 1e-6, -0.3, 0, 0.01, 2.5, logit(255.0 / 256), 15, 100}
	const draws = 1 << 18
	r := rng.New(1, 0, "test-draw")
	for _, off := range []float32{0, -1} {
		for _, z := range fields {
			prod := make([]float32, draws)
			bias := make([]float32, draws)
			for i := range prod {
				prod[i] = float32(z)
			}
			dst := make([]float32, draws)
			Units(dst, prod, bias, 1, off, r)
			on := 0
			for _, x := range dst {
				switch x {
				case 1:
					on++
				case off:
				default:
					t.Fatalf("drew %v, want 1 or %v", x, off)
				}
			}
			p := rbm.Sigmoid(float64(float32(z)))
			got := float64(on) / draws
			if tol := 5*math.Sqrt(p*(1-p)/draws) + 1e-6; math.Abs(got-p) > tol {
				t.Errorf("off=%v z=%.6g: on with frequency %.6f, σ(z) = %.6f (±%.2g)", off, z, got, p, tol)
			}
		}
	}
}

func TestBucketTablesBracketLogits(t *testing.T) {
	for k := range buckets {
		lo, hi := float64(k)/buckets, float64(k+1)/buckets
		if k > 0 && !(rbm.Sigmoid(float64(offBelow[k])) <= lo) {
			t.Errorf("offBelow[%d] = %v: σ = %v above the bucket's lower edge %v", k, offBelow[k], rbm.Sigmoid(float64(offBelow[k])), lo)
		}
		if k < buckets-1 && !(rbm.Sigmoid(float64(onAbove[k])) >= hi) {
			t.Errorf("onAbove[%d] = %v: σ = %v below the bucket's upper edge %v", k, onAbove[k], rbm.Sigmoid(float64(onAbove[k])), hi)
		}
	}
}
