package mp

import (
	"math"
	"slices"
	"testing"

	"github.com/rbmkit/rbmkit/rng"
)

// Pure Gaussian noise: s within 1%, no outliers in ≥ 95% of seeds, the
// bulk judged consistent with MP.
func TestFitPureNoise(t *testing.T) {
	cases := []struct {
		rows, cols, seeds int
		s                 float64
	}{
		{784, 100, 30, 0.7},
		{784, 500, 20, 0.01},
		{784, 784, 6, 1},
		{784, 2000, 3, 0.05},
		{100, 784, 20, 3},
	}
	for _, c := range cases {
		clean, consistent := 0, 0
		var worst float64
		for seed := range c.seeds {
			sigma := spectrum(c.rows, c.cols, c.s, uint64(seed), nil)
			res, err := Fit(sigma, c.rows, c.cols, Options{})
			if err != nil {
				t.Fatal(err)
			}
			relErr := math.Sqrt(res.S2)/c.s - 1
			worst = max(worst, math.Abs(relErr))
			if math.Abs(relErr) > 0.01 {
				t.Errorf("%d×%d seed %d: fitted s = %g, true %g (%.2f%%)", c.rows, c.cols, seed, math.Sqrt(res.S2), c.s, 100*relErr)
			}
			if len(res.Outliers) == 0 {
				clean++
			}
			if res.ConsistentWithMP {
				consistent++
			}
			if !(res.KS < 0.05) || !(res.PValue > 0.5) {
				t.Errorf("%d×%d seed %d: KS = %g, i.i.d. p-value %g", c.rows, c.cols, seed, res.KS, res.PValue)
			}
		}
		t.Logf("%d×%d: %d seeds, worst |s error| %.2f%%, no outliers in %d, consistent in %d", c.rows, c.cols, c.seeds, 100*worst, clean, consistent)
		if float64(clean) < 0.95*float64(c.seeds) {
			t.Errorf("%d×%d: no outliers in only %d of %d seeds", c.rows, c.cols, clean, c.seeds)
		}
		if float64(consistent) < 0.95*float64(c.seeds) {
			t.Errorf("%d×%d: consistent with MP in only %d of %d seeds", c.rows, c.cols, consistent, c.seeds)
		}
	}
}

// Planted rank-k spikes at 2–3× the BBP threshold give exactly k outliers,
// at the predicted σ, and leave the bulk's s within 1%; spikes at half the
// threshold give none.
func TestFitPlantedSpikes(t *testing.T) {
	shapes := []struct{ rows, cols, seeds int }{
		{784, 100, 3}, {784, 500, 2}, {784, 784, 1}, {300, 784, 2},
	}
	const s = 0.4
	for _, sh := range shapes {
		law := NewLaw(s*s, sh.rows, sh.cols)
		thr := DetectionThreshold(s, sh.rows, sh.cols)
		for _, k := range []int{1, 3, 5} {
			thetas := make([]float64, k)
			for j := range thetas {
				thetas[j] = thr * (3 - float64(j)/float64(max(k-1, 1))) // 3× down to 2×
			}
			for seed := range sh.seeds {
				sigma := spectrum(sh.rows, sh.cols, s, uint64(100+seed), thetas)
				res, err := Fit(sigma, sh.rows, sh.cols, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Outliers) != k {
					t.Errorf("%d×%d k=%d seed %d: %d outliers %v, want %d", sh.rows, sh.cols, k, seed, len(res.Outliers), res.Outliers, k)
					continue
				}
				for j, o := range res.Outliers {
					// the SVD lists σ descending: the spikes are modes 0..k−1
					if o.Index != j || o.Sigma != sigma[j] {
						t.Errorf("%d×%d k=%d: outlier %d is %+v, want mode %d", sh.rows, sh.cols, k, j, o, j)
					}
					// finite-size outliers fluctuate by O(s), and close spikes
					// perturb each other
					tol := 0.06
					if k == 1 {
						tol = 0.03
					}
					if want := law.SpikeSigma(thetas[j]); math.Abs(o.Sigma/want-1) > tol {
						t.Errorf("%d×%d k=%d: outlier σ = %g, BBP predicts %g", sh.rows, sh.cols, k, o.Sigma, want)
					}
				}
				if e := math.Sqrt(res.S2)/s - 1; math.Abs(e) > 0.01 {
					t.Errorf("%d×%d k=%d seed %d: bulk s = %g, true %g (%.2f%%)", sh.rows, sh.cols, k, seed, math.Sqrt(res.S2), s, 100*e)
				}
				if res.Bulk != (Law{S2: res.S2, N: law.N - k, P: law.P - k}) {
					t.Errorf("%d×%d k=%d: bulk law %+v", sh.rows, sh.cols, k, res.Bulk)
				}
				if !res.ConsistentWithMP {
					t.Errorf("%d×%d k=%d seed %d: bulk KS = %g > reference %g", sh.rows, sh.cols, k, seed, res.KS, res.KSReference)
				}
			}
		}
		// well below the threshold: nothing to see
		sigma := spectrum(sh.rows, sh.cols, s, 7, []float64{0.5 * thr, 0.5 * thr, 0.45 * thr})
		res, err := Fit(sigma, sh.rows, sh.cols, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Outliers) != 0 {
			t.Errorf("%d×%d: subcritical spikes gave outliers %v (cutoff %g)", sh.rows, sh.cols, res.Outliers, res.SigmaCutoff)
		}
		if e := math.Sqrt(res.S2)/s - 1; math.Abs(e) > 0.01 {
			t.Errorf("%d×%d subcritical: s = %g, true %g", sh.rows, sh.cols, math.Sqrt(res.S2), s)
		}
	}
}

