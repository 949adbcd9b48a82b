package spectral

import (
	"fmt"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

var shapes = []struct{ n, m int }{{12, 7}, {7, 12}, {9, 9}, {120, 80}, {80, 120}}

func TestDecomposeRecoversPlantedSVD(t *testing.T) {
	for _, sh := range shapes {
		t.Run(fmt.Sprintf("%dx%d", sh.n, sh.m), func(t *testing.T) {
			r := rng.New(1, 0, fmt.Sprintf("planted %dx%d", sh.n, sh.m))
			k := min(sh.n, sh.m)
			sigma := make([]float64, k)
			for a := range sigma {
				sigma[a] = 0.5 + 0.3*float64(k-a) + 0.1*r.Float64()
			}
			pu, pv := orthonormal(r, sh.n, k), orthonormal(r, sh.m, k)
			m, w64 := planted(r, pu, pv, sigma, rbm.Bernoulli, 1)

			d, err := Decompose(m, true)
			if err != nil {
				t.Fatal(err)
			}
			if d.Rank != k || len(d.Sigma) != k || d.Visible != sh.n || d.Hidden != sh.m {
				t.Fatalf("shape: rank %d, %d values, %d×%d", d.Rank, len(d.Sigma), d.Visible, d.Hidden)
			}
			// Values: the planted ones up to float32 rounding of W, and the
			// float64 SVD of the stored W to 1e-10 by a second routine.
			var ref mat.SVD
			if !ref.Factorize(weights(m), mat.SVDNone) {
				t.Fatal("reference SVD failed")
			}
			refValues := ref.Values(nil)
			for a := range sigma {
				if a > 0 && d.Sigma[a] > d.Sigma[a-1] {
					t.Errorf("σ not decreasing at %d: %g > %g", a, d.Sigma[a], d.Sigma[a-1])
				}
				if math.Abs(d.Sigma[a]-sigma[a]) > 1e-6*sigma[0] {
					t.Errorf("σ_%d = %.12g, planted %.12g", a, d.Sigma[a], sigma[a])
				}
				if math.Abs(d.Sigma[a]-refValues[a]) > 1e-10*refValues[0] {
					t.Errorf("σ_%d = %.15g, reference SVD %.15g", a, d.Sigma[a], refValues[a])
				}
			}
			// Values only: the same values without computing vectors.
			vals, err := Decompose(m, false)
			if err != nil {
				t.Fatal(err)
			}
			if vals.HasVectors() || vals.A0 != nil || !math.IsNaN(vals.AOutside) {
				t.Error("values-only decomposition carries vectors or biases")
			}
			for a := range sigma {
				if math.Abs(vals.Sigma[a]-d.Sigma[a]) > 1e-10*d.Sigma[0] {
					t.Errorf("values-only σ_%d = %.15g, with vectors %.15g", a, vals.Sigma[a], d.Sigma[a])
				}
			}
			// Vectors: the planted ones up to a common sign per pair, fixed
			// by the largest component of u.
			for a := 0; a < k; a++ {
				sign := 1.0
				if mat.Dot(d.U.ColView(a), pu.ColView(a)) < 0 {
					sign = -1
				}
				for i := 0; i < sh.n; i++ {
					if math.Abs(d.U.At(i, a)-sign*pu.At(i, a)) > 1e-5 {
						t.Fatalf("u_%d[%d] = %g, planted %g (sign %g)", a, i, d.U.At(i, a), pu.At(i, a), sign)
					}
				}
				for j := 0; j < sh.m; j++ {
					if math.Abs(d.V.At(j, a)-sign*pv.At(j, a)) > 1e-5 {
						t.Fatalf("v_%d[%d] = %g, planted %g (sign %g)", a, j, d.V.At(j, a), pv.At(j, a), sign)
					}
				}
				col := mat.Col(nil, a, d.U)
				if big := floats.MaxIdx(absAll(col)); col[big] <= 0 {
					t.Errorf("u_%d: largest component %g is not positive", a, col[big])
				}
			}
			var utu, vtv mat.Dense
			utu.Mul(d.U.T(), d.U)
			vtv.Mul(d.V.T(), d.V)
			if e := math.Max(maxAbsDiff(&utu, eye(k)), maxAbsDiff(&vtv, eye(k))); e > 1e-12 {
				t.Errorf("singular vectors not orthonormal: %g", e)
			}
			// Reconstruction: W = U Σ Vᵀ.
			var us, rec mat.Dense
			us.Apply(func(_, j int, x float64) float64 { return x * d.Sigma[j] }, d.U)
			rec.Mul(&us, d.V.T())
			if e := frobDiff(&rec, w64) / mat.Norm(w64, 2); e > 1e-5 {
				t.Errorf("‖UΣVᵀ − W_planted‖/‖W‖ = %g", e)
			}
			if e := frobDiff(&rec, weights(m)) / mat.Norm(w64, 2); e > 1e-12 {
				t.Errorf("‖UΣVᵀ − W_stored‖/‖W‖ = %g", e)
			}
			// Reciprocal biases against the planted vectors.
			a64, b64 := floatVec(m.A), floatVec(m.B)
			aIn := 0.0
			for a := 0; a < k; a++ {
				sign := math.Copysign(1, mat.Dot(d.U.ColView(a), pu.ColView(a)))
				wantA := sign * mat.Dot(pu.ColView(a), a64)
				wantB := sign * mat.Dot(pv.ColView(a), b64)
				if math.Abs(d.A0[a]-wantA) > 1e-5 || math.Abs(d.B0[a]-wantB) > 1e-5 {
					t.Errorf("a⁰_%d, b⁰_%d = %g, %g; planted %g, %g", a, a, d.A0[a], d.B0[a], wantA, wantB)
				}
				aIn += wantA * wantA
			}
			wantOut := math.Sqrt(math.Max(0, mat.Dot(a64, a64)-aIn))
			if math.Abs(d.AOutside-wantOut) > 1e-5 {
				t.Errorf("AOutside = %g, want √(‖a‖²−‖Uᵀa‖²) = %g", d.AOutside, wantOut)
			}
			if sh.n <= sh.m && d.AOutside > 1e-12 || sh.m <= sh.n && d.BOutside > 1e-12 {
				t.Errorf("the smaller layer has no complement, yet AOutside %g, BOutside %g", d.AOutside, d.BOutside)
			}
		})
	}
}

func TestEnergyInReciprocalCoordinates(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		for _, sh := range shapes {
			t.Run(fmt.Sprintf("%v/%dx%d", units, sh.n, sh.m), func(t *testing.T) {
				r := rng.New(2, 0, fmt.Sprintf("energy %v %dx%d", units, sh.n, sh.m))
				m := gaussianModel(r, sh.n, sh.m, units, 0.3, 1)
				d, err := Decompose(m, true)
				if err != nil {
					t.Fatal(err)
				}
				uPerp, vPerp := d.Complement()
				checkComplement(t, d.U, uPerp, sh.n)
				checkComplement(t, d.V, vPerp, sh.m)
				aPerp, bPerp := projectOn(uPerp, floatVec(m.A)), projectOn(vPerp, floatVec(m.B))
				if math.Abs(floats.Norm(aPerp, 2)-d.AOutside) > 1e-10 || math.Abs(floats.Norm(bPerp, 2)-d.BOutside) > 1e-10 {
					t.Errorf("‖U⊥ᵀa‖, ‖V⊥ᵀb‖ = %g, %g; AOutside, BOutside = %g, %g",
						floats.Norm(aPerp, 2), floats.Norm(bPerp, 2), d.AOutside, d.BOutside)
				}
				for trial := 0; trial < 20; trial++ {
					v, h := configuration(r, sh.n, units), configuration(r, sh.m, units)
					want := m.Energy(v, h)
					x, y := d.Project(v, h)
					got := d.Energy(x, y) - floats.Dot(aPerp, projectOn(uPerp, mat.NewVecDense(sh.n, v))) -
						floats.Dot(bPerp, projectOn(vPerp, mat.NewVecDense(sh.m, h)))
					if math.Abs(got-want) > 1e-9 {
						t.Fatalf("E(v,h) = %.15g in original coordinates, %.15g in reciprocal ones", want, got)
					}
				}
			})
		}
	}
}

