package spectral

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/rbmkit/rbmkit/rbm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// LAPACK names the routine that computes the SVD in this build ("gonum
// dgesvd" or "openblas dgesdd"), for output metadata.
const LAPACK = lapackName

// Decomposition is the reciprocal-space view of one model: the thin SVD
// W = U Σ Vᵀ of its weights and its biases in those coordinates.
type Decomposition struct {
	// Visible (N) and Hidden (M) are the model's layer sizes; Rank is
	// r = min(N, M), the number of singular values.
	Visible, Hidden, Rank int
	// Units is the model's unit convention: the decomposition is of the
	// model's own W (the couplings J for a spin model).
	Units rbm.Units
	// Sigma holds the r singular values, decreasing.
	Sigma []float64
	// U (N×r) and V (M×r) hold the singular vectors as columns, u_α and
	// v_α for σ_α, with the sign convention of the package doc. Both are
	// nil when the decomposition was computed without vectors.
	U, V *mat.Dense
	// A0 = Uᵀa and B0 = Vᵀb are the reciprocal biases (length r; nil
	// without vectors).
	A0, B0 []float64
	// AOutside = ‖a − U a⁰‖ and BOutside = ‖b − V b⁰‖ are the norms of the
	// bias components outside the spans of U and V: the N−r (or M−r)
	// components of a (or b) along directions that couple to no hidden
	// (visible) mode. At most one is non-zero (the larger layer's); both
	// are NaN without vectors.
	AOutside, BOutside float64
}

// Decompose computes the singular values of m's weights in float64 and,
// if wantVectors, the thin singular vectors (sign-fixed), the reciprocal
// biases and the norms of the bias parts outside the coupled subspaces.
// Without vectors only the values are computed, which is several times
// faster.
func Decompose(m *rbm.Model, wantVectors bool) (*Decomposition, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	n, k := m.Visible, m.Hidden
	s, u, v, ok := svd(m.W, n, k, wantVectors)
	if !ok {
		return nil, errors.New("spectral: the SVD did not converge")
	}
	r := min(n, k)
	d := &Decomposition{Visible: n, Hidden: k, Rank: r, Units: m.Units, Sigma: s,
		AOutside: math.NaN(), BOutside: math.NaN()}
	for a := range s {
		// LAPACK returns non-negative values; clear the sign of a −0.
		s[a] = math.Abs(s[a])
	}
	if !wantVectors {
		return d, nil
	}
	d.U = mat.NewDense(n, r, u)
	d.V = mat.NewDense(k, r, v)
	fixSigns(d.U, d.V)
	d.A0, d.AOutside = project(d.U, m.A)
	d.B0, d.BOutside = project(d.V, m.B)
	return d, nil
}

// Modes returns the k leading modes (all r when k ≤ 0 or larger) as
// plain rbm.Mode values, their vectors copied from U and V: what
// rbm-freeenergy's mean field and rbm-sample's diffusion work on, so that
// mode α there is the vector rbm-svd writes as mode α.
func (d *Decomposition) Modes(k int) []rbm.Mode {
	d.needVectors("Modes")
	if k <= 0 || k > d.Rank {
		k = d.Rank
	}
	out := make([]rbm.Mode, k)
	for a := range out {
		out[a] = rbm.Mode{Rank: a, Sigma: d.Sigma[a], U: mat.Col(nil, a, d.U), V: mat.Col(nil, a, d.V)}
	}
	return out
}

// TopModes decomposes m's W with vectors and returns its k leading modes
// (all when k ≤ 0 or larger): Decompose, then Modes.
func TopModes(m *rbm.Model, k int) ([]rbm.Mode, error) {
	d, err := Decompose(m, true)
	if err != nil {
		return nil, err
	}
	return d.Modes(k), nil
}

// HasVectors reports whether the decomposition holds singular vectors.
func (d *Decomposition) HasVectors() bool { return d.U != nil }

func (d *Decomposition) needVectors(what string) {
	if d.U == nil {
		panic("spectral: " + what + " needs singular vectors (Decompose with wantVectors)")
	}
}

// fixSigns flips each pair (u_α, v_α) so that the largest-magnitude
// component of u_α (the first one on a tie) is positive; v may be nil.
func fixSigns(u, v *mat.Dense) {
	n, r := u.Dims()
	for a := 0; a < r; a++ {
		best, at := -1.0, 0
		for i := 0; i < n; i++ {
			if x := math.Abs(u.At(i, a)); x > best {
				best, at = x, i
			}
		}
		if u.At(at, a) < 0 {
			flipColumn(u, a)
			if v != nil {
				flipColumn(v, a)
			}
		}
	}
}

func flipColumn(x *mat.Dense, a int) {
	raw := x.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		raw.Data[i*raw.Stride+a] = -raw.Data[i*raw.Stride+a]
	}
}

// project returns c = Qᵀx for the orthonormal columns Q (n×r) and the
// norm of the residual x − Q c, the part of x outside span(Q).
func project(q *mat.Dense, x32 []float32) (c []float64, outside float64) {
	n, r := q.Dims()
	x := to64(x32)
	c = make([]float64, r)
	qr := q.RawMatrix()
	blas64.Gemv(blas.Trans, 1, qr, blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: r, Inc: 1, Data: c})
	res := append([]float64(nil), x...)
	blas64.Gemv(blas.NoTrans, -1, qr, blas64.Vector{N: r, Inc: 1, Data: c}, 1, blas64.Vector{N: n, Inc: 1, Data: res})
	return c, blas64.Nrm2(blas64.Vector{N: n, Inc: 1, Data: res})
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// Project returns the reciprocal coordinates x = Uᵀv and y = Vᵀh (length
// r each) of a configuration (v, h) in the model's convention.
func (d *Decomposition) Project(v, h []float64) (x, y []float64) {
	d.needVectors("Project")
	x = make([]float64, d.Rank)
	y = make([]float64, d.Rank)
	blas64.Gemv(blas.Trans, 1, d.U.RawMatrix(), blas64.Vector{N: d.Visible, Inc: 1, Data: v}, 0, blas64.Vector{N: d.Rank, Inc: 1, Data: x})
	blas64.Gemv(blas.Trans, 1, d.V.RawMatrix(), blas64.Vector{N: d.Hidden, Inc: 1, Data: h}, 0, blas64.Vector{N: d.Rank, Inc: 1, Data: y})
	return x, y
}

