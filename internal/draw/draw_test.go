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

// The assembly and the Go loop draw the same units from the same stream,
// refinements included (fields at bucket edges make many), and leave the
// stream in the same state; lengths cover the eight-unit tail and chunks.
func TestUnitsKernelMatchesGo(t *testing.T) {
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	for _, n := range []int{1, 7, 8, 13, 500, 784, 1100} {
		prod, bias := make([]float32, n), make([]float32, n)
		r := rng.New(2, 0, "fields")
		for i := range prod {
			switch i % 3 {
			case 0: // on a bucket edge, where refinement decides
				prod[i] = float32(logit(float64(1+r.IntN(254)) / buckets))
			default:
				prod[i] = float32(r.NormFloat64() * 4)
			}
			bias[i] = float32(r.NormFloat64() * 0.01)
		}
		for _, c := range []struct{ scale, off float32 }{{1, 0}, {2, -1}, {0.37, 0}} {
			fast, slow := make([]float32, n), make([]float32, n)
			a, b := rng.New(9, 1, "draw"), rng.New(9, 1, "draw")
			Units(fast, prod, bias, c.scale, c.off, a)
			saved := haveAVX2
			haveAVX2 = false
			Units(slow, prod, bias, c.scale, c.off, b)
			haveAVX2 = saved
			for j := range fast {
				if fast[j] != slow[j] {
					t.Fatalf("n=%d %+v: unit %d: kernel %v, Go %v", n, c, j, fast[j], slow[j])
				}
			}
			if a.Uint64() != b.Uint64() {
				t.Fatalf("n=%d %+v: the streams end in different states", n, c)
			}
		}
	}
}
