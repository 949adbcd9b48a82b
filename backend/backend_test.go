package backend

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// The installed backend multiplies correctly: single and double precision
// GEMM against a naive triple loop, on shapes that exercise edge blocks.
func TestGemmMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range [][3]int{{1, 1, 1}, {7, 5, 3}, {65, 33, 129}, {100, 784, 50}} {
		m, k, n := s[0], s[1], s[2]
		a64, b64 := make([]float64, m*k), make([]float64, k*n)
		for i := range a64 {
			a64[i] = r.NormFloat64()
		}
		for i := range b64 {
			b64[i] = r.NormFloat64()
		}
		want := make([]float64, m*n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				for l := 0; l < k; l++ {
					want[i*n+j] += a64[i*k+l] * b64[l*n+j]
				}
			}
		}
		c64 := blas64.General{Rows: m, Cols: n, Stride: n, Data: make([]float64, m*n)}
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, blas64.General{Rows: m, Cols: k, Stride: k, Data: a64},
			blas64.General{Rows: k, Cols: n, Stride: n, Data: b64}, 0, c64)
		a32, b32 := make([]float32, len(a64)), make([]float32, len(b64))
		for i, x := range a64 {
			a32[i] = float32(x)
		}
		for i, x := range b64 {
			b32[i] = float32(x)
		}
		c32 := blas32.General{Rows: m, Cols: n, Stride: n, Data: make([]float32, m*n)}
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, blas32.General{Rows: m, Cols: k, Stride: k, Data: a32},
			blas32.General{Rows: k, Cols: n, Stride: n, Data: b32}, 0, c32)
		for i := range want {
			if math.Abs(c64.Data[i]-want[i]) > 1e-10*math.Sqrt(float64(k)) {
				t.Fatalf("%s dgemm %v: [%d] = %g, want %g", Name, s, i, c64.Data[i], want[i])
			}
			if math.Abs(float64(c32.Data[i])-want[i]) > 1e-4*math.Sqrt(float64(k)) {
				t.Fatalf("%s sgemm %v: [%d] = %g, want %g", Name, s, i, c32.Data[i], want[i])
			}
		}
	}
}