// checkComplement checks that [q perp] is an n×n orthogonal matrix.
func checkComplement(t *testing.T, q, perp *mat.Dense, n int) {
	t.Helper()
	_, r := q.Dims()
	if perp == nil {
		if r != n {
			t.Fatalf("no complement for %d columns in ℝ^%d", r, n)
		}
		return
	}
	full := mat.NewDense(n, n, nil)
	full.Augment(q, perp)
	var g mat.Dense
	g.Mul(full.T(), full)
	if e := maxAbsDiff(&g, eye(n)); e > 1e-12 {
		t.Errorf("[Q Q⊥] is not orthogonal: %g", e)
	}
}

// projectOn returns qᵀx (nil for a nil q).
func projectOn(q *mat.Dense, x mat.Vector) []float64 {
	if q == nil {
		return nil
	}
	_, k := q.Dims()
	var out mat.VecDense
	out.MulVec(q.T(), x)
	return mat.Col(make([]float64, k), 0, &out)
}

func TestHessianSpectrum(t *testing.T) {
	for _, sh := range shapes {
		t.Run(fmt.Sprintf("%dx%d", sh.n, sh.m), func(t *testing.T) {
			r := rng.New(3, 0, fmt.Sprintf("hessian %dx%d", sh.n, sh.m))
			m := gaussianModel(r, sh.n, sh.m, rbm.Bernoulli, 1, 0)
			d, err := Decompose(m, false)
			if err != nil {
				t.Fatal(err)
			}
			spec := d.HessianSpectrum()
			if len(spec) != sh.n+sh.m {
				t.Fatalf("%d eigenvalues for %d units", len(spec), sh.n+sh.m)
			}
			zeros := 0
			for i, x := range spec {
				if x == 0 {
					zeros++
				}
				if spec[len(spec)-1-i] != -x {
					t.Errorf("spectrum not symmetric: %g and %g", x, spec[len(spec)-1-i])
				}
			}
			if want := max(sh.n, sh.m) - min(sh.n, sh.m); zeros != want {
				t.Errorf("%d zero curvatures, want |N−M| = %d", zeros, want)
			}
			worst, err := CheckHessian(m, d)
			if err != nil {
				t.Fatal(err)
			}
			if worst > 1e-10*d.Sigma[0] {
				t.Errorf("Hessian eigenvalues differ from ±σ by %g (σ₁ = %g)", worst, d.Sigma[0])
			}
			// The check can fail: another model's spectrum does not match.
			other, _ := Decompose(gaussianModel(r, sh.n, sh.m, rbm.Bernoulli, 1, 0), false)
			if worst, _ := CheckHessian(m, other); worst < 1e-3 {
				t.Errorf("CheckHessian accepted another model's spectrum (%g)", worst)
			}
		})
	}
}

