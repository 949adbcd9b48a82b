package spectral

import (
	"errors"
	"fmt"
	"sort"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// covBatch is the number of rows Covariance buffers before folding them
// into its sums with one rank-k update.
const covBatch = 256

// Covariance accumulates the mean and covariance of a stream of vectors
// in float64, in O(n²) memory whatever the stream's length. Rows are
// buffered and folded in by batches: each batch's centred scatter matrix
// (a BLAS rank-k update) is merged with the running one by Chan et al.'s
// pairwise formula, which avoids the cancellation of Σvvᵀ/n − μμᵀ.
// Results depend only on the order of the rows.
type Covariance struct {
	n     int
	count int
	mean  []float64
	m2    blas64.Symmetric // Σ (v−μ)(v−μ)ᵀ, upper triangle
	buf   []float64        // covBatch×n rows awaiting a fold
	rows  int
}

// NewCovariance returns an empty accumulator for vectors of length n.
func NewCovariance(n int) *Covariance {
	return &Covariance{n: n, mean: make([]float64, n),
		m2:  blas64.Symmetric{N: n, Stride: n, Uplo: blas.Upper, Data: make([]float64, n*n)},
		buf: make([]float64, covBatch*n)}
}

// Add adds one vector (length n).
func (c *Covariance) Add(v []float32) {
	if len(v) != c.n {
		panic(fmt.Sprintf("spectral: Covariance.Add of a vector of length %d, want %d", len(v), c.n))
	}
	row := c.buf[c.rows*c.n : (c.rows+1)*c.n]
	for i, x := range v {
		row[i] = float64(x)
	}
	c.rows++
	if c.rows == covBatch {
		c.fold()
	}
}

// fold merges the buffered rows into the running mean and scatter.
func (c *Covariance) fold() {
	nb := c.rows
	if nb == 0 {
		return
	}
	n := c.n
	mb := make([]float64, n)
	for r := 0; r < nb; r++ {
		for i, x := range c.buf[r*n : (r+1)*n] {
			mb[i] += x
		}
	}
	for i := range mb {
		mb[i] /= float64(nb)
	}
	for r := 0; r < nb; r++ {
		row := c.buf[r*n : (r+1)*n]
		for i := range row {
			row[i] -= mb[i]
		}
	}
	blas64.Syrk(blas.Trans, 1, blas64.General{Rows: nb, Cols: n, Stride: n, Data: c.buf[:nb*n]}, 1, c.m2)
	na := c.count
	total := na + nb
	delta := make([]float64, n)
	for i := range delta {
		delta[i] = mb[i] - c.mean[i]
	}
	blas64.Syr(float64(na)*float64(nb)/float64(total), blas64.Vector{N: n, Inc: 1, Data: delta}, c.m2)
	for i := range c.mean {
		c.mean[i] += delta[i] * float64(nb) / float64(total)
	}
	c.count = total
	c.rows = 0
}

// Count returns the number of vectors added.
func (c *Covariance) Count() int { return c.count + c.rows }

// Mean returns the mean vector.
func (c *Covariance) Mean() []float64 {
	c.fold()
	return append([]float64(nil), c.mean...)
}

// Matrix returns the sample covariance Σ (v−μ)(v−μ)ᵀ/(count−1).
func (c *Covariance) Matrix() *mat.SymDense {
	c.fold()
	out := mat.NewSymDense(c.n, nil)
	if c.count < 2 {
		return out
	}
	f := 1 / float64(c.count-1)
	for i := 0; i < c.n; i++ {
		for j := i; j < c.n; j++ {
			out.SetSym(i, j, f*c.m2.Data[i*c.n+j])
		}
	}
	return out
}

// PrincipalComponents are the top principal components of a data set.
type PrincipalComponents struct {
	// Count is the number of vectors; Mean their mean (length N).
	Count int
	Mean  []float64
	// Variances holds the k largest eigenvalues of the sample covariance,
	// decreasing; Vectors (N×k) the matching unit eigenvectors as columns,
	// signed like singular vectors (largest-magnitude component positive).
	Variances []float64
	Vectors   *mat.Dense
	// TotalVariance is the covariance's trace, so Variances[β]/TotalVariance
	// is the fraction of variance component β explains.
	TotalVariance float64
}

// PCA returns the top k principal components of the accumulated vectors,
// from a full symmetric eigendecomposition of the n×n covariance.
func (c *Covariance) PCA(k int) (*PrincipalComponents, error) {
	if k < 1 || k > c.n {
		return nil, fmt.Errorf("spectral: %d principal components of %d-dimensional data", k, c.n)
	}
	if c.Count() < 2 {
		return nil, errors.New("spectral: PCA needs at least two vectors")
	}
	cov := c.Matrix()
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, errors.New("spectral: the covariance's eigendecomposition did not converge")
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	order := make([]int, c.n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return vals[order[i]] > vals[order[j]] })
	p := &PrincipalComponents{Count: c.count, Mean: append([]float64(nil), c.mean...),
		Variances: make([]float64, k), Vectors: mat.NewDense(c.n, k, nil)}
	for b := 0; b < k; b++ {
		p.Variances[b] = vals[order[b]]
		p.Vectors.SetCol(b, mat.Col(nil, order[b], &vecs))
	}
	for i := 0; i < c.n; i++ {
		p.TotalVariance += cov.At(i, i)
	}
	fixSigns(p.Vectors, nil)
	return p, nil
}

// PCA returns the top k principal components of data (rows of equal
// length); see Covariance to stream data that does not fit in memory.
func PCA(data [][]float32, k int) (*PrincipalComponents, error) {
	if len(data) == 0 {
		return nil, errors.New("spectral: PCA of no data")
	}
	c := NewCovariance(len(data[0]))
	for _, v := range data {
		c.Add(v)
	}
	return c.PCA(k)
}
