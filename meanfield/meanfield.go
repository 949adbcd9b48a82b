package meanfield

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/rbmkit/rbmkit/rbm"
)

// Approximation selects the mean-field free energy.
type Approximation int

const (
	// Naive is first-order (naive) mean field.
	Naive Approximation = iota
	// TAP adds the second-order Onsager term (Thouless–Anderson–Palmer).
	TAP
)

// String returns the method name used in freeenergy streams: "mf" or "tap".
func (a Approximation) String() string {
	switch a {
	case Naive:
		return "mf"
	case TAP:
		return "tap"
	}
	return fmt.Sprintf("Approximation(%d)", int(a))
}

// Defaults of Options.
const (
	DefaultDamping = 0.5
	DefaultTol     = 1e-10
	DefaultMaxIter = 20000
	DefaultStart   = 0.9
)

// Options control the fixed-point iteration. Zero values select the
// defaults.
type Options struct {
	// Damping is the weight of the new value in each update, in (0,1].
	Damping float64
	// Tol is the convergence threshold on the largest residual
	// |mean(field) − m| of the fixed-point equations.
	Tol float64
	// MaxIter bounds the number of sweeps (one visible and one hidden
	// update each).
	MaxIter int
	// Start is the largest spin magnetization of a displaced start in
	// Explore: the start along mode α is z·u_α, z·v_α with
	// z = Start/max(‖u_α‖∞, ‖v_α‖∞).
	Start float64
}

func (o Options) withDefaults() Options {
	if o.Damping <= 0 || o.Damping > 1 {
		o.Damping = DefaultDamping
	}
	if o.Tol <= 0 {
		o.Tol = DefaultTol
	}
	if o.MaxIter <= 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Start <= 0 || o.Start > 1 {
		o.Start = DefaultStart
	}
	return o
}

// String describes the settings for output metadata.
func (o Options) String() string {
	o = o.withDefaults()
	return fmt.Sprintf("damping=%g tol=%g max_iter=%d start=%g", o.Damping, o.Tol, o.MaxIter, o.Start)
}

// Problem holds a model's parameters in float64 for mean-field work. It is
// safe for concurrent use: methods do not modify it.
type Problem struct {
	N, M  int
	Units rbm.Units
	w, w2 []float64 // W and its elementwise square, N×M row-major
	a, b  []float64
}

// New prepares a model for mean-field computations.
func New(m *rbm.Model) (*Problem, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	p := &Problem{N: m.Visible, M: m.Hidden, Units: m.Units,
		w: make([]float64, len(m.W)), w2: make([]float64, len(m.W)),
		a: make([]float64, m.Visible), b: make([]float64, m.Hidden)}
	for i, x := range m.W {
		p.w[i] = float64(x)
		p.w2[i] = float64(x) * float64(x)
	}
	for i, x := range m.A {
		p.a[i] = float64(x)
	}
	for j, x := range m.B {
		p.b[j] = float64(x)
	}
	return p, nil
}

// Threshold is the singular value of W at which the symmetric mean-field
// solution of a zero-field model becomes unstable: 4 for Bernoulli units
// (J = W/4), 1 for spin units.
func Threshold(u rbm.Units) float64 {
	if u == rbm.Spin {
		return 1
	}
	return 4
}

// mean is σ or tanh.
func (p *Problem) mean(x float64) float64 {
	if p.Units == rbm.Spin {
		return math.Tanh(x)
	}
	return rbm.Sigmoid(x)
}

// variance of a unit with mean q.
func (p *Problem) variance(q float64) float64 {
	if p.Units == rbm.Spin {
		return 1 - q*q
	}
	return q - q*q
}

// dvariance is d var/dq.
func (p *Problem) dvariance(q float64) float64 {
	if p.Units == rbm.Spin {
		return -2 * q
	}
	return 1 - 2*q
}

// negEntropy is −S of one unit with mean q, written as the Bernoulli
// negative entropy of the probability of being on.
func (p *Problem) negEntropy(q float64) float64 {
	if p.Units == rbm.Spin {
		q = (1 + q) / 2
	}
	return xlogx(q) + xlogx(1-q)
}

func xlogx(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return x * math.Log(x)
}

// toSpin maps a magnetization to the spin convention.
func (p *Problem) toSpin(q float64) float64 {
	if p.Units == rbm.Spin {
		return q
	}
	return 2*q - 1
}

// fromSpin maps a spin magnetization to the model's convention.
func (p *Problem) fromSpin(s float64) float64 {
	if p.Units == rbm.Spin {
		return s
	}
	return (1 + s) / 2
}

