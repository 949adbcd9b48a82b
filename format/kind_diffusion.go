package format

import "encoding/json"

// KindDiffusion holds the reciprocal-space diffusion of the Gaussian limit
// of RBM snapshots beside the same statistics from Gibbs sampling of the
// binary model (rbm-sample -mode diffusion).
const KindDiffusion Kind = "diffusion"

func init() { register[DiffusionPoint](KindDiffusion, 1, 1<<14) }

// The values of a diffusion stream's string columns (DiffusionPoint):
// its tables, its sources and its verdicts.
const (
	DiffusionSeries = "series" // table: one row per recorded time
	DiffusionMode   = "mode"   // table: one row per mode, the summary
	// table: one row per mode at a snapshot with equilibrium samples
	// (rbm-sample -method diffusion -equilibrium): the Gibbs chains
	// against equilibrium
	DiffusionEquilibrium = "equilibrium"

	DiffusionOU    = "ou"    // source: the Langevin simulation
	DiffusionGibbs = "gibbs" // source: Gibbs sampling of the binary model

	Diverges  = "diverges" // verdict, verdict_analytic
	Converges = "converges"

	Reached    = "reached" // verdict of equilibrium rows
	NotReached = "not reached"
)

// KeyDiffusion is the metadata key of a diffusion stream's settings:
// DiffusionSettings as JSON.
const KeyDiffusion = "rbm.diffusion"

// DiffusionSettings are the settings of a diffusion run (rbm-sample
// -method diffusion), recorded as rbm.diffusion.
type DiffusionSettings struct {
	C            float64 `json:"c"`
	Modes        int     `json:"modes"`
	Dt           float64 `json:"dt"`
	Time         float64 `json:"time"`
	Records      int     `json:"records"`
	Trajectories int     `json:"trajectories"`
	Start        float64 `json:"start"`
	Chains       int     `json:"chains"`
	Sweeps       int     `json:"sweeps"`
	Seed         uint64  `json:"seed"`
	Replica      int     `json:"replica"`
	// Equilibrium names the -equilibrium samples stream; "" without.
	Equilibrium string `json:"equilibrium,omitempty"`
}

// DiffusionOf reads a header's rbm.diffusion; ok is false when the header
// has none or it does not parse.
func DiffusionOf(h Header) (s DiffusionSettings, ok bool) {
	raw, found := h.Get(KeyDiffusion)
	if !found || json.Unmarshal([]byte(raw), &s) != nil {
		return DiffusionSettings{}, false
	}
	return s, true
}

