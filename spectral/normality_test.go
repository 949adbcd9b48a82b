package spectral

import (
	"math"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rng"
)

// Long evaluations of both series for P(K ≤ t), summed far beyond
// convergence.
func longAlternating(t float64) float64 {
	s := 0.0
	for k := 10000; k >= 1; k-- { // smallest terms first
		term := 2 * math.Exp(-2*float64(k)*float64(k)*t*t)
		if k%2 == 0 {
			term = -term
		}
		s += term
	}
	return 1 - s
}

func longJacobi(t float64) float64 {
	s := 0.0
	for k := 10000; k >= 1; k-- {
		o := float64(2*k - 1)
		s += math.Exp(-o * o * math.Pi * math.Pi / (8 * t * t))
	}
	return math.Sqrt(2*math.Pi) / t * s
}

func TestKolmogorovCDFAgreesWithLongSeries(t *testing.T) {
	for t0 := 0.2; t0 <= 3.0; t0 += 0.05 {
		got := KolmogorovCDF(t0)
		a, j := longAlternating(t0), longJacobi(t0)
		if math.Abs(a-j) > 1e-13 {
			t.Fatalf("t=%g: the two long series disagree (%g, %g)", t0, a, j)
		}
		if math.Abs(got-a) > 1e-14 {
			t.Errorf("P(K ≤ %g) = %.16g, long series %.16g", t0, got, a)
		}
		if s := KolmogorovSurvival(t0); math.Abs(s-(1-a)) > 1e-14 {
			t.Errorf("P(K > %g) = %.16g, long series %.16g", t0, s, 1-a)
		}
	}
	// In the far tail the survival function keeps its relative accuracy.
	for _, t0 := range []float64{2.5, 3, 4, 5} {
		want := 0.0
		for k := 60; k >= 1; k-- {
			term := 2 * math.Exp(-2*float64(k*k)*t0*t0)
			if k%2 == 0 {
				term = -term
			}
			want += term
		}
		if got := KolmogorovSurvival(t0); math.Abs(got-want) > 1e-13*want {
			t.Errorf("P(K > %g) = %.16g, want %.16g", t0, got, want)
		}
	}
}

func TestKolmogorovKnownQuantiles(t *testing.T) {
	// Tabulated critical values of the Kolmogorov distribution.
	for _, c := range []struct{ t, p float64 }{
		{1.0727, 0.80}, {1.2238, 0.90}, {1.3581, 0.95}, {1.36, 0.9505}, {1.4802, 0.975}, {1.6276, 0.99}, {1.9495, 0.999},
	} {
		if got := KolmogorovCDF(c.t); math.Abs(got-c.p) > 1e-4 {
			t.Errorf("P(K ≤ %g) = %.6f, tabulated %g", c.t, got, c.p)
		}
	}
	if KolmogorovCDF(0) != 0 || KolmogorovCDF(-1) != 0 || KolmogorovSurvival(0) != 1 {
		t.Error("K is not a distribution on t > 0")
	}
	if KolmogorovCDF(1e-3) != 0 || KolmogorovSurvival(40) != 0 {
		t.Error("extreme arguments")
	}
}

func TestKSDistanceMatchesBruteForce(t *testing.T) {
	r := rng.New(8, 0, "ks brute")
	x := make([]float64, 57)
	for i := range x {
		x[i] = 0.3 + 1.7*r.NormFloat64()
		if i%9 == 0 && i > 0 {
			x[i] = x[i-1] // ties
		}
	}
	slices.Sort(x)
	mean, sd := 0.1, 1.5
	want := 0.0
	for _, at := range x {
		below, upTo := 0, 0 // F_n just before and at the point
		for _, y := range x {
			if y < at {
				below++
			}
			if y <= at {
				upTo++
			}
		}
		f := normalCDF((at - mean) / sd)
		want = math.Max(want, math.Max(math.Abs(float64(upTo)/float64(len(x))-f), math.Abs(float64(below)/float64(len(x))-f)))
	}
	if got := ksNormal(x, mean, sd); math.Abs(got-want) > 1e-15 {
		t.Errorf("KS distance %.17g, brute force %.17g", got, want)
	}
}

func TestKSPValuesAreCalibrated(t *testing.T) {
	// With the normal law's parameters known, √n·D follows the Kolmogorov
	// law (asymptotically): p-values are about uniform.
	r := rng.New(9, 0, "ks calibration")
	const reps, n = 400, 400
	below10, below50 := 0, 0
	x := make([]float64, n)
	for rep := 0; rep < reps; rep++ {
		for i := range x {
			x[i] = r.NormFloat64()
		}
		slices.Sort(x)
		p := KolmogorovSurvival(math.Sqrt(n) * ksNormal(x, 0, 1))
		if p < 0.1 {
			below10++
		}
		if p < 0.5 {
			below50++
		}
	}
	// Binomial standard deviations: 6 and 10 counts.
	if below10 < 20 || below10 > 60 || below50 < 160 || below50 > 240 {
		t.Errorf("p < 0.1 in %d/%d, p < 0.5 in %d/%d samples", below10, reps, below50, reps)
	}
}

