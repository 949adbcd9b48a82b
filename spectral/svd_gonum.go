package spectral

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// gonumSVD computes the thin SVD of the row-major n×m float32 matrix w in
// float64: the r = min(n,m) singular values in decreasing order and, if
// vectors, the left vectors u (n×r) and right vectors v (m×r), both
// row-major.
// It uses gonum's pure-Go Dgesvd (Householder bidiagonalization, then
// implicit QR on the bidiagonal), whose level-3 parts call blas64.
func gonumSVD(w []float32, n, m int, vectors bool) (s, u, v []float64, ok bool) {
	r := min(n, m)
	s = make([]float64, r)
	a := blas64.General{Rows: n, Cols: m, Stride: m, Data: to64(w)}
	job := lapack.SVDNone
	uu := blas64.General{Stride: 1}
	vt := blas64.General{Stride: 1}
	if vectors {
		job = lapack.SVDStore
		uu = blas64.General{Rows: n, Cols: r, Stride: r, Data: make([]float64, n*r)}
		vt = blas64.General{Rows: r, Cols: m, Stride: m, Data: make([]float64, r*m)}
	}
	work := []float64{0}
	lapack64.Gesvd(job, job, a, uu, vt, s, work, -1)
	work = make([]float64, int(work[0]))
	if !lapack64.Gesvd(job, job, a, uu, vt, s, work, len(work)) {
		return nil, nil, nil, false
	}
	if !vectors {
		return s, nil, nil, true
	}
	v = make([]float64, m*r)
	for a := 0; a < r; a++ {
		row := vt.Data[a*m : (a+1)*m]
		for j, x := range row {
			v[j*r+a] = x
		}
	}
	return s, uu.Data, v, true
}