// DiffusionPoint is one row of a diffusion stream. The stream is tidy and
// long: table says what a row is. Per mode pair α (x_α = u_α·v,
// y_α = v_α·h) of the Gaussian limit, U = (x²+y²)/(2c) − σ x y, and
// x± = (x ± y)/√2 are the normal modes with rates k± = 1/c ∓ σ.
//
//	table       string   series (one row per recorded time) | mode (one row
//	                     per mode: the summary)
//	source      string   ou: Euler–Maruyama simulation of the Langevin
//	                     diffusion dX = −∇U dt + √2 dB, time in the
//	                     diffusion's units; gibbs: Gibbs sampling of the
//	                     binary model from random units, time in sweeps
//	snapshot, epoch, step  int64  the checkpoint row (0-based) and its
//	                     epoch and step
//	rank        int64    the mode, by decreasing σ from 0
//	sigma       float64  σ_α, the singular value of W
//	threshold   float64  1/c (4 for bernoulli units, 1 for spin)
//	rate_plus   float64  k₊ = 1/c − σ: relaxation rate of x₊; negative above
//	                     the threshold, where Var x₊ grows as e^{−2k₊t}
//	rate_minus  float64  k₋ = 1/c + σ: relaxation rate of x₋
//	time        float64  series: the time (ou) or sweep (gibbs); mode: the
//	                     last recorded time
//	var_x, var_y, cov_xy  float64  measured (co)variances of x_α, y_α across
//	                     trajectories or chains (mode rows: at the last time)
//	var_plus, var_minus   float64  measured Var x₊, Var x₋
//	var_plus_analytic, var_minus_analytic  float64  the Gaussian theory:
//	                     for ou series rows the exact variances at that time
//	                     from the simulation's start; for gibbs series rows
//	                     and all mode rows the stationary (Boltzmann) values
//	                     1/k₊ and 1/k₋, var_plus_analytic = +Inf at or
//	                     above the threshold
//	growth      float64  mode rows: least-squares slope of ln Var x₊ against
//	                     time over the last half of the series (per unit
//	                     time, or per sweep); NaN on series rows
//	growth_analytic float64 mode rows, ou: the same fit on the exact
//	                     variances (→ 2(σ − 1/c) above the threshold for long
//	                     runs); NaN for gibbs and on series rows
//	verdict     string   mode rows: diverges when Var x₊ more than doubled
//	                     over the last half of the series (growth·span/2 >
//	                     ln 2), else converges; "" on series rows
//	verdict_analytic string mode rows: the Gaussian theory's verdict,
//	                     converges when σ < 1/c, else diverges
//	growth_se   float64  mode rows, ou: the standard error of growth from
//	                     the finite trajectories (diffusion.GrowthSE: the
//	                     variance estimates' sampling error at the mode's
//	                     σ, through the fit); NaN for gibbs and on series rows
//	band_low, band_high  float64  mode rows, ou: the resolution band
//	                     (diffusion.Band): for σ within [band_low,
//	                     band_high] (which holds 1/c) the simulated time and
//	                     trajectories cannot decide the verdict (the expected
//	                     growth·span/2 is within 2 standard errors of ln 2,
//	                     or on the wrong side of it); the same on every ou
//	                     mode row of a stream; NaN for gibbs and on series rows
//
// Equilibrium rows (table equilibrium, source gibbs; written with
// rbm-sample -equilibrium FILE, one per mode at each snapshot whose step
// the samples stream has, after that mode's gibbs rows): var_x, var_y,
// cov_xy, var_plus, var_minus are the binary model's equilibrium moments
// from the samples' visible states, the hidden units summed out exactly
// (diffusion.Equilibrium); time is the number of samples;
// var_plus_analytic, var_minus_analytic and verdict_analytic as on mode
// rows; growth is ln(Var x₊ of the Gibbs chains at their last sweep ÷
// Var x₊ at equilibrium) and growth_se its standard error
// (diffusion.Reached: √(2/(chains−1) + 2/(n_eff−1)), n_eff the samples'
// worth in independent ones given the chain each came from,
// diffusion.EffectiveSamples; NaN when n_eff ≤ 1); verdict is reached when |growth| ≤
// diffusion.ReachedZ·growth_se, else not reached; growth_analytic,
// band_low, band_high NaN.
//
// The stream's rbm.diffusion metadata holds the settings as JSON: c, time
// step, time span, records, trajectories, start variance, Gibbs chains and
// sweeps, seed and replica, and the equilibrium samples' file.
type DiffusionPoint struct {
	Table            string  `arrow:"table"`
	Source           string  `arrow:"source"`
	Snapshot         int64   `arrow:"snapshot"`
	Epoch            int64   `arrow:"epoch"`
	Step             int64   `arrow:"step"`
	Rank             int64   `arrow:"rank"`
	Sigma            float64 `arrow:"sigma"`
	Threshold        float64 `arrow:"threshold"`
	RatePlus         float64 `arrow:"rate_plus"`
	RateMinus        float64 `arrow:"rate_minus"`
	Time             float64 `arrow:"time"`
	VarX             float64 `arrow:"var_x"`
	VarY             float64 `arrow:"var_y"`
	CovXY            float64 `arrow:"cov_xy"`
	VarPlus          float64 `arrow:"var_plus"`
	VarMinus         float64 `arrow:"var_minus"`
	VarPlusAnalytic  float64 `arrow:"var_plus_analytic"`
	VarMinusAnalytic float64 `arrow:"var_minus_analytic"`
	Growth           float64 `arrow:"growth"`
	GrowthAnalytic   float64 `arrow:"growth_analytic"`
	Verdict          string  `arrow:"verdict"`
	VerdictAnalytic  string  `arrow:"verdict_analytic"`
	GrowthSE         float64 `arrow:"growth_se"`
	BandLow          float64 `arrow:"band_low"`
	BandHigh         float64 `arrow:"band_high"`
}
