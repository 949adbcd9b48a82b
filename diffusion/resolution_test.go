package diffusion

import (
	"math"
	"testing"
)

// replicas simulates reps independent ensembles of n trajectories of one
// mode (each copy of the mode draws from its own block streams) and returns
// Judge's verdict on each.
func replicas(t *testing.T, m Mode, cfg Config, reps int) []Verdict {
	t.Helper()
	modes := make([]Mode, reps)
	for i := range modes {
		modes[i] = m
	}
	series, err := Simulate(modes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Verdict, reps)
	for i, s := range series {
		out[i] = Judge(s)
	}
	return out
}

func meanSD(v []Verdict) (mean, sd float64) {
	for _, x := range v {
		mean += x.Growth
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x.Growth - mean) * (x.Growth - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)-1))
}

// quickConfig is the study's quick scale (c = 1/4, T = 10c, 100 records)
// with fewer trajectories and a coarser step, so that hundreds of ensembles
// stay cheap.
func quickConfig(n int) Config {
	return Config{Dt: 0.005, Time: 2.5, Records: 50, Trajectories: n, Seed: 11}
}

// TestGrowthSEMatchesEnsembles checks the delta-method standard error of the
// fitted growth against the spread of the growth over independent
// simulated ensembles, below, at and above the threshold.
func TestGrowthSEMatchesEnsembles(t *testing.T) {
	const n, reps = 100, 400
	cfg := quickConfig(n)
	times := cfg.Times()
	for _, sigma := range []float64{2, 3.8, 4, 4.4} {
		m := Mode{Sigma: sigma, C: 0.25}
		mean, sd := meanSD(replicas(t, m, cfg, reps))
		se := m.GrowthSE(times, m.C, n)
		// The sample sd of 400 values is within ±15% of the truth about 99.7%
		// of the time (its relative error is 1/√(2·399) ≈ 3.5%); the delta
		// method is good to a few per cent at n = 100.
		if math.Abs(sd/se-1) > 0.15 {
			t.Errorf("σ = %v: growth sd over %d ensembles %.4f, GrowthSE %.4f", sigma, reps, sd, se)
		}
		exact := Judge(m.AnalyticSeries(times, m.C)).Growth
		t.Logf("σ = %v: growth %.4f ± %.4f over ensembles, exact %.4f ± %.4f (GrowthSE)", sigma, mean, sd, exact, se)
		if math.Abs(mean-exact) > 4*sd/math.Sqrt(reps)+0.02 {
			t.Errorf("σ = %v: mean growth %.4f over %d ensembles, exact %.4f", sigma, mean, reps, exact)
		}
	}
}

// TestBandResolves checks the band on the Ornstein–Uhlenbeck variance growth
// of known rate: at its edges the ensembles take the theory's side as often
// as BandZ standard errors promise (Φ(2) ≈ 97.7%), beyond them more often,
// and inside it a diverging mode's statistic cannot be told from that of a
// converging one.
func TestBandResolves(t *testing.T) {
	const n, reps = 100, 400
	cfg := quickConfig(n)
	times := cfg.Times()
	c := 0.25
	low, high := Band(c, times, c, n)
	if !(low < 1/c && 1/c < high) {
		t.Fatalf("band [%v, %v] does not hold 1/c = %v", low, high, 1/c)
	}
	// With exact variances the band is only the time's: free diffusion
	// (σ = 1/c) from v₀ = c over T = 2.5 grows Var x₊ from 2.75 to 5.25 over
	// the last half, less than double, so some σ > 1/c remains undecided.
	lowExact, highExact := Band(c, times, c, 1<<40)
	if lowExact != 1/c || !(highExact > 1/c) || !(highExact < high) || !(low < lowExact) {
		t.Errorf("band with exact variances [%v, %v], with %d trajectories [%v, %v]", lowExact, highExact, n, low, high)
	}
	t.Logf("band [%.4f, %.4f] with %d trajectories, [%.4f, %.4f] with exact variances", low, high, n, lowExact, highExact)
	half := cfg.Time / 2
	diverging := func(sigma float64) float64 {
		k := 0
		for _, v := range replicas(t, Mode{Sigma: sigma, C: c}, cfg, reps) {
			if v.Diverges {
				k++
			}
		}
		t.Logf("σ = %.4f: %d of %d ensembles diverge", sigma, k, reps)
		return float64(k) / reps
	}
	// At the edges: 97.7% on the theory's side, ± 4 binomial sd (0.03).
	if f := diverging(high); math.Abs(f-0.977) > 0.04 {
		t.Errorf("σ = %.4f (upper edge): %.3f of ensembles diverge, want 0.977", high, f)
	}
	if f := 1 - diverging(low); math.Abs(f-0.977) > 0.04 {
		t.Errorf("σ = %.4f (lower edge): %.3f of ensembles converge, want 0.977", low, f)
	}
	// Well outside: decided every time.
	if f := diverging(high + 0.3); f < 0.995 {
		t.Errorf("σ = %.4f (above the band): %.3f of ensembles diverge", high+0.3, f)
	}
	if f := 1 - diverging(low-0.3); f < 0.995 {
		t.Errorf("σ = %.4f (below the band): %.3f of ensembles converge", low-0.3, f)
	}
	// Inside: a mode past the threshold (σ₊) and one below it (σ₋), both
	// in the band, give statistics less than two standard errors apart, and
	// the one past the threshold is called converging in a sizeable share.
	sp, sm := 1/c+(high-1/c)/2, 1/c-(1/c-low)/2
	mp, sdp := meanSD(replicas(t, Mode{Sigma: sp, C: c}, cfg, reps))
	mm, sdm := meanSD(replicas(t, Mode{Sigma: sm, C: c}, cfg, reps))
	if d := (mp - mm) * half; d > 2*math.Hypot(sdp, sdm)*half {
		t.Errorf("σ = %.3f and %.3f inside the band: statistics %.3f apart, more than 2 sd", sp, sm, d)
	}
	if f := diverging(sp); f > 0.9 {
		t.Errorf("σ = %.4f (inside the band, past 1/c): %.3f of ensembles diverge: resolved", sp, f)
	}
}

func TestBandDegenerate(t *testing.T) {
	times := []float64{0, 1, 2}
	for _, tc := range []struct {
		times []float64
		n     int
	}{{times[:1], 100}, {times, 1}} {
		if lo, hi := Band(0.25, tc.times, 0.25, tc.n); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("Band(%v, n = %d) = [%v, %v], want NaN", tc.times, tc.n, lo, hi)
		}
	}
	// Ten trajectories decide nothing below the threshold.
	if lo, _ := Band(0.25, quickConfig(10).Times(), 0.25, 10); lo != 0 {
		t.Errorf("ten trajectories: band from %v, want 0", lo)
	}
}
