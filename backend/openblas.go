//go:build openblas

package backend

/*
// OpenBLAS's thread control (declared here: Debian's cblas.h varies by
// flavour; the symbol is in every libopenblas).
void openblas_set_num_threads(int num_threads);
// Stops OpenBLAS's worker threads; the next threaded call starts them
// again (OpenBLAS's own fork handler uses it).
void blas_thread_shutdown_(void);
// The core type whose kernels OpenBLAS loaded (OPENBLAS_CORETYPE or its
// own detection).
char *openblas_get_corename(void);
*/
import "C"

import (
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// Name is the active BLAS implementation.
const Name = "openblas"

func init() {
	// OpenBLAS's own threads split a product differently for each thread
	// count, and its results then differ in the last bits (seen on GEMMs of
	// 100×784 by 784×64: a training run's bytes changed with
	// OPENBLAS_NUM_THREADS). It runs single-threaded, and Sgemm and Dgemm
	// are parallelized here, over fixed blocks of the output.
	C.openblas_set_num_threads(1)
	C.blas_thread_shutdown_() // the threads OpenBLAS started at load would spin for nothing
	blas32.Use(deterministic{})
	blas64.Use(deterministic{})
}

// coreName is the core type whose kernels OpenBLAS runs.
func coreName() string { return C.GoString(C.openblas_get_corename()) }

// lapackThreads is OpenBLAS's thread count inside LAPACK calls: fixed, so
// that a decomposition gives the same bits on every machine and at any
// GOMAXPROCS or OPENBLAS_NUM_THREADS.
const lapackThreads = 2

var lapackMu sync.Mutex

// LAPACK runs f, which calls OpenBLAS's LAPACK directly (dgesdd), with
// OpenBLAS's own threads (a fixed count). The thread count is global to
// the library: no other BLAS work may run while f does, which the mutex
// ensures among LAPACK callers; rbmkit's tools decompose between their
// other products, never beside them.
func LAPACK(f func()) {
	lapackMu.Lock()
	defer lapackMu.Unlock()
	C.openblas_set_num_threads(lapackThreads)
	defer func() {
		C.openblas_set_num_threads(1)
		// OpenBLAS's idle workers spin (sched_yield) for about 2²⁸ cycles
		// after a call; beside rbmkit's own worker pool that thrashed the
		// two cores (rbm-svd spent a fifth of its time in the scheduler),
		// so they are stopped, and started again by the next LAPACK call.
		C.blas_thread_shutdown_()
	}()
	f()
}

// deterministic is OpenBLAS with GEMMs split into output blocks that
// depend only on the shapes, each a single-threaded OpenBLAS call.
type deterministic struct{ netlib.Implementation }

// Sgemm computes C = alpha·op(A)·op(B) + beta·C (row-major, as gonum's
// blas.Float32Level3), block by block.
func (d deterministic) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	split(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, func(m, n int, a, b, c []float32) {
		d.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	})
}

// Dgemm is Sgemm in float64.
func (d deterministic) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int,
	b []float64, ldb int, beta float64, c []float64, ldc int) {
	split(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, func(m, n int, a, b, c []float64) {
		d.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	})
}
