package rbm

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

const refPrec = 300

// refLog1pExpNeg is log(1 + e^{−y}) to refPrec bits, computed independently
// of the kernel: e^{−y} by Taylor series of e^{−y/2^20} squared 20 times,
// the logarithm by the series 2·atanh((u−1)/(u+1)), u = 1 + e^{−y} ∈ (1, 2].
func refLog1pExpNeg(y float64) *big.Float {
	nf := func() *big.Float { return new(big.Float).SetPrec(refPrec) }
	x := nf().SetFloat64(-y)
	x.SetMantExp(x, -20)
	term, sum := nf().SetInt64(1), nf().SetInt64(1)
	for k := int64(1); k < 40; k++ {
		term.Mul(term, x)
		term.Quo(term, nf().SetInt64(k))
		sum.Add(sum, term)
	}
	for range 20 {
		sum.Mul(sum, sum)
	}
	u := nf().Add(nf().SetInt64(1), sum)
	s := nf().Quo(sum, nf().Add(u, nf().SetInt64(1))) // (u−1)/(u+1)
	z := nf().Mul(s, s)
	pow, out := nf().Set(s), nf().Set(s)
	for k := int64(3); k < 220; k += 2 {
		pow.Mul(pow, z)
		out.Add(out, nf().Quo(pow, nf().SetInt64(k)))
	}
	return out.Mul(out, nf().SetInt64(2))
}

