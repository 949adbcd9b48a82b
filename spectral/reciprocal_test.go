package spectral

import (
	"fmt"
	"math"
	"testing"

	"github.com/rbmkit/rbmkit/rbm"
	"github.com/rbmkit/rbmkit/rng"
)

func TestReciprocalStatsMatchesDirectProjection(t *testing.T) {
	for _, units := range []rbm.Units{rbm.Bernoulli, rbm.Spin} {
		for _, sh := range []struct{ n, m int }{{30, 20}, {20, 30}} {
			t.Run(fmt.Sprintf("%v/%dx%d", units, sh.n, sh.m), func(t *testing.T) {
				r := rng.New(11, 0, fmt.Sprintf("reciprocal %v %dx%d", units, sh.n, sh.m))
				model := gaussianModel(r, sh.n, sh.m, units, 0.4, 0.5)
				d, err := Decompose(model, true)
				if err != nil {
					t.Fatal(err)
				}
				const k, count = 5, 600 // not a multiple of the batch
				st, err := NewReciprocalStats(d, model, k)
				if err != nil {
					t.Fatal(err)
				}
				wantX, wantY := make([][]float64, k), make([][]float64, k)
				h := make([]float64, sh.m)
				for e := 0; e < count; e++ {
					v := configuration(r, sh.n, units)
					st.Add(to32(v))
					model.HiddenProb(v, h) // rbm's own conditional mean
					x, y := d.Project(v, h)
					for a := 0; a < k; a++ {
						wantX[a] = append(wantX[a], x[a])
						wantY[a] = append(wantY[a], y[a])
					}
				}
				if st.Count() != count || st.Modes() != k {
					t.Fatalf("count %d, modes %d", st.Count(), st.Modes())
				}
				gotX, gotY := st.Samples()
				for a := 0; a < k; a++ {
					for e := 0; e < count; e++ {
						if math.Abs(gotX[a][e]-wantX[a][e]) > 1e-12 || math.Abs(gotY[a][e]-wantY[a][e]) > 1e-5 {
							t.Fatalf("mode %d, example %d: (x, y) = (%g, %g), direct (%g, %g)", a, e, gotX[a][e], gotY[a][e], wantX[a][e], wantY[a][e])
						}
					}
				}
				res := st.Result()
				for a := 0; a < k; a++ {
					want := Describe(wantX[a])
					if got := res.X[a]; math.Abs(got.Mean-want.Mean) > 1e-12 || math.Abs(got.Variance-want.Variance) > 1e-12 || math.Abs(got.KS-want.KS) > 1e-9 {
						t.Errorf("mode %d: x statistics %+v, direct %+v", a, got, want)
					}
				}
			})
		}
	}
}

func TestReciprocalStatsRejectsMismatch(t *testing.T) {
	r := rng.New(12, 0, "reciprocal mismatch")
	model := gaussianModel(r, 6, 4, rbm.Bernoulli, 1, 0)
	vals, _ := Decompose(model, false)
	if _, err := NewReciprocalStats(vals, model, 2); err == nil {
		t.Error("accepted a decomposition without vectors")
	}
	d, _ := Decompose(model, true)
	if _, err := NewReciprocalStats(d, gaussianModel(r, 4, 6, rbm.Bernoulli, 1, 0), 2); err == nil {
		t.Error("accepted a model of another shape")
	}
	st, err := NewReciprocalStats(d, model, 0)
	if err != nil || st.Modes() != 4 {
		t.Errorf("k = 0 gives %d modes (%v), want all 4", st.Modes(), err)
	}
}