func (p *Problem) gemv(trans bool, x, y []float64, src []float64) {
	t := blas.NoTrans
	if trans {
		t = blas.Trans
	}
	blas64.Gemv(t, 1, blas64.General{Rows: p.N, Cols: p.M, Stride: p.M, Data: src},
		blas64.Vector{N: len(x), Inc: 1, Data: x}, 0, blas64.Vector{N: len(y), Inc: 1, Data: y})
}

// FreeEnergy returns F_MF or F_TAP at the magnetizations mv (length N) and
// mh (length M), in the model's convention.
func (p *Problem) FreeEnergy(approx Approximation, mv, mh []float64) float64 {
	wmh := make([]float64, p.N)
	p.gemv(false, mh, wmh, p.w)
	f := 0.0
	for i, q := range mv {
		f += -p.a[i]*q - q*wmh[i] + p.negEntropy(q)
	}
	for j, q := range mh {
		f += -p.b[j]*q + p.negEntropy(q)
	}
	if approx == TAP {
		vh := make([]float64, p.M)
		for j, q := range mh {
			vh[j] = p.variance(q)
		}
		w2vh := make([]float64, p.N)
		p.gemv(false, vh, w2vh, p.w2)
		for i, q := range mv {
			f -= 0.5 * p.variance(q) * w2vh[i]
		}
	}
	return f
}

// Symmetric returns the symmetric point: zero spin magnetization.
func (p *Problem) Symmetric() (mv, mh []float64) {
	return p.Along(nil, nil, 0)
}

// Along returns the magnetizations whose spin versions are z·u and z·v,
// clipped to [−1,1]. Nil u or v means the zero vector.
func (p *Problem) Along(u, v []float64, z float64) (mv, mh []float64) {
	mv, mh = make([]float64, p.N), make([]float64, p.M)
	for i := range mv {
		s := 0.0
		if u != nil {
			s = max(-1, min(1, z*u[i]))
		}
		mv[i] = p.fromSpin(s)
	}
	for j := range mh {
		s := 0.0
		if v != nil {
			s = max(-1, min(1, z*v[j]))
		}
		mh[j] = p.fromSpin(s)
	}
	return mv, mh
}

// Project returns the coordinate of the magnetizations along a mode:
// (u·s_v + v·s_h)/2 with s the spin magnetizations, which is z for the
// point Along(u, v, z).
func (p *Problem) Project(u, v, mv, mh []float64) float64 {
	zv, zh := 0.0, 0.0
	for i, q := range mv {
		zv += u[i] * p.toSpin(q)
	}
	for j, q := range mh {
		zh += v[j] * p.toSpin(q)
	}
	return (zv + zh) / 2
}

// Solution is the end of a fixed-point iteration.
type Solution struct {
	// Mv and Mh are the magnetizations reached.
	Mv, Mh []float64
	// F is the free energy of the approximation there.
	F float64
	// Converged says the residual fell below Options.Tol within
	// Options.MaxIter sweeps; Iterations is the number of sweeps made and
	// Residual the last largest |mean(field) − m|.
	Converged  bool
	Iterations int
	Residual   float64
}

// Solve iterates the fixed-point equations of the approximation from
// (mv0, mh0) with damping: the visible layer is updated from the current
// hidden one, then the hidden layer from the new visible one.
func (p *Problem) Solve(approx Approximation, mv0, mh0 []float64, o Options) Solution {
	o = o.withDefaults()
	mv := append([]float64(nil), mv0...)
	mh := append([]float64(nil), mh0...)
	field := make([]float64, max(p.N, p.M))
	vars := make([]float64, max(p.N, p.M))
	onsager := make([]float64, max(p.N, p.M))
	d := o.Damping
	// update sets m ← (1−d)m + d·mean(bias + coupling) and returns the
	// largest residual.
	update := func(m, bias []float64, other []float64, trans bool) float64 {
		n := len(m)
		p.gemv(trans, other, field[:n], p.w)
		if approx == TAP {
			for k, q := range other {
				vars[k] = p.variance(q)
			}
			p.gemv(trans, vars[:len(other)], onsager[:n], p.w2)
		}
		res := 0.0
		for k, q := range m {
			x := bias[k] + field[k]
			if approx == TAP {
				x += 0.5 * p.dvariance(q) * onsager[k]
			}
			target := p.mean(x)
			res = max(res, math.Abs(target-q))
			m[k] = (1-d)*q + d*target
		}
		return res
	}
	s := Solution{Residual: math.Inf(1)}
	for s.Iterations < o.MaxIter {
		s.Iterations++
		rv := update(mv, p.a, mh, false)
		rh := update(mh, p.b, mv, true)
		s.Residual = max(rv, rh)
		if s.Residual < o.Tol {
			s.Converged = true
			break
		}
	}
	s.Mv, s.Mh = mv, mh
	s.F = p.FreeEnergy(approx, mv, mh)
	return s
}

