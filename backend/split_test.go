package backend

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Blocks tile C's split side exactly, none empty, for every shape.
func TestPlanTiles(t *testing.T) {
	for m := 1; m < 3000; m += 37 {
		for _, n := range []int{1, 7, 64, 500, 2000} {
			for _, k := range []int{1, 100, 784} {
				byRows, parts := plan(m, n, k)
				side := n
				if byRows {
					side = m
				}
				if parts < 1 || parts > maxBlocks {
					t.Fatalf("%d×%d×%d: %d parts", m, n, k, parts)
				}
				next := 0
				for p := range parts {
					lo, hi := bounds(side, parts, p)
					if lo != next || hi <= lo {
						t.Fatalf("%d×%d×%d, %d parts: block %d is [%d,%d), after %d", m, n, k, parts, p, lo, hi, next)
					}
					next = hi
				}
				if next != side {
					t.Fatalf("%d×%d×%d: blocks end at %d, not %d", m, n, k, next, side)
				}
			}
		}
	}
	if _, parts := plan(100, 64, 784); parts < 2 {
		t.Errorf("a training-sized product (100×64×784) is not split: %d", parts)
	}
}

// Split products are right (against float64 naive loops) for every
// transpose, and the same bits at any GOMAXPROCS.
func TestGemmSplitsAreRightAndDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, s := range [][3]int{{300, 200, 100}, {64, 700, 200}, {500, 100, 784}} {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				// op(A) is m×k, op(B) k×n; stored with padded strides.
				ar, ac, br, bc := m, k, k, n
				if tA == blas.Trans {
					ar, ac = k, m
				}
				if tB == blas.Trans {
					br, bc = n, k
				}
				lda, ldb, ldc := ac+3, bc+1, n+5
				a, b := make([]float64, ar*lda), make([]float64, br*ldb)
				for i := range a {
					a[i] = r.NormFloat64()
				}
				for i := range b {
					b[i] = r.NormFloat64()
				}
				at := func(i, l int) float64 {
					if tA == blas.Trans {
						return a[l*lda+i]
					}
					return a[i*lda+l]
				}
				bt := func(l, j int) float64 {
					if tB == blas.Trans {
						return b[j*ldb+l]
					}
					return b[l*ldb+j]
				}
				c0 := make([]float64, m*ldc)
				for i := range c0 {
					c0[i] = r.NormFloat64()
				}
				want := slices.Clone(c0)
				for i := range m {
					for j := range n {
						var sum float64
						for l := range k {
							sum += at(i, l) * bt(l, j)
						}
						want[i*ldc+j] = 0.5*sum + 2*c0[i*ldc+j]
					}
				}
				a32, b32, c32 := f32(a), f32(b), f32(c0)
				var d64 [2][]float64
				var d32 [2][]float32
				for w, procs := range []int{1, 2} {
					runtime.GOMAXPROCS(procs)
					d64[w] = slices.Clone(c0)
					blas64.Implementation().Dgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 2, d64[w], ldc)
					d32[w] = slices.Clone(c32)
					blas32.Implementation().Sgemm(tA, tB, m, n, k, 0.5, a32, lda, b32, ldb, 2, d32[w], ldc)
				}
				if !slices.Equal(d64[0], d64[1]) || !slices.Equal(d32[0], d32[1]) {
					t.Errorf("%s %v %c%c: results differ between GOMAXPROCS 1 and 2", Name, s, tA, tB)
				}
				for i := range m {
					for j := range n {
						x := want[i*ldc+j]
						if math.Abs(d64[1][i*ldc+j]-x) > 1e-10*math.Sqrt(float64(k)) || math.Abs(float64(d32[1][i*ldc+j])-x) > 1e-4*math.Sqrt(float64(k)) {
							t.Fatalf("%s %v %c%c: C[%d,%d] = %g (d), %g (s), want %g", Name, s, tA, tB, i, j, d64[1][i*ldc+j], d32[1][i*ldc+j], x)
						}
					}
				}
				// Padding between rows is left alone.
				for i := range m {
					for j := n; j < ldc; j++ {
						if d64[1][i*ldc+j] != c0[i*ldc+j] {
							t.Fatalf("%v: padding C[%d,%d] written", s, i, j)
						}
					}
				}
			}
		}
	}
}

func f32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
