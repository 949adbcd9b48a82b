//go:build openblas

package spectral

/*
#include <stddef.h>

// LAPACK's divide-and-conquer SVD from the OpenBLAS library the openblas
// build links (Fortran calling convention: every argument by reference,
// then the hidden length of each character argument).
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda,
	double *s, double *u, const int *ldu, double *vt, const int *ldvt,
	double *work, const int *lwork, int *iwork, int *info, size_t jobz_len);
*/
import "C"

import (
	"unsafe"

	"github.com/rbmkit/rbmkit/backend"
)

// lapackName names the LAPACK routine behind svd, for metadata.
const lapackName = "openblas dgesdd"

// svd computes the thin SVD of the row-major n×m float32 matrix w in
// float64: the r = min(n,m) singular values in decreasing order and, if
// vectors, the left vectors u (n×r) and right vectors v (m×r), both
// row-major.
//
// gonum's LAPACK has no divide-and-conquer SVD and its bidiagonal QR
// iteration applies rotations to the vectors in pure Go, several times
// slower than LAPACK's dgesdd; the openblas build therefore calls
// OpenBLAS's dgesdd (what numpy.linalg.svd calls) directly, on the n×m
// matrix copied into column-major order as numpy does, so that both run
// the same LAPACK path. Should dgesdd fail to converge (it rarely can
// where QR iteration does not), gonum's Dgesvd takes over.
func svd(w []float32, n, m int, vectors bool) (s, u, v []float64, ok bool) {
	backend.LAPACK(func() { s, u, v, ok = dgesdd(w, n, m, vectors) })
	if ok {
		return s, u, v, ok
	}
	return gonumSVD(w, n, m, vectors)
}

// dgesdd is svd through OpenBLAS's dgesdd.
func dgesdd(w []float32, n, m int, vectors bool) (s, u, v []float64, ok bool) {
	r := min(n, m)
	a := make([]float64, n*m)
	transposeInto(a, w, n, m)
	s = make([]float64, r)
	jobz := C.char('N')
	cn, cm, lda := C.int(n), C.int(m), C.int(n)
	ldu, ldvt := C.int(1), C.int(1)
	lu, lvt := make([]float64, 1), make([]float64, 1)
	if vectors {
		jobz = 'S'
		ldu, ldvt = C.int(n), C.int(r)
		lu = make([]float64, n*r)  // U, column-major
		lvt = make([]float64, r*m) // Vᵀ column-major = V row-major
	}
	iwork := make([]C.int, 8*r)
	var info C.int
	call := func(work []float64, lwork *C.int) {
		C.dgesdd_(&jobz, &cn, &cm, (*C.double)(unsafe.Pointer(&a[0])), &lda,
			(*C.double)(unsafe.Pointer(&s[0])), (*C.double)(unsafe.Pointer(&lu[0])), &ldu,
			(*C.double)(unsafe.Pointer(&lvt[0])), &ldvt,
			(*C.double)(unsafe.Pointer(&work[0])), lwork, &iwork[0], &info, 1)
	}
	query := C.int(-1)
	wq := make([]float64, 1)
	call(wq, &query)
	if info != 0 {
		return nil, nil, nil, false
	}
	lwork := C.int(wq[0])
	call(make([]float64, int(lwork)), &lwork)
	if info != 0 {
		return nil, nil, nil, false
	}
	if !vectors {
		return s, nil, nil, true
	}
	u = make([]float64, n*r)
	for a := 0; a < r; a++ {
		for i, x := range lu[a*n : (a+1)*n] {
			u[i*r+a] = x
		}
	}
	return s, u, lvt, true
}

// transposeInto writes the row-major n×m float32 matrix w into dst in
// column-major order, as float64, by cache-sized tiles.
func transposeInto(dst []float64, w []float32, n, m int) {
	const tile = 32
	for i0 := 0; i0 < n; i0 += tile {
		for j0 := 0; j0 < m; j0 += tile {
			for i := i0; i < min(i0+tile, n); i++ {
				row := w[i*m : (i+1)*m]
				for j := j0; j < min(j0+tile, m); j++ {
					dst[j*n+i] = float64(row[j])
				}
			}
		}
	}
}