// For a large Gaussian random W, the singular vectors are delocalized and
// x_α = u_α·v of uniform random binary v is a sum of many small
// independent terms: Gaussian, with mean Σu_i/2 and variance 1/4. A
// planted mode whose u lives on three units is a sum of three coin flips:
// far from Gaussian.
func TestReciprocalVariablesGaussianUnlessLocalized(t *testing.T) {
	const n, m, count, k = 400, 300, 3000, 12
	r := rng.New(13, 0, "gaussianity")
	se := func(st SampleStats) (skew, kurt float64) {
		return 5 * math.Sqrt(6.0/float64(st.N)), 5 * math.Sqrt(24.0/float64(st.N))
	}
	checkGaussian := func(t *testing.T, what string, st SampleStats, a int) {
		t.Helper()
		sk, ku := se(st)
		if st.KSPValue < 0.01 || math.Abs(st.Skewness) > sk || math.Abs(st.ExcessKurtosis) > ku {
			t.Errorf("%s mode %d: not Gaussian: %+v", what, a, st)
		}
	}

	t.Run("gaussian W", func(t *testing.T) {
		model := gaussianModel(r, n, m, rbm.Bernoulli, 0.1, 0)
		d, err := Decompose(model, true)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := NewReciprocalStats(d, model, k)
		for e := 0; e < count; e++ {
			st.Add(to32(configuration(r, n, rbm.Bernoulli)))
		}
		res := st.Result()
		for a := 0; a < k; a++ {
			x := res.X[a]
			checkGaussian(t, "x", x, a)
			sum := 0.0
			for i := 0; i < n; i++ {
				sum += d.U.At(i, a)
			}
			if se := 0.5 / math.Sqrt(count); math.Abs(x.Mean-sum/2) > 5*se {
				t.Errorf("x mode %d: mean %g, want Σu/2 = %g", a, x.Mean, sum/2)
			}
			if se := 0.25 * math.Sqrt(2.0/count); math.Abs(x.Variance-0.25) > 5*se {
				t.Errorf("x mode %d: variance %g, want 1/4", a, x.Variance)
			}
			checkGaussian(t, "y", res.Y[a], a)
		}
	})

	t.Run("localized mode", func(t *testing.T) {
		local := make([]float64, n)
		local[7], local[100], local[311] = 1/math.Sqrt(3), 1/math.Sqrt(3), 1/math.Sqrt(3)
		u, v := orthonormal(r, n, m, local), orthonormal(r, m, m)
		sigma := make([]float64, m)
		for a := range sigma {
			sigma[a] = 2 - float64(a)/float64(m)
		}
		sigma[0] = 5
		model, _ := planted(r, u, v, sigma, rbm.Bernoulli, 0)
		d, err := Decompose(model, true)
		if err != nil {
			t.Fatal(err)
		}
		if ipr, _ := d.IPR(); math.Abs(ipr[0]-1.0/3) > 1e-6 {
			t.Errorf("the planted mode's IPR is %g, want 1/3", ipr[0])
		}
		st, _ := NewReciprocalStats(d, model, k)
		for e := 0; e < count; e++ {
			st.Add(to32(configuration(r, n, rbm.Bernoulli)))
		}
		res := st.Result()
		// x₀ = (v₇ + v₁₀₀ + v₃₁₁)/√3: binomial(3, ½)/√3, excess kurtosis −2/3.
		x0 := res.X[0]
		if x0.KSPValue > 1e-6 || math.Abs(x0.ExcessKurtosis+2.0/3) > 0.15 {
			t.Errorf("localized mode looks Gaussian: %+v", x0)
		}
		for a := 1; a < k; a++ {
			checkGaussian(t, "x", res.X[a], a)
		}
	})
}

func TestMagnetizationIsMeanOfX(t *testing.T) {
	r := rng.New(14, 0, "magnetization")
	model := gaussianModel(r, 25, 15, rbm.Bernoulli, 0.3, 0)
	d, _ := Decompose(model, true)
	st, _ := NewReciprocalStats(d, model, 0)
	cov := NewCovariance(25)
	for e := 0; e < 700; e++ {
		v := configuration(r, 25, rbm.Bernoulli)
		// Biased coins, so the mean is not ½.
		for i := 0; i < 5; i++ {
			v[i] = float64(r.IntN(4) / 3)
		}
		st.Add(to32(v))
		cov.Add(to32(v))
	}
	mag := d.Magnetization(cov.Mean())
	res := st.Result()
	for a := range mag {
		if math.Abs(mag[a]-res.X[a].Mean) > 1e-12 {
			t.Errorf("mode %d: u·⟨v⟩ = %g, ⟨u·v⟩ = %g", a, mag[a], res.X[a].Mean)
		}
	}
}
