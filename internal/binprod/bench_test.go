package binprod

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkMul multiplies 100 binary states of 784 units at MNIST-like
// densities by a 784×500 matrix, the trainer's v·W, and reports the
// equivalent dense GFLOP/s (2·100·784·500 per product) for comparison
// with a BLAS sgemm of the same shape.
func BenchmarkMul(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	src := randomDense(r, 784*500)
	dst := make([]float32, 100*500)
	for _, d := range []float64{0.13, 0.3, 0.5} {
		x := randomBinary(r, 100, 784, d)
		var o Ones
		o.Set(x, 100, 784)
		b.Run(fmt.Sprintf("density=%.2f", d), func(b *testing.B) {
			for b.Loop() {
				Mul(dst, &o, src, 500, 500, 1, 0)
			}
			b.ReportMetric(2*100*784*500*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
		})
	}
}