func TestDecomposeRejectsMalformedModel(t *testing.T) {
	m := rbm.New(3, 2, rbm.Bernoulli)
	m.W = m.W[:5]
	if _, err := Decompose(m, false); err == nil {
		t.Error("Decompose accepted a model whose W is too short")
	}
}

func eye(n int) *mat.Dense {
	e := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		e.Set(i, i, 1)
	}
	return e
}

func frobDiff(a, b mat.Matrix) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return mat.Norm(&d, 2)
}

func floatVec(x []float32) *mat.VecDense {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return mat.NewVecDense(len(y), y)
}

func absAll(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Abs(v)
	}
	return y
}

// In the openblas build svd is LAPACK's dgesdd and gonumSVD its fallback:
// two algorithms that must agree (in the pure-Go build they coincide).
func TestSVDFallbackAgrees(t *testing.T) {
	for _, sh := range shapes {
		r := rng.New(24, 0, fmt.Sprintf("fallback %dx%d", sh.n, sh.m))
		m := gaussianModel(r, sh.n, sh.m, rbm.Bernoulli, 1, 0)
		s1, u1, v1, ok1 := svd(m.W, sh.n, sh.m, true)
		s2, u2, v2, ok2 := gonumSVD(m.W, sh.n, sh.m, true)
		if !ok1 || !ok2 {
			t.Fatalf("%dx%d: SVD failed", sh.n, sh.m)
		}
		k := len(s1)
		U1, U2 := mat.NewDense(sh.n, k, u1), mat.NewDense(sh.n, k, u2)
		V1, V2 := mat.NewDense(sh.m, k, v1), mat.NewDense(sh.m, k, v2)
		for a := 0; a < k; a++ {
			if math.Abs(s1[a]-s2[a]) > 1e-12*s1[0] {
				t.Errorf("%dx%d: σ_%d = %.15g and %.15g", sh.n, sh.m, a, s1[a], s2[a])
			}
			cu, cv := mat.Dot(U1.ColView(a), U2.ColView(a)), mat.Dot(V1.ColView(a), V2.ColView(a))
			if math.Abs(math.Abs(cu)-1) > 1e-9 || math.Abs(cu-cv) > 1e-9 {
				t.Errorf("%dx%d: mode %d: u overlap %g, v overlap %g", sh.n, sh.m, a, cu, cv)
			}
		}
	}
}