// Stability describes the Hessian of the free energy at a point.
type Stability struct {
	// Margin is 1 minus the largest singular value of D_v^{−½} C D_h^{−½}:
	// positive where the Hessian is positive definite (a local minimum).
	Margin float64
	// Unstable is the number of negative Hessian eigenvalues: the
	// descending directions of a saddle (0 at a minimum).
	Unstable int
}

// Stable reports a positive definite Hessian.
func (s Stability) Stable() bool { return s.Unstable == 0 && s.Margin > 0 }

// Hessian analyses the Hessian of the approximation's free energy at
// (mv, mh). The diagonal blocks are 1/var + (TAP) Σ W² var of the other
// layer; the coupling block is −W − (TAP) ½ W² var'(mv) var'(mh).
func (p *Problem) Hessian(approx Approximation, mv, mh []float64) (Stability, error) {
	sv, sh := make([]float64, p.N), make([]float64, p.M)
	varV, varH := make([]float64, p.N), make([]float64, p.M)
	for i, q := range mv {
		varV[i] = p.variance(q)
	}
	for j, q := range mh {
		varH[j] = p.variance(q)
	}
	// D^{−½} = 1/√(1/var + S) = √(var/(1 + var·S)), finite at var = 0.
	extraV, extraH := make([]float64, p.N), make([]float64, p.M)
	if approx == TAP {
		p.gemv(false, varH, extraV, p.w2)
		p.gemv(true, varV, extraH, p.w2)
	}
	for i, v := range varV {
		sv[i] = math.Sqrt(v / (1 + v*extraV[i]))
	}
	for j, v := range varH {
		sh[j] = math.Sqrt(v / (1 + v*extraH[j]))
	}
	k := mat.NewDense(p.N, p.M, nil)
	raw := k.RawMatrix().Data
	for i := range p.N {
		gi := p.dvariance(mv[i])
		for j := range p.M {
			c := p.w[i*p.M+j]
			if approx == TAP {
				c += 0.5 * p.w2[i*p.M+j] * gi * p.dvariance(mh[j])
			}
			raw[i*p.M+j] = sv[i] * c * sh[j]
		}
	}
	var svd mat.SVD
	if !svd.Factorize(k, mat.SVDNone) {
		return Stability{}, fmt.Errorf("meanfield: the SVD of the scaled Hessian coupling did not converge")
	}
	vals := svd.Values(nil)
	st := Stability{Margin: 1 - vals[0]}
	for _, s := range vals {
		if s > 1 {
			st.Unstable++
		}
	}
	return st, nil
}

// Landau returns the coefficients of the Landau expansion of the naive
// mean-field free energy along a singular mode (σ, u, v) of W, in the spin
// magnetization z (see the package comment): quadratic = 1 − σ^J with σ^J
// = σ/4 for Bernoulli units and σ for spin units, quartic =
// (Σ u_i⁴ + Σ v_j⁴)/12. They describe a model with zero spin fields.
func Landau(sigma float64, u, v []float64, units rbm.Units) (quadratic, quartic float64) {
	quadratic = 1 - sigma/Threshold(units)
	for _, x := range u {
		quartic += x * x * x * x
	}
	for _, x := range v {
		quartic += x * x * x * x
	}
	return quadratic, quartic / 12
}

// SliceRange is the largest |z| for which z·u and z·v stay inside the
// hypercube [−1,1]: 1/max(‖u‖∞, ‖v‖∞).
func SliceRange(u, v []float64) float64 {
	big := 0.0
	for _, x := range u {
		big = max(big, math.Abs(x))
	}
	for _, x := range v {
		big = max(big, math.Abs(x))
	}
	return 1 / big
}

// Slice returns the free energy F(z) at the spin magnetizations z·u, z·v
// for each z (|z| ≤ SliceRange(u, v); larger |z| are clipped to the cube).
func (p *Problem) Slice(approx Approximation, u, v, zs []float64) []float64 {
	out := make([]float64, len(zs))
	for k, z := range zs {
		mv, mh := p.Along(u, v, z)
		out[k] = p.FreeEnergy(approx, mv, mh)
	}
	return out
}