// ulps returns |got − want| in units of the last place of want rounded to
// float64.
func ulps(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := new(big.Float).SetPrec(refPrec).Sub(new(big.Float).SetPrec(refPrec).SetFloat64(got), want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

// The kernel's stated bound, 2 ulp against a 300-bit reference, over y in
// [0, 708] (uniform, and log-spaced down to 1e-300) and the places where its
// branches meet (t = ½ at y = ln 2, the table's edges).
func TestLog1pExpNegAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ys := []float64{0, 5e-324, 1e-300, 1e-17, 1e-9, math.Ln2, math.Nextafter(math.Ln2, 0), math.Nextafter(math.Ln2, 1),
		math.Ln2 / 128, math.Ln2 / 64, 1, 2, 36, 37, 40, 100, 700, 707.9, kernelMaxY}
	for range 1500 {
		ys = append(ys, r.Float64()*kernelMaxY, math.Exp(r.Float64()*(math.Log(kernelMaxY)+690)-690), r.Float64()*2)
	}
	worst, at := 0.0, 0.0
	for _, y := range ys {
		if u := ulps(Log1pExpNeg(y), refLog1pExpNeg(y)); u > worst {
			worst, at = u, y
		}
	}
	t.Logf("worst %.3f ulp at y = %v over %d points", worst, at, len(ys))
	if worst > 2 {
		t.Fatalf("Log1pExpNeg(%v) is %.3f ulp from the 300-bit value; the stated bound is 2", at, worst)
	}
	// The reference itself, at points with known closed forms.
	if got, _ := refLog1pExpNeg(0).Float64(); got != math.Ln2 {
		t.Fatalf("reference log(1+e^0) = %v, want ln 2", got)
	}
}

// Against math.Log1p(math.Exp(·)) (the reference Softplus, itself up to
// about 2 ulp off) over millions of points of the whole range, both signs:
// at most 4 ulp apart (math is itself up to about 2 ulp off), and the special values alike.
func TestSoftplusFastAgainstMath(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	worst, at := 0.0, 0.0
	check := func(x float64) {
		want, got := Softplus(x), SoftplusFast(x)
		if want == got {
			return
		}
		ulp := math.Nextafter(want, math.Inf(1)) - want
		if u := math.Abs(got-want) / ulp; u > worst {
			worst, at = u, x
		}
	}
	for range 2_000_000 {
		check((r.Float64()*2 - 1) * 760)
		check((r.Float64()*2 - 1) * 40)
		check(math.Exp(r.Float64()*1500-745) * float64(1-2*r.IntN(2)))
	}
	t.Logf("worst %.3f ulp from math at x = %v", worst, at)
	if worst > 4 {
		t.Fatalf("SoftplusFast(%v) is %.3f ulp from math.Log1p(math.Exp(x))", at, worst)
	}
	for _, c := range []struct{ x, want float64 }{
		{0, math.Ln2}, {math.Copysign(0, -1), math.Ln2},
		{math.Inf(1), math.Inf(1)}, {math.Inf(-1), 0},
		{-745, Softplus(-745)}, {-750, 0}, {5e-324, math.Ln2}, {-5e-324, math.Ln2},
		{1e300, 1e300}, {math.MaxFloat64, math.MaxFloat64}, {-math.MaxFloat64, 0},
	} {
		if got := SoftplusFast(c.x); got != c.want {
			t.Errorf("SoftplusFast(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := SoftplusFast(math.NaN()); !math.IsNaN(got) {
		t.Errorf("SoftplusFast(NaN) = %v", got)
	}
	if got := Log2CoshFast(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Log2CoshFast(NaN) = %v", got)
	}
	for _, x := range []float64{0, 0.3, -0.3, 5, -5, 400, -400, math.Inf(1), math.Inf(-1)} {
		want, got := Log2Cosh(x), Log2CoshFast(x)
		if math.Abs(got-want) > 2*(math.Nextafter(want, math.Inf(1))-want) && got != want {
			t.Errorf("Log2CoshFast(%v) = %v, Log2Cosh %v", x, got, want)
		}
	}
}

// SumHidden is the free energy's hidden sum: FreeEnergy of a model
// recomputed through it agrees with the reference within rounding, for
// both conventions.
func TestSumHiddenMatchesFreeEnergy(t *testing.T) {
	for _, units := range []Units{Bernoulli, Spin} {
		m := randomModel(7, 30, 40, units, 2, 3)
		r := rand.New(rand.NewPCG(5, 6))
		v := make([]float64, m.Visible)
		for range 50 {
			for i := range v {
				v[i] = float64(r.IntN(2))
				if units == Spin {
					v[i] = 2*v[i] - 1
				}
			}
			prod := make([]float32, m.Hidden)
			x := make([]float64, m.Hidden)
			m.hiddenField(v, x)
			for j := range prod {
				prod[j] = float32(x[j] - float64(m.B[j])) // exact: the weights are multiples of 2^-10
			}
			lin := 0.0
			for i, vi := range v {
				lin -= float64(m.A[i]) * vi
			}
			want := m.FreeEnergy(v)
			got := lin - SumHidden(units, m.B, prod)
			if math.Abs(got-want) > 1e-12*math.Abs(want) {
				t.Fatalf("%v: F = %v through SumHidden, %v by FreeEnergy", units, got, want)
			}
		}
	}
}

var sink float64

// BenchmarkSoftplus compares the kernel with the reference over a 500-unit
// hidden layer of fields spread like a trained model's (|x| up to ~20).
func BenchmarkSoftplus(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 500)
	for i := range x {
		x[i] = r.NormFloat64() * 6
	}
	b.Run("math", func(b *testing.B) {
		for range b.N {
			s := 0.0
			for _, xi := range x {
				s += Softplus(xi)
			}
			sink = s
		}
	})
	b.Run("fast", func(b *testing.B) {
		for range b.N {
			s := 0.0
			for _, xi := range x {
				s += SoftplusFast(xi)
			}
			sink = s
		}
	})
}

// BenchmarkSumHidden is one free energy's hidden sum, 500 units, fields
// like the trajectory benchmark's (small) and like a trained model's.
func BenchmarkSumHidden(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	bias, prod := make([]float32, 500), make([]float32, 500)
	for _, c := range []struct {
		name  string
		scale float64
	}{{"small", 0.3}, {"trained", 6}} {
		for i := range prod {
			prod[i] = float32(r.NormFloat64() * c.scale)
		}
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				sink = SumHidden(Bernoulli, bias, prod)
			}
		})
	}
}
