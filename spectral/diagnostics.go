package spectral

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// IPR returns the inverse participation ratio Σ_i X_iα⁴ of each column of
// x (columns of unit norm): 1 for a vector on one unit, 1/n for a uniform
// one, ≈ 3/n for a Haar-random one.
func IPR(x mat.Matrix) []float64 {
	n, r := x.Dims()
	out := make([]float64, r)
	for i := 0; i < n; i++ {
		for a := range out {
			e := x.At(i, a)
			e *= e
			out[a] += e * e
		}
	}
	return out
}

// IPR returns the inverse participation ratios of the visible (u_α) and
// hidden (v_α) singular vectors.
func (d *Decomposition) IPR() (u, v []float64) {
	d.needVectors("IPR")
	return IPR(d.U), IPR(d.V)
}

// Overlap returns, for each mode α, |u_α·u'_β| and |v_α·v'_β| with the
// vectors of a reference decomposition ref (e.g. the model at
// initialization), where β = refMode[α], or β = α when refMode is nil.
// With a Tracker started on ref, pass the ids of d's modes as refMode:
// ids at the first snapshot are ranks, so they index ref's columns.
func (d *Decomposition) Overlap(ref *Decomposition, refMode []int) (u, v []float64) {
	d.needVectors("Overlap")
	ref.needVectors("Overlap")
	if d.Visible != ref.Visible || d.Hidden != ref.Hidden {
		panic(fmt.Sprintf("spectral: Overlap of a %d×%d decomposition with a %d×%d one", d.Visible, d.Hidden, ref.Visible, ref.Hidden))
	}
	u = make([]float64, d.Rank)
	v = make([]float64, d.Rank)
	for a := range u {
		b := a
		if refMode != nil {
			b = refMode[a]
		}
		u[a] = math.Abs(mat.Dot(d.U.ColView(a), ref.U.ColView(b)))
		v[a] = math.Abs(mat.Dot(d.V.ColView(a), ref.V.ColView(b)))
	}
	return u, v
}

// PCOverlap relates the visible singular vectors to the data's principal
// components.
type PCOverlap struct {
	// Overlap is the r×k matrix of u_α·p_β (signed).
	Overlap *mat.Dense
	// Best[α] is the principal component β with the largest |u_α·p_β|,
	// BestOverlap[α] that |u_α·p_β|.
	Best        []int
	BestOverlap []float64
	// InSpan[α] = ‖Pᵀu_α‖ is the norm of u_α's projection on the span of
	// the k principal components: 1 when u_α lies in it, ≈ √(k/N) for a
	// random direction.
	InSpan []float64
}

// PCOverlap returns the overlaps of the visible singular vectors with the
// principal components p.
func (d *Decomposition) PCOverlap(p *PrincipalComponents) *PCOverlap {
	d.needVectors("PCOverlap")
	n, k := p.Vectors.Dims()
	if n != d.Visible {
		panic(fmt.Sprintf("spectral: %d-dimensional principal components for %d visible units", n, d.Visible))
	}
	o := &PCOverlap{Overlap: mat.NewDense(d.Rank, k, nil), Best: make([]int, d.Rank),
		BestOverlap: make([]float64, d.Rank), InSpan: make([]float64, d.Rank)}
	o.Overlap.Mul(d.U.T(), p.Vectors)
	for a := 0; a < d.Rank; a++ {
		row := o.Overlap.RawRowView(a)
		o.InSpan[a] = blas64.Nrm2(blas64.Vector{N: k, Inc: 1, Data: row})
		for b, x := range row {
			if x := math.Abs(x); x > o.BestOverlap[a] {
				o.Best[a], o.BestOverlap[a] = b, x
			}
		}
	}
	return o
}

// Magnetization returns the reciprocal magnetization ⟨x_α⟩ = u_α·⟨v⟩ of
// every mode given the mean visible configuration (e.g. the data's mean,
// PrincipalComponents.Mean or Covariance.Mean).
func (d *Decomposition) Magnetization(mean []float64) []float64 {
	d.needVectors("Magnetization")
	if len(mean) != d.Visible {
		panic(fmt.Sprintf("spectral: mean of length %d for %d visible units", len(mean), d.Visible))
	}
	out := make([]float64, d.Rank)
	blas64.Gemv(blas.Trans, 1, d.U.RawMatrix(), blas64.Vector{N: d.Visible, Inc: 1, Data: mean}, 0, blas64.Vector{N: d.Rank, Inc: 1, Data: out})
	return out
}
