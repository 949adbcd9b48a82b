package backend

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Splitting a product C = op(A)·op(B) into blocks of C's rows or columns,
// for the openblas build, whose library runs single-threaded so that its
// results cannot depend on a thread count. The blocks depend on the shapes
// alone, never on GOMAXPROCS, so every element of C is computed by the same
// call whatever the machine; goroutines only decide who computes a block.
const (
	minBlockWork = 1 << 21 // multiply-adds: below this a block is not worth a goroutine
	minBlockSide = 32      // rows or columns of C per block at least
	maxBlocks    = 16
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

// run calls f for every block, on up to GOMAXPROCS goroutines.
func run(parts int, f func(p int)) {
	workers := min(runtime.GOMAXPROCS(0), parts)
	if workers <= 1 {
		for p := range parts {
			f(p)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := int(next.Add(1) - 1); p < parts; p = int(next.Add(1) - 1) {
				f(p)
			}
		}()
	}
	wg.Wait()
}