func TestDescribeExactMoments(t *testing.T) {
	st := Describe([]float64{1, 2, 3, 4})
	// m2 = 1.25, m4 = 2.5625: g₂ = 2.5625/1.5625 − 3.
	if st.N != 4 || st.Mean != 2.5 || math.Abs(st.Variance-5.0/3) > 1e-15 || st.Skewness != 0 ||
		math.Abs(st.ExcessKurtosis-(2.5625/1.5625-3)) > 1e-15 {
		t.Errorf("Describe(1,2,3,4) = %+v", st)
	}
	// A balanced coin: skewness 0, excess kurtosis −2, and the standardized
	// points ±√((n−1)/n) give D = ½ − Φ(−√((n−1)/n)).
	const n = 1000
	coin := make([]float64, n)
	for i := range coin {
		coin[i] = float64(i % 2)
	}
	st = Describe(coin)
	z := math.Sqrt(float64(n-1) / n)
	if math.Abs(st.Skewness) > 1e-12 || math.Abs(st.ExcessKurtosis+2) > 1e-12 || math.Abs(st.KS-(0.5-normalCDF(-z))) > 1e-12 {
		t.Errorf("coin: %+v, want KS %g", st, 0.5-normalCDF(-z))
	}
	if st.KSPValue > 1e-50 {
		t.Errorf("coin: p-value %g", st.KSPValue)
	}
	// A uniform law: skewness 0, excess kurtosis −6/5.
	r := rng.New(10, 0, "uniform moments")
	u := make([]float64, 200000)
	for i := range u {
		u[i] = r.Float64()
	}
	st = Describe(u)
	if math.Abs(st.Mean-0.5) > 0.003 || math.Abs(st.Variance-1.0/12) > 0.001 || math.Abs(st.Skewness) > 0.02 || math.Abs(st.ExcessKurtosis+1.2) > 0.02 {
		t.Errorf("uniform: %+v", st)
	}
	for _, degenerate := range [][]float64{nil, {3}, {2, 2, 2}} {
		st := Describe(degenerate)
		if !math.IsNaN(st.Skewness) || !math.IsNaN(st.KS) || !math.IsNaN(st.KSPValue) {
			t.Errorf("Describe(%v) = %+v, want NaN shape statistics", degenerate, st)
		}
	}
}

// Histogram against a bin-by-bin count with explicit edges: every value
// lands in the bin whose half-open interval holds it (the last closed),
// the others in out.
func TestHistogram(t *testing.T) {
	r := rng.New(9, 0, "histogram")
	normal := make([]float64, 5000)
	for i := range normal {
		normal[i] = 2 + 0.5*r.NormFloat64()
	}
	for _, tc := range []struct {
		name   string
		x      []float64
		lo, hi float64
		bins   int
	}{
		{"edges and strays", []float64{0, 0.5, 1, 3.999, 4, 4.0001, -0.1, math.NaN(), math.Inf(1)}, 0, 4, 4},
		{"normal, narrow range", normal, 1.5, 2.5, 40},
		{"normal, one bin", normal, 0, 4, 1},
	} {
		counts, out := Histogram(tc.x, tc.lo, tc.hi, tc.bins)
		want := make([]int64, tc.bins)
		var wantOut int64
		w := (tc.hi - tc.lo) / float64(tc.bins)
		for _, v := range tc.x {
			in := false
			for i := range want {
				a, b := tc.lo+float64(i)*w, tc.lo+float64(i+1)*w
				if i == tc.bins-1 {
					b = tc.hi
				}
				if v >= a && (v < b || i == tc.bins-1 && v == b) {
					want[i]++
					in = true
					break
				}
			}
			if !in {
				wantOut++
			}
		}
		if !slices.Equal(counts, want) || out != wantOut {
			t.Errorf("%s: counts %v out %d; want %v out %d", tc.name, counts, out, want, wantOut)
		}
		total := out
		for _, c := range counts {
			total += c
		}
		if total != int64(len(tc.x)) {
			t.Errorf("%s: %d values counted of %d", tc.name, total, len(tc.x))
		}
	}
}

func TestNormalRange(t *testing.T) {
	for _, tc := range []struct {
		st            SampleStats
		width, lo, hi float64
	}{
		{SampleStats{Mean: 1, Variance: 4}, 4, -7, 9},
		{SampleStats{Mean: 1, Variance: 0}, 4, 0.5, 1.5},
		{SampleStats{Mean: -2, Variance: math.NaN()}, 4, -2.5, -1.5},
	} {
		if lo, hi := tc.st.NormalRange(tc.width); lo != tc.lo || hi != tc.hi {
			t.Errorf("%+v ± %g sd: [%g, %g], want [%g, %g]", tc.st, tc.width, lo, hi, tc.lo, tc.hi)
		}
	}
}
