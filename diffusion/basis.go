package diffusion

import (
	"fmt"
	"math"

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

// Reciprocal decomposes the model's W (in float64) and keeps its k leading
// modes (all min(N, M) when k ≤ 0 or larger). Signs are fixed so that the
// largest-magnitude component of each u_α is positive, v_α flipping with
// it, as rbm-svd does.
func Reciprocal(m *rbm.Model, k int) (*Basis, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	n, hid := m.Visible, m.Hidden
	w := mat.NewDense(n, hid, nil)
	for i, x := range m.W {
		w.RawMatrix().Data[i] = float64(x)
	}
	var svd mat.SVD
	if !svd.Factorize(w, mat.SVDThin) {
		return nil, fmt.Errorf("diffusion: the SVD of W did not converge")
	}
	r := min(n, hid)
	if k <= 0 || k > r {
		k = r
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	b := &Basis{Sigma: svd.Values(nil)[:k], U: mat.NewDense(n, k, nil), V: mat.NewDense(hid, k, nil)}
	b.U.Copy(u.Slice(0, n, 0, k))
	b.V.Copy(v.Slice(0, hid, 0, k))
	for a := range k {
		big := 0
		for i := range n {
			if math.Abs(b.U.At(i, a)) > math.Abs(b.U.At(big, a)) {
				big = i
			}
		}
		if b.U.At(big, a) < 0 {
			for i := range n {
				b.U.Set(i, a, -b.U.At(i, a))
			}
			for j := range hid {
				b.V.Set(j, a, -b.V.At(j, a))
			}
		}
	}
	return b, nil
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
	n := float64(chains)
	for a := range k {
		var mx, my float64
		for c := range chains {
			mx += x[c*k+a]
			my += y[c*k+a]
		}
		mx, my = mx/n, my/n
		var sxx, syy, sxy float64
		for c := range chains {
			dx, dy := x[c*k+a]-mx, y[c*k+a]-my
			sxx += dx * dx
			syy += dy * dy
			sxy += dx * dy
		}
		out[a] = Moments{Time: t, VarX: sxx / (n - 1), VarY: syy / (n - 1), CovXY: sxy / (n - 1)}
	}
	return out
}

// project returns states·basis (chains×k) in float64.
func project(states []float32, chains int, basis *mat.Dense) []float64 {
	rows, k := basis.Dims()
	s := make([]float64, chains*rows)
	for i, x := range states[:chains*rows] {
		s[i] = float64(x)
	}
	out := make([]float64, chains*k)
	raw := basis.RawMatrix()
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: chains, Cols: rows, Stride: rows, Data: s},
		blas64.General{Rows: rows, Cols: k, Stride: raw.Stride, Data: raw.Data}, 0,
		blas64.General{Rows: chains, Cols: k, Stride: k, Data: out})
	return out
}
