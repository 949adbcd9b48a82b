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

import "unsafe"

// lapackName names the LAPACK routine behind svd, for metadata.
const lapackName = "openblas dgesdd"

// svd computes the thin SVD of the row-major n×m matrix w (overwritten):
// the r = min(n,m) singular values in decreasing order and, if vectors,
// the left vectors u (n×r) and right vectors v (m×r), both row-major.
//
// gonum's LAPACK has no divide-and-conquer SVD and its bidiagonal QR
// iteration applies rotations to the vectors in pure Go, several times
// slower than LAPACK's dgesdd; the openblas build therefore calls
// OpenBLAS's dgesdd (what numpy.linalg.svd calls) directly.
//
// LAPACK is column-major, so it sees the row-major n×m buffer as the m×n
// matrix Wᵀ = V Σ Uᵀ: its "U" is our V (stored m×r column-major, i.e. Vᵀ
// row-major) and its "VT" is Uᵀ (r×n column-major, i.e. U row-major).
func svd(w []float64, n, m int, vectors bool) (s, u, v []float64, ok bool) {
	r := min(n, m)
	s = make([]float64, r)
	jobz := C.char('N')
	cm, cn, lda := C.int(m), C.int(n), C.int(m)
	ldu, ldvt := C.int(1), C.int(1)
	var lu, lvt []float64
	if vectors {
		jobz = 'S'
		ldu, ldvt = C.int(m), C.int(r)
		lu = make([]float64, m*r)
		u = make([]float64, r*n)
		lvt = u
	} else {
		lu, lvt = make([]float64, 1), make([]float64, 1)
	}
	iwork := make([]C.int, 8*r)
	var info C.int
	query := C.int(-1)
	wq := make([]float64, 1)
	call := func(work []float64, lwork *C.int) {
		C.dgesdd_(&jobz, &cm, &cn, (*C.double)(unsafe.Pointer(&w[0])), &lda,
			(*C.double)(unsafe.Pointer(&s[0])), (*C.double)(unsafe.Pointer(&lu[0])), &ldu,
			(*C.double)(unsafe.Pointer(&lvt[0])), &ldvt,
			(*C.double)(unsafe.Pointer(&work[0])), lwork, &iwork[0], &info, 1)
	}
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
	v = make([]float64, m*r)
	for a := 0; a < r; a++ {
		for j := 0; j < m; j++ {
			v[j*r+a] = lu[a*m+j]
		}
	}
	return s, u, v, true
}
