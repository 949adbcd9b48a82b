package diffusion

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/rbm"
)

// Basis holds the k leading singular triplets of W, in float64: W v_α =
// σ_α u_α, by decreasing σ.
type Basis struct {
	Sigma []float64
	// U is N×k (columns u_α), V is M×k (columns v_α).
	U, V *mat.Dense
}

// NewBasis returns the basis of the given modes (package spectral's, in
// rank order): σ_α and the columns u_α, v_α, copied.
func NewBasis(modes []rbm.Mode) *Basis {
	k := len(modes)
	b := &Basis{Sigma: make([]float64, k)}
	if k == 0 {
		return b
	}
	n, hid := len(modes[0].U), len(modes[0].V)
	b.U, b.V = mat.NewDense(n, k, nil), mat.NewDense(hid, k, nil)
	for a, md := range modes {
		b.Sigma[a] = md.Sigma
		b.U.SetCol(a, md.U)
		b.V.SetCol(a, md.V)
	}
	return b
}

// Modes returns the Gaussian modes of the basis for variance c.
func (b *Basis) Modes(c float64) []Mode {
	out := make([]Mode, len(b.Sigma))
	for a, s := range b.Sigma {
		out[a] = Mode{Sigma: s, C: c}
	}
	return out
}

// Moments projects chains of a binary model on the basis, x_α = u_α·v and
// y_α = v_α·h, and returns per mode their moments across the chains,
// stamped with time t. v is chains×N and h chains×M, row-major unit values
// (0/1 or ±1).
func (b *Basis) Moments(v, h []float32, chains int, t float64) []Moments {
	x := project(v, chains, b.U)
	y := project(h, chains, b.V)
	k := len(b.Sigma)
	out := make([]Moments, k)
	for a := range k {
		vx, vy, cxy := sampleMoments(x, y, chains, k, a)
		out[a] = Moments{Time: t, VarX: vx, VarY: vy, CovXY: cxy}
	}
	return out
}

// project returns states·basis (chains×k) in float64.
func project(states []float32, chains int, basis *mat.Dense) []float64 {
	rows, _ := basis.Dims()
	s := make([]float64, chains*rows)
	for i, x := range states[:chains*rows] {
		s[i] = float64(x)
	}
	return project64(s, chains, basis)
}

// project64 returns states·basis (chains×k) for float64 states.
func project64(s []float64, chains int, basis *mat.Dense) []float64 {
	rows, k := basis.Dims()
	out := make([]float64, chains*k)
	raw := basis.RawMatrix()
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: chains, Cols: rows, Stride: rows, Data: s},
		blas64.General{Rows: rows, Cols: k, Stride: raw.Stride, Data: raw.Data}, 0,
		blas64.General{Rows: chains, Cols: k, Stride: k, Data: out})
	return out
}

// sampleMoments returns mode a's sample variances of x and y and their
// covariance ((n−1) convention) over n rows of k modes, x[c·k+a] the row
// c's value.
func sampleMoments(x, y []float64, n, k, a int) (vx, vy, cxy float64) {
	var mx, my float64
	for c := range n {
		mx += x[c*k+a]
		my += y[c*k+a]
	}
	nf := float64(n)
	mx, my = mx/nf, my/nf
	var sxx, syy, sxy float64
	for c := range n {
		dx, dy := x[c*k+a]-mx, y[c*k+a]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	return sxx / (nf - 1), syy / (nf - 1), sxy / (nf - 1)
}
