package ais

import (
	"fmt"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

// The assembly and Go paths of weight give the same bits, and both agree
// with softplus differences from math.Log1p and math.Expm1 to 1e-9 of the
// terms' sum plus 1e-14 nats per chunk (the rounding of each chunk's
// product of factors near 1), for lengths with and without a tail, fine and coarse steps
// (where some chunks take the full expm1), both directions and β = 0.
func TestWeightPathsAndAccuracy(t *testing.T) {
	r := rng.New(21, 0, "weight")
	for _, n := range []int{1, 3, 4, 8, 63, 64, 65, 500, 1000} {
		for _, c := range []struct{ beta, dBeta, scale float64 }{
			{0, 1e-4, 5}, {0.5, 1.45e-3, 20}, {0.9, 1e-5, 40}, {0.99, -1e-5, 40},
			{0.3, 0.4, 10}, {0.7, -0.3, 300}, {0.02, 0.02, 800},
		} {
			t.Run(fmt.Sprintf("n=%d/beta=%g/dbeta=%g", n, c.beta, c.dBeta), func(t *testing.T) {
				xs := make([]float32, n)
				b := make([]float64, n)
				for j := range xs {
					xs[j] = float32(c.scale * r.NormFloat64())
					b[j] = 0.5 * r.NormFloat64()
				}
				got := weight(xs, b, c.beta, c.dBeta)
				if haveAVX2 {
					haveAVX2 = false
					goPath := weight(xs, b, c.beta, c.dBeta)
					haveAVX2 = true
					if math.Float64bits(got) != math.Float64bits(goPath) {
						t.Fatalf("assembly %.17g, Go %.17g", got, goPath)
					}
				}
				want, scale := 0.0, 0.0
				for j, xf := range xs {
					x := float64(xf) + b[j]
					// softplus(β'x) − softplus(βx) without cancellation.
					d := math.Log1p(rbm.Sigmoid(c.beta*x) * math.Expm1(c.dBeta*x))
					want += d
					scale += math.Abs(d)
				}
				if math.Abs(got-want) > 1e-9*scale+1e-14*float64(n/logChunk+1) {
					t.Errorf("weight %.15g, want %.15g (scale %.3g)", got, want, scale)
				}
			})
		}
	}
}
