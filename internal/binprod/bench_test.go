package binprod

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	_ "github.com/rbmkit/rbmkit/backend" // OpenBLAS under -tags openblas
)

// BenchmarkMul multiplies binary states by a dense matrix by row sums and,
// for comparison, by the build's BLAS sgemm, at several densities, in the
// two shapes of the hot loops: the trainer's batch of 100 states of 784
// visible units by W (784×500), and a Gibbs sweep's 1000 hidden states of
// 500 units by Wᵀ (500×784). It reports the dense-equivalent GFLOP/s
// (2·rows·cols·width per product); where "rows" beats "gemm" is where the
// callers' switch (sparseBelow) belongs:
//
//	CGO_LDFLAGS=-lopenblas go test -tags openblas -run - -bench Mul ./internal/binprod
func BenchmarkMul(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, shape := range []struct{ rows, cols, width int }{{100, 784, 500}, {1000, 500, 784}} {
		src := randomDense(r, shape.cols*shape.width)
		dst := make([]float32, shape.rows*shape.width)
		flops := 2 * float64(shape.rows*shape.cols*shape.width)
		for _, d := range []float64{0.13, 0.2, 0.3, 0.4, 0.5} {
			x := randomBinary(r, shape.rows, shape.cols, d)
			var o Ones
			o.Set(x, shape.rows, shape.cols)
			name := fmt.Sprintf("%dx%d·%dx%d/density=%.2f", shape.rows, shape.cols, shape.cols, shape.width, d)
			b.Run(name+"/rows", func(b *testing.B) {
				for b.Loop() {
					Mul(dst, &o, src, shape.width, shape.width, 1, 0)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
			})
			b.Run(name+"/gemm", func(b *testing.B) {
				for b.Loop() {
					blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
						blas32.General{Rows: shape.rows, Cols: shape.cols, Stride: shape.cols, Data: x},
						blas32.General{Rows: shape.cols, Cols: shape.width, Stride: shape.width, Data: src}, 0,
						blas32.General{Rows: shape.rows, Cols: shape.width, Stride: shape.width, Data: dst})
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
			})
		}
	}
}
