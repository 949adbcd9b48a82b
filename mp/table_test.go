package mp

import (
	"math"
	"testing"
)

func TestTable(t *testing.T) {
	cases := []struct {
		rows, cols int
		spikes     []float64
	}{
		{784, 500, []float64{60, 50, 45}},
		{784, 784, nil}, // the λ density diverges at 0
		{100, 784, []float64{40}},
	}
	for _, c := range cases {
		sigma := spectrum(c.rows, c.cols, 0.5, 21, c.spikes)
		res, err := Fit(sigma, c.rows, c.cols, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Outliers) != len(c.spikes) {
			t.Fatalf("%d×%d: %d outliers, want %d", c.rows, c.cols, len(res.Outliers), len(c.spikes))
		}
		p, k := len(sigma), len(c.spikes)
		n := float64(max(c.rows, c.cols))
		frac := float64(p-k) / float64(p)
		tab := res.Table(TableOptions{})
		for name, pan := range map[string]Panel{"λ": tab.Lambda, "σ": tab.Sigma} {
			toSigma := func(x float64) float64 { return x }
			if name == "λ" {
				toSigma = func(x float64) float64 { return math.Sqrt(n * x) }
			}
			count, mass := 0, 0.0
			for _, b := range pan.Bins {
				count += b.Count
				mass += b.Density * (b.Hi - b.Lo)
				// rigid eigenvalues fill each bin as the fitted law says
				want := float64(p-k) * (res.Bulk.SigmaCDF(toSigma(b.Hi)) - res.Bulk.SigmaCDF(toSigma(b.Lo)))
				if toSigma(b.Lo) < res.SigmaCutoff && math.Abs(float64(b.Count)-want) > 4 {
					t.Errorf("%d×%d %s: bin [%g, %g) holds %d modes, the fitted law %.1f", c.rows, c.cols, name, b.Lo, b.Hi, b.Count, want)
				}
			}
			if count != p || math.Abs(mass-1) > 1e-12 {
				t.Errorf("%d×%d %s: histogram holds %d modes (want %d), mass %g", c.rows, c.cols, name, count, p, mass)
			}
			if len(pan.Bins) < 10 || len(pan.Bins) > MaxBins {
				t.Errorf("%d×%d %s: %d bins", c.rows, c.cols, name, len(pan.Bins))
			}
			for i, pt := range pan.Curve {
				if math.IsInf(pt.Density, 0) || math.IsNaN(pt.Density) || pt.Density < 0 {
					t.Fatalf("%d×%d %s: curve point %+v", c.rows, c.cols, name, pt)
				}
				// the λ curve is the σ density carried through λ = σ²/n
				// (away from the endpoints, where both vanish up to rounding)
				if name == "λ" && i > 0 && i < len(pan.Curve)-1 {
					s := math.Sqrt(n * pt.X)
					if want := frac * res.Bulk.SigmaDensity(s) * n / (2 * s); math.Abs(pt.Density-want) > 1e-9*want+1e-12 {
						t.Errorf("%d×%d: ρ_λ(%g) = %g, via ρ_σ %g", c.rows, c.cols, pt.X, pt.Density, want)
					}
				}
			}
			if len(pan.Curve) < 199 {
				t.Errorf("%d×%d %s: %d curve points", c.rows, c.cols, name, len(pan.Curve))
			}
		}
		// the σ curve integrates to the kept fraction (trapezoids, √ edges)
		var area float64
		for i := 1; i < len(tab.Sigma.Curve); i++ {
			a, b := tab.Sigma.Curve[i-1], tab.Sigma.Curve[i]
			area += (b.X - a.X) * (a.Density + b.Density) / 2
		}
		if math.Abs(area-frac) > 0.01 {
			t.Errorf("%d×%d: σ curve area %g, want %g", c.rows, c.cols, area, frac)
		}
	}
}

func TestTableOptions(t *testing.T) {
	sigma := spectrum(300, 200, 1, 4, nil)
	res, err := Fit(sigma, 300, 200, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab := res.Table(TableOptions{Bins: 25, Points: 50})
	for _, pan := range []Panel{tab.Lambda, tab.Sigma} {
		if len(pan.Bins) != 25 || len(pan.Curve) != 50 {
			t.Errorf("%d bins and %d points, want 25 and 50", len(pan.Bins), len(pan.Curve))
		}
		lo, hi := pan.Curve[0].X, pan.Curve[len(pan.Curve)-1].X
		if pan.Bins[0].Lo > lo || pan.Bins[24].Hi < hi {
			t.Errorf("bins [%g, %g] do not cover the support [%g, %g]", pan.Bins[0].Lo, pan.Bins[24].Hi, lo, hi)
		}
	}
}