// Energy returns the coupled part of the energy in reciprocal
// coordinates, −a⁰ᵀx − b⁰ᵀy − Σ_α σ_α x_α y_α. The full energy E(v,h)
// adds the uncoupled directions of the larger layer:
//
//	E(v,h) = Energy(Uᵀv, Vᵀh) − (U⊥ᵀa)·(U⊥ᵀv) − (V⊥ᵀb)·(V⊥ᵀh)
//
// with U⊥, V⊥ from Complement; equivalently the extra terms are
// −(a − U a⁰)·v − (b − V b⁰)·h.
func (d *Decomposition) Energy(x, y []float64) float64 {
	d.needVectors("Energy")
	e := 0.0
	for a, s := range d.Sigma {
		e -= d.A0[a]*x[a] + d.B0[a]*y[a] + s*x[a]*y[a]
	}
	return e
}

// Complement returns orthonormal bases of the complements of span(U) in
// ℝᴺ (N×(N−r)) and of span(V) in ℝᴹ (M×(M−r)), so that [U U⊥] and [V V⊥]
// are the full orthogonal matrices of docs/science.md. The complement of the
// smaller layer is empty and returned as nil. The basis of a complement is
// not unique (any rotation of it is as good); only projections onto the
// whole complement are meaningful.
func (d *Decomposition) Complement() (uPerp, vPerp *mat.Dense) {
	d.needVectors("Complement")
	return complement(d.U), complement(d.V)
}

func complement(q *mat.Dense) *mat.Dense {
	n, r := q.Dims()
	if r == n {
		return nil
	}
	var qr mat.QR
	qr.Factorize(q)
	var full mat.Dense
	qr.QTo(&full)
	return mat.DenseCopyOf(full.Slice(0, n, r, n))
}

// HessianSpectrum returns the eigenvalues of the energy's Hessian
// −[[0, W], [Wᵀ, 0]] on ℝ^{N+M}, in decreasing order: +σ_α, then |N−M|
// zeros, then −σ_α. Every stationary point of the continuous energy is a
// saddle whose curvatures are the singular values.
func (d *Decomposition) HessianSpectrum() []float64 {
	out := make([]float64, 0, d.Visible+d.Hidden)
	out = append(out, d.Sigma...)
	for range d.Visible + d.Hidden - 2*d.Rank {
		out = append(out, 0)
	}
	for a := d.Rank - 1; a >= 0; a-- {
		out = append(out, -d.Sigma[a])
	}
	return out
}

// SaddleHessian returns the (N+M)×(N+M) Hessian of E(v,h) with respect to
// (v, h), −[[0, W], [Wᵀ, 0]], in float64. It is dense: meant for checking
// small models.
func SaddleHessian(m *rbm.Model) *mat.SymDense {
	n, k := m.Visible, m.Hidden
	h := mat.NewSymDense(n+k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			h.SetSym(i, n+j, -float64(m.W[i*k+j]))
		}
	}
	return h
}

// HessianEigenvalues diagonalizes SaddleHessian(m) directly, with gonum's
// dense symmetric eigensolver (Householder tridiagonalization and implicit
// QL/QR), independently of the SVD, and returns its N+M eigenvalues in
// decreasing order. It costs O((N+M)³) time and 8·(N+M)² bytes.
func HessianEigenvalues(m *rbm.Model) ([]float64, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(SaddleHessian(m), false) {
		return nil, errors.New("spectral: the Hessian's eigendecomposition did not converge")
	}
	got := eig.Values(nil)
	sort.Sort(sort.Reverse(sort.Float64Slice(got)))
	return got, nil
}

// HessianResidual returns the largest absolute difference between
// eigenvalues in decreasing order (HessianEigenvalues) and
// d.HessianSpectrum(): ±σ_α and |N−M| zeros.
func (d *Decomposition) HessianResidual(eigenvalues []float64) float64 {
	want := d.HessianSpectrum()
	if len(eigenvalues) != len(want) {
		panic(fmt.Sprintf("spectral: %d Hessian eigenvalues for a %d×%d model", len(eigenvalues), d.Visible, d.Hidden))
	}
	worst := 0.0
	for i, w := range want {
		worst = math.Max(worst, math.Abs(eigenvalues[i]-w))
	}
	return worst
}

// CheckHessian diagonalizes SaddleHessian(m) directly and returns the
// largest absolute difference between its sorted eigenvalues and
// d.HessianSpectrum(): a check, by a second algorithm, that the saddle's
// curvatures are ±σ_α and |N−M| zeros. It costs O((N+M)³).
func CheckHessian(m *rbm.Model, d *Decomposition) (float64, error) {
	if m.Visible != d.Visible || m.Hidden != d.Hidden {
		return 0, fmt.Errorf("spectral: model is %d×%d, decomposition %d×%d", m.Visible, m.Hidden, d.Visible, d.Hidden)
	}
	got, err := HessianEigenvalues(m)
	if err != nil {
		return 0, err
	}
	return d.HessianResidual(got), nil
}
