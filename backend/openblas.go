//go:build openblas

package backend

/*
// OpenBLAS's thread control (declared here: Debian's cblas.h varies by
// flavour; the symbol is in every libopenblas).
void openblas_set_num_threads(int num_threads);
*/
import "C"

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// Name is the active BLAS implementation.
const Name = "openblas"

// Threads is OpenBLAS's thread count, fixed whatever OPENBLAS_NUM_THREADS
// says: OpenBLAS splits a product differently for each thread count and
// its results then differ in the last bits (a training run's bytes changed
// between OPENBLAS_NUM_THREADS=1 and 2). Two threads use both cores of the
// machines rbmkit is built for; splitting products over goroutines instead
// (single-threaded OpenBLAS calls side by side) measured up to twice as
// slow on Gibbs sweeps of 1000 chains.
const Threads = 2

func init() {
	C.openblas_set_num_threads(Threads)
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
}