// The outlier cutoff is the bulk edge plus c Tracy–Widom scales, in σ and λ.
func TestFitCutoff(t *testing.T) {
	sigma := spectrum(784, 100, 1, 3, []float64{200, 150})
	for _, c := range []float64{0, 1, 4} {
		res, err := Fit(sigma, 784, 100, Options{Allowance: c})
		if err != nil {
			t.Fatal(err)
		}
		want := c
		if c == 0 {
			want = DefaultAllowance
		}
		_, hi := res.Bulk.SigmaEdges()
		if res.Allowance != want || math.Abs(res.SigmaCutoff-(hi+want*res.Bulk.SigmaEdgeScale())) > 1e-12 {
			t.Errorf("c=%g: cutoff %g, allowance %g", c, res.SigmaCutoff, res.Allowance)
		}
		if math.Abs(res.Cutoff-res.SigmaCutoff*res.SigmaCutoff/784) > 1e-12 {
			t.Errorf("c=%g: λ cutoff %g does not match σ cutoff %g", c, res.Cutoff, res.SigmaCutoff)
		}
		for _, o := range res.Outliers {
			if o.Sigma <= res.SigmaCutoff {
				t.Errorf("c=%g: outlier %+v below the cutoff", c, o)
			}
		}
		if len(res.Outliers) < len(sigma) && sigma[len(res.Outliers)] > res.SigmaCutoff {
			t.Errorf("c=%g: kept mode %g above the cutoff %g", c, sigma[len(res.Outliers)], res.SigmaCutoff)
		}
	}
}

// The orientation never matters, and the input order only permutes indices.
func TestFitOrientationAndOrder(t *testing.T) {
	sigma := spectrum(500, 120, 0.3, 11, []float64{30, 20})
	a, err := Fit(sigma, 500, 120, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(sigma, 120, 500, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.S2 != b.S2 || !slices.Equal(a.Outliers, b.Outliers) || a.KS != b.KS {
		t.Errorf("N×M and M×N fits differ: %+v vs %+v", a, b)
	}
	perm := rng.New(1, 0, "mp-test-perm").Perm(len(sigma))
	shuffled := make([]float64, len(sigma))
	for i, j := range perm {
		shuffled[j] = sigma[i]
	}
	c, err := Fit(shuffled, 500, 120, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.S2 != a.S2 || c.KS != a.KS || len(c.Outliers) != len(a.Outliers) {
		t.Fatalf("shuffled input: s² %g vs %g, %d vs %d outliers", c.S2, a.S2, len(c.Outliers), len(a.Outliers))
	}
	for j, o := range c.Outliers {
		if o.Index != perm[a.Outliers[j].Index] || o.Sigma != a.Outliers[j].Sigma {
			t.Errorf("shuffled outlier %d: %+v, want index %d", j, o, perm[a.Outliers[j].Index])
		}
	}
}

// A bulk that is not MP (half the rows with three times the spread) fails
// the verdict.
func TestVerdictRejectsNonMPBulk(t *testing.T) {
	r := rng.New(5, 0, "mp-test")
	a := noise(784, 500, 1, r)
	for i := range 392 {
		for j := range 500 {
			a.Set(i, j, 3*a.At(i, j))
		}
	}
	res, err := Fit(singularValues(a), 784, 500, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("variance profile: KS %.4f, reference %.4f, i.i.d. p-value %.3g, %d outliers", res.KS, res.KSReference, res.PValue, len(res.Outliers))
	if res.ConsistentWithMP || res.KS <= res.KSReference {
		t.Errorf("a two-variance matrix passed as MP: KS %g, reference %g", res.KS, res.KSReference)
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	good := spectrum(40, 20, 1, 1, nil)
	for name, c := range map[string]struct {
		sigma      []float64
		rows, cols int
	}{
		"short":    {good[:19], 40, 20},
		"long":     {append(slices.Clone(good), 1), 40, 20},
		"negative": {append(slices.Clone(good[:19]), -1), 40, 20},
		"NaN":      {append(slices.Clone(good[:19]), math.NaN()), 40, 20},
		"Inf":      {append(slices.Clone(good[:19]), math.Inf(1)), 40, 20},
		"zeros":    {make([]float64, 20), 40, 20},
		"empty":    {nil, 0, 20},
	} {
		if _, err := Fit(c.sigma, c.rows, c.cols, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Rank-deficient and tiny inputs do not break the fit.
func TestFitSmallShapes(t *testing.T) {
	for _, sh := range []struct{ rows, cols int }{{1, 1}, {2, 1}, {5, 3}, {3, 5}, {10, 10}} {
		sigma := spectrum(sh.rows, sh.cols, 1, 2, nil)
		res, err := Fit(sigma, sh.rows, sh.cols, Options{})
		if err != nil {
			t.Fatalf("%d×%d: %v", sh.rows, sh.cols, err)
		}
		if !(res.S2 > 0) || len(res.Outliers) >= len(sigma) {
			t.Errorf("%d×%d: s² = %g, %d outliers", sh.rows, sh.cols, res.S2, len(res.Outliers))
		}
		if len(sigma) < MinBulk && res.ConsistentWithMP {
			t.Errorf("%d×%d: a verdict from %d modes", sh.rows, sh.cols, len(sigma))
		}
	}
}
