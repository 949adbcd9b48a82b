package backend

import (
	"gonum.org/v1/gonum/blas"

	"github.com/rbmkit/rbmkit/internal/par"
)

// Splitting a product C = op(A)·op(B) into blocks of C's rows or columns,
// for the openblas build, whose library runs single-threaded so that its
// results cannot depend on a thread count. The blocks depend on the shapes
// alone, never on GOMAXPROCS, so every element of C is computed by the same
// call whatever the machine; goroutines only decide who computes a block.
const (
	minBlockWork = 1 << 21 // multiply-adds: below this a block is not worth a goroutine
	minBlockSide = 32      // rows or columns of C per block at least
	// Each block repacks the other factor, so few blocks: dense Gibbs
	// sweeps ran about 10% faster with 2 or 4 blocks than with 16
	// (docs/performance.md); four leave room for load balance and for
	// more cores.
	maxBlocks = 4
)

// plan says whether to split C by rows (else by columns) and into how
// many blocks (1: do not split).
func plan(m, n, k int) (byRows bool, parts int) {
	byRows = m >= n
	side := max(m, n)
	work := m * n * k
	parts = min(maxBlocks, side/minBlockSide, work/minBlockWork)
	return byRows, max(parts, 1)
}

// bounds returns block p of parts over d rows or columns, [lo, hi), with
// inner edges on multiples of 8 (whole SIMD registers for the kernels).
func bounds(d, parts, p int) (lo, hi int) {
	edge := func(q int) int {
		if q == parts {
			return d
		}
		return (q * d / parts) &^ 7
	}
	return edge(p), edge(p + 1)
}

// run calls f for every block on the pool of package par, whose workers
// stay awake between the short products of a Gibbs sweep or a training
// step (goroutines started per call were woken too late to help, and the
// split measured slower than OpenBLAS's own spinning threads).
func run(parts int, f func(p int)) {
	par.Blocks(parts, 1, func(p, _, _ int) { f(p) })
}

// split runs gemm on the blocks of C that plan chooses: gemm computes one
// block, m×n, from the offset operands (lda, ldb, ldc unchanged).
func split[T float32 | float64](tA, tB blas.Transpose, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int,
	gemm func(m, n int, a, b, c []T)) {
	byRows, parts := plan(m, n, k)
	if parts == 1 {
		gemm(m, n, a, b, c)
		return
	}
	run(parts, func(p int) {
		if byRows {
			lo, hi := bounds(m, parts, p)
			gemm(hi-lo, n, a[rowsOfOp(tA, lo, lda):], b, c[lo*ldc:])
		} else {
			lo, hi := bounds(n, parts, p)
			gemm(m, hi-lo, a, b[colsOfOp(tB, lo, ldb):], c[lo:])
		}
	})
}

// rowsOfOp is the offset in A of row lo of op(A): a row of A, or a column
// of A when op(A) = Aᵀ.
func rowsOfOp(t blas.Transpose, lo, lda int) int {
	if t == blas.NoTrans {
		return lo * lda
	}
	return lo
}

// colsOfOp is the offset in B of column lo of op(B).
func colsOfOp(t blas.Transpose, lo, ldb int) int {
	if t == blas.NoTrans {
		return lo
	}
	return lo * ldb
}
