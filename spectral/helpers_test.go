package spectral

import (
	"math"
	"math/rand/v2"

	"github.com/rbmkit/rbmkit/internal/testmodel"
	"github.com/rbmkit/rbmkit/rbm"
	"gonum.org/v1/gonum/mat"
)

// orthonormal returns an n×k matrix with orthonormal columns, the Q of
// the QR decomposition of a Gaussian matrix whose first columns are
// replaced by lead (if any), so Q's first columns span the same nested
// subspaces as lead.
func orthonormal(r *rand.Rand, n, k int, lead ...[]float64) *mat.Dense {
	g := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			g.Set(i, j, r.NormFloat64())
		}
	}
	for j, col := range lead {
		g.SetCol(j, col)
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	out := mat.DenseCopyOf(q.Slice(0, n, 0, k))
	// QR leaves the sign of each column to the algorithm; orient planted
	// columns along lead.
	for j, col := range lead {
		if mat.Dot(out.ColView(j), mat.NewVecDense(n, col)) < 0 {
			flipColumn(out, j)
		}
	}
	return out
}

// planted returns a model whose weights are U diag(sigma) Vᵀ (rounded to
// float32) with random biases, together with the float64 product before
// rounding.
func planted(r *rand.Rand, u, v *mat.Dense, sigma []float64, units rbm.Units, biasScale float64) (*rbm.Model, *mat.Dense) {
	n, _ := u.Dims()
	k, _ := v.Dims()
	var us mat.Dense
	us.Apply(func(_, j int, x float64) float64 { return x * sigma[j] }, u)
	w := mat.NewDense(n, k, nil)
	w.Mul(&us, v.T())
	m := rbm.New(n, k, units)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			m.W[i*k+j] = float32(w.At(i, j))
		}
		m.A[i] = float32(biasScale * r.NormFloat64())
	}
	for j := range m.B {
		m.B[j] = float32(biasScale * r.NormFloat64())
	}
	return m, w
}

// gaussianModel has i.i.d. N(0, scale²) weights and biases.
func gaussianModel(r *rand.Rand, n, k int, units rbm.Units, scale, biasScale float64) *rbm.Model {
	return testmodel.Gaussian(r, n, k, units, scale, biasScale)
}

// weights returns the model's W as a float64 matrix.
func weights(m *rbm.Model) *mat.Dense {
	w := mat.NewDense(m.Visible, m.Hidden, nil)
	for i := 0; i < m.Visible; i++ {
		for j := 0; j < m.Hidden; j++ {
			w.Set(i, j, float64(m.W[i*m.Hidden+j]))
		}
	}
	return w
}

// configuration draws a uniform random configuration of n units: 0/1 or
// ±1.
func configuration(r *rand.Rand, n int, units rbm.Units) []float64 {
	x := make([]float64, n)
	for i := range x {
		if r.IntN(2) == 1 {
			x[i] = 1
		} else if units == rbm.Spin {
			x[i] = -1
		}
	}
	return x
}

func to32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

// maxAbsDiff returns the largest |a_ij − b_ij|.
func maxAbsDiff(a, b mat.Matrix) float64 {
	n, k := a.Dims()
	worst := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			worst = math.Max(worst, math.Abs(a.At(i, j)-b.At(i, j)))
		}
	}
	return worst
}
