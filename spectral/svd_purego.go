//go:build !openblas

package spectral

// lapackName names the LAPACK routine behind svd, for metadata.
const lapackName = "gonum dgesvd"

// svd is gonum's pure-Go SVD in the default build.
func svd(w []float32, n, m int, vectors bool) (s, u, v []float64, ok bool) {
	return gonumSVD(w, n, m, vectors)
}
